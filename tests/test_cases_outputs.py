"""What a case produces: the comparison (table, KPIs, difference map), the reports, the CLI, and the shipped
illustrative example on the embedded Utrecht data. Fixture numbers as in tests/test_cases.py."""

from __future__ import annotations

import io
import json
import shutil

import openpyxl
import pytest

from lib.cases import compare, document, example, report, store
from lib.cli import main
from lib.core import db, gaps, inputs, overlay
from lib.ui import maps
from tests.conftest import load_fixture_db

ALFA, BRAVO = "BU99990101", "BU99990102"
ANN = {"author": "Ann", "domain": "fysiek"}


@pytest.fixture
def with_plan(con):
    cid = store.create_case(con, "Alfa-Noord", **ANN, horizon_year=2028)
    store.add_plan(con, cid, name="Alfa-Noord", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.add_note(con, cid, "let op <script>", author="Bob", domain="sociaal", area_code=ALFA)
    return cid


def tables(con, cid, year=2028):
    base = inputs.load(con)
    return (gaps.compute(base, years=[year]).table, gaps.compute(overlay.apply(con, base, cid), years=[year]).table)


def test_comparison_table_and_kpis(con, with_plan):
    before, after = tables(con, with_plan)
    cmp = compare.compare(before, after, "primary_school", 2028)
    changed = cmp[cmp["changed"]].set_index("area_code")
    assert list(changed.index) == [ALFA, BRAVO]  # worst change first
    assert changed.loc[ALFA, "need_after"] - changed.loc[ALFA, "need_before"] == pytest.approx(16.0)
    assert changed.loc[ALFA, "delta_gap"] == pytest.approx(-58.5 + 46.666667, abs=1e-6)
    assert changed.loc[BRAVO, "delta_gap"] == pytest.approx(-57.5 + 53.333333, abs=1e-6)
    cards = compare.kpi_cards(before, after, "primary_school", 2028)
    # Charlie (40 children) and Delta (16) are below the 50-person minimum: negligible, not counted (issue 11); the
    # total shortfall is Alfa's and Bravo's: 46.67 + 53.33 = 100 before, 58.5 + 57.5 = 116 after
    assert [(c["label"], c["value"], c["delta"]) for c in cards] == [
        ("Gebieden met tekort", "2 / 4", None),
        ("Totale behoefte (plaatsen)", "312", "+16 (vóór: 296)"),  # unit in words (issue 10; was "(places)")
        ("Totaal aanbod (plaatsen)", "150", None),
        ("Totaal tekort (plaatsen)", "116", "+16 (vóór: 100)")]
    assert cards[1]["delta_color"] == "inverse"
    view = compare.display(cmp)  # for the screen: text with the decimals of the unit (places: whole)
    assert view["code"].tolist() == [ALFA, BRAVO] and view["verschil"].tolist() == ["−12", "−4"]
    numbers = compare.display(cmp, for_screen=False)  # for a report: numbers at full precision
    assert numbers["verschil"].tolist() == pytest.approx([-11.8333, -4.1667], abs=1e-4)


def test_classes_and_legend():
    import pandas as pd

    cls, step = compare.classify(pd.Series([-11.83, -4.17, 0.0, 0.004, 3.0, None]))
    assert step == 10
    assert cls.tolist() == ["much_worse", "worse", "unchanged", "unchanged", "better", "unknown"]
    labels = [label for label, _ in compare.legend_items(step, "places")]
    assert labels == ["veel slechter (≤ −10 plaatsen)", "slechter (< 0)", "onveranderd", "beter (> 0)",
                      "veel beter (≥ +10 plaatsen)"]


def test_difference_map_is_offline_escaped_and_has_a_legend(con, with_plan):
    before, after = tables(con, with_plan)
    cmp = compare.compare(before, after, "primary_school", 2028)
    shapes = db.area_shapes(con, "buurt")
    shapes.loc[shapes["code"] == ALFA, "name"] = "Alfa <script>alert(1)</script>"
    areas = maps.shapes_wgs84(shapes)
    m = compare.difference_map(areas, cmp, "nl", facilities=inputs.load(con).facilities)
    html = m.get_root().render()  # strict OfflineMap: raises on any CDN asset
    assert "<script>alert(1)" not in html  # the name reaches the tooltip HTML-escaped (as JSON: \u0026lt;)
    assert "Alfa \\u0026lt;script\\u0026gt;alert(1)" in html
    assert "vzw-legend" in html and "Verandering saldo" in html and "veel slechter (≤ −10 plaatsen)" in html
    data, _ = compare.difference_geojson(areas, cmp)
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    # Dutch number and unit on the Dutch map (issue 10; the old test expected the English "-11.8 places")
    assert props[ALFA]["cls"] == "much_worse" and props[ALFA]["delta_label"] == "−12 plaatsen"
    assert props[BRAVO]["cls"] == "worse" and props["BU99990202"]["cls"] == "unchanged"


def test_excel_report_has_plans_changes_notes_and_before_after(con, with_plan):
    data = report.excel(con, with_plan)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:7] == ["Werksessie", "Effect", "Woningbouw", "Voorzieningen", "Normen", "Wijzigingen",
                                 "Notities"]  # the first sheet was the English "Case" in a Dutch report
    plans = list(wb["Woningbouw"].iter_rows(values_only=True))
    assert plans[1][1:5] == ("Alfa-Noord", f"Alfa ({ALFA})", 2028, 100)
    changes = [r[4] for r in wb["Wijzigingen"].iter_rows(values_only=True)]
    assert "Plan 'Alfa-Noord' toegevoegd: 100 woningen in Alfa, 2028" in changes
    notes = list(wb["Notities"].iter_rows(values_only=True))
    assert notes[1][1:] == ("Bob", "sociaal", "Alfa", "let op <script>")
    ba = list(wb["vóór-na Basisschool (plaatsen)"].iter_rows(values_only=True))
    header = ba[0]
    alfa = dict(zip(header, next(r for r in ba if r[0] == ALFA), strict=True))
    assert (alfa["Behoefte vóór"], alfa["Behoefte na"], alfa["Saldo na"]) == (80, 96, -58.5)
    assert alfa["Schatting"] == "schatting"  # ages 4-11 apportioned from 0-14
    case_sheet = {r[0]: r[1] for r in wb["Werksessie"].iter_rows(values_only=True)}
    assert case_sheet["Naam"] == "Alfa-Noord" and case_sheet["Jaar"] == 2028
    assert "geschat" in case_sheet["Schatting"]


