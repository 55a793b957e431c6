"""The live workshop in lib (issue 12): the version poll and who changed what since, presence with heartbeats,
the room's share address and its QR code, undo and comparison in words, local times, the caption of the norm
in force, the one year range, the CLI on a database the app holds. Fixture numbers as in tests/test_cases.py
(GM9999: school S2 has 50 places in Charlie; the primary-school catchment is 1,000 m)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime, timedelta

import pandas as pd
import pytest
import segno

from lib.cases import compare, live, room, store, view
from lib.cli import main
from lib.core import db, gaps, inputs, overlay
from lib.overview import exports
from lib.ui import formatting as fmt
from tests.conftest import ROOT, load_fixture_db
from tests.test_security import held_open

ALFA, BRAVO, CHARLIE = "BU99990101", "BU99990102", "BU99990201"
NAMES = {ALFA: "Alfa", BRAVO: "Bravo", CHARLIE: "Charlie"}
ANN = {"author": "Ann", "domain": "fysiek"}
BOB = {"author": "Bob", "domain": "sociaal"}
T0 = datetime(2025, 6, 3, 12, 0, 0)  # UTC


# --- the poll and what changed since ----------------------------------------------------------------------------
def test_poll_is_the_case_version_and_changes_since_are_the_new_ones(con):
    cid = store.create_case(con, "Live", **ANN)
    assert live.poll(con, cid) == 1 and live.poll(con, "nope") is None
    store.add_plan(con, cid, name="Noord", area_code=ALFA, year=2028, dwellings=100, **ANN)
    store.close_facility(con, cid, "S2", **BOB)
    assert live.poll(con, cid) == 3
    new = live.changes_since(con, cid, 1)
    assert new["seq"].tolist() == [2, 3] and new["author"].tolist() == ["Ann", "Bob"]  # oldest first
    assert live.changes_since(con, cid, 3).empty
    notices = view.live_notices(new, NAMES, view.base_rows(inputs.load(con), new))
    assert notices == ["Ann (fysiek): Plan 'Noord' toegevoegd: 100 woningen in Alfa, 2028",
                       "Bob (sociaal): Voorziening 'School Twee' gesloten (50 plaatsen in Charlie)"]
    assert view.live_notices(new, NAMES, limit=1)[1] == "… en nog 1 wijziging(en)"


def test_a_case_write_keeps_the_base_data_version(con):
    """Caches of what depends on the base data alone (the baseline, the shapes) survive a workshop's writes."""
    data, base = db.data_version(con), db.base_version(con)
    cid = store.create_case(con, "Live", **ANN)
    store.add_note(con, cid, "n", **ANN)
    assert (db.data_version(con), db.base_version(con)) == (data + 2, base)
    db.bump_version(con)  # a write to the base data (imports, norms): both move
    assert (db.data_version(con), db.base_version(con)) == (data + 3, base + 1)


# --- presence -----------------------------------------------------------------------------------------------------
def test_presence_lists_who_is_here_and_forgets_who_left(con):
    cid = store.create_case(con, "Live", **ANN)
    version = db.data_version(con)
    live.heartbeat(con, cid, "s-ann", "Ann", "fysiek", at=T0)
    live.heartbeat(con, cid, "s-bram", "  Bram  ", "sociaal", at=T0 + timedelta(seconds=5))
    live.heartbeat(con, cid, "s-ann-tab2", "Ann", "fysiek", at=T0 + timedelta(seconds=6))  # a second browser tab
    live.heartbeat(con, cid, "s-new", "", "fysiek", at=T0 + timedelta(seconds=7))  # no name typed yet
    live.heartbeat(con, cid, "s-odd", "Cas", "planeet", at=T0 + timedelta(seconds=7))  # an unknown domain
    now = T0 + timedelta(seconds=10)
    here = live.present(con, cid, now=now)
    assert view.presence_list(here) == ["Ann (fysiek)", "Bram (sociaal)", "Cas (–)", "1 zonder naam"]
    assert view.presence_list(here, "en") == ["Ann (physical)", "Bram (social)", "Cas (–)", "1 without a name"]
    # 15 s without a heartbeat: gone; a session that closes the case is gone at once
    later = T0 + timedelta(seconds=20)  # s-ann was last seen at T0: 20 s ago
    assert sorted(live.present(con, cid, now=later)["session_id"]) == ["s-ann-tab2", "s-bram", "s-new", "s-odd"]
    live.leave(con, cid, "s-bram")
    assert "s-bram" not in set(live.present(con, cid, now=later)["session_id"])
    assert db.data_version(con) == version  # presence is not case data: no cache is invalidated
    # rows of long-gone sessions are removed by the next heartbeat (after 4 × 15 s)
    live.heartbeat(con, cid, "s-ann", "Ann", "fysiek", at=T0 + timedelta(seconds=68))  # 61-68 s after the others
    assert sorted(db.presence(con, cid, T0 - timedelta(days=1))["session_id"]) == ["s-ann"]


