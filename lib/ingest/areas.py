"""Area polygons: CBS cartomap (statcode/statnaam), PDOK wijkbuurtkaart (buurtcode/wijkcode/…) and the
generic form (code, name, optional level, parent_code, woonmilieu). Any CRS; stored in EPSG:28992."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.core import cbs, geo
from lib.ingest.files import check_file
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

LICENCE_CBS = "CC BY 4.0 — Bron: CBS / Kadaster"

#: Recognised column layouts: name → (code column, name column, parent column or None, level or None).
FORMS = {
    "cbs-cartomap": ("statcode", "statnaam", None, None),
    "pdok-buurt": ("buurtcode", "buurtnaam", "wijkcode", "buurt"),
    "pdok-wijk": ("wijkcode", "wijknaam", "gemeentecode", "wijk"),
    "pdok-gemeente": ("gemeentecode", "gemeentenaam", None, "gemeente"),
    "generic": ("code", "name", "parent_code", None),
}


def detect_form(columns: list[str]) -> str | None:
    cols = set(columns)
    for form, (code_col, name_col, _, _) in FORMS.items():
        if code_col in cols and name_col in cols:
            return form
    return None


def read_areas(path: Path, ctx: Context | None = None) -> tuple[Parsed | None, Problems]:
    """Validate an area file; returns the rows for the ``areas`` table or the problems."""
    problems = Problems(path.name)
    if not check_file(path, problems):
        return None, problems
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        problems.add(None, None, f"not a readable GeoJSON/GeoPackage file: {exc}")
        return None, problems
    if gdf.empty:
        problems.add(None, None, "file contains no features")
        return None, problems
    gdf.columns = [c if c == "geometry" else str(c).strip().lower() for c in gdf.columns]
    gdf.index = pd.RangeIndex(1, len(gdf) + 1)  # feature number
    form = detect_form(list(gdf.columns))
    if form is None:
        problems.add(None, "code", "missing columns: expected 'code' and 'name' (or CBS 'statcode'/'statnaam', "
                                   "or PDOK 'buurtcode'/'buurtnaam')")
        return None, problems
    code_col, name_col, parent_col, fixed_level = FORMS[form]

    geoms = _checked_geometry(gdf, problems)
    if geoms is None:
        return None, problems

    # object dtype: mapping codes that are all non-CBS gives all-None, which a pyarrow string column cannot hold
    codes = gdf[code_col].astype("string").fillna("").str.strip().astype(object)
    names = gdf[name_col].astype("string").fillna("").str.strip()
    for row in gdf.index[codes == ""]:
        problems.add(int(row), code_col, "empty area code")
    for row in gdf.index[names == ""]:
        problems.add(int(row), name_col, "empty area name")
    for row in gdf.index[codes.duplicated() & (codes != "")]:
        problems.add(int(row), code_col, f"duplicate area code '{codes[row]}'")

    if "level" in gdf.columns and fixed_level is None:
        levels = gdf["level"].astype("string").fillna("").str.strip().str.lower()
        levels = levels.where(levels != "", codes.map(cbs.level_of))
    elif fixed_level is not None:
        levels = pd.Series(fixed_level, index=gdf.index)
    else:
        levels = codes.map(cbs.level_of)
    for row in gdf.index[~levels.isin(cbs.LEVELS)]:
        problems.add(int(row), "level", f"unknown level for '{codes[row]}': use buurt, wijk or gemeente "
                                        "(or a CBS code BU…/WK…/GM… from which it can be derived)")

    if parent_col and parent_col in gdf.columns:
        parents = gdf[parent_col].astype("string").fillna("").str.strip()
        parents = parents.where(parents != "", codes.map(cbs.parent_of))
    else:
        parents = codes.map(cbs.parent_of)
    if form == "pdok-buurt" and "gemeentecode" in gdf.columns:
        pass  # the wijk code is the parent; gemeente follows from the wijk
    _check_hierarchy(gdf.index, codes, parents, ctx, parent_col or "parent_code", problems)

    woonmilieu = None
    if "woonmilieu" in gdf.columns:
        woonmilieu = gdf["woonmilieu"].astype("string").fillna("").str.strip()
        bad = (woonmilieu != "") & ~woonmilieu.isin(cbs.WOONMILIEUS)
        for row in gdf.index[bad]:
            problems.add(int(row), "woonmilieu", f"unknown woonmilieu '{woonmilieu[row]}' "
                                                 f"(use: {', '.join(cbs.WOONMILIEUS)})")
    if problems:
        return None, problems

    cent = shapely.centroid(geoms)
    out = pd.DataFrame({
        "code": codes.to_numpy(), "name": names.to_numpy(), "level": levels.to_numpy(),
        "parent_code": parents.astype(object).where(parents.notna(), None).to_numpy(),
        "geom": geo.to_wkb(geoms), "cx": shapely.get_x(cent), "cy": shapely.get_y(cent),
        "geom_source": "imported", "source": path.name,
    })
    if woonmilieu is not None:
        out["woonmilieu_override"] = woonmilieu.where(woonmilieu != "", None).to_numpy()
    counts = out["level"].value_counts().to_dict()
    summary = ", ".join(f"{n} {lvl}" for lvl, n in counts.items())
    return Parsed("areas", form, {"areas": out}, licence=LICENCE_CBS if form.startswith(("cbs", "pdok")) else "",
                  summary=f"{len(out)} areas ({summary})"), problems


def _check_hierarchy(rows: pd.Index, codes: pd.Series, parents: pd.Series, ctx: Context | None, column: str,
                     problems: Problems) -> None:
    """Refuse an area that is its own parent, or a chain of parents that comes back to where it started (with the
    areas already loaded, which the file's rows replace)."""
    parent_of = {}
    if ctx is not None and len(ctx.areas):
        parent_of = {c: p for c, p in zip(ctx.areas["code"], ctx.areas["parent_code"], strict=True)
                     if isinstance(p, str) and p}
    file_parents = {c: p for c, p in zip(codes, parents, strict=True) if c}
    for c in file_parents:
        parent_of.pop(c, None)
    parent_of.update({c: p for c, p in file_parents.items() if isinstance(p, str) and p})
    cycle_of: dict[str, list[str]] = {}   # code → the cycle it is on
    done: set[str] = set()                 # codes whose chain of parents is known to end (or known cycles)
    for start in parent_of:
        path, where = [], {}
        node = start
        while node is not None and node not in done and node not in where:
            where[node] = len(path)
            path.append(node)
            node = parent_of.get(node)
        if node is not None and node in where:  # the walk came back to itself: path[where[node]:] is a cycle
            cycle = path[where[node]:]
            for c in cycle:
                cycle_of[c] = cycle
        done.update(path)
    for row, code in zip(rows, codes, strict=True):
        cycle = cycle_of.get(code)
        if not cycle:
            continue
        if len(cycle) == 1:
            problems.add(int(row), column, f"'{code}' is its own parent")
        else:
            i = cycle.index(code)
            ring = cycle[i:] + cycle[:i]
            problems.add(int(row), column, "the parents form a cycle: " + " → ".join([*ring, code]))


def _checked_geometry(gdf: gpd.GeoDataFrame, problems: Problems) -> np.ndarray | None:
    """Polygons in EPSG:28992, or None after reporting empty/invalid geometry or a nonsensical CRS."""
    geoms = gdf.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for row in gdf.index[missing]:
        problems.add(int(row), "geometry", "empty geometry")
    kinds = shapely.get_type_id(geoms)
    not_poly = ~missing & ~np.isin(kinds, [3, 6])
    for row in gdf.index[not_poly]:
        problems.add(int(row), "geometry", f"geometry is a {geoms[row - 1].geom_type}, "
                                           "not a (Multi)Polygon")
    invalid = ~missing & ~not_poly & ~shapely.is_valid(geoms)
    for row in gdf.index[invalid]:
        problems.add(int(row), "geometry", f"invalid polygon: {shapely.is_valid_reason(geoms[row - 1])}")
    if problems:
        return None
    crs = gdf.crs
    minx, miny, maxx, maxy = gdf.total_bounds
    if crs is None:
        if geo.inside_nl(np.array([minx, maxx]), np.array([miny, maxy])).all():
            crs = geo.RD
        else:
            problems.add(None, "geometry", "the file has no CRS and its coordinates are not EPSG:28992 metres; "
                                           "add the CRS to the file")
            return None
    if gdf.crs is not None and gdf.crs.is_geographic and (max(abs(minx), abs(maxx)) > 180
                                                          or max(abs(miny), abs(maxy)) > 90):
        problems.add(None, "geometry", f"the CRS ({gdf.crs.to_string()}) says degrees but the coordinates go up to "
                                       f"{max(abs(minx), abs(maxx), abs(miny), abs(maxy)):.0f}: the file's CRS "
                                       "makes no sense (metres in EPSG:28992 labelled as WGS84?)")
        return None
    rd = gpd.GeoSeries(geoms, crs=crs).to_crs(geo.RD)
    b = rd.bounds
    outside = ~(geo.inside_nl(b["minx"].to_numpy(), b["miny"].to_numpy())
                & geo.inside_nl(b["maxx"].to_numpy(), b["maxy"].to_numpy()))
    for i in np.flatnonzero(outside)[:20]:
        problems.add(int(gdf.index[i]), "geometry", f"area lies outside the Netherlands after reading it as "
                                                    f"{gpd.GeoSeries(crs=crs).crs.to_string()}: the CRS makes no sense")
    if outside.sum() > 20:
        problems.add(None, "geometry", f"… and {int(outside.sum()) - 20} more areas outside the Netherlands")
    if problems:
        return None
    return rd.to_numpy()


def derive_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """Complete the area hierarchy: add missing parents (wijk/gemeente) as dissolves of their children,
    refresh dissolved geometry, and simplify every level once for maps (shared borders kept).

    ``areas`` has the ``areas`` table columns with WKB geometry; returns the full table to store.
    """
    a = areas.copy()
    a["geom_obj"] = geo.from_wkb(a["geom"])
    for child_level, parent_level in (("buurt", "wijk"), ("wijk", "gemeente")):
        children = a[(a["level"] == child_level) & a["parent_code"].notna()]
        if children.empty:
            continue
        dissolved = geo.dissolve(children["parent_code"], children["geom_obj"].to_numpy())
        existing = a.set_index("code")
        rows = []
        for code, geom in zip(dissolved["code"], dissolved["geom"], strict=True):
            if code in existing.index and existing.at[code, "geom_source"] == "imported":
                continue
            name = existing.at[code, "name"] if code in existing.index else code
            override = existing.at[code, "woonmilieu_override"] if code in existing.index else None
            rows.append({"code": code, "name": name, "level": parent_level, "parent_code": cbs.parent_of(code),
                         "geom_obj": geom, "geom_source": "dissolved", "source": "dissolve of " + child_level,
                         "woonmilieu_override": override})
        if rows:
            new = pd.DataFrame(rows)
            a = pd.concat([a[~a["code"].isin(new["code"])], new], ignore_index=True)
    geoms = a["geom_obj"].to_numpy()
    cent = shapely.centroid(geoms)
    a["cx"], a["cy"] = shapely.get_x(cent), shapely.get_y(cent)
    a["rx"], a["ry"] = geo.representative_points(geoms)
    a["geom"] = geo.to_wkb(geoms)
    simple = np.empty(len(a), dtype=object)
    for level in cbs.LEVELS:
        mask = (a["level"] == level).to_numpy()
        simple[mask] = geo.simplify_coverage(geoms[mask])
    a["geom_simple"] = geo.to_wkb(simple)
    return a.drop(columns=["geom_obj"])
