"""Need, supply and gap per area, facility type and year — the norm-comparison engine.

* need = amount × basis / per (the area's woonmilieu row of the norm where one exists).
* Catchment norms: supply by 2SFCA (lib.core.catchment) over buurt centroids and facility points, recomputed
  for the robustness variants (lib.core.robustness: catchment × 0.75 and × 1.5, representative point).
* Service-level norms: need summed over the buurten inside each area of that level; supply = the sum
  of the facilities located inside it.
* Distance norms (unit max_distance_m): need = the maximum distance (m), supply = the distance to the nearest
  facility of the type: CBS nabijheid where the base data has it, else facility points (lib.core.distances).
* gap = supply − need (quantity; negative = shortfall) or maximum − distance (distance norms, m); no gap for
  a proxy supply (lib.core.supply). The status follows lib.core.status: proxy, negligible, data gap (lib.core.
  coverage), fragile or robust.

Decisions that must not depend on a workshop case (the kind of supply per area, the coverage flags, the source
of a distance) are made on the base data, ``Inputs.reference``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.core import catchment, coverage, distances, hierarchy, norms, population, robustness, sizes, supply
from lib.core import status as st
from lib.core.inputs import Inputs

STATUSES = st.STATUSES
STATUS_RANK = st.RANK
status = st.raw  # the raw status from the numbers (the final status: lib.core.status.decide)

COLUMNS = ["area_code", "area_name", "level", "year", "facility_type", "need", "supply", "gap", "unit", "status",
           "method", "basis", "basis_value", "amount", "per", "catchment_m", "service_level", "norm_woonmilieu",
           "area_woonmilieu", "norm_source", "norm_status", "estimate", "forecast", "supply_source",
           "supply_kind", "supply_mixed", "need_base", "supply_small", "supply_large", "supply_point", "coverage",
           "persons_beyond"]


@dataclass
class GapResult:
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)  # facilities not counted, missing data, …


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
    (buurt × year) arrays, 2SFCA as sparse products (four per catchment type: the norm and three robustness
    variants), then one DataFrame per facility type and one vectorised status decision.
    """
    years = sorted(set(years or [inp.base_year]))
    buurten = with_points(inp.areas[inp.areas["level"] == "buurt"].reset_index(drop=True))
    nrm = inp.norms if types is None else inp.norms[inp.norms["facility_type"].isin(types)]
    if nrm.empty or buurten.empty:
        return GapResult(pd.DataFrame(columns=COLUMNS))
    codes = buurten["code"].to_numpy()
    calc = sorted(set(years) | {inp.base_year})
    pt_all = population.tensor(inp.population, inp.dwellings, inp.plans, calc, inp.base_year, inp.occupancy, codes)
    bases = _bases(pt_all, set(nrm["basis"]))
    sel = [calc.index(y) for y in years]
    at_base = calc.index(inp.base_year)
    pt = pt_all.select(years)
    resolved = norms.resolve(nrm, buurten[["code", "woonmilieu"]])
    ref = _Reference(inp, codes)
    frames, notes = [], []
    for ftype, rn in resolved.groupby("facility_type", sort=True):
        rn = rn.set_index("area_code").reindex(codes)
        has = rn["basis"].notna().to_numpy()
        value_all = np.zeros((len(codes), len(calc)))
        estimate_all = np.zeros((len(codes), len(calc)), bool)
        for b in rn.loc[has, "basis"].unique():
            m = (rn["basis"] == b).to_numpy()
            value_all[m], estimate_all[m] = bases[b][0][m], bases[b][1][m]
        ratio = (rn["amount"] / rn["per"]).to_numpy(dtype="float64")
        need_all = np.where(has[:, None], ratio[:, None] * value_all, 0.0)
        fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
        unit = rn.loc[has, "unit"].iloc[0]
        ctx = _TypeCtx(ftype, rn, has, value_all[:, sel], estimate_all[:, sel], need_all[:, sel], pt, years, buurten,
                       fac, unit, need_base=need_all[:, at_base],
                       base_fac=ref.inputs.facilities[ref.inputs.facilities["type"] == ftype].reset_index(drop=True),
                       flags=ref.flags(ftype, need_all[:, at_base], rn))
        if norms.is_distance(unit):
            out, n = _distance(ctx, ref.inputs)
        elif rn.loc[has, "catchment_m"].notna().all():
            out, n = _catchment(ctx, same_facilities=inp.base is None)
        else:
            out, n = _service_level(ctx, inp.areas, rn.loc[has, "service_level"].iloc[0])
        frames.append(out)
        notes.extend(n)
    table = _assemble(frames)
    names = inp.areas.set_index("code")
    for col, src in (("area_name", "name"), ("level", "level"), ("area_woonmilieu", "woonmilieu")):
        table[col] = table["area_code"].map(names[src])
    _decide(table)
    return GapResult(table.reindex(columns=COLUMNS).reset_index(drop=True), notes)


