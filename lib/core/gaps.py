"""Need, supply and gap per area, facility type and year — the norm-comparison engine.

* need = amount × basis / per (the area's woonmilieu row of the norm where one exists).
* Catchment norms: supply by 2SFCA (lib.core.catchment) over buurt centroids and facility points.
* Service-level norms: need summed over the buurten inside each area of that level; supply = the sum
  of the facilities located inside it.
* Distance norms (unit max_distance_m): need = the maximum distance (m), supply = distance from the
  buurt centroid to the nearest facility of the type, or the CBS nabijheid distance where no facility
  points of the type exist; gap = need − supply.
* gap = supply − need; negative = shortfall. Status from the ratio supply/need (see ``status``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.core import catchment, hierarchy, norms, population
from lib.core.inputs import Inputs

STATUSES = ("shortfall", "tight", "sufficient", "surplus")
TIGHT_BELOW = 1.10     # supply/need in [1, 1.10) → tight
SURPLUS_FROM = 1.50    # supply/need ≥ 1.5 → surplus
DISTANCE_TIGHT = 0.80  # distance norms: nearest > 80 % of the maximum → tight

COLUMNS = ["area_code", "area_name", "level", "year", "facility_type", "need", "supply", "gap", "unit", "status",
           "method", "basis", "basis_value", "amount", "per", "catchment_m", "service_level", "norm_woonmilieu",
           "area_woonmilieu", "norm_source", "norm_status", "estimate", "forecast", "supply_source"]


@dataclass
class GapResult:
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)  # facilities not counted, missing data, …


def status(need: np.ndarray, supply: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """shortfall / tight / sufficient / surplus (quantity norms); shortfall / tight / sufficient (distance).

    Quantity: r = supply/need; r < 1 shortfall, < 1.10 tight, < 1.5 sufficient, else surplus; with no
    need: surplus when there is supply, else sufficient. Distance: supply > need shortfall, > 80 % of need
    tight, else sufficient. Unknown supply → 'unknown'.
    """
    need = np.asarray(need, dtype="float64")
    supply = np.asarray(supply, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(need > 0, supply / need, np.inf)
    q = np.select([r < 1, r < TIGHT_BELOW, r < SURPLUS_FROM], ["shortfall", "tight", "sufficient"], "surplus")
    q = np.where((need <= 0) & (supply <= 0), "sufficient", q)
    d = np.select([supply > need, supply > DISTANCE_TIGHT * need], ["shortfall", "tight"], "sufficient")
    out = np.where(distance, d, q).astype(object)
    out[np.isnan(supply)] = "unknown"
    return out


def facility_supply(fac: pd.DataFrame, unit: str) -> tuple[np.ndarray, list[str]]:
    """S_j per facility for a norm unit: capacity when units match, 1 for a 'facilities' norm, else not counted."""
    same = (fac["unit"] == unit).to_numpy()
    cap = fac["capacity"].to_numpy(dtype="float64")
    s = np.where(same, cap, 1.0 if unit == "facilities" else np.nan)
    notes = []
    bad_unit = ~same & (unit != "facilities")
    no_cap = same & np.isnan(cap)
    if bad_unit.any():
        names = ", ".join(fac.loc[bad_unit, "name"].astype(str).head(5))
        notes.append(f"{int(bad_unit.sum())} {fac['type'].iloc[0]} facilities not counted: their unit does not "
                     f"match the norm's unit '{unit}' ({names})")
    if no_cap.any():
        names = ", ".join(fac.loc[no_cap, "name"].astype(str).head(5))
        notes.append(f"{int(no_cap.sum())} {fac['type'].iloc[0]} facilities not counted: no capacity ({names})")
    return np.nan_to_num(s, nan=0.0), notes


def compute(inp: Inputs, years: list[int] | None = None, types: list[str] | None = None) -> GapResult:
    """Gap table for all norms (or ``types``) and ``years`` (default: the base year).

    Vectorised over buurten and years: a population tensor (buurt × year × age band), needs as
    (buurt × year) arrays, 2SFCA as two sparse products, then one DataFrame per facility type.
    """
    years = sorted(set(years or [inp.base_year]))
    buurten = inp.areas[inp.areas["level"] == "buurt"].reset_index(drop=True)
    nrm = inp.norms if types is None else inp.norms[inp.norms["facility_type"].isin(types)]
    if nrm.empty or buurten.empty:
        return GapResult(pd.DataFrame(columns=COLUMNS))
    codes = buurten["code"].to_numpy()
    pt = population.tensor(inp.population, inp.dwellings, inp.plans, years, inp.base_year, inp.occupancy, codes)
    bases = _bases(pt, set(nrm["basis"]))
    resolved = norms.resolve(nrm, buurten[["code", "woonmilieu"]])
    frames, notes = [], []
    for ftype, rn in resolved.groupby("facility_type", sort=True):
        rn = rn.set_index("area_code").reindex(codes)
        has = rn["basis"].notna().to_numpy()
        value = np.zeros((len(codes), len(years)))
        estimate = np.zeros((len(codes), len(years)), bool)
        for b in rn.loc[has, "basis"].unique():
            sel = (rn["basis"] == b).to_numpy()
            value[sel], estimate[sel] = bases[b][0][sel], bases[b][1][sel]
        ratio = (rn["amount"] / rn["per"]).to_numpy(dtype="float64")
        need = np.where(has[:, None], ratio[:, None] * value, 0.0)
        fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
        unit = rn.loc[has, "unit"].iloc[0]
        ctx = _TypeCtx(ftype, rn, has, value, estimate, need, pt, years, buurten, fac, unit)
        if norms.is_distance(unit):
            out, n = _distance(ctx, inp)
        elif rn.loc[has, "catchment_m"].notna().all():
            out, n = _catchment(ctx)
        else:
            out, n = _service_level(ctx, inp.areas, rn.loc[has, "service_level"].iloc[0])
        frames.append(out)
        notes.extend(n)
    table = _assemble(frames)
    names = inp.areas.set_index("code")
    for col, src in (("area_name", "name"), ("level", "level"), ("area_woonmilieu", "woonmilieu")):
        table[col] = table["area_code"].map(names[src])
    distance = (table["method"] == "distance").to_numpy()
    table["gap"] = np.where(distance, table["need"] - table["supply"], table["supply"] - table["need"])
    table["status"] = pd.Categorical(status(table["need"].to_numpy(), table["supply"].to_numpy(), distance),
                                     categories=[*STATUSES, "unknown"])
    return GapResult(table.reindex(columns=COLUMNS).reset_index(drop=True), notes)


@dataclass
class _TypeCtx:
    """Per facility type: the resolved norm per buurt and the (buurt × year) arrays."""

    ftype: str
    rn: pd.DataFrame        # resolved norm columns, indexed by buurt code (NaN rows: no norm for that buurt)
    has: np.ndarray         # buurt has a norm
    value: np.ndarray       # basis value (buurt × year)
    estimate: np.ndarray
    need: np.ndarray
    pt: population.PopTensor
    years: list[int]
    buurten: pd.DataFrame
    fac: pd.DataFrame
    unit: str

    def frame(self, rows: np.ndarray, supply: np.ndarray, method: str, supply_source, **over) -> dict:
        """Columns of the long rows (year-major, then buurt) for the buurten ``rows`` (boolean mask)."""
        ny = len(self.years)
        idx = np.flatnonzero(rows)
        rn = self.rn.iloc[idx]
        data = {
            "area_code": _Cat.tile(rn.index.to_numpy(), ny),
            "year": np.repeat(np.array(self.years), len(idx)),
            "facility_type": _Cat.const(self.ftype, len(idx) * ny),
            "need": self.need[idx].T.ravel(),
            "supply": supply[idx].T.ravel(),
            "unit": _Cat.const(self.unit, len(idx) * ny), "method": _Cat.const(method, len(idx) * ny),
            "basis_value": self.value[idx].T.ravel(),
            "estimate": self.estimate[idx].T.ravel(),
            "forecast": self.pt.forecast[idx].T.ravel(),
            "supply_source": _Cat.const(supply_source, len(idx) * ny) if np.isscalar(supply_source)
            else _Cat.tile(np.asarray(supply_source)[idx].T.ravel(), 1),
            "amount": np.tile(rn["amount"].to_numpy(dtype="float64"), ny),
            "per": np.tile(rn["per"].to_numpy(dtype="float64"), ny),
            "catchment_m": np.tile(rn["catchment_m"].to_numpy(dtype="float64"), ny),
        }
        for col, src in (("basis", "basis"), ("service_level", "service_level"), ("norm_woonmilieu", "woonmilieu"),
                         ("norm_source", "source"), ("norm_status", "status")):
            data[col] = _Cat.tile(rn[src].to_numpy(), ny)
        for col, value in over.items():
            data[col] = _Cat.const(value, len(idx) * ny) if isinstance(value, str) else value
        return data


@dataclass
class _Cat:
    """A categorical column in pieces: integer codes into ``uniques`` (-1 = missing)."""

    codes: np.ndarray
    uniques: list

    @staticmethod
    def tile(values: np.ndarray, reps: int) -> _Cat:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        return _Cat(np.tile(codes, reps), list(uniques))

    @staticmethod
    def const(value, n: int) -> _Cat:
        return _Cat(np.zeros(n, dtype=np.int64), [value])

    @staticmethod
    def join(pieces: list[_Cat]) -> pd.Categorical:
        cats = pd.Index(pd.unique(pd.Series([u for p in pieces for u in p.uniques], dtype=object)))
        parts = []
        for p in pieces:
            remap = np.append(cats.get_indexer(pd.Index(p.uniques, dtype=object)), -1)
            parts.append(remap[p.codes])  # code -1 picks the appended -1
        return pd.Categorical.from_codes(np.concatenate(parts) if parts else np.zeros(0, int), categories=cats)


def _assemble(frames: list[dict]) -> pd.DataFrame:
    """One DataFrame from the per-type column dicts; string columns stay categorical (fast on 10^6 rows)."""
    out = {}
    for col in frames[0]:
        pieces = [f[col] for f in frames]
        out[col] = _Cat.join(pieces) if isinstance(pieces[0], _Cat) else np.concatenate(pieces)
    return pd.DataFrame(out)


def _bases(pt: population.PopTensor, bases: set[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(value, estimate) per (buurt × year) for every basis string the norms use."""
    out = {}
    for b in bases:
        parsed = norms.parse_basis(b)
        if parsed.kind == "inhabitants":
            v = pt.persons.sum(axis=2)
            out[b] = (v, np.zeros(v.shape, bool))
        elif parsed.kind == "dwellings":
            out[b] = (np.nan_to_num(pt.dwellings), np.zeros(pt.dwellings.shape, bool))
        else:
            out[b] = pt.in_range(parsed.age_min, parsed.age_max)
    return out


