"""Shared pieces of the sharing methods: the buurt rows of one type and year, facility capacities,
the 2SFCA use split per facility, greedy nearest-first allocation and the standard sizes table.

Sharing works with real numbers only (lib.core.status): a buurt's shortfall counts only when its status says less
supply than the norm asks at its own catchment, robust or fragile (``status.SHORT``; a fragile shortfall is one that
a larger catchment would absorb, which is what sharing space nearby is about), never when it is negligible, a data
gap or a proxy; and a facility's capacity counts only when it is real capacity or a count (a proxy such as DUO
enrolment gives no spare places).

Units: distances in metres (EPSG:28992); amounts in the norm's unit (places, facilities) or persons
for distance norms; floor areas in m².
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import catchment, gaps, pipeline, population, supply
from lib.core import status as st
from lib.core.inputs import Inputs

DATA = Path(__file__).resolve().parents[2] / "data"
SIZES_CSV = DATA / "standard_sizes.csv"

CATCHMENT = "catchment"
DISTANCE = "distance"


@dataclass(frozen=True)
class TypeFrame:
    """One facility type in one year, at buurt level.

    ``areas``: area_code, area_name, wijk_code, wijk_name, cx, cy, need, supply, gap, status, basis_value,
    estimate, reach_m (catchment radius, or the maximum distance of a distance norm) and ``shortfall``
    (norm unit: max(0, need − supply); distance norms: the basis persons of buurten beyond the distance).
    ``facilities``: id, name, type, x, y, capacity (S_j in the norm's unit; 0 when not counted).
    """

    ftype: str
    year: int
    unit: str
    method: str
    areas: pd.DataFrame
    facilities: pd.DataFrame

    @property
    def shortfall_unit(self) -> str:
        return "persons" if self.method == DISTANCE else self.unit


def buurten(inp: Inputs) -> pd.DataFrame:
    """Buurten with their wijk: area_code, area_name, wijk_code, wijk_name, cx, cy (EPSG:28992 m)."""
    a = inp.areas
    b = a[a["level"] == "buurt"].reset_index(drop=True)
    names = a.set_index("code")["name"]
    return pd.DataFrame({"area_code": b["code"], "area_name": b["name"], "wijk_code": b["parent_code"],
                         "wijk_name": b["parent_code"].map(names).fillna(b["parent_code"]).fillna(""),
                         "cx": b["cx"].astype("float64"), "cy": b["cy"].astype("float64")})


class Frames:
    """The inputs and gap table the sharing methods read, with what they derive from them computed once and shared:
    the buurten, the buurt rows of a year, the coverage-flagged buurten and the ``TypeFrame`` of a (type, year).

    Pass a ``Frames`` wherever a method takes ``table`` (its ``inp`` must be ``frames.inp``): every method of a year
    (and every year, when a page keeps one per data version and case) then shares the same frames instead of
    building them again. Read-only for callers: the frames it hands out are shared.
    """

    def __init__(self, inp: Inputs, table: pd.DataFrame | None):
        self.inp = inp
        self.table = table
        self._memo: dict = {}

    def _get(self, key, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def derived(self, key: tuple, make):
        """``make()`` once per ``key`` (something a method derives from these inputs alone, e.g. the candidate
        sites of siting): later calls get the same, shared object."""
        return self._get(("derived", *key), make)

    def buurten(self) -> pd.DataFrame:
        """``buurten(inp)``, shared: do not change it."""
        return self._get(("buurten",), lambda: buurten(self.inp))

    def table_years(self) -> frozenset[int]:
        """The years the gap table holds."""
        return self._get(("table_years",), lambda: frozenset() if self.table is None or not len(self.table) else
                         frozenset(int(y) for y in self.table["year"].unique()))

    def population(self, year: int) -> pd.DataFrame:
        """The population forecast's rows of ``year`` (``population.forecast``: area_code, year, age_min, age_max,
        persons, …), from one forecast of every year of the gap table (made once: a year's forecast does not depend
        on the other years asked for). A year the table does not hold is forecast on its own."""
        if int(year) not in self.table_years():
            return population.forecast(self.inp.population, self.inp.dwellings, self.inp.plans, [year],
                                       self.inp.base_year, self.inp.occupancy)[0]
        every = self._get(("population",), lambda: _forecast_every(self.inp, sorted(self.table_years())))
        return every.get(int(year), every[None])

    def same_as(self, year: int) -> int:
        """The first year of the gap table whose inputs to the sharing methods are those of ``year``: the same buurt
        rows of the gap table (every column but the year) and the same population forecast. No sharing result
        carries its year, so every result of ``year`` is that year's: a page computes it once for all such years
        (without a forecast, every year). ``year`` itself when the table does not hold it."""
        return self._get(("same_as",), lambda: _same_years(self)).get(int(year), int(year))

    def distinct(self, years) -> list[int]:
        """The years that stand for ``years`` (``same_as`` of each), once each, in order: the years a page computes
        to answer every one of ``years``."""
        return sorted({self.same_as(y) for y in years})

    def year_rows(self, year: int) -> pd.DataFrame:
        return self._get(("rows", int(year)), lambda: _year_rows(self.inp, self.table, year))

    def flagged(self, ftype: str, year: int) -> set[str]:
        def make():
            rows = self.year_rows(year)
            rows = rows[(rows["facility_type"] == ftype) & (rows["coverage"].astype(str) != "")]
            return frozenset(rows["area_code"].astype(str))
        return set(self._get(("flagged", ftype, int(year)), make))

    def types_with(self, year: int, methods=(CATCHMENT, DISTANCE)) -> list[str]:
        def make():
            rows = self.year_rows(year)
            return tuple(sorted(rows.loc[rows["method"].isin(methods), "facility_type"].unique()))
        return list(self._get(("types", int(year), tuple(methods)), make))

    def type_frame(self, ftype: str, year: int) -> TypeFrame | None:
        return self._get(("type", ftype, int(year)), lambda: _type_frame(self, ftype, year))


def _forecast_every(inp: Inputs, years: list[int]) -> dict:
    """The forecast's rows per year (key None: no rows), from one forecast of ``years``."""
    pop, _ = population.forecast(inp.population, inp.dwellings, inp.plans, years, inp.base_year, inp.occupancy)
    out = {int(y): g for y, g in pop.groupby("year", sort=False)}
    out[None] = pop.iloc[0:0]
    return out


