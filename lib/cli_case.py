"""``python -m lib case export|import`` (workshop cases as JSON). Not built yet."""

from __future__ import annotations

NAME = "case"


def register(sub) -> None:
    sub.add_parser(NAME, help="export or import a workshop case as JSON (not built yet)")


def run(args) -> int:
    print("not built yet")
    return 2
