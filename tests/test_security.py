"""Issue 9: a case file cannot run SQL (read or write files), is validated as a whole before anything is written,
and ``build`` never deletes or replaces a database that is in use.

The two attack payloads are real: ``test_the_payloads_are_live_attacks`` runs them through the statement the old
``db.case_row_put`` built (column names taken from the row's keys) and sees the secret read and the file written.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.cases import document, store
from lib.cli import main
from lib.core import db, db_work
from lib.ingest import build
from tests.conftest import FIXTURES, ROOT, load_fixture_db

ALFA, WIJK = "BU99990101", "WK999901"
ANN = {"author": "Ann", "domain": "fysiek"}
SECRET = "TOPSECRET-4711"


# --- the payloads -----------------------------------------------------------------------------------------------
def _plan_without_name(doc: dict) -> dict:
    plan = dict(doc["plans"][0])
    del plan["name"]
    return plan


def read_payload(doc: dict, secret: Path) -> dict:
    """A plan row whose extra key closes the column list and appends the content of ``secret`` to the name."""
    plan = _plan_without_name(doc)
    marks = ", ".join("?" * (len(plan) + 1))  # case_id + the row's values, the last one being the key's own
    plan[f"name) SELECT {marks}, ? || (SELECT content FROM read_text('{secret}')) --"] = "x"
    return {**doc, "plans": [plan]}


def write_payload(doc: dict, target: Path) -> dict:
    """A plan row whose extra key ends the INSERT and runs ``COPY (SELECT 1) TO target`` (multi-statement)."""
    plan = _plan_without_name(doc)
    n = len(plan) + 2
    plan[f"name) SELECT {', '.join(['NULL'] * n)} WHERE false; COPY (SELECT 1) TO '{target}'; "
         f"SELECT {', '.join('?' * n)} --"] = "x"
    return {**doc, "plans": [plan]}


def _old_case_row_put(con, table: str, case_id: str, row: dict) -> None:
    """The statement of the old ``db.case_row_put`` (column names from data), kept here only to prove the attack."""
    cols = ["case_id", *row]
    con.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [case_id, *row.values()])


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


@pytest.fixture
def doc(con) -> dict:
    """An exported case of the fixture municipality: one added plan."""
    cid = store.create_case(con, "Aanval", **ANN)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    return document.export_case(con, cid)


def all_text(con) -> str:
    """Every value of every table of both stores, as one string (to look for the secret)."""
    base = [str(con.execute(f"SELECT * FROM {t}").fetchall()) for t in db._schema_columns()]
    work = [db.table(con, t).to_string() for t in db_work.TABLES]
    return "\n".join(base + work)


OLD_CASE_PLANS = ("CREATE TABLE case_plans (case_id VARCHAR, plan_id VARCHAR, name VARCHAR, area_code VARCHAR, "
                  "year INTEGER, dwellings DOUBLE, dwelling_type VARCHAR, removed BOOLEAN DEFAULT FALSE, "
                  "version INTEGER DEFAULT 1, demolished DOUBLE DEFAULT 0, PRIMARY KEY (case_id, plan_id))")


def payloads(doc, secret, target):
    return {"read": read_payload(doc, secret), "write": write_payload(doc, target)}


def test_the_payloads_are_live_attacks(doc, secret, tmp_path):
    target = tmp_path / "written.csv"
    con = load_fixture_db(db.connect(":memory:"))
    con.execute(OLD_CASE_PLANS)  # the table as it was in DuckDB when the old statement was live
    _old_case_row_put(con, "case_plans", "c", read_payload(doc, secret)["plans"][0])
    assert con.execute("SELECT name FROM case_plans").fetchone()[0] == f"x{SECRET}\n"
    _old_case_row_put(con, "case_plans", "c", write_payload(doc, target)["plans"][0])
    assert target.read_text().split() == ["1", "1"]


@pytest.mark.parametrize("kind", ["read", "write"])
def test_import_refuses_the_payloads(con, doc, secret, tmp_path, kind):
    target = tmp_path / "written.csv"
    other = load_fixture_db(db.connect(":memory:"))
    with pytest.raises(document.CaseFileError) as err:
        document.import_case(other, payloads(doc, secret, target)[kind], source="case.json")
    (problem,) = err.value.problems  # the key is the only problem, shown cut short
    assert problem.startswith("case.json: plans[0]: unknown key \"name) SELECT ")
    assert problem.endswith("…") and len(problem) == len("case.json: plans[0]: unknown key ") + 40
    assert not target.exists()
    assert SECRET not in all_text(other)
    assert store.list_cases(other).empty


def test_case_row_put_takes_column_names_from_the_schema_only(con, secret, tmp_path):
    assert db.columns("case_plans") == ("case_id", "plan_id", "name", "area_code", "year", "dwellings",
                                        "dwelling_type", "removed", "version", "demolished")
    row = {"plan_id": "P1", "area_code": ALFA, "version": 1,
           f"name) SELECT ?, ?, ?, ? || (SELECT content FROM read_text('{secret}')) --": "x"}
    def put(r):
        db.write_retrying(con, lambda cur: db.case_row_put(cur, "case_plans", "c", r))

    with pytest.raises(ValueError, match="not a column of case_plans: 'name\\) SELECT"):
        put(row)
    with pytest.raises(ValueError, match="not a column of case_plans: 'case_id'"):
        put({"plan_id": "P1", "case_id": "other"})
    assert db.count_rows(con, "case_plans") == 0 and SECRET not in all_text(con)
    put({"version": 3, "plan_id": "P1", "area_code": ALFA, "dwellings": 5.0})
    got = db.table(con, "case_plans")[["case_id", "plan_id", "area_code", "dwellings", "removed", "version"]]
    assert [tuple(r) for r in got.astype(object).itertuples(index=False)] \
        == [("c", "P1", ALFA, 5.0, False, 3)]  # column order from the schema; defaults kept for absent columns


def test_replace_rows_and_case_fields_refuse_unknown_columns(con):
    bad = pd.DataFrame({"plan_id": ["P1"], "area_code": [ALFA], "year": [2030], "dwellings": [10.0],
                        "source) SELECT 1; --": ["x"]})
    with pytest.raises(ValueError, match="not a column of plans"):
        db.replace_rows(con, "plans", bad)
    assert db.count_rows(con, "plans") == 0
    cid = store.create_case(con, "Velden", **ANN)
    with pytest.raises(ValueError, match="not a case field"):
        db.case_set_fields(con, cid, {"name = 'x', version": "1"})
    with pytest.raises(ValueError, match="unknown table"):
        db.columns("cases; DROP TABLE cases")


# --- the CLI ----------------------------------------------------------------------------------------------------
def _file_db(tmp_path, name="main.duckdb") -> Path:
    path = tmp_path / name
    con = db.connect(path)
    load_fixture_db(con)
    con.close()
    return path


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("kind", ["read", "write"])
def test_cli_import_refuses_the_payloads(doc, secret, tmp_path, kind):
    target = tmp_path / "written.csv"
    path = _file_db(tmp_path)
    before = digest(path)
    attack = tmp_path / "case.json"
    attack.write_text(json.dumps(payloads(doc, secret, target)[kind]))
    r = run_cli("case", "import", attack, "--db", path)
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert r.stderr.splitlines()[0].startswith(f"{attack}: plans[0]: unknown key \"name) SELECT")
    assert r.stderr.splitlines()[-1] == "import failed; nothing was changed"
    assert not target.exists()
    assert digest(path)[0] == before[0]  # not a byte changed
    con = db.connect(path, read_only=True)
    try:
        assert SECRET not in all_text(con) and store.list_cases(con).empty
    finally:
        con.close()


GARBAGE = {
    "not json": (b"DROP TABLE cases; --", "not valid JSON"),
    "binary": (b"\xff\xfe\x00garbage", "not UTF-8 text"),
    "a list": (b"[1, 2, 3]", "not a case file"),
    "deep nesting": (b"[" * 200_000 + b"]" * 200_000, "not a JSON document this program can read"),
    "huge number": (b'{"format": ' + b"9" * 5000 + b"}", "not a JSON document this program can read"),
    "sql as the whole file": (b"'); COPY (SELECT 1) TO '/tmp/x'; --", "not valid JSON"),
}


@pytest.mark.parametrize("name", list(GARBAGE))
def test_cli_import_of_garbage_is_a_message(tmp_path, capsys, name):
    data, message = GARBAGE[name]
    path = _file_db(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    assert main.main(["case", "import", str(bad), "--db", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}: {message}") and err[-1] == "import failed; nothing was changed"


def test_cli_import_of_a_missing_file_or_a_locked_database(tmp_path, capsys, doc):
    path = _file_db(tmp_path)
    assert main.main(["case", "import", str(tmp_path / "nope.json"), "--db", str(path)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{tmp_path / 'nope.json'}: cannot read the file: " \
                                                      "No such file or directory"
    good = tmp_path / "good.json"
    good.write_text(document.dumps(doc))
    with held_open(path):
        r = run_cli("case", "import", good, "--db", path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"the database {path} is open for writing in another program (process ")
    assert len(r.stderr.strip().splitlines()) == 1 and "run this command again" in r.stderr  # one line, what to do
    with held_open(path, read_only=True):  # how the app holds it: the import goes ahead
        assert run_cli("case", "import", good, "--db", path).returncode == 0


# --- validation of the whole document ---------------------------------------------------------------------------
@pytest.fixture
def full_doc(con) -> dict:
    """A case with every kind of row: an added plan, an added and a closed base facility, a norm, a note, undo."""
    cid = store.create_case(con, "Alles", **ANN, horizon_year=2030, area_code=ALFA)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.add_facility(con, cid, name="S3", type="primary_school", x=130600, y=450400, capacity=200, unit="places",
                       **ANN)
    store.close_facility(con, cid, "S2", **ANN)
    store.set_norm(con, cid, "primary_school", {"catchment_m": 1500.0}, **ANN)
    store.add_note(con, cid, "notitie", **ANN, area_code=WIJK)
    store.undo(con, cid, 2, **ANN)
    store.undo(con, cid, 7, **ANN)  # redo the plan
    return document.export_case(con, cid)


def _set(path: str, value):
    """A change to the document: ``path`` like 'plans.0.year' (value ``DELETE`` removes the key)."""
    def change(d):
        *parts, last = path.split(".")
        node = d
        for p in parts:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if value is DELETE:
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return d
    return change


DELETE = object()
BAD = {
    "unknown top-level key": (_set("extra", 1), "unknown key 'extra'"),
    "format version": (_set("format_version", 2), "format_version 2 not supported (expected 1)"),
    "case name missing": (_set("case.name", None), "case: name is missing"),
    "case name too long": (_set("case.name", "n" * 501), "case: name is longer than 500 characters"),
    "case id with quotes": (_set("case.case_id", "x'); --"), "case: case_id must be 1-80 letters, digits"),
    "case area unknown": (_set("case.area_code", "BU00000000"), "case: area_code 'BU00000000' is not an area in "
                                                                "this database"),
    "unknown case key": (_set("case.owner", "x"), "case: unknown key 'owner'"),
    "plans not a list": (_set("plans", {"a": 1}), "plans must be a list, not an object"),
    "plan not an object": (_set("plans.0", "x"), "plans[0]: must be an object, not text"),
    "plan year as text": (_set("plans.0.year", "2028"), "plans[0]: year must be a whole number from 2000 to 2100, "
                                                        "not '2028'"),
    "plan year out of range": (_set("plans.0.year", 3000), "plans[0]: year must be a whole number from 2000 to 2100"),
    "plan dwellings NaN": (_set("plans.0.dwellings", float("nan")), "plans[0]: dwellings must be a number"),
    "plan dwellings a boolean": (_set("plans.0.dwellings", True), "plans[0]: dwellings must be a number"),
    "plan name too long": (_set("plans.0.name", "n" * 501), "plans[0]: name is longer than 500 characters"),
    "plan in a wijk": (_set("plans.0.area_code", WIJK), "plans[0] ('CP-"),
    "plan id missing": (_set("plans.0.plan_id", DELETE), "plans[0]: plan_id is missing"),
    "facility not in the database": (_set("facilities.1.id", "NOPE"), "no facility 'NOPE' in this database and the "
                                                                      "case did not add it"),
    "facility outside the Netherlands": (_set("facilities.0.x", 1e9), "x must be a number from -10000 to 300000"),
    "facility removed from the base": (_set("facilities.1.id", "S9"), "no facility 'S9'"),
    "norm not in the database": (_set("norms.0.facility_type", "zwembad"), "no norm for 'zwembad|'"),
    "norm per zero": (_set("norms.0.per", 0), "norms[0]: per must be a number from 1e-09 to 1e+12"),
    "note area unknown": (_set("notes.0.area_code", "WK000000"), "notes[0]: area_code 'WK000000' is not an area"),
    "note text too long": (_set("notes.0.text", "t" * 4001), "notes[0]: text is longer than 4000 characters"),
    "note author missing": (_set("notes.0.author", ""), "notes[0]: author must not be empty"),
    "note domain unknown": (_set("notes.0.domain", "root"), "notes[0]: domain must be one of fysiek, sociaal"),
    "change time garbage": (_set("changes.0.changed_at", "gisteren"), "changes[0]: changed_at must be a date and "
                                                                      "time (ISO 8601), not 'gisteren'"),
    "change kind unknown": (_set("changes.1.kind", "table"), "changes[1]: kind must be one of case, plan, facility"),
    "change fields unknown": (_set("changes.1.fields", "name,case_id"), "changes[1]: fields names 'case_id', not a "
                                                                        "plan field"),
    "change before with a crafted key": (_set("changes.1.before", {"name) SELECT 1 --": "x"}),
                                         "changes[1].before: unknown key 'name) SELECT 1 --'"),
    "change after with a bad value": (_set("changes.1.after", {"year": "soon"}), "changes[1].after: year must be"),
    "case change of another case": (_set("changes.0.target", "other"), "changes[0]: target 'other' is not this case"),
    "undo of a missing change": (_set("changes.6.undo_of", 99), "changes[6]: undo_of 99 is not a change in this file"),
    "duplicate seq": (_set("changes.1.seq", 1), "changes: duplicate seq numbers"),
    "version mismatch": (_set("case.version", 99), "changes: the last change (8) does not match case.version (99)"),
}


def test_the_full_document_imports(full_doc):
    other = load_fixture_db(db.connect(":memory:"))
    cid = document.import_case(other, copy.deepcopy(full_doc), source="case.json")
    assert document.export_case(other, cid) == full_doc
    assert [(r["id"], r["closed"]) for r in full_doc["facilities"]][1] == ("S2", True)


@pytest.mark.parametrize("name", list(BAD))
def test_every_problem_is_named_and_nothing_is_written(full_doc, name):
    change, message = BAD[name]
    other = load_fixture_db(db.connect(":memory:"))
    version = db.data_version(other)
    with pytest.raises(document.CaseFileError) as err:
        document.import_case(other, change(copy.deepcopy(full_doc)), source="case.json")
    assert any(p.startswith("case.json: ") and message in p for p in err.value.problems), err.value.problems
    assert store.list_cases(other).empty and db.data_version(other) == version


def test_duplicate_rows_and_many_problems(full_doc):
    bad = copy.deepcopy(full_doc)
    bad["plans"].append(dict(bad["plans"][0]))
    bad["notes"] = [{"junk": i} for i in range(80)]
    other = load_fixture_db(db.connect(":memory:"))
    with pytest.raises(document.CaseFileError) as err:
        document.import_case(other, bad)
    assert len(err.value.problems) == document.MAX_PROBLEMS + 1
    assert err.value.problems[-1] == f"… and {80 * 6 - document.MAX_PROBLEMS} more problems"
    del bad["notes"]
    with pytest.raises(document.CaseFileError, match=r"plans\[1\] \('CP-[0-9a-f]+'\): plan_id appears twice"):
        document.import_case(other, bad)


def test_too_large_and_new_name_checked(full_doc, monkeypatch):
    other = load_fixture_db(db.connect(":memory:"))
    with pytest.raises(document.CaseFileError, match="the new name must not be empty"):
        document.import_case(other, full_doc, name="   ")
    monkeypatch.setattr(document, "MAX_BYTES", 100)
    with pytest.raises(document.CaseFileError, match="^up.json: file is too large"):
        document.import_upload(other, "up.json", document.dumps(full_doc).encode())


def test_upload_function_refuses_payloads_and_imports_a_copy(con, doc, secret, tmp_path):
    """``document.import_upload`` is what the Werksessie page calls with the uploaded name and bytes."""
    target = tmp_path / "written.csv"
    for attack in payloads(doc, secret, target).values():
        with pytest.raises(document.CaseFileError, match="^attack.json: plans\\[0\\]: unknown key"):
            document.import_upload(con, "attack.json", json.dumps(attack).encode())
    assert not target.exists() and SECRET not in all_text(con)
    assert store.list_cases(con)["name"].tolist() == ["Aanval"]
    copy_id = document.import_upload(con, "good.json", document.dumps(doc).encode())
    assert copy_id != doc["case"]["case_id"] and store.get_case(con, copy_id)["name"] == "Aanval (2)"


# --- build ------------------------------------------------------------------------------------------------------
FAST = [("areas", FIXTURES / "areas.geojson", None), ("norms", FIXTURES / "norms.csv", None)]


@pytest.fixture
def fast_build(monkeypatch):
    """``build.build`` on the small fixture files instead of the Utrecht data (same code path, seconds faster)."""
    monkeypatch.setattr(build, "EMBEDDED", FAST)


@contextmanager
def held_open(path: Path, read_only: bool = False):
    """Another process that has the DuckDB file open until the block ends."""
    code = ("import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
            "print('open', flush=True); sys.stdin.read(); c.close()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path), "ro" if read_only else "rw"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "open"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def digest(path: Path) -> tuple[str, int, list[str]]:
    """sha256 of the file's bytes, its mtime (ns) and the names in its folder."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns,
            sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")))  # the writers' lock


