"""Rooms and initiatives in the database: the two importers (every bad input as file:row:column, nothing changes
on error), the time-sharing stand-in rooms, registering and accepting (free-hours bookkeeping), statuses, the
workshop-case overlay and the CLI. On the four-buurt fixture municipality (tests/conftest.py):

    Alfa centre (130500, 450500), Bravo (131500, 450500), Charlie (132500, 450500)
    S1 school (131000, 450500): room aula, zaal 60 m², accessible; free day 10−6 = 4, evening 10−7 = 3, weekend 0
    S2 school (132500, 450500): room keuken, 30 m², not accessible; free evening 6−2 = 4
    H1 sports hall (131500, 450700), 2 units, no rooms imported → stand-in room 'timesharing'

    N1 Alfa zaal 10 p 3 h evening → aula, 500 m (30 participant-hours)
    N2 Charlie keuken 5 p 2 h evening, accessible needed → not_accessible
    N3 Bravo sporthal 10 p 2 h weekend → H1 stand-in, 200 m
    N4 Bravo zaal 8 p 3 h evening → aula too (500 m) but 24 < 30 participant-hours → hours_taken
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib.cases import document as case_file
from lib.cases import store as case_store
from lib.cases import view as case_view
from lib.cli import main as cli
from lib.core import db, inputs, pipeline
from lib.core import rooms as model
from lib.ingest import importing
from lib.ingest.problems import ImportFailed
from lib.initiatives import matching, store, supply
from lib.sharing import timesharing
from tests.conftest import load_fixture_db
from tests.sharing_fixtures import make_inputs, school_norm
from tests.test_importers import find, refused, write_text

ROOMS_HEAD = ("facility_id,room_id,room_type,area_m2,accessible,bookable_hours_weekday_day,"
              "bookable_hours_weekday_evening,bookable_hours_weekend,booked_hours_weekday_day,"
              "booked_hours_weekday_evening,booked_hours_weekend\n")
ROOMS = ROOMS_HEAD + "S1,aula,zaal,60,true,10,10,0,6,7,0\nS2,keuken,keuken,30,false,0,6,0,0,2,0\n"
INI_HEAD = ("initiative_id,name,organiser,area_code,activity,participants,hours_per_week,time_block,room_type,"
            "accessible_required,max_distance_m\n")
INITIATIVES = INI_HEAD + (
    "N1,Repaircafé Alfa,Buren Alfa,BU99990101,repareren,10,3,weekday_evening,zaal,false,\n"
    "N2,Koken Charlie,Buren Charlie,BU99990201,koken,5,2,weekday_evening,keuken,true,\n"
    "N3,Zaalsport Bravo,Buren Bravo,BU99990102,,10,2,weekend,sporthal,false,\n"
    "N4,Huiswerk Bravo,Buren Bravo,BU99990102,,8,3,weekday_evening,zaal,false,1200\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("ini")
    path = d / "fixture.duckdb"
    c = db.connect(path)
    load_fixture_db(c)
    importing.import_file(c, "rooms", write_text(d, "rooms.csv", ROOMS))
    importing.import_file(c, "initiatives", write_text(d, "initiatives.csv", INITIATIVES))
    c.execute("CHECKPOINT")
    c.close()
    return path


@pytest.fixture
def db_path(template, tmp_path) -> Path:
    path = tmp_path / "fixture.duckdb"
    shutil.copy(template, path)
    return path


@pytest.fixture
def con(db_path):
    c = db.connect(db_path)
    yield c
    c.close()


def result(con, case: str | None = None) -> matching.MatchResult:
    inp = pipeline.inputs(con, case)
    return store.scenario(con, inp, case, timesharing.block_hours(inp, inp.base_year))


def as_(case_id: str, author: str = "Ann", domain: str = "sociaal") -> store.CaseWrites:
    """Changes into a workshop case, by ``author`` — as the page hands them to lib.initiatives.store."""
    return store.CaseWrites(case_id, case_store.add_initiative, case_store.update_initiative, author, domain)


def rows(res) -> pd.DataFrame:
    return res.rows.set_index("initiative_id")


# --- importers ----------------------------------------------------------------------------------------------

def test_import_and_match(con):
    r = rows(result(con))
    assert r.loc["N1", ["facility_id", "room_id", "match"]].tolist() == ["S1", "aula", "proposed"]
    assert r.loc["N1", "distance_m"] == pytest.approx(500.0)
    assert r.loc["N2", "reason"] == "not_accessible"
    assert r.loc["N3", ["facility_id", "room_id", "room_source"]].tolist() == ["H1", "timesharing", "timesharing"]
    assert r.loc["N3", "distance_m"] == pytest.approx(200.0)
    assert r.loc["N4", ["reason", "max_distance_m"]].tolist() == ["hours_taken", 1200.0]
    assert r.loc["N2", "max_distance_m"] == 1000.0  # blank = the default from data/initiatives_assumptions.csv
    prov = db.table(con, "provenance").iloc[-1]
    assert prov["summary"] == "4 initiatives, 33 participants"


def test_stand_in_room_of_the_sports_hall(con):
    """H1 has 2 units: bookable 2 × 25 evening and 2 × 16 weekend hours, no daytime hours, 1,300 m² (one
    sporthal, data/standard_sizes.csv), accessibility unknown; booked = the model's club use."""
    rm = result(con).rooms.set_index("key").loc["H1/timesharing"]
    assert rm[["bookable_weekday_day", "bookable_weekday_evening", "bookable_weekend"]].tolist() == [0, 50, 32]
    assert rm["area_m2"] == 1300 and rm["accessible"] is None and rm["room_type"] == "sporthal"
    inp = inputs.load(con)
    used = timesharing.run(inp, inp.base_year).facilities.set_index("id").at["H1", "evening_weekend_used_h"]
    assert rm["booked_weekday_evening"] + rm["booked_weekend"] == pytest.approx(used)
    assert rm["booked_weekday_evening"] == pytest.approx(used * 50 / 82)