def test_pdf_report(con, with_plan):
    pypdf = pytest.importorskip("pypdf")
    data = report.pdf(con, with_plan)
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    text = "\n".join(pages)
    assert data.startswith(b"%PDF")
    assert "Alfa-Noord" in pages[0] and "let op <script>" in text
    # page 1 is the summary: the effect per type baseline → case with Dutch numbers (shortfall 100 → 116 places as
    # in test_comparison_table_and_kpis: Charlie and Delta are negligible since issue 11), distance norms without
    # 'nan', and what the case changes
    assert "Basisschool (plaatsen) 2 → 2 / 4 100 → 116 plaatsen" in pages[0]
    assert "Sporthal 1 → 1 / 2" in pages[0] and "Bibliotheek (afstand) 2 → 2 / 4 (onveranderd) –" in pages[0]
    assert "• Plan 'Alfa-Noord' toegevoegd: 100 woningen in Alfa, 2028" in pages[0]
    assert "Notities: 1" in pages[0] and "nan" not in text.lower()


def test_pdf_report_local_times_and_dutch_numbers(con):
    from datetime import datetime

    summer, winter = datetime(2025, 6, 3, 12, 5), datetime(2025, 1, 10, 23, 30)  # UTC
    cid = store.create_case(con, "Tijden", **ANN, horizon_year=2028, at=summer)
    store.add_plan(con, cid, name="Groot", area_code=ALFA, year=2028, dwellings=2119, **ANN, at=winter)
    pages = [p.extract_text() for p in pytest.importorskip("pypdf").PdfReader(io.BytesIO(report.pdf(con, cid))).pages]
    assert "Aangemaakt door Ann (fysiek) op 3 jun 2025 14:05" in pages[0]  # CEST = UTC+2
    assert "Laatste wijziging: Ann (fysiek) op 11 jan 2025 00:30" in pages[0]  # CET = UTC+1, the next day
    assert "2.119 woningen in Alfa" in pages[0] and "Europe/Amsterdam" in pages[0]
    assert "2. 11 jan 2025 00:30 Ann (fysiek): Plan 'Groot' toegevoegd: 2.119 woningen" in pages[-1]
    english = pytest.importorskip("pypdf").PdfReader(io.BytesIO(report.pdf(con, cid, lang="en"))).pages[0]
    assert "Created by Ann (physical) on 3 Jun 2025 14:05" in english.extract_text()
    assert "2,119 dwellings" in english.extract_text()