def test_presence_goes_with_the_case(con):
    cid = store.create_case(con, "Live", **ANN)
    live.heartbeat(con, cid, "s1", "Ann", "fysiek", at=T0)
    store.delete_case(con, cid)
    assert db.presence(con, cid, T0 - timedelta(days=1)).empty


@pytest.mark.parametrize("setting, seconds", [(None, 0.75), ("", 0.75), ("2", 2.0), ("0.01", 0.25), ("60", 10.0),
                                              ("snel", 0.75), ("nan", 0.75)])
def test_poll_interval_setting(setting, seconds):
    assert live.poll_seconds(setting) == seconds


# --- the room's address, the share link and its QR code --------------------------------------------------------
@pytest.mark.parametrize("kwargs, expected", [
    # the setting wins; a trailing slash is dropped, a base path kept
    ({"setting": "http://192.168.1.23:8501/"}, ("http://192.168.1.23:8501", "setting", True)),
    ({"setting": "https://vzw.example.nl/app", "server_address": "127.0.0.1"},
     ("https://vzw.example.nl/app", "setting", True)),
    # Streamlit's browser.serverAddress (localhost is its default and means: not set)
    ({"browser_address": "zaal-laptop.local", "browser_port": 80}, ("http://zaal-laptop.local", "config", True)),
    ({"browser_address": "localhost", "server_address": "", "lan": "10.0.0.7"}, ("http://10.0.0.7:8501", "lan", True)),
    # listening on every interface (Streamlit's default, or 0.0.0.0): the LAN address, with port and base path
    ({"server_address": None, "lan": "192.168.1.23"}, ("http://192.168.1.23:8501", "lan", True)),
    ({"server_address": "0.0.0.0", "lan": "192.168.1.23", "base_path": "/vzw/"},
     ("http://192.168.1.23:8501/vzw", "lan", True)),
    ({"server_address": "::", "lan": "192.168.1.23"}, ("http://192.168.1.23:8501", "lan", True)),
    # a specific address to listen on
    ({"server_address": "192.168.5.5"}, ("http://192.168.5.5:8501", "listen", True)),
    ({"server_address": "fd00::5"}, ("http://[fd00::5]:8501", "listen", True)),
    # only this machine can reach it: the browser's own address, marked as not reachable
    ({"server_address": "127.0.0.1"}, ("http://localhost:8501", "request", False)),
    ({"server_address": "127.0.0.1", "request_url": "http://127.0.0.1:8501/werksessie?case=x"},
     ("http://127.0.0.1:8501", "request", False)),
    ({"server_address": "", "lan": None, "request_url": "https://host.nl/werksessie"},
     ("https://host.nl", "request", True)),
])
def test_public_address(kwargs, expected):
    args = {"setting": None, "server_address": None, "port": 8501, "base_path": "", "request_url": None,
            "browser_address": None, "browser_port": None, "lan": None, **kwargs}
    a = room.public_address(args.pop("setting"), args.pop("server_address"), args.pop("port"), args.pop("base_path"),
                            args.pop("request_url"), **args)
    assert (a.base, a.source, a.reachable) == expected and a.problem == ""


def test_a_bad_setting_is_reported_and_ignored():
    a = room.public_address("192.168.1.23", "0.0.0.0", 8501, "", None, lan="10.1.1.1")
    assert (a.base, a.source) == ("http://10.1.1.1:8501", "lan")
    assert a.problem == "VZW_PUBLIC_URL='192.168.1.23' is not an http(s) address"


