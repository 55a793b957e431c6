"""Neighbouring buurten from their geometry: two buurten are neighbours when their boundaries touch.

Digitised boundaries of adjacent areas do not always meet exactly, so "touching" means less than
``TOLERANCE_M`` metres apart (EPSG:28992). A buurt is never its own neighbour. The pairs are computed once per
areas import and stored (``ensure``); the area agenda (lib.agenda) uses them to pair work in neighbouring buurten.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import shapely

from lib.core import db, geo

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


def compute(con) -> pd.DataFrame:
    """Touching buurten from the stored geometry (EPSG:28992)."""
    shapes = db.area_geoms(con, "buurt")
    return touching(shapes["code"], geo.from_wkb(shapes["geom"]))


def ensure(con) -> pd.DataFrame:
    """The neighbour pairs, computed and stored once per areas import (recomputed after a new one)."""
    fingerprint = db.areas_fingerprint(con)
    if db.get_setting(con, "neighbours_of") == fingerprint:
        return db.neighbours(con)
    pairs = compute(con)
    if not con.read_only:  # a read-only snapshot gets them at build/import time; not worth a new snapshot here
        db.write_base(con, lambda cur: db.neighbours_store(cur, pairs, fingerprint))
    return pairs


def pairs(con) -> pd.DataFrame:
    """The neighbour pairs: the stored ones when they fit the loaded areas, else computed (and stored when the
    connection may write)."""
    try:
        return ensure(con)
    except duckdb.Error:  # a read-only connection: compute without storing
        if db.get_setting(con, "neighbours_of") == db.areas_fingerprint(con):
            return db.neighbours(con)
        return compute(con)
