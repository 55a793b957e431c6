"""All sharing options ranked into plain-language sentences (docs/sharing/options.md).

Every option gets a ``score`` in standard units ('facility-equivalents'): the need it addresses divided by
the size of one standard facility (data/standard_sizes.csv: 240 primary-school places, 1 gymzaal, 1 sporthal;
for time-sharing the weekly hours of one unit: 41 evening/weekend hall hours, 26.25 daytime gym hours).
The list is a menu, not a sum: options may address the same shortfall.

Kinds: ``spare_capacity`` and ``timesharing`` per wijk, ``hub`` per site, ``siting`` (the best single new
site per function), and ``limit`` (a daytime PE shortfall that free evenings cannot solve; never ranked
among the best options).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.core.inputs import Inputs
from lib.sharing import common, hubs, siting, spare_capacity, timesharing
from lib.text.i18n import t
from lib.ui.formatting import amount, number, quantity

KINDS = ("spare_capacity", "timesharing", "hub", "siting", "limit")
COLUMNS = ["rank", "kind", "facility_type", "functions", "area_code", "area_name", "amount", "unit", "score",
           "sentence", "x", "y", "estimate", "assumption", "details"]
MIN_HOURS = 0.5      # hours per week: smaller time-sharing matches are not listed
MIN_SCORE = 0.01     # standard units: smaller options (a hundredth of a gymzaal) are not listed
MAX_HUBS = 10


@dataclass
class Settings:
    """The knobs of every method (defaults as documented in docs/sharing)."""

    reach_factor: float = spare_capacity.DEFAULT_REACH_FACTOR
    walk_m: float = hubs.DEFAULT_WALK_M
    extra_functions: tuple = ()
    timesharing: dict = field(default_factory=dict)   # overrides of data/timesharing_assumptions.csv


#: Facility types → (singular, plural) noun keys for sentences.
NOUN_KEYS = {
    "primary_school": ("sh_noun_primary_school", "sh_nouns_primary_school"),
    "gym": ("sh_noun_gym", "sh_nouns_gym"), "sports_hall": ("sh_noun_sports_hall", "sh_nouns_sports_hall"),
    "sports_room": ("sh_noun_sports_room", "sh_nouns_sports_room"),
    "library": ("sh_noun_library", "sh_nouns_library"),
    "swimming_pool": ("sh_noun_swimming_pool", "sh_nouns_swimming_pool"),
    "community_centre": ("sh_noun_community_centre", "sh_nouns_community_centre"),
}


def noun(ftype: str, lang: str, plural: bool = False) -> str:
    return t(NOUN_KEYS[ftype][1 if plural else 0], lang) if ftype in NOUN_KEYS else str(ftype).replace("_", " ")


def amount_text(v: float, unit: str, ftype: str, lang: str) -> str:
    """'756 plaatsen', '0,4 gymzaal', '12.000 inwoners' (decimals of the unit, lib.ui.formatting.DECIMALS)."""
    if unit == "facilities":
        text = amount(v, unit, lang)
        return f"{text} {noun(ftype, lang, plural=text != '1')}"
    return quantity(v, unit, lang)


def km(metres: float, lang: str) -> str:
    """A distance in km for a sentence (one decimal)."""
    return amount(metres / 1000, "km", lang)


def place(name: str) -> str:
    """A wijk name for a sentence: CBS's 'Wijk 09 Leidsche Rijn' → 'Leidsche Rijn'."""
    return re.sub(r"^Wijk \d+\s+", "", str(name))


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _wijk_xy(inp: Inputs) -> pd.DataFrame:
    w = inp.areas[inp.areas["level"] == "wijk"].set_index("code")
    return w[["cx", "cy"]]


