"""Two-step floating catchment area (2SFCA, Luo & Wang 2003), vectorised.

Distances are Euclidean in EPSG:28992 metres between area centroids and facility points; a pair is in
catchment when d ≤ the area's catchment radius.

    R_j      = S_j / Σ_k need_k   over areas k with j in catchment   (R_j = 0 when the sum is 0)
    supply_i = need_i × Σ_j R_j   over facilities j in i's catchment
    gap_i    = supply_i − need_i  (negative = shortfall)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree


@dataclass
class Pairs:
    """Area–facility pairs within catchment: indices and distances (m)."""

    area: np.ndarray
    facility: np.ndarray
    distance: np.ndarray


def pairs_within(ax: np.ndarray, ay: np.ndarray, radius: np.ndarray, fx: np.ndarray, fy: np.ndarray) -> Pairs:
    """All (area i, facility j) with distance ≤ radius_i; radius is per area (metres)."""
    radius = np.broadcast_to(np.asarray(radius, dtype="float64"), ax.shape)
    if len(ax) == 0 or len(fx) == 0:
        e = np.empty(0, dtype=np.int64)
        return Pairs(e, e, np.empty(0))
    ftree = cKDTree(np.column_stack([fx, fy]))
    atree = cKDTree(np.column_stack([ax, ay]))
    sdm = atree.sparse_distance_matrix(ftree, float(np.nanmax(radius)), output_type="ndarray")
    i, j, d = sdm["i"].astype(np.int64), sdm["j"].astype(np.int64), sdm["v"]
    keep = d <= radius[i]
    order = np.lexsort((j[keep], i[keep]))
    return Pairs(i[keep][order], j[keep][order], d[keep][order])


def two_step(need: np.ndarray, capacity: np.ndarray, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """(supply per area, R per facility) for needs (per area) and capacities S_j (per facility)."""
    need = np.asarray(need, dtype="float64")
    capacity = np.asarray(capacity, dtype="float64")
    demand = np.bincount(pairs.facility, weights=need[pairs.area], minlength=len(capacity))
    ratio = np.divide(capacity, demand, out=np.zeros_like(capacity), where=demand > 0)
    access = np.bincount(pairs.area, weights=ratio[pairs.facility], minlength=len(need))
    return need * access, ratio


def nearest_distance(ax: np.ndarray, ay: np.ndarray, fx: np.ndarray, fy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) from each area centroid to the nearest facility and that facility's index."""
    if len(fx) == 0:
        return np.full(len(ax), np.inf), np.full(len(ax), -1)
    d, j = cKDTree(np.column_stack([fx, fy])).query(np.column_stack([ax, ay]))
    return d, j


def two_step_matrix(need: np.ndarray, capacity: np.ndarray, pairs: Pairs) -> np.ndarray:
    """2SFCA for many years at once: ``need`` is (areas × years); returns supply (areas × years)."""
    need = np.asarray(need, dtype="float64")
    n = need.shape[0]
    m = len(capacity)
    if m == 0 or len(pairs.area) == 0:
        return np.zeros_like(need)
    w = sparse.csr_matrix((np.ones(len(pairs.area)), (pairs.area, pairs.facility)), shape=(n, m))
    demand = w.T @ need                                         # facilities × years
    cap = np.asarray(capacity, dtype="float64")[:, None]
    ratio = np.divide(cap, demand, out=np.zeros_like(demand), where=demand > 0)
    return need * (w @ ratio)
