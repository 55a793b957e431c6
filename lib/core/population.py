"""Population by age band, the persons in an age range, and the forecast from housing plans.

Units: persons, dwellings, years. Population is held per buurt; wijk and gemeente are sums.

* Age ranges are apportioned uniformly by the whole years a band shares with the range: 0-14 is
  15 years, so ages 4-11 take 8/15 of it. An open-ended band (65+) counts as ages up to
  ``OPEN_AGE_MAX`` for this purpose only. A result that used a partial band is an *estimate*.
* Forecast: base population plus, for each plan completed in or after the base year and by that year,
  (dwellings × persons per new dwelling × age shares) minus (demolished dwellings × the buurt's current persons
  per dwelling and age mix), never below zero per band. A plan dated in the base year counts from the base year
  (the year's figures then become a forecast for that buurt); plans before the base year are refused on input
  (the measured population already holds them).
* Persons per new dwelling and their ages (the *profile* of new construction) are bounded: the municipality's
  profile (persons per dwelling from persons and dwellings of the dwelling count's year, split by the base
  year's age mix, over all buurten with both) unless the buurt can stand on its own: at least
  ``MIN_OWN_DWELLINGS`` (1,000) dwellings, and its persons per dwelling and its share of children aged 0-14
  each within ``OWN_BOUNDS`` (0.5 to 2 times) of the municipality's. So a business park with 6 dwellings does
  not put 8 persons in every new home, and a buurt without children still gets children in new family homes.
  ``profile_rule`` per buurt says which applied and why (shown in the Buurtverkenner). A profile per dwelling
  type (``occupancy`` table) overrides both.
* There is no autonomous growth: without plans (or an imported future population) the population stays at the
  base year, and ``held`` marks those figures (they are not a forecast: "geen prognose geladen").
  An imported population for a (buurt, year) takes precedence over the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

OPEN_AGE_MAX = 99
MIN_OWN_DWELLINGS = 1000
OWN_BOUNDS = (0.5, 2.0)
CHILD_AGES = (0, 14)
#: Why a buurt's new construction uses its own profile or the municipality's (``PopTensor.profile_rule``).
PROFILE_RULES = ("own", "few_dwellings", "persons_per_dwelling", "children", "no_data")


def band_share(age_min: np.ndarray, age_max: np.ndarray, lo: int, hi: int | None) -> np.ndarray:
    """Share (0..1) of each band [age_min, age_max] (NaN max = open) that lies in the range lo..hi."""
    bmin = np.asarray(age_min, dtype="float64")
    bmax_raw = np.asarray(age_max, dtype="float64")
    open_band = np.isnan(bmax_raw)
    if hi is None:
        # open range: everything from lo up, including open bands entirely
        bmax = np.where(open_band, np.maximum(bmin, OPEN_AGE_MAX), bmax_raw)
        overlap = np.clip(bmax - np.maximum(bmin, lo) + 1, 0, None)
        share = overlap / (bmax - bmin + 1)
        return np.where(open_band & (bmin >= lo), 1.0, share)
    bmax = np.where(open_band, np.maximum(bmin, OPEN_AGE_MAX), bmax_raw)
    overlap = np.clip(np.minimum(bmax, hi) - np.maximum(bmin, lo) + 1, 0, None)
    return overlap / (bmax - bmin + 1)


def persons_in_range(pop: pd.DataFrame, lo: int, hi: int | None, by: list[str]) -> pd.DataFrame:
    """Persons aged lo..hi per group ``by`` (e.g. area_code, year), with ``estimate`` = a band was split."""
    share = band_share(pop["age_min"].to_numpy(), pop["age_max"].astype("float64").to_numpy(), lo, hi)
    partial = (share > 0) & (share < 1) & (pop["persons"].to_numpy() > 0)
    tmp = pop[by].assign(persons=pop["persons"].to_numpy() * share, estimate=partial)
    return tmp.groupby(by, as_index=False).agg(persons=("persons", "sum"), estimate=("estimate", "any"))


def latest_at_or_before(df: pd.DataFrame, year: int, key: str = "area_code") -> pd.DataFrame:
    """Rows of the latest year ≤ ``year`` per key."""
    sel = df[df["year"] <= year]
    if sel.empty:
        return sel
    last = sel.groupby(key)["year"].transform("max")
    return sel[sel["year"] == last]


@dataclass
class PopTensor:
    """Persons per (buurt, year, age band) and dwellings per (buurt, year) as dense arrays.

    ``persons[i, y, b]``: persons of area i in year ``years[y]`` in band ``bands[b]`` (age_min, age_max or None);
    ``forecast[i, y]``: plans changed the figures (the model was used); ``held[i, y]``: a year after the base year
    held at the base year (no plans, no imported forecast); ``dwellings[i, y]`` (NaN = unknown) and
    ``carried[i, y]``: an earlier year's dwelling count carried forward. Per area: ``profile_rule`` (see
    ``PROFILE_RULES``) and ``new_per_dwelling`` (persons per new dwelling used for plans).
    """

    areas: pd.Index
    years: list[int]
    bands: list[tuple[int, int | None]]
    persons: np.ndarray
    forecast: np.ndarray
    dwellings: np.ndarray
    carried: np.ndarray
    held: np.ndarray = None
    profile_rule: np.ndarray = None
    new_per_dwelling: np.ndarray = None

    def select(self, years: list[int]) -> PopTensor:
        """The tensor for a subset of its years (in the given order)."""
        idx = [self.years.index(int(y)) for y in years]
        return PopTensor(self.areas, [int(y) for y in years], self.bands, self.persons[:, idx, :],
                         self.forecast[:, idx], self.dwellings[:, idx], self.carried[:, idx], self.held[:, idx],
                         self.profile_rule, self.new_per_dwelling)

    def band_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        lo = np.array([b[0] for b in self.bands], dtype="float64")
        hi = np.array([np.nan if b[1] is None else b[1] for b in self.bands], dtype="float64")
        return lo, hi

    def in_range(self, lo: int, hi: int | None) -> tuple[np.ndarray, np.ndarray]:
        """(persons aged lo..hi, estimate flag) per (area, year)."""
        share = band_share(*self.band_arrays(), lo, hi)
        partial = (share > 0) & (share < 1)
        value = self.persons @ share
        estimate = (self.persons[:, :, partial] > 0).any(axis=2) if partial.any() else np.zeros(value.shape, bool)
        return value, estimate


def has_forecast(population: pd.DataFrame, plans: pd.DataFrame | None, base_year: int) -> bool:
    """True when something moves the population after the base year: a plan (new or demolished dwellings) in or
    after the base year, or an imported population for a later year. Without it every later year equals the
    base year ("geen prognose geladen")."""
    later_pop = bool((population["year"] > base_year).any()) if len(population) else False
    if plans is None or plans.empty:
        return later_pop
    p = plans[plans["year"] >= base_year]
    moved = p["dwellings"].fillna(0).abs().sum() + (p["demolished"].fillna(0).sum() if "demolished" in p else 0)
    return later_pop or bool(moved > 0)


def municipality_of(codes) -> np.ndarray:
    """The gemeente of each area code for the municipal profile: 'GM' + gggg of a CBS buurt code (BU gggg ww bb);
    one shared group ('') for codes that are not CBS buurt codes."""
    c = pd.Series(list(codes), dtype=object).astype(str)
    cbs_buurt = c.str.fullmatch(r"BU\d{8}")
    return np.where(cbs_buurt, "GM" + c.str[2:6], "").astype(object)


def _band_key(age_min, age_max) -> tuple[int, int | None]:
    return int(age_min), (None if pd.isna(age_max) else int(age_max))


def tensor(population: pd.DataFrame, dwellings: pd.DataFrame, plans: pd.DataFrame | None, years: list[int],
           base_year: int, occupancy: pd.DataFrame | None = None, areas: list[str] | None = None) -> PopTensor:
    """The forecast (see module docstring) for ``areas`` (default: every area with population) and ``years``."""
    years = sorted(int(y) for y in years)
    idx = pd.Index(sorted(population["area_code"].unique()) if areas is None else list(areas))
    occupancy = occupancy if occupancy is not None else pd.DataFrame(
        columns=["dwelling_type", "age_min", "age_max", "persons_per_dwelling"])
    def band_codes(df: pd.DataFrame) -> pd.MultiIndex:  # (age_min, age_max or −1 for an open band)
        return pd.MultiIndex.from_arrays([df["age_min"].astype("int64").to_numpy(),
                                          df["age_max"].astype("float64").fillna(-1).astype("int64").to_numpy()])

    distinct = band_codes(population).unique().append(band_codes(occupancy).unique()).unique()
    keys = sorted({(int(a), None if b < 0 else int(b)) for a, b in distinct},
                  key=lambda k: (k[0], 999 if k[1] is None else k[1]))
    bidx = {k: i for i, k in enumerate(keys)}
    kindex = pd.MultiIndex.from_tuples([(a, -1 if b is None else b) for a, b in keys]) if keys else None
    n, ny, nb = len(idx), len(years), len(keys)

    def dense(rows: pd.DataFrame, index: pd.Index = idx) -> tuple[np.ndarray, np.ndarray]:
        out = np.zeros((len(index), nb))
        ai = index.get_indexer(rows["area_code"])
        ok = ai >= 0
        bi = kindex.get_indexer(band_codes(rows)) if len(rows) else np.zeros(0, np.int64)
        np.add.at(out, (ai[ok], bi[ok]), rows["persons"].to_numpy(dtype="float64")[ok])
        present = np.zeros(len(index), bool)
        present[ai[ok]] = True
        return out, present

    by_year = {int(y): g for y, g in population.groupby("year")}
    dw_years = sorted(int(y) for y in dwellings["year"].unique())

    def dwelling_counts(index: pd.Index) -> tuple[np.ndarray, np.ndarray]:
        """(latest known count at or before each dwelling year, carried forward; the year it comes from)."""
        known = np.full((len(index), len(dw_years)), np.nan)
        if not dw_years:
            return known, known
        ai = index.get_indexer(dwellings["area_code"])
        yi = np.searchsorted(dw_years, dwellings["year"].to_numpy())
        ok = ai >= 0
        known[ai[ok], yi[ok]] = dwellings["dwellings"].to_numpy(dtype="float64")[ok]
        src = np.where(np.isnan(known), np.nan, np.array(dw_years, dtype="float64"))
        return pd.DataFrame(known).ffill(axis=1).to_numpy(), pd.DataFrame(src).ffill(axis=1).to_numpy()

    filled, src_year = dwelling_counts(idx)

    def dwellings_at(year: int, counts=(filled, src_year)) -> tuple[np.ndarray, np.ndarray]:
        k = int(np.searchsorted(dw_years, year, side="right")) - 1
        if k < 0:
            return np.full(len(counts[0]), np.nan), np.zeros(len(counts[0]), bool)
        return counts[0][:, k], counts[1][:, k] != year

    lo_b, hi_b = (np.array([b[0] for b in keys], dtype="float64"),
                  np.array([np.nan if b[1] is None else b[1] for b in keys], dtype="float64"))
    child = band_share(lo_b, hi_b, *CHILD_AGES)

    def occupancy_of(index: pd.Index) -> dict[str, np.ndarray]:
        """Per area of ``index``: base-year persons per band, dwellings, and persons per dwelling from persons and
        dwellings of the SAME year (the dwelling count's year, when its population is known; CBS counts both on
        1 January), split by the base year's age mix; ``ok`` where the area has dwellings and persons."""
        base_, _ = dense(by_year.get(base_year, population.iloc[0:0]), index)
        counts = dwelling_counts(index) if index is not idx else (filled, src_year)
        dw, _ = dwellings_at(base_year, counts)
        k = int(np.searchsorted(dw_years, base_year, side="right")) - 1
        dw_year = counts[1][:, k] if k >= 0 else np.full(len(index), np.nan)
        total = base_.sum(axis=1)
        same = total.copy()
        for y in np.unique(dw_year[~np.isnan(dw_year)]):
            if int(y) in by_year and int(y) != base_year:
                rows, present = dense(by_year[int(y)], index)
                sel = (dw_year == y) & present
                same[sel] = rows.sum(axis=1)[sel]
        ok = (np.nan_to_num(dw) > 0) & (total > 0) & (same > 0)
        return {"base": base_, "dw": dw, "total": total, "same": same, "ok": ok,
                "ppd": np.where(ok, same / np.where(ok, dw, 1.0), 0.0),
                "mix": base_ / np.where(total > 0, total, 1.0)[:, None],
                "child": np.where(total > 0, base_ @ child / np.where(total > 0, total, 1.0), 0.0)}

    own_ = occupancy_of(idx)
    base, base_dw, local_ok, per_dwelling, mix = own_["base"], own_["dw"], own_["ok"], own_["ppd"], own_["mix"]
    child_share = own_["child"]

    # the municipality's profile: over every buurt of the gemeente that has dwellings and persons (whatever subset
    # of areas was asked for); the gemeente from the CBS buurt code (BU gggg ww bb), one group for other codes
    if set(population["area_code"].unique()) <= set(idx):  # every area with people is here already
        full_idx, full = idx, own_
    else:
        full_idx = pd.Index(sorted(set(population["area_code"]) | set(idx)))
        full = occupancy_of(full_idx)
    group_full = municipality_of(full_idx)
    groups = pd.Index(sorted(set(group_full)))
    gi = groups.get_indexer(group_full)
    ok_f = full["ok"]
    g_dw = np.bincount(gi[ok_f], weights=full["dw"][ok_f], minlength=len(groups))
    g_total = np.bincount(gi[ok_f], weights=full["same"][ok_f], minlength=len(groups))
    g_persons = np.zeros((len(groups), nb))
    np.add.at(g_persons, gi[ok_f], full["base"][ok_f])
    g_mix = g_persons / np.maximum(g_persons.sum(axis=1), 1e-12)[:, None]
    g_ppd = np.where(g_dw > 0, g_total / np.where(g_dw > 0, g_dw, 1.0), 0.0)
    mine = groups.get_indexer(municipality_of(idx))
    city_ppd = g_ppd[mine]
    city = g_mix[mine] * city_ppd[:, None]
    city_child = g_mix[mine] @ child

    def within(v, ref):
        return (v >= OWN_BOUNDS[0] * ref) & (v <= OWN_BOUNDS[1] * ref)

    rule = np.select([~local_ok, np.nan_to_num(base_dw) < MIN_OWN_DWELLINGS, ~within(per_dwelling, city_ppd),
                      ~within(child_share, city_child)],
                     ["no_data", "few_dwellings", "persons_per_dwelling", "children"], "own").astype(object)
    own = rule == "own"
    ppd_new = np.where(own[:, None], per_dwelling[:, None] * mix, city)
    ppd_existing = np.where(local_ok[:, None], per_dwelling[:, None] * mix, city)

    # cumulative dwellings from plans completed in or after the base year, per (area, year), by profile
    plans = plans if plans is not None and len(plans) else pd.DataFrame(
        columns=["area_code", "year", "dwellings", "dwelling_type", "demolished"])
    plans = plans[(plans["year"] >= base_year)]
    typed_types = set(occupancy["dwelling_type"])
    dtype = plans["dwelling_type"] if "dwelling_type" in plans else pd.Series(None, index=plans.index)
    added = np.zeros((n, ny, nb))
    plan_dw = np.zeros((n, ny))

    def cumulative(group: pd.DataFrame, column: str) -> np.ndarray:
        inc = np.zeros((n, ny))
        ai = idx.get_indexer(group["area_code"])
        yi = np.searchsorted(years, group["year"].to_numpy())
        ok = (ai >= 0) & (yi < ny)
        np.add.at(inc, (ai[ok], yi[ok]), group[column].astype("float64").fillna(0.0).to_numpy()[ok])
        return np.cumsum(inc, axis=1)

    for kind, group in plans.groupby(dtype.where(dtype.isin(typed_types), "__default__").fillna("__default__")):
        cum = cumulative(group, "dwellings")
        plan_dw += cum
        if kind == "__default__":
            added += cum[:, :, None] * ppd_new[:, None, :]
        else:
            occ = occupancy[occupancy["dwelling_type"] == kind]
            prof = np.zeros(nb)
            for a, b, v in zip(occ["age_min"], occ["age_max"], occ["persons_per_dwelling"], strict=True):
                prof[bidx[_band_key(a, b)]] += v
            added += cum[:, :, None] * prof[None, None, :]
    gone_dw = cumulative(plans, "demolished") if "demolished" in plans and len(plans) else np.zeros((n, ny))
    removed = gone_dw[:, :, None] * ppd_existing[:, None, :]
    effect = (plan_dw > 0) | (gone_dw > 0)

    persons = np.zeros((n, ny, nb))
    forecast = np.zeros((n, ny), bool)
    held = np.zeros((n, ny), bool)
    dws = np.zeros((n, ny))
    carried = np.zeros((n, ny), bool)
    for y, year in enumerate(years):
        imported = by_year.get(year)
        change = added[:, y, :] - removed[:, y, :]
        if year < base_year and imported is not None:
            persons[:, y, :], _ = dense(imported)
        else:
            start = base  # the base year's own figures (dense of by_year[base_year]), or zero
            persons[:, y, :] = np.clip(start + change, 0, None)
            forecast[:, y] = effect[:, y]
            held[:, y] = (year > base_year) & ~effect[:, y]
            if imported is not None and year > base_year:  # imported future population wins per buurt
                imp, present = dense(imported)
                persons[present, y, :] = imp[present]
                forecast[present, y] = False
                held[present, y] = False
        known_y, carried[:, y] = dwellings_at(year)
        extra = plan_dw[:, y] - gone_dw[:, y] if year >= base_year else 0.0
        dws[:, y] = np.where(np.isnan(known_y) & (np.asarray(extra) > 0), extra,
                             np.clip(known_y + extra, 0, None))
        carried[:, y] &= ~np.isnan(known_y)
    return PopTensor(idx, years, keys, persons, forecast, dws, carried, held, rule,
                     np.where(own, per_dwelling, city_ppd))