def _file_db(tmp_path, name):
    path = tmp_path / name
    con = db.connect(path)
    load_fixture_db(con)
    return path, con


def test_cli_export_import_and_gaps_with_case(tmp_path, capsys):
    src, con = _file_db(tmp_path, "a.duckdb")
    cid = store.create_case(con, "Export", **ANN)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    doc = document.export_case(con, cid)
    con.close()
    out = tmp_path / "case.json"
    assert main.main(["case", "export", "Export", "--out", str(out), "--db", str(src)]) == 0
    assert json.loads(out.read_text()) == doc
    dst, con = _file_db(tmp_path, "b.duckdb")
    con.close()
    assert main.main(["case", "import", str(out), "--db", str(dst)]) == 0
    assert main.main(["case", "import", str(out), "--db", str(dst)]) == 1  # exists already: nothing changes
    assert "exists already" in capsys.readouterr().err
    con = db.connect(dst)
    assert document.export_case(con, cid) == doc
    con.close()
    capsys.readouterr()
    assert main.main(["gaps", "--case", "Export", "--year", "2028", "--type", "primary_school", "--db", str(dst),
                     "--format", "json"]) == 0
    rows = {r["area_code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[ALFA]["need"] == 96.0 and rows[ALFA]["supply"] == 37.5
    assert main.main(["case", "report", "Export", "--out", str(tmp_path / "r.xlsx"), "--db", str(dst)]) == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Werksessie"
    assert main.main(["case", "export", "Nope", "--db", str(dst)]) == 2


def test_example_case_is_not_made_for_other_data(con):
    assert example.ensure(con) is None
    assert store.list_cases(con).empty


@pytest.fixture
def utrecht_copy(utrecht_db, tmp_path):
    path = tmp_path / "utrecht.duckdb"
    shutil.copy(utrecht_db, path)
    con = db.connect(path)
    yield con
    con.close()


def test_example_case_on_the_embedded_data(utrecht_copy):
    con = utrecht_copy
    cid = example.ensure(con)
    case = store.get_case(con, cid)
    assert case["illustrative"] is True and "geen echte plannen" in case["description"]
    assert example.ensure(con) == cid and store.get_case(con, cid)["version"] == case["version"] == 17
    plans = case_store_rows(con, cid, "plan")
    assert plans.groupby("area_code")["dwellings"].sum().to_dict() == {
        "BU03440822": 2400.0, "BU03440931": 2000.0, "BU03440951": 1000.0}  # Merwede, LR-Centrum, Rijnvliet
    assert plans["year"].min() == 2027 and plans["year"].max() == 2032
    closed = case_store_rows(con, cid, "facility")
    assert closed[["id", "name", "closed", "capacity"]].values.tolist() == [["DUO-16BL01", "Maasplein", True, 73.0]]
    base = inputs.load(con)
    before = gaps.compute(base, years=[2032], types=["primary_school"]).table
    after = gaps.compute(overlay.apply(con, base, cid), years=[2032], types=["primary_school"]).table
    k = {c["key"]: c for c in compare.kpis(before, after, "primary_school", 2032)}
    # DUO enrolment is a proxy: no shortfall count, only need and enrolment (issue 11)
    assert set(k) == {"total_need", "enrolment"}
    assert (k["enrolment"]["before"], k["enrolment"]["after"]) == (29509.0, 29436.0)
    assert k["total_need"]["before"] == pytest.approx(59095 * 8 / 15)
    assert len(store.notes(con, cid)) == 2


def case_store_rows(con, cid, kind):
    from lib.cases import store

    return store.overlay_rows(con, cid, kind)
