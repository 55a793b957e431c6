"""Several processes on one data set: concurrent writers in different processes, kill -9 during case saves and
during an import. Each writer process prints a line per *acknowledged* write (after its commit returned); every
acknowledged write must be in the store afterwards, and nothing else may have changed.

The figures these tests measure are written to test-output/processes.json (quoted in the issue notes).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib import embedded
from lib.cases import store
from lib.core import db
from tests.conftest import ROOT, load_fixture_db

ANN = {"author": "Ann", "domain": "fysiek"}
OUT = ROOT / "test-output"

#: A writer process: adds notes to one case until killed or ``n`` are written; one line per acknowledged write.
WRITER = """
import sys
from lib import embedded
from lib.cases import store
from lib.core import db
path, case_id, who, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
con = db.connect(path, read_only=True)
print("ready", flush=True)
for i in range(n):
    text = f"{who}-{i}"
    store.add_note(con, case_id, text, author=who, domain="sociaal")
    print(text, flush=True)
con.close()
"""


def _record(key: str, value) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / "processes.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[f"{key}[{'postgresql' if os.environ.get('VZW_STORE_URL') else 'sqlite'}]"] = value
    path.write_text(json.dumps(data, indent=2, sort_keys=True))


@pytest.fixture
def shared(tmp_path) -> tuple[Path, str]:
    """A database file with the four-buurt fixture and one case, closed (as a server's data would be)."""
    path = tmp_path / "shared.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    cid = store.create_case(con, "Gedeeld", **ANN)
    con.close()
    return path, cid


def _writer(path: Path, cid: str, who: str, n: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), cid, who, str(n)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ})
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def _stored_notes(path: Path, cid: str) -> list[str]:
    con = db.connect(path, read_only=True)
    try:
        return store.notes(con, cid)["text"].tolist()
    finally:
        con.close()


def test_two_processes_writing_one_case_lose_nothing(shared):
    """Two processes add notes to the same case at the same time: every acknowledged note is stored once, the
    change log is gapless (one version per change) and nothing failed."""
    path, cid = shared
    n = 40
    procs = [_writer(path, cid, who, n) for who in ("A", "B")]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outs.append(out.split())
    stored = _stored_notes(path, cid)
    assert sorted(stored) == sorted(outs[0] + outs[1]) and len(stored) == 2 * n
    con = db.connect(path, read_only=True)
    try:
        log = store.changes(con, cid)
        assert sorted(log["seq"].tolist()) == list(range(1, 2 * n + 2))  # create + 2n notes, no gaps, no doubles
        assert store.get_case(con, cid)["version"] == 2 * n + 1
    finally:
        con.close()
    _record("two_processes_one_case", {"writes": 2 * n, "lost": 0, "errors": 0})


def test_kill_9_during_case_saves_loses_no_acknowledged_write(shared):
    """A writer is killed (SIGKILL) at a random moment, five times: every note it acknowledged is stored, the
    case stays consistent (its version equals its change count) and the next writer carries on."""
    path, cid = shared
    acknowledged: list[str] = []
    for round_ in range(5):
        proc = _writer(path, cid, f"K{round_}", 10_000)
        time.sleep(0.3 + 0.2 * round_)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        acknowledged += out.split()
        assert proc.returncode == -signal.SIGKILL
    stored = set(_stored_notes(path, cid))
    lost = [a for a in acknowledged if a not in stored]
    assert acknowledged and not lost
    con = db.connect(path, read_only=True)
    try:
        assert store.get_case(con, cid)["version"] == len(store.changes(con, cid))
    finally:
        con.close()
    _record("kill_9_case_saves", {"kills": 5, "acknowledged": len(acknowledged), "lost": len(lost)})


#: An importer process: a norms import that is killed halfway through writing the new snapshot.
IMPORTER = """
import sys, time
from lib.core import db
from lib.ingest import importing
path, csv = sys.argv[1], sys.argv[2]
con = db.connect(path, read_only=True)
real = db.replace_rows
def slow(c, name, df):
    n = real(c, name, df)
    print("writing", flush=True)
    time.sleep(60)
    return n
db.replace_rows = slow
importing.import_file(con, "norms", csv)
"""