def _same_years(fr: Frames) -> dict[int, int]:
    """Every year of the gap table → the first year with the same inputs (see ``Frames.same_as``), comparing a
    year's rows in full with those of each earlier distinct year (the previous year's first: held years follow
    each other)."""
    rows = fr.derived(("buurt_rows",), lambda: fr.table[fr.table["level"] == "buurt"])
    years = sorted(fr.table_years())
    firsts: list[tuple[int, tuple]] = []  # (year, its inputs) of each distinct year
    out: dict[int, int] = {}
    for year in years:
        parts = (rows[rows["year"] == year].drop(columns="year").reset_index(drop=True),
                 fr.population(year).drop(columns="year").reset_index(drop=True))
        prev = out.get(year - 1)
        order = sorted(firsts, key=lambda f: f[0] != prev)  # the previous year's first year first
        same = next((y for y, other in order if all(a.equals(b) for a, b in zip(parts, other, strict=True))), None)
        out[year] = year if same is None else same
        if same is None:
            firsts.append((year, parts))
    return out


def shared(inp: Inputs, table: pd.DataFrame | Frames | None) -> Frames:
    """``table`` itself when it is a ``Frames``, else new ``Frames`` of ``inp`` and ``table`` (shared by one call)."""
    return table if isinstance(table, Frames) else Frames(inp, table)


def year_rows(inp: Inputs, table: pd.DataFrame | Frames | None, year: int) -> pd.DataFrame:
    """Buurt rows of the gap table for ``year``; computed through the one pipeline (``lib.core.pipeline``) only
    when no table with that year is given (the CLI and tests; the pages pass their cached table)."""
    return table.year_rows(year) if isinstance(table, Frames) else _year_rows(inp, table, year)


def _year_rows(inp: Inputs, table: pd.DataFrame | None, year: int) -> pd.DataFrame:
    if table is not None and len(table) and (table["year"] == year).any():
        rows = table[table["year"] == year]
    else:
        rows = pipeline.gap_table(inp, years=[year]).table
    return rows[rows["level"] == "buurt"]


def flagged(inp: Inputs, table: pd.DataFrame | Frames | None, ftype: str, year: int) -> set[str]:
    """Buurt codes whose ``ftype`` data is probably incomplete (a coverage flag, lib.core.coverage): sharing
    options leave them out."""
    return shared(inp, table).flagged(ftype, year)


