"""Method 3 — time-sharing of gyms and halls in weekly hours (docs/sharing/timesharing.md).

Blocks per facility unit (data/timesharing_assumptions.csv, each figure labelled sourced/derived/assumption):
weekday daytime (school PE), weekday evening and weekend (club sport).

* Daytime demand per buurt: PE hours = children 6-11 / pupils per group × 90 min / 60 (children apportioned
  from the CBS 0-14 band: an estimate). Supply: gymzaal daytime hours, shared by 2SFCA within the gym norm's
  catchment. A daytime shortfall is only helped by free *daytime* hours in other gyms (matched nearest first
  within the match distance) or a new gymzaal — never by free evenings.
* Evening/weekend demand per buurt: club sport in participant-hours = inhabitants × participation × hours
  per participant. Supply: evening + weekend hours of sports halls and sportzalen × participants per hour,
  shared by 2SFCA within the sports-hall norm's catchment. The remaining shortfall is matched, nearest first
  within the match distance, to the free evening/weekend hours of school gyms (hours × (1 − share already
  let)), a gym hour holding ``participants_per_hour_gym`` participants.
* Club shortfalls are reported in sports-hall hours (participant-hours / participants per hall hour).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import catchment, population
from lib.core.inputs import Inputs
from lib.sharing import common

ASSUMPTIONS_CSV = common.DATA / "timesharing_assumptions.csv"
GYM = "gym"
HALL_TYPES = ("sports_hall", "sports_room")
DEFAULT_GYM_CATCHMENT_M = 1000.0
DEFAULT_HALL_CATCHMENT_M = 2500.0
EPS = 1e-9

FACILITY_COLUMNS = ["id", "name", "type", "x", "y", "units", "day_h", "day_used_h", "day_free_h", "evening_h",
                    "weekend_h", "evening_weekend_used_h", "evening_weekend_free_h", "matched_h",
                    "school_use_h_per_year"]
AREA_COLUMNS = ["area_code", "area_name", "wijk_code", "wijk_name", "cx", "cy", "children_6_11", "pe_h",
                "day_available_h", "day_short_h", "day_matched_h", "day_unsolved_h", "inhabitants", "club_hall_h",
                "club_available_hall_h", "club_short_hall_h", "gym_h_matched", "club_matched_hall_h",
                "club_unsolved_hall_h", "gyms", "max_distance_m", "estimate", "verdict"]
MATCH_COLUMNS = ["block", "area_code", "area_name", "wijk_code", "wijk_name", "facility_id", "facility_name", "fx",
                 "fy", "cx", "cy", "distance_m", "hours"]


@dataclass
class TimeShareResult:
    facilities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FACILITY_COLUMNS))
    areas: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AREA_COLUMNS))
    matches: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MATCH_COLUMNS))
    params: dict = field(default_factory=dict)


@lru_cache(maxsize=4)
def _assumptions(path: str) -> pd.DataFrame:
    return pd.read_csv(path)


def assumptions(path: Path | str = ASSUMPTIONS_CSV) -> pd.DataFrame:
    """The labelled assumptions table: key, value, unit, status (sourced/derived/assumption), source."""
    return _assumptions(str(path)).copy()


def parameters(overrides: dict | None = None) -> dict[str, float]:
    """Assumption values by key, with ``overrides`` (e.g. from the page's widgets) applied."""
    p = dict(zip(assumptions()["key"], assumptions()["value"].astype(float), strict=True))
    p.update({k: float(v) for k, v in (overrides or {}).items() if v is not None})
    return p


def _catchment_of(inp: Inputs, ftype: str, default: float) -> float:
    n = inp.norms[inp.norms["facility_type"] == ftype]["catchment_m"].dropna()
    return float(n.max()) if len(n) else default


def facility_hours(inp: Inputs, p: dict[str, float]) -> pd.DataFrame:
    """Gyms, sports halls and sportzalen with their weekly hours per block (units × block hours)."""
    f = inp.facilities[inp.facilities["type"].isin((GYM, *HALL_TYPES))].reset_index(drop=True)
    units = np.where(f["unit"] == "facilities", f["capacity"].fillna(1.0), 1.0).astype("float64")
    return pd.DataFrame({"id": f["id"].astype(str), "name": f["name"].fillna("").astype(str), "type": f["type"],
                         "x": f["x"].astype("float64"), "y": f["y"].astype("float64"), "units": units,
                         "day_h": np.where(f["type"] == GYM, units * p["day_hours_per_unit"], 0.0),
                         "evening_h": units * p["evening_hours_per_unit"],
                         "weekend_h": units * p["weekend_hours_per_unit"]})


def area_demand(inp: Inputs, years: list[int], p: dict[str, float],
                frames: common.Frames | None = None) -> pd.DataFrame:
    """Per buurt and year: children 6-11 (estimate), PE hours, inhabitants and club participant-hours per week; one
    block of ``frames.buurten()`` rows per year of ``years`` (in that order). With ``frames`` (of ``inp``), the
    forecast of every year of its gap table is made once and shared."""
    frames = common.shared(inp, frames)
    n = len(frames.buurten())
    b = frames.buurten().take(np.tile(np.arange(n), len(years))).reset_index(drop=True)
    kids, inh = _people(frames, years)
    key = pd.MultiIndex.from_arrays([np.repeat(np.asarray(years, dtype="int64"), n), b["area_code"]])
    b["children_6_11"] = kids["persons"].reindex(key).fillna(0.0).to_numpy()
    b["estimate"] = kids["estimate"].reindex(key).fillna(False).astype(bool).to_numpy()
    b["pe_h"] = b["children_6_11"] / p["pupils_per_group"] * p["pe_minutes_per_group"] / 60.0
    b["inhabitants"] = inh.reindex(key).fillna(0.0).to_numpy()
    b["club_ph"] = b["inhabitants"] * p["club_participation"] * p["club_hours_per_participant"]
    return b


def _people(frames: common.Frames, years: list[int]) -> tuple[pd.DataFrame, pd.Series]:
    """(children 6-11 with their estimate flag, inhabitants) per (year, buurt) of ``years``, from the shared forecast
    of every year (``Frames.population``; a year's rows summed on their own, in their order, so the sums are those
    of the year alone to the last bit)."""
    pop = pd.concat([frames.population(y) for y in years], ignore_index=True)
    pop["year"] = np.repeat(np.asarray(years, dtype="int64"), [len(frames.population(y)) for y in years])
    return (population.persons_in_range(pop, 6, 11, ["year", "area_code"]).set_index(["year", "area_code"]),
            pop.groupby(["year", "area_code"])["persons"].sum())


def run(inp: Inputs, year: int, overrides: dict | None = None, table: pd.DataFrame | None = None) -> TimeShareResult:
    """Hours required and available per facility and buurt, and the matches that sharing makes possible.

    Buurten whose gym (or sports-hall) data is probably incomplete (a coverage flag in the gap table,
    lib.core.coverage) get no daytime (or club) shortfall: a shortfall there may be missing data.
    The year's slice of ``run_years``."""
    return run_years(inp, [year], overrides, table)[int(year)]


def run_years(inp: Inputs, years: list[int], overrides: dict | None = None,
              table: pd.DataFrame | None = None) -> dict[int, TimeShareResult]:
    """``run`` for every year of ``years`` in one pass (year → result). The arrays hold one block of buurten, of
    facilities and of buurt–gym pairs per year (``common.stacked_pairs``): every split, sum and nearest-first match
    stays within its year's block, so each year's result is, frame for frame, that of the year alone."""
    table = common.shared(inp, table)
    years = list(dict.fromkeys(int(y) for y in years))
    nb = len(years)
    p = parameters(overrides)
    one = facility_hours(inp, p)
    fac = one.take(np.tile(np.arange(len(one)), nb)).reset_index(drop=True)
    a = area_demand(inp, years, p, table)
    n = len(a) // max(nb, 1)
    codes = table.buurten()["area_code"]
    no_gym_data = np.concatenate([codes.isin(common.flagged(inp, table, GYM, y)).to_numpy() for y in years])
    no_hall_data = np.concatenate([codes.isin(common.flagged(inp, table, "sports_hall", y)).to_numpy()
                                   for y in years])
    ax, ay = a["cx"].to_numpy()[:n], a["cy"].to_numpy()[:n]  # the buurten of one block (the same in every block)
    gym = (fac["type"] == GYM).to_numpy()
    hall = fac["type"].isin(HALL_TYPES).to_numpy()
    params = {**p, "gym_catchment_m": _catchment_of(inp, GYM, DEFAULT_GYM_CATCHMENT_M),
              "hall_catchment_m": _catchment_of(inp, "sports_hall", DEFAULT_HALL_CATCHMENT_M)}

    def blocks(radius: float, f: pd.DataFrame) -> catchment.Pairs:
        """The buurt–facility pairs within ``radius`` of one block (``f``: every block's facilities), per block."""
        m = len(f) // max(nb, 1)
        one_block = catchment.pairs_within(ax, ay, np.full(n, radius), f["x"].to_numpy()[:m], f["y"].to_numpy()[:m])
        return common.stacked_pairs([one_block] * nb, [n] * nb, [m] * nb)

    # weekday daytime: PE in gyms
    g = fac[gym].reset_index(drop=True)
    gp = blocks(params["gym_catchment_m"], g)
    use = common.facility_use(a["pe_h"].to_numpy(), g["day_h"].to_numpy(), gp)
    day_supply, _ = catchment.two_step(a["pe_h"].to_numpy(), g["day_h"].to_numpy(), gp)
    a["day_available_h"] = day_supply
    a["day_short_h"] = np.where(no_gym_data, 0.0, np.clip(a["pe_h"] - day_supply, 0, None))
    a.loc[a["day_short_h"] < EPS, "day_short_h"] = 0.0
    fac["day_used_h"] = 0.0
    fac.loc[gym, "day_used_h"] = use["used"]
    fac["day_free_h"] = fac["day_h"] - fac["day_used_h"]
    mp = blocks(p["match_distance_m"], g)
    day_take = common.allocate_nearest(a["day_short_h"].to_numpy(), fac.loc[gym, "day_free_h"].to_numpy(),
                                       mp.area, mp.facility, mp.distance)
    a["day_matched_h"] = np.bincount(mp.area, weights=day_take, minlength=len(a))
    a["day_unsolved_h"] = np.clip(a["day_short_h"] - a["day_matched_h"], 0, None)

    # evenings and weekends: club sport in halls, then free hours in school gyms
    h = fac[hall].reset_index(drop=True)
    pph = np.where(h["type"] == "sports_hall", p["participants_per_hour_sports_hall"],
                   p["participants_per_hour_sports_room"])
    hp = blocks(params["hall_catchment_m"], h)
    cap_ph = (h["evening_h"] + h["weekend_h"]).to_numpy() * pph
    club_supply, _ = catchment.two_step(a["club_ph"].to_numpy(), cap_ph, hp)
    hall_use = common.facility_use(a["club_ph"].to_numpy(), cap_ph, hp)
    per_hall_h = p["participants_per_hour_sports_hall"]
    a["club_hall_h"] = a["club_ph"] / per_hall_h
    a["club_available_hall_h"] = club_supply / per_hall_h
    short_ph = np.clip(a["club_ph"].to_numpy() - club_supply, 0, None)
    short_ph[(short_ph < EPS) | no_hall_data] = 0.0
    a["club_short_hall_h"] = short_ph / per_hall_h
    ew = (fac["evening_h"] + fac["weekend_h"]).to_numpy()
    fac["evening_weekend_used_h"] = np.where(gym, ew * p["gym_evening_booked_share"], 0.0)
    fac.loc[hall, "evening_weekend_used_h"] = hall_use["used"] / pph
    fac["evening_weekend_free_h"] = np.clip(ew - fac["evening_weekend_used_h"], 0, None)
    short_gym_h = short_ph / p["participants_per_hour_gym"]
    ew_take = common.allocate_nearest(short_gym_h, fac.loc[gym, "evening_weekend_free_h"].to_numpy(), mp.area,
                                      mp.facility, mp.distance)
    a["gym_h_matched"] = np.bincount(mp.area, weights=ew_take, minlength=len(a))
    a["club_matched_hall_h"] = a["gym_h_matched"] * p["participants_per_hour_gym"] / per_hall_h
    a["club_unsolved_hall_h"] = np.clip(a["club_short_hall_h"] - a["club_matched_hall_h"], 0, None)
    used_pair = ew_take > 0
    a["gyms"] = np.bincount(mp.area[used_pair], minlength=len(a)).astype(int)
    maxd = np.zeros(len(a))
    np.maximum.at(maxd, mp.area[used_pair], mp.distance[used_pair])
    a["max_distance_m"] = np.where(a["gyms"] > 0, maxd, np.nan)
    a["verdict"] = verdict(a)

    fac["matched_h"] = 0.0
    fac.loc[gym, "matched_h"] = np.bincount(mp.facility, weights=ew_take + day_take, minlength=int(gym.sum()))
    fac["school_use_h_per_year"] = fac["day_used_h"] * p["school_weeks_per_year"]
    fac, a = fac[FACILITY_COLUMNS], a[AREA_COLUMNS]
    m = len(one)
    matches = _matches(a, g, mp, day_take, ew_take, nb)
    return {year: TimeShareResult(fac.iloc[b * m:(b + 1) * m].reset_index(drop=True),
                                  a.iloc[b * n:(b + 1) * n].reset_index(drop=True), matches[b], dict(params))
            for b, year in enumerate(years)}


BLOCK_HOURS_COLUMNS = ["id", "type", "floor_m2", "bookable_weekday_day", "booked_weekday_day",
                      "bookable_weekday_evening", "booked_weekday_evening", "bookable_weekend", "booked_weekend"]


def block_hours(inp: Inputs, year: int, overrides: dict | None = None) -> pd.DataFrame:
    """Per gym, sports hall and sportzaal: the hours per week the model says can be booked and are in use, per
    block of the week (weekday daytime, weekday evening, weekend), and the floor area of one unit (m²,
    data/standard_sizes.csv). Daytime use is the PE the model assigns; evening and weekend use (gyms: the share
    let to clubs; halls: the club use assigned by 2SFCA) is split over evening and weekend in proportion to their
    hours. What "initiatives seek space" (lib/initiatives) counts for a gym or hall without imported rooms."""
    f = run(inp, year, overrides).facilities
    ew = (f["evening_h"] + f["weekend_h"]).to_numpy(dtype="float64")
    used = f["evening_weekend_used_h"].to_numpy(dtype="float64")
    share = np.divide(used, ew, out=np.zeros_like(ew), where=ew > 0)
    return pd.DataFrame({
        "id": f["id"].astype(str), "type": f["type"],
        "floor_m2": [float(common.size_of(t)["floor_m2"]) for t in f["type"]],
        "bookable_weekday_day": f["day_h"].astype("float64"), "booked_weekday_day": f["day_used_h"].astype("float64"),
        "bookable_weekday_evening": f["evening_h"].astype("float64"),
        "booked_weekday_evening": f["evening_h"].to_numpy(dtype="float64") * share,
        "bookable_weekend": f["weekend_h"].astype("float64"),
        "booked_weekend": f["weekend_h"].to_numpy(dtype="float64") * share})[BLOCK_HOURS_COLUMNS]


def verdict(a: pd.DataFrame) -> np.ndarray:
    """Per buurt, what sharing can do: 'day_not_by_evenings' (a daytime PE shortfall remains; free evenings do
    not help), 'evening_solved', 'evening_partly', 'evening_not_solved', 'day_solved' or 'ok'."""
    day_left = a["day_unsolved_h"] > 1e-6
    club = a["club_short_hall_h"] > 1e-6
    club_left = a["club_unsolved_hall_h"] > 1e-6
    matched = a["gym_h_matched"] > 1e-6
    return np.select(
        [day_left, club & ~club_left, club & matched, club, a["day_short_h"] > 1e-6],
        ["day_not_by_evenings", "evening_solved", "evening_partly", "evening_not_solved", "day_solved"], "ok")


def _matches(a: pd.DataFrame, g: pd.DataFrame, mp, day_take: np.ndarray, ew_take: np.ndarray,
             blocks: int = 1) -> list[pd.DataFrame]:
    """The daytime, then the evening/weekend matches of each block (year) of the pairs ``mp`` (``blocks`` blocks of
    equal size, ``common.stacked_pairs``): each part is built once for every block and cut per block; a block
    without matches of a kind gets the part that kind's empty selection builds, as the block alone would."""
    size = max(len(mp.area) // max(blocks, 1), 1)
    parts = []
    for block, take in (("day", day_take), ("evening_weekend", ew_take)):
        whole = _match_part(block, a, g, mp, take)
        ends = np.cumsum(np.bincount(np.flatnonzero(take > 0) // size, minlength=blocks))
        empty = None
        cut = []
        for s, e in zip([0, *ends[:-1]], ends, strict=True):
            if e == s and empty is None:
                empty = _match_part(block, a, g, mp, np.zeros(len(take)))
            cut.append(whole.iloc[s:e] if e > s else empty)
        parts.append(cut)
    return [pd.concat([d, e], ignore_index=True)[MATCH_COLUMNS] for d, e in zip(*parts, strict=True)]


def _match_part(block: str, a: pd.DataFrame, g: pd.DataFrame, mp, take: np.ndarray) -> pd.DataFrame:
    k = take > 0
    i, j = mp.area[k], mp.facility[k]
    return pd.DataFrame({
        "block": block, "area_code": a["area_code"].to_numpy()[i], "area_name": a["area_name"].to_numpy()[i],
        "wijk_code": a["wijk_code"].to_numpy()[i], "wijk_name": a["wijk_name"].to_numpy()[i],
        "facility_id": g["id"].to_numpy()[j], "facility_name": g["name"].to_numpy()[j],
        "fx": g["x"].to_numpy()[j], "fy": g["y"].to_numpy()[j], "cx": a["cx"].to_numpy()[i],
        "cy": a["cy"].to_numpy()[i], "distance_m": mp.distance[k], "hours": take[k]})


def by_wijk(areas: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Wijk totals of the buurt figures (hours per week), with the number of distinct gyms matched."""
    num = ["children_6_11", "pe_h", "day_available_h", "day_short_h", "day_matched_h", "day_unsolved_h",
           "inhabitants", "club_hall_h", "club_available_hall_h", "club_short_hall_h", "gym_h_matched",
           "club_matched_hall_h", "club_unsolved_hall_h"]
    g = areas.groupby(["wijk_code", "wijk_name"])  # one aggregation at a time: named ones cost ~5 ms a call
    w = g[num].sum()
    w["estimate"] = g["estimate"].any()
    w = w.reset_index()
    ew = matches[matches["block"] == "evening_weekend"].groupby("wijk_code")
    w["gyms"] = w["wijk_code"].map(ew["facility_id"].nunique()).fillna(0).astype(int)
    w["max_distance_m"] = w["wijk_code"].map(ew["distance_m"].max())
    return w
