"""The local accounts file: user names with a role and an argon2id password hash, an optional workshop room code
(hashed too) and the roles of users who log in through OIDC (``st.login``), by e-mail address.

The file is TOML (``config/accounts.example.toml`` shows every key)::

    [users.ann]
    role = "beheerder"                 # lezer | deelnemer | beheerder
    password_hash = "$argon2id$v=19$…" # python -m lib accounts add ann --role beheerder
    display_name = "Ann de Vries"      # optional: the author name of her changes (default: the user name)

    [room]
    code_hash = "$argon2id$v=19$…"     # python -m lib accounts room-code; gives deelnemer with a free name

    [oidc_roles]
    "ann@gemeente.nl" = "beheerder"    # OIDC users not listed here are lezer

Passwords are hashed and checked with argon2-cffi (argon2id, its RFC 9106 low-memory defaults), never with code of
our own. The file is found at $VZW_ACCOUNTS, else ``config/accounts.toml`` when present. A malformed file is
refused as a whole with a message naming the file and the key (``AccountsError``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import argon2

from lib.access.roles import DEELNEMER, LEZER, ROLES

#: The default place of the accounts file, relative to the app's folder.
DEFAULT_PATH = Path("config") / "accounts.toml"
#: User names: letters, digits, and . _ @ - (no spaces), at most 64 characters.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 10
MIN_ROOM_CODE = 6
MAX_SECRET = 1024
#: The role a room code gives.
ROOM_ROLE = DEELNEMER
#: The role of an OIDC user who is not in [oidc_roles].
OIDC_DEFAULT_ROLE = LEZER

_hasher = argon2.PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so a wrong name takes as long as a wrong password (made on
    first use: hashing takes ~0.1 s, which every CLI command would otherwise pay at import)."""
    return _hasher.hash("not a password of anyone")


class AccountsError(ValueError):
    """The accounts file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = field(repr=False)
    display_name: str | None = None

    @property
    def author(self) -> str:
        """The name under which this user's changes are logged."""
        return self.display_name or self.name


@dataclass(frozen=True)
class Accounts:
    """The parsed accounts file (empty when there is none)."""
    path: Path | None = None
    users: Mapping[str, Account] = field(default_factory=dict)
    room_code_hash: str | None = None
    oidc_roles: Mapping[str, str] = field(default_factory=dict)

    @property
    def configured(self) -> bool:
        """Whether anyone can log in with this file (a user or a room code)."""
        return bool(self.users) or self.room_code_hash is not None


def accounts_path(env: Mapping[str, str], root: Path) -> Path | None:
    """The accounts file to use: $VZW_ACCOUNTS when set (even if the file is missing: then ``load`` says so), else
    ``root/config/accounts.toml`` when it exists, else None (no accounts)."""
    if env.get("VZW_ACCOUNTS"):
        return Path(env["VZW_ACCOUNTS"])
    default = root / DEFAULT_PATH
    return default if default.is_file() else None