def types_with(inp: Inputs, table: pd.DataFrame | Frames | None, year: int,
               methods=(CATCHMENT, DISTANCE)) -> list[str]:
    """Facility types whose buurt rows use one of ``methods`` (catchment = 2SFCA, distance = max distance)."""
    return shared(inp, table).types_with(year, methods)


def type_frame(inp: Inputs, table: pd.DataFrame | Frames | None, ftype: str, year: int) -> TypeFrame | None:
    """The buurt rows and facilities of ``ftype`` in ``year`` (None when the type has no catchment or
    distance norm)."""
    return shared(inp, table).type_frame(ftype, year)


def _type_frame(fr: Frames, ftype: str, year: int) -> TypeFrame | None:
    """``TypeFrame`` of one year: from the rows of every year of the gap table (``_every_year``, matched once per
    type), or on its own for a year the table does not hold (or a table too large to match at once)."""
    if fr.table is not None and int(year) in fr.table_years():
        every = fr.derived(("type_years", ftype), lambda: _every_year(fr, ftype))
        if every is not None:
            return every.frame(fr, ftype, int(year))
    rows = fr.year_rows(year)
    rows = rows[rows["facility_type"] == ftype]
    if rows.empty or rows["method"].iloc[0] not in (CATCHMENT, DISTANCE):
        return None
    b = fr.buurten()
    r = rows.set_index("area_code")
    areas = b[b["area_code"].isin(r.index)].reset_index(drop=True)
    for col in ("need", "supply", "gap", "status", "basis_value", "estimate", "catchment_m"):
        areas[col] = areas["area_code"].map(r[col]).to_numpy()
    method = rows["method"].iloc[0]
    return _type_frame_of(fr, ftype, int(year), method, str(rows["unit"].iloc[0]), _with_shortfall(areas, method))


#: Above this many buurt rows of one type (all years), ``_every_year`` leaves a type to the one-year path: the
#: arrays of every year would hold ~60 bytes per row for as long as the frames are kept (national data: ~15 MB
#: per type).
MAX_EVERY_YEAR_ROWS = 100_000
VALUE_COLUMNS = ("need", "supply", "gap", "status", "basis_value", "estimate", "reach_m", "shortfall")


@dataclass(frozen=True)
class _EveryYear:
    """The buurt rows of one type for every year of the gap table, matched to the buurten (``pos``: row of
    ``Frames.buurten()``), sorted by year and buurt, with the shortfall computed for all years at once."""

    method: dict        # year → method of its first row (as the one-year path reads it)
    unit: dict          # year → unit of its first row
    bounds: dict        # year → (start, end) in the arrays
    pos: np.ndarray
    values: dict        # VALUE_COLUMNS → array (all years)

    def frame(self, fr: Frames, ftype: str, year: int) -> TypeFrame | None:
        """The year's ``TypeFrame``: the same frame, column for column and value for value, as the one-year path."""
        if year not in self.method or self.method[year] not in (CATCHMENT, DISTANCE):
            return None
        s, e = self.bounds[year]
        areas = fr.buurten().take(self.pos[s:e]).reset_index(drop=True)
        for col in VALUE_COLUMNS:
            areas[col] = self.values[col][s:e]
        return _type_frame_of(fr, ftype, year, self.method[year], self.unit[year], areas)


def _every_year(fr: Frames, ftype: str) -> _EveryYear | None:
    """The rows of ``ftype`` for every year of the gap table in one pass (see ``_EveryYear``). None when a (year,
    buurt) has two rows (the one-year path then reports it) or the rows are too many (``MAX_EVERY_YEAR_ROWS``)."""
    rows = fr.derived(("buurt_rows",), lambda: fr.table[fr.table["level"] == "buurt"])
    rows = rows[rows["facility_type"] == ftype]
    b = fr.buurten()
    if len(rows) > MAX_EVERY_YEAR_ROWS or not b["area_code"].is_unique or \
            rows.duplicated(["year", "area_code"]).any():
        return None
    first = rows.drop_duplicates("year")  # a year's method and unit: its first row, as in the one-year path
    method = dict(zip(first["year"].astype(int), first["method"].astype(str), strict=True))
    unit = dict(zip(first["year"].astype(int), first["unit"].astype(str), strict=True))
    pos = pd.Index(b["area_code"]).get_indexer(rows["area_code"])
    rows, pos = rows[pos >= 0], pos[pos >= 0]
    order = np.lexsort((pos, rows["year"].to_numpy()))
    rows, pos = rows.iloc[order], pos[order]
    years = rows["year"].to_numpy().astype(int)
    values = pd.DataFrame({col: rows[col].to_numpy() for col in ("need", "supply", "gap", "status", "basis_value",
                                                                  "estimate", "catchment_m")})
    row_method = np.array([method[y] for y in years], dtype=object) if len(years) else np.zeros(0, dtype=object)
    values = _with_shortfall(values, row_method)
    start = np.searchsorted(years, sorted(method), side="left")
    end = np.searchsorted(years, sorted(method), side="right")
    return _EveryYear(method, unit, {y: (int(s), int(e)) for y, s, e in zip(sorted(method), start, end, strict=True)},
                      pos, {col: values[col].to_numpy() for col in VALUE_COLUMNS})


