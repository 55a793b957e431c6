"""Facility points: the generic CSV/GeoJSON form, DUO schools (edugis GeoJSON) and the Mulier DSA csv.

Coordinates are stored in EPSG:28992 metres with the buurt that contains each point.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from lib.core import geo
from lib.ingest import validate
from lib.ingest.files import check_file, read_csv_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

#: Generic points further than this from every loaded area are refused (m).
MAX_OUTSIDE_M = 5_000.0
MAX_CAPACITY = 1_000_000

DUO_LICENCE = "CC0 — DUO open onderwijsdata (geocoded by edugis against BAG, CC0)"
MULIER_LICENCE = "UNKNOWN — Mulier Instituut DSA extract; demo use only until the licence is confirmed"

#: DUO school type → facility type.
DUO_TYPES = {"basisschool": "primary_school", "SBAO": "special_primary_school", "SO": "special_school",
             "(V)SO": "special_school", "VSO": "special_school"}

#: Mulier count column → facility type (capacity = the count, unit 'facilities').
MULIER_COUNTS = {"aantal gymzalen": "gym", "aantal sporthallen": "sports_hall", "aantal sportzalen": "sports_room"}
MULIER_FIELDS = ["aantal outdoor kunstgrasvelden", "aantal outdoor natuurgrasvelden",
                 "aantal outdoor semi-watervelden", "aantal outdoor watervelden"]


def is_duo(columns) -> bool:
    cols = set(columns)
    return {"vestigingscode", "leerlingen", "brin_nummer"} <= cols


def is_mulier(columns) -> bool:
    cols = {str(c).strip().lower() for c in columns}
    return "accommodatie_id" in cols and "aantal gymzalen" in cols


def read_facilities(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """Dispatch on the file's form: DUO, Mulier, generic GeoJSON or generic CSV."""
    problems = Problems(path.name)
    if not check_file(path, problems):
        return None, problems
    if path.suffix.lower() in (".geojson", ".json", ".gpkg"):
        try:
            gdf = gpd.read_file(path)
        except Exception as exc:
            problems.add(None, None, f"not a readable GeoJSON/GeoPackage file: {exc}")
            return None, problems
        if gdf.empty:
            problems.add(None, None, "file contains no features")
            return None, problems
        if is_duo(gdf.columns):
            return read_duo(gdf, path, ctx, problems)
        return _read_generic_points(gdf, path, ctx, problems)
    df = read_csv_strings(path, problems)
    if df is None:
        return None, problems
    if is_mulier(df.columns):
        return read_mulier(df, path, ctx, problems)
    return _read_generic_csv(df, path, ctx, problems)


def _point_checks(df: pd.DataFrame, x: np.ndarray, y: np.ndarray, ctx: Context, problems: Problems,
                  xcol: str) -> np.ndarray:
    """Report points outside NL / far from all areas; return the containing buurt codes."""
    ok = ~(np.isnan(x) | np.isnan(y))
    outside_nl = ok & ~geo.inside_nl(x, y)
    for i in np.flatnonzero(outside_nl):
        problems.add(int(df.index[i]), xcol, f"point ({x[i]:.0f}, {y[i]:.0f}) lies outside the Netherlands in "
                                             "EPSG:28992 (x/y swapped, or lon/lat given as x/y?)")
    b = ctx.buurten
    geoms = b["geom"].to_numpy()
    check = ok & ~outside_nl
    dist = np.full(len(x), np.nan)
    dist[check] = geo.distance_to_areas(x[check], y[check], geoms)
    for i in np.flatnonzero(check & (dist > MAX_OUTSIDE_M)):
        problems.add(int(df.index[i]), xcol, f"point lies {dist[i] / 1000:.1f} km outside the loaded areas")
    return geo.points_in_areas(x, y, b["code"].to_numpy(), geoms)


def _finish_generic(df: pd.DataFrame, x, y, path: Path, ctx: Context, problems: Problems,
                    xcol: str, fmt: str) -> tuple[Parsed | None, Problems]:
    for col in ("id", "type"):
        validate.non_empty(df, col, problems)
    validate.unique(df, ["id"], problems)
    capacity = validate.numbers(df, "capacity", problems, required=False, maximum=MAX_CAPACITY, what="capacity")
    if "unit" in df.columns:
        unit = df["unit"].astype("string").fillna("").str.strip()
    else:
        unit = pd.Series("", index=df.index)
    for row in df.index[capacity.notna() & (unit == "")]:
        problems.add(int(row), "unit", "a capacity needs a unit (e.g. places, facilities, m2)")
    area = _point_checks(df, x, y, ctx, problems, xcol)
    if problems:
        return None, problems
    out = pd.DataFrame({
        "id": df["id"].to_numpy(), "name": df["name"].to_numpy() if "name" in df.columns else None,
        "type": df["type"].to_numpy(), "x": x, "y": y, "capacity": capacity.to_numpy(),
        "unit": unit.where(unit != "", None).to_numpy(), "capacity_note": None, "area_code": area,
        "source": path.name,
    })
    notes = []
    outside = int(pd.isna(area).sum())
    if outside:
        notes.append(("outside", f"{outside} facilities lie outside every buurt (kept; within "
                                 f"{MAX_OUTSIDE_M / 1000:.0f} km)", outside))
    return Parsed("facilities", fmt, {"facilities": out}, notes=notes,
                  summary=f"{len(out)} facilities ({out['type'].nunique()} types)"), problems