def with_points(buurten: pd.DataFrame) -> pd.DataFrame:
    """Buurten with a representative point (rx, ry); the centroid where none is known (inputs built by hand)."""
    if "rx" in buurten and "ry" in buurten:
        return buurten.assign(rx=buurten["rx"].fillna(buurten["cx"]), ry=buurten["ry"].fillna(buurten["cy"]))
    return buurten.assign(rx=buurten["cx"], ry=buurten["cy"])


def _unit_sizes(table: pd.DataFrame) -> np.ndarray:
    """One standard unit (lib.core.sizes) per row, in the row's norm unit (one unit per facility type)."""
    first = table.groupby("facility_type", observed=True, sort=False)["unit"].first()
    size = {f: sizes.unit_size(str(f), str(u)) for f, u in first.items()}
    return table["facility_type"].map(size).to_numpy(dtype="float64")


def _decide(table: pd.DataFrame) -> None:
    """gap, status and persons_beyond of every row, in place (lib.core.status.decide)."""
    distance = (table["method"] == "distance").to_numpy()
    need = table["need"].to_numpy(dtype="float64")
    supply_ = table["supply"].to_numpy(dtype="float64")
    proxy = (table["supply_kind"] == "proxy").to_numpy()
    gap = np.where(distance, need - supply_, supply_ - need)
    table["gap"] = np.where(proxy, np.nan, gap)
    codes = st.decide_codes(
        need, supply_, distance, proxy=proxy, need_base=table["need_base"].to_numpy(dtype="float64"),
        unit_size=_unit_sizes(table), basis=table["basis_value"].to_numpy(dtype="float64"),
        flagged=(table["coverage"] != "").to_numpy(dtype=bool),
        variants=[table[c].to_numpy(dtype="float64") for c in robustness.COLUMNS])
    table["status"] = st.categorical(codes)
    if "persons_beyond" not in table or table["persons_beyond"].isna().all():
        table["persons_beyond"] = np.where(distance & (supply_ > need), table["basis_value"].to_numpy(dtype="float64"),
                                           0.0)


