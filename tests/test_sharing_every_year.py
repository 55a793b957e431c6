"""Spare capacity and time-sharing of every year in one pass (issue 13: a year step on Ruimte delen looks the year
up): ``spare_capacity.run_years`` and ``timesharing.run_years`` give, for every year, the frames that year gives on
its own (same values to the last bit, same types, same order), on a case whose plans change the population in
several years, with years in which a type has no shortfall (no pairs to match, no buurt to summarise)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core import pipeline
from lib.sharing import common, hubs, options, spare_capacity, timesharing
from tests.sharing_fixtures import school_norm
from tests.test_sharing_methods import hub_inputs, ts_inputs


def planned():
    """ts_inputs (A 0 m, D 1500 m, C 600 m, B 3000 m; gym G1 at 0, sports hall H1 at 3000) with primary schools
    (one place per 10 inhabitants, catchment 1000 m; S1 at 0 with 400 places, S3 at 1500 with 20, S2 at 3000 with
    110) and plans in B (2027), D (2030) and C (2033), so the population differs from year to year: 2024 A 1,250,
    D 125, C 2,000 and B 1,000 inhabitants (no school short), from 2027 B 1,437.5 (40 dwellings at 4,375 / 400
    persons per dwelling: short)."""
    inp = ts_inputs()
    fac = pd.concat([inp.facilities, pd.DataFrame({
        "id": ["S1", "S2", "S3"], "name": ["School Een", "School Twee", "School Drie"], "type": "primary_school",
        "x": [0.0, 3000.0, 1500.0], "y": 0.0, "capacity": [400.0, 110.0, 20.0], "unit": "places",
        "capacity_note": None, "area_code": ["A", "B", "D"],
        "source": "test"})], ignore_index=True)
    norms = pd.concat([inp.norms, pd.DataFrame([{"woonmilieu": "", "service_level": None, "source": "test",
                                                 "status": "assumption", **school_norm(per=10.0)}])], ignore_index=True)
    plans = pd.DataFrame({"plan_id": ["P1", "P2", "P3"], "name": ["Een", "Twee", "Drie"],
                          "area_code": ["B", "D", "C"], "year": [2027, 2030, 2033],
                          "dwellings": [40.0, 120.0, 60.0], "dwelling_type": [None, None, None],
                          "demolished": [0.0, 0.0, 0.0]})
    return inp.with_(facilities=fac, norms=norms, plans=plans)


def frames(inp):
    return common.Frames(inp, pipeline.gap_table(inp, list(inp.years)).table)


def assert_same(every, alone, names: tuple[str, ...]):
    """The frames ``names`` of two results equal: values to the last bit, types, order."""
    for name in names:
        pd.testing.assert_frame_equal(getattr(every, name), getattr(alone, name), check_exact=True)


def test_the_case_has_several_distinct_years():
    """The fixture is what the test needs: more than two distinct years, and the schools short only in some."""
    fr = frames(planned())
    years = fr.distinct(fr.inp.years)
    assert fr.inp.base_year == 2024 and {2024, 2027, 2030, 2033} <= set(years) and len(years) >= 4
    short = {y: spare_capacity.run(fr.inp, fr, y).areas for y in years}
    assert any(s[s["facility_type"] == "primary_school"].empty for s in short.values())
    assert any(not s[s["facility_type"] == "primary_school"].empty for s in short.values())


@pytest.mark.parametrize("kw", [{}, {"reach_factor": 1.0}, {"reach_factor": 3.0}, {"reach_m": 2500.0},
                                {"types": ["primary_school"]}])
def test_spare_capacity_of_every_year_equals_each_year_alone(kw):
    inp = planned()
    fr = frames(inp)
    years = list(inp.years)  # every year, not only the distinct ones: equal years must come out equal too
    every = spare_capacity.run_years(inp, fr, years, **kw)
    assert list(every) == years
    for y in years:
        assert_same(every[y], spare_capacity.run(inp, frames(inp), y, **kw), ("facilities", "matches", "areas"))


@pytest.mark.parametrize("over", [{}, {"gym_evening_booked_share": 0.9, "club_participation": 0.12},
                                  {"match_distance_m": 1600}])
def test_timesharing_of_every_year_equals_each_year_alone(over):
    inp = planned()
    fr = frames(inp)
    years = list(inp.years)
    every = timesharing.run_years(inp, years, over, fr)
    for y in years:
        alone = timesharing.run(inp, y, over, frames(inp))
        assert_same(every[y], alone, ("facilities", "areas", "matches"))
        assert every[y].params == alone.params


def test_every_year_hand_computed():
    """2024: no school short. 2027: B needs 143.75 places and only S2 (110) reaches it: short 33.75. Within 1.5 ×
    1000 m of B lies S3 (20 places), which reaches D (12.5 places needed) and C (200; C also reaches S1: 400 places
    for A 125 + C 200). R3 = 20 / 212.5, R1 = 400 / 325, access C = R1 + R3 > 1, so S3 uses 12.5 R3 for D and
    200 R3 / (R1 + R3) for C; the rest is spare and all of it goes to B. Time-sharing 2024 is
    tests/test_sharing_methods.py's hand-computed club figure: A short 93.75 participant-hours = 3.125 hall hours."""
    inp = planned()
    fr = frames(inp)
    spare = spare_capacity.run_years(inp, fr, [2027, 2024], types=["primary_school"])
    assert spare[2024].areas.empty and spare[2024].matches.empty
    b = spare[2027].areas.set_index("area_code").loc["B"]
    r3, r1 = 20 / 212.5, 400 / 325
    spare_s3 = 20 - 12.5 * r3 - 200 * r3 / (r1 + r3)  # 4.6159
    assert [b["shortfall"], b["absorbed"], b["remaining"]] == pytest.approx([33.75, spare_s3, 33.75 - spare_s3])
    assert spare[2027].matches[["area_code", "facility_id"]].values.tolist() == [["B", "S3"]]
    a = timesharing.run_years(inp, [2030, 2024], None, fr)[2024].areas.set_index("area_code")
    assert a.at["A", "club_short_hall_h"] == pytest.approx(3.125)
    assert a.at["A", "club_unsolved_hall_h"] == pytest.approx(0.0)


