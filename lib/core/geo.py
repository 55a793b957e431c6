"""Geometry helpers: WKB round trips, CRS checks, dissolves and map simplification (EPSG:28992 metres)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

RD = "EPSG:28992"
WGS84 = "EPSG:4326"

#: Generous bounding box of the Netherlands in EPSG:28992 metres (x_min, y_min, x_max, y_max).
NL_BOUNDS = (-10_000.0, 290_000.0, 300_000.0, 640_000.0)

#: Tolerance (m) for the once-per-build map simplification that keeps shared borders shared.
SIMPLIFY_TOLERANCE_M = 5.0


def to_wkb(geoms) -> list[bytes | None]:
    return [None if g is None else shapely.to_wkb(g) for g in geoms]


def from_wkb(values) -> np.ndarray:
    return shapely.from_wkb(np.asarray([None if v is None or (isinstance(v, float) and np.isnan(v)) else bytes(v)
                                        for v in values], dtype=object))


def representative_points(geoms) -> tuple[np.ndarray, np.ndarray]:
    """x, y (EPSG:28992 m) of a point guaranteed inside each polygon (shapely ``point_on_surface``; NaN for a
    missing geometry). Used as the alternative 'buurt centre' of the robustness check: the data has no
    population- or address-weighted centre, and a centroid can fall outside a bent buurt."""
    geoms = np.asarray(geoms, dtype=object)
    pts = shapely.point_on_surface(geoms)
    return shapely.get_x(pts), shapely.get_y(pts)


def inside_nl(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = NL_BOUNDS
    return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


def lonlat_to_rd(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pts = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=WGS84).to_crs(RD)
    return pts.x.to_numpy(), pts.y.to_numpy()


def rd_to_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:28992 metres → WGS84 longitude, latitude (the inverse of ``lonlat_to_rd``)."""
    pts = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=RD).to_crs(WGS84)
    return pts.x.to_numpy(), pts.y.to_numpy()


def simplify_coverage(geoms: np.ndarray, tolerance: float = SIMPLIFY_TOLERANCE_M) -> np.ndarray:
    """Simplify polygons that tile an area while keeping shared edges identical (no gaps/slivers)."""
    if len(geoms) == 0:
        return geoms
    try:
        return shapely.coverage_simplify(geoms, tolerance)
    except Exception:  # not a valid coverage (e.g. overlapping input): simplify each on its own
        return shapely.simplify(geoms, tolerance, preserve_topology=True)


def dissolve(codes: pd.Series, geoms: np.ndarray) -> pd.DataFrame:
    """Union of ``geoms`` grouped by ``codes`` → DataFrame(code, geom)."""
    out = []
    for code, idx in pd.Series(range(len(codes)), index=codes.to_numpy()).groupby(level=0):
        out.append((code, shapely.union_all(geoms[idx.to_numpy()])))
    return pd.DataFrame(out, columns=["code", "geom"])


def points_in_areas(x: np.ndarray, y: np.ndarray, codes: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """For each point the code of the (first) polygon containing it, or None."""
    result = np.full(len(x), None, dtype=object)
    if len(x) == 0 or len(geoms) == 0:
        return result
    tree = shapely.STRtree(geoms)
    pts = shapely.points(x, y)
    pi, gi = tree.query(pts, predicate="intersects")
    # first hit per point
    order = np.argsort(pi, kind="stable")
    pi, gi = pi[order], gi[order]
    first = np.unique(pi, return_index=True)[1]
    result[pi[first]] = codes[gi[first]]
    return result


def distance_to_areas(x: np.ndarray, y: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """Distance (m) from each point to the nearest polygon (0 inside)."""
    if len(geoms) == 0:
        return np.full(len(x), np.inf)
    union = shapely.union_all(geoms)
    return shapely.distance(shapely.points(x, y), union)