def forecast(population: pd.DataFrame, dwellings: pd.DataFrame, plans: pd.DataFrame, years: list[int],
             base_year: int, occupancy: pd.DataFrame | None = None,
             areas: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population bands and dwellings per buurt for each requested year, as long tables.

    Returns (pop, dw): pop has area_code, year, age_min, age_max, persons, forecast (bool: plans changed the
    figures) and held (bool: held at the base year, no forecast) for the non-zero bands; dw has area_code,
    year, dwellings, carried (bool: an earlier year's count carried forward).
    """
    codes = None if areas is None else list(areas)
    if codes is None:
        codes = sorted(set(population["area_code"]) | set(dwellings["area_code"])
                       | set(plans["area_code"] if plans is not None and len(plans) else []))
    t = tensor(population, dwellings, plans, years, base_year, occupancy, codes)
    n, ny, nb = t.persons.shape
    ai, yi, bi = np.nonzero(t.persons)
    lo, hi = t.band_arrays()
    pop = pd.DataFrame({"area_code": t.areas.to_numpy()[ai], "year": np.array(t.years)[yi],
                        "age_min": lo[bi].astype(int), "age_max": pd.array(hi[bi], dtype="Int64"),
                        "persons": t.persons[ai, yi, bi], "forecast": t.forecast[ai, yi],
                        "held": t.held[ai, yi]})
    ai, yi = np.nonzero(~np.isnan(t.dwellings))
    dw = pd.DataFrame({"area_code": t.areas.to_numpy()[ai], "year": np.array(t.years)[yi],
                       "dwellings": t.dwellings[ai, yi], "carried": t.carried[ai, yi]})
    return pop, dw
