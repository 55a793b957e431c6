"""``python -m lib accounts add|room-code|list``: the local accounts file (lib.access.accounts).

Passwords and the room code are read with getpass (typed twice), or as one line from standard input with
``--password-stdin`` / ``--code-stdin`` (scripts, tests); only their argon2 hashes are written. A problem is one
line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from lib.access import accounts
from lib.access.roles import ROLES

NAME = "accounts"


def register(sub) -> None:
    s = sub.add_parser(NAME, help="local accounts and the workshop room code (hashed passwords)")
    inner = s.add_subparsers(dest="accounts_command", required=True)
    a = inner.add_parser("add", help="add a user or change a user's role and password")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--display-name", help="the author name of the user's changes (default: the user name)")
    a.add_argument("--password-stdin", action="store_true", help="read the password as one line from stdin")
    _accounts_option(a)
    r = inner.add_parser("room-code", help="set (or --clear) the room code that gives 'deelnemer' in a workshop")
    r.add_argument("--code-stdin", action="store_true", help="read the room code as one line from stdin")
    r.add_argument("--clear", action="store_true", help="remove the room code")
    _accounts_option(r)
    s_list = inner.add_parser("list", help="the users and their roles (no hashes)")
    _accounts_option(s_list)


def _accounts_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--accounts", help="the accounts file (default: $VZW_ACCOUNTS, else config/accounts.toml)")


def _path(args) -> Path:
    if args.accounts:
        return Path(args.accounts)
    return accounts.accounts_path(os.environ, Path.cwd()) or Path.cwd() / accounts.DEFAULT_PATH


def _secret(from_stdin: bool, what: str) -> str:
    """One line from stdin, or typed twice without echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise accounts.AccountsError(f"no {what} on standard input")
        return line.rstrip("\r\n")
    first = getpass.getpass(f"{what.capitalize()}: ")
    if getpass.getpass(f"{what.capitalize()} again: ") != first:
        raise accounts.AccountsError(f"the two {what}s differ; nothing was changed")
    return first


def run(args) -> int:
    path = _path(args)
    try:
        current = accounts.load(path, missing_ok=args.accounts_command != "list")
        if args.accounts_command == "list":
            for a in current.users.values():
                print(f"{a.name}\t{a.role}\t{a.author}")
            print(f"room code: {'set' if current.room_code_hash else 'not set'}")
            return 0
        if args.accounts_command == "add":
            updated = accounts.with_user(current, args.name, args.role, _secret(args.password_stdin, "password"),
                                         args.display_name)
            done = f"{'changed' if args.name in current.users else 'added'} {args.name} ({args.role}) in {path}"
        elif args.clear:
            updated, done = accounts.with_room_code(current, None), f"room code removed from {path}"
        else:
            updated = accounts.with_room_code(current, _secret(args.code_stdin, "room code"))
            done = f"room code set in {path} (it gives '{accounts.ROOM_ROLE}')"
        accounts.save(updated, path)
    except accounts.AccountsError as exc:
        print(f"accounts: {exc}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("accounts: cancelled; nothing was changed", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"accounts: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(done)
    return 0
