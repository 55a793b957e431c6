"""Roles through the whole app (AppTest of app.py on the embedded Utrecht data, issue 16): a lezer sees no save,
edit, upload or delete controls; a deelnemer works in a case (a plan, a note) but cannot change the base norms or
upload data; a beheerder sees all; a public address without a login configured is read-only with a banner; a login
is required once an accounts file exists, and the author of a change is the account's name.

Roles are given the way a municipality gives them: an accounts file ($VZW_ACCOUNTS) with real argon2 hashes, and
the server's listening address (Streamlit's server.address option, as ``--server.address`` sets it)."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from app_pages import shell
from lib.access import accounts, exposure
from lib.cases import store
from lib.ui.formatting import md_escape
from tests.conftest import APP

PASSWORD = "correct horse battery"
ROOM_CODE = "zuid-2026"
#: Save / edit / upload / delete controls of the Werksessie (a case open), Normen and Data pages.
CASE_WRITES = {"cs_plan_submit", "cs_note_submit", "cs_fac_place", "cs_undo"}
NORM_WRITES = {"norms_save", "woonmilieu_save"}


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    """An accounts file with one user of every role and a room code, as $VZW_ACCOUNTS."""
    accs = accounts.Accounts()
    for name, role in (("lea", "lezer"), ("dirk", "deelnemer"), ("bea", "beheerder")):
        accs = accounts.with_user(accs, name, role, PASSWORD, display_name=f"{name.capitalize()} Test")
    accs = accounts.with_room_code(accs, ROOM_CODE)
    path = tmp_path / "accounts.toml"
    accounts.save(accs, path)
    monkeypatch.setenv("VZW_ACCOUNTS", str(path))
    return path


@pytest.fixture
def public_address():
    """The server listens on all interfaces (``--server.address 0.0.0.0``) for one test."""
    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", old)


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def log_in(at: AppTest, name: str) -> AppTest:
    at.text_input(key="acc_name").input(name)
    at.text_input(key="acc_password").input(PASSWORD)
    at.button(key="acc_login_submit").click().run()
    assert not at.exception, at.exception
    return at


def keys(at: AppTest) -> set[str]:
    """The keys of every button (also form submit buttons), download button and file uploader on the page."""
    found = {b.key for b in at.button}
    found |= {e.key for e in at.get("download_button")}
    found |= {e.proto.id for e in at.get("file_uploader")}
    return {k for k in found if k}


def open_example(at: AppTest) -> AppTest:
    at.switch_page("app_pages/cases.py").run()
    at.button(key="cs_open_btn").click().run()
    assert not at.exception, at.exception
    assert at.query_params["case"] == "voorbeeld-merwede-leidsche-rijn"
    return at


def test_local_mode_is_beheerder_with_the_free_text_name(app_db, monkeypatch):
    monkeypatch.delenv("VZW_ACCOUNTS", raising=False)
    at = new_app()
    assert at.session_state["vzw_mode"] == "local" and at.session_state["vzw_role"] == "beheerder"
    assert not any("Alleen lezen" in w.value for w in at.warning)
    open_example(at)
    assert CASE_WRITES <= keys(at)
    assert any(ti.key == "who_name" for ti in at.text_input)  # today's free-text name
    at.switch_page("app_pages/norms.py").run()
    assert NORM_WRITES <= keys(at)
    at.switch_page("app_pages/agenda.py").run()  # what the lezer tests below expect to be missing is here
    assert any(a.key == "ag_note_text" for a in at.text_area) and "ag_remove" in keys(at)
    at.switch_page("app_pages/initiatives.py").run()
    assert "in_accept_INI-001" in keys(at) and any(i.key == "in_f_name" for i in at.text_input)


def test_public_address_without_login_is_read_only(app_db, monkeypatch, public_address):
    monkeypatch.delenv("VZW_ACCOUNTS", raising=False)
    at = new_app()
    assert at.session_state["vzw_mode"] == "read_only" and at.session_state["vzw_role"] == "lezer"
    banner = [w.value for w in at.warning if "Alleen lezen" in w.value]
    assert banner and "`0.0.0.0`" in banner[0] and "python -m lib accounts add" in banner[0]
    at.switch_page("app_pages/cases.py").run()
    assert "cs_new_submit" not in keys(at) and "cs_import_new_btn" not in keys(at)
    open_example(at)
    page = keys(at)
    assert not page & CASE_WRITES, page & CASE_WRITES
    assert {"cs_dl_xlsx", "cs_dl_pdf", "cs_dl_json"} <= page  # a lezer exports
    assert not any(ti.key == "who_name" for ti in at.text_input)  # no name needed to read
    at.switch_page("app_pages/norms.py").run()
    assert not keys(at) & NORM_WRITES and "norms_export" in keys(at)
    assert not any(e.key and e.key.startswith("norms_reset") for e in at.checkbox)
    at.switch_page("app_pages/data.py").run()
    assert "data_import" not in keys(at) and not at.get("file_uploader")
    assert not any(s.key == "data_kind" for s in at.selectbox)
    assert any("beheerder" in i.value for i in at.info)


def test_a_login_is_required_once_accounts_exist(app_db, accounts_file):
    at = new_app()
    assert at.session_state["vzw_mode"] == "login"
    assert at.title[0].value == "Inloggen bij de Voorzieningenwijzer"
    assert not at.metric and not at.dataframe  # nothing of the data before logging in
    at.text_input(key="acc_name").input("bea")
    at.text_input(key="acc_password").input("wrong password!")
    at.button(key="acc_login_submit").click().run()
    assert [e.value for e in at.error] == ["Onbekende gebruikersnaam of verkeerd wachtwoord."]
    assert "vzw_role" not in at.session_state
    at.text_input(key="acc_name").input("nobody")
    at.text_input(key="acc_password").input(PASSWORD)
    at.button(key="acc_login_submit").click().run()
    assert [e.value for e in at.error] == ["Onbekende gebruikersnaam of verkeerd wachtwoord."]
    log_in(at, "bea")
    assert at.session_state["vzw_role"] == "beheerder"
    assert any("Ingelogd als **Bea Test** (beheerder)" == c.value for c in at.sidebar.caption)


def test_lezer_account_sees_no_save_buttons(app_db, accounts_file):
    at = log_in(new_app(), "lea")
    assert at.session_state["vzw_role"] == "lezer"
    open_example(at)
    assert not keys(at) & CASE_WRITES
    assert any("lezer" in c.value and "wijzigen kan hier niet" in c.value for c in at.caption)
    at.switch_page("app_pages/norms.py").run()
    assert not keys(at) & NORM_WRITES
    at.switch_page("app_pages/data.py").run()
    assert "data_import" not in keys(at) and not at.get("file_uploader")


def test_deelnemer_adds_a_plan_and_a_note_but_not_base_norms_or_data(app_db, accounts_file):
    at = log_in(new_app(), "dirk")
    assert at.session_state["vzw_role"] == "deelnemer"
    open_example(at)
    assert CASE_WRITES <= keys(at)
    assert not any(ti.key == "who_name" for ti in at.text_input)  # the name is the account's
    at.text_input(key="cs_plan_name").input("Rolplan")
    at.number_input(key="cs_plan_dwellings").set_value(120)
    at.button(key="cs_plan_submit").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "Opgeslagen." for s in at.success)
    at.text_area(key="cs_note_text").input("Notitie van een deelnemer")
    at.button(key="cs_note_submit").click().run()
    assert not at.exception, at.exception
    log = store.changes(server_cursor(app_db), "voorbeeld-merwede-leidsche-rijn")
    mine = log[log["author"] == "Dirk Test"]
    assert len(mine) >= 1  # the plan, logged under the account's display name (not a typed name)
    assert "Notitie van een deelnemer" in [n.value for n in at.text]
    at.switch_page("app_pages/norms.py").run()
    assert not keys(at) & NORM_WRITES
    assert any("alleen een beheerder" in i.value for i in at.info)
    at.switch_page("app_pages/data.py").run()
    assert "data_import" not in keys(at) and not at.get("file_uploader")


def test_beheerder_account_sees_all(app_db, accounts_file):
    at = log_in(new_app(), "bea")
    open_example(at)
    assert CASE_WRITES <= keys(at)
    at.switch_page("app_pages/norms.py").run()
    assert NORM_WRITES <= keys(at)
    at.switch_page("app_pages/data.py").run()
    assert at.get("file_uploader")


def test_room_code_gives_deelnemer_with_a_free_name(app_db, accounts_file):
    at = new_app()
    at.text_input(key="acc_code").input("verkeerd-1")
    at.text_input(key="acc_room_name").input("Fatima")
    at.button(key="acc_room_submit").click().run()
    assert [e.value for e in at.error] == ["Deze zaalcode klopt niet."]
    at.text_input(key="acc_code").input(ROOM_CODE)
    at.text_input(key="acc_room_name").input("  Fatima   El Amrani ")
    at.button(key="acc_room_submit").click().run()
    assert not at.exception, at.exception
    assert at.session_state["vzw_role"] == "deelnemer"
    assert at.session_state["vzw_author"] == "Fatima El Amrani"
    # a new room code ends the sessions that joined with the old one
    accounts.save(accounts.with_room_code(accounts.load(accounts_file), "nieuwe-code"), accounts_file)
    at.run()
    assert at.title[0].value == "Inloggen bij de Voorzieningenwijzer" and "vzw_role" not in at.session_state


def test_a_refused_role_changes_nothing_even_when_the_save_runs(app_db, accounts_file):
    """The write is checked itself, not only its button: a lezer's session whose save callback runs anyway (a
    stale page from before a role change) is refused and nothing is stored."""
    at = log_in(new_app(), "dirk")
    open_example(at)
    at.text_input(key="cs_plan_name").input("Te laat")
    accs = accounts.load(accounts_file)  # meanwhile the administrator makes dirk a lezer
    accs = accounts.Accounts(accs.path, {**accs.users, "dirk": accounts.Account(
        "dirk", "lezer", accs.users["dirk"].password_hash, "Dirk Test")}, accs.room_code_hash, accs.oidc_roles)
    accounts.save(accs, accounts_file)
    at.button(key="cs_plan_submit").click().run()
    assert not at.exception, at.exception
    assert any("Dit mag je rol (lezer) niet" in e.value for e in at.error)
    plans = store.overlay_rows(server_cursor(app_db), "voorbeeld-merwede-leidsche-rijn", "plan")
    assert "Te laat" not in set(plans["name"])


def test_a_malformed_accounts_file_stops_the_app_with_file_and_key(app_db, tmp_path, monkeypatch):
    bad = tmp_path / "accounts.toml"
    bad.write_text('[users.ann]\nrole = "admin"\npassword_hash = "x"\n')
    monkeypatch.setenv("VZW_ACCOUNTS", str(bad))
    at = new_app()
    assert [e.value for e in at.error] == [
        "Het accountsbestand kan niet worden gebruikt, dus niemand kan inloggen: " + md_escape(
            f"{bad}: users.ann.role: must be one of lezer, deelnemer, beheerder (found 'admin')")]
    assert not at.title and "vzw_role" not in at.session_state


def server_cursor(app_db):
    """A cursor on the app's own connection (AppTest runs in this process; tests/test_live_app.py)."""
    return shell.root().cursor()


OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "vzw", "client_secret": "s", "server_metadata_url": "https://idp.invalid/.well-known"}}


def test_oidc_user_gets_the_role_of_the_email_in_the_accounts_file(app_db, tmp_path, monkeypatch):
    path = tmp_path / "accounts.toml"
    path.write_text('[oidc_roles]\n"ann@gemeente.nl" = "beheerder"\n')
    monkeypatch.setenv("VZW_ACCOUNTS", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets = OIDC
    at.user = {"is_logged_in": True, "email": "Ann@Gemeente.nl", "name": "Ann de Vries"}
    at.run()
    assert not at.exception, at.exception
    assert (at.session_state["vzw_mode"], at.session_state["vzw_role"]) == ("login", "beheerder")
    assert at.session_state["vzw_author"] == "Ann de Vries"
    at.user = {"is_logged_in": True, "email": "bob@gemeente.nl", "name": "Bob"}
    at.run()
    assert at.session_state["vzw_role"] == "lezer"  # not listed: lezer


def test_oidc_not_logged_in_shows_the_login_page(app_db, monkeypatch):
    monkeypatch.delenv("VZW_ACCOUNTS", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets = OIDC
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Inloggen bij de Voorzieningenwijzer" and at.session_state["vzw_mode"] == "login"
    assert at.button(key="acc_oidc_default") if exposure.authlib_installed() else \
        any("Authlib ontbreekt" in e.value for e in at.error)


def test_lezer_on_agenda_and_initiatives_sees_no_write_controls(app_db, monkeypatch, public_address):
    monkeypatch.delenv("VZW_ACCOUNTS", raising=False)
    at = open_example(new_app())  # read-only: everyone lezer
    at.switch_page("app_pages/agenda.py").run()
    assert not at.exception, at.exception
    assert not any(a.key == "ag_note_text" for a in at.text_area)
    assert not any(i.key == "ag_new_name" for i in at.text_input)
    assert not {k for k in keys(at) if k.startswith(("ag_hide_", "ag_remove", "ag_undo"))}
    at.switch_page("app_pages/initiatives.py").run()
    assert not at.exception, at.exception
    assert not any(i.key == "in_f_name" for i in at.text_input)
    assert not {k for k in keys(at) if k.startswith(("in_accept_", "in_status_save"))}


def test_deelnemer_registers_an_initiative_but_does_not_manage_the_base_data(app_db, accounts_file):
    at = log_in(new_app(), "dirk")
    at.switch_page("app_pages/initiatives.py").run()  # no case open: the base data
    assert not at.exception, at.exception
    assert any(i.key == "in_f_name" for i in at.text_input)  # registering: deelnemer
    assert not {k for k in keys(at) if k.startswith(("in_accept_", "in_status_save"))}  # accepting: beheerder
    at = log_in(new_app(), "bea")
    at.switch_page("app_pages/initiatives.py").run()
    assert {k for k in keys(at) if k.startswith("in_accept_")} and "in_status_save" in keys(at)


def test_only_a_beheerder_deletes_a_case(app_db, accounts_file):
    at = log_in(new_app(), "dirk")
    open_example(at)
    assert "cs_delete_btn" not in keys(at)  # a deelnemer works in cases but does not delete them
    at = log_in(new_app(), "bea")
    open_example(at)
    assert at.button(key="cs_delete_btn").disabled  # not before the confirmation
    at.checkbox(key="cs_delete_ok").check().run()
    at.button(key="cs_delete_btn").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "De werksessie is verwijderd." for s in at.success)
    assert "case" not in at.query_params
    assert store.list_cases(server_cursor(app_db)).empty
