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
    found = map_rows_every(table[table["year"] == year], ftype).get(int(year))
    return found if found is not None else pd.DataFrame(
        columns=["area_code", "area_name", "level", "year", "facility_type", "status", "estimate", "forecast"])


def map_rows_every(table: pd.DataFrame, ftype: str) -> dict[int, pd.DataFrame]:
    """:func:`map_rows` of every year in ``table`` at once, keyed by year (a year without rows is absent): one
    filter (a type) or one worst-of-all pass over the rows of all years instead of one per year. Each year's frame
    is what :func:`map_rows` gives for that year alone (it is this function on the year's rows)."""
    if ftype != ALL_TYPES:
        rows = table[table["facility_type"] == ftype]
        return {int(y): part for y, part in rows.groupby("year", sort=False)}
    if table.empty:
        return {}
    worst = gaps.worst_of_all(table)
    flags = table.groupby(["area_code", "year"])[["estimate", "forecast"]].any()
    rows = worst.join(flags, on=["area_code", "year"])
    return {int(y): part.reset_index(drop=True) for y, part in rows.groupby("year", sort=False)}


def _count(rows: pd.DataFrame, status: str) -> int:
    return int((rows["status"] == status).sum())


def kpis(table: pd.DataFrame, ftype: str, year: int, of_every: dict | None = None,
         map_rows_of: pd.DataFrame | None = None) -> dict:
    """Numbers for the KPI cards of one facility type (or 'all') and year (units as in the norm). ``of_every``:
    :func:`every` of ``table`` when already made (looked up instead of computed again; not for 'all');
    ``map_rows_of``: ``map_rows(table, 'all', year)`` when already made (for 'all' only).

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
        rows = map_rows_of if map_rows_of is not None else map_rows(table, ftype, year)
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
    found = (of_every if of_every is not None else every(rows_for(table, ftype, year))).get((ftype, year))
    return dict(found) if found else _empty()


def _empty() -> dict:
    """The KPIs of a type and year without rows (no area has that type in that year): nothing counted, a volume
    balance of 0 over 0 areas."""
    nan = float("nan")
    return {"areas": 0, **dict.fromkeys(COUNTED, 0), "need": 0.0, "supply": 0.0, "balance": 0.0,
            "balance_areas": 0, "shortfall_total": 0.0, "people_beyond": nan, "unit": "", "distance": False,
            "proxy": False, "mixed": False, "need_total": 0.0, "need_growth": nan, "need_growth_pct": nan,
            "estimate": False, "forecast": False, "level": ""}


COUNTED = {"areas_shortfall": "shortfall", "areas_fragile": "fragile", "areas_data_gap": "data_gap",
           "areas_negligible": "negligible", "areas_tight": "tight", "areas_proxy_growth": "proxy_growth"}


def every(table: pd.DataFrame) -> dict[tuple[str, int], dict]:
    """The :func:`kpis` of every (facility type, year) in a gap table at once: one pass over the table instead of
    one per type and year, so a page computes them once per (data, case, level) and a year step only looks up.
    Keys (facility_type, year); values the dicts :func:`kpis` documents (units as in the norm). Sums skip missing
    values, as ``Series.sum`` does."""
    if table.empty:
        return {}
    nan = float("nan")
    types, type_names = pd.factorize(table["facility_type"])
    years, year_values = pd.factorize(table["year"])
    groups, first, inverse = np.unique(types * len(year_values) + years, return_index=True, return_inverse=True)
    n = len(groups)

    def total(values, where=None) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        keep = ~np.isnan(v) if where is None else ~np.isnan(v) & np.asarray(where, dtype=bool)
        return np.bincount(inverse, weights=np.where(keep, v, 0.0), minlength=n)

    def count(mask) -> np.ndarray:
        return np.bincount(inverse, weights=np.asarray(mask, dtype=float), minlength=n).astype(np.int64)

    def column(name: str, default):
        return table[name] if name in table else pd.Series(default, index=table.index)

    status = table["status"].to_numpy()
    usable = ~np.isin(status, ["data_gap", "unknown"])
    counts = {k: count(status == s) for k, s in COUNTED.items()}
    areas, n_usable = count(np.ones(len(table))), count(usable)
    anys = {k: count(v.fillna(False).astype(bool)) > 0 for k, v in {
        "distance": table["method"] == "distance", "proxy": column("supply_kind", "") == "proxy",
        "mixed": column("supply_mixed", False), "estimate": table["estimate"], "forecast": table["forecast"]}.items()}
    need_usable, supply_usable = total(table["need"], usable), total(table["supply"], usable)
    gap_short, need_all = total(table["gap"], status == "shortfall"), total(table["need"])
    beyond, base = total(column("persons_beyond", nan)), total(column("need_base", nan))
    has_base = "need_base" in table
    unit, level = table["unit"].to_numpy()[first], table["level"].to_numpy()[first]
    out = {}
    for i, g in enumerate(groups):
        distance, proxy = bool(anys["distance"][i]), bool(anys["proxy"][i])
        quantity = not distance and not proxy
        need_total, base_all = float(need_all[i]), float(base[i]) if has_base else nan
        need, supply = (float(need_usable[i]), float(supply_usable[i])) if quantity else (nan, nan)
        out[(type_names[g // len(year_values)], int(year_values[g % len(year_values)]))] = {
            "areas": int(areas[i]), **{k: int(v[i]) for k, v in counts.items()},
            "need": need, "supply": supply, "balance": supply - need if quantity else nan,
            "balance_areas": int(n_usable[i]) if quantity else 0,
            "shortfall_total": float(0.0 - gap_short[i]) if quantity else nan,
            "people_beyond": float(beyond[i]) if distance else nan,
            "unit": unit[i], "distance": distance, "proxy": proxy, "mixed": bool(anys["mixed"][i]),
            "need_total": need_total,
            "need_growth": need_total - base_all if proxy else nan,
            "need_growth_pct": (need_total / base_all - 1) if proxy and base_all > 0 else nan,
            "estimate": bool(anys["estimate"][i]), "forecast": bool(anys["forecast"][i]), "level": level[i],
        }
    return out


def status_counts(table: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Areas per facility type (rows) and status (columns, in ``lib.core.status.STATUSES`` order) for one year
    (all rows when None): the figures ``python -m lib statuses`` prints."""
    rows = table if year is None else table[table["year"] == year]
    counts = pd.crosstab(rows["facility_type"].astype(str), rows["status"].astype(str))
    cols = [s for s in st.STATUSES if s in counts.columns]
    out = counts.reindex(columns=cols, fill_value=0)
    out["total"] = out.sum(axis=1)
    return out.astype(np.int64)
