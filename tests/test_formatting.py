"""lib.ui.formatting, the one formatter of every page, export and report (issue 10): Dutch 31.517 and 2,46,
English 31,517 and 2.46, the same decimals for the same quantity, '–' for missing values, never '-0'; times in
Amsterdam local time; data texts in the chosen language; files for people that open in Dutch Excel; and the
analyst's CLI output at full precision."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
from babel.numbers import format_decimal

from lib.cases import report, store
from lib.core import db, gaps, inputs
from lib.explorer import explain
from lib.ui import formatting as fmt
from tests.conftest import ROOT, load_fixture_db
from tests.test_cases import ALFA, ANN

B = "BU99990102"  # Bravo: supply 160 × (5/12 + 1/4) = 106.666… places (tests/test_explorer.py)


def test_numbers_per_language():
    assert fmt.number(31517.4, "nl") == "31.517" and fmt.number(31517.4, "en") == "31,517"
    assert fmt.number(2.456, "nl", 2) == "2,46" and fmt.number(2.456, "en", 2) == "2.46"
    assert fmt.number(1234567.891, "nl", 1) == "1.234.567,9"
    assert fmt.number(-1234.4, "nl") == "−1.234"  # typographic minus
    assert fmt.number(12, "en", signed=True) == "+12" and fmt.number(-3, "nl", signed=True) == "−3"
    assert fmt.number(0.5, "nl", 0) == "1" and fmt.number(2.5, "en", 0) == "3"  # half up, as people round
    assert fmt.number(float("inf")) == "∞"


def test_fast_numbers_equal_babel():
    """number() writes values below FAST_LIMIT with ``format`` instead of Babel: the same text, half-up rounding
    kept (2,675 → 2,68; 0,005 → 0,01), whole values without decimals, and Babel beyond the limit."""
    assert fmt.number(2.675, "nl", 2) == "2,68" and fmt.number(1234567.5, "en", 0) == "1,234,568"
    assert fmt.number(0.005, "nl", 2) == "0,01" and fmt.number(-1999.95, "nl", 1) == "−2.000"
    assert fmt.number(12.5, "nl", 2) == "12,50" and fmt.number(3e15, "nl") == "3.000.000.000.000.000"
    rnd = random.Random(13)
    values = [rnd.choice([-1, 1]) * 10 ** rnd.uniform(-4, 12) for _ in range(3000)]
    values += [round(v, rnd.randint(0, 3)) for v in values] + [0.5, 1.005, 999.5, 999_999_999_999.99]
    for v in values:
        for lang in ("nl", "en"):
            for decimals in (None, 0, 1, 2):
                d = decimals if decimals is not None else (0 if abs(v) >= 100 or float(v).is_integer() else 1)
                q = float(Decimal(repr(float(v))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)) or 0.0
                pattern = "#,##0" if q.is_integer() or d <= 0 else "#,##0." + "0" * d
                babel = format_decimal(abs(q), format=pattern, locale=fmt.LOCALES[lang], decimal_quantization=True)
                assert fmt.number(v, lang, decimals) == (fmt.MINUS if q < 0 else "") + babel, (v, lang, decimals)


def test_missing_values_and_minus_zero():
    for v in (None, float("nan"), pd.NA, pd.NaT):
        assert fmt.number(v) == "–" and fmt.quantity(v, "places") == "–"
    assert fmt.number(-0.3, "nl", 0) == "0" and fmt.number(-0.004, "en", 2) == "0"
    assert fmt.amount(-0.04, "facilities", "nl") == "0"
    assert fmt.year(None) == "–" and fmt.when(None) == "–"


def test_numbers_written_once_are_the_same_for_equal_values():
    """number() keeps what it wrote per (value, language, decimals, sign): equal values of another type (int,
    numpy, -0.0) read the same as written fresh, and a missing value is never kept."""
    fmt._number.cache_clear()
    first = [fmt.number(v, lang, d, signed=sg) for v in (1, 1.0, np.float64(1.0), 0.0, -0.0, 2.25, -3)
             for lang in ("nl", "en") for d in (None, 0, 1) for sg in (False, True)]
    written = fmt._number.cache_info().currsize
    fmt._number.cache_clear()
    again = [fmt.number(v, lang, d, signed=sg) for v in (1, 1.0, np.float64(1.0), 0.0, -0.0, 2.25, -3)
             for lang in ("nl", "en") for d in (None, 0, 1) for sg in (False, True)]
    assert first == again and written < len(first)
    assert fmt.number(-0.0, "nl", 0, signed=True) == fmt.number(0, "nl", 0, signed=True) == "0"
    assert fmt.number(2.25, "nl", 1, signed=True) == "+2,3" and fmt.number(-3, "en") == "−3"
    for v in (float("nan"), np.float64("nan"), None, pd.NA):
        assert fmt.number(v) == "–"
    assert fmt._number.cache_info().currsize == written


def test_the_same_decimals_for_the_same_quantity():
    """Persons, places, dwellings and metres whole; facilities one decimal; ratios two; whole values without
    decimals (16 voorzieningen, not 16,0)."""
    assert fmt.amount(297.93, "places", "nl") == "298" and fmt.amount(31517.4, "persons", "en") == "31,517"
    assert fmt.amount(14.33, "facilities", "nl") == "14,3" and fmt.amount(16.0, "facilities", "nl") == "16"
    assert fmt.amount(1.0948, "ratio", "en") == "1.09" and fmt.amount(1768.4, "m", "nl") == "1.768"
    assert fmt.quantity(1, "places", "nl") == "1 plaats" and fmt.quantity(2008, "places", "nl") == "2.008 plaatsen"
    assert fmt.quantity(14.33, "facilities", "en") == "14.3 facilities"
    assert fmt.quantity(600, "m2", "nl") == "600 m²"
    assert fmt.year(2028) == "2028"  # never 2.028 or 2,028
    assert fmt.percent(0.48, "nl") == "48 %" and fmt.percent(0.48, "en") == "48%"


def test_units_in_words():
    assert fmt.unit_label("places", "nl") == "plaatsen" and fmt.unit_label("places", "en", one=True) == "place"
    assert fmt.unit_label("hours/week", "nl") == "uur per week"
    assert fmt.unit_label("share of inhabitants", "nl") == "aandeel inwoners"  # a data unit, through data_text
    assert fmt.unit_label("furlongs", "nl") == "furlongs" and fmt.unit_label(None) == ""


def test_times_in_amsterdam_local_time():
    winter, summer = datetime(2026, 1, 5, 10, 12), datetime(2026, 7, 5, 10, 12)  # stored in UTC
    assert fmt.when(winter, "nl") == "5 jan 2026 11:12" and fmt.when(summer, "en") == "5 Jul 2026 12:12"
    assert fmt.local_time(summer) == datetime(2026, 7, 5, 12, 12)
    assert fmt.day(datetime(2026, 3, 1), "nl") == "1 maart 2026"


def test_data_texts_in_the_chosen_language():
    s = "GM0344 2024: buurten sum to 374,200 inhabitants, CBS publishes 374,238 for the gemeente (buurt figures " \
        "are rounded to 5)"
    assert fmt.data_text(s, "nl") == ("GM0344 2024: de buurten tellen op tot 374.200 inwoners, CBS publiceert 374.238 "
                                      "voor de gemeente (buurtcijfers zijn afgerond op 5)")
    assert fmt.data_text(s, "en") == s
    both = "CBS nabijheid 2023 (road distance, no facility points); enrolment 2023-24 (DUO) used as capacity proxy"
    assert fmt.data_text(both, "nl") == ("CBS nabijheid 2023 (afstand over de weg, geen locaties geladen); "
                                         "leerlingaantal 2023-24 (DUO) als benadering van de capaciteit")
    assert fmt.data_text("set in case", "nl") == "ingesteld in de werksessie"
    assert fmt.data_text("Mulier sports facilities: gym 95, sports_hall 16", "nl") == \
        "Mulier-sportaccommodaties: gymzaal 95, sporthal 16"
    assert fmt.data_text("CC BY 4.0 — Bron: CBS", "en") == "CC BY 4.0 — Source: CBS"  # stored in Dutch
    assert fmt.norm_status("assumption", "nl") == "aanname" and fmt.norm_status("Derived", "en") == "derived"
    assert fmt.data_text("Sportpark Zuilen", "en") == "Sportpark Zuilen" and fmt.data_text(None) == "–"


def test_csv_for_people_opens_in_dutch_excel():
    df = pd.DataFrame({"Behoefte": [331.4285714, 2.5], "Naam": ["Alfa", "Bravo; C"], "Notitie": ["=1+1", "-3"]})
    nl = fmt.csv_for_people(df, "nl")  # every text cell quoted and neutralised (lib.ui.safe_export)
    assert nl.splitlines() == ['"Behoefte";"Naam";"Notitie"', '"331,4285714";"Alfa";"\'=1+1"', '"2,5";"Bravo; C";"-3"']
    back = pd.read_csv(io.StringIO(nl), sep=";", decimal=",")
    assert back["Behoefte"].tolist() == [331.4285714, 2.5]  # full precision, decimal comma
    assert fmt.csv_for_people(df, "en").splitlines()[1] == '331.4285714,"Alfa","\'=1+1"'



def test_area_csv_and_workbook_follow_the_language(con):
    inp = inputs.load(con)
    table = gaps.compute(inp).table
    rows = explain.area_gap_rows(table, gaps.aggregate(table, inp.areas, "buurt"), inp.areas, B, 2024)
    nl = pd.read_csv(io.StringIO(explain.area_csv(rows, "nl")), sep=";", decimal=",")
    school = nl[nl["Voorziening"] == "Basisschool (plaatsen)"].iloc[0]
    assert school["Aanbod"] == pytest.approx(160 * (5 / 12 + 1 / 4))  # full precision, decimal comma
    assert (school["Status"], school["Eenheid"], school["Schatting"]) == ("tekort", "plaatsen", "ja")
    en = pd.read_csv(io.StringIO(explain.area_csv(rows, "en")))
    assert "Supply" in en.columns and en.loc[en["Facility type"] == "Primary school (places)", "Status"].item() == \
        "shortfall"
    sheets = explain.area_sheets(rows, explain.explain_all(inp, B, 2024, "en"),
                                 explain.population_bands(inp, B, [2024]), explain.dwellings_of(inp, B, [2024]), "en")
    wb = openpyxl.load_workbook(io.BytesIO(explain.workbook(sheets)))
    ws = wb["gaps"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Primary school (places)")
    supply = row[head.index("Supply")]
    assert supply.value == pytest.approx(106.6667, abs=1e-4) and supply.number_format == "#,##0"
    hall = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Sports hall")
    assert hall[head.index("Need")].number_format == "#,##0.0"  # facilities: one decimal


def test_case_report_has_local_times_and_no_nan(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    con = db.connect(tmp_path / "r.duckdb")
    load_fixture_db(con)
    cid = store.create_case(con, "Tijd", **ANN, at=datetime(2026, 7, 5, 10, 12))
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(report.pdf(con, cid))).pages)
    assert "nan" not in text and "UTC" not in text  # distance norms have no total shortfall ("nan → nan m")
    assert "Bibliotheek (afstand) 2 → 2 / 4 (onveranderd) –" in text  # page one's effect table
    wb = openpyxl.load_workbook(io.BytesIO(report.excel(con, cid, "en")))
    assert wb.sheetnames[0] == "Workshop case"
    case = {r[0]: r[1] for r in wb["Workshop case"].iter_rows(values_only=True)}
    assert case["created"] == "5 Jul 2026 12:12"  # Amsterdam summer time (UTC+2)
    con.close()


def test_cli_csv_keeps_full_precision(tmp_path):
    path = tmp_path / "cli.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    con.close()
    run = [sys.executable, "-m", "lib", "gaps", "--db", str(path), "--type", "primary_school"]
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    bravo = next(line for line in out.splitlines() if line.startswith(f'"{B}"'))  # text quoted (safe_export)
    assert ",106.666666666666" in bravo  # was cut to 6 significant digits (106.667)
    assert out.splitlines()[0].startswith('"area_code","area_name","level","year"')  # English names, ',' and '.'
    rows = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                                     check=True).stdout)
    assert next(r for r in rows if r["area_code"] == B)["supply"] == pytest.approx(160 * (5 / 12 + 1 / 4), abs=1e-12)


def test_data_texts_written_once_read_the_same():
    """data_text() keeps what it wrote per (text, language): the same translation as written fresh, names as they
    are, and a missing text is never kept."""
    texts = ["Bibliotheek Utrecht; DUO leerlingen", "Lombok", "assumption", ""]
    fmt._data_text.cache_clear()
    first = [fmt.data_text(x, lang) for x in texts for lang in ("nl", "en")]
    again = [fmt.data_text(x, lang) for x in texts for lang in ("nl", "en")]
    fmt._data_text.cache_clear()
    fresh = [fmt.data_text(x, lang) for x in texts for lang in ("nl", "en")]
    assert first == again == fresh and "Lombok" in first
    kept = fmt._data_text.cache_info().currsize
    assert fmt.data_text(None) == fmt.data_text(float("nan")) == "–" and fmt._data_text.cache_info().currsize == kept