def spare_options(inp: Inputs, res: spare_capacity.SpareResult, lang: str) -> pd.DataFrame:
    """One option per (function, wijk): spare capacity nearby that could absorb the wijk's buurt shortfalls."""
    m = res.matches
    if m.empty:
        return pd.DataFrame(columns=COLUMNS)
    by = m.groupby(["facility_type", "wijk_code", "wijk_name", "unit"])  # one aggregation at a time (faster)
    g = pd.DataFrame({"absorbed": by["absorbed"].sum(), "facilities": by["facility_id"].nunique(),
                      "max_distance_m": by["distance_m"].max(), "buurten": by["area_code"].nunique(),
                      "estimate": by["estimate"].any()}).reset_index()
    short = res.areas.groupby(["facility_type", "wijk_code"])["shortfall"].sum()
    g["shortfall"] = [short.get((f, w), np.nan) for f, w in zip(g["facility_type"], g["wijk_code"], strict=True)]
    xy = _wijk_xy(inp)
    rows = []
    for r in g.itertuples():
        sentence = t("sh_sent_spare", lang).format(
            Noun=_capital(noun(r.facility_type, lang)), area=place(r.wijk_name),
            short=amount_text(r.shortfall, r.unit, r.facility_type, lang),
            absorbed=amount_text(r.absorbed, r.unit, r.facility_type, lang), n=r.facilities,
            nouns=noun(r.facility_type, lang, plural=r.facilities != 1), dist=km(r.max_distance_m, lang),
            pct=number(100 * r.absorbed / r.shortfall if r.shortfall else 0, lang, 0))
        rows.append({"kind": "spare_capacity", "facility_type": r.facility_type, "functions": [r.facility_type],
                     "area_code": r.wijk_code, "area_name": r.wijk_name, "amount": r.absorbed, "unit": r.unit,
                     "score": float(common.equivalents(r.absorbed, r.facility_type)), "sentence": sentence,
                     "x": xy["cx"].get(r.wijk_code, np.nan), "y": xy["cy"].get(r.wijk_code, np.nan),
                     "estimate": bool(r.estimate), "assumption": False,
                     "details": {"shortfall": r.shortfall, "absorbed": r.absorbed, "facilities": r.facilities,
                                 "buurten": r.buurten, "max_distance_m": r.max_distance_m}})
    return pd.DataFrame(rows)


def timesharing_options(inp: Inputs, res: timesharing.TimeShareResult, lang: str) -> pd.DataFrame:
    """Per wijk: free evening/weekend gym hours for sports-hall shortfalls, free daytime gym hours for PE
    shortfalls, and daytime shortfalls that sharing cannot solve (kind 'limit')."""
    w = timesharing.by_wijk(res.areas, res.matches)
    if w.empty:
        return pd.DataFrame(columns=COLUMNS)
    p = res.params
    hall_week = p["evening_hours_per_unit"] + p["weekend_hours_per_unit"]
    by = res.matches[res.matches["block"] == "day"].groupby("wijk_code")
    day = pd.DataFrame({"gyms": by["facility_id"].nunique(), "max_distance_m": by["distance_m"].max()})
    xy = _wijk_xy(inp)
    rows = []
    for r in w.itertuples():
        x, y = xy["cx"].get(r.wijk_code, np.nan), xy["cy"].get(r.wijk_code, np.nan)
        base = {"facility_type": "sports_hall", "area_code": r.wijk_code, "area_name": r.wijk_name, "x": x, "y": y,
                "estimate": bool(r.estimate), "assumption": True}
        if r.gym_h_matched >= MIN_HOURS:
            rows.append({**base, "kind": "timesharing", "functions": ["sports_hall", "gym"],
                         "amount": r.gym_h_matched, "unit": "hours/week",
                         "score": r.club_matched_hall_h / hall_week,
                         "sentence": t("sh_sent_evening", lang).format(
                             area=place(r.wijk_name), short=amount(r.club_short_hall_h, "hours", lang),
                             hours=amount(r.gym_h_matched, "hours", lang), n=r.gyms,
                             gyms=t("sh_school_gym" if r.gyms == 1 else "sh_school_gyms", lang),
                             dist=km(r.max_distance_m, lang)),
                         "details": {"club_hall_h": r.club_hall_h, "club_available_hall_h": r.club_available_hall_h,
                                     "club_short_hall_h": r.club_short_hall_h, "gym_h_matched": r.gym_h_matched,
                                     "club_matched_hall_h": r.club_matched_hall_h,
                                     "club_unsolved_hall_h": r.club_unsolved_hall_h, "gyms": r.gyms,
                                     "max_distance_m": r.max_distance_m}})
        if r.day_matched_h >= MIN_HOURS:
            d = day.loc[r.wijk_code] if r.wijk_code in day.index else None
            n_day = int(d["gyms"]) if d is not None else 0
            rows.append({**base, "kind": "timesharing", "facility_type": "gym", "functions": ["gym"],
                         "amount": r.day_matched_h, "unit": "hours/week",
                         "score": r.day_matched_h / p["day_hours_per_unit"],
                         "sentence": t("sh_sent_day", lang).format(
                             area=place(r.wijk_name), short=amount(r.day_short_h, "hours", lang),
                             hours=amount(r.day_matched_h, "hours", lang),
                             n=n_day, gyms=t("sh_other_gym" if n_day == 1 else "sh_other_gyms", lang),
                             dist=km(d["max_distance_m"] if d is not None else 0, lang)),
                         "details": {"pe_h": r.pe_h, "day_available_h": r.day_available_h,
                                     "day_short_h": r.day_short_h, "day_matched_h": r.day_matched_h,
                                     "day_unsolved_h": r.day_unsolved_h}})
        if r.day_unsolved_h >= MIN_HOURS:
            rows.append({**base, "kind": "limit", "facility_type": "gym", "functions": ["gym"],
                         "amount": r.day_unsolved_h, "unit": "hours/week",
                         "score": r.day_unsolved_h / p["day_hours_per_unit"],
                         "sentence": t("sh_sent_limit", lang).format(area=place(r.wijk_name),
                                                                     short=amount(r.day_unsolved_h, "hours", lang)),
                         "details": {"pe_h": r.pe_h, "day_available_h": r.day_available_h,
                                     "day_short_h": r.day_short_h, "day_matched_h": r.day_matched_h,
                                     "day_unsolved_h": r.day_unsolved_h, "children_6_11": r.children_6_11}})
    return pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])


