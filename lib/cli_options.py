"""``python -m lib options`` (options for sharing space). Not built yet."""

from __future__ import annotations

NAME = "options"


def register(sub) -> None:
    sub.add_parser(NAME, help="list options for sharing space (not built yet)")


def run(args) -> int:
    print("not built yet")
    return 2
