"""Overzicht, issue 13: the captions, the areas that need attention, the table of types and the map rows are
made for every year at once (lib.overview.summary.captions_every, types_captions_every, attention_every,
by_type_every; lib.core.kpis.map_rows_every), so a year step only looks them up. They must be exactly what the
one-year functions give (those stay: the exports use them). Checked on the GM9999 fixture with plan P1 (100
dwellings in Alfa in 2028), so the years differ: 2024 the base year, 2026 held at the base year, 2028 and 2030
partly forecast."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core import inputs, pipeline
from lib.core import kpis as kpi
from lib.overview import summary
from lib.text.i18n import facility_label, t
from tests.conftest import load_fixture_db

A, B, C, D = "BU99990101", "BU99990102", "BU99990201", "BU99990202"
YEARS = [2024, 2026, 2028, 2030]
LEVELS = ("buurt", "wijk", "gemeente")


@pytest.fixture
def tables(empty_con) -> dict[str, pd.DataFrame]:
    """The fixture's gap table with plan P1 for YEARS, at each level."""
    inp = inputs.load(load_fixture_db(empty_con, with_plans=True))
    table = pipeline.gap_table(inp, years=YEARS).table
    return {level: pipeline.at_level(table, inp.areas, level) for level in LEVELS}


def _types(table: pd.DataFrame) -> list[str]:
    return summary.type_options(table)


def test_captions_of_every_year_equal_one_year_at_a_time(tables):
    labels = set()
    for level, table in tables.items():
        for lang in ("nl", "en"):
            types_words = summary.types_captions_every(table, 2024, lang)
            assert set(types_words) == set(YEARS)
            for ftype in _types(table):
                words = summary.captions_every(table, ftype, 2024, lang, level)
                for year in [*YEARS, 1999]:  # 1999: no rows, empty captions
                    rows = summary.map_rows(table, ftype, year)
                    assert words.get(year, "") == summary.caption(rows, ftype, year, 2024, lang, level), \
                        (level, ftype, year, lang)
                    assert types_words.get(year, "") == summary.types_caption(table, year, 2024, lang)
                    labels.add(summary.year_label(rows, year, 2024, lang) if len(rows) else "")
    # the years really differ: the base year, held at the base year, partly forecast (only Alfa has a plan)
    assert {t("ov_year_label", "nl").format(year=2024), t("nr_year_held", "nl").format(year=2026, base=2024),
            t("nr_year_partly", "nl").format(year=2030, base=2024)} <= labels
    school = summary.captions_every(tables["buurt"], "primary_school", 2024, "nl")
    assert "norm: 1 plaats per kind van 4-11 jaar binnen 1.000 m (aanname)" in school[2030]
    assert school[2030].startswith(t("nr_year_partly", "nl").format(year=2030, base=2024))
    assert summary.captions_every(tables["buurt"].iloc[:0], "primary_school", 2024) == {}


@pytest.mark.parametrize("n", [1, 2, 10, None])
def test_attention_of_every_year_equals_one_year_at_a_time(tables, n):
    for table in tables.values():
        for ftype in _types(table):
            for lang in ("nl", "en"):
                every = summary.attention_every(table, ftype, n, lang)
                for year in [*YEARS, 1999]:
                    att = summary.attention(table, ftype, year, n)
                    if att.empty:
                        assert year not in every, (ftype, year)
                    else:
                        pd.testing.assert_frame_equal(every[year], summary.attention_display(att, ftype, lang),
                                                      check_index_type=True, check_column_type=True)


def test_attention_of_every_year_hand_checked(tables):
    table = tables["buurt"]
    # 2024 as in test_overview: Bravo (−53.3 places) before Alfa (−46.7); for all types Alfa and Bravo short of
    # school places, Charlie and Delta of a library within 1,500 m
    school = summary.attention_every(table, "primary_school", None, "nl")[2024]
    assert school[t("code", "nl")].tolist() == [B, A] and school[t("rank", "nl")].tolist() == [1, 2]
    both = summary.attention_every(table, summary.ALL_TYPES, None, "en")[2024]
    assert both[t("code", "en")].tolist() == [A, B, C, D]
    school_en, library_en = facility_label("primary_school", "en"), facility_label("library", "en")
    assert both[t("ov_col_types_short", "en")].tolist() == [school_en, school_en, library_en, library_en]
    assert summary.attention_every(table, "primary_school", 1, "nl")[2024][t("code", "nl")].tolist() == [B]
    library = summary.attention_every(table, "library", None, "nl")[2024]
    assert library.columns[-1] == t("nr_details", "nl")  # distances read as distances


def test_attention_header_follows_each_year_when_methods_differ(tables):
    """A type read as distances in one year and as quantities in another keeps each year's own header."""
    table = tables["buurt"].copy()
    table.loc[(table["facility_type"] == "library") & (table["year"] == 2030), "method"] = "ratio"
    every = summary.attention_every(table, "library", 10, "nl")
    for year in YEARS:
        att = summary.attention(table, "library", year, 10)
        pd.testing.assert_frame_equal(every[year], summary.attention_display(att, "library", "nl"))
    assert every[2024].columns[-1] == t("nr_details", "nl") and every[2030].columns[-1] == t("gap", "nl")


def test_map_rows_of_every_year_equal_one_year_at_a_time(tables):
    for table in tables.values():
        for ftype in _types(table):
            every = kpi.map_rows_every(table, ftype)
            assert set(every) == set(YEARS)
            for year in YEARS:
                one = kpi.map_rows(table, ftype, year)
                pd.testing.assert_frame_equal(every[year], one, check_column_type=True)
                assert every[year].index.tolist() == one.index.tolist()
            if ftype == kpi.ALL_TYPES:
                assert kpi.kpis(table, ftype, 2030, map_rows_of=every[2030]) == \
                    pytest.approx(kpi.kpis(table, ftype, 2030), nan_ok=True)
    assert kpi.map_rows_every(tables["buurt"].iloc[:0], kpi.ALL_TYPES) == {}


def test_types_table_of_every_year_equals_one_year_at_a_time(tables):
    for table in tables.values():
        every_kpi = kpi.every(table)
        for lang in ("nl", "en"):
            every = summary.by_type_every(table, lang, every_kpi)
            assert set(every) == set(YEARS) and summary.by_type_every(table, lang).keys() == every.keys()
            for year in YEARS:
                pd.testing.assert_frame_equal(every[year], summary.by_type(table, year, lang),
                                              check_index_type=True, check_column_type=True)
    # hand-checked as in test_overview: 700 inhabitants beyond 1,500 m of a library in 2024
    libraries = summary.by_type_every(tables["buurt"], "nl")[2024].set_index("facility_type")
    assert libraries.at["library", t("total_shortfall", "nl")] == "700 inwoners te ver weg"
    assert summary.by_type_every(tables["buurt"].iloc[:0], "nl") == {}
