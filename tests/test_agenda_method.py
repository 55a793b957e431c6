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
from lib.core import status as st


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
    # sports halls are judged per wijk: WK999901 needs 3,000 inhabitants / 1,000 = 3.0, has 2 → 1.0 short
    # (≥ 0.1 sporthal, 3,000 persons ≥ 50, no catchment variants: a robust shortfall)
    assert y.loc[(W1, "sports_hall"), "shortfall"] == pytest.approx(1.0)
    # WK999902 (Delta groen-blauw: 200/100 = 2.0, Charlie 500/1000 = 0.5) needs 2.5 and has no sporthal at all:
    # need ≥ 2 standard units in a wijk without any facility of the type is the coverage check 'empty_wijk', so
    # its raw shortfall becomes data_gap (issue 11) and does not count
    assert (W2, "sports_hall") not in y.index
    # library within 1,500 m: Charlie's centroid (132500,450500) is sqrt(2000² + 500²) = 2,061.6 m from the
    # library (130500,451000): 561.6 m too far for 500 inhabitants (≥ 50 persons: not negligible)
    assert y.loc[(CHARLIE, "library"), "shortfall"] == pytest.approx((2000 ** 2 + 500 ** 2) ** 0.5 - 1500)
    # Delta (140500,450500): sqrt(10000² + 500²) = 10,012.5 m, 8,512.5 m too far for 200 inhabitants
    assert y.loc[(DELTA, "library"), "shortfall"] == pytest.approx((10000 ** 2 + 500 ** 2) ** 0.5 - 1500)
    # primary-school places (children 4-11 = 8/15 of the 0-14 band; 2SFCA within 1,000 m): need Alfa 80, Bravo 160,
    # Charlie 40, Delta 16. School S1 (100 places, 131000,450500) reaches Alfa and Bravo (500 m each): 100/240 per
    # child; S2 (50 places, 132500,450500) reaches Bravo (1,000 m) and Charlie (0 m): 50/200 = 0.25 per child.
    # Alfa: supply 80 × 100/240 = 33.3, 46.7 short ≥ 0.1 × 240 = 24 places, 80 children ≥ 50 → counts; it stays
    # short at 750 m (33.3), 1,500 m (S1 also reaches Charlie: 80 × 100/280 = 28.6) and the representative point
    # (33.3): robust. (The old rule, a quarter of 240 places, called it negligible.)
    assert y.loc[(ALFA, "primary_school"), "shortfall"] == pytest.approx(80 - 80 * 100 / 240)
    # Bravo: 160 × 100/240 + 160 × 0.25 = 106.7, 53.3 short; variants 66.7 (750 m: S2 loses Bravo), 97.1 (1,500 m:
    # 160 × 100/280 + 40), 106.7: all below 160 → robust
    assert y.loc[(BRAVO, "primary_school"), "shortfall"] == pytest.approx(160 - (160 * 100 / 240 + 160 * 0.25))
    # Charlie (40 children) and Delta (16) are below 50 persons: negligible, never counted
    assert (CHARLIE, "primary_school") not in y.index and (DELTA, "primary_school") not in y.index
    # the wijken and the gemeente are decided again on the sums: WK999901 need 240, supply 140 → 100 short;
    # WK999902 need 40 + 16 = 56 ≥ 50 children, supply 10 → 46 ≥ 24 short, variants 50 / 24.3 / 10 < 56 → robust;
    # GM9999 need 296, supply 150 (every variant also sums to 150: the schools' 150 places all reach someone)
    assert y.loc[(W1, "primary_school"), "shortfall"] == pytest.approx(100.0)
    assert y.loc[(W2, "primary_school"), "shortfall"] == pytest.approx(56 - 10)
    assert y.loc[("GM9999", "primary_school"), "shortfall"] == pytest.approx(296 - 150)
    assert len(y) == 8
    # distance rows count at buurt level only (a wijk's distance row restates its buurten)
    assert not ((short["method"] == "distance") & (short["level"] != "buurt")).any()


def test_a_proxy_supply_is_never_a_shortfall(inp):
    table = gaps.compute(inp, years=[2024]).table
    table["supply_kind"] = table["supply_kind"].astype(str)
    # a table whose status still says shortfall but whose supply kind is proxy: the second guard drops it
    proxy = table.assign(supply_kind=table["supply_kind"].where(table["facility_type"] != "primary_school", "proxy"))
    got = shortfalls.from_gap_table(proxy, inp.areas)
    assert "primary_school" not in set(got["facility_type"])
    assert "sports_hall" in set(got["facility_type"])
    assert shortfalls.proxy_types(proxy) == {"primary_school"} and shortfalls.proxy_types(table) == set()


