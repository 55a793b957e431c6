"""Method 2 — hub finder: where one combined building would cover unmet need of several functions
(docs/sharing/hubs.md).

1. Buurten that qualify: a shortfall (status 'shortfall') in at least ``min_types`` (2) functions, or in one
   function when a hub-friendly function without a norm (e.g. community space) is added to the programme.
2. Candidate sites: every existing facility, with facilities within walking distance of each other
   (default 300 m, KD-tree pairs + connected components) merged into one cluster at their mean position.
3. Coverage of a site for function T: the unmet need of T (shortfall in the norm unit; for distance norms
   the persons of buurten beyond the distance) of every buurt whose reach (catchment or maximum distance
   of T) includes the site.
4. Programme: a function enters when the need it covers is at least ``min_share`` (25 %) of a standard
   unit (data/standard_sizes.csv); places scale linearly, facilities are whole units
   (ceil(equivalents − 0.2), at least 1), distance functions one unit, and no function gets more than
   ``max_units`` (1) standard units: a hub is a neighbourhood building, not the answer to every shortfall.
   Score = Σ min(covered, built) in standard units ('facility-equivalents'); ties are broken by the need in
   reach. Sites near a qualifying buurt with ≥ 2 functions are ranked by score; a site within ``spacing_m``
   of a better-ranked one is dropped (they would be the same option). Swimming pools are left out by
   default (``exclude``): a pool serves the whole city, not one hub.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from lib.core import status as st
from lib.core.inputs import Inputs
from lib.sharing import common

DEFAULT_WALK_M = 300.0
DEFAULT_SEARCH_M = 1000.0
DEFAULT_SPACING_M = 500.0
MIN_SHARE = 0.25
ROUND_SLACK = 0.2
MAX_UNITS = 1.0
DEFAULT_EXCLUDE = ("swimming_pool",)
#: Functions that fit a multifunctional building even without a norm or shortfall of their own.
HUB_FRIENDLY = ("library", "community_centre")

SITE_COLUMNS = ["site_id", "kind", "label", "x", "y", "n_facilities", "member_ids", "existing_types", "functions",
                "n_functions", "score", "need_in_reach", "floor_m2", "areas_served", "area_names", "wijk_name",
                "estimate"]
PROGRAMME_COLUMNS = ["site_id", "function", "existing", "covered", "covered_unit", "equivalents", "units", "capacity",
                     "capacity_unit", "floor_m2", "floor_m2_alt", "basis", "source", "status"]


@dataclass
class HubResult:
    sites: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SITE_COLUMNS))
    programme: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROGRAMME_COLUMNS))
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)   # qualifying buurten with their short types
    params: dict = field(default_factory=dict)


def frames(inp: Inputs, table: pd.DataFrame | None, year: int, types: list[str] | None = None):
    """TypeFrames of every catchment and distance type (or ``types``)."""
    out = {}
    for ftype in common.types_with(inp, table, year):
        if types and ftype not in types:
            continue
        tf = common.type_frame(inp, table, ftype, year)
        if tf is not None:
            out[ftype] = tf
    return out


def short_types(tfs: dict[str, common.TypeFrame]) -> pd.DataFrame:
    """Per buurt: the functions in shortfall (list), their number, and whether any figure is an estimate."""
    return _short_blocks([tfs])[0]


def _no_short() -> pd.DataFrame:
    return pd.DataFrame(columns=["area_code", "area_name", "wijk_name", "cx", "cy", "short_types", "n_short",
                                 "estimate"])


def _short_blocks(blocks: list[dict[str, common.TypeFrame]]) -> list[pd.DataFrame]:
    """``short_types`` of each block (year) of TypeFrames, in one pass: the buurten in shortfall of every block and
    type, sorted (stably) by block and code, as each block alone sorts them by code."""
    keys = ["area_code", "area_name", "wijk_name", "cx", "cy"]
    every = [(b, ft, tf.areas) for b, tfs in enumerate(blocks) for ft, tf in tfs.items()]
    if not every:
        return [_no_short() for _ in blocks]
    rows = pd.concat([a[[*keys, "status", "estimate"]] for _, _, a in every], ignore_index=True)
    short = rows["status"].isin(st.SHORT).to_numpy()
    if not short.any():
        return [_no_short() for _ in blocks]
    n = [len(a) for _, _, a in every]
    long = rows.loc[short, [*keys, "estimate"]].assign(
        facility_type=np.repeat(np.asarray([ft for _, ft, _ in every], dtype=object), n)[short],
        _b=np.repeat([b for b, _, _ in every], n)[short]).dropna(subset=keys)
    # what long.groupby(keys).agg(...) gives (a buurt code has one name and centroid), without its ~10 ms
    order = np.argsort(long["area_code"].to_numpy(dtype=object), kind="stable")
    order = order[np.argsort(long["_b"].to_numpy()[order], kind="stable")]
    long = long.iloc[order]
    code, block = long["area_code"].to_numpy(dtype=object), long["_b"].to_numpy()
    first = np.r_[True, (code[1:] != code[:-1]) | (block[1:] != block[:-1])] if len(long) else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    bounds = np.r_[starts, len(long)]
    ftype = long["facility_type"].to_numpy()
    out = long.loc[first, keys].reset_index(drop=True)
    out["short_types"] = [sorted(ftype[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    out["n_short"] = np.diff(bounds)
    out["estimate"] = np.logical_or.reduceat(long["estimate"].to_numpy(dtype=bool), starts) if len(starts) else \
        np.zeros(0, dtype=bool)
    had = set(np.repeat([b for b, _, _ in every], n)[short].tolist())
    ends = np.cumsum(np.bincount(block[first], minlength=len(blocks)))
    return [out.iloc[e - n:e].reset_index(drop=True) if b in had else _no_short()
            for b, (n, e) in enumerate(zip(np.diff(np.r_[0, ends]), ends, strict=True))]


def candidate_sites(facilities: pd.DataFrame, walk_m: float = DEFAULT_WALK_M) -> pd.DataFrame:
    """Existing facilities, those within ``walk_m`` of each other merged into clusters (connected components).

    Returns site_id, kind ('facility' or 'cluster' when it holds more than one facility), label, x, y (mean,
    EPSG:28992), n_facilities, member_ids, existing_types.
    """
    f = facilities.reset_index(drop=True)
    if f.empty:
        return pd.DataFrame(columns=["site_id", "kind", "label", "x", "y", "n_facilities", "member_ids",
                                     "existing_types"])
    xy = f[["x", "y"]].to_numpy(dtype="float64")
    pairs = cKDTree(xy).query_pairs(walk_m, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(f), len(f)))
    _, label = connected_components(graph, directed=False)
    f = f.assign(site=label)
    g = f.groupby("site", sort=True)
    out = pd.DataFrame({
        "x": g["x"].mean(), "y": g["y"].mean(), "n_facilities": g.size(),
        "member_ids": g["id"].agg(lambda s: list(map(str, s))),
        "existing_types": g["type"].agg(lambda s: sorted(set(map(str, s)))),
        "label": g["name"].agg(lambda s: " + ".join(dict.fromkeys(map(str, s))) if len(set(s)) <= 3 else
                               " + ".join(list(dict.fromkeys(map(str, s)))[:3]) + f" (+{len(set(s)) - 3})"),
    }).reset_index(drop=True)
    out["kind"] = np.where(out["n_facilities"] > 1, "cluster", "facility")
    out["site_id"] = [f"site-{m[0]}" for m in out["member_ids"]]
    return out[["site_id", "kind", "label", "x", "y", "n_facilities", "member_ids", "existing_types"]]


def coverage(tfs: dict[str, common.TypeFrame], sites: pd.DataFrame) -> pd.DataFrame:
    """Unmet need each site would reach, per function: site_id, function, covered (norm unit, or persons for
    distance norms), covered_unit, buurten (number of buurten in shortfall reached), estimate."""
    parts = []
    for ftype, tf in tfs.items():
        pairs = common.pairs_for(tf, sites["x"].to_numpy(), sites["y"].to_numpy())
        short = tf.areas["shortfall"].to_numpy(dtype="float64")
        w = short[pairs.area]
        covered = np.bincount(pairs.facility, weights=w, minlength=len(sites))
        reached = np.bincount(pairs.facility, weights=(w > 0).astype(float), minlength=len(sites))
        est = np.bincount(pairs.facility, weights=((w > 0) & tf.areas["estimate"].to_numpy()[pairs.area]),
                          minlength=len(sites)) > 0
        parts.append(pd.DataFrame({"site_id": sites["site_id"].to_numpy(), "function": ftype, "covered": covered,
                                   "covered_unit": tf.shortfall_unit, "buurten": reached.astype(int),
                                   "estimate": est, "method": tf.method}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["site_id", "function", "covered", "covered_unit", "buurten", "estimate", "method"])


def programme(cov: pd.DataFrame, extra_functions=(), min_share: float = MIN_SHARE,
              max_units: float = MAX_UNITS) -> pd.DataFrame:
    """Indicative programme per site: the functions whose covered need is ≥ ``min_share`` of a standard unit,
    with units (≤ ``max_units``), capacity and floor area (data/standard_sizes.csv), plus ``extra_functions``
    (one unit each)."""
    c = cov.copy()
    size = {f: common.size_of(f) for f in set(c["function"]) | set(extra_functions)}
    # .astype: a map over no rows keeps the text type (programme used to fail when no function reached min_share)
    cap = c["function"].map(lambda f: float(size[f]["unit_capacity"])).astype("float64")
    c["equivalents"] = c["covered"] / cap
    c = c[c["equivalents"] >= min_share].copy()
    cap = c["function"].map(lambda f: float(size[f]["unit_capacity"])).astype("float64")
    per_place = c["function"].map(lambda f: size[f]["capacity_unit"] == "places").astype(bool)
    distance = (c["method"] == common.DISTANCE).to_numpy()
    whole = np.maximum(1.0, np.ceil(c["equivalents"] - ROUND_SLACK))
    c["units"] = np.minimum(np.where(distance, 1.0, np.where(per_place, c["equivalents"], whole)), max_units)
    c["capacity"] = np.where(per_place, np.minimum(np.ceil(c["covered"] / 10) * 10, max_units * cap),
                             c["units"] * cap)
    c["capacity_unit"] = c["function"].map(lambda f: size[f]["capacity_unit"])
    floor = c["function"].map(lambda f: float(size[f]["floor_m2"])).astype("float64")
    c["floor_m2"] = np.where(per_place, c["capacity"] / cap * floor, c["units"] * floor)
    c["basis"] = "covered"
    if extra_functions and len(cov):
        sites = cov["site_id"].drop_duplicates()
        extra = pd.DataFrame([(s, f) for s in sites for f in extra_functions if f not in set(
            c.loc[c["site_id"] == s, "function"])], columns=["site_id", "function"])
        extra = extra.assign(covered=np.nan, covered_unit="", equivalents=np.nan, units=1.0,
                             capacity=extra["function"].map(lambda f: float(size[f]["unit_capacity"])),
                             capacity_unit=extra["function"].map(lambda f: size[f]["capacity_unit"]),
                             floor_m2=extra["function"].map(lambda f: float(size[f]["floor_m2"])), basis="added")
        c = pd.concat([c, extra], ignore_index=True)
    c["floor_m2_alt"] = c["function"].map(lambda f: float(common.size_of(f, "kvlo")["floor_m2"])) \
        .astype("float64") * c["units"]
    c["source"] = c["function"].map(lambda f: size[f]["source"])
    c["status"] = c["function"].map(lambda f: size[f]["status"])
    return c.reindex(columns=PROGRAMME_COLUMNS + ["buurten", "estimate"] + (["_b"] if "_b" in c else [])) \
        .reset_index(drop=True)


def run(inp: Inputs, table: pd.DataFrame | None, year: int, walk_m: float = DEFAULT_WALK_M,
        search_m: float = DEFAULT_SEARCH_M, extra_functions=(), min_types: int = 2, min_share: float = MIN_SHARE,
        spacing_m: float = DEFAULT_SPACING_M, types: list[str] | None = None, exclude=DEFAULT_EXCLUDE,
        max_units: float = MAX_UNITS) -> HubResult:
    """Ranked hub sites with their programme for ``year``: the year's slice of ``run_years``."""
    return run_years(inp, table, [year], walk_m, search_m, extra_functions, min_types, min_share, spacing_m, types,
                     exclude, max_units)[int(year)]