def _read_generic_csv(df, path, ctx, problems):
    has_xy = {"x", "y"} <= set(df.columns)
    has_ll = {"lon", "lat"} <= set(df.columns)
    required = ["id", "name", "type", "capacity", "unit"]
    if not validate.require_columns(df, required, problems):
        return None, problems
    if not (has_xy or has_ll):
        problems.add(1, "x", "missing coordinates: give columns x,y (EPSG:28992) or lon,lat (WGS84)")
        return None, problems
    if has_xy:
        x = validate.numbers(df, "x", problems, minimum=None, what="coordinate").to_numpy()
        y = validate.numbers(df, "y", problems, minimum=None, what="coordinate").to_numpy()
        xcol = "x"
    else:
        lon = validate.numbers(df, "lon", problems, minimum=-180, maximum=180, what="longitude").to_numpy()
        lat = validate.numbers(df, "lat", problems, minimum=-90, maximum=90, what="latitude").to_numpy()
        if problems:
            return None, problems
        x, y = geo.lonlat_to_rd(lon, lat)
        xcol = "lon"
    if problems:
        return None, problems
    return _finish_generic(df, x, y, path, ctx, problems, xcol, "generic-csv")


def _read_generic_points(gdf: gpd.GeoDataFrame, path, ctx, problems):
    gdf.columns = [c if c == "geometry" else str(c).strip().lower() for c in gdf.columns]
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)
    if not validate.require_columns(gdf, ["id", "name", "type", "capacity", "unit"], problems):
        return None, problems
    geoms = gdf.geometry
    bad = geoms.isna() | geoms.is_empty | (geoms.geom_type != "Point")
    for row in gdf.index[bad]:
        problems.add(int(row), "geometry", "geometry must be a Point")
    if problems:
        return None, problems
    crs = gdf.crs or geo.WGS84
    gx, gy = geoms.x.to_numpy(), geoms.y.to_numpy()
    if gdf.crs is not None and gdf.crs.is_geographic and (np.abs(gx).max() > 180 or np.abs(gy).max() > 90):
        problems.add(None, "geometry", "the CRS says degrees but the coordinates are larger: the CRS makes no sense")
        return None, problems
    pts = gpd.GeoSeries(geoms, crs=crs).to_crs(geo.RD)
    df = pd.DataFrame(gdf.drop(columns="geometry")).astype("string").fillna("")
    df = df.apply(lambda s: s.str.strip())
    df.attrs["decimal"] = "."  # JSON numbers
    return _finish_generic(df, pts.x.to_numpy(), pts.y.to_numpy(), path, ctx, problems, "geometry",
                           "generic-geojson")


def read_duo(gdf: gpd.GeoDataFrame, path: Path, ctx: Context, problems: Problems):
    """DUO schools: dedupe on vestigingscode, keep schools inside the loaded buurten, enrolment as capacity."""
    gdf = gdf.reset_index(drop=True)
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)
    pts = gdf.geometry.to_crs(geo.RD)
    gdf["_x"], gdf["_y"] = pts.x.to_numpy(), pts.y.to_numpy()
    valid = gdf.geometry.notna() & ~gdf.geometry.is_empty & np.isfinite(gdf["_x"]) & np.isfinite(gdf["_y"])
    notes: list[tuple[str, str, int]] = []
    if (~valid).any():
        notes.append(("geometry", f"{int((~valid).sum())} DUO rows without a usable point skipped",
                      int((~valid).sum())))
    gdf = gdf[valid]
    gdf = gdf[gdf["type"].isin(DUO_TYPES)]
    b = ctx.buurten
    area = geo.points_in_areas(gdf["_x"].to_numpy(), gdf["_y"].to_numpy(), b["code"].to_numpy(),
                               b["geom"].to_numpy())
    gdf = gdf.assign(_area=area)
    inside = gdf[gdf["_area"].notna()]
    n_outside = int(gdf["_area"].isna().sum())
    dups = inside["vestigingscode"].duplicated(keep="first")
    if dups.any():
        names = ", ".join(sorted(set(inside.loc[dups, "naam"].astype(str))))
        notes.append(("duplicates", f"{int(dups.sum())} repeated DUO vestigingscode removed ({names}); "
                                    "the first point is kept", int(dups.sum())))
    inside = inside[~dups]
    pupils = pd.to_numeric(inside["leerlingen"], errors="coerce")
    if pupils.isna().any():
        notes.append(("capacity", f"{int(pupils.isna().sum())} schools have no pupil count (capacity unknown)",
                      int(pupils.isna().sum())))
    if n_outside:
        notes.append(("outside", f"{n_outside} schools outside the loaded areas were not imported", n_outside))
    notes.append(("proxy", "primary-school capacity = DUO enrolment 2023-24 (a proxy, not real capacity)",
                  int(len(inside))))
    out = pd.DataFrame({
        "id": ("DUO-" + inside["vestigingscode"].astype(str)).to_numpy(),
        "name": inside["naam"].astype(str).to_numpy(),
        "type": inside["type"].map(DUO_TYPES).to_numpy(),
        "x": inside["_x"].to_numpy(), "y": inside["_y"].to_numpy(),
        "capacity": pupils.to_numpy(dtype="float64"), "unit": "places",
        "capacity_note": "enrolment 2023-24 (DUO) used as capacity proxy",
        "area_code": inside["_area"].to_numpy(), "source": f"DUO via edugis ({path.name})",
    })
    return Parsed("facilities", "duo-schools", {"facilities": out}, notes=notes, licence=DUO_LICENCE,
                  summary=f"{len(out)} DUO school locations ({(out['type'] == 'primary_school').sum()} primary, "
                          f"{out.loc[out['type'] == 'primary_school', 'capacity'].sum():,.0f} pupils)"), problems


