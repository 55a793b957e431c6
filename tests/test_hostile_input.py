"""Bad input and hostile files (issue 16, failures 2, 3, 4 and 6): each refused at once with file:row:column, or
read as meant, and nothing changed in the database on a refusal.

* 2: a KWB .xlsx zip bomb is refused from the zip's directory, before openpyxl opens it;
* 3: a KWB ``ste_mvs`` must be a whole number 1-5;
* 4: thousands separators (``1,234``, ``1.234`` in a Dutch file, ``12.500`` dwellings) are read as thousands or
  refused as ambiguous; an area that is its own parent, or a cycle of parents, is refused; an empty KWB region
  name keeps the loaded name;
* 6: a full disk during an import or a case save says so in one line (nothing changed), never a traceback or
  "gave up after 60 conflicting attempts"; the upload limit reads 200 MB, as Streamlit's 200 (MiB) limit; the
  KWB format check never reads a whole large file.
"""

from __future__ import annotations

import errno
import io
import sqlite3
import time
import tomllib
import zipfile
from contextlib import redirect_stderr
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa

from lib.admin import data_status
from lib.cases import store
from lib.cli import main
from lib.core import db
from lib.ingest import cbs_tables, files, importing, validate
from lib.ingest.problems import ImportFailed, Problem, Problems
from tests.conftest import FIXTURES, ROOT
from tests.test_importers import assert_same, feature, find, refused, snapshot, square, write_geojson, write_text

KWB_HEADER = "gwb_code_10,regio,a_inw,a_00_14,a_15_24,a_25_44,a_45_64,a_65_oo,a_woning,ste_mvs\n"
ALFA = "BU99990101,Alfa,1000,150,100,300,200,250,500,1\n"
BRAVO = "BU99990102,Bravo,2000,300,200,600,500,400,900,3\n"
DISK_FULL = 'IO Error: Could not write file "/srv/vzw/voorzieningen.duckdb.wal": No space left on device'


@pytest.fixture
def con(file_con):
    """The conftest fixture database as a file copy (built once per module)."""
    return file_con

# ------------------------------------------------------------------------------------ 2: zip bomb

ROW = (b'<row><c t="inlineStr"><is><t>BU99990101</t></is></c><c><v>1000</v></c><c><v>150</v></c>'
       b'<c><v>100</v></c><c><v>300</v></c><c><v>200</v></c><c><v>250</v></c><c><v>500</v></c></row>')
HEAD_ROW = (b'<row>' + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % c for c in (
    b"gwb_code_10", b"a_inw", b"a_00_14", b"a_15_24", b"a_25_44", b"a_45_64", b"a_65_oo", b"a_woning")) + b"</row>")


def write_xlsx(path: Path, rows: int, row: bytes = ROW) -> Path:
    """A minimal valid workbook whose one sheet repeats ``row`` ``rows`` times (compresses extremely well)."""
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                   b'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   b"</Types>")
        z.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/relationships"><Relationship Id="rId1" Type="' + rel + b'/officeDocument" '
                   b'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", b'<?xml version="1.0"?><workbook ' + ns + b' xmlns:r="' + rel + b'">'
                   b'<sheets><sheet name="kwb" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel +
                   b'/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet ' + ns + b"><sheetData>" + HEAD_ROW)
            block = row * 10_000
            for _ in range(rows // 10_000):
                f.write(block)
            f.write(row * (rows % 10_000))
            f.write(b"</sheetData></worksheet>")
    return path


def test_a_small_workbook_of_this_kind_imports(con, tmp_path):
    """The bomb's builder makes a real workbook: three rows of it import (so the refusals below are the limits)."""
    path = write_xlsx(tmp_path / "kwb-2023.xlsx", 1)
    parsed = importing.import_file(con, "kwb", path)
    assert db.table(con, "population", "year = 2023")["persons"].sum() == 1000.0
    assert parsed.summary.startswith("KWB 2023: 1 buurten")


@pytest.mark.parametrize("kind", ["kwb", "population", "dwellings"])
def test_kwb_zip_bomb_is_refused_at_once(con, tmp_path, monkeypatch, kind):
    """1.5 million rows (as in the issue: 34.5 MB then, 0.8 MB here) inflate ~280 times: refused in well under a
    second from the zip's directory; openpyxl is never asked to open it."""
    path = write_xlsx(tmp_path / "kwb-2023.xlsx", 1_500_000)
    assert path.stat().st_size < 2_000_000
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) > 200_000_000

    def never(*_a, **_k):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(cbs_tables.pd, "read_excel", never)
    start = time.perf_counter()
    problems = refused(con, kind, path)
    assert time.perf_counter() - start < 2.0
    assert [(p.row, p.column) for p in problems] == [(None, None)]
    assert "inflates" in problems[0].message and "zip bomb" in problems[0].message
    assert str(problems[0]).startswith("kwb-2023.xlsx::: refused: 'xl/worksheets/sheet1.xml' in the spreadsheet")


