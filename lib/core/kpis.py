"""Headline figures of a gap table for one facility type (or the worst of all types) and year: the rows,
the map rows and the KPI numbers (units as in the norm: places, facilities; persons for distance norms).

Counts follow the status vocabulary of lib.core.status: ``areas_shortfall`` counts robust shortfalls only; fragile
shortfalls, data gaps and negligible gaps are counted apart and never added to the shortfall. Beside the count the
*volume balance* of the whole selection is given: Σ need against Σ supply over the areas whose data is usable
(not a data gap, not unknown). With a proxy supply no balance is given, only the growth of need since the base
year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core import gaps
from lib.core import status as st

ALL_TYPES = "all"  # facility-type selection meaning "worst of all types"


def rows_for(table: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    return table[(table["facility_type"] == ftype) & (table["year"] == year)]


def map_rows(table: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    """One row per area for the map: the type's gap rows, or for ``'all'`` the worst status over all types
    (robust statuses first, lib.core.status.RANK) with the type that causes it (``facility_type``) and whether any
    figure was an estimate/forecast."""
    if ftype != ALL_TYPES:
        return rows_for(table, ftype, year)
    rows = table[table["year"] == year]
    if rows.empty:
        return pd.DataFrame(columns=["area_code", "area_name", "level", "year", "facility_type", "status",
                                     "estimate", "forecast"])
    worst = gaps.worst_of_all(rows)
    flags = rows.groupby("area_code")[["estimate", "forecast"]].any()
    return worst.join(flags, on="area_code")


def _count(rows: pd.DataFrame, status: str) -> int:
    return int((rows["status"] == status).sum())


def kpis(table: pd.DataFrame, ftype: str, year: int) -> dict:
    """Numbers for the KPI cards of one facility type (or 'all') and year (units as in the norm).

    * ``areas_shortfall``: robust shortfalls; ``areas_fragile``, ``areas_data_gap``, ``areas_negligible``,
      ``areas_tight``: the other statuses, counted apart.
    * ``need``/``supply``/``balance`` (supply − need): the volume balance over the areas with usable data
      (``balance_areas`` of them; data gaps and unknowns left out). NaN for distance norms and proxies.
    * ``shortfall_total``: Σ −gap over the robust shortfalls (quantity norms).
    * ``people_beyond``: Σ ``persons_beyond`` (distance norms): the inhabitants of buurten whose nearest facility
      is further than the norm, the same figure at buurt, wijk and gemeente level.
    * ``proxy`` (the supply is a proxy), ``need_total`` (Σ need of every area), ``need_growth`` and
      ``need_growth_pct`` (Σ need − Σ need in the base year, for proxies), ``mixed`` (real and proxy supply in
      reach somewhere).
    """
    nan = float("nan")
    if ftype == ALL_TYPES:
        rows = map_rows(table, ftype, year)
        return {"areas": int(len(rows)), "areas_shortfall": _count(rows, "shortfall"),
                "areas_fragile": _count(rows, "fragile"), "areas_data_gap": _count(rows, "data_gap"),
                "areas_negligible": _count(rows, "negligible"), "areas_tight": _count(rows, "tight"),
                "need": nan, "supply": nan, "balance": nan, "balance_areas": 0, "shortfall_total": nan,
                "need_total": nan,
                "people_beyond": nan, "unit": "", "distance": False, "proxy": False, "mixed": False,
                "need_growth": nan, "need_growth_pct": nan,
                "estimate": bool(rows["estimate"].any()) if len(rows) else False,
                "forecast": bool(rows["forecast"].any()) if len(rows) else False,
                "level": rows["level"].iloc[0] if len(rows) else ""}
    rows = rows_for(table, ftype, year)
    distance = bool((rows["method"] == "distance").any())
    proxy = bool((rows["supply_kind"] == "proxy").any()) if "supply_kind" in rows else False
    usable = rows[~rows["status"].isin(["data_gap", "unknown"])]
    short = rows[rows["status"] == "shortfall"]
    need_all, base_all = float(rows["need"].sum()), float(rows["need_base"].sum()) if "need_base" in rows else nan
    quantity = not distance and not proxy
    need = float(usable["need"].sum()) if quantity else nan
    supply = float(usable["supply"].sum()) if quantity else nan
    return {
        "areas": int(len(rows)),
        "areas_shortfall": int(len(short)), "areas_fragile": _count(rows, "fragile"),
        "areas_data_gap": _count(rows, "data_gap"), "areas_negligible": _count(rows, "negligible"),
        "areas_tight": _count(rows, "tight"), "areas_proxy_growth": _count(rows, "proxy_growth"),
        "need": need, "supply": supply, "balance": supply - need if quantity else nan,
        "balance_areas": int(len(usable)) if quantity else 0,
        "shortfall_total": float(0.0 - short["gap"].sum()) if quantity else nan,
        "people_beyond": float(rows["persons_beyond"].sum()) if distance else nan,
        "unit": rows["unit"].iloc[0] if len(rows) else "",
        "distance": distance, "proxy": proxy,
        "mixed": bool(rows["supply_mixed"].any()) if "supply_mixed" in rows else False,
        "need_total": need_all,
        "need_growth": need_all - base_all if proxy else nan,
        "need_growth_pct": (need_all / base_all - 1) if proxy and base_all > 0 else nan,
        "estimate": bool(rows["estimate"].any()),
        "forecast": bool(rows["forecast"].any()),
        "level": rows["level"].iloc[0] if len(rows) else "",
    }


def status_counts(table: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Areas per facility type (rows) and status (columns, in ``lib.core.status.STATUSES`` order) for one year
    (all rows when None): the figures ``python -m lib statuses`` prints."""
    rows = table if year is None else table[table["year"] == year]
    counts = pd.crosstab(rows["facility_type"].astype(str), rows["status"].astype(str))
    cols = [s for s in st.STATUSES if s in counts.columns]
    out = counts.reindex(columns=cols, fill_value=0)
    out["total"] = out.sum(axis=1)
    return out.astype(np.int64)
