"""The area-agenda method on the four-buurt fixture GM9999, with numbers worked out by hand.

Areas (tests/conftest.py): Alfa BU99990101 and Bravo BU99990102 in wijk WK999901, Charlie BU99990201 and Delta
BU99990202 in wijk WK999902; 1 km squares, Alfa|Bravo|Charlie side by side, Delta 7 km further east. So Alfa
touches Bravo, Bravo touches Charlie, Delta touches nobody.

Items used below (inclusive years):
    A1 beheer    Alfa     2026-2027      A4 beheer   Alfa     2026            (same domain as A1)
    A2 ruimte    WK999901 2027-2029      A5 sport    Delta    2026, afgerond  (finished: never combined)
    A3 onderwijs Bravo    2029           A6 zorg     Charlie  2027-2028
"""

from __future__ import annotations

import pandas as pd
import pytest

from lib.agenda import items as agenda_items
from lib.agenda import overlaps, shortfalls, sites, view
from lib.core import db, gaps, geo, hierarchy, inputs, neighbours


def item(pid, domain, area, start, end, status="gepland", name=None, illustrative=False):
    return {"project_id": pid, "name": name or pid, "domain": domain, "area_code": area, "start_year": start,
            "end_year": end, "kind": None, "budget_eur": None, "status": status, "owner": None,
            "illustrative": illustrative}


ALFA, BRAVO, CHARLIE, DELTA, W1, W2 = "BU99990101", "BU99990102", "BU99990201", "BU99990202", "WK999901", "WK999902"
ITEMS = pd.DataFrame([item("A1", "beheer", ALFA, 2026, 2027), item("A2", "ruimte", W1, 2027, 2029),
                      item("A3", "onderwijs", BRAVO, 2029, 2029), item("A4", "beheer", ALFA, 2026, 2026),
                      item("A5", "sport", DELTA, 2026, 2026, status="afgerond"),
                      item("A6", "zorg", CHARLIE, 2027, 2028)])


@pytest.fixture
def inp(con):
    return inputs.load(con)


@pytest.fixture
def touching(con):
    shapes = db.area_geoms(con, "buurt")
    return neighbours.touching(shapes["code"], geo.from_wkb(shapes["geom"]))


@pytest.fixture
def short(inp):
    return shortfalls.from_gap_table(gaps.compute(inp, years=list(range(2024, 2031))).table, inp.areas)


def pair_set(p: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(p["project_a"], p["project_b"], strict=True))


# --- neighbours --------------------------------------------------------------------------------------------------

def test_neighbours_are_the_touching_buurten(touching):
    assert list(zip(touching["code"], touching["neighbour"], strict=True)) == [
        (ALFA, BRAVO), (BRAVO, ALFA), (BRAVO, CHARLIE), (CHARLIE, BRAVO)]


def test_neighbours_tolerate_a_digitising_gap_but_not_a_real_one():
    import shapely

    a, b, c = (shapely.box(0, 0, 100, 100), shapely.box(100.5, 0, 200, 100), shapely.box(203, 0, 300, 100))
    out = neighbours.touching(["a", "b", "c"], [a, b, c])
    assert set(zip(out["code"], out["neighbour"], strict=True)) == {("a", "b"), ("b", "a")}


def test_containment_table(inp):
    c = hierarchy.containment(inp.areas)
    got = set(zip(c["code"], c["ancestor"], c["depth"], strict=True))
    assert {(ALFA, ALFA, 0), (ALFA, W1, 1), (ALFA, "GM9999", 2), (W1, W1, 0), (W1, "GM9999", 1),
            ("GM9999", "GM9999", 0)} <= got
    assert len(c) == 4 * 3 + 2 * 2 + 1 and (ALFA, W2, 1) not in got


# --- pairs: containment, window, domains, ordering -----------------------------------------------------------------