class _Reference:
    """The base data behind the inputs and the coverage flags computed on it (lib.core.coverage)."""

    def __init__(self, inp: Inputs, codes: np.ndarray):
        self.inputs = inp.reference
        self.same = inp.base is None
        self.codes = codes
        self._pt = None
        self._wijk = None

    def _base_need(self, ftype: str) -> tuple[np.ndarray, pd.DataFrame] | None:
        """Need per buurt in the base year and the resolved norm, on the base data (for a case)."""
        ref = self.inputs
        n = ref.norms[ref.norms["facility_type"] == ftype]
        if n.empty:
            return None
        b = ref.areas[ref.areas["level"] == "buurt"]
        rn = norms.resolve(n, b[["code", "woonmilieu"]]).set_index("area_code").reindex(self.codes)
        if self._pt is None:
            self._pt = population.tensor(ref.population, ref.dwellings, ref.plans, [ref.base_year], ref.base_year,
                                         ref.occupancy, self.codes)
        has = rn["basis"].notna().to_numpy()
        need = np.zeros(len(self.codes))
        for basis, (v, _) in _bases(self._pt, set(rn.loc[has, "basis"])).items():
            m = (rn["basis"] == basis).to_numpy()
            need[m] = (rn.loc[m, "amount"] / rn.loc[m, "per"]).to_numpy(dtype="float64") * v[m, 0]
        return need, rn

    def flags(self, ftype: str, need_base: np.ndarray, rn: pd.DataFrame) -> np.ndarray:
        """Per buurt the coverage checks that flag ``ftype`` ('' = none), on the base data."""
        if not self.same:
            got = self._base_need(ftype)
            if got is None:
                return np.full(len(self.codes), "", dtype=object)
            need_base, rn = got
        has = rn["basis"].notna()
        unit = str(rn.loc[has, "unit"].iloc[0]) if has.any() else ""
        if not has.any() or norms.is_distance(unit):
            return np.full(len(self.codes), "", dtype=object)
        method = "catchment" if rn.loc[has, "catchment_m"].notna().all() else "service_level"
        radius = rn["catchment_m"].to_numpy(dtype="float64")
        if self._wijk is None:
            self._wijk = hierarchy.ancestors(self.inputs.areas, pd.Series(self.codes), "wijk").to_numpy()
        rows = coverage.flags(self.inputs.areas, self.codes, self.inputs.facilities,
                              {ftype: (need_base, radius, unit, method)}, self._wijk)
        return coverage.flagged_checks(rows, ftype, self.codes)


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
    need_base: np.ndarray = None   # need per buurt in the base year
    base_fac: pd.DataFrame = None  # the type's counted facilities in the base data
    flags: np.ndarray = None       # coverage checks per buurt ('' = none), on the base data

    def frame(self, rows: np.ndarray, supply: np.ndarray, method: str, supply_source, kind=None, mixed=None,
              variants: dict | None = None, **over) -> dict:
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
            "supply_kind": _Cat.tile(np.asarray(kind, dtype=object)[idx], ny),
            "supply_mixed": np.tile(np.asarray(mixed, dtype=bool)[idx], ny),
            "need_base": np.tile(self.need_base[idx], ny),
            "coverage": _Cat.tile(np.asarray(self.flags, dtype=object)[idx], ny),
            "persons_beyond": np.full(len(idx) * ny, np.nan),
        }
        for v in robustness.VARIANTS:
            data[f"supply_{v}"] = variants[v][idx].T.ravel() if variants else np.full(len(idx) * ny, np.nan)
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


def _catchment(c: _TypeCtx, same_facilities: bool = True):
    """2SFCA supply for the norm's catchment and the robustness variants; the supply kind per buurt from the
    base facilities within the catchment."""
    notes = []
    radius = np.nan_to_num(c.rn["catchment_m"].to_numpy(dtype="float64"), nan=-1)
    if len(c.fac):
        cap, notes = facility_supply(c.fac, c.unit)
    else:
        cap = np.zeros(0)
        notes = [f"no {c.ftype} facilities loaded: supply is 0"]
    b = c.buurten
    supply_, variants, pairs = robustness.supplies(
        c.need, cap, b["cx"].to_numpy(), b["cy"].to_numpy(), b["rx"].to_numpy(), b["ry"].to_numpy(), radius,
        c.fac["x"].to_numpy(dtype="float64"), c.fac["y"].to_numpy(dtype="float64"))
    if not same_facilities:
        pairs = catchment.pairs_within(b["cx"].to_numpy(), b["cy"].to_numpy(), radius,
                                       c.base_fac["x"].to_numpy(dtype="float64"),
                                       c.base_fac["y"].to_numpy(dtype="float64"))
    kind, mixed = supply.area_kinds(supply.facility_kinds(c.base_fac), pairs, len(b), c.unit)
    return c.frame(c.has, supply_, "catchment", _supply_source(c.fac), kind, mixed, variants), notes


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
        out = np.zeros((ng, ny) if arr.ndim == 2 else ng)
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
    base_where = _ancestor(c.base_fac["area_code"], areas, level) if len(c.base_fac) else pd.Series(dtype=object)
    base_gi = pd.Index(groups).get_indexer(base_where.fillna("").to_numpy(dtype=str)) if len(c.base_fac) \
        else np.zeros(0, int)
    kind, mixed = supply.group_kinds(supply.facility_kinds(c.base_fac), base_gi, ng, c.unit)
    flagged = pd.Series(np.asarray(c.flags, dtype=object)[ok]).groupby(gidx).agg(
        lambda s: "+".join(sorted({x for v in s if v for x in str(v).split("+")}))).reindex(range(ng)).fillna("")
    first = c.rn[ok].groupby(gidx).first()
    mixed_wm = c.rn[ok].groupby(gidx)["woonmilieu"].agg(lambda s: "" if (s == "").all() else "mixed").to_numpy()
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
        "supply_kind": _Cat.tile(kind, ny), "supply_mixed": np.tile(mixed, ny),
        "need_base": np.tile(gsum(c.need_base), ny), "coverage": _Cat.tile(flagged.to_numpy(dtype=object), ny),
        "persons_beyond": np.full(n, np.nan),
    }
    for v in robustness.VARIANTS:
        data[f"supply_{v}"] = np.full(n, np.nan)
    for col, src in (("basis", "basis"), ("service_level", "service_level"), ("norm_source", "source"),
                     ("norm_status", "status")):
        data[col] = _Cat.tile(first[src].to_numpy(), ny)
    data["norm_woonmilieu"] = _Cat.tile(mixed_wm, ny)
    return data, notes