def hub_options(res: hubs.HubResult, lang: str) -> pd.DataFrame:
    """One option per hub site (the best ``MAX_HUBS``)."""
    rows = []
    by_site = {}  # the programme rows of each site, in order (one pass instead of a filter per site)
    for r in res.programme.itertuples():
        by_site.setdefault(r.site_id, []).append(r)
    for s in res.sites.head(MAX_HUBS).itertuples():
        prog = by_site.get(s.site_id, [])
        parts = []
        for r in prog:
            item = noun(r.function, lang)
            extra = [t("sh_existing", lang)] if r.existing else []
            if r.capacity_unit == "places":
                extra.append(amount_text(r.capacity, "places", r.function, lang))
            if extra:
                item += f" ({', '.join(extra)})"
            parts.append(item)
        rows.append({"kind": "hub", "facility_type": "multifunctional", "functions": list(s.functions),
                     "area_code": s.areas_served[0], "area_name": s.wijk_name, "amount": s.floor_m2, "unit": "m2",
                     "score": s.score, "x": s.x, "y": s.y, "estimate": bool(s.estimate), "assumption": True,
                     "sentence": t("sh_sent_hub", lang).format(site=s.label, area=place(s.wijk_name),
                                                               programme=" + ".join(parts),
                                                               m2=amount(s.floor_m2, "m2", lang),
                                                               score=amount(s.score, "score", lang)),
                     "details": {"site_id": s.site_id, "programme": {r.function: r.floor_m2 for r in prog},
                                 "need_in_reach": s.need_in_reach, "buurten": list(s.areas_served)}})
    return pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])


def siting_options(inp: Inputs, table: pd.DataFrame | None, year: int, types: list[str], lang: str) -> pd.DataFrame:
    """Per catchment function with a shortfall: the best single new site (k = 1, exact)."""
    rows = []
    table = common.shared(inp, table)
    b = table.buurten()
    for f in types:
        r = siting.site(inp, table, year, [f], k=1)
        if r.sites.empty or r.objective <= 0:
            continue
        s = r.sites.iloc[0]
        near = int(np.argmin((b["cx"] - s["x"]) ** 2 + (b["cy"] - s["y"]) ** 2))
        summ = r.summary.iloc[0]
        rows.append({"kind": "siting", "facility_type": f, "functions": [f], "area_code": b["area_code"].iloc[near],
                     "area_name": b["wijk_name"].iloc[near], "amount": summ["covered"], "unit": summ["unit"],
                     "score": r.objective, "x": s["x"], "y": s["y"],
                     "estimate": bool(common.type_frame(inp, table, f, year).areas["estimate"].any()),
                     "assumption": common.size_of(f)["status"] != "sourced",
                     "sentence": t("sh_sent_site_centroid" if s["kind"] == "centroid" else "sh_sent_site",
                                   lang).format(
                         noun=noun(f, lang), site=s["label"], area=place(b["wijk_name"].iloc[near]),
                         covered=amount_text(summ["covered"], summ["unit"], f, lang),
                         pct=number(100 * summ["share"], lang, 0)),
                     "details": {"cand_id": s["cand_id"], "method": r.method, "solver": r.params["solver"],
                                 "capacity": summ["capacity_per_site"], "shortfall_total": summ["shortfall_total"],
                                 "buurten": int(s["buurten"])}})
    return pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rank"])


@dataclass
class Results:
    """The outputs of methods 1-3 for one year (the page shows them next to the ranked options)."""

    spare: spare_capacity.SpareResult
    hub: hubs.HubResult
    ts: timesharing.TimeShareResult