def test_lan_address_sends_nothing_and_refuses_loopback(monkeypatch):
    calls = []

    class FakeSocket:
        def __init__(self, family, kind):
            calls.append(("socket", family, kind))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def connect(self, address):
            calls.append(("connect", address))

        def getsockname(self):
            return (self.ip, 0)

        def send(self, *_):  # pragma: no cover - must never be called
            raise AssertionError("lan_address sent something")

        sendto = send

    FakeSocket.ip = "192.168.1.23"
    monkeypatch.setattr(room.socket, "socket", FakeSocket)
    assert room.lan_address() == "192.168.1.23"
    assert calls == [("socket", room.socket.AF_INET, room.socket.SOCK_DGRAM), ("connect", ("10.254.254.254", 1))]
    FakeSocket.ip = "127.0.1.1"
    assert room.lan_address() is None  # a loopback address is no use to the others

    def no_network(*_):
        raise OSError("Network is unreachable")

    FakeSocket.connect = no_network
    assert room.lan_address() is None


def test_share_url_and_qr_code():
    link = room.share_url("http://192.168.1.23:8501/", "werksessie", "merwede-2028-a1b2c3")
    assert link == "http://192.168.1.23:8501/werksessie?case=merwede-2028-a1b2c3"
    png = room.qr_png(link, scale=4)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # the picture holds exactly the QR code of the link: read it back module by module (4 px, quiet zone 2)
    import matplotlib.image as mpimg

    pixels = mpimg.imread(io.BytesIO(png), format="png")
    dark = (pixels if pixels.ndim == 2 else pixels[..., 0]) < 0.5
    expected = [list(row) for row in segno.make(link, error="m", micro=False).matrix]
    size = len(expected)
    assert dark.shape == ((size + 4) * 4, (size + 4) * 4)
    read = [[bool(dark[(r + 2) * 4 + 2, (c + 2) * 4 + 2]) for c in range(size)] for r in range(size)]
    assert read == [[bool(v) for v in row] for row in expected]
    assert not dark[:8].any() and not dark[:, :8].any()  # the quiet zone is white


# --- words: undo, comparison, the norm in force, local times ---------------------------------------------------
def test_undo_says_what_it_did(con):
    cid = store.create_case(con, "C", **ANN)
    store.close_facility(con, cid, "S2", **ANN)                                       # 2
    plan = store.add_plan(con, cid, name="Noord", area_code=ALFA, year=2028, dwellings=100, **ANN)  # 3
    store.remove_plan(con, cid, plan, **ANN)                                          # 4
    store.undo(con, cid, 2, **BOB)                                                    # 5: open again
    store.undo(con, cid, 4, **BOB)                                                    # 6: back in
    store.undo(con, cid, 3, **BOB)                                                    # 7: the addition
    store.add_note(con, cid, "let op", **ANN)                                         # 8
    store.undo(con, cid, 8, **BOB)                                                    # 9: hidden
    store.undo(con, cid, 5, **ANN)                                                    # 10: closed again
    log = store.changes(con, cid)
    what = dict(zip(log["seq"], view.change_table(log, NAMES, view.base_rows(inputs.load(con), log)).iloc[:, 4],
                    strict=True))
    assert what[5] == "Wijziging 2 ongedaan gemaakt: voorziening 'School Twee' weer open"
    assert what[6] == "Wijziging 4 ongedaan gemaakt: plan 'Noord' weer in de case"
    assert what[7] == "Wijziging 3 ongedaan gemaakt: plan 'Noord' weer weggehaald"
    assert what[9] == "Wijziging 8 ongedaan gemaakt: notitie verborgen"
    assert what[10] == "Wijziging 5 ongedaan gemaakt: voorziening 'School Twee' weer gesloten"
    assert not any("ja → –" in w or "→ –" in w for w in what.values())
    english = view.describe(log[log["seq"] == 5].iloc[0].to_dict(), NAMES, lang="en")
    assert english == "Undid change 2: facility 'School Twee' open again"


def test_undo_of_a_field_change_still_shows_the_numbers(con):
    cid = store.create_case(con, "C", **ANN)
    store.update_facility(con, cid, "S1", {"capacity": 2400.0}, **ANN)
    store.undo(con, cid, 2, **BOB)
    change = store.changes(con, cid).iloc[0].to_dict()
    assert view.describe(change, NAMES) == "Wijziging 2 ongedaan gemaakt: voorziening 'School Een': capaciteit " \
                                          "2.400 → 100"