def test_results_take_the_years_computed_at_once():
    """``options.results`` with the every-year results uses them: the same frames as computing the year."""
    inp = planned()
    fr = frames(inp)
    years = fr.distinct(inp.years)
    spare = options.spare_years(inp, fr, years)
    ts = options.timesharing_years(inp, fr, years)
    for y in years:
        got = options.results(inp, fr, y, None, spare, ts)
        assert got.spare is spare[y] and got.ts is ts[y]
        own = options.results(inp, frames(inp), y)
        pd.testing.assert_frame_equal(got.spare.areas, own.spare.areas, check_exact=True)
        pd.testing.assert_frame_equal(got.ts.areas, own.ts.areas, check_exact=True)


def test_a_year_without_daytime_matches_is_built_as_that_year_alone():
    """ts_inputs with 300 dwellings planned in A in 2030: A's own PE then needs more than G1's 26.25 daytime hours,
    so D (1.5 km) finds no free daytime hours from 2030, while in 2024 it takes 7.5 h. The years with and without
    daytime matches come out as each year alone builds them."""
    inp = ts_inputs()
    inp = inp.with_(plans=pd.DataFrame({"plan_id": ["P1"], "name": ["Een"], "area_code": ["A"], "year": [2030],
                                        "dwellings": [300.0], "dwelling_type": [None], "demolished": [0.0]}))
    fr = frames(inp)
    over = {"match_distance_m": 1600}
    every = timesharing.run_years(inp, fr.distinct(inp.years), over, fr)
    day = {y: (r.matches["block"] == "day").sum() for y, r in every.items()}
    assert day[2024] == 1 and day[2030] == 0
    assert every[2024].areas.set_index("area_code").at["D", "day_matched_h"] == pytest.approx(7.5)
    for y, r in every.items():
        assert_same(r, timesharing.run(inp, y, over, frames(inp)), ("matches", "areas"))


def hub_planned():
    """hub_inputs (A 0 m, B 800 m, C 5000 m; 5,000 inhabitants each) with 400 dwellings planned in C in 2028 and 300
    in B in 2031: more shortfall in reach of the sites from year to year."""
    return hub_inputs().with_(plans=pd.DataFrame({
        "plan_id": ["P1", "P2"], "name": ["Een", "Twee"], "area_code": ["C", "B"], "year": [2028, 2031],
        "dwellings": [400.0, 300.0], "dwelling_type": [None, None], "demolished": [0.0, 0.0]}))


@pytest.mark.parametrize("kw", [{}, {"walk_m": 20.0}, {"min_types": 3}, {"search_m": 300.0},
                                {"extra_functions": ("community_centre",)}, {"types": ["primary_school"]},
                                {"min_share": 1.0}])  # min_share 1: no hub in 2024, hubs from 2028
def test_hubs_of_every_year_equal_each_year_alone(kw):
    inp = hub_planned()
    fr = frames(inp)
    years = list(inp.years)
    every = hubs.run_years(inp, fr, years, **kw)
    assert list(every) == years
    for y in years:
        alone = hubs.run(inp, frames(inp), y, **kw)
        assert_same(every[y], alone, ("sites", "programme", "areas"))
        assert every[y].params == alone.params


def test_hubs_every_year_hand_computed():
    """2024 of the every-year pass is tests/test_sharing_methods.py's hand-computed hub: the cluster at 425 scores
    100/240 school + 1 gymzaal + 0.5 library; the plans add need in later years, never less."""
    inp = hub_planned()
    fr = frames(inp)
    every = hubs.run_years(inp, fr, fr.distinct(inp.years))
    s = every[2024].sites.set_index("site_id")
    assert list(s.index) == ["site-S1", "site-X"]
    assert s.at["site-S1", "score"] == pytest.approx(100 / 240 + 1 + 0.5)
    need = [r.sites.set_index("site_id").at["site-X", "need_in_reach"] for r in every.values()]
    assert len(set(need)) > 1 and need == sorted(need)


def test_programme_without_a_function_reaching_min_share():
    """No function covers a quarter of a standard unit: no programme (it used to fail on a frame without rows)."""
    cov = pd.DataFrame({"site_id": ["s1", "s1"], "function": ["gym", "primary_school"], "covered": [0.01, 0.5],
                        "covered_unit": ["facilities", "places"], "buurten": [1, 1], "estimate": [False, False],
                        "method": ["catchment", "catchment"]})
    assert hubs.programme(cov).empty
    assert hubs.programme(cov.iloc[0:0]).empty