def test_gym_stand_in_hours_by_hand():
    """A gymzaal with nobody aged 6-11 around: daytime 26.25 h free; evenings 25 h of which half let to clubs =
    12.5 free; weekend 16 h, half let = 8 free (data/timesharing_assumptions.csv)."""
    inp = make_inputs([("BU1", 0, 0)], [("BU1", 15, 64, 100)], [("G1", "Gym", "gym", 100, 0, 1, "facilities")],
                      [school_norm()])
    rm = supply.offered(inp, pd.DataFrame(columns=db.ROOM_FIELDS), timesharing.block_hours(inp, 2024))
    rm = rm.set_index("key").loc["G1/timesharing"]
    assert rm["bookable_weekday_day"] - rm["booked_weekday_day"] == pytest.approx(26.25)
    assert rm["bookable_weekday_evening"] - rm["booked_weekday_evening"] == pytest.approx(12.5)
    assert rm["bookable_weekend"] - rm["booked_weekend"] == pytest.approx(8.0)
    assert (rm["room_type"], rm["area_m2"]) == ("gymzaal", 252.0)


def test_rooms_of_a_facility_are_replaced_as_a_set(con, tmp_path):
    importing.import_file(con, "rooms", write_text(tmp_path, "rooms2.csv",
                                                   ROOMS_HEAD + "S2,werkplaats,werkplaats,40,true,0,5,0,0,0,0\n"))
    assert sorted(map(tuple, db.rooms(con)[["facility_id", "room_id"]].to_numpy())) == \
        [("S1", "aula"), ("S2", "werkplaats")]


@pytest.mark.parametrize("line, row, column, text", [
    ("XX,aula,zaal,60,true,1,1,1,0,0,0", 2, "facility_id", "unknown facility 'XX'"),
    ("S1,aula,bioscoop,60,true,1,1,1,0,0,0", 2, "room_type", "'bioscoop' is not a room type"),
    ("S1,aula,zaal,-5,true,1,1,1,0,0,0", 2, "area_m2", "below the minimum"),
    ("S1,aula,zaal,0,true,1,1,1,0,0,0", 2, "area_m2", "greater than 0"),
    ("S1,aula,zaal,60,misschien,1,1,1,0,0,0", 2, "accessible", "'misschien' is not true or false"),
    ("S1,aula,zaal,60,true,1,4,1,0,5,0", 2, "booked_hours_weekday_evening", "5 hours booked but only 4 bookable"),
    ("S1,aula,zaal,60,true,1,31,1,0,0,0", 2, "bookable_hours_weekday_evening", "implausibly large (maximum 30)"),
    ("S1,aula,zaal,60,true,veel,1,1,0,0,0", 2, "bookable_hours_weekday_day", "'veel' is not a number"),
    ("S1,,zaal,60,true,1,1,1,0,0,0", 2, "room_id", "empty value"),
])
def test_bad_rooms(con, tmp_path, line, row, column, text):
    problems = refused(con, "rooms", write_text(tmp_path, "rooms_bad.csv", ROOMS_HEAD + line + "\n"))
    find(problems, row, column, text)


