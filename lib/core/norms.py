"""Norms (referentienormen): what is needed per unit of a basis, and how supply is matched.

A norm row: ``amount`` of ``unit`` per ``per`` of ``basis`` (inhabitants, dwellings, or ``age:A-B``
persons aged A..B inclusive; ``age:A-`` is open-ended). Exactly one of ``catchment_m`` (2SFCA,
metres) or ``service_level`` (buurt/wijk/gemeente, containment) applies, except for distance norms
(``unit == 'max_distance_m'``, amount = the distance in metres). A row with a ``woonmilieu`` overrides
the general row (empty woonmilieu) in areas of that woonmilieu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.core import cbs

DEFAULT_NORMS = Path(__file__).resolve().parents[2] / "data" / "norms_default.csv"
DISTANCE_UNIT = "max_distance_m"
BASIS_RE = re.compile(r"^age:(\d{1,3})-(\d{1,3})?$")
NORM_COLUMNS = ["facility_type", "basis", "amount", "per", "unit", "catchment_m", "service_level", "woonmilieu",
                "source", "status"]


@dataclass(frozen=True)
class Basis:
    """What a norm counts: inhabitants, dwellings or persons aged age_min..age_max (None = open)."""

    kind: str  # 'inhabitants' | 'dwellings' | 'age'
    age_min: int = 0
    age_max: int | None = None


def parse_basis(text: str) -> Basis | None:
    """'inhabitants' | 'dwellings' | 'age:A-B' → Basis; None when not valid."""
    text = (text or "").strip().lower()
    if text in ("inhabitants", "dwellings"):
        return Basis(text)
    m = BASIS_RE.match(text)
    if not m:
        return None
    lo, hi = int(m.group(1)), (int(m.group(2)) if m.group(2) else None)
    if hi is not None and hi < lo:
        return None
    return Basis("age", lo, hi)


def is_distance(unit: str) -> bool:
    return unit == DISTANCE_UNIT


def resolve(norms: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """One norm per (area, facility_type): the area's woonmilieu row where one exists, else the general row.

    ``areas`` needs ``code`` and ``woonmilieu`` (effective). Returns the norm columns plus ``area_code``.
    """
    general = norms[norms["woonmilieu"].fillna("") == ""]
    specific = norms[norms["woonmilieu"].fillna("") != ""]
    base = areas[["code", "woonmilieu"]].rename(columns={"code": "area_code", "woonmilieu": "area_woonmilieu"})
    g = base.merge(general.drop(columns=["woonmilieu"]), how="cross")
    if specific.empty:
        g["woonmilieu"] = ""
        return g
    s = base.merge(specific, left_on="area_woonmilieu", right_on="woonmilieu", how="inner")
    key = ["area_code", "facility_type"]
    g = g[~g.set_index(key).index.isin(s.set_index(key).index)]
    g["woonmilieu"] = ""
    return pd.concat([g, s[g.columns]], ignore_index=True)


def effective_woonmilieu(areas: pd.DataFrame) -> pd.Series:
    """Override where set, else derived from ste_mvs (see cbs.woonmilieu_from_ste_mvs)."""
    derived = areas["woonmilieu"] if "woonmilieu" in areas else cbs.woonmilieu_from_ste_mvs(areas["ste_mvs"])
    override = areas.get("woonmilieu_override")
    if override is None:
        return derived
    return override.where(override.notna() & (override != ""), derived)