def run_years(inp: Inputs, table: pd.DataFrame | None, years: list[int], walk_m: float = DEFAULT_WALK_M,
              search_m: float = DEFAULT_SEARCH_M, extra_functions=(), min_types: int = 2,
              min_share: float = MIN_SHARE, spacing_m: float = DEFAULT_SPACING_M, types: list[str] | None = None,
              exclude=DEFAULT_EXCLUDE, max_units: float = MAX_UNITS) -> dict[int, HubResult]:
    """``run`` for every year of ``years`` in one pass (year → result). The buurten in shortfall, the coverage of
    the sites, the programme and the scores of all years are one block per year: every sum, list and sort stays
    within its year's block, so each year's result is that of the year alone. The nearest buurten of each site and
    the thinning of ranked sites are per year; a year whose programme adds ``extra_functions``, or in which no site
    keeps two functions, is computed on its own."""
    params = {"walk_m": walk_m, "search_m": search_m, "extra_functions": list(extra_functions),
              "min_types": min_types, "min_share": min_share, "spacing_m": spacing_m, "exclude": list(exclude),
              "max_units": max_units}
    table = common.shared(inp, table)
    years = list(dict.fromkeys(int(y) for y in years))
    tfs = [{f: tf for f, tf in frames(inp, table, y, types).items() if f not in exclude} for y in years]
    quals = [q[q["n_short"] >= max(1, min_types - len(extra_functions))].reset_index(drop=True)
             for q in _short_blocks(tfs)]
    sites = table.derived(("hub_sites", float(walk_m)), lambda: candidate_sites(inp.facilities, walk_m))
    out, blocks = {}, []
    for y, t, q in zip(years, tfs, quals, strict=True):
        served = None if q.empty or sites.empty else _served(sites, q, search_m)
        if served is None or served.empty:  # no site near a qualifying buurt
            out[y] = HubResult(areas=q, params=dict(params))
        else:
            blocks.append((y, t, q, served))
    rest = (extra_functions, min_share, max_units, spacing_m, params)
    if extra_functions or len(blocks) == 1:
        out.update({b[0]: _hub_blocks([b], *rest)[0] for b in blocks})
    elif blocks:
        done = _hub_blocks(blocks, *rest)
        out.update({b[0]: r if r is not None else _hub_blocks([b], *rest)[0] for b, r in zip(blocks, done,
                                                                                         strict=True)})
    return {y: out[y] for y in years}


