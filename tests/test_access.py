"""lib.access (issue 16): the permission table, the accounts file with real argon2 hashes and the room code, the
exposure decision per listening address, and the ``python -m lib accounts`` command (one-line errors, exit 1)."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.access import accounts, exposure, roles
from lib.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def accs():
    a = accounts.with_user(accounts.Accounts(), "ann", "beheerder", PASSWORD, display_name="Ann  de Vries")
    a = accounts.with_user(a, "piet", "lezer", "another password")
    return accounts.with_room_code(a, "zuid-2026")


# --- the permission table ---------------------------------------------------------------------------------------

def test_permission_table_role_by_role():
    allowed = {role: {a for a in roles.ACTIONS if roles.can(role, a)} for role in roles.ROLES}
    assert allowed["lezer"] == {"view", "export"}
    assert allowed["deelnemer"] == {"view", "export", "case_create", "case_edit", "note", "initiative_register"}
    assert allowed["beheerder"] == set(roles.ACTIONS)
    for base in ("norms_edit", "woonmilieu_edit", "data_upload", "case_delete", "initiative_manage"):
        assert not roles.can("deelnemer", base) and roles.can("beheerder", base)


def test_no_role_may_do_nothing_and_an_unknown_action_is_an_error():
    assert not any(roles.can(None, a) for a in roles.ACTIONS)
    assert not roles.can("admin", "view")
    with pytest.raises(KeyError):
        roles.can("beheerder", "launch_rockets")
    with pytest.raises(ValueError, match="unknown role 'admin'"):
        roles.check_role("admin")


# --- passwords and the room code -----------------------------------------------------------------------------------

def test_password_hash_is_argon2id_and_verifies(accs):
    ann = accs.users["ann"]
    assert ann.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in accounts.dumps(accs)
    assert accounts.authenticate(accs, "ann", PASSWORD) == ann
    assert accounts.authenticate(accs, " ann ", PASSWORD) == ann
    assert ann.author == "Ann de Vries"  # whitespace normalised
    assert accs.users["piet"].author == "piet"  # no display name: the user name
    assert "password_hash" not in repr(ann)


def test_wrong_password_and_unknown_user_are_refused_alike(accs):
    assert accounts.authenticate(accs, "ann", "correct horse batter") is None
    assert accounts.authenticate(accs, "ann", "") is None
    assert accounts.authenticate(accs, "ann", "x" * 5000) is None
    assert accounts.authenticate(accs, "piet", PASSWORD) is None  # another user's password
    # an unknown name is checked against a dummy hash: no quick answer that tells which names exist
    start = time.perf_counter()
    assert accounts.authenticate(accs, "nobody", PASSWORD) is None
    assert time.perf_counter() - start > 0.005


def test_two_hashes_of_one_password_differ_and_both_verify():
    h1, h2 = accounts.hash_secret("s3cret-code"), accounts.hash_secret("s3cret-code")
    assert h1 != h2  # a random salt each time
    assert accounts.verify(h1, "s3cret-code") and accounts.verify(h2, "s3cret-code")
    assert not accounts.verify("not a hash", "s3cret-code")


def test_room_code(accs):
    assert accounts.room_code_ok(accs, "zuid-2026")
    assert accounts.room_code_ok(accs, "  zuid-2026 ")
    assert not accounts.room_code_ok(accs, "zuid-2027")
    assert not accounts.room_code_ok(accs, "")
    assert not accounts.room_code_ok(accounts.with_room_code(accs, None), "zuid-2026")
    assert accounts.ROOM_ROLE == "deelnemer"
    with pytest.raises(accounts.AccountsError, match="room code is too short: at least 6"):
        accounts.with_room_code(accs, "abc")


def test_oidc_roles_by_email_default_lezer():
    a = accounts.parse('[oidc_roles]\n"Ann@Gemeente.NL" = "beheerder"\n', "x.toml")
    assert accounts.oidc_role(a, "ann@gemeente.nl") == "beheerder"
    assert accounts.oidc_role(a, " ANN@gemeente.nl") == "beheerder"
    assert accounts.oidc_role(a, "bob@gemeente.nl") == "lezer"
    assert accounts.oidc_role(a, None) == "lezer"
    assert not a.configured  # OIDC roles alone let nobody log in with the file


def test_file_round_trip_keeps_everything(accs, tmp_path):
    a = accounts.with_user(accs, "o.brien@x", "deelnemer", "yet another pw", display_name='Ó "Brien"\t\x7f ✓')
    a = accounts.Accounts(a.path, a.users, a.room_code_hash, {"ann@gemeente.nl": "beheerder"})
    path = tmp_path / "sub" / "accounts.toml"
    accounts.save(a, path)
    assert path.stat().st_mode & 0o777 == 0o600
    back = accounts.load(path)
    assert back.users == a.users and back.room_code_hash == a.room_code_hash and back.oidc_roles == a.oidc_roles
    assert back.users["o.brien@x"].display_name == 'Ó "Brien" \x7f ✓'
    assert not list(path.parent.glob(".accounts-*"))  # no temporary file left


def test_adding_a_user_again_changes_role_and_password_and_keeps_the_display_name(accs):
    a = accounts.with_user(accs, "ann", "deelnemer", "a new password")
    assert a.users["ann"].role == "deelnemer" and a.users["ann"].display_name == "Ann de Vries"
    assert accounts.authenticate(a, "ann", "a new password") and not accounts.authenticate(a, "ann", PASSWORD)


@pytest.mark.parametrize(("name", "password", "message"), [
    ("ann smith", PASSWORD, "user name 'ann smith': letters, digits"),
    ("", PASSWORD, "user name '': letters"),
    ("ann", "short", "password is too short: at least 10"),
])
def test_bad_new_users_are_refused(name, password, message):
    with pytest.raises(accounts.AccountsError, match=message):
        accounts.with_user(accounts.Accounts(), name, "lezer", password)


# --- a malformed accounts file: the file and the key ----------------------------------------------------------------

HASH = accounts.hash_secret("some password here")


@pytest.mark.parametrize(("text", "message"), [
    ("[users\n", "not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 7)"),
    ("[admins.ann]\n", "admins: unknown section (known: users, room, oidc_roles)"),
    ('users = "ann"\n', "users: must be a table of users ([users.NAME])"),
    (f'[users.ann]\nrole = "admin"\npassword_hash = "{HASH}"\n',
     "users.ann.role: must be one of lezer, deelnemer, beheerder (found 'admin')"),
    ('[users.ann]\nrole = "lezer"\n', "users.ann.password_hash: missing (an argon2 hash"),
    ('[users.ann]\nrole = "lezer"\npassword_hash = "geheim123"\n',
     "users.ann.password_hash: not an argon2 hash (make one with 'python -m lib accounts'; never store a plain"),
    (f'[users.ann]\nrole = "lezer"\npassword_hash = "{HASH}"\npasword = "x"\n',
     "users.ann.pasword: unknown key (known: role, password_hash, display_name)"),
    (f'[users.ann]\nrole = "lezer"\npassword_hash = "{HASH}"\ndisplay_name = "  "\n',
     "users.ann.display_name: must be a non-empty text"),
    (f'[users."ann smith"]\nrole = "lezer"\npassword_hash = "{HASH}"\n', "users.ann smith: a user name has letters"),
    ('[room]\ncode = "zuid-2026"\n', "room.code: unknown key (known: code_hash)"),
    ('[room]\ncode_hash = "zuid-2026"\n', "room.code_hash: not an argon2 hash"),
    ('[oidc_roles]\nann = "beheerder"\n', "oidc_roles.ann: the key must be an e-mail address"),
    ('[oidc_roles]\n"ann@x.nl" = "baas"\n', "oidc_roles.ann@x.nl: must be one of lezer, deelnemer, beheerder"),
])
def test_malformed_file_names_file_and_key(tmp_path, text, message):
    path = tmp_path / "accounts.toml"
    path.write_text(text)
    with pytest.raises(accounts.AccountsError) as err:
        accounts.load(path)
    assert str(err.value).startswith(f"{path}: {message}")


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(accounts.AccountsError, match="the accounts file does not exist"):
        accounts.load(tmp_path / "nope.toml")
    assert not accounts.load(tmp_path / "nope.toml", missing_ok=True).configured
    assert accounts.load(None) == accounts.Accounts()
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe[users]")
    with pytest.raises(accounts.AccountsError, match="bin.toml: cannot be read"):
        accounts.load(tmp_path / "bin.toml")


def test_which_file(tmp_path):
    assert accounts.accounts_path({"VZW_ACCOUNTS": "/x/a.toml"}, tmp_path) == Path("/x/a.toml")
    assert accounts.accounts_path({}, tmp_path) is None
    assert accounts.accounts_path({"VZW_ACCOUNTS": ""}, tmp_path) is None
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "accounts.toml").write_text("")
    assert accounts.accounts_path({}, tmp_path) == tmp_path / "config" / "accounts.toml"


def test_the_example_file_parses_and_lets_nobody_in():
    example = accounts.load(ROOT / "config" / "accounts.example.toml")
    assert example.users["ann"].role == "beheerder" and example.room_code_hash
    assert example.oidc_roles == {"ann@gemeente.nl": "beheerder", "workshop@gemeente.nl": "deelnemer"}
    for guess in ("voorbeeld", "voorbeeld-wachtwoord", "ann", "password", "wachtwoord"):
        assert accounts.authenticate(example, "ann", guess) is None and not accounts.room_code_ok(example, guess)


# --- exposure ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.1.1", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("", False), (None, False),
    ("voorzieningen.gemeente.nl", False),
])
def test_exposure_by_address(address, loopback):
    assert exposure.is_loopback(address) is loopback
    bare = exposure.decide(address, oidc=False, accounts=False)
    assert (bare.mode, bare.fixed_role) == (("local", "beheerder") if loopback else ("read_only", "lezer"))
    for oidc, accs in ((True, False), (False, True), (True, True)):
        configured = exposure.decide(address, oidc=oidc, accounts=accs)
        assert (configured.mode, configured.fixed_role) == ("login", None)  # a login is required everywhere


def test_the_shipped_config_listens_on_localhost_only():
    text = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'address = "localhost"' in text
    assert exposure.decide("localhost", False, False).mode == "local"


# --- python -m lib accounts --------------------------------------------------------------------------------------

def run_cli(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_add_list_and_room_code(tmp_path, monkeypatch, capsys):
    path = tmp_path / "accounts.toml"
    code, out, err = run_cli(monkeypatch, capsys, ["accounts", "add", "ann", "--role", "beheerder", "--display-name",
                                                   "Ann de Vries", "--password-stdin", "--accounts", str(path)],
                             PASSWORD + "\n")
    assert (code, out, err) == (0, f"added ann (beheerder) in {path}\n", "")
    assert accounts.authenticate(accounts.load(path), "ann", PASSWORD).author == "Ann de Vries"
    code, out, _ = run_cli(monkeypatch, capsys, ["accounts", "room-code", "--code-stdin", "--accounts", str(path)],
                           "zuid-2026\n")
    assert code == 0 and out == f"room code set in {path} (it gives 'deelnemer')\n"
    assert accounts.room_code_ok(accounts.load(path), "zuid-2026")
    code, out, _ = run_cli(monkeypatch, capsys, ["accounts", "list", "--accounts", str(path)])
    assert (code, out) == (0, "ann\tbeheerder\tAnn de Vries\nroom code: set\n")
    code, out, _ = run_cli(monkeypatch, capsys, ["accounts", "room-code", "--clear", "--accounts", str(path)])
    assert code == 0 and accounts.load(path).room_code_hash is None


def test_cli_reads_the_password_with_getpass(tmp_path, monkeypatch, capsys):
    path = tmp_path / "accounts.toml"
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    code, out, _ = run_cli(monkeypatch, capsys, ["accounts", "add", "bob", "--role", "lezer", "--accounts", str(path)])
    assert code == 0 and accounts.authenticate(accounts.load(path), "bob", PASSWORD)
    typed = iter([PASSWORD, PASSWORD + "x"])
    code, _, err = run_cli(monkeypatch, capsys, ["accounts", "add", "cas", "--role", "lezer", "--accounts", str(path)])
    assert (code, err) == (1, "accounts: the two passwords differ; nothing was changed\n")
    assert "cas" not in accounts.load(path).users


@pytest.mark.parametrize(("argv", "stdin", "message"), [
    (["add", "ann", "--role", "lezer", "--password-stdin"], "short\n",
     "accounts: the password is too short: at least 10 characters\n"),
    (["add", "ann", "--role", "lezer", "--password-stdin"], "",
     "accounts: no password on standard input\n"),
    (["add", "ann smith", "--role", "lezer", "--password-stdin"], PASSWORD + "\n",
     "accounts: user name 'ann smith': letters, digits and . _ @ - only, at most 64 characters\n"),
    (["room-code", "--code-stdin"], "abc\n", "accounts: the room code is too short: at least 6 characters\n"),
])
def test_cli_problems_are_one_line_and_change_nothing(tmp_path, monkeypatch, capsys, argv, stdin, message):
    path = tmp_path / "accounts.toml"
    code, _, err = run_cli(monkeypatch, capsys, ["accounts", *argv, "--accounts", str(path)], stdin)
    assert (code, err) == (1, message)
    assert not path.exists()


def test_cli_refuses_a_malformed_file_without_a_traceback(tmp_path):
    path = tmp_path / "accounts.toml"
    path.write_text('[users.ann]\nrole = "root"\n')
    before = path.read_text()
    proc = subprocess.run([sys.executable, "-m", "lib", "accounts", "add", "bob", "--role", "lezer",
                           "--password-stdin", "--accounts", str(path)], input=PASSWORD + "\n", capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == (f"accounts: {path}: users.ann.role: must be one of lezer, deelnemer, beheerder "
                           "(found 'root')\n")
    assert path.read_text() == before