def _catchment(c: _TypeCtx):
    notes = []
    radius = c.rn["catchment_m"].to_numpy(dtype="float64")
    if len(c.fac):
        cap, notes = facility_supply(c.fac, c.unit)
    else:
        cap = np.zeros(0)
        notes = [f"no {c.ftype} facilities loaded: supply is 0"]
    pairs = catchment.pairs_within(c.buurten["cx"].to_numpy(), c.buurten["cy"].to_numpy(),
                                   np.nan_to_num(radius, nan=-1), c.fac["x"].to_numpy(), c.fac["y"].to_numpy())
    supply = catchment.two_step_matrix(c.need, cap, pairs)
    return c.frame(c.has, supply, "catchment", _supply_source(c.fac)), notes


def _ancestor(codes: pd.Series, areas: pd.DataFrame, level: str) -> pd.Series:
    parent = areas.set_index("code")["parent_code"]
    lvl = areas.set_index("code")["level"]
    out = codes.copy()
    for _ in range(2):
        move = out.map(lvl).ne(level) & out.notna()
        out = out.where(~move, out.map(parent))
    return out.where(out.map(lvl) == level)


def _service_level(c: _TypeCtx, areas: pd.DataFrame, level: str):
    buurt_codes = pd.Series(c.rn.index.to_numpy())
    target = _ancestor(buurt_codes, areas, level)
    ok = c.has & target.notna().to_numpy()
    groups, gidx = np.unique(target[ok].to_numpy(dtype=str), return_inverse=True)
    ng, ny = len(groups), len(c.years)

    def gsum(arr: np.ndarray) -> np.ndarray:
        out = np.zeros((ng, ny))
        np.add.at(out, gidx, arr[ok])
        return out

    need, value = gsum(c.need), gsum(c.value)
    est = gsum(c.estimate.astype(float)) > 0
    notes = []
    supply_g = np.zeros(ng)
    if len(c.fac):
        cap, notes = facility_supply(c.fac, c.unit)
        where = _ancestor(c.fac["area_code"], areas, level)
        fi = pd.Index(groups).get_indexer(where.fillna("").to_numpy(dtype=str))
        np.add.at(supply_g, fi[fi >= 0], cap[fi >= 0])
        outside = int(where.isna().sum())
        if outside:
            notes.append(f"{outside} {c.ftype} facilities lie outside every area and are not counted")
    first = c.rn[ok].groupby(gidx).first()
    mixed = c.rn[ok].groupby(gidx)["woonmilieu"].agg(lambda s: "" if (s == "").all() else "mixed").to_numpy()
    n = ng * ny
    data = {
        "area_code": _Cat.tile(groups, ny), "year": np.repeat(np.array(c.years), ng),
        "facility_type": _Cat.const(c.ftype, n), "need": need.T.ravel(), "supply": np.tile(supply_g, ny),
        "unit": _Cat.const(c.unit, n), "method": _Cat.const("service_level", n),
        "basis_value": value.T.ravel(), "estimate": est.T.ravel(),
        "forecast": (gsum(c.pt.forecast.astype(float)) > 0).T.ravel(),
        "supply_source": _Cat.const(_supply_source(c.fac), n),
        "amount": np.tile(first["amount"].to_numpy(dtype="float64"), ny),
        "per": np.tile(first["per"].to_numpy(dtype="float64"), ny),
        "catchment_m": np.tile(first["catchment_m"].to_numpy(dtype="float64"), ny),
    }
    for col, src in (("basis", "basis"), ("service_level", "service_level"), ("norm_source", "source"),
                     ("norm_status", "status")):
        data[col] = _Cat.tile(first[src].to_numpy(), ny)
    data["norm_woonmilieu"] = _Cat.tile(mixed, ny)
    return data, notes


