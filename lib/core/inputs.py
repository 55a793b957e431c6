"""Everything the computation needs, loaded from the database into DataFrames (EPSG:28992 metres)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from lib.core import classification, db, geo
from lib.core.norms import effective_woonmilieu

#: Last year the UI and forecasts offer.
HORIZON = 2040


@dataclass(frozen=True)
class Inputs:
    """Base data (or base data with a case applied). Never written back.

    ``facilities`` are the sites that count (lib.core.classification); ``excluded`` the ones a rule left out,
    with the reason. ``base`` is the base data a case was applied to (None for the base data itself): decisions
    that must not depend on a case (the kind of supply, the coverage checks, the source of a distance) are made
    on ``reference``.
    """

    areas: pd.DataFrame        # code, name, level, parent_code, woonmilieu (effective), cx, cy, rx, ry
    population: pd.DataFrame   # area_code, year, age_min, age_max, persons
    dwellings: pd.DataFrame    # area_code, year, dwellings
    facilities: pd.DataFrame   # id, name, type, x, y, capacity, unit, capacity_note, capacity_kind, area_code, source
    plans: pd.DataFrame        # plan_id, name, area_code, year, dwellings, demolished, dwelling_type
    norms: pd.DataFrame        # facility_type, woonmilieu, basis, amount, per, unit, catchment_m, service_level…
    distances: pd.DataFrame    # area_code, year, facility_type, distance_m, source
    occupancy: pd.DataFrame    # dwelling_type, age_min, age_max, persons_per_dwelling
    base_year: int
    excluded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=classification.EXCLUDED_COLUMNS))
    base: Inputs | None = None

    def with_(self, **changes) -> Inputs:
        return replace(self, **changes)

    @property
    def reference(self) -> Inputs:
        """The base data behind these inputs (themselves when no case is applied)."""
        return self.base if self.base is not None else self

    @property
    def years(self) -> list[int]:
        """Base year … HORIZON (and any earlier imported years)."""
        earlier = sorted(y for y in self.population["year"].unique() if y < self.base_year)
        return [int(y) for y in earlier] + self.offered_years

    @property
    def offered_years(self) -> list[int]:
        """The years every page offers to look at: the base year … HORIZON (the same range everywhere)."""
        return list(range(self.base_year, max(HORIZON, self.base_year) + 1))


def base_year_of(con, population: pd.DataFrame) -> int:
    """The 'base_year' setting, else the latest population year not after this calendar year."""
    setting = db.get_setting(con, "base_year")
    if setting:
        return int(setting)
    years = [int(y) for y in population["year"].unique() if y <= dt.date.today().year]
    return max(years) if years else dt.date.today().year


def with_points(areas: pd.DataFrame) -> pd.DataFrame:
    """Areas with their representative point (rx, ry; EPSG:28992 m), computed from the geometry where a database
    built before it was stored has none."""
    areas = areas.copy()
    for col in ("rx", "ry"):
        if col not in areas:
            areas[col] = np.nan
    missing = areas["rx"].isna() & areas["geom"].notna() if "geom" in areas else pd.Series(False, index=areas.index)
    if missing.any():
        rx, ry = geo.representative_points(geo.from_wkb(areas.loc[missing, "geom"]))
        areas.loc[missing, "rx"], areas.loc[missing, "ry"] = rx, ry
    areas["rx"] = areas["rx"].fillna(areas["cx"])
    areas["ry"] = areas["ry"].fillna(areas["cy"])
    return areas


def with_capacities(fac: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """Facilities with imported real capacities applied (``capacities`` table, lib.ingest.capacity): capacity and
    unit replaced, kind 'capacity', the note saying where the figure comes from."""
    fac = fac.copy()
    if "capacity_kind" not in fac:
        fac["capacity_kind"] = None
    fac["capacity_kind"] = fac["capacity_kind"].astype(object)
    if caps.empty or fac.empty:
        return fac
    c = caps.set_index("facility_id")
    hit = fac["id"].isin(c.index)
    ids = fac.loc[hit, "id"]
    fac.loc[hit, "capacity"] = ids.map(c["capacity"]).to_numpy(dtype="float64")
    fac.loc[hit, "unit"] = ids.map(c["unit"]).to_numpy()
    fac.loc[hit, "capacity_kind"] = "capacity"
    given = ids.map(lambda i: f"{c.at[i, 'value']:g} {c.at[i, 'value_unit']}")
    conv = ids.map(c["conversion"]).fillna("")
    fac.loc[hit, "capacity_note"] = ("real capacity (" + ids.map(c["source"]).astype(str) + "): " + given
                                     + np.where(conv != "", " → " + conv, "")).to_numpy()
    return fac


def load(con) -> Inputs:
    areas = with_points(db.table(con, "areas")).drop(columns=["geom", "geom_simple"])
    areas["woonmilieu"] = effective_woonmilieu(areas)
    population = db.table(con, "population")
    population["age_max"] = population["age_max"].astype("Int64")
    plans = db.table(con, "plans")
    if "demolished" not in plans:
        plans["demolished"] = 0.0
    plans["demolished"] = plans["demolished"].fillna(0.0).astype("float64")
    facilities = with_capacities(db.table(con, "facilities"), db.optional_table(con, "capacities"))
    facilities, excluded = classification.split(facilities, db.optional_table(con, "facility_rules"))
    return Inputs(
        areas=areas, population=population, dwellings=db.table(con, "dwellings"),
        facilities=facilities, plans=plans, norms=db.table(con, "norms"),
        distances=db.table(con, "area_distances"), occupancy=db.table(con, "occupancy"),
        base_year=base_year_of(con, population), excluded=excluded,
    )