def test_containment_window_one(inp):
    p = overlaps.pairs(ITEMS, inp.areas, window=1)
    assert pair_set(p) == {("A1", "A2"), ("A2", "A3"), ("A2", "A4")}
    rows = p.set_index(["project_a", "project_b"])
    # A1 (Alfa 2026-2027) lies in A2's wijk (2027-2029): they share 2027
    r = rows.loc[("A1", "A2")]
    assert (r["area_code"], r["relation"], r["start_year"], r["end_year"]) == (ALFA, "within", 2027, 2027)
    assert (r["overlap_years"], r["years_apart"]) == (1, 0)
    # A4 (2026) ends the year before A2 starts (2027): 1 year apart, the bridge is 2026 → 2027
    r = rows.loc[("A2", "A4")]
    assert (r["start_year"], r["end_year"], r["overlap_years"], r["years_apart"]) == (2026, 2027, 0, 1)
    assert (r["domain_a"], r["domain_b"], r["area_code_a"], r["area_code_b"]) == ("ruimte", "beheer", W1, ALFA)


def test_window_zero_needs_overlap_and_two_reaches_further(inp, touching):
    assert pair_set(overlaps.pairs(ITEMS, inp.areas, window=0)) == {("A1", "A2"), ("A2", "A3")}
    # A1 (Alfa, ends 2027) and A3 (Bravo, 2029) lie 2 years apart in neighbouring buurten
    two = overlaps.pairs(ITEMS, inp.areas, window=2, neighbours=touching)
    assert ("A1", "A3") in pair_set(two)
    r = two.set_index(["project_a", "project_b"]).loc[("A1", "A3")]
    assert (r["relation"], r["start_year"], r["end_year"], r["years_apart"]) == ("neighbours", 2027, 2029, 2)
    assert ("A1", "A3") not in pair_set(overlaps.pairs(ITEMS, inp.areas, window=1, neighbours=touching))


def test_same_domain_and_finished_items_are_never_paired(inp, touching):
    p = overlaps.pairs(ITEMS, inp.areas, window=5, neighbours=touching)
    assert ("A1", "A4") not in pair_set(p)  # both beheer, same buurt, same years
    assert not ({"A5"} & (set(p["project_a"]) | set(p["project_b"])))  # afgerond
    assert (p["domain_a"] != p["domain_b"]).all()


def test_neighbours_only_when_asked(inp, touching):
    assert ("A3", "A6") not in pair_set(overlaps.pairs(ITEMS, inp.areas, window=1))
    p = overlaps.pairs(ITEMS, inp.areas, window=1, neighbours=touching)
    r = p.set_index(["project_a", "project_b"]).loc[("A3", "A6")]   # Bravo 2029 and Charlie 2027-2028
    assert (r["relation"], r["area_code"], r["area_code_b"], r["start_year"], r["end_year"]) == \
        ("neighbours", BRAVO, CHARLIE, 2028, 2029)
    # Charlie lies in the other wijk: A2 (WK999901) and A6 never meet, not even as neighbours
    assert ("A2", "A6") not in pair_set(p)


def test_one_row_per_pair_with_a_before_b_whatever_the_input_order(inp):
    twisted = pd.DataFrame([item("Z9", "sport", ALFA, 2027, 2027), item("B1", "zorg", ALFA, 2027, 2027),
                            item("M5", "cultuur", W1, 2027, 2027)])
    p = overlaps.pairs(twisted, inp.areas)
    assert list(zip(p["project_a"], p["project_b"], strict=True)) == [("B1", "M5"), ("B1", "Z9"), ("M5", "Z9")]
    r = p.set_index(["project_a", "project_b"]).loc[("M5", "Z9")]
    assert (r["domain_a"], r["domain_b"], r["area_code_a"], r["area_code_b"]) == ("cultuur", "sport", W1, ALFA)
    assert list(p["relation"]) == ["within", "same", "within"]


def test_gemeente_contains_every_buurt(inp):
    p = overlaps.pairs(pd.DataFrame([item("G", "sociaal", "GM9999", 2030, 2031), item("D", "beheer", DELTA, 2031,
                                                                                      2032)]), inp.areas)
    assert len(p) == 1 and p.iloc[0]["relation"] == "within" and p.iloc[0]["area_code"] == DELTA
    assert (p.iloc[0]["start_year"], p.iloc[0]["end_year"], p.iloc[0]["overlap_years"]) == (2031, 2031, 1)