def test_bad_rooms_every_problem_at_once_and_missing_columns(con, tmp_path):
    text = ROOMS_HEAD + ("S1,aula,zaal,60,true,1,1,1,0,0,0\nS1,aula,zaal,60,true,1,1,1,0,0,0\n"
                         "S9,x,keuken,1,ja,1,1,1,0,0,0\n")
    problems = refused(con, "rooms", write_text(tmp_path, "rooms_dup.csv", text))
    find(problems, 3, "facility_id", "duplicate key (S1, aula); first seen in row 2")
    find(problems, 4, "facility_id", "unknown facility 'S9'")
    problems = refused(con, "rooms", write_text(tmp_path, "rooms_cols.csv", "facility_id,room_id\nS1,aula\n"))
    find(problems, 1, "room_type", "missing column 'room_type'")
    assert str(problems[0]).startswith("rooms_cols.csv:1:room_type: missing column")


def test_rooms_import_keeps_coupled_rooms_and_their_hours(con, tmp_path):
    res = result(con)
    store.accept_proposal(con, res, "N1")
    problems = refused(con, "rooms", write_text(tmp_path, "rooms_gone.csv", ROOMS_HEAD + "S1,zaal2,zaal,60,true,"
                                                                             "1,10,1,0,0,0\n"))
    find(problems, None, "room_id", "room S1/aula is missing, but initiative(s) N1 are coupled to it")
    problems = refused(con, "rooms", write_text(tmp_path, "rooms_full.csv", ROOMS_HEAD + "S1,aula,zaal,60,true,"
                                                                             "10,10,0,6,8,0\n"))
    find(problems, 2, "booked_hours_weekday_evening", "leaves 2 hours for initiatives, but N1 are coupled")


