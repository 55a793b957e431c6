"""Headline figures of a gap table for one facility type (or the worst of all types) and year: the rows,
the map rows and the KPI numbers (units as in the norm: places, facilities; persons for distance norms)."""

from __future__ import annotations

import pandas as pd

from lib.core import gaps

ALL_TYPES = "all"  # facility-type selection meaning "worst of all types"


def rows_for(table: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    return table[(table["facility_type"] == ftype) & (table["year"] == year)]


def map_rows(table: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    """One row per area for the map: the type's gap rows, or for ``'all'`` the worst status over all types
    with the type that causes it (``facility_type``) and whether any figure was an estimate/forecast."""
    if ftype != ALL_TYPES:
        return rows_for(table, ftype, year)
    rows = table[table["year"] == year]
    if rows.empty:
        return pd.DataFrame(columns=["area_code", "area_name", "level", "year", "facility_type", "status",
                                     "estimate", "forecast"])
    worst = gaps.worst_of_all(rows)
    flags = rows.groupby("area_code")[["estimate", "forecast"]].any()
    return worst.join(flags, on="area_code")


def kpis(table: pd.DataFrame, ftype: str, year: int) -> dict:
    """Numbers for the KPI cards of one facility type (or 'all') and year (units as in the norm).

    ``shortfall_total`` = sum of −gap over the areas that fall short (quantity norms); for distance norms
    ``people_beyond`` = the basis value (inhabitants) of the areas whose nearest facility is too far.
    """
    if ftype == ALL_TYPES:
        rows = map_rows(table, ftype, year)
        return {"areas": int(len(rows)), "areas_shortfall": int((rows["status"] == "shortfall").sum()),
                "need": float("nan"), "supply": float("nan"), "shortfall_total": float("nan"),
                "people_beyond": float("nan"), "unit": "", "distance": False,
                "estimate": bool(rows["estimate"].any()) if len(rows) else False,
                "forecast": bool(rows["forecast"].any()) if len(rows) else False,
                "level": rows["level"].iloc[0] if len(rows) else ""}
    rows = rows_for(table, ftype, year)
    short = rows[rows["status"] == "shortfall"]
    distance = bool((rows["method"] == "distance").any())
    nan = float("nan")
    return {
        "areas": int(len(rows)),
        "areas_shortfall": int(len(short)),
        "need": float(rows["need"].sum()) if not distance else nan,
        "supply": float(rows["supply"].sum()) if not distance else nan,
        "shortfall_total": float(-short["gap"].sum()) if not distance else nan,
        "people_beyond": float(short["basis_value"].sum()) if distance else nan,
        "unit": rows["unit"].iloc[0] if len(rows) else "",
        "distance": distance,
        "estimate": bool(rows["estimate"].any()),
        "forecast": bool(rows["forecast"].any()),
        "level": rows["level"].iloc[0] if len(rows) else "",
    }
