"""Methods 1-3 of lib.sharing on hand-made fixtures, every number computed by hand (see the docstrings)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.core import catchment, gaps
from lib.sharing import common, hubs, spare_capacity, timesharing
from tests.sharing_fixtures import make_inputs, school_norm

# --- method 1: spare capacity ---------------------------------------------------------------------------------


def spare_inputs():
    """A (0) needs 100 places, B (1500) 100, C (3000) 10. F1 at 0 has 40 places and reaches only A; F2 at 3000
    has 100 and reaches only C (catchment 1000 m).

    2SFCA: R1 = 40/100, R2 = 100/10 → supply A 40 (short 60), B 0 (short 100), C 100 (surplus 90).
    used F1 = 100 × 0.4 × 1 = 40 → spare 0; used F2 = 10 × 10 × min(1, 1/10) = 10 → spare 90.
    """
    return make_inputs(
        [("A", 0, 0), ("B", 1500, 0), ("C", 3000, 0)],
        [("A", 0, 99, 100), ("B", 0, 99, 100), ("C", 0, 99, 10)],
        [("F1", "School Een", "primary_school", 0, 0, 40, "places"),
         ("F2", "School Twee", "primary_school", 3000, 0, 100, "places")],
        [school_norm()])


def test_facility_use_hand_computed():
    inp = spare_inputs()
    tf = common.type_frame(inp, None, "primary_school", 2024)
    s = spare_capacity.facility_spare(tf).set_index("id")
    assert s.loc["F1", ["capacity", "demand", "used", "spare"]].tolist() == pytest.approx([40, 100, 40, 0])
    assert s.loc["F2", ["capacity", "demand", "used", "spare"]].tolist() == pytest.approx([100, 10, 10, 90])


def test_facility_use_spare_sums_to_the_surplus_of_over_served_buurten():
    """F3 (30 places at 2000) reaches B and C: spare is no longer max(0, S − D) but still sums to the surplus."""
    inp = spare_inputs()
    extra = pd.DataFrame({"id": ["F3"], "name": ["Drie"], "type": ["primary_school"], "x": [2000.0], "y": [0.0],
                          "capacity": [30.0], "unit": ["places"], "capacity_note": [None], "area_code": [None],
                          "source": ["t"]})
    inp = inp.with_(facilities=pd.concat([inp.facilities, extra], ignore_index=True))
    tf = common.type_frame(inp, None, "primary_school", 2024)
    s = spare_capacity.facility_spare(tf).set_index("id")
    surplus = np.clip(tf.areas["supply"] - tf.areas["need"], 0, None).sum()
    assert surplus == pytest.approx(10 * (10 + 30 / 110) - 10)          # C: 10 × (R2 + R3) − 10 = 92.73
    assert s["spare"].sum() == pytest.approx(surplus)
    assert s.at["F3", "spare"] == pytest.approx(30 - 100 * 3 / 11 - 10 * (3 / 11) / (10 + 3 / 11))  # 2.456
    assert (s["spare"] >= np.clip(s["capacity"] - s["demand"], 0, None) - 1e-9).all()
    assert (s["used"] <= np.minimum(s["capacity"], s["demand"]) + 1e-9).all()


def test_absorption_greedy_nearest_first_never_more_than_spare_or_shortfall():
    inp = spare_inputs()
    r = spare_capacity.run(inp, None, 2024)  # reach = 1.5 × 1000 m
    m = r.matches
    assert m[["area_code", "facility_id", "distance_m", "absorbed"]].values.tolist() == [["B", "F2", 1500.0, 90.0]]
    a = r.areas.set_index("area_code")
    assert a.loc["B", ["shortfall", "absorbed", "remaining", "facilities", "max_distance_m"]].tolist() == \
        pytest.approx([100, 90, 10, 1, 1500])
    assert a.loc["A", ["shortfall", "absorbed", "remaining", "facilities"]].tolist() == pytest.approx([60, 0, 60, 0])
    # a reach of 3 km also reaches A, but B is nearer and takes the 90 first
    far = spare_capacity.run(inp, None, 2024, reach_m=3000).areas.set_index("area_code")
    assert far.loc["B", "absorbed"] == pytest.approx(90) and far.loc["A", "absorbed"] == 0
    # only the catchment itself (factor 1): F2 is out of B's reach
    assert spare_capacity.run(inp, None, 2024, reach_factor=1.0).matches.empty


def test_allocate_nearest():
    # two areas short 5 and 5; one facility with 7 spare at 100 m from area 1 and 200 m from area 0
    out = common.allocate_nearest(np.array([5.0, 5.0]), np.array([7.0]), np.array([0, 1]), np.array([0, 0]),
                                  np.array([200.0, 100.0]))
    assert out.tolist() == [2.0, 5.0]


# --- method 2: hub finder --------------------------------------------------------------------------------------


def hub_inputs():
    """A (0), B (800), C (5000), 5,000 inhabitants each. Norms: school 1 place per 50 inhabitants (100 places),
    gym 1 per 5,000 (1 gymzaal), both 1,000 m; library within 1,500 m (CBS distances A 2,000, B 1,000, C 3,000).
    School S1 (100 places) at 400 reaches A and B: R = 100/200 → A and B short 50 places, C short 100.
    Gyms: only G at (400, 1000), 1,077 m from A and B (out of their catchment), so every buurt is short 1 gymzaal;
    G is within 1,000 m of school S1 and holds its PE (75 pupils' worth), and it sits in the wijk, so the coverage
    checks (lib.core.coverage) see no missing gym data and the gym shortfalls stay real (issue 11).
    Library: A and C too far (5,000 persons each).
    Sites: S1 + sports field V (450) within 300 m → one cluster at 425; X (5000, 100) alone; G alone (one
    function in reach: the library of A, so never a hub).
    """
    return make_inputs(
        [("A", 0, 0), ("B", 800, 0), ("C", 5000, 0)],
        [("A", 0, 99, 5000), ("B", 0, 99, 5000), ("C", 0, 99, 5000)],
        [("S1", "School Een", "primary_school", 400, 0, 100, "places"),
         ("V", "Sportveld", "sports_field", 450, 0, 2, "fields"),
         ("X", "Kerk", "church", 5000, 100, 1, "facilities"),
         ("G", "Gymzaal Noord", "gym", 400, 1000, 1, "facilities")],
        [school_norm(per=50), {"facility_type": "gym", "basis": "inhabitants", "amount": 1.0, "per": 5000.0,
                               "unit": "facilities", "catchment_m": 1000.0},
         {"facility_type": "library", "basis": "inhabitants", "amount": 1500.0, "per": 1.0,
          "unit": "max_distance_m", "catchment_m": np.nan}],
        distances=[("A", "library", 2000), ("B", "library", 1000), ("C", "library", 3000)])


def test_candidate_sites_merge_facilities_within_walking_distance():
    fac = pd.DataFrame({"id": list("abcd"), "name": ["a", "b", "c", "d"], "type": ["gym", "library", "gym", "x"],
                        "x": [0.0, 250.0, 500.0, 1000.0], "y": 0.0})
    s = hubs.candidate_sites(fac, walk_m=300).set_index("site_id")
    assert s.loc["site-a", "member_ids"] == ["a", "b", "c"]       # a–b–c chained within 300 m
    assert s.loc["site-a", "x"] == pytest.approx(250) and s.loc["site-a", "kind"] == "cluster"
    assert s.loc["site-a", "existing_types"] == ["gym", "library"]
    assert s.loc["site-d", "kind"] == "facility" and len(s) == 2
    assert len(hubs.candidate_sites(fac, walk_m=200)) == 4


def test_hub_finder_hand_computed():
    r = hubs.run(hub_inputs(), None, 2024)
    assert sorted(r.areas["area_code"]) == ["A", "B", "C"]   # A, C: 3 functions short; B: 2
    s = r.sites.set_index("site_id")
    assert list(s.index) == ["site-S1", "site-X"]            # tie on score, the cluster has more need in reach
    # cluster at 425: school 50 + 50 places (0.417 of 240), gym 2 (1 built), library A's 5,000 persons (0.5)
    assert s.at["site-S1", "score"] == pytest.approx(100 / 240 + 1 + 0.5)
    assert s.at["site-S1", "need_in_reach"] == pytest.approx(100 / 240 + 2 + 0.5)
    assert s.at["site-S1", "floor_m2"] == pytest.approx(100 / 240 * 1680 + 252 + 300)   # 1,252 m²
    assert s.at["site-X", "score"] == pytest.approx(100 / 240 + 1 + 0.5)
    assert s.at["site-S1", "kind"] == "cluster" and s.at["site-S1", "label"] == "School Een + Sportveld"
    p = r.programme[r.programme["site_id"] == "site-S1"].set_index("function")
    assert p.loc["primary_school", ["covered", "capacity", "floor_m2"]].tolist() == pytest.approx([100, 100, 700])
    assert bool(p.at["primary_school", "existing"]) and not bool(p.at["gym", "existing"])
    assert p.loc["gym", ["covered", "units", "floor_m2", "floor_m2_alt"]].tolist() == pytest.approx([2, 1, 252, 308])
    assert p.at["gym", "status"] == "sourced" and p.at["library", "status"] == "assumption"


def test_hub_needs_two_functions_unless_a_hub_friendly_one_is_added():
    inp = hub_inputs()
    only_school = hubs.run(inp, None, 2024, types=["primary_school"])
    assert only_school.sites.empty and only_school.areas.empty
    with_space = hubs.run(inp, None, 2024, types=["primary_school"], extra_functions=("community_centre",))
    assert len(with_space.sites) == 2
    p = with_space.programme.set_index(["site_id", "function"])
    assert p.loc[("site-S1", "community_centre"), "floor_m2"] == 400 and p.loc[("site-S1", "community_centre"),
                                                                                "basis"] == "added"


# --- method 3: time-sharing ------------------------------------------------------------------------------------


def ts_inputs():
    """A (0): 250 children 6-11 + 1,000 others; D (1500): 125 + 0; C (600): 0 + 2,000; B (3000): 500 + 500.
    Gym G1 at 0 (1 unit), sports hall H1 at 3000 (1 unit). Gym catchment 1,000 m, hall catchment 2,500 m.

    Daytime (PE = children / 25 × 1.5 h): A 15 h, D 7.5 h, B 30 h. G1 has 26.25 h and reaches A (and C, no
    children): A supplied, used 15 h, free 11.25 h. D (1.5 km) and B (3 km) are out of reach: short 7.5 and 30 h.
    With a match distance of 1.6 km D takes 7.5 h of G1's free daytime; B stays short (not by evenings).
    Club sport (5 % × 1.5 h = 0.075 participant-hours per inhabitant): A 93.75, C 150, B 75, D 9.375.
    H1 offers 41 h × 30 = 1,230 participant-hours and reaches B, C, D (not A): they are supplied; A is short
    93.75 = 3.125 hall hours = 7.8125 gym hours (12 per hour); G1 has 41 × 0.5 = 20.5 free evening/weekend hours
    at 0 m, so all of it is matched.
    """
    return make_inputs(
        [("A", 0, 0), ("D", 1500, 0), ("C", 600, 0), ("B", 3000, 0)],
        [("A", 6, 11, 250), ("A", 12, 99, 1000), ("D", 6, 11, 125), ("C", 12, 99, 2000), ("B", 6, 11, 500),
         ("B", 12, 99, 500)],
        [("G1", "Gymzaal Een", "gym", 0, 0, 1, "facilities"),
         ("H1", "Sporthal Een", "sports_hall", 3000, 0, 1, "facilities")],
        [{"facility_type": "gym", "basis": "age:6-11", "amount": 1.0, "per": 440.0, "unit": "facilities",
          "catchment_m": 1000.0},
         {"facility_type": "sports_hall", "basis": "inhabitants", "amount": 1.0, "per": 17500.0,
          "unit": "facilities", "catchment_m": 2500.0}])


def test_timesharing_hand_computed():
    r = timesharing.run(ts_inputs(), 2024, {"match_distance_m": 1600})
    a = r.areas.set_index("area_code")
    assert a["pe_h"].to_dict() == pytest.approx({"A": 15, "D": 7.5, "C": 0, "B": 30})
    assert a.loc["A", ["day_available_h", "day_short_h"]].tolist() == pytest.approx([26.25, 0])
    assert a.loc["D", ["day_short_h", "day_matched_h", "day_unsolved_h"]].tolist() == pytest.approx([7.5, 7.5, 0])
    assert a.loc["B", ["day_short_h", "day_matched_h", "day_unsolved_h"]].tolist() == pytest.approx([30, 0, 30])
    assert a.loc["A", ["club_hall_h", "club_available_hall_h", "club_short_hall_h"]].tolist() == \
        pytest.approx([3.125, 0, 3.125])
    assert a.loc["A", ["gym_h_matched", "club_matched_hall_h", "club_unsolved_hall_h", "gyms", "max_distance_m"]
                 ].tolist() == pytest.approx([7.8125, 3.125, 0, 1, 0])
    assert a["verdict"].to_dict() == {"A": "evening_solved", "D": "day_solved", "C": "ok",
                                      "B": "day_not_by_evenings"}
    f = r.facilities.set_index("id")
    assert f.loc["G1", ["day_h", "day_used_h", "day_free_h", "evening_h", "weekend_h"]].tolist() == \
        pytest.approx([26.25, 15, 11.25, 25, 16])
    assert f.loc["G1", ["evening_weekend_used_h", "evening_weekend_free_h", "matched_h",
                        "school_use_h_per_year"]].tolist() == pytest.approx([20.5, 20.5, 7.8125 + 7.5, 600])
    # the hall: B 75 + C 150 + D 9.375 participant-hours used = 7.8125 h of its 41 evening/weekend hours
    assert f.loc["H1", ["day_h", "evening_weekend_used_h"]].tolist() == pytest.approx([0, 234.375 / 30])


def test_daytime_shortfall_is_never_solved_by_free_evenings():
    """With the default match distance (1 km) D's daytime shortfall is not matched, although G1 has free evening
    hours: the verdict says so, and more free evening hours change nothing."""
    base = timesharing.run(ts_inputs(), 2024).areas.set_index("area_code")
    more = timesharing.run(ts_inputs(), 2024, {"gym_evening_booked_share": 0.0,
                                               "evening_hours_per_unit": 40}).areas.set_index("area_code")
    assert base.at["D", "verdict"] == "day_not_by_evenings" == more.at["D", "verdict"]
    assert base.at["D", "day_unsolved_h"] == more.at["D", "day_unsolved_h"] == pytest.approx(7.5)


def test_assumptions_are_labelled():
    a = timesharing.assumptions().set_index("key")
    assert set(a["status"]) <= {"sourced", "derived", "assumption"}
    assert a.at["pe_minutes_per_group", "value"] == 90 and a.at["pe_minutes_per_group", "status"] == "sourced"
    assert a.at["club_participation", "status"] == "assumption"
    s = common.standard_sizes().set_index(["function", "variant"])
    assert s.at[("gym", "default"), "floor_m2"] == 252 and s.at[("gym", "kvlo"), "floor_m2"] == 308
    assert s.at[("gym", "default"), "status"] == "sourced"
    assert (s.drop(index=[("gym", "default"), ("gym", "kvlo")])["status"] == "assumption").all()


def test_club_assumptions_roughly_reproduce_the_sports_hall_norm():
    """Calibration check (docs/sharing/timesharing.md): 17,500 inhabitants ask 17,500 × 5 % × 1.5 = 1,312.5
    participant-hours a week; one sporthal offers 41 h × 30 = 1,230."""
    p = timesharing.parameters()
    demand = 17500 * p["club_participation"] * p["club_hours_per_participant"]
    offer = (p["evening_hours_per_unit"] + p["weekend_hours_per_unit"]) * p["participants_per_hour_sports_hall"]
    assert demand / offer == pytest.approx(1312.5 / 1230)


# --- property: adding a facility never increases any shortfall --------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_adding_a_facility_never_increases_any_shortfall(seed):
    rng = np.random.default_rng(seed)
    n = 8
    inp = make_inputs([(f"B{i}", float(x), float(y)) for i, (x, y) in enumerate(rng.uniform(0, 3000, (n, 2)))],
                      [(f"B{i}", 0, 99, float(p)) for i, p in enumerate(rng.integers(0, 400, n))],
                      [(f"F{j}", f"F{j}", "primary_school", float(x), float(y), float(c), "places")
                       for j, (x, y, c) in enumerate(zip(*rng.uniform(0, 3000, (2, 4)), rng.integers(10, 300, 4),
                                                         strict=True))],
                      [school_norm()])
    before = gaps.compute(inp, types=["primary_school"]).table.set_index("area_code")
    spare_before = spare_capacity.run(inp, None, 2024).areas.set_index("area_code")["remaining"]
    for k in range(3):
        x, y = rng.uniform(0, 3000, 2)
        new = pd.DataFrame({"id": [f"N{k}"], "name": ["nieuw"], "type": ["primary_school"], "x": [x], "y": [y],
                            "capacity": [float(rng.integers(1, 200))], "unit": ["places"], "capacity_note": [None],
                            "area_code": [None], "source": ["t"]})
        inp = inp.with_(facilities=pd.concat([inp.facilities, new], ignore_index=True))
        after = gaps.compute(inp, types=["primary_school"]).table.set_index("area_code")
        assert (np.clip(-after["gap"], 0, None) <= np.clip(-before["gap"], 0, None) + 1e-9).all()
        before = after
    spare_after = spare_capacity.run(inp, None, 2024).areas.set_index("area_code")["remaining"]
    assert (spare_after.reindex(spare_before.index).fillna(0) <= spare_before + 1e-9).all()


def test_two_step_used_matches_catchment_module():
    """facility_use is consistent with lib.core.catchment.two_step: Σ used_j = Σ_i min(need_i, supply_i)."""
    rng = np.random.default_rng(3)
    ax, ay = rng.uniform(0, 2000, (2, 12))
    fx, fy = rng.uniform(0, 2000, (2, 5))
    need = rng.uniform(0, 50, 12)
    cap = rng.uniform(0, 80, 5)
    pairs = catchment.pairs_within(ax, ay, np.full(12, 800.0), fx, fy)
    supply, _ = catchment.two_step(need, cap, pairs)
    use = common.facility_use(need, cap, pairs)
    assert use["used"].sum() == pytest.approx(np.minimum(need, supply).sum())
    assert (use["spare"] >= -1e-12).all() and (use["used"] <= cap + 1e-9).all()