def _served(sites: pd.DataFrame, qual: pd.DataFrame, search_m: float) -> pd.DataFrame:
    """The candidate sites with the qualifying buurten within ``search_m`` (``areas_served``, sorted codes); sites
    without any left out."""
    sites = sites.copy()
    near = cKDTree(qual[["cx", "cy"]].to_numpy()).query_ball_point(sites[["x", "y"]].to_numpy(), search_m)
    codes = qual["area_code"].to_numpy()
    sites["areas_served"] = [sorted(codes[n].tolist()) for n in near]
    return sites[sites["areas_served"].map(len) > 0].reset_index(drop=True)


def _coverage_blocks(blocks: list, sites: pd.DataFrame) -> pd.DataFrame:
    """``coverage`` of every block (its TypeFrames and sites; ``sites``: the sites of all blocks, with ``_b``),
    sorted by block, then function and site as each block alone has them; with ``_b``."""
    parts = []
    size = [len(b[3]) for b in blocks]
    start = np.r_[0, np.cumsum(size)[:-1]]
    for ftype in sorted({f for b in blocks for f in b[1]}):  # each year's types in its own (sorted) order
        bl = [k for k, b in enumerate(blocks) if ftype in b[1]]
        tfl = [blocks[k][1][ftype] for k in bl]
        pairs = common.stacked_pairs([common.pairs_for(tf, blocks[k][3]["x"].to_numpy(), blocks[k][3]["y"].to_numpy())
                                      for k, tf in zip(bl, tfl, strict=True)], [len(tf.areas) for tf in tfl],
                                     [size[k] for k in bl])
        rows = np.concatenate([np.arange(start[k], start[k] + size[k]) for k in bl])
        short = np.concatenate([tf.areas["shortfall"].to_numpy(dtype="float64") for tf in tfl])
        est = np.concatenate([tf.areas["estimate"].to_numpy() for tf in tfl])
        w = short[pairs.area]
        n = len(rows)
        covered = np.bincount(pairs.facility, weights=w, minlength=n)
        reached = np.bincount(pairs.facility, weights=(w > 0).astype(float), minlength=n)
        est = np.bincount(pairs.facility, weights=((w > 0) & est[pairs.area]), minlength=n) > 0
        per = [size[k] for k in bl]
        units = [tf.shortfall_unit for tf in tfl]
        methods = [tf.method for tf in tfl]
        parts.append(pd.DataFrame({
            "site_id": sites["site_id"].to_numpy()[rows], "function": ftype, "covered": covered,
            "covered_unit": units[0] if len(set(units)) == 1 else np.repeat(np.asarray(units, dtype=object), per),
            "buurten": reached.astype(int), "estimate": est,
            "method": methods[0] if len(set(methods)) == 1 else np.repeat(np.asarray(methods, dtype=object), per),
            "_b": sites["_b"].to_numpy()[rows]}))
    cov = pd.concat(parts, ignore_index=True)
    return cov.iloc[np.argsort(cov["_b"].to_numpy(), kind="stable")].reset_index(drop=True)


