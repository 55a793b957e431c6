"""Explain the numbers of one area: population, dwellings, woonmilieu and, per facility type, the need,
supply and gap with the formula and the numbers behind them.

The arithmetic is done again, independently of ``lib.core.gaps`` but with the same core functions
(``population.forecast``/``persons_in_range``, ``norms.resolve``, ``catchment.pairs_within``/``two_step``/
``nearest_distance``), so the explanation can be checked against the gap table (tests/test_explorer.py).

* Catchment norms (2SFCA): per facility j reached from the area: distance (m, from the buurt centroid),
  capacity S_j, Σ need_k over all buurten k that have j within their catchment, R_j = S_j / Σ need_k and the
  contribution need_i × R_j; the contributions add up to the area's supply.
* Service-level norms: the area that is assessed (the area itself or its wijk/gemeente), its buurten
  (need summed) and the facilities inside it (S_j summed).
* Distance norms: read as distances ("dichtstbijzijnde bibliotheek 1.700 m (norm ≤ 1.500 m)"): the CBS
  nabijheid road distance where the base data has it, else the nearest facility point (straight line from the
  buurt centroid), as lib.core.distances; a wijk reports its worst buurt.
* The status: the raw status from need and supply is recomputed here; the final status (proxy, negligible, data
  gap, fragile; lib.core.status) is the gap table's, explained with its reasons. For catchment norms the supply
  of each robustness variant (catchment × 0.75 and × 1.5, the representative point) is recomputed here too, so it
  can be checked against the gap table.

Units: persons, dwellings, metres (EPSG:28992); need and supply in the norm's unit. Text comes in the
chosen language through ``lib.text.i18n.t`` (labels in ``lib.text.explorer``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from lib.core import catchment, distances, gaps, hierarchy, norms, population, robustness
from lib.core.inputs import Inputs
from lib.text.i18n import facility_label, status_label, t
from lib.ui import formatting as fmt
from lib.ui import readings
from lib.ui.formatting import amount, basis_label, data_text, missing, norm_status, number, unit_label

LEVEL_RANK = {"buurt": 0, "wijk": 1, "gemeente": 2}
#: Why a buurt's new construction uses its own age profile or the municipality's → label keys.
PROFILE_KEYS = {"own": "nr_profile_own", "few_dwellings": "nr_profile_few_dwellings",
                "persons_per_dwelling": "nr_profile_persons_per_dwelling", "children": "nr_profile_children",
                "no_data": "nr_profile_no_data"}
#: Facilities this far (m) beyond the largest catchment are still shown as "near" an area.
NEAR_MARGIN_M = 250.0


#: Levels in running text ('per buurt', 'per wijk', 'per gemeente').
LEVEL_WORD_KEYS = {"buurt": "bv_level_buurt", "wijk": "bv_level_wijk", "gemeente": "bv_level_gemeente"}


def level_word(level: str, lang: str = "nl") -> str:
    return t(LEVEL_WORD_KEYS[level], lang) if level in LEVEL_WORD_KEYS else str(level)


def band_label(age_min: int, age_max) -> str:
    return f"{int(age_min)}+" if pd.isna(age_max) else f"{int(age_min)}-{int(age_max)}"


# --- areas ------------------------------------------------------------------------------------------------


def slider_years(inp: Inputs) -> list[int]:
    """The years the page offers: base year … HORIZON."""
    return [y for y in inp.years if y >= inp.base_year]


def woonmilieu_of(areas: pd.DataFrame, code: str) -> dict:
    """The effective woonmilieu and where it comes from: {'value', 'overridden', 'ste_mvs'}."""
    row = areas.set_index("code").loc[code]
    override = row.get("woonmilieu_override")
    overridden = bool(isinstance(override, str) and override != "")
    ste = row.get("ste_mvs")
    return {"value": row.get("woonmilieu") or "", "overridden": overridden,
            "ste_mvs": None if pd.isna(ste) else int(ste)}


# --- population and dwellings -----------------------------------------------------------------------------

def population_bands(inp: Inputs, code: str, years: list[int]) -> pd.DataFrame:
    """Persons per CBS age band in the area for each year: year, age_min, age_max, band, persons, forecast (plans
    changed the figures), held (a later year held at the base year: no forecast)."""
    return people(inp, code, years)[0]


def dwellings_of(inp: Inputs, code: str, years: list[int]) -> pd.DataFrame:
    """Dwellings in the area per year: year, dwellings, carried (an earlier count carried forward),
    counted_year (the latest CBS year used), plan_dwellings (added by plans completed after the base year)."""
    return people(inp, code, years)[1]


def people(inp: Inputs, code: str, years: list[int],
           forecast: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(:func:`population_bands`, :func:`dwellings_of`) of the area from one population forecast. ``forecast``:
    the (pop, dw) of ``population.forecast`` of these inputs for every area and at least ``years`` (e.g. the
    page's cached one): the area's rows are taken from it instead of forecasting again (every area and year is
    forecast on its own, so the rows are the same)."""
    scope = hierarchy.buurten_of(inp.areas, code)
    keep = sorted(set(years))
    if forecast is None:
        pop, dw = population.forecast(inp.population, inp.dwellings, inp.plans, keep, inp.base_year,
                                      inp.occupancy, areas=scope)
    else:
        pop, dw = (f[f["area_code"].isin(scope) & f["year"].isin(keep)].reset_index(drop=True) for f in forecast)
    return _bands(pop), _dwellings(inp, scope, dw, years)


