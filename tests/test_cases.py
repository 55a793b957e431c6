"""Workshop cases in lib: editing with who/when, undo, notes, optimistic versions, persistence, concurrency.

Numbers are hand-computed on the GM9999 fixture (tests/conftest.py): Alfa has 150 persons aged 0-14 in 500
dwellings (0.3 per dwelling), so 100 extra dwellings add 30 children 0-14, of whom 8/15 = 16 are 4-11.
Primary-school need = persons 4-11 (1 place each); catchment 1,000 m. School S1 (100 places, x=131000)
reaches Alfa and Bravo; S2 (50 places, x=132500) reaches Bravo and Charlie.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import sqlalchemy as sa

from lib.cases import document, store, view
from lib.core import db, db_work, gaps, geo, inputs, overlay
from tests.conftest import load_fixture_db

ALFA, BRAVO, CHARLIE = "BU99990101", "BU99990102", "BU99990201"
ANN = {"author": "Ann", "domain": "fysiek"}
BOB = {"author": "Bob", "domain": "sociaal"}


def school_gaps(con, case_id=None, year=2028):
    inp = inputs.load(con)
    if case_id:
        inp = overlay.apply(con, inp, case_id)
    t = gaps.compute(inp, years=[year], types=["primary_school"]).table.set_index("area_code")
    return {c: (round(t.loc[c, "need"], 6), round(t.loc[c, "supply"], 6)) for c in t.index}


def test_create_case_records_who_and_when(con):
    at = datetime(2026, 3, 1, 9, 30)
    cid = store.create_case(con, "  Merwede   2028 ", author=" Ann ", domain="fysiek", horizon_year=2030,
                            area_code=ALFA, at=at)
    case = store.get_case(con, cid)
    assert cid.startswith("merwede-2028-")
    assert (case["name"], case["horizon_year"], case["area_code"], case["version"]) == ("Merwede 2028", 2030, ALFA, 1)
    assert (case["created_by"], case["created_domain"], case["created_at"]) == ("Ann", "fysiek", at)
    assert store.get_case(con, "Merwede 2028")["case_id"] == cid  # by name too
    log = store.changes(con, cid)
    assert log[["seq", "author", "domain", "kind", "action"]].values.tolist() == [[1, "Ann", "fysiek", "case",
                                                                                    "create"]]
    with pytest.raises(ValueError, match="already exists"):
        store.create_case(con, "Merwede 2028", **BOB)


@pytest.mark.parametrize(("author", "domain"), [("", "fysiek"), ("   ", "sociaal"), ("Ann", "finance"),
                                                ("x" * 81, "other")])
def test_every_change_needs_a_name_and_a_known_domain(con, author, domain):
    with pytest.raises(ValueError):
        store.create_case(con, "C", author=author, domain=domain)
    assert store.list_cases(con).empty


def test_plan_changes_the_gap_and_undo_restores_it(con):
    before = school_gaps(con)
    assert before[ALFA] == (80.0, 33.333333) and before[BRAVO] == (160.0, 106.666667)
    cid = store.create_case(con, "C", **ANN)
    pid = store.add_plan(con, cid, name="Alfa-Noord", area_code=ALFA, year=2028, dwellings=100, **ANN)
    after = school_gaps(con, cid)
    # Alfa: 80 + 100 × 0.3 × 8/15 = 96; S1 shares 100 over 96 + 160 → Alfa 37.5, Bravo 62.5 + 40 (S2) = 102.5
    assert after[ALFA] == (96.0, 37.5) and after[BRAVO] == (160.0, 102.5)
    assert school_gaps(con, cid, year=2027)[ALFA] == (80.0, 33.333333)  # not completed yet
    seq = int(store.changes(con, cid)["seq"].iloc[0])
    store.undo(con, cid, seq, **BOB)
    assert school_gaps(con, cid) == before
    log = store.changes(con, cid)
    assert log["action"].tolist() == ["undo", "add", "create"]
    assert log["undone_by"].iloc[1] == 3 and log["undo_of"].iloc[0] == 2 and log["author"].iloc[0] == "Bob"
    store.undo(con, cid, 3, **ANN)  # undoing the undo brings the plan back
    assert school_gaps(con, cid)[ALFA] == (96.0, 37.5)
    assert store.overlay_rows(con, cid, "plan")["plan_id"].tolist() == [pid]


def test_base_data_is_never_written_by_a_case(con):
    importing_plans = db.table(con, "plans")
    counts = db.table_counts(con)
    cid = store.create_case(con, "C", **ANN)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.close_facility(con, cid, "S2", **ANN)
    store.set_norm(con, cid, "primary_school", {"catchment_m": 2000.0}, **ANN)
    assert db.table_counts(con) == counts
    assert db.table(con, "plans").equals(importing_plans)
    assert db.table(con, "facilities").set_index("id").loc["S2", "capacity"] == 50


def test_facility_by_coordinates_gets_its_buurt_and_adds_supply(con):
    cid = store.create_case(con, "C", **ANN)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    fid = store.add_facility(con, cid, name="Nieuwe school", type="primary_school", x=130600, y=450400, capacity=200,
                             unit="places", **BOB)
    row = store.overlay_rows(con, cid, "facility").set_index("id").loc[fid]
    assert row["area_code"] == ALFA and row["version"] == 1
    # 200 places within 1,000 m of Alfa (141 m) and Bravo (906 m), shared 96 : 160 → +75 and +125
    g = school_gaps(con, cid)
    assert g[ALFA] == (96.0, 112.5) and g[BRAVO] == (160.0, 227.5) and g[CHARLIE] == (40.0, 10.0)
    outside = store.add_facility(con, cid, name="far", type="gym", x=150000, y=450000, capacity=1,
                                 unit="facilities", **BOB, facility_id="F-far")
    assert pd.isna(store.overlay_rows(con, cid, "facility").set_index("id").loc[outside, "area_code"])
    with pytest.raises(ValueError, match="already exists"):
        store.add_facility(con, cid, name="dup", type="gym", x=131000, y=450500, capacity=1, unit="facilities",
                           facility_id="S1", **BOB)


def test_click_on_map_converts_to_rd_and_finds_the_buurt(con):
    pts = gpd.GeoSeries(gpd.points_from_xy([130_500.0], [450_500.0]), crs=geo.RD).to_crs(geo.WGS84)
    lon, lat = float(pts.x.iloc[0]), float(pts.y.iloc[0])  # the centroid of Alfa in WGS84
    x, y = store.rd_from_lonlat(lon, lat)
    assert abs(x - 130_500) < 0.01 and abs(y - 450_500) < 0.01
    assert view.picked_point({"lat": lat, "lng": lon}, {ALFA: "Alfa"}, con) == {
        "x": 130_500.0, "y": 450_500.0, "area_code": ALFA, "area": "Alfa"}
    assert view.picked_point({"lat": 52.0907, "lng": 5.1214}, {}, con)["area_code"] is None  # Utrecht Dom
    assert view.picked_point(None, {}, con) is None


def test_close_and_resize_a_base_facility(con):
    cid = store.create_case(con, "C", **ANN)
    store.close_facility(con, cid, "S2", **ANN)
    g = school_gaps(con, cid)
    assert g[BRAVO] == (160.0, 66.666667) and g[CHARLIE] == (40.0, 0.0)
    v = store.update_facility(con, cid, "S1", {"capacity": 240.0}, **BOB)
    assert v == 1
    g = school_gaps(con, cid)
    assert g[ALFA] == (80.0, 80.0) and g[BRAVO] == (160.0, 160.0)
    text = view.change_table(store.changes(con, cid), {BRAVO: "Bravo", CHARLIE: "Charlie", ALFA: "Alfa"},
                                  view.base_rows(inputs.load(con), store.changes(con, cid)))
    what = text.iloc[:, 4].tolist()
    assert what[0] == "Voorziening 'School Een': capaciteit 100 → 240"
    # the unit in words (issue 10; the old test expected the English code "places" on this Dutch screen)
    assert what[1] == "Voorziening 'School Twee' gesloten (50 plaatsen in Charlie)"


def test_stale_save_of_the_same_field_is_refused_with_the_current_value(con):
    cid = store.create_case(con, "C", **ANN)
    pid = store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    assert store.update_plan(con, cid, pid, {"dwellings": 150}, **BOB, expected_version=1) == 2
    with pytest.raises(store.EditConflict) as err:
        store.update_plan(con, cid, pid, {"dwellings": 120}, **ANN, expected_version=1)
    assert err.value.current["dwellings"] == 150.0 and err.value.fields == ["dwellings"]
    assert (err.value.by, err.value.domain, err.value.version) == ("Bob", "sociaal", 2)
    assert "current value: {'dwellings': 150.0}" in str(err.value)
    assert store.overlay_rows(con, cid, "plan")["dwellings"].tolist() == [150.0]  # nothing overwritten


def test_stale_save_of_another_field_merges(con):
    cid = store.create_case(con, "C", **ANN)
    pid = store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.update_plan(con, cid, pid, {"dwellings": 150}, **BOB, expected_version=1)
    assert store.update_plan(con, cid, pid, {"year": 2030}, **ANN, expected_version=1) == 3
    assert store.update_plan(con, cid, pid, {"name": "q"}, **ANN, expected_version=2) == 4
    row = store.overlay_rows(con, cid, "plan").iloc[0]
    assert (row["dwellings"], row["year"], row["name"], row["version"]) == (150.0, 2030, "q", 4)
    assert store.get_case(con, cid)["version"] == 5  # create + add + 3 updates
    # a stale save of a field changed since is refused even when the values agree (so no increment is lost)
    with pytest.raises(store.EditConflict):
        store.update_plan(con, cid, pid, {"dwellings": 150}, **ANN, expected_version=1)


def test_edited_keeps_only_what_the_editor_changed():
    original = {"name": "p", "year": 2028, "dwellings": 100.0}
    assert store.edited(original, {"name": "p", "year": 2028, "dwellings": 100}) == {}
    assert store.edited(original, {"name": "p", "year": 2029, "dwellings": 100.0}) == {"year": 2029}


def test_field_level_undo_and_refusals(con):
    cid = store.create_case(con, "C", **ANN)
    pid = store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)  # seq 2
    store.update_plan(con, cid, pid, {"dwellings": 150}, **BOB)  # seq 3
    store.update_plan(con, cid, pid, {"year": 2030}, **ANN)  # seq 4
    store.undo(con, cid, 3, **ANN)  # dwellings back, the later year change stays
    row = store.overlay_rows(con, cid, "plan").iloc[0]
    assert (row["dwellings"], row["year"]) == (100.0, 2030)
    with pytest.raises(store.UndoRefused, match="already undone"):
        store.undo(con, cid, 3, **ANN)
    with pytest.raises(store.UndoRefused, match="creation"):
        store.undo(con, cid, 1, **ANN)
    store.update_plan(con, cid, pid, {"year": 2031}, **BOB)  # seq 6
    with pytest.raises(store.UndoRefused, match="Bob changed year"):
        store.undo(con, cid, 4, **ANN)
    with pytest.raises(store.UnknownChange):
        store.undo(con, cid, 99, **ANN)
    assert view.undoable(store.changes(con, cid)) == [6, 5, 4, 2]


def test_case_fields_are_versioned_too(con):
    cid = store.create_case(con, "C", **ANN, horizon_year=2030)
    v = store.get_case(con, cid)["fields_version"]
    store.update_case(con, cid, {"horizon_year": 2035}, **BOB, expected_version=v)
    with pytest.raises(store.EditConflict):
        store.update_case(con, cid, {"horizon_year": 2032}, **ANN, expected_version=v)
    store.update_case(con, cid, {"description": "extra"}, **ANN, expected_version=v)  # merges
    case = store.get_case(con, cid)
    assert (case["horizon_year"], case["description"], case["fields_version"]) == (2035, "extra", 3)


def test_notes_newest_first_with_name_domain_and_area(con):
    cid = store.create_case(con, "C", **ANN)
    store.add_note(con, cid, "eerste", **ANN, at=datetime(2026, 3, 1, 9, 0))
    store.add_note(con, cid, "schoolbestuur: gebouw kan twee groepen extra aan", **BOB, area_code=ALFA,
                   at=datetime(2026, 3, 1, 9, 5))
    n = store.notes(con, cid)
    assert n[["text", "author", "domain"]].values.tolist() == [
        ["schoolbestuur: gebouw kan twee groepen extra aan", "Bob", "sociaal"], ["eerste", "Ann", "fysiek"]]
    assert n["area_name"].iloc[0] == "Alfa" and pd.isna(n["area_name"].iloc[1])
    assert store.notes(con, cid, area_code=ALFA)["author"].tolist() == ["Bob"]
    items = view.note_list(n, now=datetime(2026, 3, 1, 9, 6))
    assert items[0] == {"author": "Bob", "domain": "sociaal", "ago": "een minuut geleden", "area": "Alfa",
                        "text": "schoolbestuur: gebouw kan twee groepen extra aan"}
    seq = int(store.changes(con, cid)["seq"].iloc[0])
    store.undo(con, cid, seq, **BOB)  # a note can be taken back
    assert store.notes(con, cid)["text"].tolist() == ["eerste"]
    with pytest.raises(ValueError):
        store.add_note(con, cid, "   ", **ANN)


@pytest.mark.parametrize(("seconds", "nl", "en"), [(10, "zojuist", "just now"), (70, "een minuut geleden",
                                                                                    "a minute ago"),
                                                   (600, "10 minuten geleden", "10 minutes ago"),
                                                   (3 * 3600, "3 uur geleden", "3 hours ago"),
                                                   (3 * 86400, "3 dagen geleden", "3 days ago")])
def test_changed_by_x_a_minute_ago(seconds, nl, en):
    at = datetime(2026, 3, 1, 9, 0)
    now = datetime.fromtimestamp(at.timestamp() + seconds)
    last = {"author": "Ann", "domain": "fysiek", "changed_at": at}
    assert view.changed_by(last, now, "nl") == f"Laatst gewijzigd door Ann (fysiek), {nl}"
    assert view.changed_by(last, now, "en") == f"Last changed by Ann (physical), {en}"


def _state(con, cid):
    doc = document.export_case(con, cid)
    return doc, school_gaps(con, cid)


def test_case_survives_a_restart(tmp_path):
    path = tmp_path / "persist.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    cid = store.create_case(con, "Blijvend", **ANN)
    store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.add_note(con, cid, "blijft staan", **BOB)
    store.close_facility(con, cid, "S2", **BOB)
    before = _state(con, cid)
    con.close()
    con = db.connect(path)
    try:
        assert _state(con, cid) == before
        assert before[1][ALFA] == (96.0, 37.5)
        assert store.get_case(con, cid)["version"] == 4
    finally:
        con.close()


def test_json_round_trip_is_equal(tmp_path, con):
    cid = store.create_case(con, "Rond", **ANN, description="héél <b>", horizon_year=2031, area_code=ALFA)
    pid = store.add_plan(con, cid, name="p", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.update_plan(con, cid, pid, {"dwellings": 150}, **BOB)
    store.add_facility(con, cid, name="S3", type="primary_school", x=130600, y=450400, capacity=200, unit="places",
                       **BOB)
    store.set_norm(con, cid, "primary_school", {"catchment_m": 1500.0}, **ANN)
    store.add_note(con, cid, "notitie", **BOB, area_code=BRAVO)
    store.undo(con, cid, 3, **ANN)
    doc = document.export_case(con, cid)
    text = document.dumps(doc)
    other = db.connect(":memory:")
    load_fixture_db(other)
    assert document.import_case(other, document.loads(text)) == cid
    assert document.export_case(other, cid) == doc
    assert school_gaps(other, cid) == school_gaps(con, cid)
    store.undo(other, cid, 7, **BOB)  # the imported log still undoes
    with pytest.raises(document.CaseFileError, match="exists already"):
        document.import_case(con, json.loads(text))
    copy = document.import_case(con, json.loads(text), new_id=True, name="Rond (kopie)")
    assert copy != cid and store.get_case(con, copy)["name"] == "Rond (kopie)"
    assert school_gaps(con, copy) == school_gaps(con, cid)
    bad = {**doc, "plans": [{**doc["plans"][0], "area_code": "BU00000000"}]}
    with pytest.raises(document.CaseFileError, match="BU00000000"):
        document.import_case(other, bad, replace=True)
    assert document.export_case(other, cid)["case"]["version"] == 8  # the failed import changed nothing


def test_concurrent_writers_lose_nothing(tmp_path):
    """10 threads, one connection, a cursor each: notes, own plans and +10 dwellings on one shared plan."""
    path = tmp_path / "busy.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    cid = store.create_case(con, "Drukte", **ANN)
    shared = store.add_plan(con, cid, name="gedeeld", area_code=ALFA, year=2028, dwellings=0, **ANN)
    threads, rounds = 10, 4
    errors: list[BaseException] = []
    conflicts = [0]

    def worker(i: int) -> None:
        cur = con.cursor()
        who = {"author": f"Deelnemer {i}", "domain": store.DOMAINS[i % 4]}
        try:
            for r in range(rounds):
                store.add_note(cur, cid, f"notitie {i}-{r}", **who)
                store.add_plan(cur, cid, name=f"plan {i}-{r}", area_code=BRAVO, year=2030, dwellings=i + 1, **who)
                while True:  # read-modify-write with optimistic versioning, as two editors would
                    row = store.overlay_rows(cur, cid, "plan").set_index("plan_id").loc[shared]
                    try:
                        store.update_plan(cur, cid, shared, {"dwellings": row["dwellings"] + 10}, **who,
                                          expected_version=int(row["version"]))
                        break
                    except store.EditConflict:
                        conflicts[0] += 1
        except BaseException as exc:  # noqa: BLE001 - every error fails the test below
            errors.append(exc)
        finally:
            cur.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    plans = store.overlay_rows(con, cid, "plan").set_index("plan_id")
    assert plans.loc[shared, "dwellings"] == 10 * threads * rounds
    assert plans.loc[shared, "version"] == 1 + threads * rounds
    assert len(plans) == 1 + threads * rounds
    assert plans.drop(shared)["dwellings"].sum() == rounds * sum(range(1, threads + 1))
    assert len(store.notes(con, cid)) == threads * rounds
    log = store.changes(con, cid)
    assert len(log) == 2 + 3 * threads * rounds and log["seq"].tolist() == list(range(len(log), 0, -1))
    assert store.get_case(con, cid)["version"] == len(log)
    con.close()


def test_a_held_write_transaction_makes_a_case_write_wait(tmp_path):
    """Another process-like writer holds the workshop store's write lock (an open SQLite write transaction): the
    case write waits for it instead of failing, and succeeds once that transaction ends."""
    path = tmp_path / "conflict.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    cid = store.create_case(con, "C", **ANN)
    other = sa.create_engine(db_work.default_url(str(path)))
    blocker = other.connect()
    blocker.exec_driver_sql("BEGIN IMMEDIATE")
    blocker.exec_driver_sql("UPDATE cases SET version = version + 1000 WHERE case_id = ?", (cid,))
    result: dict = {}

    def write():
        try:
            result["note"] = store.add_note(con.cursor(), cid, "ondanks conflict", **BOB)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            result["error"] = exc

    th = threading.Thread(target=write)
    th.start()
    th.join(0.3)
    assert th.is_alive(), result  # waiting while the other transaction is open
    blocker.exec_driver_sql("ROLLBACK")
    blocker.close()
    other.dispose()
    th.join(10)
    assert "note" in result and store.get_case(con, cid)["version"] == 2
    con.close()


def test_conflicts_are_retried_then_given_up(con):
    """What another writer makes fail (SQLite busy, PostgreSQL serialization failure) is rolled back and run
    again; after ``attempts`` failures WriteConflict; nothing of a failed attempt stays."""
    cid = store.create_case(con, "C", **ANN)
    calls = []

    def flaky(cur):
        calls.append(1)
        db.case_bump(cur, cid)
        if len(calls) < 3:
            raise sa.exc.OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
        return db.case_version(cur, cid)

    assert db.write_retrying(con, flaky) == 2 and len(calls) == 3
    assert store.get_case(con, cid)["version"] == 2  # the two failed attempts left nothing behind
    calls.clear()

    def always(cur):
        calls.append(1)
        db.case_bump(cur, cid)
        raise sa.exc.OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(db.WriteConflict):
        db.write_retrying(con, always, attempts=2)
    assert len(calls) == 2 and store.get_case(con, cid)["version"] == 2


def test_write_retrying_does_not_retry_other_errors(con):
    calls = []

    def body(cur):
        calls.append(1)
        raise duckdb.ConstraintException("duplicate")

    with pytest.raises(duckdb.ConstraintException):
        db.write_retrying(con, body)
    assert calls == [1]