def _hub_blocks(blocks: list, extra_functions, min_share: float, max_units: float, spacing_m: float,
                params: dict) -> list[HubResult | None]:
    """The hub result of each block (year, TypeFrames, qualifying buurten, sites with the buurten they serve). One
    block: the steps of one year. Several: coverage, programme, scores and ranking of all blocks at once; a block in
    which no site keeps two functions gets None (to be computed on its own: its frames without rows are built as
    that year alone builds them)."""
    one = len(blocks) == 1
    if one:
        y, tfs, qual, sites = blocks[0]
        prog = programme(coverage(tfs, sites), extra_functions, min_share, max_units)
        prog = prog[prog["site_id"].isin(sites["site_id"])].copy()
        key = "site_id"
    else:
        sites = pd.concat([b[3] for b in blocks], ignore_index=True)
        sites["_b"] = np.repeat(np.arange(len(blocks)), [len(b[3]) for b in blocks])
        prog = programme(_coverage_blocks(blocks, sites), extra_functions, min_share, max_units)
        key = ["_b", "site_id"]
    have = dict(zip(sites["site_id"], sites["existing_types"], strict=True))  # a site's types: the same every year
    prog["existing"] = [f in have[s] for s, f in zip(prog["site_id"], prog["function"], strict=True)]
    eq = np.where(prog["basis"] == "covered", np.minimum(prog["equivalents"].fillna(0), prog["units"]), 0.0)
    g = prog.assign(eq=eq, any_estimate=prog["estimate"].fillna(False).astype(bool)).groupby(key)
    agg = pd.DataFrame({"score": g["eq"].sum(), "need_in_reach": g["equivalents"].sum(),
                        "floor_m2": g["floor_m2"].sum(), "n_functions": g.size(),
                        "functions": g["function"].agg(list), "estimate": g["any_estimate"].any()})
    sites = sites.join(agg, on=key, how="inner")
    sites = sites[sites["n_functions"] >= 2]
    if one:
        sites = sites.sort_values(["score", "need_in_reach", "site_id"], ascending=[False, False, True])
        return [_ranked(sites.reset_index(drop=True), prog, qual, spacing_m, params)]
    sites = sites.sort_values(["_b", "score", "need_in_reach", "site_id"], ascending=[True, False, False, True])
    ends = np.cumsum(np.bincount(sites["_b"].to_numpy(), minlength=len(blocks)))
    pends = np.cumsum(np.bincount(prog["_b"].to_numpy(), minlength=len(blocks)))
    prog = prog.drop(columns="_b")
    sites = sites.drop(columns="_b")
    out = []
    for b, (e, pe) in enumerate(zip(ends, pends, strict=True)):
        s, ps = (ends[b - 1], pends[b - 1]) if b else (0, 0)
        out.append(None if e == s else _ranked(sites.iloc[s:e].reset_index(drop=True), prog.iloc[ps:pe],
                                               blocks[b][2], spacing_m, params))
    return out