def _distance(c: _TypeCtx, inp: Inputs):
    """Nearest facility point, or the CBS nabijheid distance where the base data has no points of the type.

    When a case adds points of a type that only has CBS distances (e.g. a new library), each buurt takes the
    nearer of its CBS distance and the straight line to the new point, so one added point does not replace
    the published distances everywhere.
    """
    notes = []
    n, ny = len(c.rn), len(c.years)
    amount = c.rn["amount"].to_numpy(dtype="float64")
    c.need = np.where(c.has[:, None], np.repeat(amount[:, None], ny, axis=1), 0.0)
    dist = inp.distances[inp.distances["facility_type"] == c.ftype]
    from_case = (c.fac["source"] == "case").to_numpy() if len(c.fac) else np.zeros(0, bool)
    point_label = "nearest facility point (straight line from buurt centroid)"
    if len(c.fac) and (dist.empty or not from_case.all()):
        d, _ = catchment.nearest_distance(c.buurten["cx"].to_numpy(), c.buurten["cy"].to_numpy(),
                                          c.fac["x"].to_numpy(), c.fac["y"].to_numpy())
        return c.frame(c.has, np.repeat(d[:, None], ny, axis=1), "distance", point_label, unit="m"), notes
    supply = np.full((n, ny), np.nan)
    source = np.full((n, ny), "no data", dtype=object)
    for y, year in enumerate(c.years):
        latest = population.latest_at_or_before(dist, int(year))
        if latest.empty and len(dist):
            latest = dist[dist["year"] == dist["year"].min()]
        if latest.empty:
            continue
        supply[:, y] = pd.Series(latest["distance_m"].to_numpy(), index=latest["area_code"]).reindex(
            c.rn.index).to_numpy()
        source[:, y] = f"CBS nabijheid {int(latest['year'].iloc[0])} (road distance, no facility points)"
    if len(c.fac):  # points added by a case: the nearer of CBS and the new point
        d, _ = catchment.nearest_distance(c.buurten["cx"].to_numpy(), c.buurten["cy"].to_numpy(),
                                          c.fac["x"].to_numpy(), c.fac["y"].to_numpy())
        nearer = np.isnan(supply) | (d[:, None] < supply)
        supply = np.where(nearer, d[:, None], supply)
        source = np.where(nearer, "facility added in case (straight line from buurt centroid)", source)
    if dist.empty and not len(c.fac):
        notes.append(f"no {c.ftype} facility points and no CBS nabijheid distances: status unknown")
    return c.frame(c.has, supply, "distance", source, unit="m"), notes