def test_negative_window_is_refused(inp):
    with pytest.raises(ValueError):
        overlaps.pairs(ITEMS, inp.areas, window=-1)


def test_window_property_pairs_only_grow_with_the_window(inp, touching):
    previous: set = set()
    for w in range(0, 5):
        now = pair_set(overlaps.pairs(ITEMS, inp.areas, window=w, neighbours=touching))
        assert previous <= now
        previous = now


# --- shortfalls that count --------------------------------------------------------------------------------------

def test_counted_shortfalls_by_hand(short):
    y = short[short["year"] == 2024].set_index(["area_code", "facility_type"])
    # sports halls are judged per wijk: WK999901 needs 3,000 inhabitants / 1,000 = 3.0, has 2 → 1.0 short;
    # WK999902 (Delta groen-blauw: 200/100 = 2.0, Charlie 500/1000 = 0.5) needs 2.5, has 0 → 2.5 short
    assert y.loc[(W1, "sports_hall"), "shortfall"] == pytest.approx(1.0)
    assert y.loc[(W2, "sports_hall"), "shortfall"] == pytest.approx(2.5)
    # library within 1,500 m: Charlie's centroid (132500,450500) is sqrt(2000² + 500²) = 2,061.6 m from the
    # library (130500,451000): 561.6 m too far for 500 inhabitants
    assert y.loc[(CHARLIE, "library"), "shortfall"] == pytest.approx((2000 ** 2 + 500 ** 2) ** 0.5 - 1500)
    # primary-school places: Alfa is 46.7 short (less than a quarter of 240 places: negligible); the wijk as a
    # whole is 100 short (need 240, supply 140): counts
    assert (ALFA, "primary_school") not in y.index
    assert y.loc[(W1, "primary_school"), "shortfall"] == pytest.approx(100.0)
    # distance rows count at buurt level only (a wijk's distance row is its worst buurt)
    assert not ((short["method"] == "distance") & (short["level"] != "buurt")).any()


def test_a_proxy_supply_is_never_a_shortfall(inp):
    table = gaps.compute(inp, years=[2024]).table
    table["supply_source"] = table["supply_source"].astype(str)
    proxy = table.assign(supply_source=table["supply_source"].where(table["facility_type"] != "primary_school",
                                                                    "enrolment used as capacity proxy"))
    got = shortfalls.from_gap_table(proxy, inp.areas)
    assert "primary_school" not in set(got["facility_type"])
    assert "sports_hall" in set(got["facility_type"])


def test_a_robust_column_is_respected(inp):
    levels = [gaps.aggregate(gaps.compute(inp, years=[2024]).table, inp.areas, lv) for lv in shortfalls.LEVELS]
    rows = pd.concat(levels, ignore_index=True)
    rows["robust"] = rows["area_code"] != W2
    got = shortfalls.robust(rows)
    assert W2 not in set(got["area_code"]) and W1 in set(got["area_code"])


def test_item_shortfalls_in_its_area_and_period(inp, short):
    m = overlaps.item_shortfalls(ITEMS, short, inp.areas)
    got = set(zip(m["key"], m["facility_type"], m["area_code"], m["year"], strict=True))
    assert got == {
        ("A1", "sports_hall", W1, 2026),           # Alfa: its wijk's sports halls (service level)
        ("A2", "primary_school", W1, 2027), ("A2", "sports_hall", W1, 2027),   # the wijk's own rows
        ("A3", "sports_hall", W1, 2029),
        ("A4", "sports_hall", W1, 2026),
        ("A6", "library", CHARLIE, 2027), ("A6", "sports_hall", W2, 2027),
    }  # A5 is finished: no link


def test_shortfall_only_in_the_years_of_the_item(inp, short):
    early = pd.DataFrame([item("E", "sport", CHARLIE, 2010, 2012)])
    assert overlaps.item_shortfalls(early, short, inp.areas).empty


# --- opportunities and ranking -------------------------------------------------------------------------------------

