"""Robust statuses: the catchment (2SFCA) supply recomputed under other reasonable assumptions.

A shortfall is *robust* only when it also holds in every variant; otherwise it is *fragile* (lib.core.status):

* ``small``: the catchment radius × 0.75 (e.g. 750 m instead of 1,000 m);
* ``large``: the catchment radius × 1.5 (1,500 m);
* ``point``: the buurt's representative point instead of its centroid. The data has no "buurt centre" (no
  address-weighted or population-weighted point), so the honest alternative is the polygon's representative
  point (shapely ``point_on_surface``: always inside the buurt, unlike a centroid of a bent buurt), computed
  once from the full buurt geometry (lib.core.geo.representative_points).

Cost: one KD-tree pair search at 1.5 × the radius (the base and ``small`` pairs are subsets of it) plus one at
the radius from the representative points, and three more sparse 2SFCA products per catchment type, for all
years at once (``catchment.two_step_matrix``). Distances in EPSG:28992 metres.
"""

from __future__ import annotations

import numpy as np

from lib.core import catchment

FACTORS = {"small": 0.75, "large": 1.5}
VARIANTS = ("small", "large", "point")
COLUMNS = tuple(f"supply_{v}" for v in VARIANTS)


def _subset(pairs: catchment.Pairs, keep: np.ndarray) -> catchment.Pairs:
    return catchment.Pairs(pairs.area[keep], pairs.facility[keep], pairs.distance[keep])


def supplies(need: np.ndarray, capacity: np.ndarray, ax: np.ndarray, ay: np.ndarray, px: np.ndarray,
             py: np.ndarray, radius: np.ndarray, fx: np.ndarray, fy: np.ndarray
             ) -> tuple[np.ndarray, dict[str, np.ndarray], catchment.Pairs]:
    """(base supply, {variant: supply}, base pairs) for needs (areas × years), capacities S_j (per facility),
    centroids (ax, ay), representative points (px, py), radius per area (m; −1 = no norm) and facility points.
    """
    radius = np.asarray(radius, dtype="float64")
    wide = catchment.pairs_within(ax, ay, np.where(radius >= 0, radius * FACTORS["large"], -1.0), fx, fy)
    r = radius[wide.area]
    base = _subset(wide, wide.distance <= r)
    out = {"large": catchment.two_step_matrix(need, capacity, wide),
           "small": catchment.two_step_matrix(need, capacity, _subset(wide, wide.distance <= r * FACTORS["small"]))}
    point = catchment.pairs_within(px, py, radius, fx, fy)
    out["point"] = catchment.two_step_matrix(need, capacity, point)
    return catchment.two_step_matrix(need, capacity, base), out, base