def test_workbook_unzipping_beyond_the_limit_is_refused(con, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_UNZIPPED_BYTES", 10 * 1024 * 1024)
    path = write_xlsx(tmp_path / "kwb-2023.xlsx", 120_000)  # 20 MB unzipped
    problems = refused(con, "kwb", path)
    assert problems[0].message.startswith("refused: the spreadsheet unpacks to ") and \
        problems[0].message.endswith("(at most 10 MB); split it or save it as CSV")


def test_a_file_named_xlsx_that_is_no_zip_is_refused(con, tmp_path):
    path = write_text(tmp_path, "kwb-2023.xlsx", "gwb_code_10,a_inw\n")
    p = refused(con, "kwb", path)[0]
    assert p.message.startswith("not a readable Excel file: an .xlsx file is a zip archive")


# ------------------------------------------------------------------------------------ 3: ste_mvs

@pytest.mark.parametrize(("value", "message"), [
    ("2.5", "2.5 is not a stedelijkheid class: use a whole number 1-5"),
    ("2,5", "2.5 is not a stedelijkheid class"),
    ("9", "9 is not a stedelijkheid class"),
    ("0", "0 is not a stedelijkheid class"),
    ("-1", "-1 is not a stedelijkheid class"),
    ("hoog", "'hoog' is not a number"),
])
def test_kwb_ste_mvs_must_be_a_class_1_to_5(con, tmp_path, value, message):
    text = KWB_HEADER + ALFA + BRAVO.replace(",900,3\n", f',900,"{value}"\n')
    problems = refused(con, "kwb", write_text(tmp_path, "kwb-2023.csv", text))
    assert len(problems) == 1
    find(problems, 3, "ste_mvs", message)


def test_kwb_ste_mvs_dot_is_unknown_and_classes_map_to_woonmilieu(con, tmp_path):
    text = KWB_HEADER + ALFA + BRAVO.replace(",900,3\n", ",900,.\n")
    before = db.table(con, "areas").set_index("code").at["BU99990102", "ste_mvs"]
    importing.import_file(con, "kwb", write_text(tmp_path, "kwb-2023.csv", text))
    areas = db.table(con, "areas").set_index("code")
    assert areas.at["BU99990101", "ste_mvs"] == 1 and areas.at["BU99990101", "woonmilieu"] == "centrum-stedelijk"
    assert pd.isna(before) == pd.isna(areas.at["BU99990102", "ste_mvs"])  # '.' leaves what was known


# ------------------------------------------------------------------------------------ 4: separators, cycles, names

def _persons(con, code="BU99990101", year=2030) -> float:
    pop = db.table(con, "population", f"area_code = '{code}' AND year = {year}")
    return float(pop["persons"].sum())


@pytest.mark.parametrize(("text", "persons"), [
    ('area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,"1,234"\n', 1234.0),         # English, quoted
    ("area_code;year;age_min;age_max;persons\nBU99990101;2030;0;14;1.234\n", 1234.0),           # Dutch ';' file
    ("area_code;year;age_min;age_max;persons\nBU99990101;2030;0;14;1.234,5\n", 1234.5),
    ('area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,"1,234.5"\n', 1234.5),
    ("area_code;year;age_min;age_max;persons\nBU99990101;2030;0;14;12,5\n", 12.5),              # decimal comma
    ("area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,123.456\n", 123456.0),
    ("area_code;year;age_min;age_max;persons\nBU99990101;2030;0;14;12 500\n", 12500.0),
])
def test_population_thousands_separators_are_read_as_meant(con, tmp_path, text, persons):
    importing.import_file(con, "population", write_text(tmp_path, "pop.csv", text))
    assert _persons(con) == persons


def test_dwellings_12_500_are_twelve_thousand_five_hundred(con, tmp_path):
    importing.import_file(con, "dwellings", write_text(tmp_path, "dw.csv",
                                                         "area_code,year,dwellings\nBU99990101,2030,12.500\n"))
    assert db.table(con, "dwellings", "year = 2030")["dwellings"].tolist() == [12500.0]


def test_kwb_thousands_in_a_dutch_file(con, tmp_path):
    text = KWB_HEADER.replace(",", ";") + "BU99990101;Alfa;1.234;234;100;300;300;300;1.005;1\n"
    importing.import_file(con, "kwb", write_text(tmp_path, "kwb-2023.csv", text))
    assert _persons(con, year=2023) == 1234.0
    assert db.table(con, "dwellings", "year = 2023")["dwellings"].tolist() == [1005.0]


@pytest.mark.parametrize(("text", "row", "column", "message"), [
    ("area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,1.2.3\n", 2, "persons", "'1.2.3' is not a"),
    ('area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,"1,23,4"\n', 2, "persons", "is not a"),
    ("area_code;year;age_min;age_max;persons\nBU99990101;2030;0;14;1.23,4.5\n", 2, "persons", "is not a"),
])
def test_malformed_groupings_are_refused(con, tmp_path, text, row, column, message):
    find(refused(con, "population", write_text(tmp_path, "pop.csv", text)), row, column, message)


def test_decimal_separator_of_other_columns_follows_the_column_then_the_file(con, tmp_path):
    # ';' file: '.' is thousands unless the column shows '.' decimals; a latitude 52.090 is never 52,090
    text = ("id;name;type;capacity;unit;lon;lat\n"
            "A;Een;library;1.200;m2;5.0310;52.0470\n"
            "B;Twee;library;2,5;m2;5.031;52.047\n")
    importing.import_file(con, "facilities", write_text(tmp_path, "fac.csv", text))
    f = db.table(con, "facilities", "id IN ('A', 'B')").set_index("id")
    assert f["capacity"].to_dict() == {"A": 1200.0, "B": 2.5}
    assert f.at["A", "x"] == pytest.approx(f.at["B", "x"], abs=2)  # 5.031 read as degrees, not 5,031


def test_ambiguous_value_without_any_convention_is_refused():
    """Where neither the column, the file nor the range tells (a text cell in a workbook), 1.234 is refused."""
    df = pd.DataFrame({"amount": ["1.234", "7"]}, index=[2, 3])
    problems = Problems("normen.xlsx")
    values = validate.numbers(df, "amount", problems, what="amount")
    assert [str(p) for p in problems.items] == [
        "normen.xlsx:2:amount: '1.234' is ambiguous: 1234 with '.' as thousands separator, or 1.234 as a decimal? "
        "Write it without a thousands separator"]
    assert values[3] == 7.0
    assert validate.parse_number("1.234", count=True) == 1234.0  # a count of persons or dwellings: thousands
    assert validate.parse_number("0.125") == 0.125 and validate.parse_number("2.46") == 2.46
    assert validate.parse_number("1.234.567") == 1234567.0 and validate.parse_number("1,234,567.5") == 1234567.5
    assert validate.parse_number("-2+3") is None and validate.parse_number("nan") is None


def _generic_areas(tmp_path: Path, rows: list[tuple[str, str, str | None]]) -> Path:
    """Generic area features (code, level, parent_code) on 1 km squares inside the test municipality."""
    return write_geojson(tmp_path, "areas.geojson", [
        feature({"code": code, "name": f"Gebied {code}", "level": level, "parent_code": parent},
                square(150_000 + 1000 * i, 450_000)) for i, (code, level, parent) in enumerate(rows)])


def test_an_area_that_is_its_own_parent_is_refused(con, tmp_path):
    path = _generic_areas(tmp_path, [("BU99990301", "buurt", "BU99990301"), ("BU99990302", "buurt", None)])
    problems = refused(con, "areas", path)
    assert [str(p) for p in problems] == ["areas.geojson:1:parent_code: 'BU99990301' is its own parent"]


def test_a_cycle_of_parents_is_refused(con, tmp_path):
    path = _generic_areas(tmp_path, [("WKA", "wijk", "WKB"), ("WKB", "wijk", "WKC"), ("WKC", "wijk", "WKA"),
                                     ("BUX", "buurt", "WKA")])
    problems = refused(con, "areas", path)
    assert [str(p) for p in problems] == [
        "areas.geojson:1:parent_code: the parents form a cycle: WKA → WKB → WKC → WKA",
        "areas.geojson:2:parent_code: the parents form a cycle: WKB → WKC → WKA → WKB",
        "areas.geojson:3:parent_code: the parents form a cycle: WKC → WKA → WKB → WKC"]


def test_a_cycle_through_the_loaded_areas_is_refused(con, tmp_path):
    # the loaded wijk WK999901 has parent GM9999; a file making GM9999 a child of WK999901 closes the loop
    path = _generic_areas(tmp_path, [("GM9999", "gemeente", "WK999901")])
    find(refused(con, "areas", path), 1, "parent_code", "the parents form a cycle: GM9999 → WK999901 → GM9999")


def test_empty_kwb_region_name_keeps_the_loaded_name(con, tmp_path):
    text = KWB_HEADER + ALFA.replace(",Alfa,", ",,") + BRAVO.replace(",Bravo,", ",Bravo-Oost,")
    importing.import_file(con, "kwb", write_text(tmp_path, "kwb-2023.csv", text))
    names = db.table(con, "areas").set_index("code")["name"]
    assert (names["BU99990101"], names["BU99990102"]) == ("Alfa", "Bravo-Oost")
    q = db.table(con, "quality", "kind = 'kwb'")
    assert "KWB 2023: 1 rows without a region name (regio); the loaded area names were kept" in q["message"].tolist()


# ------------------------------------------------------------------------------------ 6: disk full, limits

def _full_disk(*_a, **_k):
    raise duckdb.IOException(DISK_FULL)


def test_disk_full_during_an_upload_import(con, monkeypatch):
    before = snapshot(con)
    monkeypatch.setattr(db, "replace_rows", _full_disk)
    result = data_status.import_upload(con, "population", "pop.csv",
                                       b"area_code,year,age_min,age_max,persons\nBU99990101,2030,0,14,5\n")
    assert not result.ok
    assert result.problems == [Problem("pop.csv", None, None, "disk full: nothing was changed (free space on the "
                                                              "server and try again)")]
    monkeypatch.undo()
    assert_same(before, snapshot(con))


def test_disk_full_while_saving_the_upload(con, monkeypatch):
    def no_space(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", no_space)
    result = data_status.import_upload(con, "population", "pop.csv", b"x")
    assert [p.message for p in result.problems] == [db.DiskFull.MESSAGE]


def test_disk_full_in_the_cli_import_is_one_line(con, tmp_path, monkeypatch):
    path = con.execute("PRAGMA database_list").df()["file"].iloc[0]
    con.close()
    monkeypatch.setattr(db, "replace_rows", _full_disk)
    err = io.StringIO()
    with redirect_stderr(err):
        code = main.main(["import", "population", str(FIXTURES / "population.csv"), "--db", path])
    assert code == 1
    assert err.getvalue() == "import failed: disk full: nothing was changed (free space on the server and try " \
                             "again)\n"


class FullDiskOnCommit:
    """A connection whose COMMIT fails as DuckDB's does when the WAL cannot be written."""

    def __init__(self, con):
        self._con = con
        self.commits = 0

    def execute(self, sql, *args, **kwargs):
        if sql.strip().upper() == "COMMIT":
            self.commits += 1
            raise duckdb.TransactionException("TransactionContext Error: Failed to commit: " + DISK_FULL[10:])
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def _store_error(message: str) -> sa.exc.OperationalError:
    """What SQLAlchemy raises when SQLite says ``message`` (as the workshop store's driver does)."""
    return sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError(message))


def test_disk_full_on_a_case_save_is_not_a_write_conflict(con, monkeypatch):
    cid = store.create_case(con, "Vol", author="Ann", domain=store.DOMAINS[0])
    calls = []

    def full(*_):
        calls.append(1)
        raise _store_error("database or disk is full")

    monkeypatch.setattr(db, "note_insert", full)
    with pytest.raises(db.DiskFull) as info:
        store.add_note(con, cid, "een notitie", author="Ann", domain=store.DOMAINS[0])
    assert str(info.value) == "disk full: nothing was changed (free space on the server and try again)"
    assert calls == [1]  # not retried 60 times as a "conflict"
    monkeypatch.undo()
    assert store.notes(con, cid).empty and store.get_case(con, cid)["version"] == 1  # rolled back
    with pytest.raises(db.DiskFull):  # the base data (DuckDB) says so too
        with db.transaction(FullDiskOnCommit(con)) as full_con:
            db.set_setting(full_con, "base_year", "1999")
    assert db.get_setting(con, "base_year") == "2024"


def test_real_conflicts_are_still_retried(con, monkeypatch):
    real, calls = db.case_insert, []

    def busy_twice(cur, row):
        calls.append(1)
        if len(calls) <= 2:
            raise _store_error("database is locked")
        real(cur, row)

    monkeypatch.setattr(db, "case_insert", busy_twice)
    cid = store.create_case(con, "Druk", author="Ann", domain=store.DOMAINS[0])
    assert len(calls) == 3 and store.get_case(con, cid)["name"] == "Druk"


def test_werksessie_page_says_disk_full(app_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["case"] = "voorbeeld-merwede-leidsche-rijn"
    at.run()
    at.switch_page("app_pages/cases.py").run()
    at.text_input(key="who_name").input("Ann").run()
    monkeypatch.setattr(db, "note_insert", _full_disk)
    at.text_area(key="cs_note_text").input("Een notitie die niet past")
    at.button(key="cs_note_submit").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Schijf vol: er is niets veranderd. Maak ruimte vrij op de server en "
                                           "probeer het opnieuw."]


def test_upload_limit_reads_200_mb_as_streamlit_counts_it(tmp_path):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == files.MAX_MB == 200  # Streamlit's MB are MiB
    assert files.MAX_BYTES == 200 * 1024 * 1024
    for size, shown in ((files.MAX_BYTES + 1, "200.1 MB"), (1024 ** 3, "1024 MB")):
        path = tmp_path / "big.csv"
        with open(path, "wb") as fh:  # sparse: no disk space used
            fh.truncate(size)
        problems = Problems("big.csv")
        assert not files.check_file(path, problems)
        assert [p.message for p in problems.items] == [f"file is too large ({shown}; the limit is 200 MB)"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_kwb_format_check_never_reads_a_whole_large_file(con, tmp_path, monkeypatch, suffix):
    path = tmp_path / f"kwb-2023.{suffix}"
    with open(path, "wb") as fh:
        fh.write(KWB_HEADER.encode())
        fh.truncate(1024 ** 3)  # 1 GiB, sparse

    def never(*_a, **_k):
        raise AssertionError("a whole file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "read_text", never)
    start = time.perf_counter()
    with pytest.raises(ImportFailed) as info:
        importing.import_file(con, "dwellings", path)
    assert time.perf_counter() - start < 1.0
    assert [str(p) for p in info.value.problems] == [
        f"kwb-2023.{suffix}::: file is too large (1024 MB; the limit is 200 MB)"]