def _supply_source(fac: pd.DataFrame) -> str:
    if fac.empty:
        return "no facilities loaded"
    notes = fac["capacity_note"].dropna().unique()
    return "; ".join(sorted(set(map(str, notes)))) or "facility capacities as imported"


STATUS_RANK = {"shortfall": 0, "tight": 1, "sufficient": 2, "surplus": 3, "unknown": 4}


def aggregate(table: pd.DataFrame, areas: pd.DataFrame, level: str) -> pd.DataFrame:
    """Gap rows at ``level`` (wijk/gemeente) from buurt rows: need and supply are summed for quantity norms;
    distance norms report the buurt furthest from a facility (the worst case). Rows already at ``level`` are
    kept; rows at other levels are dropped."""
    table = _plain(table)
    keep = table[table["level"] == level]
    rows = table[(table["level"] == "buurt") & (level != "buurt")].copy()
    if rows.empty:
        return keep.reset_index(drop=True)
    rows["target"] = hierarchy.ancestors(areas, rows["area_code"], level)
    rows = rows.dropna(subset=["target"])
    first = {c: (c, "first") for c in ("unit", "method", "basis", "amount", "per", "catchment_m", "service_level",
                                       "norm_source", "norm_status", "supply_source")}
    qty = rows[rows["method"] != "distance"]
    agg = qty.groupby(["target", "year", "facility_type"], as_index=False).agg(
        need=("need", "sum"), supply=("supply", "sum"), basis_value=("basis_value", "sum"),
        estimate=("estimate", "any"), forecast=("forecast", "any"), **first)
    dist = rows[rows["method"] == "distance"]
    if len(dist):
        rank = dist["gap"].astype("float64").fillna(np.inf)  # unknown distance: worst only if nothing is known
        worst = dist.loc[rank.groupby([dist["target"], dist["year"], dist["facility_type"]]).idxmin()]
        worst = worst.drop(columns=["area_code", "area_name", "level", "area_woonmilieu", "norm_woonmilieu", "gap",
                                    "status"])
        agg = pd.concat([agg, worst], ignore_index=True)
    agg = agg.rename(columns={"target": "area_code"})
    agg["gap"] = np.where(agg["method"] == "distance", agg["need"] - agg["supply"], agg["supply"] - agg["need"])
    agg["status"] = status(agg["need"], agg["supply"], (agg["method"] == "distance").to_numpy())
    names = areas.set_index("code")
    agg["area_name"] = agg["area_code"].map(names["name"])
    agg["level"] = level
    agg["area_woonmilieu"] = agg["area_code"].map(names["woonmilieu"])
    agg["norm_woonmilieu"] = ""
    out = pd.concat([keep, agg.reindex(columns=COLUMNS)], ignore_index=True)
    return out.sort_values(["facility_type", "year", "area_code"]).reset_index(drop=True)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """The table with categorical columns turned back into plain object columns."""
    cats = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    return table.astype({c: object for c in cats}) if cats else table


def worst_of_all(table: pd.DataFrame) -> pd.DataFrame:
    """Per area and year the worst status over all facility types, with the type that causes it."""
    t = _plain(table)
    t = t.assign(rank=t["status"].map(STATUS_RANK).astype(int))
    idx = t.groupby(["area_code", "year"])["rank"].idxmin()
    return t.loc[idx, ["area_code", "area_name", "level", "year", "facility_type", "status"]].reset_index(drop=True)
