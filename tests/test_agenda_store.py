"""The agenda in the database: the importer (every bad input named in the issue, nothing changes), the template,
the case overlay (versioned, logged, undoable, exported with the case), notes per opportunity, neighbours stored
once, and the Excel/PDF exports."""

from __future__ import annotations

import io
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from lib.agenda import export, overlaps, shortfalls, store, view
from lib.cases import document as case_file
from lib.cases import store as case_store
from lib.cases import view as case_view
from lib.core import db, gaps, inputs, neighbours
from lib.ingest import importing
from lib.ingest.problems import ImportFailed

HEADER = "project_id,name,domain,area_code,start_year,end_year,kind,budget_eur,status,owner"
GOOD = [
    "R1,Riolering Alfa,beheer,BU99990101,2026,2027,riolering,1250000,gepland,Beheer",
    "R2,Herinrichting wijk,Ruimte,WK999901,2027,2029,herinrichting,,In_Uitvoering,",
]
WHO = {"author": "Ann", "domain": "fysiek"}


def add_item(con, cid, fields, project_id=None, **who):
    """Add an item to a case's agenda as the page does (lib.cases.store.save_row with the agenda's check)."""
    pid = project_id or store.new_id()
    case_store.save_row(con, cid, "agenda", {"project_id": pid}, store.new_item(fields), action="add",
                        check=store.check_row, new=True, **who)
    return pid


def update_item(con, cid, pid, changes, expected_version=None, **who):
    return case_store.save_row(con, cid, "agenda", {"project_id": pid}, changes, action=store.action(changes),
                               check=store.check_row, expected_version=expected_version, **who)


def remove_item(con, cid, pid, **who):
    return update_item(con, cid, pid, {"removed": True}, **who)