def read_mulier(df: pd.DataFrame, path: Path, ctx: Context, problems: Problems):
    """Mulier DSA: one row per accommodation × sport → one facility per accommodation and hall type."""
    count_cols = [*MULIER_COUNTS, *MULIER_FIELDS]
    if not validate.require_columns(df, ["accommodatie_id", "accommodatie naam", "x", "y", "sport", *count_cols],
                                    problems):
        return None, problems
    x = validate.numbers(df, "x", problems, minimum=None, what="coordinate")  # decimal commas accepted
    y = validate.numbers(df, "y", problems, minimum=None, what="coordinate")
    counts = {c: validate.numbers(df, c, problems, required=False, maximum=1000, what="count", count=True)
              for c in count_cols}
    if problems:
        return None, problems
    work = pd.DataFrame({"acc": df["accommodatie_id"], "name": df["accommodatie naam"], "x": x, "y": y,
                         "sport": df["sport"].str.lower(), **{c: v.fillna(0) for c, v in counts.items()}})
    # Counts repeat on every sport row: aggregate per accommodation with max, never sum.
    agg = work.groupby("acc", sort=False).agg(
        name=("name", "first"), x=("x", "first"), y=("y", "first"),
        swim=("sport", lambda s: bool((s == "zwemmen").any())),
        **{c: (c, "max") for c in count_cols})
    notes = [("aggregated", f"{len(work)} rows (accommodation × sport) aggregated to {len(agg)} accommodations "
                            "with max per count", len(agg))]
    b = ctx.buurten
    area = geo.points_in_areas(agg["x"].to_numpy(), agg["y"].to_numpy(), b["code"].to_numpy(), b["geom"].to_numpy())
    agg["area"] = area
    outside = agg[agg["area"].isna()]
    if len(outside):
        notes.append(("outside", "accommodations outside the loaded areas not imported (coordinates look wrong): "
                                 + ", ".join(outside["name"].astype(str)), len(outside)))
    agg = agg[agg["area"].notna()]
    agg["fields"] = agg[MULIER_FIELDS].sum(axis=1)
    parts = []
    for col, ftype in [*MULIER_COUNTS.items(), ("fields", "sports_field"), ("swim", "swimming_pool")]:
        sel = agg[agg[col] > 0]
        cap = sel[col].astype("float64") if col != "swim" else pd.Series(1.0, index=sel.index)
        parts.append(pd.DataFrame({
            "id": ("MUL-" + sel.index.astype(str) + "-" + ftype).to_numpy(), "name": sel["name"].to_numpy(),
            "type": ftype, "x": sel["x"].to_numpy(), "y": sel["y"].to_numpy(), "capacity": cap.to_numpy(),
            "unit": "fields" if ftype == "sports_field" else "facilities",
            "capacity_note": "count of halls/fields at the accommodation (Mulier DSA)",
            "area_code": sel["area"].to_numpy(), "source": f"Mulier DSA ({path.name})"}))
    out = pd.concat(parts, ignore_index=True)
    notes.append(("coverage", "Mulier coverage looks incomplete (e.g. no gym or hall in Vleuten-De Meern): "
                              "shortfalls may be data gaps", 0))
    by_type = out.groupby("type")["capacity"].sum().to_dict()
    return Parsed("facilities", "mulier-dsa", {"facilities": out}, notes=notes, licence=MULIER_LICENCE,
                  summary="Mulier sports facilities: " + ", ".join(f"{k} {v:g}" for k, v in by_type.items())), problems