@pytest.mark.parametrize("status", ["fragile", "negligible", "data_gap", "proxy", "proxy_growth", "unknown", "tight"])
def test_only_robust_shortfalls_count(inp, status):
    assert status in st.STATUSES
    levels = [gaps.aggregate(gaps.compute(inp, years=[2024]).table, inp.areas, lv) for lv in shortfalls.LEVELS]
    rows = pd.concat(levels, ignore_index=True)
    before = shortfalls.robust(rows)
    assert W1 in set(before["area_code"])
    rows["status"] = rows["status"].astype(object).where(rows["area_code"] != W1, status)
    got = shortfalls.robust(rows)
    assert W1 not in set(got["area_code"]) and ALFA in set(got["area_code"])
    assert len(got) == len(before) - 2   # W1's primary-school and sports-hall rows


def test_missing_rows_do_not_raise(inp):
    # a gap table without any wijk or gemeente rows (or none at all) gives fewer shortfalls, not a KeyError
    buurt_only = gaps.compute(inp, years=[2024]).table
    buurt_only = buurt_only[buurt_only["level"] == "buurt"]
    got = shortfalls.from_levels([buurt_only, buurt_only.iloc[0:0]])
    assert set(got["level"]) == {"buurt"}
    assert shortfalls.from_levels([]).empty and shortfalls.robust(pd.DataFrame()).empty
    assert overlaps.item_shortfalls(ITEMS, got, inp.areas)["area_code"].isin([ALFA, BRAVO, CHARLIE]).all()


def test_item_shortfalls_in_its_area_and_period(inp, short):
    m = overlaps.item_shortfalls(ITEMS, short, inp.areas)
    got = set(zip(m["key"], m["facility_type"], m["area_code"], m["year"], strict=True))
    # the counted shortfalls hold in every year 2024-2030 (no plans; test_counted_shortfalls_by_hand), so each link
    # is in the item's first year. Alfa's and Bravo's own primary-school rows now count (46.7 and 53.3 places short,
    # ≥ 24 = 0.1 × 240); WK999902's sports-hall row is a data gap, so Charlie's A6 keeps only its library.
    assert got == {
        ("A1", "primary_school", ALFA, 2026), ("A1", "sports_hall", W1, 2026),   # own row + the wijk's sports halls
        ("A2", "primary_school", W1, 2027), ("A2", "sports_hall", W1, 2027),     # the wijk's own rows
        ("A3", "primary_school", BRAVO, 2029), ("A3", "sports_hall", W1, 2029),
        ("A4", "primary_school", ALFA, 2026), ("A4", "sports_hall", W1, 2026),
        ("A6", "library", CHARLIE, 2027),
    }  # A5 is finished: no link; a wijk's primary-school row is a catchment row, so no buurt item links to it


def test_shortfall_only_in_the_years_of_the_item(inp, short):
    early = pd.DataFrame([item("E", "sport", CHARLIE, 2010, 2012)])
    assert overlaps.item_shortfalls(early, short, inp.areas).empty


# --- opportunities and ranking -------------------------------------------------------------------------------------

def test_ranking_by_hand(inp, short):
    o = overlaps.opportunities(ITEMS, inp.areas, short, window=1)
    # pairs: 2 domains + 1 (shortfalls where they meet: the buurt's school places and the wijk's sports halls) +
    # 0.25 per year of overlap: A1|A2 (Alfa, 2027) 3.25, A2|A3 (Bravo, 2029) 3.25, A2|A4 (bridge 2026 → 2027) 3.0.
    # Single items: 1 domain + 1 shortfall = 2.0 each; ties by number of facility types short (A1, A2, A3, A4: 2,
    # school places and sports halls; A6: 1, the library, since WK999902's sports halls are a data gap), then the
    # earliest start (A1, A4 2026 < A2 2027 < A3 2029), then area and project id.
    assert list(o["opportunity_id"]) == ["pair:A1|A2", "pair:A2|A3", "pair:A2|A4", "shortfall:A1", "shortfall:A4",
                                         "shortfall:A2", "shortfall:A3", "shortfall:A6"]
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
        "daar speelt ook een tekort aan basisschoolplaatsen in deze buurt (47 plaatsen in 2027) en een "
        "sporthaltekort in WK999901 (1 sporthal in 2027): combineer tot één project.")   # 80 − 33.3 = 46.7 → 47
    assert view.reason(pair, names, lang="en") == (
        "A1 (management, 2026–2027) and A2 (spatial, 2027–2029) run at the same time in 2027 in Alfa (within "
        "WK999901); there is also a shortage of primary-school places in this buurt (47 places in 2027) and a "
        "sports-hall shortfall in WK999901 (1 sports hall in 2027): combine them into one project.")
    bridge = r.loc["pair:A2|A4"].to_dict()
    assert "volgen direct op elkaar (2026 → 2027)" in view.reason(bridge, names)
    single = r.loc["shortfall:A6"].to_dict()
    assert view.reason(single, names) == (
        "A6 (zorg, 2027–2028) in Charlie — een bibliotheek verder weg dan de norm in deze buurt (2.062 m, norm "
        "1.500 m): combineer.")   # WK999902's 2.5 sporthallen short is a data gap (no sporthal in the wijk at all)


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