def _distance(c: _TypeCtx, ref: Inputs):
    """Distance to the nearest facility: CBS nabijheid where the base data has it, else facility points
    (lib.core.distances; the source is chosen on the base data)."""
    notes = []
    ny = len(c.years)
    amount = c.rn["amount"].to_numpy(dtype="float64")
    c.need = np.where(c.has[:, None], np.repeat(amount[:, None], ny, axis=1), 0.0)
    c.need_base = np.where(c.has, amount, 0.0)
    cbs = ref.distances[ref.distances["facility_type"] == c.ftype]
    ds = distances.supply(c.rn.index.to_numpy(), c.buurten["cx"].to_numpy(), c.buurten["cy"].to_numpy(), c.years,
                          cbs, c.base_fac, c.fac)
    if ds.mode == "none":
        notes.append(f"no {c.ftype} facility points and no CBS nabijheid distances: status unknown")
    kind = np.full(len(c.rn), "distance", dtype=object)
    return c.frame(c.has, ds.distance, "distance", ds.source, kind, np.zeros(len(c.rn), bool), unit="m"), notes


def _supply_source(fac: pd.DataFrame) -> str:
    if fac.empty:
        return "no facilities loaded"
    notes = fac["capacity_note"].dropna().unique()
    return "; ".join(sorted(set(map(str, notes)))) or "facility capacities as imported"


_SUMMED = ("need", "supply", "basis_value", "need_base", *robustness.COLUMNS)


def _join_checks(values: pd.Series) -> str:
    return "+".join(sorted({x for v in values if isinstance(v, str) and v for x in v.split("+")}))


