"""Method 4 — siting k new (shared) facilities: the capacitated maximal covering problem
(Church & ReVelle 1974, with capacities; docs/sharing/siting.md).

Given functions T (one type, or several for a hub), a capacity C_T per new site (norm unit; for distance
norms the inhabitants one unit serves, data/standard_sizes.csv) and k: choose at most k candidate sites j
(buurt centroids, existing facility sites for co-location, points the user adds) and amounts z_Tij ≥ 0 of
buurt i's unmet need served from j, to

    maximise   Σ_T v_T Σ_ij z_Tij                 v_T = 1 / standard unit (data/standard_sizes.csv),
    subject to Σ_j x_j ≤ k,  x_j ∈ {0, 1}          so the objective is in facility-equivalents
               Σ_j z_Tij ≤ w_Ti                    w = shortfall with the existing facilities fixed
               Σ_i z_Tij ≤ C_T x_j
               z_Tij ≤ w_Ti x_j, and z_Tij = 0 unless d_ij ≤ reach_Ti (catchment / maximum distance).

Ties (e.g. every site that fills its capacity) are broken toward serving need close by: the objective
carries −10⁻⁶ × v_T × z_Tij × d_ij / reach_Ti, which can cost at most 10⁻⁶ of the optimum.

Solved exactly with HiGHS (``scipy.optimize.milp``) when the model is small enough, else greedily: k times
the site with the largest gain Σ_T v_T min(C_T, unmet need left in reach), its capacity filled nearest first.
The greedy solution is feasible, so it never beats the exact one; for k = 1 it evaluates every candidate
and is exact (the functions of one site do not compete), so no MILP is needed. ``engine_check`` recomputes the gap table
with the chosen sites added as facilities (the 2SFCA result, which shares capacity by need and may differ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from lib.core import catchment, gaps
from lib.core import status as st
from lib.core.inputs import Inputs
from lib.sharing import common

MAX_EXACT_PAIRS = 60_000
MAX_EXACT_CANDIDATES = 3_000
TIME_LIMIT_S = 20.0
TIE_BREAK = 1e-6
SOLVER = "MILP, HiGHS (scipy.optimize.milp)"
ENUMERATION = "every candidate evaluated (k = 1)"


@dataclass
class Problem:
    """The covering model: candidates and, per function, the buurt weights and the pairs within reach."""

    candidates: pd.DataFrame                      # cand_id, kind, label, x, y
    functions: list[str]
    frames: dict[str, common.TypeFrame]
    capacity: dict[str, float]                    # per new site (norm unit; persons for distance norms)
    value: dict[str, float]                       # v_T per unit of need
    pairs: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]   # (buurt idx, candidate idx, distance)

    def weights(self, f: str) -> np.ndarray:
        return self.frames[f].areas["shortfall"].to_numpy(dtype="float64")


@dataclass
class SitingResult:
    sites: pd.DataFrame                 # chosen candidates with covered per function and equivalents
    allocation: pd.DataFrame            # function, area_code, area_name, cand_id, distance_m, amount
    method: str                         # 'exact' | 'greedy'
    status: str                         # solver message or 'greedy'
    objective: float                    # facility-equivalents covered
    summary: pd.DataFrame               # per function: shortfall_total, covered, share, unit
    n_candidates: int = 0
    params: dict = field(default_factory=dict)


def candidates(inp: Inputs, extra: pd.DataFrame | None = None, centroids: bool = True,
               facility_sites: bool = True) -> pd.DataFrame:
    """Candidate sites: buurt centroids, existing facility sites (one per location) and ``extra`` points
    (columns x, y and optionally label; EPSG:28992). Returns cand_id, kind, label, x, y."""
    parts = []
    if centroids:
        b = common.buurten(inp)
        parts.append(pd.DataFrame({"cand_id": "c-" + b["area_code"], "kind": "centroid", "label": b["area_name"],
                                   "x": b["cx"], "y": b["cy"]}))
    if facility_sites and len(inp.facilities):
        f = inp.facilities.assign(rx=inp.facilities["x"].round(0), ry=inp.facilities["y"].round(0))
        g = f.groupby(["rx", "ry"], sort=True).agg(id=("id", "first"), label=("name", lambda s: " + ".join(
            dict.fromkeys(map(str, s)))), x=("x", "first"), y=("y", "first")).reset_index(drop=True)
        parts.append(pd.DataFrame({"cand_id": "f-" + g["id"].astype(str), "kind": "facility", "label": g["label"],
                                   "x": g["x"], "y": g["y"]}))
    if extra is not None and len(extra):
        e = extra.reset_index(drop=True)
        label = e["label"] if "label" in e else pd.Series([f"punt {i + 1}" for i in range(len(e))])
        parts.append(pd.DataFrame({"cand_id": [f"p-{i + 1}" for i in range(len(e))], "kind": "point",
                                   "label": label.astype(str), "x": e["x"].astype("float64"),
                                   "y": e["y"].astype("float64")}))
    if not parts:
        return pd.DataFrame(columns=["cand_id", "kind", "label", "x", "y"])
    return pd.concat(parts, ignore_index=True)


def problem(inp: Inputs, table: pd.DataFrame | None, year: int, functions: list[str], cands: pd.DataFrame,
            capacity: dict[str, float] | None = None) -> Problem:
    """Build the covering model for ``functions`` (catchment or distance norms) and candidate sites."""
    frames, cap, val, pairs = {}, {}, {}, {}
    for f in functions:
        tf = common.type_frame(inp, table, f, year)
        if tf is None:
            raise ValueError(f"no catchment or distance norm for '{f}'")
        frames[f] = tf
        size = common.size_of(f)
        cap[f] = float((capacity or {}).get(f) or size["unit_capacity"])
        val[f] = 1.0 / float(size["unit_capacity"])
        pr = common.pairs_for(tf, cands["x"].to_numpy(), cands["y"].to_numpy())
        keep = tf.areas["shortfall"].to_numpy()[pr.area] > 0
        pairs[f] = (pr.area[keep], pr.facility[keep], pr.distance[keep])
    return Problem(cands.reset_index(drop=True), list(functions), frames, cap, val, pairs)


def _n_pairs(p: Problem) -> int:
    return int(sum(len(v[0]) for v in p.pairs.values()))


def solve_exact(p: Problem, k: int, time_limit: float = TIME_LIMIT_S) -> tuple[np.ndarray, np.ndarray, str, bool]:
    """MILP with HiGHS. Returns (x per candidate, z per pair in function order, message, optimal)."""
    n = len(p.candidates)
    sizes = [len(p.pairs[f][0]) for f in p.functions]
    nz = int(sum(sizes))
    nv = n + nz
    c = np.zeros(nv)
    ub = np.ones(nv)
    rows, lo_b, hi_b = [sp.csr_matrix(np.concatenate([np.ones(n), np.zeros(nz)])[None, :])], [-np.inf], [k]
    off = n
    for f, size in zip(p.functions, sizes, strict=True):
        i, j, d = p.pairs[f]
        w = p.weights(f)
        idx = off + np.arange(size)
        reach = p.frames[f].areas["reach_m"].to_numpy(dtype="float64")[i]
        c[idx] = -p.value[f] * (1.0 - TIE_BREAK * d / np.where(reach > 0, reach, 1.0))
        ub[idx] = w[i]
        if size:
            # Σ_j z_Tij ≤ w_Ti per buurt
            ui, inv = np.unique(i, return_inverse=True)
            rows.append(sp.csr_matrix((np.ones(size), (inv, idx)), shape=(len(ui), nv)))
            lo_b += [-np.inf] * len(ui)
            hi_b += list(w[ui])
            # z_Tij − w_Ti x_j ≤ 0 per pair
            r = np.arange(size)
            rows.append(sp.csr_matrix((np.concatenate([np.ones(size), -w[i]]),
                                       (np.concatenate([r, r]), np.concatenate([idx, j]))), shape=(size, nv)))
            lo_b += [-np.inf] * size
            hi_b += [0.0] * size
            if np.isfinite(p.capacity[f]):
                # Σ_i z_Tij − C_T x_j ≤ 0 per candidate
                rows.append(sp.csr_matrix((np.concatenate([np.ones(size), np.full(n, -p.capacity[f])]),
                                           (np.concatenate([j, np.arange(n)]), np.concatenate([idx, np.arange(n)]))),
                                          shape=(n, nv)))
                lo_b += [-np.inf] * n
                hi_b += [0.0] * n
        off += size
    a = sp.vstack(rows).tocsr()
    scale = np.abs(c).max() if nz else 1.0
    c = c * (1000.0 / scale if scale > 0 else 1.0)   # HiGHS stops at an absolute gap of 1e-6: keep ties visible
    integrality = np.concatenate([np.ones(n), np.zeros(nz)])
    res = milp(c, constraints=LinearConstraint(a, lo_b, hi_b), integrality=integrality,
               bounds=Bounds(np.zeros(nv), ub), options={"time_limit": time_limit, "mip_rel_gap": 1e-9})
    if res.x is None:
        return np.zeros(n), np.zeros(nz), str(res.message), False
    x = np.round(res.x[:n])
    z = np.clip(np.where(x[_pair_cands(p)] > 0.5, res.x[n:], 0.0), 0, None)
    return x, z, str(res.message), res.status == 0


def _pair_cands(p: Problem) -> np.ndarray:
    return np.concatenate([p.pairs[f][1] for f in p.functions]) if p.functions else np.zeros(0, dtype=int)


def _fill_nearest(p: Problem, f: str, left: np.ndarray) -> np.ndarray:
    """Per pair of function ``f``: what its candidate takes when it alone fills its capacity nearest first
    from the need ``left`` (every candidate evaluated at once)."""
    i, j, d = p.pairs[f]
    order = np.lexsort((i, d, j))
    w = left[i[order]]
    cum = np.cumsum(w)
    start = np.r_[0, np.flatnonzero(np.diff(j[order])) + 1] if len(order) else np.zeros(0, dtype=int)
    group_start = np.repeat(cum[start] - w[start], np.diff(np.r_[start, len(order)]))
    before = cum - w - group_start
    take = np.zeros(len(i))
    take[order] = np.clip(np.minimum(w, p.capacity[f] - before), 0, None)
    return take


def solve_greedy(p: Problem, k: int) -> tuple[np.ndarray, np.ndarray]:
    """k times the candidate with the largest gain Σ_T v_T min(C_T, need left in reach), its capacity filled
    nearest first (ties: the candidate whose fill lies nearest). Exact for k = 1. Returns (x, z)."""
    n = len(p.candidates)
    left = {f: p.weights(f).copy() for f in p.functions}
    z = {f: np.zeros(len(p.pairs[f][0])) for f in p.functions}
    x = np.zeros(n)
    for _ in range(int(k)):
        gain = np.zeros(n)
        takes = {}
        for f in p.functions:
            i, j, d = p.pairs[f]
            takes[f] = _fill_nearest(p, f, left[f])
            reach = p.frames[f].areas["reach_m"].to_numpy(dtype="float64")[i]
            unit = p.value[f] * takes[f] * (1.0 - TIE_BREAK * d / np.where(reach > 0, reach, 1.0))
            gain += np.bincount(j, weights=unit, minlength=n)
        gain[x > 0.5] = -1.0
        best = int(np.argmax(gain)) if n else -1
        if best < 0 or gain[best] <= 1e-12:
            break
        x[best] = 1.0
        for f in p.functions:
            i, j, _ = p.pairs[f]
            mine = j == best
            z[f][mine] = takes[f][mine]
            np.subtract.at(left[f], i[mine], takes[f][mine])
    return x, (np.concatenate([z[f] for f in p.functions]) if p.functions else np.zeros(0))


def objective(p: Problem, z: np.ndarray) -> float:
    """Facility-equivalents covered by allocation ``z`` (pairs in function order)."""
    v = np.concatenate([np.full(len(p.pairs[f][0]), p.value[f]) for f in p.functions]) if p.functions else z
    return float(np.dot(v, z))


def best_for(p: Problem, chosen: list[int]) -> float:
    """The best coverage a fixed set of sites can reach (an LP: the MILP with x fixed); for brute force."""
    sub = Problem(p.candidates.iloc[chosen].reset_index(drop=True), p.functions, p.frames, p.capacity, p.value,
                  {f: _restrict(p.pairs[f], chosen) for f in p.functions})
    _, z, _, _ = solve_exact(sub, len(chosen))
    return objective(sub, z)


def _restrict(pairs, chosen):
    i, j, d = pairs
    remap = {c: n for n, c in enumerate(chosen)}
    keep = np.isin(j, chosen)
    return i[keep], np.array([remap[c] for c in j[keep]], dtype=np.int64), d[keep]


def brute_force(p: Problem, k: int) -> float:
    """The best objective over every set of exactly ``k`` candidates (small instances only)."""
    return max((best_for(p, list(s)) for s in combinations(range(len(p.candidates)), k)), default=0.0)


def site(inp: Inputs, table: pd.DataFrame | None, year: int, functions: list[str], k: int = 1,
         capacity: dict[str, float] | None = None, extra: pd.DataFrame | None = None, method: str = "auto",
         centroids: bool = True, facility_sites: bool = True, time_limit: float = TIME_LIMIT_S) -> SitingResult:
    """Choose up to ``k`` new sites for ``functions``; ``method`` 'auto' (exact when small), 'exact' or 'greedy'."""
    table = common.shared(inp, table)
    if extra is None or not len(extra):  # the same question asked again (the options list, the siting form): shared
        caps = tuple(float((capacity or {}).get(f) or common.size_of(f)["unit_capacity"]) for f in functions)
        key = ("site", int(year), tuple(functions), caps, int(k), method, centroids, facility_sites, time_limit)
        return table.derived(key, lambda: _site(inp, table, year, functions, k, capacity, None, method, centroids,
                                                facility_sites, time_limit))
    return _site(inp, table, year, functions, k, capacity, extra, method, centroids, facility_sites, time_limit)


def _site(inp: Inputs, table: common.Frames, year: int, functions: list[str], k: int,
          capacity: dict[str, float] | None, extra: pd.DataFrame | None, method: str, centroids: bool,
          facility_sites: bool, time_limit: float) -> SitingResult:
    cands = table.derived(("siting_candidates", centroids, facility_sites),
                          lambda: candidates(inp, None, centroids, facility_sites))
    if extra is not None and len(extra):  # the user's points after the shared ones, as candidates() orders them
        cands = candidates(inp, extra, centroids, facility_sites) if cands.empty else \
            pd.concat([cands, candidates(inp, extra, False, False)], ignore_index=True)
    p = problem(inp, table, year, functions, cands, capacity)
    small = _n_pairs(p) <= MAX_EXACT_PAIRS and len(cands) <= MAX_EXACT_CANDIDATES
    ran, status, solver = "greedy", "greedy: best gain first, capacity filled nearest first", "greedy"
    if k == 1 and method != "greedy":
        x, z = solve_greedy(p, 1)
        ran, status, solver = "exact", "optimal", ENUMERATION
    elif method == "exact" or (method == "auto" and small):
        x, z, msg, optimal = solve_exact(p, k, time_limit)
        if x.sum() > 0 or optimal:
            ran, status, solver = "exact", ("optimal" if optimal else f"time limit, best found ({msg})"), SOLVER
        else:
            x, z = solve_greedy(p, k)
    else:
        x, z = solve_greedy(p, k)
    params = {"functions": list(functions), "k": int(k), "capacity": {f: p.capacity[f] for f in functions},
              "candidates": int(len(cands)), "pairs": _n_pairs(p), "solver": solver}
    return _result(p, x, z, ran, status, params)


def _result(p: Problem, x: np.ndarray, z: np.ndarray, method: str, status: str, params: dict) -> SitingResult:
    chosen = np.flatnonzero(x > 0.5)
    alloc, off = [], 0
    for f in p.functions:
        i, j, d = p.pairs[f]
        zz = z[off:off + len(i)]
        off += len(i)
        k = zz > 1e-9
        a = p.frames[f].areas
        alloc.append(pd.DataFrame({"function": f, "area_code": a["area_code"].to_numpy()[i[k]],
                                   "area_name": a["area_name"].to_numpy()[i[k]],
                                   "cand_id": p.candidates["cand_id"].to_numpy()[j[k]], "distance_m": d[k],
                                   "amount": zz[k], "unit": p.frames[f].shortfall_unit}))
    alloc = pd.concat(alloc, ignore_index=True) if alloc else pd.DataFrame(
        columns=["function", "area_code", "area_name", "cand_id", "distance_m", "amount", "unit"])
    sites = p.candidates.iloc[chosen].reset_index(drop=True).copy()
    eq = alloc.assign(eq=alloc["amount"].astype("float64") * alloc["function"].map(p.value).astype("float64")) \
        .groupby("cand_id")["eq"].sum()
    for f in p.functions:  # per function, not a pivot table (~5 ms each): the same sums per candidate
        cov = alloc[alloc["function"] == f]
        sites[f"covered_{f}"] = sites["cand_id"].map(cov.groupby("cand_id")["amount"].sum()).fillna(0.0) \
            if len(cov) else 0.0
    sites["equivalents"] = sites["cand_id"].map(eq).fillna(0.0)
    sites["buurten"] = sites["cand_id"].map(alloc.groupby("cand_id")["area_code"].nunique()).fillna(0).astype(int)
    sites = sites.sort_values("equivalents", ascending=False).reset_index(drop=True)
    summary = pd.DataFrame({
        "function": p.functions,
        "shortfall_total": [float(p.weights(f).sum()) for f in p.functions],
        "covered": [float(alloc.loc[alloc["function"] == f, "amount"].sum()) for f in p.functions],
        "unit": [p.frames[f].shortfall_unit for f in p.functions],
        "capacity_per_site": [p.capacity[f] for f in p.functions]})
    summary["share"] = np.where(summary["shortfall_total"] > 0, summary["covered"] / summary["shortfall_total"], 0.0)
    return SitingResult(sites, alloc, method, status, objective(p, z), summary, len(p.candidates), params)


def engine_check(inp: Inputs, year: int, sites: pd.DataFrame, functions: list[str],
                 capacity: dict[str, float] | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shortfall before and after adding the chosen sites as facilities, recomputed by lib.core.gaps (2SFCA).

    Per function: unit, before, after, reduction (norm unit; distance norms: persons beyond the distance).
    The new facilities get the nearest buurt as area (only service-level norms use it). A distance norm whose
    type has no facility points (its distances come from CBS nabijheid) keeps those distances and takes the
    distance to the nearest new site where that is shorter: lib.core.gaps would otherwise measure every buurt to
    the new points alone.
    ``table``: the gap table of ``inp`` for several years (e.g. a page's cached one); the "before" rows of ``year``
    are taken from it instead of being computed again (the engine computes each year and type on its own, so they
    are the same rows).
    """
    if isinstance(table, common.Frames):
        table = table.table
    if table is not None and (table["year"] == year).any():
        before = table[(table["year"] == year) & table["facility_type"].isin(functions)]
    else:
        before = gaps.compute(inp, years=[year], types=functions).table
    before = before[before["level"] == "buurt"]
    b = common.buurten(inp)
    new = []
    for f in functions:
        rows = before[before["facility_type"] == f]
        unit = rows["unit"].iloc[0] if len(rows) else "facilities"
        cap = float((capacity or {}).get(f) or common.size_of(f)["unit_capacity"])
        for n, s in enumerate(sites.itertuples()):
            near = int(np.argmin((b["cx"] - s.x) ** 2 + (b["cy"] - s.y) ** 2))
            new.append({"id": f"new-{f}-{n + 1}", "name": str(s.label), "type": f, "x": float(s.x), "y": float(s.y),
                        "capacity": np.nan if unit == "m" else cap, "unit": None if unit == "m" else unit,
                        "capacity_note": "proposed site", "area_code": b["area_code"].iloc[near], "source": "siting"})
    fac = pd.concat([inp.facilities, pd.DataFrame(new)], ignore_index=True) if new else inp.facilities
    after = gaps.compute(inp.with_(facilities=fac, base=inp.reference), years=[year], types=functions).table
    after = after[after["level"] == "buurt"]
    out = []
    for f in functions:
        rb = before[before["facility_type"] == f]
        ra = after[after["facility_type"] == f]
        no_points = (rb["method"] == "distance").any() and not (inp.facilities["type"] == f).any()
        if no_points and len(sites):
            a = b.set_index("area_code").loc[rb["area_code"]]
            d, _ = catchment.nearest_distance(a["cx"].to_numpy(), a["cy"].to_numpy(), sites["x"].to_numpy(dtype=float),
                                              sites["y"].to_numpy(dtype=float))
            ra = rb.assign(supply=np.fmin(rb["supply"].to_numpy(dtype=float), d))
            ra = ra.assign(status=np.where(ra["supply"] > ra["need"], "shortfall", "sufficient"))
        out.append({"function": f, "unit": _unit(rb), "before": _short(rb), "after": _short(ra)})
    df = pd.DataFrame(out)
    df["reduction"] = df["before"] - df["after"]
    return df


def _unit(rows: pd.DataFrame) -> str:
    return "persons" if (rows["method"] == "distance").any() else (rows["unit"].iloc[0] if len(rows) else "")


def _short(rows: pd.DataFrame) -> float:
    """Shortfalls at the norm's catchment (robust or fragile; not negligible, data gaps or proxies): persons beyond
    the distance, or Σ −gap (norm unit)."""
    short = rows[rows["status"].isin(st.SHORT)]
    if (rows["method"] == "distance").any():
        return float(short["basis_value"].sum())
    return float(np.clip(-short["gap"], 0, None).sum())