def _tables(con, cid, year=2028):
    base = inputs.load(con)
    return (gaps.compute(base, years=[year]).table, gaps.compute(overlay.apply(con, base, cid), years=[year]).table)


def test_comparison_with_another_case_is_labelled_with_its_name(con):
    cid = store.create_case(con, "Noord", **ANN)
    store.add_plan(con, cid, name="Noord", area_code=ALFA, year=2028, dwellings=100, **ANN)
    before, after = _tables(con, cid)
    cards = compare.kpi_cards(before, after, "primary_school", 2028, against="Variant B")
    # shortfall 100 → 116: Charlie and Delta (40 and 16 children) are negligible since issue 11
    assert [c["delta"] for c in cards] == [None, "+16 (Variant B: 296)", None, "+16 (Variant B: 100)"]
    assert compare.kpi_cards(before, after, "primary_school", 2028)[1]["delta"] == "+16 (vóór: 296)"
    shown = compare.display(compare.compare(before, after, "primary_school", 2028), against="Variant B")
    assert {"Behoefte Variant B", "Behoefte na", "Saldo Variant B", "Status Variant B"} <= set(shown.columns)


def test_caption_names_the_norm_in_force(con):
    cid = store.create_case(con, "C", **ANN)
    base = inputs.load(con)
    rows = gaps.compute(base, years=[2028], types=["primary_school"]).table
    assert view.based_on(rows, "1 plaats per kind van 4-11 jaar binnen 1.000 m", False).endswith(
        "norm: 1 plaats per kind van 4-11 jaar binnen 1.000 m — " + rows["norm_source"].iloc[0])
    store.set_norm(con, cid, "primary_school", {"catchment_m": 1500.0}, **ANN)
    norm, version = view.norm_row(overlay.apply(con, base, cid).norms, store.overlay_rows(con, cid, "norm"),
                                  "primary_school")
    assert version == 1 and norm["catchment_m"] == 1500.0
    caption = view.norm_caption(norm, True)
    assert "Verzorgingsafstand (m): 1.500" in caption and caption.endswith("in deze case aangepast")
    assert view.based_on(rows, "… binnen 1.500 m", True).endswith("norm: … binnen 1.500 m (in deze case aangepast)")
    assert view.based_on(rows.iloc[0:0], "x", True) == ""


@pytest.mark.parametrize("at, nl, en", [
    (datetime(2025, 6, 3, 12, 5), "3 jun 2025 14:05", "3 Jun 2025 14:05"),          # CEST, UTC+2
    (datetime(2025, 1, 10, 23, 30), "11 jan 2025 00:30", "11 Jan 2025 00:30"),       # CET, UTC+1: the next day
    (pd.Timestamp("2025-10-26 00:59:59"), "26 okt 2025 02:59", "26 Oct 2025 02:59"),  # the last minute of summer time
    (pd.Timestamp("2025-10-26 01:00:00"), "26 okt 2025 02:00", "26 Oct 2025 02:00"),  # the clock goes back
    ("2025-03-30T01:00:00", "30 mrt 2025 03:00", "30 Mar 2025 03:00"),               # ISO text; the clock jumps
    (None, "–", "–"), (pd.NaT, "–", "–"),
])
def test_local_time(at, nl, en):
    """Local times through the one formatter (lib.ui.formatting.when; was lib.cases.view.local_time '03-06-2025')."""
    assert (fmt.when(at, "nl"), fmt.when(at, "en")) == (nl, en)


def test_lat_lon_of_an_rd_point_round_trips():
    lat, lon = view.lat_lon(155000.0, 463000.0)  # the RD origin, Amersfoort (52.1552° N, 5.3872° E)
    assert lat == pytest.approx(52.15517, abs=1e-4) and lon == pytest.approx(5.38721, abs=1e-4)
    assert store.rd_from_lonlat(lon, lat) == pytest.approx((155000.0, 463000.0), abs=0.05)
    assert view.lat_lon(None, 1.0) is None