def leftovers(path: Path) -> list[str]:
    """Files beside the snapshot other than the snapshot, its lock file and its workshop store."""
    stem = path.name[:-len(".duckdb")]
    keep = {path.name, f"{path.name}.lock", *(f"{stem}.workshop.sqlite{s}" for s in ("", "-wal", "-shm"))}
    return sorted(p.name for p in path.parent.iterdir() if p.name not in keep)


def _old_db(tmp_path) -> Path:
    """A database with a marker the build would not make, in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "live.duckdb"
    con = db.connect(path)
    db.set_setting(con, "marker", "old")
    con.close()
    return path


def _marker(path: Path) -> str | None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT value FROM settings WHERE key = 'marker'").fetchone()
        return row and row[0]
    finally:
        con.close()


def test_build_refuses_a_database_another_process_has_open_for_writing(tmp_path, fast_build):
    path = _old_db(tmp_path)
    with held_open(path, read_only=False):
        before = digest(path)
        with pytest.raises(build.BuildRefused, match="is open for writing"):
            build.build(path, log=lambda *_: None)
        r = run_cli("build", "--db", path)  # the real command (refused before it builds anything)
        assert digest(path) == before
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr
    assert r.stderr == f"build refused: {path} is open for writing by another process (stop it and run the build " \
                       "again); nothing was changed\n"
    assert _marker(path) == "old"


def test_build_switches_while_readers_have_the_old_snapshot_open(tmp_path, fast_build):
    """How the app and the CLI hold the database (read-only): the build switches the new snapshot in; a reader
    keeps its old snapshot until it opens the file again, then sees the new one."""
    path = _old_db(tmp_path)
    reader = db.connect(path, read_only=True)
    with held_open(path, read_only=True):
        build.build(path, log=lambda *_: None)
    assert db.get_setting(reader, "marker") == "old"  # its snapshot, unchanged under it
    assert db.snapshot_id(str(path)) != reader.snapshot  # what the app compares on every rerun
    reader.close()
    assert _marker(path) is None


def test_build_refuses_when_the_database_is_opened_during_the_build(tmp_path, fast_build):
    path = _old_db(tmp_path)
    before = digest(path)
    held = []
    with ExitStack() as stack:
        def log(*_):  # after the first file is imported, another process opens the database
            if not held:
                held.append(stack.enter_context(held_open(path)))

        with pytest.raises(build.BuildRefused, match="is open for writing"):
            build.build(path, log=log)
        assert held  # it was open during the switch
        assert digest(path) == before  # the temporary build file is gone too
    assert _marker(path) == "old"


def test_build_refuses_while_this_process_has_it_open(tmp_path, fast_build):
    path = _old_db(tmp_path)
    con = db.connect(path)
    try:
        with pytest.raises(build.BuildRefused, match="is open for writing|is in use"):
            build.build(path, log=lambda *_: None)
    finally:
        con.close()
    assert _marker(path) == "old"


def test_a_failing_rename_leaves_the_old_database_intact(tmp_path, fast_build, monkeypatch):
    path = _old_db(tmp_path)
    before = digest(path)

    def fail(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(build.os, "replace", fail)
    with pytest.raises(build.BuildRefused, match="Invalid cross-device link\\); the old database is unchanged"):
        build.build(path, log=lambda *_: None)
    assert digest(path) == before and _marker(path) == "old"


def test_build_switches_to_the_new_database(tmp_path, fast_build):
    path = _old_db(tmp_path)
    assert build.build(path, log=lambda *_: None) == path
    assert leftovers(path) == []  # no temporary file, no .wal
    con = db.connect(path, read_only=True)
    try:
        assert db.get_setting(con, "marker") is None and db.count_rows(con, "areas") == 7
    finally:
        con.close()


def test_build_folds_a_leftover_wal_and_refuses_a_wal_without_its_database(tmp_path, fast_build):
    path = _old_db(tmp_path)
    subprocess.run([sys.executable, "-c", "import sys, os, duckdb; c = duckdb.connect(sys.argv[1]); "
                    "c.execute(\"INSERT OR REPLACE INTO settings VALUES ('marker', 'unclean')\"); os._exit(0)",
                    str(path)], check=True)  # a process that died without closing: its change is in the .wal
    assert Path(f"{path}.wal").exists()
    build.build(path, log=lambda *_: None)
    assert leftovers(path) == []  # no stale .wal next to the new file
    path.unlink()
    Path(f"{path}.wal").write_bytes(b"stale")
    with pytest.raises(build.BuildRefused, match="exists without its database"):
        build.build(path, log=lambda *_: None)
    assert not path.exists()


def test_build_refuses_to_replace_a_file_that_is_no_database(tmp_path, fast_build):
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    with pytest.raises(build.BuildRefused, match="is not a database this program can replace"):
        build.build(path, log=lambda *_: None)
    assert path.read_text() == "my notes"


def test_ensure_builds_once(tmp_path, fast_build, monkeypatch):
    path = tmp_path / "new" / "app.duckdb"
    assert build.ensure(path, log=lambda *_: None) == path
    assert _marker(path) is None and leftovers(path) == []

    def refused(*_, **__):
        raise build.BuildRefused("in use")

    monkeypatch.setattr(build, "build", refused)
    assert build.ensure(path, log=lambda *_: None) == path  # exists: not built again
    with pytest.raises(build.BuildRefused):
        build.ensure(tmp_path / "other.duckdb", log=lambda *_: None)  # refused and still missing: the error stands


# --- the Werksessie page upload (AppTest on the Utrecht data) ---------------------------------------------------
PAGE = "app_pages/cases.py"
EXAMPLE = "voorbeeld-merwede-leidsche-rijn"


def case_text(con) -> str:
    return "\n".join(db.table(con, t).to_string()
                     for t in ("cases", "case_plans", "case_facilities", "case_norms", "case_notes", "case_changes"))


def test_werksessie_upload_refuses_the_payloads(app, app_db, secret, tmp_path):
    con = db.connect(app_db, read_only=True)  # beside the app (AppTest runs in-process), as the CLI would
    try:
        doc = document.export_case(con, EXAMPLE)
    finally:
        con.close()
    target = tmp_path / "written.csv"
    page = app.switch_page(PAGE).run()
    page.text_input(key="who_name").input("Mallory")
    page.selectbox(key="who_domain").set_value("other")
    page.run()
    page.button(key="cs_open_btn").click().run()
    assert page.query_params["case"] == EXAMPLE

    def upload(name: str, data: bytes):
        page.file_uploader(key="cs_upload").set_value((name, data, "application/json"))
        page.run()
        page.button(key="cs_import_btn").click().run()
        assert not page.exception, page.exception

    def shown(markdown: str) -> str:  # messages are escaped for st.error's markdown: the text a person sees
        return re.sub(r"\\(.)", r"\1", markdown)

    for kind, attack in payloads(doc, secret, target).items():
        upload(f"{kind}.json", json.dumps(attack).encode())
        assert [e.value for e in page.error] and shown(page.error[0].value).startswith(
            f'{kind}.json: plans[0]: unknown key "name) SELECT')
        assert page.query_params["case"] == EXAMPLE
    upload("garbage.json", b"\x00\xff; DROP TABLE cases")
    assert shown(page.error[0].value) == "garbage.json: not UTF-8 text (byte 1)"
    assert not target.exists()
    con = db.connect(app_db, read_only=True)
    try:
        assert SECRET not in case_text(con)
        assert store.list_cases(con)["case_id"].tolist() == [EXAMPLE]
    finally:
        con.close()
    upload("good.json", document.dumps(doc).encode())  # the same case, clean: imported as a copy
    new = page.query_params["case"]
    assert new != EXAMPLE and new.startswith("illustratief-voorbeeld")
    con = db.connect(app_db, read_only=True)
    try:
        assert store.get_case(con, new)["name"] == doc["case"]["name"] + " (2)"
    finally:
        con.close()
