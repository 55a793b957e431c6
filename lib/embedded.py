"""The embedded Utrecht database: the base data from data/ (``lib.ingest.build``, with the illustrative area
agenda) plus the touching buurten and the illustrative example case. This is a composition root (like
``lib.cli``): it may use several feature packages."""

from __future__ import annotations

from pathlib import Path

from lib.cases import example
from lib.core import db, neighbours
from lib.ingest import build as base_build


def _example_case(con, log) -> None:
    log(f"{'case':<11} illustrative example case: {example.ensure(con)}")


def _neighbours(con, log) -> None:
    log(f"{'neighbours':<11} {len(neighbours.ensure(con)) // 2} pairs of touching buurten")


EXTRAS = (_neighbours, _example_case)
#: Lines a build logs (one per file imported, one per extra): the length of a progress bar.
STEPS = len(base_build.EMBEDDED) + len(EXTRAS)


def build(path: str | Path = db.DEFAULT_DB, log=print) -> Path:
    """(Re)build the embedded database at ``path`` (see ``lib.ingest.build.build``)."""
    return base_build.build(path, log=log, extras=EXTRAS)


def ensure(path: str | Path = db.DEFAULT_DB, log=print) -> Path:
    """Build the embedded database on first use (no file yet); return its path."""
    return base_build.ensure(path, log=log, extras=EXTRAS)
