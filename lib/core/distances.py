"""Distance norms: the distance (m) from each buurt to the nearest facility of a type, and where it comes from.

The source is chosen on the BASE data, per facility type, never on what a case leaves:

* **CBS nabijheid** wherever the base data has it for the type. CBS computes road distances from every address
  to every facility it knows, so it is complete; the imported point lists are not (the Utrecht swimming-pool
  list misses pools and listed a sauna and a hospital, data/SOURCES.md). A case changes it only as follows:
  - a facility the case adds (or moves) gives the straight-line distance from the buurt centroid where that is
    nearer than the CBS distance;
  - a base facility the case closes lengthens the CBS distance by how much further the nearest remaining listed
    facility is (straight line), in the buurten whose CBS distance the listed facility can explain (the nearest
    listed facility is not further away in a straight line than CBS's road distance); elsewhere the nearest
    facility CBS counts is evidently not in the list and the closure does not change the CBS figure.
* **facility points** (straight line from the buurt centroid to the nearest counted facility) where the base
  data has no CBS distances for the type.

So closing a facility never shortens a distance and adding one never lengthens it: no status improves when a
facility closes (tests/test_numbers.py checks this for every facility of every type).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core import catchment, population

POINT = "nearest facility point (straight line from buurt centroid)"
CASE_POINT = "facility added in case (straight line from buurt centroid)"


@dataclass
class DistanceSupply:
    """Per buurt (rows) and year (columns): distance_m, source text, nearest facility name ('' = CBS)."""

    distance: np.ndarray
    source: np.ndarray
    facility: np.ndarray
    mode: str   # 'cbs' | 'points' | 'none'


def _cbs_label(year: int) -> str:
    return f"CBS nabijheid {int(year)} (road distance)"


def _nearest(cx, cy, fac: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distance m, facility name, index into ``fac``; −1 = none) of the nearest facility per point."""
    d, j = catchment.nearest_distance(cx, cy, fac["x"].to_numpy(dtype="float64"), fac["y"].to_numpy(dtype="float64"))
    names = fac["name"].fillna("").astype(str).to_numpy()
    name = names[np.clip(j, 0, None)] if len(names) else np.full(len(cx), "", dtype=object)
    return d, np.where(j >= 0, name, "").astype(object), j


def supply(codes: np.ndarray, cx: np.ndarray, cy: np.ndarray, years: list[int], cbs: pd.DataFrame,
           base_fac: pd.DataFrame, cur_fac: pd.DataFrame) -> DistanceSupply:
    """The distance per buurt and year (see the module docstring).

    ``cbs``: the type's CBS nabijheid rows (area_code, year, distance_m) of the base data; ``base_fac``: the
    type's counted facilities in the base data; ``cur_fac``: the type's facilities with the case applied (rows a
    case added or changed have source 'case')."""
    n, ny = len(codes), len(years)
    dist = np.full((n, ny), np.nan)
    source = np.full((n, ny), "no data", dtype=object)
    facility = np.full((n, ny), "", dtype=object)
    if cbs.empty:
        if cur_fac.empty:
            return DistanceSupply(dist, source, facility, "none")
        d, name, j = _nearest(cx, cy, cur_fac)
        from_case = cur_fac["source"].eq("case").to_numpy()[np.clip(j, 0, None)] & (j >= 0)
        return DistanceSupply(np.repeat(d[:, None], ny, axis=1),
                              np.repeat(np.where(from_case, CASE_POINT, POINT)[:, None], ny, axis=1),
                              np.repeat(name[:, None], ny, axis=1), "points")
    for y, year in enumerate(years):
        latest = population.latest_at_or_before(cbs, int(year))
        if latest.empty:
            latest = cbs[cbs["year"] == cbs["year"].min()]
        dist[:, y] = pd.Series(latest["distance_m"].to_numpy(dtype="float64"),
                               index=latest["area_code"]).reindex(codes).to_numpy()
        source[:, y] = _cbs_label(int(latest["year"].iloc[0]))
    source[np.isnan(dist)] = "no data"
    in_base = cur_fac["id"].isin(base_fac["id"]) & ~cur_fac["source"].eq("case") if len(cur_fac) \
        else pd.Series(dtype=bool)
    remaining = cur_fac[in_base] if len(cur_fac) else cur_fac
    if len(base_fac) and len(remaining) < len(base_fac):  # the case closed (or moved) listed facilities
        before = _nearest(cx, cy, base_fac)[0]
        after = _nearest(cx, cy, remaining)[0] if len(remaining) else np.full(n, np.inf)
        extra = np.clip(after - before, 0, None)
        explained = (before[:, None] <= dist) & (extra[:, None] > 0)
        dist = np.where(explained, dist + extra[:, None], dist)
        source = np.where(explained, source + " + closure in case", source)
    added = cur_fac[~in_base] if len(cur_fac) else cur_fac  # added or moved by a case (or a proposed site)
    if len(added):
        d, name, _ = _nearest(cx, cy, added)
        nearer = np.isnan(dist) | (d[:, None] < dist)
        dist = np.where(nearer, d[:, None], dist)
        source = np.where(nearer, CASE_POINT, source)
        facility = np.where(nearer, name[:, None], facility)
    return DistanceSupply(dist, source.astype(object), facility.astype(object), "cbs")