@pytest.mark.parametrize("line, row, column, text", [
    ("X1,Naam,Org,BU00000000,,10,2,weekend,zaal,false,", 2, "area_code", "unknown area code 'BU00000000'"),
    ("X1,Naam,Org,GM9999,,10,2,weekend,zaal,false,", 2, "area_code", "is a gemeente"),
    ("X1,Naam,Org,BU99990101,,0,2,weekend,zaal,false,", 2, "participants", "below the minimum 1"),
    ("X1,Naam,Org,BU99990101,,2.5,2,weekend,zaal,false,", 2, "participants", "not a whole number"),
    ("X1,Naam,Org,BU99990101,,10,0.3,weekend,zaal,false,", 2, "hours_per_week", "not a whole number of quarter"),
    ("X1,Naam,Org,BU99990101,,10,0,weekend,zaal,false,", 2, "hours_per_week", "greater than 0"),
    ("X1,Naam,Org,BU99990101,,10,31,weekday_evening,zaal,false,", 2, "hours_per_week", "do not fit in the block"),
    ("X1,Naam,Org,BU99990101,,10,2,zondag,zaal,false,", 2, "time_block", "'zondag' is not a time block"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,kerk,false,", 2, "room_type", "'kerk' is not a room type"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,soms,", 2, "accessible_required", "'soms' is not true or false"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,false,-100", 2, "max_distance_m", "below the minimum"),
    ("X1,,Org,BU99990101,,10,2,weekend,zaal,false,", 2, "name", "empty value"),
    ("X1,Naam,Org,BU99990101,,tien,2,weekend,zaal,false,", 2, "participants", "'tien' is not a number"),
])
def test_bad_initiatives(con, tmp_path, line, row, column, text):
    problems = refused(con, "initiatives", write_text(tmp_path, "ini_bad.csv", INI_HEAD + line + "\n"))
    find(problems, row, column, text)


COUPLED_HEAD = INI_HEAD.strip() + ",status,facility_id,room_id\n"


@pytest.mark.parametrize("line, row, column, text", [
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,false,,klaar,,", 2, "status", "'klaar' is not a status"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,false,,gekoppeld,,", 2, "facility_id", "needs the facility_id"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,false,,aangemeld,S1,aula", 2, "status", "a room is given"),
    ("X1,Naam,Org,BU99990101,,10,2,weekend,zaal,false,,lopend,S1,zolder", 2, "room_id", "no room S1/zolder"),
    ("X1,Naam,Org,BU99990101,,10,2,weekday_evening,zaal,false,,lopend,S2,keuken", 2, "room_id",
     "is a keuken, which does not serve a zaal need"),
    ("X1,Naam,Org,BU99990101,,10,4,weekday_evening,zaal,false,,gekoppeld,S1,aula", 2, "hours_per_week",
     "room S1/aula has 3 hours a week for initiatives in weekday_evening; the coupled initiatives need 4"),
])
def test_bad_couplings(con, tmp_path, line, row, column, text):
    problems = refused(con, "initiatives", write_text(tmp_path, "ini_coupled.csv", COUPLED_HEAD + line + "\n"))
    find(problems, row, column, text)


def test_coupled_initiatives_import(con, tmp_path):
    text = COUPLED_HEAD + "X1,Loopgroep,Org,BU99990102,,10,2,weekend,gymzaal,false,,lopend,H1,timesharing\n" \
                          "X2,Zangers,Org,BU99990101,,10,3,weekday_evening,zaal,false,,gekoppeld,S1,aula\n"
    importing.import_file(con, "initiatives", write_text(tmp_path, "ini_ok.csv", text))
    r = rows(result(con))
    assert r.loc[["X1", "X2"], "match"].tolist() == ["accepted", "accepted"]
    assert r.loc["N1", "reason"] == "no_free_hours"   # X2 holds all 3 evening hours of the aula


def test_one_bad_row_leaves_everything_unchanged(con, tmp_path):
    text = INI_HEAD + "Y1,Goed,Org,BU99990101,,10,2,weekend,zaal,false,\nY2,Fout,Org,BU99990101,,10,2,weekend,zaal,x,\n"
    problems = refused(con, "initiatives", write_text(tmp_path, "ini_mixed.csv", text))
    assert [str(p) for p in problems] == ["ini_mixed.csv:3:accessible_required: 'x' is not true or false"]
    assert "Y1" not in set(db.initiatives(con)["initiative_id"])


def test_cli_import_exits_1_with_every_problem(db_path, tmp_path, capsys):
    bad = write_text(tmp_path, "ini_cli.csv", INI_HEAD + "Z1,Naam,Org,BU99990101,,0,2,weekend,zaal,false,\n")
    assert cli.main(["import", "initiatives", str(bad), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["ini_cli.csv:2:participants: 0 is below the minimum 1",
                   "import failed: 1 problem(s); nothing was changed"]


# --- registering, accepting, statuses -----------------------------------------------------------------------

FORM = {"name": "Buurtlunch Alfa", "organiser": "Buren", "area_code": "BU99990101", "activity": "lunch",
        "participants": 6, "hours_per_week": 2.0, "time_block": "weekday_day", "room_type": "zaal",
        "accessible_required": True, "max_distance_m": 800}


def test_register_from_the_form_in_the_base_data(con):
    iid = store.add(con, FORM)
    row = db.initiative_get(con, iid)
    assert (row["status"], row["source"], row["participants"], row["max_distance_m"]) == ("aangemeld", "formulier", 6,
                                                                                         800.0)
    r = rows(result(con))
    assert r.loc[iid, ["room_id", "distance_m"]].tolist() == ["aula", pytest.approx(500.0)]


def test_bad_form_is_refused_with_every_problem(con):
    before = db.initiatives(con)
    with pytest.raises(store.Refused) as info:
        store.add(con, {**FORM, "name": "", "participants": 0, "hours_per_week": 1.1, "area_code": "BU00000000"})
    assert info.value.code == "invalid"
    assert info.value.problems == ["name: empty value", "area_code: unknown area code 'BU00000000'",
                                   "participants: 0 is below the minimum 1",
                                   "hours_per_week: 1.1 is not a whole number of quarter hours (use e.g. 1.5 or 2.25)"]
    pd.testing.assert_frame_equal(before, db.initiatives(con))


def aula_of(res) -> dict:
    return res.rooms[res.rooms["key"] == "S1/aula"].iloc[0].to_dict()


def test_accepting_books_the_hours_for_everyone_else(con):
    """Accept N4 (3 h) into the aula by hand: its 3 free evening hours are then held, N1 finds none."""
    res = result(con)
    store.accept(con, db.initiative_get(con, "N4"), aula_of(res))
    assert db.initiative_get(con, "N4")["status"] == "gekoppeld"
    after = result(con)
    r = rows(after)
    assert r.loc["N4", ["match", "room_id"]].tolist() == ["accepted", "aula"]
    assert r.loc["N1", "reason"] == "no_free_hours"
    rm = after.rooms.set_index("key").loc["S1/aula"]
    assert rm[["held_weekday_evening", "free_weekday_evening", "free_weekday_day"]].tolist() == [3.0, 0.0, 4.0]
    # the stale proposal for N1 (same room, same hours) is refused; nothing changes
    with pytest.raises(store.Refused) as info:
        store.accept_proposal(con, res, "N1")
    assert info.value.code == "no_hours"
    assert "has 0 free hours in weekday_evening; N1 needs 3" in str(info.value)
    assert db.initiative_get(con, "N1")["status"] == "aangemeld"
    # stopping N4 gives the hours back (its room stays on record)
    store.set_status(con, db.initiative_get(con, "N4"), "gestopt")
    assert db.initiative_get(con, "N4")["room_id"] == "aula"
    assert rows(result(con)).loc["N1", "room_id"] == "aula"


def test_status_rules(con):
    n1 = db.initiative_get(con, "N1")
    with pytest.raises(store.Refused, match="only a coupled initiative can start running"):
        store.set_status(con, n1, "lopend")
    with pytest.raises(store.Refused, match="accept a proposed room"):
        store.set_status(con, n1, "gekoppeld")
    store.accept_proposal(con, result(con), "N1")
    store.set_status(con, db.initiative_get(con, "N1"), "lopend")
    assert db.initiative_get(con, "N1")["status"] == "lopend"
    store.set_status(con, db.initiative_get(con, "N1"), "aangemeld")
    row = db.initiative_get(con, "N1")
    assert (row["status"], row["facility_id"], row["room_id"]) == ("aangemeld", None, None)


# --- workshop case -----------------------------------------------------------------------------------------

def test_case_overlay_never_changes_the_base_data(con):
    cid = case_store.create_case(con, "Initiatieven", author="Ann", domain="sociaal")
    base_before = db.initiatives(con)
    iid = store.add(con, FORM, as_(cid))
    store.accept_proposal(con, result(con, cid), "N1", as_(cid))
    pd.testing.assert_frame_equal(base_before, db.initiatives(con))
    assert iid in set(store.for_case(con, cid)["initiative_id"])
    assert iid not in set(store.for_case(con, None)["initiative_id"])
    in_case = rows(result(con, cid))
    assert in_case.loc["N1", ["status", "match", "room_id"]].tolist() == ["gekoppeld", "accepted", "aula"]
    assert rows(result(con)).loc["N1", ["status", "match"]].tolist() == ["aangemeld", "proposed"]
    log = case_store.changes(con, cid)
    assert log["kind"].tolist()[:2] == ["initiative", "initiative"]
    assert log["author"].iloc[0] == "Ann"
    # undo the acceptance: N1 is registered again, in the case only
    case_store.undo(con, cid, int(log["seq"].iloc[0]), author="Ann", domain="sociaal")
    assert rows(result(con, cid)).loc["N1", ["status", "match"]].tolist() == ["aangemeld", "proposed"]


def test_case_writes_need_a_name(con):
    cid = case_store.create_case(con, "Zonder naam", author="Ann", domain="sociaal")
    with pytest.raises(ValueError, match="display name"):
        store.add(con, FORM, as_(cid, author=""))


def test_closing_a_facility_in_a_case_takes_its_rooms(con):
    cid = case_store.create_case(con, "S1 dicht", author="Bo", domain="fysiek")
    store.accept_proposal(con, result(con, cid), "N1", as_(cid, "Bo", "fysiek"))
    case_store.close_facility(con, cid, "S1", author="Bo", domain="fysiek")
    r = rows(result(con, cid))
    assert bool(r.loc["N1", "room_missing"]) and r.loc["N1", "reason"] == "no_room_in_reach"
    assert "S1/aula" in set(result(con).rooms["key"])  # the base data still has the room


def test_case_file_round_trip_keeps_initiatives(con, tmp_path):
    cid = case_store.create_case(con, "Export", author="Ann", domain="sociaal")
    iid = store.add(con, FORM, as_(cid))
    doc = case_file.export_case(con, cid)
    assert [r["initiative_id"] for r in doc["initiatives"]] == [iid]
    other = db.connect(tmp_path / "other.duckdb")
    load_fixture_db(other)
    case_file.import_case(other, json.loads(case_file.dumps(doc)))
    assert case_file.export_case(other, cid) == doc
    other.close()


# --- CLI ------------------------------------------------------------------------------------------------------

def test_cli_match_csv_and_json(db_path, capsys):
    assert cli.main(["initiatives", "match", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    lines = list(csv.reader(io.StringIO(out)))  # text cells quoted and neutralised, numbers at full precision
    assert lines[0][:7] == ["initiative_id", "facility_id", "room_id", "distance_m", "hours", "time_block", "reason"]
    assert lines[1][:9] == ["N1", "S1", "aula", "500", "3.0", "weekday_evening", "", "Repaircafé Alfa", "aangemeld"]
    assert lines[2][:7] == ["N2", "", "", "", "2.0", "weekday_evening", "not_accessible"]
    assert lines[4][:7] == ["N4", "", "", "", "3.0", "weekday_evening", "hours_taken"]
    assert "note: optimal; 2 proposed, 0 accepted, 2 not housed; 50 participant-hours" in err
    assert "time-sharing model" in err and "illustrative" not in err
    assert cli.main(["initiatives", "match", "--db", str(db_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[2]["initiative_id"] == "N3" and data[2]["room_source"] == "timesharing"
    assert data[2]["distance_m"] == 200


def test_cli_match_in_a_case(db_path, capsys):
    c = db.connect(db_path)
    cid = case_store.create_case(c, "CLI case", author="Ann", domain="sociaal")
    store.accept(c, db.initiative_get(c, "N4"), aula_of(result(c, cid)), as_(cid))
    c.close()
    assert cli.main(["initiatives", "match", "--case", "CLI case", "--db", str(db_path)]) == 0
    out = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert out[4][:7] == ["N4", "S1", "aula", "500", "3.0", "weekday_evening", ""]
    assert out[1][:7] == ["N1", "", "", "", "3.0", "weekday_evening", "no_free_hours"]


def test_cli_problems_are_one_line_and_non_zero(db_path, tmp_path, capsys):
    assert cli.main(["initiatives", "match", "--case", "geen", "--db", str(db_path)]) == 2
    assert capsys.readouterr().err.strip() == "no case named 'geen'"
    missing = tmp_path / "nothing.duckdb"
    assert cli.main(["initiatives", "match", "--db", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"no database at {missing}: run 'python -m lib build' first"


def test_cli_database_without_the_new_tables(tmp_path, capsys):
    import duckdb

    old = tmp_path / "old.duckdb"
    c = duckdb.connect(str(old))
    c.execute(db.SCHEMA.split("-- initiatives seek space")[0])
    c.close()
    assert cli.main(["initiatives", "match", "--db", str(old)]) == 2
    assert "has no rooms or initiatives yet" in capsys.readouterr().err


def test_assumptions_are_labelled():
    a = model.assumptions()
    assert set(a["status"]) <= {"sourced", "derived", "assumption"}
    assert a["source"].str.len().min() > 20
    for rtype in model.ROOM_TYPES:
        assert model.m2_per_participant(rtype) > 0
    assert model.default_max_distance_m() == 1000.0


def test_import_failure_is_importfailed_not_a_crash(con, tmp_path):
    with pytest.raises(ImportFailed):
        importing.import_file(con, "rooms", tmp_path / "absent.csv")


def test_case_change_log_describes_initiative_changes(con):
    cid = case_store.create_case(con, "Log", author="Ann", domain="sociaal")
    store.add(con, {**FORM, "initiative_id": "NEW"}, as_(cid))
    store.accept_proposal(con, result(con, cid), "NEW", as_(cid))
    names = dict(zip(db.area_names(con)["code"], db.area_names(con)["name"], strict=True))
    texts = case_view.change_table(case_store.changes(con, cid), names, lang="nl").iloc[:, 4].tolist()
    assert texts[0] == "Initiatief 'Buurtlunch Alfa': voorziening – → S1, ruimte – → aula, status aangemeld → gekoppeld"
    assert texts[1] == "Initiatief 'Buurtlunch Alfa' aangemeld in Alfa"