def test_ranking_by_hand(inp, short):
    o = overlaps.opportunities(ITEMS, inp.areas, short, window=1)
    assert list(o["opportunity_id"]) == ["pair:A1|A2", "pair:A2|A3", "pair:A2|A4", "shortfall:A6", "shortfall:A2",
                                         "shortfall:A1", "shortfall:A4", "shortfall:A3"]
    # pair: 2 domains + 1 (the wijk's sports-hall shortfall) + 1 year overlap × 0.25
    assert list(o["score"]) == [3.25, 3.25, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert list(o["rank"]) == list(range(1, 9))


def test_cluster_counts_the_domains_of_work_meeting_both(inp):
    trio = pd.DataFrame([item("K1", "beheer", ALFA, 2027, 2028), item("K2", "ruimte", ALFA, 2027, 2027),
                         item("K3", "onderwijs", W1, 2026, 2027)])
    o = overlaps.opportunities(trio, inp.areas, shortfalls.robust(pd.DataFrame()), window=0)
    pairs = o[o["kind"] == "pair"].set_index("opportunity_id")
    assert pairs.loc["pair:K1|K2", "cluster"] == ("K3",)
    assert pairs.loc["pair:K1|K2", "domains"] == ("beheer", "onderwijs", "ruimte")
    assert pairs.loc["pair:K1|K2", "score"] == 3 + 0.25   # 3 domains, no shortfall, 1 year overlap


def test_sites_named_by_sharing_options(con, inp):
    shapes = db.area_geoms(con, "buurt")
    options = pd.DataFrame([
        {"kind": "hub", "x": 131500.0, "y": 450500.0, "sentence": "Hub bij Bravo.", "functions": ["gym"],
         "details": {"site_id": "site-1"}},
        {"kind": "siting", "x": 140500.0, "y": 450500.0, "sentence": "Nieuwe sporthal in Delta.",
         "functions": ["sports_hall"], "details": {"cand_id": "c7"}},
        {"kind": "spare_capacity", "x": 130500.0, "y": 450500.0, "sentence": "no site", "functions": ["gym"],
         "details": {}},
        {"kind": "hub", "x": 0.0, "y": 0.0, "sentence": "outside", "functions": ["gym"], "details": {"site_id": "x"}},
    ])
    s = sites.from_options(options, shapes["code"], geo.from_wkb(shapes["geom"]))
    assert list(zip(s["site_id"], s["area_code"], strict=True)) == [("hub:site-1", BRAVO), ("siting:c7", DELTA)]
    links = overlaps.site_links(ITEMS, s, inp.areas)
    # the Bravo hub lies in A3's buurt and in A2's wijk; Delta's only item (A5) is finished
    assert list(zip(links["project_id"], links["site_id"], strict=True)) == [("A2", "hub:site-1"),
                                                                             ("A3", "hub:site-1")]
    o = overlaps.opportunities(ITEMS, inp.areas, shortfalls.robust(pd.DataFrame()), sites=s)
    site_rows = o[o["kind"] == "site"]
    assert set(site_rows["opportunity_id"]) == {"site:A2|hub:site-1", "site:A3|hub:site-1"}
    assert (site_rows["score"] == 2.0).all()


def test_no_items_no_opportunities(inp, short):
    empty = ITEMS.iloc[0:0]
    assert overlaps.pairs(empty, inp.areas).empty
    assert overlaps.opportunities(empty, inp.areas, short).empty


# --- sentences ---------------------------------------------------------------------------------------------------

def test_reasons_in_dutch_and_english(inp, short):
    names = dict(zip(inp.areas["code"], inp.areas["name"], strict=True))
    o = overlaps.opportunities(ITEMS, inp.areas, short, window=1)
    r = o.set_index("opportunity_id")
    pair = {**r.loc["pair:A1|A2"].to_dict(), "opportunity_id": "pair:A1|A2"}
    assert view.reason(pair, names, lang="nl") == (
        "A1 (beheer, 2026–2027) en A2 (ruimte, 2027–2029) lopen tegelijk in 2027 in Alfa (binnen WK999901); "
        "daar speelt ook een sporthaltekort in WK999901 (1 sporthal in 2027): combineer tot één project.")
    assert view.reason(pair, names, lang="en") == (
        "A1 (management, 2026–2027) and A2 (spatial, 2027–2029) run at the same time in 2027 in Alfa (within "
        "WK999901); there is also a sports-hall shortfall in WK999901 (1 sports hall in 2027): combine them into one "
        "project.")
    bridge = r.loc["pair:A2|A4"].to_dict()
    assert "volgen direct op elkaar (2026 → 2027)" in view.reason(bridge, names)
    single = r.loc["shortfall:A6"].to_dict()
    assert view.reason(single, names) == (
        "A6 (zorg, 2027–2028) in Charlie — een bibliotheek verder weg dan de norm in deze buurt (2.062 m, norm "
        "1.500 m) en een sporthaltekort in WK999902 (2,5 sporthallen in 2027): combineer.")


def test_formats_are_dutch():
    assert view.euro(1250000) == "€ 1.250.000"
    assert view.euro(1250000, "en") == "€ 1,250,000"
    assert view.euro(None) == "–"
    assert view.period(2027, 2027) == "2027" and view.period(2026, 2028) == "2026–2028"
    assert view.area_name("WK034408", {"WK034408": "Wijk 08 Zuidwest"}) == "wijk Zuidwest"


# --- the area's view -----------------------------------------------------------------------------------------------

def test_area_items_include_enclosing_and_inner_work(inp):
    got = view.area_items(ITEMS, ALFA, inp.areas, 2024, 2028)
    assert set(got["project_id"]) == {"A1", "A2", "A4"}         # Alfa's own work and the wijk-wide A2
    assert set(view.area_items(ITEMS, W1, inp.areas, 2029, 2029)["project_id"]) == {"A2", "A3"}
    assert list(view.area_items(ITEMS, W1, inp.areas, 2024, 2030)["domain"]) == ["beheer", "beheer", "ruimte",
                                                                                 "onderwijs"]


def test_domains_per_area_counts_active_work_inside(inp):
    buurt = view.domains_per_area(ITEMS, inp.areas, "buurt", 2024, 2030).set_index("code")
    assert buurt.loc[ALFA, "n_domains"] == 1       # A1 and A4 are both beheer; the wijk item is not "in" Alfa
    assert buurt.loc[DELTA, "n_domains"] == 0      # A5 is finished
    wijk = view.domains_per_area(ITEMS, inp.areas, "wijk", 2024, 2030).set_index("code")
    assert wijk.loc[W1, "domains"] == ("beheer", "onderwijs", "ruimte")
    assert wijk.loc[W2, "n_domains"] == 1
    assert view.domains_per_area(ITEMS, inp.areas, "wijk", 2030, 2030).set_index("code").loc[W1, "n_domains"] == 0


def test_area_opportunities_follow_where_the_work_meets(inp, short):
    o = overlaps.opportunities(ITEMS, inp.areas, short, window=1)
    bravo = view.area_opportunities(o, BRAVO, inp.areas, 2024, 2030)
    assert list(bravo["opportunity_id"]) == ["pair:A2|A3", "shortfall:A2", "shortfall:A3"]
    assert list(bravo["rank"]) == [1, 2, 3]
    assert view.area_opportunities(o, DELTA, inp.areas, 2024, 2030).empty


def test_items_overlay():
    base = pd.DataFrame([item("A", "beheer", ALFA, 2026, 2027), item("B", "sport", ALFA, 2026, 2026)]).assign(
        source="f.csv")
    rows = pd.DataFrame([{**item("A", "beheer", ALFA, 2028, 2029), "removed": False, "version": 2},
                         {**item("B", "sport", ALFA, 2026, 2026), "removed": True, "version": 1},
                         {**item("C", "zorg", BRAVO, 2027, 2027), "removed": False, "version": 1}])
    out = agenda_items.overlay(base, rows)
    assert list(out["project_id"]) == ["A", "C"]
    assert list(out["start_year"]) == [2028, 2027] and list(out["in_case"]) == [True, True]
    assert list(agenda_items.overlay(base, pd.DataFrame())["in_case"]) == [False, False]
