"""What a reader hands to the import transaction: validated tables plus notes, never partial data."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Parsed:
    """Validated rows ready to write, per table, with data-quality notes [(topic, message, count)]."""

    kind: str
    fmt: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    area_updates: pd.DataFrame | None = None  # code, name?, ste_mvs? — attributes of existing areas
    notes: list[tuple[str, str, int]] = field(default_factory=list)
    licence: str = ""
    summary: str = ""
    clear: list[tuple[str, str]] = field(default_factory=list)  # (table, trusted WHERE) deleted before writing

    @property
    def rows(self) -> int:
        return sum(len(df) for df in self.tables.values())


@dataclass
class Context:
    """What readers may know of the database: the areas already loaded (with shapely geometry)."""

    areas: pd.DataFrame  # code, name, level, parent_code, geom (shapely), cx, cy
    facilities: pd.DataFrame | None = None  # id, type, name of the facilities already loaded
    base_year: int | None = None            # the 'base_year' setting, when set

    @property
    def codes(self) -> set[str]:
        return set(self.areas["code"])

    def codes_at(self, level: str) -> set[str]:
        return set(self.areas.loc[self.areas["level"] == level, "code"])

    @property
    def buurten(self) -> pd.DataFrame:
        return self.areas[self.areas["level"] == "buurt"]