def _with_shortfall(areas: pd.DataFrame, method) -> pd.DataFrame:
    """``areas`` with estimate as bool, reach_m and shortfall (see ``TypeFrame``) for ``method`` (one, or one per
    row); the catchment_m column is dropped."""
    areas["estimate"] = areas["estimate"].astype(bool)
    short = areas["status"].isin(st.SHORT).to_numpy()
    catch = np.asarray(method == CATCHMENT) if not isinstance(method, str) else method == CATCHMENT
    reach_c = areas["catchment_m"].astype("float64").to_numpy()
    reach_d = areas["need"].astype("float64").to_numpy()
    areas["reach_m"] = np.where(catch, reach_c, reach_d)
    short_c = np.where(short, np.clip(-areas["gap"].astype("float64").fillna(0.0), 0, None), 0.0)
    short_d = np.where(short, areas["basis_value"].astype("float64"), 0.0)
    areas["shortfall"] = np.where(catch, short_c, short_d)
    return areas.drop(columns="catchment_m")


def _type_frame_of(fr: Frames, ftype: str, year: int, method: str, unit: str, areas: pd.DataFrame) -> TypeFrame:
    """The ``TypeFrame`` with ``areas`` and the facilities of ``ftype`` (the same for every year: shared)."""
    unit = unit if method == CATCHMENT else "m"
    facilities = fr.derived(("type_facilities", ftype, method, unit), lambda: _facilities(fr.inp, ftype, method, unit))
    return TypeFrame(ftype, int(year), unit, method, areas, facilities)


def _facilities(inp: Inputs, ftype: str, method: str, unit: str) -> pd.DataFrame:
    fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
    if method == CATCHMENT and len(fac):
        cap, _ = gaps.facility_supply(fac, unit)
        cap = np.where(supply.facility_kinds(fac) == "proxy", 0.0, cap)  # enrolment is not spare capacity
    else:
        cap = np.zeros(len(fac))
    return pd.DataFrame({"id": fac["id"].astype(str), "name": fac["name"].fillna("").astype(str),
                         "type": ftype, "x": fac["x"].astype("float64"), "y": fac["y"].astype("float64"),
                         "capacity": cap})


def pairs_for(tf: TypeFrame, fx=None, fy=None, radius=None) -> catchment.Pairs:
    """Buurt–point pairs with distance ≤ radius per buurt (default: the norm's reach)."""
    fx = tf.facilities["x"].to_numpy() if fx is None else np.asarray(fx, dtype="float64")
    fy = tf.facilities["y"].to_numpy() if fy is None else np.asarray(fy, dtype="float64")
    radius = tf.areas["reach_m"].to_numpy() if radius is None else radius
    return catchment.pairs_within(tf.areas["cx"].to_numpy(), tf.areas["cy"].to_numpy(),
                                  np.nan_to_num(np.asarray(radius, dtype="float64"), nan=-1.0), fx, fy)


def stacked_pairs(parts: list[catchment.Pairs], n_areas: list[int], n_facilities: list[int]) -> catchment.Pairs:
    """The pairs of several blocks (one per year) as one: block b's areas and facilities are numbered on after
    those of the blocks before it, and its pairs follow theirs in their own order. Every sum per area or facility
    (``np.bincount``) then adds the same terms in the same order as the block alone, and a nearest-first allocation
    (``allocate_nearest``) takes the same amounts: no pair joins two blocks."""
    if not parts:
        e = np.empty(0, dtype=np.int64)
        return catchment.Pairs(e, e, np.empty(0))
    area_off = np.cumsum([0, *n_areas[:-1]])
    fac_off = np.cumsum([0, *n_facilities[:-1]])
    return catchment.Pairs(np.concatenate([p.area + o for p, o in zip(parts, area_off, strict=True)]),
                           np.concatenate([p.facility + o for p, o in zip(parts, fac_off, strict=True)]),
                           np.concatenate([p.distance for p in parts]))


