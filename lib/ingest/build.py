"""Build the embedded Utrecht database from the files in data/ (the order matters: areas first).

The build never touches the existing database until the new one is complete: it is written to a new file in
the same folder, checkpointed and closed, and then switched in with one atomic ``os.replace`` under the snapshot
lock (``db.snapshot_lock``). Processes that have the old snapshot open read-only (the app, the CLI) keep reading
it until their next rerun, then open the new one. The switch is refused (``BuildRefused``, nothing changed) while
a process has the database open for *writing* (DuckDB's file lock, see ``_claim``) or when the target is not a
database; a failing rename leaves the old database as it was. The workshop store (cases) is not touched.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from lib.core import db, db_work
from lib.ingest import importing

DATA = db.ROOT / "data"
RAW = DATA / "raw"

#: (kind, file, year) in import order. Wijk polygons are not imported: wijk geometry is the dissolve of
#: the buurten (the CBS wijk layer is generalised separately; see data/SOURCES.md).
EMBEDDED = [
    ("areas", RAW / "cbs_gebiedsindeling_cartomap" / "buurt_2024.geojson", None),
    ("kwb", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht-kwb-2023.xlsx", 2023),
    ("kwb", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht-kwb-2024.xlsx", 2024),
    ("nabijheid", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht_Nabijheid_voorzieningen__buurt_2023_14102024_164034.csv",
     2023),
    ("facilities", RAW / "duo_scholen_edugis" / "scholen.geo.json", None),
    ("facilities", RAW / "mulier_sportaccommodaties" / "mulier-instituut_sportaccomodaties_Utrecht.csv", None),
    ("norms", DATA / "norms_default.csv", None),
    ("facility_rules", DATA / "facility_rules.csv", None),
    # illustrative (made up, labelled as such in every row): rooms at real facilities, initiatives in real buurten
    ("rooms", DATA / "rooms_illustrative.csv", None),
    ("initiatives", DATA / "initiatives_illustrative.csv", None),
    ("agenda", DATA / "agenda_utrecht_illustratief.csv", None),   # illustrative: made up, not real plans
]
BASE_YEAR = 2024


class BuildRefused(RuntimeError):
    """The database at the target path was not replaced (in use, not a database, or the switch failed).

    The message is one line for the command line; the old database is unchanged."""


def _wal(path: Path) -> Path:
    return Path(str(path) + ".wal")


def _claim(path: Path) -> None:
    """Prove that no process has the database at ``path`` open for writing and that it is a database.

    A read-only attach fails while another process holds DuckDB's write lock, and on a file that is no DuckDB
    database. A leftover ``.wal`` (an unclean shutdown of a writer) is folded into the old file first by a
    read-write open (which fails while anyone has the file open), so no stale WAL can ever be replayed into the
    new database."""
    if not path.exists():
        if _wal(path).exists():
            raise BuildRefused(f"{_wal(path)} exists without its database {path.name}: a process may still be "
                               "writing to a deleted database; stop it and remove the .wal file first")
        return
    if _wal(path).exists():
        con = _open(path, read_only=False)
        try:
            db.checkpoint(con)
        except duckdb.Error as exc:
            raise BuildRefused(f"{path} cannot be checkpointed ({str(exc).splitlines()[0]}); nothing was changed") \
                from None
        finally:
            con.close()
    try:
        db.probe_snapshot(path)
    except duckdb.Error as exc:
        msg = str(exc)
        if "lock" in msg.lower() or isinstance(exc, duckdb.ResourceInUseException):  # another process / this one
            raise BuildRefused(f"{path} is open for writing by another process (stop it and run the build "
                               "again); nothing was changed") from None
        raise BuildRefused(f"{path} is not a database this program can replace ({msg.splitlines()[0]}); "
                           "nothing was changed") from None


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        msg = str(exc)
        if "lock" in msg.lower() or isinstance(exc, duckdb.ConnectionException):
            raise BuildRefused(f"{path} has a leftover .wal and is open in another program (stop it and run the "
                               "build again); nothing was changed") from None
        raise BuildRefused(f"{path} is not a database this program can replace ({msg.splitlines()[0]}); "
                           "nothing was changed") from None


def _switch(new: Path, path: Path) -> None:
    """Put the complete, closed database ``new`` in place of ``path`` (one atomic rename; the old file is never
    deleted first, so a failing rename leaves it intact)."""
    if _wal(new).exists():
        raise BuildRefused(f"the new database {new.name} was not closed cleanly; {path} was not changed")
    with db.snapshot_lock(path):
        _claim(path)
        try:
            db.replace_file(new, path)
        except OSError as exc:
            raise BuildRefused(f"could not put the new database in place of {path} ({exc.strerror or exc}); the old "
                               "database is unchanged") from None


def build(path: str | Path = db.DEFAULT_DB, log=print, extras: Iterable[Callable] = ()) -> Path:
    """(Re)build the database at ``path`` from the embedded data and switch it in atomically.

    ``extras`` are called as ``extra(con, log)`` after the base data is in (the composition root,
    ``lib.embedded``, adds the illustrative example case this way).

    Raises ``BuildRefused`` (before the build and again before the switch) when the database at ``path`` is in
    use or cannot be replaced; the old database is then left exactly as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _claim(path)  # refuse early, before the slow part
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        con = db.connect(tmp, store_url=db_work.default_url(str(path)))  # the cases stay where they are
        try:
            for kind, file, year in EMBEDDED:
                parsed = importing.import_file(con, kind, file, year=year)
                log(f"{kind:<11} {file.name}: {parsed.summary}")
            db.set_setting(con, "base_year", str(BASE_YEAR))
            db.set_setting(con, "municipality", "GM0344 Utrecht")
            for extra in extras:
                extra(con, log)
            db.checkpoint(con)
        finally:
            con.close()
        _switch(tmp, path)
    finally:
        for p in (tmp, _wal(tmp)):  # only this build's own files (gone after a successful switch)
            p.unlink(missing_ok=True)
    return path


def ensure(path: str | Path = db.DEFAULT_DB, log=print, extras: Iterable[Callable] = ()) -> Path:
    """Build the database on first use (no file yet); return its path.

    When another process built it at the same moment and already has it open, its database is used."""
    path = Path(path)
    if not path.exists():
        try:
            build(path, log=log, extras=extras)
        except BuildRefused:
            if not path.exists():
                raise
    return path