def test_kill_9_during_an_import_leaves_the_snapshot_unchanged(shared, tmp_path):
    """An import killed while it writes its new snapshot: the snapshot at the path is byte-identical, a reader
    sees the old norms, and the next import goes ahead (the lock died with the process)."""
    path, _ = shared
    before = path.read_bytes()
    norms = tmp_path / "norms.csv"
    norms.write_text((ROOT / "data" / "norms_default.csv").read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(norms)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing", proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert path.read_bytes() == before
    r = subprocess.run([sys.executable, "-m", "lib", "import", "norms", str(norms), "--db", str(path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert path.read_bytes() != before
    assert not list(path.parent.glob(".*.new"))  # the dead writer's half-written copy was cleared
    _record("kill_9_import", {"snapshot_unchanged": True})


def test_an_unreachable_store_is_a_message_not_a_traceback(app_db, monkeypatch):
    """The configured PostgreSQL is down: every page says so in the user's language; no traceback."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("VZW_STORE_URL", "postgresql+psycopg://vzw:vzw@127.0.0.1:1/none?connect_timeout=2")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert any("niet bereikbaar" in e.value for e in at.error), [e.value for e in at.error]


def test_a_first_start_builds_the_data_with_visible_progress(tmp_path, monkeypatch):
    """No database yet: the first page shows a progress bar that names the files being imported (not a bare
    spinner), then the page itself; the database exists afterwards."""
    assert embedded.STEPS == 13
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "new" / "voorzieningen.duckdb"
    monkeypatch.setenv("VZW_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    assert path.exists()
    bars = at.get("progress")
    assert bars and bars[0].proto.value == 100 and bars[0].proto.text.startswith("Stap 13 van 13")
    assert at.get("status")[0].label == "Gegevens opgebouwd."
    assert at.metric  # and then the page itself


#: The workshop tables as a database from before the workshop store had them (in DuckDB, with the fixture's data).
OLD_TABLES = """
CREATE TABLE cases (case_id VARCHAR PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, description VARCHAR,
    horizon_year INTEGER, area_code VARCHAR, version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP DEFAULT current_timestamp, created_by VARCHAR, created_domain VARCHAR,
    illustrative BOOLEAN DEFAULT FALSE);
CREATE TABLE case_notes (case_id VARCHAR NOT NULL, note_id VARCHAR NOT NULL, area_code VARCHAR, text VARCHAR NOT NULL,
    author VARCHAR NOT NULL, domain VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, deleted BOOLEAN DEFAULT FALSE,
    PRIMARY KEY (case_id, note_id));
INSERT INTO cases VALUES ('oud-1', 'Oude case', 'van voor de werkplaatsopslag', 2030, NULL, 2,
    TIMESTAMP '2026-11-01 10:00:00', 'Ann', 'fysiek', FALSE);
INSERT INTO case_notes VALUES ('oud-1', 'n1', NULL, 'Niets mag verloren gaan', 'Ann', 'fysiek',
    TIMESTAMP '2026-11-01 10:05:00', FALSE);
"""


def test_an_old_database_keeps_its_cases(tmp_path):
    """Cases stored in the DuckDB file by an older version are adopted into the workshop store on the first
    open, once; the base data is not touched."""
    path = tmp_path / "oud.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    con.execute(OLD_TABLES)
    con.close()
    before = path.read_bytes()
    for _ in range(2):  # the second open finds the cases adopted and copies nothing again
        con = db.connect(path, read_only=True)
        try:
            case = store.get_case(con, "oud-1")
            assert (case["name"], case["version"], case["created_by"]) == ("Oude case", 2, "Ann")
            assert store.notes(con, "oud-1")["text"].tolist() == ["Niets mag verloren gaan"]
            assert len(store.list_cases(con)) == 1
        finally:
            con.close()
    assert path.read_bytes() == before