def write(path, rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def state(con):
    """Everything an import may change."""
    return (db.agenda(con).to_json(), db.count_rows(con, "provenance"),
            con.execute("SELECT count(*) FROM quality").fetchone()[0])


# --- importer -------------------------------------------------------------------------------------------------------

def test_good_file_is_imported_typed_and_recorded(con, tmp_path):
    parsed = importing.import_file(con, "agenda", write(tmp_path / "agenda.csv", GOOD))
    got = db.agenda(con).set_index("project_id")
    assert list(got.index) == ["R1", "R2"]
    assert got.loc["R2", "domain"] == "ruimte" and got.loc["R2", "status"] == "in uitvoering"
    assert got.loc["R1", "budget_eur"] == 1250000.0 and pd.isna(got.loc["R2", "budget_eur"])
    assert (got.loc["R1", "start_year"], got.loc["R1", "end_year"]) == (2026, 2027)
    assert pd.isna(got.loc["R2", "owner"]) and not got["illustrative"].any()
    assert parsed.summary.startswith("2 agenda items (beheer 1, ruimte 1), 2026-2029, 2 areas")
    prov = db.table(con, "provenance")
    assert prov.iloc[-1]["kind"] == "agenda" and prov.iloc[-1]["rows"] == 2


BAD = [
    ("R1,X,beheer,BU00000000,2026,2027,,,gepland,", "a.csv:2:area_code: unknown area code 'BU00000000'"),
    ("R1,X,beheer,BU99990101,2028,2026,,,gepland,", "a.csv:2:end_year: end_year 2026 is before start_year 2028"),
    ("R1,X,riolering,BU99990101,2026,2027,,,gepland,",
     "a.csv:2:domain: unknown domain 'riolering' (use one of: beheer, ruimte, sociaal, onderwijs, sport, zorg, "
     "cultuur, overig)"),
    ("R1,X,beheer,BU99990101,volgend jaar,2027,,,gepland,", "a.csv:2:start_year: 'volgend jaar' is not a year"),
    ("R1,X,beheer,BU99990101,2026,2027.5,,,gepland,", "a.csv:2:end_year: 2027.5 is not a whole number"),
    ("R1,X,beheer,BU99990101,1850,2027,,,gepland,", "a.csv:2:start_year: 1850 is below the minimum 2000"),
    ("R1,X,beheer,BU99990101,2026,2027,,,klaar,",
     "a.csv:2:status: unknown status 'klaar' (use one of: idee, gepland, in uitvoering, afgerond)"),
    ("R1,X,beheer,BU99990101,2026,2027,,veel,gepland,", "a.csv:2:budget_eur: 'veel' is not a number (euro)"),
    ("R1,X,beheer,BU99990101,2026,2027,,-5,gepland,", "a.csv:2:budget_eur: -5 is below the minimum 0"),
    (",X,beheer,BU99990101,2026,2027,,,gepland,", "a.csv:2:project_id: empty value"),
    ("R1,,beheer,BU99990101,2026,2027,,,gepland,", "a.csv:2:name: empty value"),
    ("R1,X,beheer,BU99990101,,2027,,,gepland,", "a.csv:2:start_year: empty year"),
]


@pytest.mark.parametrize(("row", "problem"), BAD, ids=[p.split(": ", 1)[1][:40] for _, p in BAD])
def test_every_bad_input_is_named_and_nothing_changes(con, tmp_path, row, problem):
    importing.import_file(con, "agenda", write(tmp_path / "ok.csv", GOOD))
    before = state(con)
    with pytest.raises(ImportFailed) as exc:
        importing.import_file(con, "agenda", write(tmp_path / "a.csv", [row]))
    assert problem in [str(p) for p in exc.value.problems]
    assert state(con) == before


def test_duplicates_and_several_problems_reported_together(con, tmp_path):
    rows = ["R1,X,beheer,BU99990101,2026,2027,,,gepland,", "R1,Y,sport,BU99990101,2026,2027,,,gepland,",
            "R3,Z,onzin,BU1,2030,2029,,,gepland,"]
    with pytest.raises(ImportFailed) as exc:
        importing.import_file(con, "agenda", write(tmp_path / "a.csv", rows))
    assert [str(p) for p in exc.value.problems] == [
        "a.csv:3:project_id: duplicate key (R1); first seen in row 2",
        "a.csv:4:domain: unknown domain 'onzin' (use one of: beheer, ruimte, sociaal, onderwijs, sport, zorg, "
        "cultuur, overig)",
        "a.csv:4:area_code: unknown area code 'BU1'",
        "a.csv:4:end_year: end_year 2029 is before start_year 2030"]
    assert db.agenda(con).empty


def test_missing_columns_empty_files_and_bad_flags(con, tmp_path):
    cases = [
        (write(tmp_path / "a.csv", ["R1,X,BU99990101,2026,2027,gepland"],
               header="project_id,name,area_code,start_year,end_year,status"),
         "a.csv:1:domain: missing column 'domain' (found: project_id, name, area_code, start_year, end_year, status)"),
        (write(tmp_path / "b.csv", [], header=HEADER), "b.csv::: file has a header but no data rows"),
        (write(tmp_path / "c.csv", ["R1,X,beheer,BU99990101,2026,2027,,,gepland,,misschien"],
               header=HEADER + ",illustrative"), "c.csv:2:illustrative: 'misschien' is not ja/nee (true/false)"),
    ]
    (tmp_path / "d.csv").write_bytes(b"")
    cases.append((tmp_path / "d.csv", "d.csv::: file is empty"))
    for path, problem in cases:
        with pytest.raises(ImportFailed) as exc:
            importing.import_file(con, "agenda", path)
        assert problem in [str(p) for p in exc.value.problems]
    assert db.agenda(con).empty and db.count_rows(con, "provenance") == 5  # only the fixture's imports


def test_optional_columns_may_be_left_out(con, tmp_path):
    importing.import_file(con, "agenda", write(tmp_path / "a.csv", ["R1,X,zorg,GM9999,2026,2026,idee"],
                                               header="project_id,name,domain,area_code,start_year,end_year,status"))
    row = db.agenda(con).iloc[0]
    assert (row["domain"], row["area_code"], row["status"]) == ("zorg", "GM9999", "idee")
    assert pd.isna(row["kind"]) and pd.isna(row["budget_eur"])


def excel(path, rows: list[list]):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_excel_is_read_with_spreadsheet_row_numbers(con, tmp_path):
    good = ["R1", "Riolering", "beheer", "BU99990101", 2026, 2027, "riolering", 1250000, "gepland", "Beheer"]
    bad = ["R2", "School", "onderwijs", "BU99990102", 2029, 2028, None, None, "idee", None]
    with pytest.raises(ImportFailed) as exc:
        importing.import_file(con, "agenda", excel(tmp_path / "agenda.xlsx", [good, bad]))
    assert [str(p) for p in exc.value.problems] == [
        "agenda.xlsx:3:end_year: end_year 2028 is before start_year 2029"]
    assert db.agenda(con).empty
    importing.import_file(con, "agenda", excel(tmp_path / "agenda.xlsx", [good, [*bad[:4], 2028, 2029,
                                                                              *bad[6:]]]))
    assert list(db.agenda(con)["project_id"]) == ["R1", "R2"]
    assert db.table(con, "provenance").iloc[-1]["format"] == "generic-xlsx"


def test_reimport_replaces_and_real_data_replaces_the_illustrative_agenda(con, tmp_path):
    header = HEADER + ",illustrative"
    importing.import_file(con, "agenda", write(tmp_path / "ill.csv", [
        "I1,Voorbeeld,beheer,BU99990101,2026,2027,,,gepland,,ja",
        "I2,Voorbeeld 2,sport,BU99990102,2026,2027,,,idee,,ja"],
        header=header))
    assert db.agenda(con)["illustrative"].all()
    assert db.table(con, "provenance").iloc[-1]["summary"].startswith("ILLUSTRATIVE")
    parsed = importing.import_file(con, "agenda", write(tmp_path / "real.csv", GOOD))
    assert list(db.agenda(con)["project_id"]) == ["R1", "R2"]
    assert "illustrative agenda, if any, is replaced" in parsed.summary
    importing.import_file(con, "agenda", write(tmp_path / "again.csv",
                                               ["R1,Riolering Alfa (nieuw),beheer,BU99990101,2027,2028,,,idee,"]))
    got = db.agenda(con).set_index("project_id")
    assert list(got.index) == ["R1", "R2"] and got.loc["R1", "start_year"] == 2027


def test_the_template_imports_as_it_is(con, tmp_path):
    areas = db.area_names(con)
    (tmp_path / "t.csv").write_bytes(export.template_csv(areas))
    importing.import_file(con, "agenda", tmp_path / "t.csv")
    got = db.agenda(con)
    assert list(got["project_id"]) == ["VOORBEELD-1", "VOORBEELD-2"]
    assert list(got["area_code"]) == ["BU99990101", "WK999901"]
    (tmp_path / "t.xlsx").write_bytes(export.template_xlsx(areas, [("project_id", "=uitleg")]))
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["agenda", "toelichting"]
    assert wb["toelichting"]["B2"].value == "=uitleg" and wb["toelichting"]["B2"].data_type == "s"
    importing.import_file(con, "agenda", tmp_path / "t.xlsx")


# --- case overlay -----------------------------------------------------------------------------------------------

@pytest.fixture
def agenda_con(con, tmp_path):
    importing.import_file(con, "agenda", write(tmp_path / "agenda.csv", GOOD))
    return con


def test_case_adds_changes_and_removes_items_without_touching_the_base(agenda_con):
    con = agenda_con
    base = db.agenda(con)
    cid = case_store.create_case(con, "Scenario", **WHO)
    pid = add_item(con, cid, {"name": "Sporthal Bravo", "domain": "sport", "area_code": "BU99990102",
                                    "start_year": 2027, "end_year": 2028, "budget_eur": 900000}, **WHO)
    update_item(con, cid, "R1", {"start_year": 2028, "end_year": 2028}, **WHO)
    remove_item(con, cid, "R2", **WHO)
    seen = store.load(con, cid).set_index("project_id")
    assert list(seen.index) == sorted(["R1", pid])
    assert (seen.loc["R1", "start_year"], seen.loc[pid, "status"]) == (2028, "gepland")
    assert seen["in_case"].all()
    assert db.agenda(con).equals(base)                   # base data never written
    assert list(store.load(con)["project_id"]) == ["R1", "R2"]
    log = case_store.changes(con, cid)
    names = {"BU99990101": "Alfa", "BU99990102": "Bravo", "WK999901": "Wijk 1"}
    no_base = SimpleNamespace(facilities=pd.DataFrame(columns=["id"]), plans=pd.DataFrame(columns=["plan_id"]),
                              norms=pd.DataFrame(columns=["facility_type", "woonmilieu"]))
    base_rows = case_view.base_rows(no_base, log, base)
    words = [case_view.describe(c, names, base_rows) for c in log.to_dict("records")]
    assert words[:3] == [
        "Agendapunt 'Herinrichting wijk' uit de case gehaald (Wijk 1, 2027-2029)",
        "Agendapunt 'Riolering Alfa': eindjaar 2027 → 2028, startjaar 2026 → 2028",
        "Agendapunt 'Sporthal Bravo' toegevoegd: sport in Bravo, 2027-2028"]


def test_undo_brings_an_item_back_and_edits_are_validated(agenda_con):
    con = agenda_con
    cid = case_store.create_case(con, "Scenario", **WHO)
    remove_item(con, cid, "R2", **WHO)
    assert list(store.load(con, cid)["project_id"]) == ["R1"]
    last = store.last_agenda_change(con, cid)
    case_store.undo(con, cid, last, **WHO)
    assert list(store.load(con, cid)["project_id"]) == ["R1", "R2"]
    assert store.last_agenda_change(con, cid) is None
    version = case_store.get_case(con, cid)["version"]
    for bad, field in (({"end_year": 2020}, "end_year"), ({"domain": "onzin"}, "domain"),
                       ({"area_code": "BU0"}, "area_code"), ({"status": "klaar"}, "status"),
                       ({"budget_eur": -1}, "budget_eur")):
        with pytest.raises(ValueError, match=field):
            update_item(con, cid, "R1", bad, **WHO)
    with pytest.raises(ValueError):
        add_item(con, cid, {"name": "", "domain": "sport", "area_code": "BU99990101", "start_year": 2026,
                            "end_year": 2026}, **WHO)
    assert case_store.get_case(con, cid)["version"] == version   # nothing logged


def test_concurrent_edits_of_the_same_field_conflict(agenda_con):
    con = agenda_con
    cid = case_store.create_case(con, "Scenario", **WHO)
    opened = store.item_version(con, cid, "R1")
    update_item(con, cid, "R1", {"end_year": 2030}, author="Bo", domain="sociaal", expected_version=opened)
    with pytest.raises(case_store.EditConflict) as exc:
        update_item(con, cid, "R1", {"end_year": 2031}, **WHO, expected_version=opened)
    assert exc.value.by == "Bo" and exc.value.fields == ["end_year"]
    update_item(con, cid, "R1", {"owner": "Stadsbedrijven"}, **WHO, expected_version=opened)  # other field
    row = store.load(con, cid).set_index("project_id").loc["R1"]
    assert (row["end_year"], row["owner"]) == (2030, "Stadsbedrijven")


def test_case_file_carries_the_agenda_and_deleting_a_case_removes_it(agenda_con):
    con = agenda_con
    cid = case_store.create_case(con, "Scenario", **WHO)
    add_item(con, cid, {"name": "Bieb", "domain": "cultuur", "area_code": "BU99990201", "start_year": 2027,
                              "end_year": 2027}, project_id="C1", **WHO)
    store.add_note(con, "pair:R1|R2", "Bellen met Stadsbedrijven", case_id=cid, **WHO)
    doc = case_file.export_case(con, cid)
    assert [r["project_id"] for r in doc["agenda"]] == ["C1"]
    copy = case_file.import_case(con, doc, name="Kopie", new_id=True)
    assert list(store.load(con, copy)["project_id"]) == ["C1", "R1", "R2"]
    assert case_file.dumps(case_file.export_case(con, copy))  # export again works
    bad = {**doc, "agenda": [{**doc["agenda"][0], "area_code": "BU00000000"}]}
    with pytest.raises(case_file.CaseFileError, match="agenda"):
        case_file.import_case(con, bad, name="Fout", new_id=True)
    case_store.delete_case(con, cid)
    assert db.agenda_case_rows(con, cid).empty and store.notes(con, cid).empty


# --- notes -------------------------------------------------------------------------------------------------------

def test_notes_per_opportunity(agenda_con):
    con = agenda_con
    cid = case_store.create_case(con, "Scenario", **WHO)
    n1 = store.add_note(con, "pair:R1|R2", "  Eén keer de straat open.  ", area_code="BU99990101", **WHO)
    store.add_note(con, "pair:R1|R2", "In de case", author="Bo", domain="sociaal", case_id=cid)
    base_notes = store.notes(con)
    assert list(base_notes["text"]) == ["Eén keer de straat open."]
    assert (base_notes.iloc[0]["author"], base_notes.iloc[0]["domain"]) == ("Ann", "fysiek")
    assert list(store.notes(con, cid)["author"]) == ["Bo"]
    rows = view.note_rows(base_notes, "pair:R1|R2", "en")
    assert rows[0]["domain"] == "physical" and rows[0]["text"] == "Eén keer de straat open."
    store.remove_note(con, n1)
    assert store.notes(con).empty
    for kwargs, match in (({"text": " ", "author": "Ann", "domain": "fysiek"}, "empty"),
                          ({"text": "x", "author": "", "domain": "fysiek"}, "name"),
                          ({"text": "x", "author": "Ann", "domain": "beheer"}, "domain"),
                          ({"text": "x" * 5000, "author": "Ann", "domain": "fysiek"}, "longer")):
        with pytest.raises(ValueError, match=match):
            store.add_note(con, "pair:R1|R2", **kwargs)
    with pytest.raises(LookupError):
        store.remove_note(con, "AN-none")


# --- neighbours stored once ----------------------------------------------------------------------------------------

def test_neighbours_are_computed_once_per_areas_import(con, monkeypatch, fixture_dir):
    first = neighbours.ensure(con)
    assert len(first) == 4
    monkeypatch.setattr(neighbours, "compute", lambda c: (_ for _ in ()).throw(AssertionError("again")))
    assert neighbours.pairs(con).equals(first)
    importing.import_file(con, "areas", fixture_dir / "areas.geojson")   # a new areas import: recompute
    with pytest.raises(AssertionError, match="again"):
        neighbours.ensure(con)


def test_note_domains_are_the_case_domains():
    assert store.NOTE_DOMAINS == case_store.DOMAINS and store.MAX_NOTE == case_store.MAX_NOTE


# --- exports -----------------------------------------------------------------------------------------------------

def test_excel_and_pdf_of_an_area(agenda_con, tmp_path):
    con = agenda_con
    importing.import_file(con, "agenda", write(tmp_path / "more.csv", [
        "R3,=HYPERLINK(\"http://x\"),onderwijs,BU99990101,2027,2027,renovatie school,,idee,"]))
    inp = inputs.load(con)
    items = store.load(con)
    short = shortfalls.from_gap_table(gaps.compute(inp, years=inp.years).table, inp.areas)
    names = dict(zip(inp.areas["code"], inp.areas["name"], strict=True))
    opps = view.with_reasons(overlaps.opportunities(items, inp.areas, short), names,
                             dict(zip(items["project_id"], items["name"], strict=True)))
    area = "WK999901"
    report = export.AreaReport(area, "Wijk 1", "wijk", 2024, 2028, view.area_items(items, area, inp.areas, 2024, 2028),
                               view.area_opportunities(opps, area, inp.areas, 2024, 2028),
                               view.area_shortfalls(short, area, inp.areas, 2024, 2028), names)
    wb = openpyxl.load_workbook(io.BytesIO(export.workbook(report)))
    assert wb.sheetnames == ["Overzicht", "Agenda", "Kansen", "Tekorten", "Notities", "Werkwijze"]
    cells = [c for row in wb["Agenda"].iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)      # text, never a formula
    kansen = pd.DataFrame(wb["Kansen"].values)
    assert kansen.iloc[0, 2] == "Waarom" and len(kansen) == 1 + len(report.opportunities)
    assert "Riolering Alfa (beheer, 2026–2027) en Herinrichting wijk (ruimte, 2027–2029)" in " ".join(
        kansen[2].astype(str))
    tekorten = pd.DataFrame(wb["Tekorten"].values)
    # wijk rows first (WK999901: 240 − 140 = 100 places, 3.0 − 2 = 1 sporthal), then its buurten, whose own
    # primary-school rows count since issue 11 (≥ 0.1 × 240 = 24 places, ≥ 50 children, robust): Alfa 80 − 33.3 =
    # 46.7 → 47, Bravo 160 − 106.7 = 53.3 → 53 (tests/test_agenda_method.py::test_counted_shortfalls_by_hand)
    assert list(tekorten.iloc[1:, 2]) == ["100 plaatsen", "1 sporthal", "47 plaatsen", "53 plaatsen"]
    pdf = export.pdf(report)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") <= 1
    assert b"/Count 1" in pdf


def test_hostile_names_stay_text_in_every_export(agenda_con, tmp_path, capsys):
    """A project name with a formula, a CSV trigger and mathtext: Excel text, neutralised CSV, PDF as typed."""
    from lib.cli.main import main

    con = agenda_con
    importing.import_file(con, "agenda", write(tmp_path / "h.csv", [
        'H1,"=1+1 kosten $x^2$",onderwijs,BU99990101,2027,2027,,,idee,"@eigenaar"']))
    inp = inputs.load(con)
    items = store.load(con)
    names = dict(zip(inp.areas["code"], inp.areas["name"], strict=True))
    opps = view.with_reasons(overlaps.opportunities(items, inp.areas, shortfalls.robust(pd.DataFrame())), names,
                             dict(zip(items["project_id"], items["name"], strict=True)))
    report = export.AreaReport("BU99990101", "Alfa", "buurt", 2024, 2028,
                               view.area_items(items, "BU99990101", inp.areas, 2024, 2028), opps,
                               shortfalls.robust(pd.DataFrame()), names)
    wb = openpyxl.load_workbook(io.BytesIO(export.workbook(report)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == "=1+1 kosten $x^2$" for c in cells) and all(c.data_type == "s" for c in cells)
    assert export.pdf(report).startswith(b"%PDF")    # mathtext off: '$x^2$' is printed, not parsed
    dbfile = tmp_path / "h.duckdb"
    con.execute(f"ATTACH '{dbfile}' AS h")
    con.execute("COPY FROM DATABASE memory TO h")
    con.execute("DETACH h")
    assert main(["agenda", "overlaps", "--db", str(dbfile)]) == 0
    out = capsys.readouterr().out
    assert "\"'=1+1 kosten $x^2$\"" in out and "\"=1+1" not in out
