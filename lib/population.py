"""Population by age band, the persons in an age range, and the forecast from housing plans.

Units: persons, dwellings, years. Population is held per buurt; wijk and gemeente are sums.

* Age ranges are apportioned uniformly by the whole years a band shares with the range: 0-14 is
  15 years, so ages 4-11 take 8/15 of it. An open-ended band (65+) counts as ages up to
  ``OPEN_AGE_MAX`` for this purpose only. A result that used a partial band is an *estimate*.
* Forecast for a year after the base year: base population plus, for each plan completed after the
  base year and by that year, dwellings × persons per dwelling × age shares. The default profile is the
  buurt's own (its persons per band / its dwellings); where the buurt has no dwellings or persons, the
  municipality's. A profile per dwelling type (``occupancy`` table) overrides both. There is no
  autonomous growth: without plans the population stays at the base year. An imported population for a
  (buurt, year) takes precedence over the model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OPEN_AGE_MAX = 99


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


def _profile(base_pop: pd.DataFrame, base_dw: pd.Series) -> pd.DataFrame:
    """Persons per dwelling per band, per buurt; municipality's profile where a buurt has none."""
    per = base_pop.merge(base_dw.rename("dw"), left_on="area_code", right_index=True, how="left")
    city = base_pop.groupby(["age_min"], as_index=False).agg(age_max=("age_max", "first"), persons=("persons", "sum"))
    city_dw = float(base_dw.sum())
    city["ppd"] = city["persons"] / city_dw if city_dw > 0 else 0.0
    per["ppd"] = np.where(per["dw"].fillna(0) > 0, per["persons"] / per["dw"].where(per["dw"] > 0), np.nan)
    area_total = per.groupby("area_code")["persons"].transform("sum")
    per.loc[area_total <= 0, "ppd"] = np.nan
    return per[["area_code", "age_min", "age_max", "ppd"]], city[["age_min", "age_max", "ppd"]]


def forecast(population: pd.DataFrame, dwellings: pd.DataFrame, plans: pd.DataFrame, years: list[int],
             base_year: int, occupancy: pd.DataFrame | None = None,
             areas: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population bands and dwellings per buurt for each requested year.

    Returns (pop, dw): pop has area_code, year, age_min, age_max, persons, forecast (bool: model used);
    dw has area_code, year, dwellings, carried (bool: an earlier year's count carried forward).
    """
    base_pop = population[population["year"] == base_year][["area_code", "age_min", "age_max", "persons"]]
    base_dw = latest_at_or_before(dwellings, base_year).set_index("area_code")["dwellings"]
    local, city = _profile(base_pop, base_dw)
    plans = plans if plans is not None else pd.DataFrame(columns=["area_code", "year", "dwellings", "dwelling_type"])
    pop_out, dw_out = [], []
    for year in years:
        imported = population[population["year"] == year]
        if year <= base_year and not imported.empty:
            pop_out.append(imported.assign(forecast=False)[["area_code", "year", "age_min", "age_max", "persons",
                                                            "forecast"]])
        else:
            done = plans[(plans["year"] > base_year) & (plans["year"] <= year)]
            added = _added_persons(done, local, city, occupancy)
            pop_y = pd.concat([base_pop, added], ignore_index=True)
            pop_y["age_max"] = pop_y["age_max"].astype("Int64")
            pop_y = pop_y.groupby(["area_code", "age_min", "age_max"], as_index=False, dropna=False)[
                "persons"].sum()
            pop_y["year"] = year
            pop_y["forecast"] = year > base_year
            if not imported.empty:  # imported future population wins per buurt
                pop_y = pd.concat([pop_y[~pop_y["area_code"].isin(imported["area_code"])],
                                   imported.assign(forecast=False)], ignore_index=True)
            pop_out.append(pop_y[["area_code", "year", "age_min", "age_max", "persons", "forecast"]])
        dw_y = latest_at_or_before(dwellings, year)[["area_code", "year", "dwellings"]]
        dw_y = dw_y.assign(carried=dw_y["year"] != year, year=year)
        done = plans[(plans["year"] > base_year) & (plans["year"] <= year)]
        if not done.empty:
            extra = done.groupby("area_code", as_index=False)["dwellings"].sum().rename(columns={"dwellings": "plus"})
            dw_y = dw_y.merge(extra, on="area_code", how="outer")
            dw_y["dwellings"] = dw_y["dwellings"].fillna(0) + dw_y["plus"].fillna(0)
            dw_y["year"] = year
            dw_y["carried"] = dw_y["carried"].astype("boolean").fillna(False).astype(bool)
            dw_y = dw_y.drop(columns="plus")
        dw_out.append(dw_y)
    pop = pd.concat(pop_out, ignore_index=True) if pop_out else pd.DataFrame()
    dw = pd.concat(dw_out, ignore_index=True) if dw_out else pd.DataFrame()
    if areas is not None:
        pop = pop[pop["area_code"].isin(areas)]
        dw = dw[dw["area_code"].isin(areas)]
    return pop, dw


def _added_persons(done: pd.DataFrame, local: pd.DataFrame, city: pd.DataFrame,
                   occupancy: pd.DataFrame | None) -> pd.DataFrame:
    """Persons per band moving into the dwellings of completed plans."""
    if done.empty:
        return pd.DataFrame(columns=["area_code", "age_min", "age_max", "persons"])
    done = done.assign(dwelling_type=done.get("dwelling_type", pd.Series(index=done.index, dtype=object)))
    parts = []
    typed = pd.Series(False, index=done.index)
    if occupancy is not None and not occupancy.empty:
        typed = done["dwelling_type"].isin(occupancy["dwelling_type"])
        t = done[typed].merge(occupancy, on="dwelling_type")
        parts.append(pd.DataFrame({"area_code": t["area_code"], "age_min": t["age_min"], "age_max": t["age_max"],
                                   "persons": t["dwellings"] * t["persons_per_dwelling"]}))
    rest = done[~typed]
    has_local = set(local.dropna(subset=["ppd"])["area_code"])
    own = rest[rest["area_code"].isin(has_local)].merge(local, on="area_code")
    parts.append(pd.DataFrame({"area_code": own["area_code"], "age_min": own["age_min"], "age_max": own["age_max"],
                               "persons": own["dwellings"] * own["ppd"]}))
    other = rest[~rest["area_code"].isin(has_local)].merge(city, how="cross")
    parts.append(pd.DataFrame({"area_code": other["area_code"], "age_min": other["age_min"],
                               "age_max": other["age_max"], "persons": other["dwellings"] * other["ppd"]}))
    return pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=["area_code", "age_min", "age_max", "persons"])
