"""The sharing methods' work per (data version, case) for every year at once (issue 13): each type's buurt frames
of all years built in one pass, one population forecast of all years, and years with the same inputs answered by
one computation (``Frames.same_as``). The same numbers as one year at a time, on the spare-capacity fixture of
tests/test_sharing_methods.py with a plan added."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core import pipeline
from lib.sharing import common, options, timesharing
from tests.test_sharing_methods import spare_inputs


def planned_inputs():
    """spare_inputs (A, B, C: 100, 100 and 10 inhabitants, 100 dwellings each) with 50 dwellings in B in 2030.
    No buurt has 1,000 dwellings, so new homes get the municipality's profile: 210 persons / 300 dwellings = 0.7
    per dwelling, so B has 100 + 50 × 0.7 = 135 inhabitants (= places needed, one per inhabitant) from 2030."""
    plans = pd.DataFrame({"plan_id": ["P1"], "name": ["Plan"], "area_code": ["B"], "year": [2030],
                          "dwellings": [50.0], "dwelling_type": [None], "demolished": [0.0]})
    return spare_inputs().with_(plans=plans)


def frames(inp):
    return common.Frames(inp, pipeline.gap_table(inp, list(inp.years)).table)


def test_years_with_the_same_inputs_are_computed_once():
    """2024 holds measured figures; 2025-2029 are held at 2024 (the same rows, flagged as held); the plan changes B
    from 2030 on. Without the plan every year from 2025 is 2025."""
    fr = frames(planned_inputs())
    assert {y: fr.same_as(y) for y in (2024, 2025, 2029, 2030, 2031, 2040)} == \
        {2024: 2024, 2025: 2025, 2029: 2025, 2030: 2030, 2031: 2030, 2040: 2030}
    assert fr.same_as(2050) == 2050  # not in the table: itself
    plain = frames(spare_inputs())
    assert {plain.same_as(y) for y in range(2025, 2041)} == {2025}


def test_a_year_gets_the_results_of_its_same_as_year():
    """No result carries its year: 2037's results, computed on their own, are 2030's (B short 135 places; only F2's
    90 spare places reach B, so 45 stay short)."""
    inp = planned_inputs()
    own = options.results(inp, frames(inp), 2037)
    shared = options.results(inp, frames(inp), 2030)
    for a, b in ((own.spare.areas, shared.spare.areas), (own.spare.matches, shared.spare.matches),
                 (own.ts.areas, shared.ts.areas), (own.hub.sites, shared.hub.sites)):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    b = own.spare.areas.set_index("area_code").loc["B"]
    assert [b["shortfall"], b["absorbed"], b["remaining"]] == pytest.approx([135, 90, 45])
    before = options.results(inp, frames(inp), 2029).spare.areas.set_index("area_code")
    assert before.at["B", "shortfall"] == pytest.approx(100) and before.at["B", "remaining"] == pytest.approx(10)


@pytest.mark.parametrize("year", [2024, 2029, 2030, 2040])
def test_type_frames_of_every_year_equal_the_one_year_frames(year):
    """From the table of all years (one pass per type) or from a one-year gap table: the same frame."""
    inp = planned_inputs()
    every = frames(inp).type_frame("primary_school", year)
    one = common.Frames(inp, None).type_frame("primary_school", year)  # the one-year path
    pd.testing.assert_frame_equal(every.areas, one.areas, check_exact=True)
    pd.testing.assert_frame_equal(every.facilities, one.facilities, check_exact=True)
    assert (every.year, every.unit, every.method) == (one.year, one.unit, one.method) == (year, "places", "catchment")
    need = every.areas.set_index("area_code")["need"].to_dict()
    assert need == pytest.approx({"A": 100, "B": 135 if year >= 2030 else 100, "C": 10})


def test_too_many_rows_take_the_one_year_path(monkeypatch):
    """Above MAX_EVERY_YEAR_ROWS a type is matched one year at a time (no arrays of every year kept): the same
    frame."""
    inp = planned_inputs()
    every = frames(inp).type_frame("primary_school", 2030)
    monkeypatch.setattr(common, "MAX_EVERY_YEAR_ROWS", 10)  # 3 buurten × 18 years = 54 rows
    fr = frames(inp)
    one = fr.type_frame("primary_school", 2030)
    assert fr.derived(("type_years", "primary_school"), lambda: "built") is None
    pd.testing.assert_frame_equal(every.areas, one.areas, check_exact=True)
    assert one.areas.set_index("area_code").at["B", "shortfall"] == pytest.approx(135)


def test_timesharing_reads_the_shared_forecast():
    """The population of a year from the forecast of every year equals the forecast of that year alone."""
    inp = planned_inputs()
    shared = timesharing.run(inp, 2030, table=frames(inp))
    alone = timesharing.run(inp, 2030)
    pd.testing.assert_frame_equal(shared.areas, alone.areas, check_exact=True)
    assert shared.areas.set_index("area_code")["inhabitants"].to_dict() == pytest.approx({"A": 100, "B": 135,
                                                                                         "C": 10})