def results(inp: Inputs, gap_table: pd.DataFrame | None, year: int, settings: Settings | None = None,
            spare: dict | None = None, ts: dict | None = None, hub: dict | None = None) -> Results:
    """Run spare capacity, the hub finder and time-sharing with ``settings``. ``spare``, ``ts`` and ``hub``: the
    results of spare capacity, time-sharing and the hub finder for several years (``spare_years``,
    ``timesharing_years``, ``hub_years`` with the same settings), used for ``year`` when they hold it."""
    s = settings or Settings()
    gap_table = common.shared(inp, gap_table)
    year = int(year)
    return Results(spare[year] if spare and year in spare else
                   spare_capacity.run(inp, gap_table, year, reach_factor=s.reach_factor),
                   hub[year] if hub and year in hub else
                   hubs.run(inp, gap_table, year, walk_m=s.walk_m, extra_functions=s.extra_functions),
                   ts[year] if ts and year in ts else timesharing.run(inp, year, s.timesharing, gap_table))


def hub_years(inp: Inputs, gap_table: pd.DataFrame | None, years: list[int],
              settings: Settings | None = None) -> dict[int, hubs.HubResult]:
    """The hub finder for every year of ``years`` in one pass (year → result; ``hubs.run_years``)."""
    s = settings or Settings()
    return hubs.run_years(inp, common.shared(inp, gap_table), years, walk_m=s.walk_m,
                          extra_functions=s.extra_functions)


def spare_years(inp: Inputs, gap_table: pd.DataFrame | None, years: list[int],
                settings: Settings | None = None) -> dict[int, spare_capacity.SpareResult]:
    """Spare capacity of every year of ``years`` in one pass (year → result; ``spare_capacity.run_years``)."""
    s = settings or Settings()
    return spare_capacity.run_years(inp, common.shared(inp, gap_table), years, reach_factor=s.reach_factor)


def timesharing_years(inp: Inputs, gap_table: pd.DataFrame | None, years: list[int],
                      settings: Settings | None = None) -> dict[int, timesharing.TimeShareResult]:
    """Time-sharing of every year of ``years`` in one pass (year → result; ``timesharing.run_years``)."""
    s = settings or Settings()
    return timesharing.run_years(inp, years, s.timesharing, common.shared(inp, gap_table))


def all_options(inp: Inputs, gap_table: pd.DataFrame | None, year: int, lang: str = "nl",
                types: list[str] | None = None, kinds=KINDS, settings: Settings | None = None,
                precomputed: Results | None = None) -> pd.DataFrame:
    """Every option of every kind, best first (``rank`` from 1; 'limit' rows last)."""
    gap_table = common.shared(inp, gap_table)
    r = precomputed or results(inp, gap_table, year, settings)
    frames = []
    catch = [f for f in common.types_with(inp, gap_table, year, (common.CATCHMENT,)) if not types or f in types]
    if "spare_capacity" in kinds:
        frames.append(spare_options(inp, r.spare, lang))
    if {"timesharing", "limit"} & set(kinds):
        ts = timesharing_options(inp, r.ts, lang)
        frames.append(ts[ts["kind"].isin(kinds)])
    if "hub" in kinds:
        frames.append(hub_options(r.hub, lang))
    if "siting" in kinds and catch:
        frames.append(siting_options(inp, gap_table, year, catch, lang))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out = out[(out["kind"] == "limit") | (out["score"] >= MIN_SCORE)]
    if types:
        out = out[out["functions"].map(lambda fs: bool(set(fs) & set(types)))]
    out = out.assign(_limit=out["kind"] == "limit").sort_values(["_limit", "score"], ascending=[True, False],
                                                                kind="stable")
    out = out.drop(columns="_limit").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out[COLUMNS]


def best_options(inp: Inputs, gap_table: pd.DataFrame | None, year: int, n: int = 5, lang: str = "nl",
                 types: list[str] | None = None) -> pd.DataFrame:
    """The ``n`` best actionable options (no 'limit' rows), at most two per kind so the list stays varied;
    columns as ``all_options`` with a plain-language ``sentence``."""
    if isinstance(gap_table, tuple):
        gap_table = gap_table[0]
    opts = all_options(inp, gap_table, year, lang, types, kinds=KINDS[:-1])
    out = varied(opts[opts["score"] > 0], n).reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def varied(opts: pd.DataFrame, n: int, per_kind: int = 2) -> pd.DataFrame:
    """The ``n`` best rows with at most ``per_kind`` of each kind (filled up with the next best if fewer)."""
    first = opts.groupby("kind", sort=False).head(per_kind)
    rest = opts.drop(first.index)
    return pd.concat([first, rest]).head(n).sort_values("score", ascending=False, kind="stable")