def load(path: Path | None, missing_ok: bool = False) -> Accounts:
    """Read and check the accounts file; an empty ``Accounts`` for None (or a missing file when ``missing_ok``)."""
    if path is None:
        return Accounts()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return Accounts(path=path)
        raise AccountsError(f"{path}: the accounts file does not exist (create it with "
                            "'python -m lib accounts add NAME --role ROLE', or unset VZW_ACCOUNTS)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountsError(f"{path}: cannot be read: {exc}") from None
    return parse(text, path)


def parse(text: str, path: Path | str = "accounts.toml") -> Accounts:
    """Check every key of the file's text; the first problem is an AccountsError ``file: key: message``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccountsError(f"{path}: not valid TOML: {exc}") from None

    def fail(key: str, message: str):
        raise AccountsError(f"{path}: {key}: {message}")

    for key in data:
        if key not in ("users", "room", "oidc_roles"):
            fail(key, "unknown section (known: users, room, oidc_roles)")
    users: dict[str, Account] = {}
    table = data.get("users", {})
    if not isinstance(table, dict):
        fail("users", "must be a table of users ([users.NAME])")
    for name, entry in table.items():
        where = f"users.{name}"
        if not NAME.fullmatch(name):
            fail(where, "a user name has letters, digits and . _ @ - only (at most 64)")
        if not isinstance(entry, dict):
            fail(where, "must be a table with role and password_hash")
        for key in entry:
            if key not in ("role", "password_hash", "display_name"):
                fail(f"{where}.{key}", "unknown key (known: role, password_hash, display_name)")
        role = entry.get("role")
        if role not in ROLES:
            fail(f"{where}.role", f"must be one of {', '.join(ROLES)} (found {role!r})")
        hashed = _checked_hash(entry.get("password_hash"), f"{where}.password_hash", fail)
        display = entry.get("display_name")
        if display is not None and (not isinstance(display, str) or not " ".join(display.split())):
            fail(f"{where}.display_name", "must be a non-empty text")
        users[name] = Account(name, role, hashed, " ".join(display.split()) if display else None)
    room = data.get("room", {})
    if not isinstance(room, dict):
        fail("room", "must be a table with code_hash")
    for key in room:
        if key != "code_hash":
            fail(f"room.{key}", "unknown key (known: code_hash)")
    room_hash = _checked_hash(room["code_hash"], "room.code_hash", fail) if "code_hash" in room else None
    oidc = data.get("oidc_roles", {})
    if not isinstance(oidc, dict):
        fail("oidc_roles", "must be a table of e-mail address = role")
    roles: dict[str, str] = {}
    for email, role in oidc.items():
        if "@" not in email:
            fail(f"oidc_roles.{email}", "the key must be an e-mail address")
        if role not in ROLES:
            fail(f"oidc_roles.{email}", f"must be one of {', '.join(ROLES)} (found {role!r})")
        roles[email.strip().lower()] = role
    return Accounts(path=Path(path), users=users, room_code_hash=room_hash, oidc_roles=roles)


def _checked_hash(value, key: str, fail) -> str:
    if not isinstance(value, str) or not value:
        fail(key, "missing (an argon2 hash made by 'python -m lib accounts')")
    try:
        argon2.extract_parameters(value)
    except argon2.exceptions.InvalidHashError:
        fail(key, "not an argon2 hash (make one with 'python -m lib accounts'; never store a plain password)")
    return value


# --- hashing and checking ------------------------------------------------------------------------------------

def hash_secret(secret: str) -> str:
    """The argon2id hash of a password or room code (a new random salt every time)."""
    return _hasher.hash(secret)


def verify(hashed: str, secret: str) -> bool:
    """Whether ``secret`` matches ``hashed`` (False for a mismatch, a malformed hash or an absurdly long secret)."""
    if not secret or len(secret) > MAX_SECRET:
        return False
    try:
        return _hasher.verify(hashed, secret)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def authenticate(accounts: Accounts, name: str, password: str) -> Account | None:
    """The account when ``name`` exists and ``password`` is right, else None (an unknown name costs the same
    time as a wrong password, so the answer does not tell which names exist)."""
    account = accounts.users.get((name or "").strip())
    ok = verify(account.password_hash if account else _dummy_hash(), password)
    return account if account and ok else None


def room_code_ok(accounts: Accounts, code: str) -> bool:
    """Whether ``code`` is the room code (False when no room code is set)."""
    if accounts.room_code_hash is None:
        return False
    return verify(accounts.room_code_hash, (code or "").strip())


def oidc_role(accounts: Accounts, email: str | None) -> str:
    """The role of an OIDC user by e-mail address ([oidc_roles]); lezer when not listed."""
    return accounts.oidc_roles.get((email or "").strip().lower(), OIDC_DEFAULT_ROLE)


# --- changing the file (the CLI) -----------------------------------------------------------------------------

def with_user(accounts: Accounts, name: str, role: str, password: str, display_name: str | None = None) -> Accounts:
    """``accounts`` with user ``name`` added or replaced (role, new password hash, display name)."""
    if not NAME.fullmatch(name or ""):
        raise AccountsError(f"user name '{name}': letters, digits and . _ @ - only, at most 64 characters")
    if role not in ROLES:
        raise AccountsError(f"unknown role '{role}' (known: {', '.join(ROLES)})")
    _check_secret(password, MIN_PASSWORD, "password")
    display = " ".join((display_name or "").split()) or None
    old = accounts.users.get(name)
    if display is None and old is not None:
        display = old.display_name
    users = {**accounts.users, name: Account(name, role, hash_secret(password), display)}
    return replace(accounts, users=users)


def with_room_code(accounts: Accounts, code: str | None) -> Accounts:
    """``accounts`` with a new room code (or none when ``code`` is None)."""
    if code is None:
        return replace(accounts, room_code_hash=None)
    code = code.strip()
    _check_secret(code, MIN_ROOM_CODE, "room code")
    return replace(accounts, room_code_hash=hash_secret(code))


def _check_secret(secret: str, minimum: int, what: str) -> None:
    if not secret or len(secret) < minimum:
        raise AccountsError(f"the {what} is too short: at least {minimum} characters")
    if len(secret) > MAX_SECRET:
        raise AccountsError(f"the {what} is too long: at most {MAX_SECRET} characters")


def _quoted(text: str) -> str:
    """A TOML basic string (JSON escapes are TOML escapes; DEL, which TOML wants escaped, too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dumps(accounts: Accounts) -> str:
    """The accounts as TOML text (``parse`` reads it back unchanged). Comments of an edited file are not kept."""
    lines = ["# Voorzieningenwijzer accounts: argon2 hashes only, never plain passwords.",
             "# Change with 'python -m lib accounts add NAME --role ROLE' and 'python -m lib accounts room-code'.", ""]
    for account in accounts.users.values():
        lines.append(f"[users.{_quoted(account.name)}]")
        lines.append(f"role = {_quoted(account.role)}")
        lines.append(f"password_hash = {_quoted(account.password_hash)}")
        if account.display_name:
            lines.append(f"display_name = {_quoted(account.display_name)}")
        lines.append("")
    if accounts.room_code_hash:
        lines += ["[room]", f"code_hash = {_quoted(accounts.room_code_hash)}", ""]
    if accounts.oidc_roles:
        lines.append("[oidc_roles]")
        lines += [f"{_quoted(email)} = {_quoted(role)}" for email, role in accounts.oidc_roles.items()]
        lines.append("")
    return "\n".join(lines)


def save(accounts: Accounts, path: Path) -> None:
    """Write the file atomically (a temporary file in the same folder, then renamed), readable by its owner only."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".accounts-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(dumps(accounts))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