def facility_use(need: np.ndarray, capacity: np.ndarray, pairs: catchment.Pairs) -> dict[str, np.ndarray]:
    """How much of each facility's capacity the 2SFCA split puts to use, and what is left.

    With R_j = S_j / D_j (D_j = Σ need_i over buurten i in reach of j) and access A_i = Σ_j R_j:

        used_j  = Σ_i need_i × R_j × min(1, 1/A_i)     (buurt i's need, split over its facilities in
                                                       proportion to R_j, never more than j sends to i)
        spare_j = S_j − used_j

    so used_j ≤ min(S_j, D_j), spare_j ≥ max(0, S_j − D_j), and Σ_j spare_j = Σ_i max(0, supply_i − need_i)
    (the surplus of over-served buurten) plus the capacity of facilities with nobody in reach.
    Returns arrays ``demand`` (per facility), ``used``, ``spare`` and ``access`` (per buurt).
    """
    need = np.asarray(need, dtype="float64")
    capacity = np.asarray(capacity, dtype="float64")
    supply, ratio = catchment.two_step(need, capacity, pairs)
    access = np.bincount(pairs.area, weights=ratio[pairs.facility], minlength=len(need))
    factor = np.where(access > 1, 1.0 / np.where(access > 0, access, 1.0), 1.0)
    demand = np.bincount(pairs.facility, weights=need[pairs.area], minlength=len(capacity))
    used = np.bincount(pairs.facility, weights=need[pairs.area] * ratio[pairs.facility] * factor[pairs.area],
                       minlength=len(capacity))
    used = np.minimum(used, capacity)
    return {"demand": demand, "used": used, "spare": np.clip(capacity - used, 0, None), "access": access}


def allocate_nearest(short: np.ndarray, spare: np.ndarray, area: np.ndarray, facility: np.ndarray,
                     distance: np.ndarray) -> np.ndarray:
    """Greedy nearest-first allocation: pairs in order of distance (ties: area, facility index), each takes
    min(what the area still lacks, what the facility still has). Returns the amount per pair (input order)."""
    short = np.asarray(short, dtype="float64").copy()
    spare = np.asarray(spare, dtype="float64").copy()
    out = np.zeros(len(area))
    for p in np.lexsort((facility, area, distance)):
        i, j = area[p], facility[p]
        take = min(short[i], spare[j])
        if take > 1e-12:
            out[p] = take
            short[i] -= take
            spare[j] -= take
    return out


@lru_cache(maxsize=4)
def _sizes(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"function": str, "variant": str})


def standard_sizes(path: Path | str = SIZES_CSV) -> pd.DataFrame:
    """The standard-sizes table: function, variant, unit_capacity, capacity_unit, floor_m2, area_kind, source,
    status (sourced / derived / assumption)."""
    return _sizes(str(path)).copy()


def size_of(ftype: str, variant: str = "default") -> dict:
    """Standard unit of a function: unit_capacity (norm unit or inhabitants), floor_m2, source, status.
    Unknown functions: one facility of unknown floor area (status 'unknown')."""
    return dict(_size_items(str(SIZES_CSV), ftype, variant))


@lru_cache(maxsize=256)
def _size_items(path: str, ftype: str, variant: str) -> tuple:
    s = _sizes(path)
    row = s[(s["function"] == ftype) & (s["variant"] == variant)]
    if row.empty:
        return tuple({"function": ftype, "variant": variant, "unit_capacity": 1.0, "capacity_unit": "facilities",
                      "floor_m2": float("nan"), "area_kind": "", "source": "no standard size",
                      "status": "unknown"}.items())
    return tuple(row.iloc[0].to_dict().items())


def equivalents(amount, ftype: str):
    """Amount in the norm's unit (or persons for distance norms) as standard units of the function
    ('facility-equivalents': 240 places = 1 primary-school unit, 1 gymzaal = 1)."""
    return np.asarray(amount, dtype="float64") / float(size_of(ftype)["unit_capacity"])
