"""Need, supply and gap per area, facility type and year — the norm-comparison engine.

* need = amount × basis / per (the area's woonmilieu row of the norm where one exists).
* Catchment norms: supply by 2SFCA (lib.catchment) over buurt centroids and facility points.
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

from lib import catchment, norms, population
from lib.inputs import Inputs

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


def basis_values(pop: pd.DataFrame, dw: pd.DataFrame, bases: set[str]) -> pd.DataFrame:
    """Long table area_code, year, basis, value, estimate for every basis string used by the norms."""
    parts = []
    for b in sorted(bases):
        parsed = norms.parse_basis(b)
        if parsed.kind == "inhabitants":
            v = pop.groupby(["area_code", "year"], as_index=False)["persons"].sum()
            v = v.rename(columns={"persons": "value"}).assign(estimate=False)
        elif parsed.kind == "dwellings":
            v = dw[["area_code", "year", "dwellings"]].rename(columns={"dwellings": "value"}).assign(estimate=False)
        else:
            v = population.persons_in_range(pop, parsed.age_min, parsed.age_max, ["area_code", "year"])
            v = v.rename(columns={"persons": "value"})
        parts.append(v.assign(basis=b))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["area_code", "year", "value", "estimate", "basis"])


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
    """Gap table for all norms (or ``types``) and ``years`` (default: the base year)."""
    years = years or [inp.base_year]
    buurten = inp.areas[inp.areas["level"] == "buurt"].reset_index(drop=True)
    pop, dw = population.forecast(inp.population, inp.dwellings, inp.plans, years, inp.base_year, inp.occupancy)
    forecast_flag = pop.groupby(["area_code", "year"])["forecast"].any()
    nrm = inp.norms if types is None else inp.norms[inp.norms["facility_type"].isin(types)]
    if nrm.empty or buurten.empty:
        return GapResult(pd.DataFrame(columns=COLUMNS))
    bv = basis_values(pop, dw, set(nrm["basis"]))
    resolved = norms.resolve(nrm, buurten[["code", "woonmilieu"]])
    grid = pd.MultiIndex.from_product([buurten["code"], years], names=["area_code", "year"]).to_frame(index=False)
    frames, notes = [], []
    for ftype, rn in resolved.groupby("facility_type", sort=True):
        rn = rn.set_index("area_code").reindex(pd.Index(buurten["code"], name="area_code")).dropna(
            subset=["basis"]).reset_index()
        rows = grid[grid["area_code"].isin(rn["area_code"])].merge(rn, on="area_code")
        rows = rows.merge(bv, on=["area_code", "year", "basis"], how="left")
        rows["value"] = rows["value"].fillna(0.0)
        rows["estimate"] = rows["estimate"].astype("boolean").fillna(False).astype(bool)
        rows["need"] = rows["amount"] * rows["value"] / rows["per"]
        fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
        unit = rn["unit"].iloc[0]
        if norms.is_distance(unit):
            out, n = _distance(rows, buurten, fac, inp, ftype)
        elif rn["catchment_m"].notna().all():
            out, n = _catchment(rows, buurten, fac, unit, years)
        else:
            out, n = _service_level(rows, inp.areas, fac, unit, rn["service_level"].iloc[0])
        frames.append(out)
        notes.extend(n)
    table = pd.concat(frames, ignore_index=True)
    names = inp.areas.set_index("code")
    table["area_name"] = table["area_code"].map(names["name"])
    table["level"] = table["area_code"].map(names["level"])
    flags = pd.MultiIndex.from_frame(table[["area_code", "year"]]).map(lambda k: forecast_flag.get(k, False))
    table["forecast"] = np.where(table["level"] == "buurt", np.asarray(flags, dtype=bool),
                                 table["year"] > inp.base_year)
    table["area_woonmilieu"] = table["area_code"].map(names["woonmilieu"])
    table["gap"] = np.where(table["method"] == "distance", table["need"] - table["supply"],
                            table["supply"] - table["need"])
    table["status"] = status(table["need"], table["supply"], (table["method"] == "distance").to_numpy())
    table = table.rename(columns={"woonmilieu": "norm_woonmilieu", "source": "norm_source",
                                  "status_norm": "norm_status", "value": "basis_value"})
    table = table.reindex(columns=COLUMNS).sort_values(["facility_type", "year", "level", "area_code"])
    return GapResult(table.reset_index(drop=True), notes)


def _catchment(rows: pd.DataFrame, buurten: pd.DataFrame, fac: pd.DataFrame, unit: str, years: list[int]):
    notes = []
    idx = buurten.reset_index().set_index("code")["index"]
    radius = np.full(len(buurten), np.nan)
    first = rows.drop_duplicates("area_code")
    radius[idx[first["area_code"]].to_numpy()] = first["catchment_m"].to_numpy()
    if len(fac):
        cap, notes = facility_supply(fac, unit)
    else:
        cap = np.zeros(0)
        notes = [f"no {rows['facility_type'].iloc[0]} facilities loaded: supply is 0"]
    pairs = catchment.pairs_within(buurten["cx"].to_numpy(), buurten["cy"].to_numpy(), np.nan_to_num(radius, nan=-1),
                                   fac["x"].to_numpy(), fac["y"].to_numpy())
    rows = rows.copy()
    rows["supply"] = np.nan
    for year in years:
        sel = (rows["year"] == year).to_numpy()
        need = np.zeros(len(buurten))
        need[idx[rows.loc[sel, "area_code"]].to_numpy()] = rows.loc[sel, "need"].to_numpy()
        supply, _ = catchment.two_step(need, cap, pairs)
        rows.loc[sel, "supply"] = supply[idx[rows.loc[sel, "area_code"]].to_numpy()]
    rows["method"] = "catchment"
    rows["supply_source"] = _supply_source(fac)
    return rows.rename(columns={"status": "status_norm"}), notes


def _service_level(rows: pd.DataFrame, areas: pd.DataFrame, fac: pd.DataFrame, unit: str, level: str):
    parent = areas.set_index("code")["parent_code"]
    lvl = areas.set_index("code")["level"]

    def ancestor(codes: pd.Series) -> pd.Series:
        out = codes.copy()
        for _ in range(2):
            move = out.map(lvl).ne(level) & out.notna()
            out = out.where(~move, out.map(parent))
        return out.where(out.map(lvl) == level)

    rows = rows.copy()
    rows["target"] = ancestor(rows["area_code"])
    agg = rows.groupby(["target", "year"], as_index=False).agg(
        need=("need", "sum"), value=("value", "sum"), estimate=("estimate", "any"),
        **{c: (c, "first") for c in ("facility_type", "basis", "amount", "per", "unit", "catchment_m",
                                     "service_level", "source", "status")})
    agg["woonmilieu"] = rows.groupby(["target", "year"])["woonmilieu"].agg(
        lambda s: "" if s.nunique() == 1 and s.iloc[0] == "" else "mixed").to_numpy()
    notes = []
    if len(fac):
        cap, notes = facility_supply(fac, unit)
        where = ancestor(fac["area_code"])
        supply = pd.Series(cap).groupby(where.to_numpy()).sum()
        outside = int(where.isna().sum())
        if outside:
            notes.append(f"{outside} {fac['type'].iloc[0]} facilities lie outside every area and are not counted")
    else:
        supply = pd.Series(dtype="float64")
    agg["supply"] = agg["target"].map(supply).fillna(0.0)
    agg["method"] = "service_level"
    agg["supply_source"] = _supply_source(fac)
    return agg.rename(columns={"target": "area_code", "status": "status_norm"}), notes


def _distance(rows: pd.DataFrame, buurten: pd.DataFrame, fac: pd.DataFrame, inp: Inputs, ftype: str):
    rows = rows.copy()
    rows["need"] = rows["amount"]
    rows["unit"] = "m"
    notes = []
    if len(fac):
        d, _ = catchment.nearest_distance(buurten["cx"].to_numpy(), buurten["cy"].to_numpy(),
                                          fac["x"].to_numpy(), fac["y"].to_numpy())
        rows["supply"] = rows["area_code"].map(pd.Series(d, index=buurten["code"]))
        rows["supply_source"] = "nearest facility point (straight line from buurt centroid)"
    else:
        dist = inp.distances[inp.distances["facility_type"] == ftype]
        rows["supply"] = np.nan
        rows["supply_source"] = ""
        for year in rows["year"].unique():
            latest = population.latest_at_or_before(dist, int(year))
            if latest.empty:
                latest = dist[dist["year"] == dist["year"].min()] if len(dist) else latest
            sel = rows["year"] == year
            rows.loc[sel, "supply"] = rows.loc[sel, "area_code"].map(latest.set_index("area_code")["distance_m"])
            label = f"CBS nabijheid {int(latest['year'].iloc[0])} (road distance, no facility points)" \
                if len(latest) else "no data"
            rows.loc[sel, "supply_source"] = label
        if dist.empty:
            notes.append(f"no {ftype} facility points and no CBS nabijheid distances: status unknown")
    rows["method"] = "distance"
    return rows.rename(columns={"status": "status_norm"}), notes


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
    parent = areas.set_index("code")["parent_code"]
    lvl = areas.set_index("code")["level"]
    keep = table[table["level"] == level]
    rows = table[(table["level"] == "buurt") & (level != "buurt")].copy()
    if rows.empty:
        return keep.reset_index(drop=True)
    target = rows["area_code"]
    for _ in range(2):
        target = target.where(target.map(lvl) == level, target.map(parent))
    rows["target"] = target.where(target.map(lvl) == level)
    rows = rows.dropna(subset=["target"])
    first = {c: (c, "first") for c in ("unit", "method", "basis", "amount", "per", "catchment_m", "service_level",
                                       "norm_source", "norm_status", "supply_source")}
    qty = rows[rows["method"] != "distance"]
    agg = qty.groupby(["target", "year", "facility_type"], as_index=False).agg(
        need=("need", "sum"), supply=("supply", "sum"), basis_value=("basis_value", "sum"),
        estimate=("estimate", "any"), forecast=("forecast", "any"), **first)
    dist = rows[rows["method"] == "distance"]
    if len(dist):
        worst = dist.loc[dist.groupby(["target", "year", "facility_type"])["gap"].idxmin()]
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


def worst_of_all(table: pd.DataFrame) -> pd.DataFrame:
    """Per area and year the worst status over all facility types, with the type that causes it."""
    t = table.assign(rank=table["status"].map(STATUS_RANK))
    idx = t.groupby(["area_code", "year"])["rank"].idxmin()
    return t.loc[idx, ["area_code", "area_name", "level", "year", "facility_type", "status"]].reset_index(drop=True)