# --- one year range ----------------------------------------------------------------------------------------------
def test_offered_years_are_base_year_to_horizon_without_earlier_imports(con):
    inp = inputs.load(con)
    earlier = inp.with_(population=pd.concat([inp.population, inp.population.assign(year=2021)]))
    assert earlier.years[0] == 2021  # imported years stay computable …
    assert earlier.offered_years == list(range(2024, 2041)) == inp.offered_years  # … but every page offers these


# --- exports name the case ---------------------------------------------------------------------------------------
def test_overview_exports_name_the_case_by_its_name(con):
    cid = store.create_case(con, "Merwede 2028", **ANN)
    view_ = exports.OverviewView(table=gaps.compute(inputs.load(con), years=[2024]).table, shapes=None, year=2024,
                                 base_year=2024, facility_type="primary_school", case=cid, case_name="Merwede 2028")
    assert view_.subtitle().endswith("scenario: Merwede 2028") and cid not in view_.subtitle()
    assert cid in view_.file_stem()  # the file name stays ASCII (the id is a slug)
    assert exports.OverviewView(table=view_.table, shapes=None, year=2024, base_year=2024).case_label is None


# --- the command line while the app holds the database ----------------------------------------------------------
def test_connect_says_who_holds_the_database(tmp_path):
    path = tmp_path / "held.duckdb"
    db.connect(path).close()
    with held_open(path) as holder:
        with pytest.raises(db.DatabaseInUse) as exc:
            db.connect(path)
        assert exc.value.pid == holder.pid and str(exc.value.path) == str(path)
        with pytest.raises(db.DatabaseInUse):
            db.connect(path, read_only=True)


@pytest.mark.parametrize("args", [["case", "list"], ["case", "export", "x"], ["case", "report", "x", "--out", "r.pdf"],
                                  ["case", "example"], ["gaps"], ["import", "norms", "NORMS"], ["init"]])
def test_cli_on_a_database_the_app_holds_says_so_in_one_line(tmp_path, args):
    path = tmp_path / "app.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    con.close()
    argv = [str(ROOT / "data" / "norms_default.csv") if a == "NORMS" else a for a in args]
    with held_open(path) as holder:
        r = subprocess.run([sys.executable, "-m", "lib", *argv, "--db", str(path)], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == main.in_use_message(db.DatabaseInUse(str(path), holder.pid))
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_cli_report_writes_a_pdf(tmp_path):
    path = tmp_path / "app.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    cid = store.create_case(con, "Rapport", **ANN)
    con.close()
    assert main.main(["case", "report", cid, "--out", str(tmp_path / "r.pdf"), "--db", str(path)]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_own_change_needs_no_notice_and_timers(con):
    cid = store.create_case(con, "Live", **ANN)
    store.add_note(con, cid, "een", **ANN)
    store.add_note(con, cid, "twee", **BOB)
    assert live.changes_since(con, cid, 1, skip=2)["seq"].tolist() == [3]
    assert live.changes_since(con, cid, 1, skip=None)["seq"].tolist() == [2, 3]
    assert live.due(None, 5.0, 100.0) and live.due(95.0, 5.0, 100.0) and not live.due(95.5, 5.0, 100.0)


def test_the_cli_works_beside_a_running_app(tmp_path):
    """The app holds the snapshot read-only (as every app process does): the CLI reads it and imports by
    switching in a new snapshot (case imports beside the app: tests/test_security.py); the holder keeps its
    snapshot until it reopens."""
    path = tmp_path / "app.duckdb"
    con = db.connect(path)
    load_fixture_db(con)
    con.close()
    before = db.snapshot_id(str(path))
    norms = tmp_path / "norms.csv"
    norms.write_text((ROOT / "data" / "norms_default.csv").read_text(encoding="utf-8"), encoding="utf-8")
    with held_open(path, read_only=True):
        for args in (["case", "list"], ["gaps"], ["import", "norms", str(norms)]):
            r = subprocess.run([sys.executable, "-m", "lib", *args, "--db", str(path)], cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
            assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr)
        assert db.snapshot_id(str(path)) != before  # the import switched a new snapshot in
    reader = db.connect(path, read_only=True)
    try:
        assert db.count_rows(reader, "norms") == len(pd.read_csv(norms))
        assert db.table(reader, "provenance")["file"].str.endswith("norms.csv").any()
    finally:
        reader.close()