def people_in(people_: tuple[pd.DataFrame, pd.DataFrame], years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``years`` of a :func:`people` result (made for more years): the same frames as
    ``people(inp, code, years)``, since a year's forecast does not depend on the other years asked for."""
    bands, dwellings = people_
    keep = sorted(set(years))
    return (bands[bands["year"].isin(keep)].reset_index(drop=True),
            dwellings[dwellings["year"].isin(keep)].reset_index(drop=True))


def _bands(pop: pd.DataFrame) -> pd.DataFrame:
    if pop.empty:
        return pd.DataFrame(columns=["year", "age_min", "age_max", "band", "persons", "forecast", "held"])
    out = pop.groupby(["year", "age_min"], as_index=False).agg(
        age_max=("age_max", "first"), persons=("persons", "sum"), forecast=("forecast", "any"),
        held=("held", "all"))
    out["band"] = [band_label(a, b) for a, b in zip(out["age_min"], out["age_max"], strict=True)]
    return out[["year", "age_min", "age_max", "band", "persons", "forecast", "held"]] \
        .sort_values(["year", "age_min"]).reset_index(drop=True)


def _dwellings(inp: Inputs, scope: list[str], dw: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    rows = []
    for year in sorted(set(years)):
        d = dw[dw["year"] == year]
        counted = population.latest_at_or_before(inp.dwellings[inp.dwellings["area_code"].isin(scope)], year)
        plans = inp.plans[inp.plans["area_code"].isin(scope) & (inp.plans["year"] > inp.base_year)
                          & (inp.plans["year"] <= year)]
        rows.append({"year": year, "dwellings": float(d["dwellings"].sum()), "carried": bool(d["carried"].any()),
                     "counted_year": int(counted["year"].max()) if len(counted) else None,
                     "plan_dwellings": float(plans["dwellings"].sum())})
    return pd.DataFrame(rows)


# --- per facility type ------------------------------------------------------------------------------------

@dataclass
class Explanation:
    """The numbers of one facility type in one area and year, with the formula lines and detail tables."""

    area_code: str
    facility_type: str
    year: int
    method: str                  # catchment | service_level | distance
    assessed_code: str           # the area whose gap row this is (the area, or its service-level ancestor)
    assessed_level: str
    need: float
    supply: float
    gap: float
    unit: str
    status: str
    estimate: bool
    forecast: bool
    lines: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # name → table (see TABLE_COLUMNS)
    raw_status: str = ""         # from need and supply alone (recomputed here)
    supply_kind: str = ""        # capacity | proxy | count | distance (lib.core.supply)
    coverage: str = ""           # coverage checks that flag the area ('' = none)
    variants: dict = field(default_factory=dict)  # robustness variant → supply (recomputed here)

    def row(self) -> dict:
        return {"area_code": self.area_code, "facility_type": self.facility_type, "year": self.year,
                "assessed_code": self.assessed_code, "assessed_level": self.assessed_level, "method": self.method,
                "need": self.need, "supply": self.supply, "gap": self.gap, "unit": self.unit, "status": self.status,
                "raw_status": self.raw_status, "supply_kind": self.supply_kind, "estimate": self.estimate,
                "forecast": self.forecast}


@dataclass
class YearData:
    """Data of one year shared by all types and areas: buurten in a fixed order, population bands and dwellings
    (from ``population.forecast``), and the need table and 2SFCA frame per type once computed."""

    buurten: pd.DataFrame
    pop: pd.DataFrame
    dw: pd.DataFrame
    memo: dict = field(default_factory=dict)


def year_data(inp: Inputs, year: int, forecast: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> YearData:
    """Everything of ``year`` that does not depend on the area (pass it to explain calls for many areas).
    ``forecast``: the (pop, dw) of ``population.forecast`` of these inputs for several years including ``year``,
    e.g. the page's cached one: its rows of ``year`` are used instead of forecasting that year again (every year
    is forecast from the base year on its own, so the rows are the same)."""
    buurten = gaps.with_points(inp.areas[inp.areas["level"] == "buurt"].reset_index(drop=True))
    if forecast is not None and (forecast[0]["year"] == year).any():
        pop, dw = (f[f["year"] == year].reset_index(drop=True) for f in forecast)
    else:
        pop, dw = population.forecast(inp.population, inp.dwellings, inp.plans, [year], inp.base_year,
                                      inp.occupancy)
    return YearData(buurten, pop, dw)


def need_table(inp: Inputs, ftype: str, year: int, yd: YearData | None = None) -> pd.DataFrame:
    """Per buurt (in ``buurten`` order, only those with a norm) the resolved norm, basis value and need.

    Columns: area_code, basis, amount, per, unit, catchment_m, service_level, woonmilieu (of the norm row),
    source, status, basis_value, estimate, forecast, need (distance norms: need = the maximum distance).
    """
    yd = yd or year_data(inp, year)
    if ("need", ftype) in yd.memo:
        return yd.memo[("need", ftype)]
    rn = norms.resolve(inp.norms[inp.norms["facility_type"] == ftype], yd.buurten[["code", "woonmilieu"]])
    rn = rn.set_index("area_code").reindex(pd.Index(yd.buurten["code"], name="area_code")).dropna(subset=["basis"])
    rn = rn.reset_index()
    value = pd.Series(0.0, index=rn.index)
    estimate = pd.Series(False, index=rn.index)
    for basis in rn["basis"].unique():
        sel = rn["basis"] == basis
        v, e = _basis_per_buurt(yd, basis)
        value[sel] = rn.loc[sel, "area_code"].map(v).fillna(0.0)
        estimate[sel] = rn.loc[sel, "area_code"].map(e).fillna(False).astype(bool)
    rn["basis_value"] = value.astype("float64")
    rn["estimate"] = estimate.astype(bool)
    rn["forecast"] = rn["area_code"].map(yd.pop.groupby("area_code")["forecast"].any()).fillna(False).astype(bool)
    distance = rn["unit"].map(norms.is_distance).astype(bool)
    rn["need"] = np.where(distance, rn["amount"], rn["amount"] * rn["basis_value"] / rn["per"])
    yd.memo[("need", ftype)] = rn
    return rn


def _basis_per_buurt(yd: YearData, basis: str) -> tuple[pd.Series, pd.Series]:
    b = norms.parse_basis(basis)
    if b is None:
        return pd.Series(dtype="float64"), pd.Series(dtype=bool)
    if b.kind == "inhabitants":
        v = yd.pop.groupby("area_code")["persons"].sum()
        return v, pd.Series(False, index=v.index)
    if b.kind == "dwellings":
        v = yd.dw.set_index("area_code")["dwellings"]
        return v, pd.Series(False, index=v.index)
    r = population.persons_in_range(yd.pop, b.age_min, b.age_max, ["area_code"]).set_index("area_code")
    return r["persons"], r["estimate"]


def basis_bands(pop: pd.DataFrame, basis: str) -> pd.DataFrame:
    """How the basis value is made from the CBS bands of ``pop`` (one area, one year, summed over buurten).

    Columns: band, age_min, age_max, persons, years_in (whole years of the band inside the range),
    band_years, share (years_in / band_years), counted (persons × share). Empty for inhabitants/dwellings.
    """
    b = norms.parse_basis(basis)
    cols = ["band", "age_min", "age_max", "persons", "years_in", "band_years", "share", "counted"]
    if b is None or b.kind != "age" or pop.empty:
        return pd.DataFrame(columns=cols)
    bands = pop.groupby("age_min", as_index=False).agg(age_max=("age_max", "first"), persons=("persons", "sum"))
    amin = bands["age_min"].to_numpy(dtype="float64")
    amax = bands["age_max"].astype("float64").to_numpy()
    share = population.band_share(amin, amax, b.age_min, b.age_max)
    top = np.where(np.isnan(amax), np.maximum(amin, population.OPEN_AGE_MAX), amax)
    band_years = top - amin + 1
    bands["years_in"] = np.rint(share * band_years).astype(int)
    bands["band_years"] = band_years.astype(int)
    bands["share"] = share
    bands["counted"] = bands["persons"] * share
    bands["band"] = [band_label(a, m) for a, m in zip(bands["age_min"], bands["age_max"], strict=True)]
    return bands.loc[bands["share"] > 0, cols].reset_index(drop=True)


def explain(inp: Inputs, code: str, ftype: str, year: int, lang: str = "nl", yd: YearData | None = None) -> Explanation:
    """Need, supply, gap and status of ``ftype`` in area ``code`` (buurt or wijk) in ``year``, explained."""
    yd = yd or year_data(inp, year)
    nt = need_table(inp, ftype, year, yd)
    if nt.empty:
        raise KeyError(f"no norm for {ftype}")
    unit = str(nt["unit"].iloc[0])
    if norms.is_distance(unit):
        return _explain_distance(inp, code, ftype, year, lang, yd, nt)
    if nt["catchment_m"].notna().all():
        return _explain_catchment(inp, code, ftype, year, lang, yd, nt)
    return _explain_service_level(inp, code, ftype, year, lang, yd, nt)


class GapParts(NamedTuple):
    """The rows of a gap table of several years split per (year, facility type), with plain (not categorical)
    columns: what ``table_row`` looks up. Split once per table (the Buurtverkenner caches it per data version and
    case), not on every year step."""

    parts: dict[tuple[int, str], pd.DataFrame]
    empty: pd.DataFrame
    years: frozenset[int]


def gap_parts(table: pd.DataFrame) -> GapParts:
    """:class:`GapParts` of a gap table (buurt and service-level rows of the pipeline, several years)."""
    plain = gaps.plain(table)
    parts = {(int(y), str(f)): part.reset_index(drop=True)
             for (y, f), part in plain.groupby(["year", "facility_type"], sort=False)}
    return GapParts(parts, plain.iloc[:0].reset_index(drop=True), frozenset(int(y) for y in plain["year"].unique()))


def explain_all(inp: Inputs, code: str, year: int, lang: str = "nl", table: pd.DataFrame | GapParts | None = None,
                types: list[str] | None = None,
                forecast: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> list[Explanation]:
    """One explanation per facility type with a norm (or per type in ``types``), in facility-type order.
    ``table``: the pipeline's gap table (buurt and service-level rows) of these inputs for several years including
    ``year``, or its :func:`gap_parts`, e.g. the page's cached ones; its rows of ``year`` are used instead of
    computing the gap table of that year again (the engine computes every year and type independently, so the rows
    are the same). ``forecast``: the population forecast of several years (:func:`year_data`)."""
    yd = year_data(inp, year, forecast)
    types = sorted(types or inp.norms["facility_type"].unique())
    if table is not None:
        seed_tables(yd, table if isinstance(table, GapParts) else gap_parts(table[table["year"] == year]), year,
                    types)
    return [explain(inp, code, ftype, year, lang, yd) for ftype in types]


def seed_tables(yd: YearData, parts: GapParts, year: int, types: list[str]) -> None:
    """Put the gap-table rows of ``year`` per type where ``table_row`` looks (a type without rows that year:
    none; a year not in the table: nothing, computed as before)."""
    if year not in parts.years:
        return
    for ftype in types:
        yd.memo[("table", ftype)] = parts.parts.get((year, ftype), parts.empty)


def _status(need: float, supply: float, distance: bool) -> str:
    return str(gaps.status(np.array([need]), np.array([supply]), np.array([distance]))[0])


def table_row(inp: Inputs, code: str, ftype: str, year: int, yd: YearData) -> dict | None:
    """The gap-table row (lib.core.gaps, the one pipeline's engine) of ``ftype`` that assesses area ``code``: its
    own row, or for service-level norms the row of the wijk/gemeente containing it. None when there is none."""
    if ("table", ftype) not in yd.memo:
        yd.memo[("table", ftype)] = gaps.compute(inp, years=[year], types=[ftype]).table
    table = yd.memo[("table", ftype)]
    level = hierarchy.level_of(inp.areas, code)
    key = ("at", ftype, level)
    if key not in yd.memo:
        yd.memo[key] = gaps.aggregate(table, inp.areas, level)
    rows = area_gap_rows(table, yd.memo[key], inp.areas, code, year)
    rows = rows[rows["facility_type"] == ftype]
    return rows.iloc[0].to_dict() if len(rows) else None


def _finish(e: Explanation, row: dict | None, lang: str, base_year: int) -> Explanation:
    """Take the final status from the gap-table row and explain why it differs from the raw status."""
    if row is None:
        return e
    e.status, e.supply_kind, e.coverage = str(row["status"]), str(row["supply_kind"]), str(row["coverage"] or "")
    if e.supply_kind == "proxy":
        e.gap = float("nan")
        base = float(row["need_base"])
        delta = e.need - base
        e.lines = [line for line in e.lines if not line.startswith(t("gap", lang))]
        e.lines.insert(len(e.lines) - 1, t("nr_bv_proxy_line" if e.year != base_year else "nr_bv_proxy_base",
                                           lang).format(
            supply=amount(e.supply, e.unit, lang), base=amount(base, e.unit, lang), base_year=base_year,
            need=amount(e.need, e.unit, lang),
            year=e.year, delta=readings.signed(delta, e.unit, lang),
            pct=readings.percent(delta / base if base > 0 else float("nan"), lang),
            status=readings.status_word(e.status, lang)))
        return e
    if e.variants:
        radius = float(row["catchment_m"])
        e.lines.insert(len(e.lines) - 1, t("nr_bv_variants", lang).format(
            r_small=amount(radius * robustness.FACTORS["small"], "m", lang),
            small=amount(e.variants["small"], e.unit, lang),
            r_large=amount(radius * robustness.FACTORS["large"], "m", lang),
            large=amount(e.variants["large"], e.unit, lang),
            point=amount(e.variants["point"], e.unit, lang), need=amount(e.need, e.unit, lang)))
    if bool(row.get("supply_mixed", False)):
        e.lines.insert(len(e.lines) - 1, t("nr_mixed", lang))
    if e.status != e.raw_status:
        # the gap line's arrow named the status of the arithmetic alone; it is not the conclusion here
        arrow = f" → {status_label(e.raw_status, lang)}"
        e.lines = [line.removesuffix(arrow) + " (" + t("bv_raw_status", lang).format(
            status=status_label(e.raw_status, lang)) + ")" if line.startswith(t("gap", lang) + " =")
            and line.endswith(arrow) else line for line in e.lines]
        why = {"data_gap": lambda: readings.check_label(e.coverage, lang),
               "negligible": lambda: readings.negligible_reason(row, lang)}
        extra = why[e.status]() if e.status in why else ""
        final = t("nr_bv_final", lang).format(status=readings.status_word(e.status, lang))
        e.lines.insert(len(e.lines) - 1, f"{final} — {extra}" if extra else final)
    return e


def _variant_supplies(inp: Inputs, code: str, ftype: str, yd: YearData, nt: pd.DataFrame) -> dict[str, float]:
    """The area's 2SFCA supply (Σ over its buurten) in each robustness variant, recomputed with
    ``catchment.pairs_within``/``two_step``: catchment × 0.75, × 1.5, and from the representative points."""
    fac, cap, _, need, _ = _catchment_frame(inp, ftype, nt, yd)
    b = yd.buurten
    radius = np.full(len(b), -1.0)
    pos = pd.Series(np.arange(len(b)), index=b["code"])[nt["area_code"]].to_numpy()
    radius[pos] = nt["catchment_m"].to_numpy(dtype="float64")
    here = np.isin(b["code"].to_numpy(), hierarchy.buurten_of(inp.areas, code))
    fx, fy = fac["x"].to_numpy(dtype="float64"), fac["y"].to_numpy(dtype="float64")
    out = {}
    for name, (ax, ay, r) in {
            "small": (b["cx"], b["cy"], np.where(radius >= 0, radius * robustness.FACTORS["small"], -1.0)),
            "large": (b["cx"], b["cy"], np.where(radius >= 0, radius * robustness.FACTORS["large"], -1.0)),
            "point": (b["rx"], b["ry"], radius)}.items():
        pairs = catchment.pairs_within(ax.to_numpy(dtype="float64"), ay.to_numpy(dtype="float64"), r, fx, fy)
        supply, _ = catchment.two_step(need, cap, pairs)
        out[name] = float(supply[here].sum())
    return out


def _profile_lines(inp: Inputs, scope: list[str], year: int, lang: str) -> list[str]:
    """Per buurt with housing plans by ``year``: persons per new dwelling and which profile applies."""
    plans = inp.plans[inp.plans["area_code"].isin(scope) & (inp.plans["year"] >= inp.base_year)
                      & (inp.plans["year"] <= year)]
    codes = sorted(set(plans["area_code"]))
    if not codes:
        return []
    pt = population.tensor(inp.population, inp.dwellings, inp.plans, [inp.base_year], inp.base_year, inp.occupancy,
                           codes)
    names = inp.areas.set_index("code")["name"]
    out = []
    for i, c in enumerate(codes):
        rule = str(pt.profile_rule[i])
        line = t("nr_bv_profile", lang).format(ppd=number(float(pt.new_per_dwelling[i]), lang, 2),
                                               rule=t(PROFILE_KEYS[rule], lang) if rule in PROFILE_KEYS else rule)
        out.append(f"{names.get(c, c)}: {line}" if len(scope) > 1 else line)
    return out


def _need_lines(inp: Inputs, nt: pd.DataFrame, scope: list[str], year: int, lang: str, yd: YearData) -> list[str]:
    """'Behoefte = amount unit × basis / per = need unit' and how the basis value is made."""
    rows = nt[nt["area_code"].isin(scope)]
    if rows.empty:
        return [t("bv_no_norm_rows", lang)]
    unit = rows["unit"].iloc[0]
    need = float(rows["need"].sum())
    uniform = rows[["basis", "amount", "per"]].drop_duplicates()
    if len(uniform) > 1:
        return [t("bv_need_sum", lang).format(n=len(rows), need=amount(need, unit, lang), unit=unit_label(unit, lang))]
    basis, norm_amount, per = uniform.iloc[0]
    value = float(rows["basis_value"].sum())
    lines = [t("bv_need_line", lang).format(
        amount=number(norm_amount, lang), unit_one=unit_label(unit, lang, one=norm_amount == 1),
        value=amount_of_persons(value, lang), basis=basis_label(basis, lang), per=number(per, lang),
        need=amount(need, unit, lang), unit=unit_label(unit, lang))]
    src = _population_source(inp, year, bool(rows["forecast"].any()), lang)
    profile = _profile_lines(inp, scope, year, lang) if bool(rows["forecast"].any()) else []
    bands = basis_bands(yd.pop[yd.pop["area_code"].isin(rows["area_code"])], basis)
    if len(bands):
        terms = " + ".join(
            (amount_of_persons(p, lang) if y == n else f"{y}/{n} × {amount_of_persons(p, lang)}")
            + f" ({b} {t('bv_years', lang)}, {src})"
            for b, p, y, n in zip(bands["band"], bands["persons"], bands["years_in"], bands["band_years"],
                                  strict=True))
        line = f"{basis_label(basis, lang)} = {terms}"
        if (bands["share"] < 1).any():
            line += f" = {amount_of_persons(value, lang)} — {t('bv_estimate_word', lang)}"
        lines.append(line)
    else:
        lines.append(f"{basis_label(basis, lang)} = {amount_of_persons(value, lang)} ({src})")
    return lines + profile


def amount_of_persons(v: float, lang: str) -> str:
    """Persons (a basis value, a band) as a whole number."""
    return amount(v, "persons", lang)


def _population_source(inp: Inputs, year: int, forecast: bool, lang: str) -> str:
    if forecast:
        return t("bv_forecast_source", lang).format(year=year, base=inp.base_year)
    src = inp.population.loc[inp.population["year"] == year, "source"].dropna().unique()
    return ", ".join(map(str, src)) if len(src) else str(year)


def _norm_line(nt: pd.DataFrame, scope: list[str], lang: str) -> str:
    rows = nt[nt["area_code"].isin(scope)]
    src = rows[["source", "status"]].drop_duplicates()

    return t("bv_norm_source", lang).format(
        source="; ".join(f"{data_text(s, lang)} ({norm_status(st_, lang)})"
                         for s, st_ in zip(src["source"], src["status"], strict=True)))


def _capacity_line(fac: pd.DataFrame, lang: str) -> str | None:
    notes = sorted(set(map(str, fac["capacity_note"].dropna().unique()))) if "capacity_note" in fac else []
    return t("bv_capacity_note", lang).format(note="; ".join(data_text(n, lang) for n in notes)) if notes else None


def _gap_line(need: float, supply: float, gap: float, unit: str, status: str, distance: bool, lang: str) -> str:
    unit = "m" if distance else unit
    return t("bv_gap_line_distance" if distance else "bv_gap_line", lang).format(
        need=amount(need, unit, lang), supply=amount(supply, unit, lang), gap=amount(gap, unit, lang),
        unit=unit_label(unit, lang), status=status_label(status, lang))


def _catchment_frame(inp: Inputs, ftype: str, nt: pd.DataFrame, yd: YearData):
    """(facilities, S_j, pairs, need per buurt, R_j) over all buurten and facilities of a type."""
    if ("catchment", ftype) in yd.memo:
        return yd.memo[("catchment", ftype)]
    buurten = yd.buurten
    idx = pd.Series(np.arange(len(buurten)), index=buurten["code"])
    need = np.zeros(len(buurten))
    radius = np.full(len(buurten), -1.0)
    pos = idx[nt["area_code"]].to_numpy()
    need[pos] = nt["need"].to_numpy()
    radius[pos] = nt["catchment_m"].to_numpy(dtype="float64")
    fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
    cap = gaps.facility_supply(fac, str(nt["unit"].iloc[0]))[0] if len(fac) else np.zeros(0)
    pairs = catchment.pairs_within(buurten["cx"].to_numpy(), buurten["cy"].to_numpy(), radius,
                                   fac["x"].to_numpy(), fac["y"].to_numpy())
    _, ratio = catchment.two_step(need, cap, pairs)
    yd.memo[("catchment", ftype)] = fac, cap, pairs, need, ratio
    return fac, cap, pairs, need, ratio


def contributions(inp: Inputs, code: str, ftype: str, year: int, yd: YearData | None = None,
                  nt: pd.DataFrame | None = None) -> pd.DataFrame:
    """2SFCA: per facility j within reach of the area's buurten, how much supply it gives the area.

    Columns: name, distance_m (from the nearest buurt centroid of the area), capacity S_j (in the norm's
    unit; 0 when not counted), demand (Σ need_k over buurten k with j in catchment), areas_reached
    (their number), ratio R_j = S_j / demand, need_here (Σ need_i of the area's buurten that reach j),
    contribution (need_here × R_j), counts (the capacity is counted: unit matches), id, capacity_note. Sorted by
    distance. Σ contribution = the area's supply.
    """
    yd = yd or year_data(inp, year)
    nt = nt if nt is not None else need_table(inp, ftype, year, yd)
    fac, cap, pairs, need, ratio = _catchment_frame(inp, ftype, nt, yd)
    cols = ["name", "distance_m", "capacity", "demand", "areas_reached", "ratio", "need_here", "contribution",
            "counts", "id", "capacity_note"]
    if len(pairs.area) == 0:
        return pd.DataFrame(columns=cols)
    codes = yd.buurten["code"].to_numpy()
    here = np.isin(codes[pairs.area], hierarchy.buurten_of(inp.areas, code))
    if not here.any():
        return pd.DataFrame(columns=cols)
    n = len(fac)
    demand = np.bincount(pairs.facility, weights=need[pairs.area], minlength=n)
    reached = np.bincount(pairs.facility, minlength=n)
    fj, ai = pairs.facility[here], pairs.area[here]
    need_here = np.bincount(fj, weights=need[ai], minlength=n)
    dist = np.full(n, np.inf)
    np.minimum.at(dist, fj, pairs.distance[here])
    js = np.unique(fj)
    unit = nt["unit"].iloc[0]
    out = pd.DataFrame({
        "id": fac["id"].to_numpy()[js], "name": fac["name"].to_numpy()[js], "distance_m": dist[js],
        "capacity": cap[js], "counts": (fac["unit"].to_numpy()[js] == unit) | (unit == "facilities"),
        "demand": demand[js], "areas_reached": reached[js], "ratio": ratio[js], "need_here": need_here[js],
        "capacity_note": fac["capacity_note"].to_numpy()[js]})
    out["counts"] = out["counts"] & (out["capacity"] > 0)
    out["contribution"] = out["need_here"] * out["ratio"]
    return out[cols].sort_values(["distance_m", "name"]).reset_index(drop=True)


def _explain_catchment(inp, code, ftype, year, lang, yd, nt) -> Explanation:
    scope = hierarchy.buurten_of(inp.areas, code)
    rows = nt[nt["area_code"].isin(scope)]
    contrib = contributions(inp, code, ftype, year, yd, nt)
    need = float(rows["need"].sum())
    supply = float(contrib["contribution"].sum()) if len(contrib) else 0.0
    unit = str(nt["unit"].iloc[0])
    status = _status(need, supply, False)
    radius = rows["catchment_m"].drop_duplicates()
    lines = _need_lines(inp, nt, scope, year, lang, yd)
    lines.append(t("bv_supply_catchment", lang).format(
        n=len(contrib), radius=" / ".join(amount(r, "m", lang) for r in radius), supply=amount(supply, unit, lang),
        unit=unit_label(unit, lang)))
    lines.append(t("bv_ratio_rule", lang))
    cap = _capacity_line(inp.facilities[inp.facilities["id"].isin(contrib["id"])], lang)
    if cap:
        lines.append(cap)
    lines.append(_gap_line(need, supply, supply - need, unit, status, False, lang))
    lines.append(_norm_line(nt, scope, lang))
    tables = {"contributions": contrib}
    if len(scope) > 1:
        tables["buurten"] = _buurt_needs(inp, rows, yd, ftype, nt)
    e = Explanation(code, ftype, year, "catchment", code, hierarchy.level_of(inp.areas, code), need, supply,
                    supply - need, unit, status, bool(rows["estimate"].any()), bool(rows["forecast"].any()),
                    lines, tables, raw_status=status, variants=_variant_supplies(inp, code, ftype, yd, nt))
    return _finish(e, table_row(inp, code, ftype, year, yd), lang, inp.base_year)


def _buurt_needs(inp: Inputs, rows: pd.DataFrame, yd: YearData, ftype: str, nt: pd.DataFrame) -> pd.DataFrame:
    """Per buurt of a wijk: need (and, for catchment norms, its 2SFCA supply)."""
    out = rows[["area_code", "woonmilieu", "basis_value", "amount", "per", "need", "estimate"]].copy()
    out.insert(1, "area_name", out["area_code"].map(inp.areas.set_index("code")["name"]))
    if nt["catchment_m"].notna().all() and not norms.is_distance(str(nt["unit"].iloc[0])):
        fac, cap, pairs, need, ratio = _catchment_frame(inp, ftype, nt, yd)
        supply, _ = catchment.two_step(need, cap, pairs)
        out["supply"] = out["area_code"].map(pd.Series(supply, index=yd.buurten["code"]))
    return out.reset_index(drop=True)


def _explain_service_level(inp, code, ftype, year, lang, yd, nt) -> Explanation:
    level = str(nt["service_level"].dropna().iloc[0])
    own_level = hierarchy.level_of(inp.areas, code)
    target = code if LEVEL_RANK[own_level] >= LEVEL_RANK.get(level, 0) else hierarchy.ancestor(inp.areas, code, level)
    scope = hierarchy.buurten_of(inp.areas, target) if target else []
    rows = nt[nt["area_code"].isin(scope)]
    unit = str(nt["unit"].iloc[0])
    fac = inp.facilities[(inp.facilities["type"] == ftype) & inp.facilities["area_code"].isin(scope)]
    fac = fac.reset_index(drop=True)
    cap = gaps.facility_supply(fac, unit)[0] if len(fac) else np.zeros(0)
    inside = pd.DataFrame({"id": fac["id"], "name": fac["name"], "area_code": fac["area_code"],
                           "area_name": fac["area_code"].map(inp.areas.set_index("code")["name"]),
                           "capacity": cap, "capacity_note": fac["capacity_note"]})
    need = float(rows["need"].sum())
    supply = float(cap.sum())
    status = _status(need, supply, False)
    lines = [t("bv_assessed_at", lang).format(level=level_word(level, lang),
                                              name=hierarchy.name_of(inp.areas, target),
                                              code=target)] if target and target != code else []
    lines += _need_lines(inp, nt, scope, year, lang, yd)
    lines.append(t("bv_supply_service", lang).format(n=len(fac), supply=amount(supply, unit, lang),
                                                     unit=unit_label(unit, lang)))
    cap_line = _capacity_line(fac, lang)
    if cap_line:
        lines.append(cap_line)
    lines.append(_gap_line(need, supply, supply - need, unit, status, False, lang))
    lines.append(_norm_line(nt, scope, lang))
    e = Explanation(code, ftype, year, "service_level", target or code,
                    hierarchy.level_of(inp.areas, target) if target else own_level, need, supply, supply - need,
                    unit, status, bool(rows["estimate"].any()), bool(rows["forecast"].any()), lines,
                    {"buurten": _buurt_needs(inp, rows, yd, ftype, nt), "facilities": inside}, raw_status=status)
    return _finish(e, table_row(inp, code, ftype, year, yd), lang, inp.base_year)


def nearest(inp: Inputs, code: str, ftype: str, year: int, yd: YearData | None = None,
            nt: pd.DataFrame | None = None) -> pd.DataFrame:
    """Distance norms, per buurt of the area: area_code, area_name, max_distance_m (the norm), distance_m,
    facility (name of the nearest point, or empty for CBS), source ('point', 'CBS nabijheid <year> (road
    distance)' or the case's point), as lib.core.distances chooses it on the base data."""
    yd = yd or year_data(inp, year)
    nt = nt if nt is not None else need_table(inp, ftype, year, yd)
    rows = nt[nt["area_code"].isin(hierarchy.buurten_of(inp.areas, code))]
    b = yd.buurten.set_index("code").loc[rows["area_code"]]
    ref = inp.reference
    ds = distances.supply(rows["area_code"].to_numpy(), b["cx"].to_numpy(dtype="float64"),
                          b["cy"].to_numpy(dtype="float64"), [int(year)],
                          ref.distances[ref.distances["facility_type"] == ftype],
                          ref.facilities[ref.facilities["type"] == ftype],
                          inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True))
    source = pd.Series(ds.source[:, 0]).replace({distances.POINT: "point"}).to_numpy()
    return pd.DataFrame({"area_code": rows["area_code"].to_numpy(), "area_name": b["name"].to_numpy(),
                         "max_distance_m": rows["need"].to_numpy(), "distance_m": ds.distance[:, 0],
                         "facility": ds.facility[:, 0], "source": source})


def _explain_distance(inp, code, ftype, year, lang, yd, nt) -> Explanation:
    table = nearest(inp, code, ftype, year, yd, nt)
    rows = nt[nt["area_code"].isin(table["area_code"])]
    worst = table.assign(gap=table["max_distance_m"] - table["distance_m"])
    worst = worst.loc[worst["gap"].idxmin()] if worst["gap"].notna().any() else worst.iloc[0]
    need, supply = float(worst["max_distance_m"]), float(worst["distance_m"])
    status = _status(need, supply, True)
    lines = []
    if len(table) > 1:
        lines.append(t("bv_distance_worst", lang).format(name=worst["area_name"], code=worst["area_code"]))
    if worst["facility"]:
        lines.append(t("bv_distance_point", lang).format(d=readings.metres(supply, lang), name=worst["facility"]))
    elif worst["source"] and worst["source"] != "no data":
        lines.append(t("bv_distance_cbs", lang).format(d=readings.metres(supply, lang),
                                                       source=data_text(worst["source"], lang)))
    else:
        lines.append(t("bv_distance_none", lang))
    reading = readings.distance_line({"facility_type": ftype, "need": need, "supply": supply, "level": "buurt"},
                                     lang)
    lines.append(t("nr_bv_distance_line", lang).format(reading=reading, status=readings.status_word(status, lang)))
    lines.append(_norm_line(nt, list(table["area_code"]), lang))
    e = Explanation(code, ftype, year, "distance", code, hierarchy.level_of(inp.areas, code), need, supply,
                    need - supply, "m", status, bool(rows["estimate"].any()), bool(rows["forecast"].any()), lines,
                    {"nearest": table}, raw_status=status)
    return _finish(e, table_row(inp, code, ftype, year, yd), lang, inp.base_year)


# --- the area's gap rows, nearby facilities and downloads -------------------------------------------------

def area_gap_rows(table: pd.DataFrame, at_level: pd.DataFrame, areas: pd.DataFrame, code: str,
                  year: int) -> pd.DataFrame:
    """The gap rows for an area and year, one per facility type: the area's own row (``at_level`` is the gap
    table at the area's level), else (service-level norms) the row of the wijk/gemeente that contains it."""
    own = at_level[(at_level["area_code"] == code) & (at_level["year"] == year)]
    ups = [a for a in (hierarchy.ancestor(areas, code, "wijk"), hierarchy.ancestor(areas, code, "gemeente"))
           if a and a != code]
    up = table[table["area_code"].isin(ups) & (table["year"] == year)
               & ~table["facility_type"].isin(own["facility_type"])]
    up = up.drop_duplicates("facility_type")
    return pd.concat([own, up], ignore_index=True).sort_values("facility_type").reset_index(drop=True)


def facilities_near(inp: Inputs, code: str, margin_m: float = NEAR_MARGIN_M) -> pd.DataFrame:
    """Facilities within the largest catchment (or maximum distance) of any norm + ``margin_m`` of a buurt
    centroid of the area, with distance_m (to the nearest such centroid) and inside (in the area)."""
    scope = hierarchy.buurten_of(inp.areas, code)
    b = inp.areas[inp.areas["code"].isin(scope)]
    n = inp.norms
    reach = pd.concat([n["catchment_m"], n.loc[n["unit"].map(norms.is_distance).astype(bool), "amount"]])
    radius = float(np.nanmax(reach.to_numpy(dtype="float64"))) if reach.notna().any() else 1000.0
    fac = inp.facilities
    if fac.empty or b.empty:
        return fac.assign(distance_m=pd.Series(dtype="float64"), inside=pd.Series(dtype=bool))
    dx = fac["x"].to_numpy()[:, None] - b["cx"].to_numpy()[None, :]
    dy = fac["y"].to_numpy()[:, None] - b["cy"].to_numpy()[None, :]
    d = np.sqrt(dx ** 2 + dy ** 2).min(axis=1)
    out = fac.assign(distance_m=d, inside=fac["area_code"].isin(scope))
    return out[(out["distance_m"] <= radius + margin_m) | out["inside"]].reset_index(drop=True)


def reach_m(explanation: Explanation, inp: Inputs) -> float | None:
    """The radius (m) to draw around the area for a type: its catchment, or its maximum distance."""
    n = inp.norms[inp.norms["facility_type"] == explanation.facility_type]
    if explanation.method == "distance":
        return float(n["amount"].max())
    if explanation.method == "catchment":
        return float(n["catchment_m"].max())
    return None


GAP_COLUMNS = ["facility_type", "area_code", "area_name", "level", "year", "need", "supply", "gap", "unit", "status",
               "estimate", "forecast", "basis", "basis_value", "amount", "per", "catchment_m", "service_level",
               "norm_source", "norm_status", "supply_source", "supply_kind", "supply_mixed", "need_base",
               "supply_small", "supply_large", "supply_point", "coverage", "persons_beyond"]

#: Column → label key of the gap rows (screen, CSV and Excel) and of the detail tables.
COLUMN_KEYS = {
    "facility_type": "facility_type", "area_code": "code", "area_name": "bv_assessed_area", "level": "level",
    "year": "year", "need": "need", "supply": "supply", "gap": "gap", "unit": "unit", "status": "status",
    "estimate": "estimate", "forecast": "forecast", "basis": "basis", "basis_value": "ov_basis_value",
    "reading": "nr_details",
    "amount": "amount", "per": "per", "catchment_m": "catchment_m", "service_level": "service_level",
    "norm_source": "ov_norm_source", "norm_status": "norm_status", "supply_source": "ov_supply_source",
    "id": "bv_col_id", "name": "col_name", "distance_m": "col_distance_m", "capacity": "bv_col_capacity",
    "counts": "bv_col_counts", "counted": "bv_col_counted", "band": "bv_col_band", "persons": "persons",
    "demand": "bv_col_demand", "areas_reached": "bv_col_areas_reached", "ratio": "bv_col_ratio",
    "need_here": "bv_col_need_here", "contribution": "bv_col_contribution", "capacity_note": "bv_col_capacity_note",
    "woonmilieu": "bv_col_woonmilieu", "max_distance_m": "bv_col_max_distance_m", "facility": "bv_col_facility",
    "source": "bv_col_source", "age_min": "bv_col_age_min", "age_max": "bv_col_age_max",
    "years_in": "bv_col_years_in", "band_years": "bv_col_band_years", "share": "bv_col_share",
    "dwellings": "dwellings", "carried": "bv_col_carried", "counted_year": "bv_col_counted_year",
    "plan_dwellings": "bv_col_plan_dwellings", "line": "bv_col_line", "note": "note", "table": "nd_table",
}
#: Detail-table names → label keys.
TABLE_KEYS = {"contributions": "bv_table_contributions", "buurten": "buurten", "facilities": "bv_table_facilities",
              "nearest": "bv_table_nearest"}
#: Columns whose numbers are in the norm's unit (decimals of that unit); other numeric columns by kind.
IN_UNIT = ("need", "supply", "gap", "capacity", "demand", "need_here", "contribution")
KIND = {"distance_m": "m", "max_distance_m": "m", "catchment_m": "m", "persons": "persons", "counted": "persons",
        "basis_value": "persons", "dwellings": "dwellings", "plan_dwellings": "dwellings", "ratio": "ratio",
        "share": "ratio", "areas_reached": "count", "years_in": "count", "band_years": "count",
        "year": "year", "counted_year": "year", "age_min": "year", "age_max": "year"}


def column_label(column: str, lang: str = "nl") -> str:
    return t(COLUMN_KEYS[column], lang) if column in COLUMN_KEYS else column


def _words(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Codes in words for people: facility type, unit, status, level, norm status, sources, yes/no."""
    out = df.copy()
    if "facility_type" in out:
        out["facility_type"] = out["facility_type"].map(lambda x: facility_label(x, lang))
    if "unit" in out:
        out["unit"] = out["unit"].map(lambda u: unit_label(u, lang))
    if "status" in out:
        out["status"] = out["status"].map(lambda s: status_label(s, lang))
    if "level" in out:
        out["level"] = out["level"].map(lambda x: level_word(x, lang))
    if "norm_status" in out:
        out["norm_status"] = out["norm_status"].map(lambda x: norm_status(x, lang))
    for c in ("norm_source", "supply_source", "capacity_note"):
        if c in out:
            out[c] = out[c].map(lambda x: "" if missing(x) else data_text(x, lang))
    if "source" in out:
        out["source"] = out["source"].map(lambda x: t("bv_source_point", lang) if x == "point"
                                          else ("" if missing(x) else data_text(x, lang)))
    for c in out.columns:
        if pd.api.types.is_bool_dtype(out[c]) or (out[c].dtype == object and out[c].map(
                lambda v: isinstance(v, (bool, np.bool_))).all() and len(out)):
            out[c] = out[c].map(lambda v: t("yes", lang) if bool(v) else t("no", lang))
    return out


def _shown(df: pd.DataFrame, lang: str, unit: str | None) -> pd.DataFrame:
    """A table for the screen: words for codes, every number as text with the decimals of its quantity."""
    out = _words(df, lang)
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]):
            out[c] = out[c].map(lambda v: "–" if missing(v) else str(v))
            continue
        if c in IN_UNIT:
            units = df["unit"] if "unit" in df and unit is None else pd.Series(unit, index=df.index)
            out[c] = [amount(v, u, lang) for v, u in zip(df[c], units, strict=True)]
        else:
            kind = KIND.get(c)
            out[c] = [("–" if missing(v) else str(int(v))) if kind == "year" else
                      (amount(v, kind, lang) if kind else number(v, lang)) for v in df[c]]
    return out.rename(columns={c: column_label(c, lang) for c in out.columns})


def gap_display(rows: pd.DataFrame, lang: str = "nl", base_year: int | None = None) -> pd.DataFrame:
    """The area's gap rows for the screen: type, unit and status in words, numbers as text with the decimals of
    the norm's unit (Streamlit's own number formats are not locale aware), labelled columns. Need, supply and gap
    stay empty ('–') for distance norms, supply and gap for proxies; the reading column says what the row means
    (distances as distances, 'capaciteit onbekend' with the growth of need, why a status is not red)."""
    out = rows[["facility_type", "area_name", "need", "supply", "gap", "unit", "status", "estimate",
                "forecast"]].reset_index(drop=True)
    distance = (rows["method"] == "distance").to_numpy()
    proxy = (rows["supply_kind"] == "proxy").to_numpy()
    out = out.assign(need=out["need"].astype("float64").where(~distance),
                     supply=out["supply"].astype("float64").where(~distance & ~proxy),
                     gap=out["gap"].astype("float64").where(~distance & ~proxy),
                     reading=[" · ".join(readings.lines(r, lang, base_year)) for r in rows.to_dict("records")])
    return _shown(out, lang, None)


def labelled(df: pd.DataFrame, lang: str = "nl", unit: str | None = None) -> pd.DataFrame:
    """A detail table for the screen: numbers as text (the norm's ``unit`` for capacities and needs), codes and
    sources in words, column names in the chosen language."""
    return _shown(df.reset_index(drop=True), lang, unit)


def explanation_rows(explanations: list[Explanation], lang: str = "nl") -> pd.DataFrame:
    """All formula lines as rows (facility type, line) for an export."""
    return pd.DataFrame([{"facility_type": facility_label(e.facility_type, lang), "line": line}
                         for e in explanations for line in e.lines], columns=["facility_type", "line"])


def detail_rows(explanations: list[Explanation], lang: str = "nl") -> pd.DataFrame:
    """All detail tables stacked, with the facility type and table name as the first columns."""
    parts = [df.assign(facility_type=e.facility_type, table=t(TABLE_KEYS[name], lang), unit=e.unit)
             for e in explanations for name, df in e.tables.items() if len(df)]
    if not parts:
        return pd.DataFrame(columns=["facility_type", "table"])
    out = pd.concat(parts, ignore_index=True)
    return out[["facility_type", "table"] + [c for c in out.columns if c not in ("facility_type", "table")]]


def _for_people(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table for a file people open: codes in words, numbers kept (full precision), headers translated."""
    return _words(df, lang).rename(columns={c: column_label(c, lang) for c in df.columns})


def _excel_decimals(df: pd.DataFrame, lang: str) -> dict[str, int | list[int]]:
    """Decimals per (translated) column of a sheet for Excel's number formats; columns in the norm's unit get
    the decimals of each row's unit."""
    out: dict[str, int | list[int]] = {}
    for c in df.columns:
        if not pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]):
            continue
        if c in IN_UNIT and "unit" in df:
            out[column_label(c, lang)] = [fmt.decimals_for(u, 2) for u in df["unit"]]
            continue
        kind = KIND.get(c)
        if kind != "year":
            out[column_label(c, lang)] = fmt.decimals_for(kind, 2) if kind else 2
    return out


def area_csv(gap_rows: pd.DataFrame, lang: str = "nl") -> str:
    """The area's gap rows as a CSV for people: Dutch ';' and decimal commas with Dutch headers and words, or
    English (see ``lib.ui.formatting.csv_for_people``); numbers at full precision."""
    return fmt.csv_for_people(_for_people(gap_rows.reindex(columns=GAP_COLUMNS), lang), lang)


def workbook(sheets: dict[str, tuple[pd.DataFrame, dict[str, int]]]) -> bytes:
    """An .xlsx file with one sheet per (DataFrame, decimals per column) (sheet names cut to 31 characters); text
    cells are text, never formulas (``lib.ui.safe_export`` through ``lib.ui.formatting.excel_bytes``)."""
    return fmt.excel_bytes(sheets)


def area_sheets(gap_rows: pd.DataFrame, explanations: list[Explanation], bands: pd.DataFrame,
                dwellings: pd.DataFrame, lang: str = "nl") -> dict[str, tuple[pd.DataFrame, dict[str, int]]]:
    """The area's tables for the download (translated headers and words, numbers kept with Excel number formats
    per quantity): gap rows, formula lines, detail tables, population, dwellings, notes."""
    notes = pd.DataFrame({"note": [t("bv_export_estimate", lang), t("forecast_note", lang)]})
    out = {}
    for name, df in ((t("bv_sheet_gaps", lang), gap_rows.reindex(columns=GAP_COLUMNS)),
                     (t("bv_sheet_explain", lang), explanation_rows(explanations, lang)),
                     (t("bv_sheet_details", lang), detail_rows(explanations, lang)),
                     (t("bv_sheet_population", lang), bands), (t("unit_dwellings", lang), dwellings),
                     (t("bv_sheet_notes", lang), notes)):
        out[name] = (_for_people(df, lang), _excel_decimals(df, lang))
    return out


def headline(bands: pd.DataFrame, dwellings: pd.DataFrame, base_year: int, year: int) -> dict:
    """Inhabitants and dwellings in the base year and ``year`` for the KPI cards, with the flags to show next to
    them: forecast (the model was used), carried_from (dwellings: the CBS year carried forward, else None),
    plan_dwellings (added by plans by ``year``)."""
    out = {}
    for key, y in (("base", base_year), ("year", year)):
        b = bands[bands["year"] == y]
        d = dwellings[dwellings["year"] == y]
        out[key] = {"year": y, "inhabitants": float(b["persons"].sum()), "forecast": bool(b["forecast"].any()),
                    "held": y > base_year and bool(b["held"].all()) if "held" in b and len(b) else False,
                    "dwellings": float(d["dwellings"].sum()) if len(d) else float("nan"),
                    "carried_from": (int(d["counted_year"].iloc[0]) if len(d) and bool(d["carried"].iloc[0])
                                     and not pd.isna(d["counted_year"].iloc[0]) else None),
                    "plan_dwellings": float(d["plan_dwellings"].sum()) if len(d) else 0.0}
    return out


def cards(head: dict, woonmilieu: dict, lang: str = "nl") -> list[dict]:
    """KPI cards (label, value, note) for the page: inhabitants and dwellings in the base year (and the chosen
    year when it differs), then the woonmilieu; notes say what is forecast, carried forward or derived."""
    shown = [head["base"]] + ([head["year"]] if head["year"]["year"] != head["base"]["year"] else [])
    out = [{"label": t("inhabitants_in", lang).format(year=h["year"]),
            "value": amount(h["inhabitants"], "persons", lang),
            "note": "⚠ " + t("forecast", lang) if h["forecast"] else
            t("nr_chart_held", lang).format(base=head["base"]["year"]) if h.get("held") else ""} for h in shown]
    for h in shown:
        notes = []
        if h["carried_from"]:
            notes.append(t("bv_carried", lang).format(year=h["carried_from"]))
        if h["plan_dwellings"]:
            notes.append(t("bv_plans_added", lang).format(n=amount(h["plan_dwellings"], "dwellings", lang)))
        out.append({"label": t("bv_dwellings_in", lang).format(year=h["year"]),
                    "value": amount(h["dwellings"], "dwellings", lang),
                    "note": "⚠ " + "; ".join(notes) if notes else ""})
    if woonmilieu["overridden"]:
        note = t("bv_woonmilieu_override", lang)
    elif woonmilieu["ste_mvs"] is not None:
        note = t("bv_woonmilieu_derived", lang).format(ste=woonmilieu["ste_mvs"])
    else:
        note = t("bv_woonmilieu_unknown", lang)
    out.append({"label": t("bv_woonmilieu", lang), "value": woonmilieu["value"] or "–", "note": note, "width": 2})
    return [{"width": 1, **c} for c in out]