def aggregate(table: pd.DataFrame, areas: pd.DataFrame, level: str) -> pd.DataFrame:
    """Gap rows at ``level`` (wijk/gemeente) from buurt rows: need, supply and the robustness variants are summed
    for quantity norms (the status is decided again on the sums); distance norms report the distance of the buurt
    furthest from a facility, with the basis population and the persons beyond the distance summed over all
    buurten (the same figure at every level) and a status from the share of people beyond
    (lib.core.status.area_distance_codes). The supply kind is 'proxy' when any buurt's is; coverage flags are
    joined. Rows already at ``level`` are kept; rows at other levels are dropped."""
    table = plain(table)
    keep = table[table["level"] == level]
    rows = table[(table["level"] == "buurt") & (level != "buurt")].copy()
    if rows.empty:
        return keep.reset_index(drop=True)
    rows["target"] = hierarchy.ancestors(areas, rows["area_code"], level)
    rows = rows.dropna(subset=["target"])
    rows["is_proxy"] = rows["supply_kind"] == "proxy"
    first = {c: (c, "first") for c in ("unit", "method", "basis", "amount", "per", "catchment_m", "service_level",
                                       "norm_source", "norm_status", "supply_source")}
    key = ["target", "year", "facility_type"]
    qty = rows[rows["method"] != "distance"]
    agg = qty.groupby(key, as_index=False).agg(
        **{c: (c, "sum") for c in _SUMMED}, estimate=("estimate", "any"), forecast=("forecast", "any"),
        any_proxy=("is_proxy", "any"), all_proxy=("is_proxy", "all"), mixed=("supply_mixed", "any"),
        kind=("supply_kind", "first"), persons_beyond=("persons_beyond", "sum"), **first)
    for c in robustness.COLUMNS:  # variants exist for catchment rows only
        agg[c] = agg[c].where(agg["method"] == "catchment")
    agg["supply_kind"] = np.where(agg["any_proxy"], "proxy", agg["kind"])
    agg["supply_mixed"] = agg["mixed"] | (agg["any_proxy"] & ~agg["all_proxy"])
    agg = agg.drop(columns=["any_proxy", "all_proxy", "mixed", "kind"])
    flagged = rows.loc[rows["coverage"].astype(str) != "", ["target", "facility_type", "coverage"]].drop_duplicates()
    checks = flagged.groupby(["target", "facility_type"])["coverage"].agg(_join_checks)
    agg["coverage"] = checks.reindex(pd.MultiIndex.from_frame(agg[["target", "facility_type"]])).fillna("").to_numpy()
    dist = rows[rows["method"] == "distance"]
    if len(dist):
        rank = dist["gap"].astype("float64").fillna(np.inf)  # unknown distance: worst only if nothing is known
        worst = dist.loc[rank.groupby([dist["target"], dist["year"], dist["facility_type"]]).idxmin()]
        idx = pd.MultiIndex.from_frame(worst[key])
        sums = dist.groupby(key)[["persons_beyond", "basis_value"]].sum().reindex(idx)
        worst = worst.assign(persons_beyond=sums["persons_beyond"].to_numpy(),
                             basis_value=sums["basis_value"].to_numpy())
        worst = worst.drop(columns=["area_code", "area_name", "level", "area_woonmilieu", "norm_woonmilieu", "gap",
                                    "status", "is_proxy"]).assign(coverage="")
        agg = pd.concat([agg, worst], ignore_index=True)
    agg = agg.rename(columns={"target": "area_code"})
    _decide(agg)
    far = (agg["method"] == "distance").to_numpy()
    if far.any():  # a wijk/gemeente is judged by the share of its inhabitants beyond the distance
        codes = st.area_distance_codes(agg.loc[far, "persons_beyond"], agg.loc[far, "basis_value"],
                                       agg.loc[far, "supply"])
        agg["status"] = agg["status"].astype(object)
        agg.loc[far, "status"] = np.asarray(st.STATUSES, dtype=object)[codes]
    names = areas.set_index("code")
    agg["area_name"] = agg["area_code"].map(names["name"])
    agg["level"] = level
    agg["area_woonmilieu"] = agg["area_code"].map(names["woonmilieu"])
    agg["norm_woonmilieu"] = ""
    agg["status"] = agg["status"].astype(object)
    out = pd.concat([keep, agg.reindex(columns=COLUMNS)], ignore_index=True)
    return out.sort_values(["facility_type", "year", "area_code"]).reset_index(drop=True)


def plain(table: pd.DataFrame) -> pd.DataFrame:
    """The table with categorical columns turned back into plain object columns."""
    cats = [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    return table.astype({c: object for c in cats}) if cats else table


def worst_of_all(table: pd.DataFrame) -> pd.DataFrame:
    """Per area and year the worst status over all facility types (lib.core.status.RANK: a robust shortfall
    first, a fragile one after it; proxies and negligible gaps last), with the type that causes it."""
    t = plain(table)
    t = t.assign(rank=st.rank(t["status"]))
    idx = t.groupby(["area_code", "year"])["rank"].idxmin()
    return t.loc[idx, ["area_code", "area_name", "level", "year", "facility_type", "status"]].reset_index(drop=True)