def _ranked(sites: pd.DataFrame, prog: pd.DataFrame, qual: pd.DataFrame, spacing_m: float,
            params: dict) -> HubResult:
    """One year's result from its ranked sites (best first) and programme: thinned, named, the programme of the
    sites kept."""
    sites = _thin(sites, spacing_m)
    name = dict(zip(qual["area_code"], qual["area_name"], strict=True))
    wijk = dict(zip(qual["area_code"], qual["wijk_name"], strict=True))
    sites["area_names"] = sites["areas_served"].map(lambda c: [name[a] for a in c])
    sites["wijk_name"] = sites["areas_served"].map(lambda c: wijk[c[0]])
    prog = prog[prog["site_id"].isin(sites["site_id"])].reset_index(drop=True)
    return HubResult(sites.reset_index(drop=True)[SITE_COLUMNS], prog, qual, dict(params))


def _thin(sites: pd.DataFrame, spacing_m: float) -> pd.DataFrame:
    """Keep a site only when no better-ranked kept site lies within ``spacing_m`` (rows sorted best first)."""
    if sites.empty or spacing_m <= 0:
        return sites
    xy = sites[["x", "y"]].to_numpy()
    tree = cKDTree(xy)
    dropped = np.zeros(len(sites), dtype=bool)
    for i in range(len(sites)):
        if dropped[i]:
            continue
        for j in tree.query_ball_point(xy[i], spacing_m):
            if j > i:
                dropped[j] = True
    return sites[~dropped]
