"""The computation contract on the four-buurt fixture, with every expectation computed by hand.

Fixture (see conftest.py): children 0-14: Alfa 150, Bravo 300, Charlie 75, Delta 30.
Ages 4-11 take 8/15 of the 0-14 band → need Alfa 80, Bravo 160, Charlie 40, Delta 16 places.
School S1 (100 places) at (131000, 450500): 500 m from Alfa and Bravo, 1500 m from Charlie.
School S2 (50 places) at (132500, 450500): 1000 m from Bravo (exactly the catchment), 0 m from Charlie.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.core import catchment, gaps, inputs, norms, overlay, population
from tests.conftest import load_fixture_db

A, B, C, D = "BU99990101", "BU99990102", "BU99990201", "BU99990202"


def gap_rows(con, ftype, years=None, inp=None):
    inp = inp or inputs.load(con)
    t = gaps.compute(inp, years=years, types=[ftype]).table
    return t.set_index(["area_code", "year"]) if years and len(years) > 1 else t.set_index("area_code")


# --- age apportioning ---------------------------------------------------------------------------------------

def test_band_share_is_whole_years_shared():
    share = population.band_share(np.array([0, 15, 65]), np.array([14, 24, np.nan]), 4, 11)
    assert share.tolist() == pytest.approx([8 / 15, 0, 0])
    # 10-20 takes 5/15 of 0-14 and 6/10 of 15-24
    share = population.band_share(np.array([0, 15]), np.array([14, 24]), 10, 20)
    assert share.tolist() == pytest.approx([5 / 15, 6 / 10])
    # an open-ended range takes the open band entirely
    assert population.band_share(np.array([65]), np.array([np.nan]), 65, None).tolist() == [1.0]


def test_persons_in_range_flags_estimates():
    pop = pd.DataFrame({"area_code": ["x", "x", "y"], "age_min": [0, 15, 0], "age_max": pd.array([14, 24, 14], "Int64"),
                        "persons": [150.0, 100.0, 0.0]})
    r = population.persons_in_range(pop, 4, 11, ["area_code"]).set_index("area_code")
    assert r.at["x", "persons"] == pytest.approx(80.0)
    assert bool(r.at["x", "estimate"]) is True
    assert bool(r.at["y", "estimate"]) is False  # nothing was split: 0 persons
    whole = population.persons_in_range(pop, 0, 24, ["area_code"]).set_index("area_code")
    assert whole.at["x", "persons"] == 250 and not whole.at["x", "estimate"]


# --- 2SFCA on the fixture -----------------------------------------------------------------------------------

def test_two_step_hand_computed(con):
    t = gap_rows(con, "primary_school")
    # R1 = 100 / (80 + 160) = 5/12; R2 = 50 / (160 + 40) = 1/4
    assert t.loc[[A, B, C, D], "need"].tolist() == pytest.approx([80, 160, 40, 16])
    assert t.at[A, "supply"] == pytest.approx(80 * 5 / 12)             # 33.33
    assert t.at[B, "supply"] == pytest.approx(160 * (5 / 12 + 1 / 4))  # shared by both schools: 106.67
    assert t.at[C, "supply"] == pytest.approx(40 / 4)                  # 10
    assert t.at[D, "supply"] == 0                                      # out of every catchment
    assert t.at[D, "gap"] == pytest.approx(-16)
    # all four have less supply than need; Charlie (40 children) and Delta (16) are below the 50-person minimum
    # basis (lib.core.status.MIN_BASIS), so their shortfall is negligible, never red (issue 11)
    assert t.loc[[A, B, C, D], "status"].tolist() == ["shortfall", "shortfall", "negligible", "negligible"]
    assert t["supply"].sum() == pytest.approx(150)  # every place allocated once
    assert t.at[A, "estimate"] and t.at[A, "method"] == "catchment"


def test_two_step_core_function_directly():
    pairs = catchment.pairs_within(np.array([0.0, 1000.0, 5000.0]), np.array([0.0, 0.0, 0.0]), np.array(600.0),
                                   np.array([500.0]), np.array([0.0]))
    assert pairs.area.tolist() == [0, 1] and pairs.distance.tolist() == [500.0, 500.0]
    supply, ratio = catchment.two_step(np.array([10.0, 30.0, 5.0]), np.array([20.0]), pairs)
    assert ratio.tolist() == [0.5]
    assert supply.tolist() == [5.0, 15.0, 0.0]


def test_facility_with_zero_demand_gets_ratio_zero():
    pairs = catchment.pairs_within(np.array([0.0]), np.array([0.0]), np.array(100.0), np.array([50.0]), np.array([0.0]))
    supply, ratio = catchment.two_step(np.array([0.0]), np.array([7.0]), pairs)
    assert ratio.tolist() == [0.0] and supply.tolist() == [0.0]


def test_unit_mismatch_is_reported_not_counted(con):
    inp = inputs.load(con)
    fac = inp.facilities.copy()
    fac.loc[fac["id"] == "S2", "unit"] = "m2"
    r = gaps.compute(inp.with_(facilities=fac), types=["primary_school"])
    t = r.table.set_index("area_code")
    assert t.at[C, "supply"] == 0  # S2 no longer counts
    assert any("do" in n and "match" in n and "School Twee" in n for n in r.notes)


# --- service level (containment) with a woonmilieu override -------------------------------------------------

def test_service_level_containment_and_woonmilieu_override(con):
    t = gap_rows(con, "sports_hall")
    assert set(t["level"]) == {"wijk"}
    # WK999901: (1000 + 2000) inhabitants / 1000 = 3 halls needed; H1 (2 halls) lies in Bravo
    assert t.at["WK999901", "need"] == pytest.approx(3.0)
    assert t.at["WK999901", "supply"] == 2.0
    assert t.at["WK999901", "gap"] == pytest.approx(-1.0)
    # WK999902: Charlie 500 / 1000 = 0.5, Delta is groen-blauw → 200 / 100 = 2.0 (override row)
    assert t.at["WK999902", "need"] == pytest.approx(2.5)
    assert t.at["WK999902", "supply"] == 0.0
    assert t.at["WK999902", "norm_woonmilieu"] == "mixed"


def test_norm_resolution_prefers_woonmilieu_row():
    n = pd.DataFrame({"facility_type": ["x", "x"], "woonmilieu": ["", "groen-blauw"], "per": [1000.0, 100.0]})
    areas = pd.DataFrame({"code": ["a", "b"], "woonmilieu": ["centrum-stedelijk", "groen-blauw"]})
    r = norms.resolve(n, areas).set_index("area_code")
    assert r.at["a", "per"] == 1000 and r.at["b", "per"] == 100


# --- distance norms -----------------------------------------------------------------------------------------

def test_distance_norm_nearest_facility(con):
    t = gap_rows(con, "library")
    # L1 at (130500, 451000): Alfa 500 m, Bravo √(1000²+500²), Charlie √(2000²+500²)
    assert t.at[A, "supply"] == pytest.approx(500.0)
    assert t.at[B, "supply"] == pytest.approx(np.hypot(1000, 500))
    assert t.at[C, "supply"] == pytest.approx(np.hypot(2000, 500))
    assert t.at[A, "need"] == 1500 and t.at[A, "gap"] == pytest.approx(1000)
    assert t.loc[[A, B, C], "status"].tolist() == ["sufficient", "sufficient", "shortfall"]
    assert t.at[A, "unit"] == "m"


def test_distance_norm_falls_back_to_cbs_nabijheid(con):
    inp = inputs.load(con)
    dist = pd.DataFrame({"area_code": [A, B, C, D], "year": 2023, "facility_type": "library",
                         "distance_m": [400.0, 1300.0, 1600.0, 9000.0], "source": "CBS nabijheid 2023"})
    inp = inp.with_(facilities=inp.facilities[inp.facilities["type"] != "library"], distances=dist)
    t = gaps.compute(inp, types=["library"]).table.set_index("area_code")
    assert t["supply"].tolist() == [400.0, 1300.0, 1600.0, 9000.0]
    assert t["status"].tolist() == ["sufficient", "tight", "shortfall", "shortfall"]
    assert t["supply_source"].str.contains("CBS nabijheid 2023").all()


# --- forecast from plans ------------------------------------------------------------------------------------

def test_forecast_from_plan_hand_computed(empty_con):
    con = load_fixture_db(empty_con, with_plans=True)
    t = gap_rows(con, "primary_school", years=[2024, 2027, 2028, 2030])
    # P1: 100 dwellings in Alfa in 2028; Alfa has 150 children 0-14 in 500 dwellings → +30 → 180
    assert t.at[(A, 2027), "need"] == pytest.approx(80)
    assert t.at[(A, 2028), "need"] == pytest.approx(180 * 8 / 15)  # 96
    assert t.at[(A, 2030), "need"] == pytest.approx(96)
    assert bool(t.at[(A, 2028), "forecast"]) and not bool(t.at[(A, 2024), "forecast"])
    assert t.at[(B, 2030), "need"] == pytest.approx(160)  # other buurten unchanged
    hall = gap_rows(con, "sports_hall", years=[2024, 2030])
    assert hall.at[("WK999901", 2030), "need"] == pytest.approx(3.2)  # 3000 + 100 × 2 persons/dwelling


def test_forecast_in_empty_buurt_uses_municipal_profile():
    pop = pd.DataFrame({"area_code": ["a", "a", "e", "e"], "year": 2024, "age_min": [0, 15, 0, 15],
                        "age_max": pd.array([14, None, 14, None], "Int64"), "persons": [100.0, 300.0, 0.0, 0.0]})
    dw = pd.DataFrame({"area_code": ["a", "e"], "year": 2024, "dwellings": [200.0, 0.0]})
    plans = pd.DataFrame({"area_code": ["e"], "year": [2026], "dwellings": [50.0], "dwelling_type": [None]})
    p, d = population.forecast(pop, dw, plans, [2026], 2024)
    e = p[p["area_code"] == "e"].set_index("age_min")["persons"]
    assert e[0] == pytest.approx(25.0) and e[15] == pytest.approx(75.0)  # city: 0.5 + 1.5 persons per dwelling
    assert d.set_index("area_code").at["e", "dwellings"] == 50


def test_occupancy_override_per_dwelling_type():
    pop = pd.DataFrame({"area_code": ["a"], "year": 2024, "age_min": [0], "age_max": pd.array([None], "Int64"),
                        "persons": [100.0]})
    dw = pd.DataFrame({"area_code": ["a"], "year": 2024, "dwellings": [50.0]})
    plans = pd.DataFrame({"area_code": ["a"], "year": [2030], "dwellings": [10.0], "dwelling_type": ["student"]})
    occ = pd.DataFrame({"dwelling_type": ["student"], "age_min": [18], "age_max": pd.array([24], "Int64"),
                        "persons_per_dwelling": [1.0]})
    p, _ = population.forecast(pop, dw, plans, [2030], 2024, occ)
    assert p["persons"].sum() == pytest.approx(110)
    assert population.persons_in_range(p, 18, 24, ["area_code"])["persons"].iloc[0] == pytest.approx(10 + 100 * 7 / 100)


def test_imported_future_population_takes_precedence(con):
    inp = inputs.load(con)
    future = pd.DataFrame({"area_code": [A, A], "year": 2030, "age_min": [0, 15],
                           "age_max": pd.array([14, None], "Int64"), "persons": [300.0, 700.0], "source": "test"})
    plans = pd.DataFrame({"plan_id": ["P"], "name": ["x"], "area_code": [A], "year": [2026], "dwellings": [1000.0],
                          "dwelling_type": [None], "source": "t"})
    inp = inp.with_(population=pd.concat([inp.population, future], ignore_index=True), plans=plans)
    t = gaps.compute(inp, years=[2030], types=["primary_school"]).table.set_index("area_code")
    assert t.at[A, "need"] == pytest.approx(300 * 8 / 15)  # imported 2030 wins over the plan model


# --- properties ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ftype", ["primary_school", "sports_hall"])
def test_more_people_never_means_less_need(con, ftype):
    inp = inputs.load(con)
    base = gaps.compute(inp, types=[ftype]).table.set_index("area_code")["need"]
    rng = np.random.default_rng(7)
    for _ in range(5):
        pop = inp.population.copy()
        pop["persons"] = pop["persons"] + rng.integers(0, 500, len(pop))
        more = gaps.compute(inp.with_(population=pop), types=[ftype]).table.set_index("area_code")["need"]
        assert (more >= base - 1e-9).all()


def test_adding_a_facility_never_increases_a_shortfall(con):
    inp = inputs.load(con)
    base = gaps.compute(inp, types=["primary_school"]).table.set_index("area_code")["gap"]
    extra = pd.DataFrame({"id": ["S3"], "name": ["Nieuw"], "type": ["primary_school"], "x": [140500.0],
                          "y": [450500.0], "capacity": [30.0], "unit": ["places"], "capacity_note": [None],
                          "area_code": [D], "source": ["t"]})
    more = gaps.compute(inp.with_(facilities=pd.concat([inp.facilities, extra], ignore_index=True)),
                        types=["primary_school"]).table.set_index("area_code")["gap"]
    assert (more >= base - 1e-9).all()
    assert more[D] == pytest.approx(14)  # 30 places, only Delta (16) in reach


def test_status_thresholds():
    s = gaps.status(np.array([100, 100, 100, 100, 0, 0]), np.array([99, 105, 120, 150, 0, 3]), np.zeros(6, bool))
    assert s.tolist() == ["shortfall", "tight", "sufficient", "surplus", "sufficient", "surplus"]


# --- cases overlay ------------------------------------------------------------------------------------------

def test_case_overlay_leaves_base_untouched(con):
    inp = inputs.load(con)
    closed = pd.DataFrame({"id": ["S1"], "name": ["School Een"], "type": ["primary_school"], "x": [131000.0],
                           "y": [450500.0], "capacity": [100.0], "unit": ["places"], "area_code": [B],
                           "closed": [True]})
    empty_plans = pd.DataFrame(columns=["plan_id", "removed"])
    out = overlay.overlay(inp, empty_plans, closed, pd.DataFrame())
    t = gaps.compute(out, types=["primary_school"]).table.set_index("area_code")
    assert t.at[A, "supply"] == 0 and t.at[B, "supply"] == pytest.approx(40)  # only S2: 160 × 1/4
    assert "S1" in set(inputs.load(con).facilities["id"])  # base unchanged



def test_norm_rows_of_one_type_must_share_unit_and_method(tmp_path, con):
    from lib.ingest import importing
    from lib.ingest.problems import ImportFailed

    bad = tmp_path / "norms.csv"
    bad.write_text("facility_type,basis,amount,per,unit,catchment_m,service_level,woonmilieu,source\n"
                   "gym,age:6-11,1,440,facilities,1000,,,a\n"
                   "gym,age:6-11,1,300,m2,1000,,groen-blauw,b\n"
                   "gym,age:6-11,1,300,facilities,,wijk,gemengd stedelijk,c\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as exc:
        importing.import_file(con, "norms", bad)
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "unit"), (4, "service_level")]


def test_cli_gaps_prints_every_utrecht_buurt_for_every_default_norm(utrecht_db):
    import io
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run([sys.executable, "-m", "lib", "gaps", "--db", str(utrecht_db)], capture_output=True,
                         text=True, cwd=Path(__file__).resolve().parent.parent, check=True).stdout
    t = pd.read_csv(io.StringIO(out))
    assert list(t.columns[:10]) == ["area_code", "area_name", "level", "year", "facility_type", "need", "supply", "gap",
                                    "unit", "status"]
    assert t.groupby("facility_type")["area_code"].nunique().to_dict() == {
        "gym": 111, "library": 111, "primary_school": 111, "sports_hall": 111, "swimming_pool": 111}
    assert set(t["year"]) == {2024}
    school = t[t["facility_type"] == "primary_school"]
    assert school["supply"].sum() == pytest.approx(29509, abs=0.5)  # every DUO pupil place allocated
    assert school["need"].sum() == pytest.approx(59098 * 8 / 15, abs=30)  # 0-14 band sum × 8/15 (rounding to 5)


def test_aggregate_to_wijk_sums_quantities_and_takes_worst_distance(con):
    inp = inputs.load(con)
    t = gaps.compute(inp).table
    w = gaps.aggregate(t, inp.areas, "wijk").set_index(["area_code", "facility_type"])
    # WK999901 = Alfa + Bravo: need 80 + 160, supply 33.33 + 106.67
    assert w.at[("WK999901", "primary_school"), "need"] == pytest.approx(240)
    assert w.at[("WK999901", "primary_school"), "supply"] == pytest.approx(140)
    assert w.at[("WK999901", "primary_school"), "status"] == "shortfall"
    # library: worst buurt of WK999901 is Bravo (1118 m), still within 1500 m
    assert w.at[("WK999901", "library"), "supply"] == pytest.approx(np.hypot(1000, 500))
    # sports_hall rows are already per wijk and kept as they are
    assert w.at[("WK999901", "sports_hall"), "need"] == pytest.approx(3.0)
    g = gaps.aggregate(t, inp.areas, "gemeente").set_index(["area_code", "facility_type"])
    assert g.at[("GM9999", "primary_school"), "need"] == pytest.approx(296)


def test_worst_of_all_types(con):
    t = gaps.compute(inputs.load(con)).table
    w = gaps.worst_of_all(t[t["level"] == "buurt"]).set_index("area_code")
    assert w.at[A, "status"] == "shortfall" and w.at[A, "facility_type"] == "primary_school"


def test_case_library_point_only_improves_buurten_it_is_nearer_to(con):
    inp = inputs.load(con)
    dist = pd.DataFrame({"area_code": [A, B, C, D], "year": 2023, "facility_type": "library",
                         "distance_m": [400.0, 1300.0, 1600.0, 9000.0], "source": "CBS nabijheid 2023"})
    inp = inp.with_(facilities=inp.facilities[inp.facilities["type"] != "library"], distances=dist)
    new = pd.DataFrame({"id": ["case-lib"], "name": ["Nieuwe bieb"], "type": ["library"], "x": [140500.0],
                        "y": [450800.0], "capacity": [None], "unit": [None], "capacity_note": ["set in case"],
                        "area_code": [D], "source": ["case"]})
    out = inp.with_(facilities=pd.concat([inp.facilities, new], ignore_index=True))
    t = gaps.compute(out, types=["library"]).table.set_index("area_code")
    assert t["supply"].tolist() == pytest.approx([400.0, 1300.0, 1600.0, 300.0])  # only Delta changes
    assert t.at[D, "supply_source"].startswith("facility added in case")
    assert t.at[A, "supply_source"].startswith("CBS nabijheid")


def test_persons_per_dwelling_from_the_same_year_as_the_dwelling_count():
    # dwellings are known for 2023 only (as in KWB 2024): 2023 persons / 2023 dwellings = 3, age mix of 2024
    pop = pd.DataFrame({"area_code": ["a"] * 4, "year": [2023, 2023, 2024, 2024], "age_min": [0, 15, 0, 15],
                        "age_max": pd.array([14, None, 14, None], "Int64"), "persons": [100.0, 200.0, 150.0, 250.0]})
    dw = pd.DataFrame({"area_code": ["a"], "year": [2023], "dwellings": [100.0]})
    plans = pd.DataFrame({"area_code": ["a"], "year": [2026], "dwellings": [10.0], "dwelling_type": [None]})
    p, d = population.forecast(pop, dw, plans, [2026], 2024)
    bands = p.set_index("age_min")["persons"]
    assert bands[0] == pytest.approx(150 + 10 * 3 * 150 / 400)  # 161.25, not 150 + 10 × 1.5
    assert bands[15] == pytest.approx(250 + 10 * 3 * 250 / 400)
    assert d.set_index("area_code").at["a", "dwellings"] == 110


def test_aggregate_distance_with_unknown_distances(con):
    inp = inputs.load(con)
    inp = inp.with_(facilities=inp.facilities[inp.facilities["type"] != "library"])  # and no CBS distances
    t = gaps.compute(inp, types=["library"]).table
    assert t["status"].astype(str).eq("unknown").all()
    w = gaps.aggregate(t, inp.areas, "wijk")
    assert len(w) == 2 and w["status"].eq("unknown").all()
