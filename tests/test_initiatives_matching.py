"""The matching of initiatives with free room hours (lib.initiatives.matching), on a hand-made line of places
(EPSG:28992 metres, y = 0). Every expectation below is computed by hand from this fixture.

Areas (centres): A (0, 0), B (−500, 0).
Rooms (free hours per week = bookable − booked):

    room  facility at  type        m²  accessible  day        evening    weekend
    Z1    F1 (100, 0)  zaal        40  yes         10−8 = 2   10−7 = 3   4−3 = 1
    K1    F1 (100, 0)  keuken      30  no          –          5−0 = 5    –
    Z2    F2 (600, 0)  zaal        40  yes         10−6 = 4   10−7 = 3   4−3 = 1
    W3    F3 (5000, 0) werkplaats  50  yes         –          10−0 = 10  –

Initiatives (maximum distance 1,000 m; zaal 2 m², keuken 4 m² per participant, data/initiatives_assumptions.csv):

    I1 A zaal 10 p 3 h evening: Z1 (100 m) or Z2 (600 m)               30 participant-hours
    I2 B zaal  8 p 3 h evening: only Z1 (600 m; Z2 is 1,100 m away)    24
    I7 A zaal  4 p 3 h evening: Z1 or Z2                               12
    I8 A zaal  6 p 2 h day:     Z1 (free 2) or Z2 (free 4)             12
    I3 A werkplaats 5 p 2 h evening: W3 is 5,000 m away           → no_room_in_reach
    I4 A keuken 4 p 2 h evening, accessible needed: K1 is not      → not_accessible
    I5 A zaal 30 p 1 h day: needs 30 × 2 = 60 m² > 40              → too_small
    I6 A zaal 5 p 2 h weekend: Z1 and Z2 have 1 h free             → no_free_hours

Each zaal has 3 evening hours, so each houses one of I1, I2, I7. I2 can only use Z1, so the most participant-hours
is I1 + I2 = 30 + 24 = 54 with I1 in the farther Z2 (nearest-first would put I1 in Z1 and leave I2 out: 30 + 12
= 42). I7 then has rooms with the hours but loses them (hours_taken). I8 goes to Z1 (100 m) rather than Z2
(600 m): same participant-hours, shorter. Housed: 54 + 12 = 66 participant-hours; distances 600 + 600 + 100.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from lib.core import rooms as model
from lib.initiatives import matching
from lib.initiatives import supply as rooms

AREAS = pd.DataFrame({"code": ["A", "B"], "cx": [0.0, -500.0], "cy": [0.0, 0.0]})


def room(fid, rid, rtype, x, m2, accessible, free: dict[str, float], booked: dict[str, float] | None = None):
    booked = booked or {}
    row = {"key": rooms.key(fid, rid), "facility_id": fid, "facility_name": f"Gebouw {fid}", "facility_type": "x",
           "x": float(x), "y": 0.0, "room_id": rid, "room_type": rtype, "area_m2": float(m2),
           "accessible": accessible, "source": rooms.IMPORTED, "illustrative": False}
    for b in model.BLOCKS:
        row[f"booked_{b}"] = float(booked.get(b, 0.0))
        row[f"bookable_{b}"] = float(free.get(b, 0.0)) + row[f"booked_{b}"]
    return row


ROOMS = pd.DataFrame([
    room("F1", "Z1", "zaal", 100, 40, True, {"weekday_day": 2, "weekday_evening": 3, "weekend": 1},
         {"weekday_day": 8, "weekday_evening": 7, "weekend": 3}),
    room("F1", "K1", "keuken", 100, 30, False, {"weekday_evening": 5}),
    room("F2", "Z2", "zaal", 600, 40, True, {"weekday_day": 4, "weekday_evening": 3, "weekend": 1},
         {"weekday_day": 6, "weekday_evening": 7, "weekend": 3}),
    room("F3", "W3", "werkplaats", 5000, 50, True, {"weekday_evening": 10}),
])


def ini(iid, area, rtype, p, h, block, accessible=False, status="aangemeld", fid=None, rid=None, dist=1000.0):
    return {"initiative_id": iid, "name": f"Initiatief {iid}", "organiser": "", "area_code": area, "activity": "",
            "participants": p, "hours_per_week": float(h), "time_block": block, "room_type": rtype,
            "accessible_required": accessible, "max_distance_m": dist, "status": status, "facility_id": fid,
            "room_id": rid, "illustrative": False, "source": "test"}


BASE = [ini("I1", "A", "zaal", 10, 3, "weekday_evening"), ini("I2", "B", "zaal", 8, 3, "weekday_evening"),
        ini("I3", "A", "werkplaats", 5, 2, "weekday_evening"),
        ini("I4", "A", "keuken", 4, 2, "weekday_evening", accessible=True),
        ini("I5", "A", "zaal", 30, 1, "weekday_day"), ini("I6", "A", "zaal", 5, 2, "weekend"),
        ini("I7", "A", "zaal", 4, 3, "weekday_evening"), ini("I8", "A", "zaal", 6, 2, "weekday_day")]


def run(initiatives, rooms_=ROOMS) -> matching.MatchResult:
    return matching.match(pd.DataFrame(initiatives), rooms_, AREAS)


def by_id(result) -> pd.DataFrame:
    return result.rows.set_index("initiative_id")


def test_unique_optimum_moves_one_initiative_to_a_farther_room():
    result = run(BASE)
    r = by_id(result)
    assert result.optimal and result.status == "optimal"
    assert r.loc["I1", ["facility_id", "room_id", "match"]].tolist() == ["F2", "Z2", "proposed"]
    assert r.loc["I2", ["facility_id", "room_id"]].tolist() == ["F1", "Z1"]
    assert r.loc["I8", ["facility_id", "room_id"]].tolist() == ["F1", "Z1"]
    assert r.loc[["I1", "I2", "I8"], "distance_m"].tolist() == pytest.approx([600.0, 600.0, 100.0])
    assert result.housed_participant_hours == pytest.approx(66.0)
    assert r.loc[["I1", "I2", "I8"], "participant_hours"].tolist() == [30.0, 24.0, 12.0]


def test_one_unmatched_for_each_reason():
    r = by_id(run(BASE))
    assert r.loc[["I3", "I4", "I5", "I6", "I7"], "reason"].tolist() == list(model.REASONS)
    unmatched = r.loc[["I3", "I4", "I5", "I6", "I7"]]
    assert unmatched["facility_id"].isna().all() and unmatched["room_id"].isna().all()
    assert (unmatched["match"] == "").all() and (unmatched["participant_hours"] == 0).all()
    assert (r.loc[["I1", "I2", "I8"], "reason"] == "").all()


def test_rooms_hours_after_the_proposals():
    rm = run(BASE).rooms.set_index("key")
    assert rm.loc["F1/Z1", ["proposed_weekday_evening", "left_weekday_evening"]].tolist() == [3.0, 0.0]
    assert rm.loc["F1/Z1", ["proposed_weekday_day", "left_weekday_day"]].tolist() == [2.0, 0.0]
    assert rm.loc["F2/Z2", ["proposed_weekday_evening", "left_weekday_evening", "left_weekday_day"]].tolist() == \
        [3.0, 0.0, 4.0]


def test_reason_precedence_takes_the_first_check_that_fails():
    # I4 asks for an accessible kitchen of 10 participants (40 m² > 30): not accessible comes before too small
    r = by_id(run([ini("I4", "A", "keuken", 10, 2, "weekday_evening", accessible=True)]))
    assert r.loc["I4", "reason"] == "not_accessible"
    # the same without the accessibility need: too small
    r = by_id(run([ini("I4", "A", "keuken", 10, 2, "weekday_evening")]))
    assert r.loc["I4", "reason"] == "too_small"
    # a zaal 1,100 m away only (from B, maximum 550 m): out of reach although Z1 is 600 m away
    r = by_id(run([ini("I2", "B", "zaal", 8, 3, "weekday_evening", dist=550)]))
    assert r.loc["I2", "reason"] == "no_room_in_reach"


def test_accepted_initiative_holds_hours_and_others_lose_them():
    """I9 is coupled to Z2 for 3 daytime hours: Z2 keeps 4 − 3 = 1 free hour; I10 needs 3 (Z1 has 2)."""
    alone = by_id(run([ini("I10", "A", "zaal", 6, 3, "weekday_day")]))
    assert alone.loc["I10", ["room_id", "distance_m"]].tolist() == ["Z2", 600.0]
    held = ini("I9", "A", "zaal", 6, 3, "weekday_day", status="gekoppeld", fid="F2", rid="Z2")
    result = run([held, ini("I10", "A", "zaal", 6, 3, "weekday_day")])
    r = by_id(result)
    assert r.loc["I9", ["match", "facility_id", "room_id"]].tolist() == ["accepted", "F2", "Z2"]
    assert r.loc["I9", "distance_m"] == pytest.approx(600.0)
    assert r.loc["I10", "reason"] == "no_free_hours"
    z2 = result.rooms.set_index("key").loc["F2/Z2"]
    assert (z2["held_weekday_day"], z2["free_weekday_day"]) == (3.0, 1.0)


def test_stopped_initiative_holds_nothing_and_is_reported_stopped():
    stopped = ini("I9", "A", "zaal", 6, 3, "weekday_day", status="gestopt", fid="F2", rid="Z2")
    result = run([stopped, ini("I10", "A", "zaal", 6, 3, "weekday_day")])
    r = by_id(result)
    assert r.loc["I9", ["match", "reason"]].tolist() == ["", "stopped"]
    assert r.loc["I10", "room_id"] == "Z2"


def test_coupled_to_a_room_that_is_gone_is_matched_again():
    gone = ini("I9", "A", "zaal", 6, 2, "weekday_day", status="gekoppeld", fid="F9", rid="Z9")
    r = by_id(run([gone]))
    assert bool(r.loc["I9", "room_missing"])
    assert r.loc["I9", ["match", "room_id", "status"]].tolist() == ["proposed", "Z1", "gekoppeld"]


def test_unknown_accessibility_does_not_count_as_accessible():
    """A stand-in gymzaal (252 m², accessibility unknown) 50 m away; 10 participants × 21 m² = 210 m² fit."""
    stand_in = pd.DataFrame([{**room("G", model.TIMESHARING_ROOM, "gymzaal", 50, 252, None,
                                     {"weekday_evening": 12.5}), "source": rooms.TIMESHARING}])
    needs = by_id(run([ini("S", "A", "gymzaal", 10, 2, "weekday_evening", accessible=True)], stand_in))
    assert needs.loc["S", "reason"] == "not_accessible"
    ok = by_id(run([ini("S", "A", "gymzaal", 10, 2, "weekday_evening")], stand_in))
    assert ok.loc["S", ["room_source", "room_id"]].tolist() == ["timesharing", "timesharing"]


def test_gymzaal_and_sporthal_serve_each_other_but_not_a_meeting():
    hall = pd.DataFrame([room("H", "hal", "sporthal", 200, 1300, True, {"weekend": 8})])
    r = by_id(run([ini("G", "A", "gymzaal", 12, 2, "weekend"), ini("M", "A", "zaal", 12, 2, "weekend")], hall))
    assert r.loc["G", "matched_room_type"] == "sporthal"
    assert r.loc["M", "reason"] == "no_room_in_reach"


def test_nothing_to_match():
    result = run([ini("I3", "A", "werkplaats", 5, 2, "weekday_evening", dist=100)])
    assert result.optimal and result.stats["pairs_allowed"] == 0
    assert by_id(result).loc["I3", "reason"] == "no_room_in_reach"


def _brute_force(initiatives: list[dict], rooms_: pd.DataFrame) -> tuple[float, float]:
    """Most participant-hours and, among those, least distance, by trying every assignment."""
    ini_df = pd.DataFrame(initiatives).rename(columns={"hours_per_week": "hours"})
    ini_df["x"], ini_df["y"] = matching.centres(ini_df, AREAS)
    rm, _ = rooms.with_held(rooms_, pd.DataFrame(initiatives))
    p = matching.pairs(ini_df, rm)
    options = [[None] + [(int(r), float(d)) for i, r, d in zip(p.ini[p.allowed], p.room[p.allowed],
                                                                p.distance[p.allowed], strict=True) if i == k]
               for k in range(len(ini_df))]
    best = (-1.0, 0.0)
    for combo in itertools.product(*options):
        used: dict[tuple[int, str], float] = {}
        ph = dist = 0.0
        for k, choice in enumerate(combo):
            if choice is None:
                continue
            key = (choice[0], ini_df.at[k, "time_block"])
            used[key] = used.get(key, 0.0) + ini_df.at[k, "hours"]
            ph += ini_df.at[k, "participants"] * ini_df.at[k, "hours"]
            dist += choice[1]
        if all(h <= rm.at[r, f"free_{b}"] + 1e-9 for (r, b), h in used.items()):
            if ph > best[0] + 1e-9 or (abs(ph - best[0]) <= 1e-9 and dist < best[1] - 1e-9):
                best = (ph, dist)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_on_random_instances(seed):
    rng = np.random.default_rng(seed)
    rms = pd.DataFrame([room(f"F{k}", "R", "zaal", rng.uniform(-900, 900), rng.choice([20, 40, 80]), True,
                             {"weekday_evening": float(rng.choice([2, 3, 4, 6]))}) for k in range(3)])
    inis = [ini(f"I{k}", str(rng.choice(["A", "B"])), "zaal", int(rng.integers(2, 25)),
                float(rng.choice([1, 1.5, 2, 2.75, 3])), "weekday_evening") for k in range(5)]
    result = run(inis, rms)
    ph, dist = _brute_force(inis, rms)
    housed = result.rows[result.rows["match"] == "proposed"]
    assert result.housed_participant_hours == pytest.approx(ph)
    assert housed["distance_m"].sum() == pytest.approx(dist)
