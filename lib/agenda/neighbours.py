"""Neighbouring buurten from their geometry: two buurten are neighbours when their boundaries touch.

Digitised boundaries of adjacent areas do not always meet exactly, so "touching" means less than
``TOLERANCE_M`` metres apart (EPSG:28992). A buurt is never its own neighbour. Computed once per areas import
(``lib.agenda.store.neighbours`` stores the pairs) because it is the only geometric step of the method.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

TOLERANCE_M = 1.0


def touching(codes, geoms, tolerance_m: float = TOLERANCE_M) -> pd.DataFrame:
    """Pairs (code, neighbour) of polygons less than ``tolerance_m`` metres apart, both directions, sorted.

    ``codes``: area codes; ``geoms``: shapely polygons in a metric CRS (EPSG:28992), same order. Empty or
    missing geometries have no neighbours."""
    codes = np.asarray(codes, dtype=object)
    geoms = np.asarray(geoms, dtype=object)
    ok = np.array([g is not None and not shapely.is_empty(g) for g in geoms], dtype=bool)
    if ok.sum() < 2:
        return pd.DataFrame({"code": pd.Series(dtype=object), "neighbour": pd.Series(dtype=object)})
    idx = np.flatnonzero(ok)
    tree = shapely.STRtree(geoms[idx])
    left, right = tree.query(geoms[idx], predicate="dwithin", distance=tolerance_m)
    keep = left != right
    out = pd.DataFrame({"code": codes[idx[left[keep]]], "neighbour": codes[idx[right[keep]]]})
    return out.drop_duplicates().sort_values(["code", "neighbour"]).reset_index(drop=True)
