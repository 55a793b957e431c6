"""The one database module: schema, connections, transactions and every SQL statement.

Two stores behind one handle (:class:`Store`, the ``con`` every function takes):

* the **base snapshot** — a DuckDB file with the imported data (areas, population, facilities, norms, …). The app
  and the CLI open it read-only, so any number of processes share it; ``build``, ``import`` and base edits (norms,
  woonmilieu, registered initiatives) write a *new* snapshot beside it and switch to it atomically (``os.replace``
  under a lock file), and a running app picks it up on its next rerun (its snapshot id changes);
* the **workshop store** (lib/core/db_work.py) — cases, their overlays, change log, notes, presence: SQLite in WAL
  mode by default, PostgreSQL when ``$VZW_STORE_URL`` is set.

Geometry is stored as WKB (BLOB) in EPSG:28992 metres; shapely/geopandas do the spatial work in
Python (see docs/architecture.md). Other modules exchange pandas DataFrames with this one.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import itertools
import os
import random
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import sqlalchemy as sa

from lib.core import db_work
from lib.core.db_work import TABLES as WORK_TABLES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "data" / "voorzieningen.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS areas (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level VARCHAR NOT NULL,            -- buurt | wijk | gemeente
    parent_code VARCHAR,
    ste_mvs INTEGER,                   -- CBS stedelijkheid 1..5 (latest known)
    woonmilieu VARCHAR,                -- derived from ste_mvs
    woonmilieu_override VARCHAR,       -- set explicitly; wins over the derived value
    geom BLOB,                         -- WKB, EPSG:28992
    geom_simple BLOB,                  -- WKB, simplified once for maps, EPSG:28992
    cx DOUBLE, cy DOUBLE,              -- centroid, EPSG:28992 metres
    geom_source VARCHAR,               -- 'imported' or 'dissolved'
    source VARCHAR
);
CREATE TABLE IF NOT EXISTS population (
    area_code VARCHAR NOT NULL, year INTEGER NOT NULL,
    age_min INTEGER NOT NULL, age_max INTEGER,   -- inclusive; NULL = open-ended
    persons DOUBLE NOT NULL, source VARCHAR,
    PRIMARY KEY (area_code, year, age_min)
);
CREATE TABLE IF NOT EXISTS dwellings (
    area_code VARCHAR NOT NULL, year INTEGER NOT NULL, dwellings DOUBLE NOT NULL, source VARCHAR,
    PRIMARY KEY (area_code, year)
);
CREATE TABLE IF NOT EXISTS facilities (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR NOT NULL,
    x DOUBLE NOT NULL, y DOUBLE NOT NULL,        -- EPSG:28992 metres
    capacity DOUBLE, unit VARCHAR, capacity_note VARCHAR,
    area_code VARCHAR,                           -- buurt containing the point (NULL = outside)
    source VARCHAR
);
CREATE TABLE IF NOT EXISTS plans (
    plan_id VARCHAR PRIMARY KEY, name VARCHAR, area_code VARCHAR NOT NULL, year INTEGER NOT NULL,
    dwellings DOUBLE NOT NULL, dwelling_type VARCHAR, source VARCHAR
);
CREATE TABLE IF NOT EXISTS norms (
    facility_type VARCHAR NOT NULL, woonmilieu VARCHAR NOT NULL DEFAULT '',
    basis VARCHAR NOT NULL, amount DOUBLE NOT NULL, per DOUBLE NOT NULL, unit VARCHAR NOT NULL,
    catchment_m DOUBLE, service_level VARCHAR, source VARCHAR, status VARCHAR,
    PRIMARY KEY (facility_type, woonmilieu)
);
CREATE TABLE IF NOT EXISTS area_distances (
    area_code VARCHAR NOT NULL, year INTEGER NOT NULL, facility_type VARCHAR NOT NULL,
    distance_m DOUBLE NOT NULL, source VARCHAR,
    PRIMARY KEY (area_code, facility_type, year)
);
CREATE TABLE IF NOT EXISTS occupancy (
    dwelling_type VARCHAR NOT NULL, age_min INTEGER NOT NULL, age_max INTEGER,
    persons_per_dwelling DOUBLE NOT NULL, source VARCHAR,
    PRIMARY KEY (dwelling_type, age_min)
);
CREATE SEQUENCE IF NOT EXISTS provenance_seq;
CREATE TABLE IF NOT EXISTS provenance (
    id INTEGER DEFAULT nextval('provenance_seq') PRIMARY KEY,
    kind VARCHAR, file VARCHAR, format VARCHAR, sha256 VARCHAR, rows INTEGER,
    imported_at TIMESTAMP DEFAULT current_timestamp, licence VARCHAR, summary VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS quality_seq;
CREATE TABLE IF NOT EXISTS quality (
    id INTEGER DEFAULT nextval('quality_seq') PRIMARY KEY,
    kind VARCHAR, file VARCHAR, topic VARCHAR, message VARCHAR, count INTEGER
);
CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR);
-- initiatives seek space (issue 15, lib/initiatives): rooms of facilities, residents' initiatives, case overlay
CREATE TABLE IF NOT EXISTS rooms (
    facility_id VARCHAR NOT NULL, room_id VARCHAR NOT NULL,
    room_type VARCHAR NOT NULL,                  -- zaal | gymzaal | sporthal | keuken | werkplaats | buiten
    area_m2 DOUBLE NOT NULL, accessible BOOLEAN NOT NULL,
    bookable_hours_weekday_day DOUBLE NOT NULL, bookable_hours_weekday_evening DOUBLE NOT NULL,
    bookable_hours_weekend DOUBLE NOT NULL,      -- hours per week
    booked_hours_weekday_day DOUBLE NOT NULL, booked_hours_weekday_evening DOUBLE NOT NULL,
    booked_hours_weekend DOUBLE NOT NULL,        -- hours per week booked by others than coupled initiatives
    illustrative BOOLEAN DEFAULT FALSE, source VARCHAR,
    PRIMARY KEY (facility_id, room_id)
);
CREATE TABLE IF NOT EXISTS initiatives (
    initiative_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, organiser VARCHAR, area_code VARCHAR NOT NULL,
    activity VARCHAR, participants INTEGER NOT NULL, hours_per_week DOUBLE NOT NULL,
    time_block VARCHAR NOT NULL,                 -- weekday_day | weekday_evening | weekend
    room_type VARCHAR NOT NULL, accessible_required BOOLEAN NOT NULL, max_distance_m DOUBLE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'aangemeld', -- aangemeld | gekoppeld | lopend | gestopt
    facility_id VARCHAR, room_id VARCHAR,        -- the accepted room (gekoppeld / lopend)
    illustrative BOOLEAN DEFAULT FALSE, source VARCHAR
);
-- area agenda (lib/agenda, issue 14): planned work per area, its case overlay, notes per opportunity
CREATE TABLE IF NOT EXISTS agenda (
    project_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,           -- beheer | ruimte | sociaal | onderwijs | sport | zorg | cultuur | overig
    area_code VARCHAR NOT NULL,        -- a buurt, wijk or gemeente code
    start_year INTEGER NOT NULL, end_year INTEGER NOT NULL,   -- inclusive calendar years
    kind VARCHAR, budget_eur DOUBLE,   -- euro, optional
    status VARCHAR NOT NULL,           -- idee | gepland | in uitvoering | afgerond
    owner VARCHAR, illustrative BOOLEAN DEFAULT FALSE, source VARCHAR
);
CREATE TABLE IF NOT EXISTS area_neighbours (    -- buurten whose boundaries touch (computed once per areas import)
    code VARCHAR NOT NULL, neighbour VARCHAR NOT NULL, PRIMARY KEY (code, neighbour)
);
-- issue 11: representative point of an area (robust statuses), supply kind of a facility, imported real
-- capacities, facility classification rules, demolition in plans
ALTER TABLE areas ADD COLUMN IF NOT EXISTS rx DOUBLE;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS ry DOUBLE;
ALTER TABLE facilities ADD COLUMN IF NOT EXISTS capacity_kind VARCHAR;   -- capacity | proxy | count
ALTER TABLE plans ADD COLUMN IF NOT EXISTS demolished DOUBLE DEFAULT 0;
CREATE TABLE IF NOT EXISTS capacities (
    facility_id VARCHAR PRIMARY KEY,
    capacity DOUBLE NOT NULL,          -- in the norm's unit (places) after conversion
    unit VARCHAR NOT NULL,             -- the unit after conversion (places)
    value DOUBLE NOT NULL, value_unit VARCHAR NOT NULL,   -- as given in the file (places, m2, classrooms)
    conversion VARCHAR, source VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS facility_rules (
    position INTEGER PRIMARY KEY, pattern VARCHAR NOT NULL, type VARCHAR NOT NULL, counts BOOLEAN NOT NULL,
    reason VARCHAR NOT NULL, source VARCHAR NOT NULL
);
"""

#: Tables an import may replace rows in, with their key columns.
KEYS: dict[str, list[str]] = {
    "areas": ["code"],
    "population": ["area_code", "year", "age_min"],
    "dwellings": ["area_code", "year"],
    "facilities": ["id"],
    "plans": ["plan_id"],
    "norms": ["facility_type", "woonmilieu"],
    "area_distances": ["area_code", "facility_type", "year"],
    "occupancy": ["dwelling_type", "age_min"],
    "rooms": ["facility_id", "room_id"],
    "initiatives": ["initiative_id"],
    "agenda": ["project_id"],
    "capacities": ["facility_id"],
    "facility_rules": ["position"],
}

_lock = threading.Lock()


@functools.cache
def _schema_columns() -> dict[str, tuple[str, ...]]:
    """Column names per table in schema order, read from ``SCHEMA`` in a throw-away in-memory database."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "ORDER BY table_name, ordinal_position").fetchall()
    finally:
        con.close()
    out: dict[str, list[str]] = {}
    for name, col in rows:
        out.setdefault(name, []).append(col)
    return {name: tuple(cols) for name, cols in out.items()}


def columns(name: str) -> tuple[str, ...]:
    """The columns of table ``name`` as declared in ``SCHEMA`` (the allow-list for every column list in SQL)."""
    if name in WORK_TABLES:
        return db_work.columns(name)
    cols = _schema_columns().get(name)
    if cols is None:
        raise ValueError(f"unknown table {name!r}")
    return cols


def _column_list(name: str, wanted: Iterable[str], exclude: tuple[str, ...] = ()) -> list[str]:
    """The schema's own names for the columns in ``wanted`` (schema order), so identifiers in SQL never come
    from data; ValueError naming any that are not columns of ``name`` (or are in ``exclude``)."""
    allowed = [c for c in columns(name) if c not in exclude]
    wanted = list(wanted)
    unknown = [w for w in wanted if w not in allowed]
    if unknown:
        shown = ", ".join(repr(str(u)[:40]) for u in unknown)
        raise ValueError(f"not a column of {name}: {shown}")
    return [c for c in allowed if c in wanted]


class DatabaseInUse(Exception):
    """Another process holds DuckDB's write lock on the database file (an older app or tool that opened it for
    writing). ``path`` is the file, ``pid`` the process id DuckDB names (None when it does not say)."""

    def __init__(self, path: str, pid: int | None):
        self.path, self.pid = path, pid
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"the database {path} is in use by {holder}, probably the running app")


class Store:
    """One handle on the data: ``duck`` (DuckDB; the base snapshot attached as catalog ``base``), ``work`` (the
    workshop store), ``path`` (the snapshot file or ':memory:'), ``read_only`` (base writes go to a new snapshot).

    ``execute``/``register``/``unregister`` go to DuckDB (base data); the workshop functions below use ``work``.
    ``cursor()`` gives a handle for another thread (DuckDB cursors are not shared between threads)."""

    def __init__(self, duck, work: db_work.WorkStore, path: str, read_only: bool, owner: bool = True):
        self.duck, self.work, self.path, self.read_only, self._owner = duck, work, path, read_only, owner
        self.snapshot = snapshot_id(path)
        self.wconn: sa.Connection | None = None  # the workshop transaction in progress (write_retrying)

    @property
    def snapshot_file(self) -> bool:
        """Opened read-only on a file: base writes make a new snapshot, cursors attach it as ``base``."""
        return self.read_only and self.path != ":memory:"

    def execute(self, sql: str, params=None):
        return self.duck.execute(sql) if params is None else self.duck.execute(sql, params)

    def register(self, name: str, df) -> None:
        self.duck.register(name, df)

    def unregister(self, name: str) -> None:
        self.duck.unregister(name)

    def cursor(self) -> Store:
        cur = self.duck.cursor()
        if self.snapshot_file:
            cur.execute("USE base")
        return Store(cur, self.work, self.path, self.read_only, owner=False)

    def close(self) -> None:
        try:
            self.duck.close()
        finally:
            if self._owner:
                self.work.close()


def snapshot_id(path: str) -> str:
    """Identity of the snapshot file now at ``path`` (inode and modification time): changes when a new snapshot
    is switched in, so caches keyed on it see the new data. '' for an in-memory database."""
    if path == ":memory:":
        return ""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_mtime_ns}"


_links = itertools.count()


def _open_duck(path: str, read_only: bool):
    """DuckDB on the snapshot. Read-only: a fresh in-memory database with the snapshot attached READ_ONLY through
    a hard link of its own (removed at once; the open file stays). DuckDB caches one instance per path in a
    process and refuses to attach one path twice, which would keep serving a replaced snapshot or refuse the
    new one while the old one is still open on another thread; a link names exactly this snapshot's file."""
    if read_only and path != ":memory:":
        folder, name = os.path.split(os.path.abspath(path))
        link = os.path.join(folder, f".{name}.{os.getpid()}.{next(_links)}.ro")
        try:
            os.link(path, link)
        except OSError:  # no hard links here: attach the path itself
            link = path
        duck = duckdb.connect(":memory:")
        try:
            duck.execute("ATTACH ? AS base (READ_ONLY)", [link])
            duck.execute("USE base")
        except BaseException:
            duck.close()
            raise
        finally:
            if link != path:
                _remove_quietly(link)
        return duck
    duck = duckdb.connect(path)
    duck.execute(SCHEMA)
    return duck


def probe_snapshot(path: str | Path) -> None:
    """Attach the file read-only and let go: raises DuckDB's error when it is no database or another process
    (or this one) has it open for writing."""
    probe = duckdb.connect(":memory:")
    try:
        probe.execute("ATTACH ? AS old (READ_ONLY)", [str(path)])
    finally:
        probe.close()


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False, store_url: str | None = None) -> Store:
    """Open the data at ``path`` (':memory:' works too) and its workshop store (``store_url``, else
    ``$VZW_STORE_URL``, else a SQLite file beside ``path``).

    ``read_only=True`` is how the app and the CLI open it: many processes at once, base writes switch snapshots.
    ``read_only=False`` opens the file for writing in place (one process; creates it with the schema); raises
    ``DatabaseInUse`` when another process holds it."""
    path = str(path)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if read_only and not Path(path).exists():
            raise FileNotFoundError(f"no database at {path} (build it first: python -m lib build)")
    try:
        duck = _open_duck(path, read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        raise DatabaseInUse(path, int(pid.group(1)) if pid else None) from None
    try:
        work = db_work.open_store(store_url if store_url is not None else db_work.default_url(path))
    except BaseException:
        duck.close()
        raise
    store = Store(duck, work, path, read_only)
    if path != ":memory:":
        _adopt_old_workshop_tables(store)
    return store


def _adopt_old_workshop_tables(con: Store) -> None:
    """Databases made before the workshop store kept cases, notes and the change log in DuckDB: copy them into
    the store once, when it has no case yet, so nothing a workshop typed is lost by the upgrade. The old tables
    stay in the snapshot, unread. Two processes doing it at once: the second finds the cases there and stops."""
    old = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()} & set(WORK_TABLES)
    if "cases" not in old or not con.execute("SELECT count(*) FROM cases").fetchone()[0]:
        return

    def body(cur: Store) -> None:
        conn = _writing(cur)
        if conn.execute(sa.select(sa.func.count()).select_from(db_work.CASES)).scalar_one():
            return
        for name in old:
            df = cur.execute(f"SELECT * FROM {name}").df()
            cols = [c for c in db_work.columns(name) if c in df.columns]
            rows = [{k: _plain(v) for k, v in r.items()} for r in as_records(df[cols])]
            if rows:
                conn.execute(sa.insert(WORK_TABLES[name]), rows)

    try:
        write_retrying(con, body)
    except DUPLICATE_KEY:
        pass  # another process adopted them at the same moment


class DiskFull(RuntimeError):
    """The disk (or quota) was full during a write: the transaction was rolled back and nothing changed.
    ``str()`` is the one-line message for people; ``detail`` what the database or system said."""

    MESSAGE = "disk full: nothing was changed (free space on the server and try again)"

    def __init__(self, detail: str = ""):
        super().__init__(self.MESSAGE)
        self.detail = detail


def raise_if_disk_full(exc: BaseException) -> None:
    """Raise :class:`DiskFull` from ``exc`` when it is a full disk or quota (:func:`is_disk_full`); else return, and
    the caller raises ``exc`` itself or tries again."""
    if is_disk_full(exc):
        raise DiskFull(str(exc)) from exc


def is_disk_full(exc: BaseException | None) -> bool:
    """Is ``exc`` (or an exception it was raised from) a full disk or quota? DuckDB reports one as an IO or
    transaction error ("Failed to commit: Could not write file …: No space left on device")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DiskFull):
            return True
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        text = str(exc).lower()
        if any(m in text for m in ("no space left on device", "disk quota exceeded", "disk is full", "disk full")):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextmanager
def transaction(con: Store) -> Iterator[Store]:
    """Run a base-data write in one transaction: commit on success, roll back on any exception. A full disk is
    raised as :class:`DiskFull` (nothing was changed).

    On a read-only snapshot (the app, the CLI) the body writes a copy of the snapshot, which then replaces it
    atomically; writers in all processes take turns on a lock file, each starting from the newest snapshot."""
    if con.snapshot_file:
        with _new_snapshot(con):
            yield con
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as exc:
        _rollback_quietly(con)
        raise_if_disk_full(exc)
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:  # a failed commit leaves no transaction behind
        _rollback_quietly(con)
        raise_if_disk_full(exc)
        raise


@contextmanager
def snapshot_lock(path: str | Path) -> Iterator[None]:
    """The lock every writer of a new snapshot at ``path`` holds (``path.lock``, released when the process dies)."""
    with open(f"{path}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fsync(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(tmp: str | Path, path: str | Path) -> None:
    """Make the finished file ``tmp`` the file at ``path`` in one step: fsync, one atomic rename (the old file is
    never deleted first, so a failing rename — an OSError — leaves it intact), fsync of the folder."""
    _fsync(tmp)
    os.replace(tmp, path)
    try:
        _fsync(os.path.dirname(os.path.abspath(path)))  # make the rename itself durable
    except OSError:
        pass  # not every file system can sync a directory


@contextmanager
def _new_snapshot(con: Store) -> Iterator[None]:
    path = con.path
    folder, name = os.path.split(os.path.abspath(path))
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{threading.get_ident()}.new")
    with snapshot_lock(path):
        for stale in Path(folder).glob(f".{name}.*.new"):  # left by a writer that died: only lock holders write them
            _remove_quietly(str(stale))
        old = con.duck
        try:
            shutil.copyfile(path, tmp)
            writer = duckdb.connect(tmp)
        except OSError as exc:
            _remove_quietly(tmp)
            raise_if_disk_full(exc)
            raise
        try:
            writer.execute(SCHEMA)
            writer.execute("BEGIN TRANSACTION")
            con.duck = writer
            yield
            writer.execute("COMMIT")
            writer.execute("CHECKPOINT")
            writer.close()
            replace_file(tmp, path)
        except BaseException as exc:
            con.duck = old
            try:
                writer.close()
            except duckdb.Error:
                pass
            _remove_quietly(tmp)
            raise_if_disk_full(exc)
            raise
    con.duck = _open_duck(path, read_only=True)
    con.snapshot = snapshot_id(path)
    try:
        old.close()
    except duckdb.Error:
        pass


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def table(con: Store, name: str, where: str = "", params: list | None = None) -> pd.DataFrame:
    """All rows of a table (optionally filtered by a trusted WHERE clause with parameters; base tables only)."""
    _check_table(name)
    if name in WORK_TABLES:
        if where:
            raise ValueError("a WHERE clause is for base tables")
        with _reading(con) as conn:
            return db_work.frame(conn, sa.select(WORK_TABLES[name]))
    sql = f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
    return con.execute(sql, params or []).df()


def optional_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """All rows of a table added after the first release (empty, with the schema's columns, when an older
    database opened read-only does not have it yet)."""
    _check_table(name)
    if name in WORK_TABLES:
        return table(con, name)
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
    return table(con, name) if found else pd.DataFrame(columns=list(columns(name)))


def count_rows(con: Store, name: str) -> int:
    _check_table(name)
    if name in WORK_TABLES:
        with _reading(con) as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(WORK_TABLES[name])).scalar_one())
    return con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]


def _check_table(name: str) -> None:
    known = set(KEYS) | {"provenance", "quality", "settings"} | set(WORK_TABLES)
    if name not in known:
        raise ValueError(f"unknown table {name!r}")


def replace_rows(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> int:
    """Delete rows whose key appears in ``df`` and insert ``df``. Call inside a transaction."""
    keys = KEYS[name]
    if df.empty:
        return 0
    cols = _column_list(name, df.columns)
    con.register("_incoming", df)
    try:
        on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
        con.execute(f"DELETE FROM {name} t WHERE EXISTS (SELECT 1 FROM _incoming i WHERE {on})")
        col_list = ", ".join(cols)
        con.execute(f"INSERT INTO {name} ({col_list}) SELECT {col_list} FROM _incoming")
    finally:
        con.unregister("_incoming")
    return len(df)


def clear(con: duckdb.DuckDBPyConnection, name: str, where: str = "", params: list | None = None) -> None:
    """Delete all rows (or those matching a trusted WHERE clause). Call inside a transaction."""
    _check_table(name)
    con.execute(f"DELETE FROM {name}" + (f" WHERE {where}" if where else ""), params or [])


def record_provenance(con, kind: str, file: str, fmt: str, sha256: str, rows: int, licence: str,
                      summary: str) -> None:
    """One loaded file; ``imported_at`` is stored in UTC (without zone), like every time in the database."""
    con.execute(
        "INSERT INTO provenance (kind, file, format, sha256, rows, licence, summary, imported_at) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [kind, file, fmt, sha256, rows, licence, summary, datetime.now(UTC).replace(tzinfo=None)],
    )


def record_quality(con, kind: str, file: str, notes: list[tuple[str, str, int]]) -> None:
    """Replace the data-quality notes of (kind, file) with ``notes`` = [(topic, message, count)]."""
    con.execute("DELETE FROM quality WHERE kind = ? AND file = ?", [kind, file])
    for topic, message, count in notes:
        con.execute("INSERT INTO quality (kind, file, topic, message, count) VALUES (?,?,?,?,?)",
                    [kind, file, topic, message, int(count)])


def get_setting(con, key: str, default: str | None = None) -> str | None:
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(con, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, str(value)])


def bump_version(con: Store, base: bool = True) -> None:
    """Count writes, so caches keyed on ``data_version`` see every change. ``base=False`` for a case's own
    writes (in the workshop store, inside ``write_retrying``): a case is an overlay, so ``base_version`` (what
    depends on the base data alone) stays as it is."""
    if not base:
        conn = _writing(con)
        settings = db_work.WORK_SETTINGS
        now = conn.execute(sa.select(settings.c.value).where(settings.c.key == "data_version")).scalar()
        conn.execute(sa.delete(settings).where(settings.c.key == "data_version"))
        conn.execute(sa.insert(settings).values(key="data_version", value=str(int(now or 0) + 1)))
        return
    for key in ("data_version", "base_version"):
        con.execute("INSERT OR REPLACE INTO settings VALUES (?, CAST(COALESCE((SELECT CAST(value AS INTEGER) "
                    "FROM settings WHERE key = ?), 0) + 1 AS VARCHAR))", [key, key])


def data_version(con: Store) -> int:
    """The number of writes (base data and workshop store)."""
    settings = db_work.WORK_SETTINGS
    with _reading(con) as conn:
        work = conn.execute(sa.select(settings.c.value).where(settings.c.key == "data_version")).scalar()
    return int(get_setting(con, "data_version", "0")) + int(work or 0)


def base_version(con) -> int:
    """The number of writes to the base data (imports, norms, areas), not counting cases."""
    return int(get_setting(con, "base_version", "0"))


def area_shapes(con, level: str) -> pd.DataFrame:
    """code, name, level, parent_code, woonmilieu, geom_simple (WKB, EPSG:28992) of one level."""
    return con.execute("SELECT code, name, level, parent_code, woonmilieu, woonmilieu_override, geom_simple "
                       "FROM areas WHERE level = ? ORDER BY code", [level]).df()


def set_woonmilieu_override(con, area_code: str, woonmilieu: str | None) -> None:
    con.execute("UPDATE areas SET woonmilieu_override = ? WHERE code = ?", [woonmilieu, area_code])


def table_counts(con) -> dict[str, int]:
    """Row counts of the data tables (for the Data page and the CLI)."""
    return {name: count_rows(con, name) for name in KEYS}


def facility_index(con) -> pd.DataFrame:
    """id, type, name of every facility (what an import of capacities may refer to)."""
    return con.execute("SELECT id, type, name FROM facilities ORDER BY id").df()


def population_years(con) -> list[int]:
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM population ORDER BY year").fetchall()]


def find_case(con: Store, name_or_id: str) -> pd.DataFrame:
    c = db_work.CASES.c
    with _reading(con) as conn:
        return db_work.frame(conn, sa.select(db_work.CASES).where((c.case_id == name_or_id) | (c.name == name_or_id)))


def case_rows(con, name: str, case_id: str) -> pd.DataFrame:
    """Overlay rows of one case from case_plans / case_facilities / case_norms / case_initiatives / case_agenda."""
    if name not in CASE_TABLES:
        raise ValueError(name)
    t = WORK_TABLES[name]
    with _reading(con) as conn:
        return db_work.frame(conn, sa.select(t).where(t.c.case_id == case_id))


# --- workshop cases (issue 4): the SQL behind lib/cases/store.py -------------------------------------------------
#: Overlay tables of a case with their key columns (besides case_id).
CASE_TABLES: dict[str, list[str]] = {"case_plans": ["plan_id"], "case_facilities": ["id"],
                                     "case_norms": ["facility_type", "woonmilieu"],
                                     "case_initiatives": ["initiative_id"], "case_agenda": ["project_id"]}
#: Base tables behind each overlay table, with their key columns.
CASE_BASE: dict[str, tuple[str, list[str]]] = {"case_plans": ("plans", ["plan_id"]),
                                               "case_facilities": ("facilities", ["id"]),
                                               "case_norms": ("norms", ["facility_type", "woonmilieu"]),
                                               "case_initiatives": ("initiatives", ["initiative_id"]),
                                               "case_agenda": ("agenda", ["project_id"])}
CASE_FIELDS = ("name", "description", "horizon_year", "area_code", "illustrative")
CASE_WRITE_ATTEMPTS = 60
_case_write_lock = threading.RLock()


#: What a write of a row whose key exists already raises (base data or workshop store).
DUPLICATE_KEY = (duckdb.ConstraintException, sa.exc.IntegrityError)


class WriteConflict(RuntimeError):
    """A workshop write still met conflicting writers after ``CASE_WRITE_ATTEMPTS`` attempts."""


@contextmanager
def _reading(con: Store) -> Iterator[sa.Connection]:
    """The workshop transaction in progress (reads see its own writes), else a short read transaction."""
    if con.wconn is not None:
        yield con.wconn
        return
    with con.work.engine.connect() as conn:
        yield conn


def _writing(con: Store) -> sa.Connection:
    if con.wconn is None:
        raise RuntimeError("a workshop write outside db.write_retrying")
    return con.wconn


def write_retrying(con: Store, body, attempts: int = CASE_WRITE_ATTEMPTS):
    """``body(con)`` in one short transaction of the workshop store; when another writer made it fail (SQLite
    busy, PostgreSQL serialization failure) roll back and run it again.

    Writes in this process are serialised by a lock; conflicts with other processes are retried with a jittered
    back-off, at most ``attempts`` times. A full disk rolls back and raises :class:`DiskFull` at once; any other
    exception rolls back and propagates unchanged. ``body`` may read the base data through ``con`` as usual."""
    last: Exception | None = None
    for attempt in range(attempts):
        with _case_write_lock:
            if con.wconn is not None:  # nested: part of the transaction already running
                return body(con)
            try:
                with con.work.engine.connect() as conn:
                    conn = conn.execution_options(vzw_write=True)
                    with conn.begin():
                        con.wconn = conn
                        try:
                            return body(con)
                        finally:
                            con.wconn = None
            except sa.exc.DBAPIError as exc:
                raise_if_disk_full(exc)
                if not db_work.is_conflict(exc):
                    raise
                last = exc
            except BaseException as exc:
                raise_if_disk_full(exc)
                raise
        time.sleep(random.uniform(0, 0.001 * 2 ** min(attempt, 7)))
    raise WriteConflict(f"gave up after {attempts} conflicting attempts: {last}")


def write_base(con: Store, body, attempts: int = CASE_WRITE_ATTEMPTS):
    """``body(con)`` as one base-data write (:func:`transaction`: a new snapshot when ``con`` is read-only),
    serialised with this process's other writes and run again on a DuckDB transaction conflict."""
    last: Exception | None = None
    for attempt in range(attempts):
        with _case_write_lock:
            try:
                with transaction(con):
                    return body(con)
            except duckdb.TransactionException as exc:
                raise_if_disk_full(exc)
                last = exc
        time.sleep(random.uniform(0, 0.001 * 2 ** min(attempt, 7)))
    raise WriteConflict(f"gave up after {attempts} conflicting attempts: {last}")


def _rollback_quietly(con) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # DuckDB may have aborted the transaction already


def as_records(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _dicts(con, sql: str, params: list) -> list[dict]:
    """Rows as dicts straight from DuckDB (no DataFrame)."""
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _one(con, sql: str, params: list) -> dict | None:
    rows = _dicts(con, sql, params)
    return rows[0] if rows else None


def _work_dicts(con: Store, stmt) -> list[dict]:
    """Rows of a workshop select as dicts (no DataFrame: these are the hot paths of every case write)."""
    with _reading(con) as conn:
        return [dict(r) for r in conn.execute(stmt).mappings().all()]


def _work_one(con: Store, stmt) -> dict | None:
    rows = _work_dicts(con, stmt)
    return rows[0] if rows else None


def _work_frame(con: Store, stmt) -> pd.DataFrame:
    with _reading(con) as conn:
        return db_work.frame(conn, stmt)


_C = db_work.CASES.c
_CH = db_work.CASE_CHANGES.c
_P = db_work.CASE_PRESENCE.c
_N = db_work.CASE_NOTES.c
_AN = db_work.AGENDA_NOTES.c


def case_get(con: Store, case_id: str) -> dict | None:
    """The cases row as a dict, or None."""
    return _work_one(con, sa.select(db_work.CASES).where(_C.case_id == case_id))


def case_list(con: Store) -> pd.DataFrame:
    """All cases with their last change (author, domain, time), newest change first."""
    last = db_work.CASE_CHANGES.alias("l")
    stmt = (sa.select(db_work.CASES, last.c.author.label("last_author"), last.c.domain.label("last_domain"),
                      last.c.changed_at.label("last_changed_at"))
            .select_from(db_work.CASES.outerjoin(last, (last.c.case_id == _C.case_id) & (last.c.seq == _C.version)))
            .order_by(sa.func.coalesce(last.c.changed_at, _C.created_at).desc(), _C.name))
    return _work_frame(con, stmt)


def case_insert(con: Store, row: dict) -> None:
    cols = ["case_id", "name", "description", "horizon_year", "area_code", "version", "created_at", "created_by",
            "created_domain", "illustrative"]
    _writing(con).execute(sa.insert(db_work.CASES).values({c: row.get(c) for c in cols}))


def case_set_fields(con: Store, case_id: str, fields: dict) -> None:
    """Set case fields (name, description, horizon_year, area_code, illustrative)."""
    bad = set(fields) - set(CASE_FIELDS)
    if bad:
        raise ValueError(f"not a case field: {sorted(bad)}")
    cols = [c for c in CASE_FIELDS if c in fields]  # the names from CASE_FIELDS, never the dict's own keys
    if cols:
        _writing(con).execute(sa.update(db_work.CASES).where(_C.case_id == case_id)
                              .values({c: fields[c] for c in cols}))


def case_bump(con: Store, case_id: str) -> int:
    """Increase the case version by one (every change does); returns the new version. The update of the one
    ``cases`` row is what makes two concurrent writes to a case wait for each other (SQLite) or conflict
    (PostgreSQL, serializable) — never both succeed on the same version."""
    conn = _writing(con)
    conn.execute(sa.update(db_work.CASES).where(_C.case_id == case_id).values(version=_C.version + 1))
    row = conn.execute(sa.select(_C.version).where(_C.case_id == case_id)).first()
    if row is None:
        raise LookupError(case_id)
    return int(row[0])


def case_version(con: Store, case_id: str) -> int | None:
    """The case's version (its number of changes), or None when there is no such case: the one small query
    every open case view polls."""
    with _reading(con) as conn:
        row = conn.execute(sa.select(_C.version).where(_C.case_id == case_id)).first()
    return None if row is None else int(row[0])


def changes_after(con: Store, case_id: str, seq: int) -> pd.DataFrame:
    """The changes of a case after change ``seq``, oldest first."""
    return _work_frame(con, sa.select(db_work.CASE_CHANGES)
                       .where((_CH.case_id == case_id) & (_CH.seq > int(seq))).order_by(_CH.seq))


def presence_put(con: Store, case_id: str, session_id: str, author: str | None, domain: str | None, at) -> None:
    """Record that a browser session has the case open at ``at`` (UTC); call inside ``write_retrying``."""
    conn = _writing(con)
    conn.execute(sa.delete(db_work.CASE_PRESENCE).where((_P.case_id == case_id) & (_P.session_id == session_id)))
    conn.execute(sa.insert(db_work.CASE_PRESENCE).values(case_id=case_id, session_id=session_id, author=author,
                                                          domain=domain, seen_at=at))


def presence_forget(con: Store, case_id: str, session_id: str | None = None, before=None) -> None:
    """Remove one session's row (``session_id``) or every row of the case seen before ``before`` (UTC)."""
    conn = _writing(con)
    if session_id is not None:
        conn.execute(sa.delete(db_work.CASE_PRESENCE).where((_P.case_id == case_id) & (_P.session_id == session_id)))
    if before is not None:
        conn.execute(sa.delete(db_work.CASE_PRESENCE).where((_P.case_id == case_id) & (_P.seen_at < before)))


def presence(con: Store, case_id: str, since) -> pd.DataFrame:
    """Sessions that have the case open (seen at or after ``since``, UTC): session_id, author, domain, seen_at,
    by name (unnamed last)."""
    return _work_frame(con, sa.select(_P.session_id, _P.author, _P.domain, _P.seen_at)
                       .where((_P.case_id == case_id) & (_P.seen_at >= since))
                       .order_by(_P.author.is_(None), _P.author, _P.session_id))


def last_case_change(con: Store, case_id: str) -> dict | None:
    return _work_one(con, sa.select(db_work.CASE_CHANGES).where(_CH.case_id == case_id)
                     .order_by(_CH.seq.desc()).limit(1))


def case_name_taken(con: Store, name: str, except_id: str | None = None) -> bool:
    stmt = sa.select(sa.func.count()).select_from(db_work.CASES).where(_C.name == name)
    if except_id is not None:
        stmt = stmt.where(_C.case_id != except_id)
    with _reading(con) as conn:
        return conn.execute(stmt).scalar_one() > 0


def case_delete(con: Store, case_id: str) -> None:
    """Remove a case and everything in it (overlay rows, changes, notes, notes on agenda opportunities, presence)."""
    conn = _writing(con)
    for name in ("case_plans", "case_facilities", "case_norms", "case_initiatives", "case_agenda", "case_changes",
                 "case_notes", "agenda_notes", "case_presence", "cases"):
        t = WORK_TABLES[name]
        conn.execute(sa.delete(t).where(t.c.case_id == case_id))


def _key_match(table: str, case_id: str, key: dict):
    if table not in CASE_TABLES:
        raise ValueError(f"unknown table {table!r}")
    t = WORK_TABLES[table]
    cond = t.c.case_id == case_id
    for c in CASE_TABLES[table]:
        cond = cond & (t.c[c] == key[c])
    return t, cond


def case_row_get(con: Store, table: str, case_id: str, key: dict) -> dict | None:
    """One overlay row (with its version) by key, or None."""
    t, cond = _key_match(table, case_id, key)
    return _work_one(con, sa.select(t).where(cond))


def case_row_put(con: Store, table: str, case_id: str, row: dict) -> None:
    """Insert or replace one overlay row (``row`` includes its key columns and ``version``).

    The column list is the table's own (``columns``): a key of ``row`` that is not one of its columns (or is
    ``case_id``) raises ValueError; values are bound parameters."""
    if table not in CASE_TABLES:
        raise ValueError(f"unknown table {table!r}")
    cols = _column_list(table, row, exclude=("case_id",))
    t, cond = _key_match(table, case_id, row)
    conn = _writing(con)
    conn.execute(sa.delete(t).where(cond))
    conn.execute(sa.insert(t).values({"case_id": case_id, **{c: _plain(row[c]) for c in cols}}))


def _plain(value):
    """A value as the workshop store takes it (numpy scalars and pandas' missing values as Python ones)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def case_row_delete(con: Store, table: str, case_id: str, key: dict) -> None:
    t, cond = _key_match(table, case_id, key)
    _writing(con).execute(sa.delete(t).where(cond))


def base_keys(con: Store, overlay_table: str) -> set[tuple]:
    """The keys of every base-data row behind an overlay table (plan ids, facility ids, norm keys) as tuples."""
    base, cols = CASE_BASE[overlay_table]
    return set(con.execute(f"SELECT {', '.join(cols)} FROM {base}").fetchall())


def base_row_get(con: Store, overlay_table: str, key: dict) -> dict | None:
    """The base-data row (plans / facilities / norms) behind an overlay key, or None."""
    base, cols = CASE_BASE[overlay_table]
    where = " AND ".join(f"{c} = ?" for c in cols)
    return _one(con, f"SELECT * FROM {base} WHERE {where}", [key[c] for c in cols])


def change_insert(con: Store, row: dict) -> None:
    cols = ["case_id", "seq", "changed_at", "author", "domain", "kind", "target", "action", "target_version",
            "before_json", "after_json", "fields", "undo_of", "undone_by"]
    _writing(con).execute(sa.insert(db_work.CASE_CHANGES).values({c: _plain(row.get(c)) for c in cols}))


def change_get(con: Store, case_id: str, seq: int) -> dict | None:
    return _work_one(con, sa.select(db_work.CASE_CHANGES).where((_CH.case_id == case_id) & (_CH.seq == int(seq))))


def change_mark_undone(con: Store, case_id: str, seq: int, by_seq: int | None) -> None:
    _writing(con).execute(sa.update(db_work.CASE_CHANGES).where((_CH.case_id == case_id) & (_CH.seq == int(seq)))
                          .values(undone_by=by_seq))


def changes(con: Store, case_id: str) -> pd.DataFrame:
    """The change log of a case, newest first."""
    return _work_frame(con, sa.select(db_work.CASE_CHANGES).where(_CH.case_id == case_id).order_by(_CH.seq.desc()))


def target_changes(con: Store, case_id: str, kind: str, target: str, after_version: int = 0) -> list[dict]:
    """Changes to one row (kind, target) whose target_version is above ``after_version``, oldest first."""
    return _work_dicts(con, sa.select(db_work.CASE_CHANGES)
                       .where((_CH.case_id == case_id) & (_CH.kind == kind) & (_CH.target == target)
                              & (_CH.target_version > int(after_version))).order_by(_CH.seq))


def target_max_version(con: Store, case_id: str, kind: str, target: str) -> int:
    with _reading(con) as conn:
        value = conn.execute(sa.select(sa.func.max(_CH.target_version))
                             .where((_CH.case_id == case_id) & (_CH.kind == kind) & (_CH.target == target))).scalar()
    return int(value or 0)


def note_insert(con: Store, row: dict) -> None:
    cols = ["case_id", "note_id", "area_code", "text", "author", "domain", "created_at"]
    _writing(con).execute(sa.insert(db_work.CASE_NOTES).values({**{c: _plain(row.get(c)) for c in cols},
                                                                 "deleted": bool(row.get("deleted") or False)}))


def note_get(con: Store, case_id: str, note_id: str) -> dict | None:
    return _work_one(con, sa.select(db_work.CASE_NOTES).where((_N.case_id == case_id) & (_N.note_id == note_id)))


def note_set_deleted(con: Store, case_id: str, note_id: str, deleted: bool) -> None:
    _writing(con).execute(sa.update(db_work.CASE_NOTES).where((_N.case_id == case_id) & (_N.note_id == note_id))
                          .values(deleted=bool(deleted)))


def notes(con: Store, case_id: str, include_deleted: bool = False) -> pd.DataFrame:
    """Notes of a case, newest first (with the area name when a note is on an area)."""
    stmt = sa.select(db_work.CASE_NOTES).where(_N.case_id == case_id)
    if not include_deleted:
        stmt = stmt.where(_N.deleted.is_(False))
    df = _work_frame(con, stmt.order_by(_N.created_at.desc(), _N.note_id.desc()))
    names = con.execute("SELECT code AS area_code, name AS area_name FROM areas").df()
    return df.merge(names, on="area_code", how="left")


def area_geoms(con, level: str = "buurt") -> pd.DataFrame:
    """code, name and full geometry (WKB, EPSG:28992) of one level."""
    return con.execute("SELECT code, name, geom FROM areas WHERE level = ? ORDER BY code", [level]).df()


def find_area(con, code: str) -> dict | None:
    """code, name, level, parent_code of one area, or None."""
    return _one(con, "SELECT code, name, level, parent_code FROM areas WHERE code = ?", [code])


def area_names(con) -> pd.DataFrame:
    """code, name, level, parent_code of every area."""
    return con.execute("SELECT code, name, level, parent_code FROM areas ORDER BY level, code").df()


# --- initiatives seek space (issue 15): the SQL behind lib/initiatives --------------------------------------------
ROOM_FIELDS = ["facility_id", "room_id", "room_type", "area_m2", "accessible", "bookable_hours_weekday_day",
               "bookable_hours_weekday_evening", "bookable_hours_weekend", "booked_hours_weekday_day",
               "booked_hours_weekday_evening", "booked_hours_weekend", "illustrative", "source"]
INITIATIVE_FIELDS = ["initiative_id", "name", "organiser", "area_code", "activity", "participants", "hours_per_week",
                     "time_block", "room_type", "accessible_required", "max_distance_m", "status", "facility_id",
                     "room_id", "illustrative", "source"]
#: The fields of an initiative a workshop case may set (its overlay row in ``case_initiatives``).
INITIATIVE_CASE_FIELDS = ("name", "organiser", "area_code", "activity", "participants", "hours_per_week", "time_block",
                          "room_type", "accessible_required", "max_distance_m", "status", "facility_id", "room_id")


def has_tables(con, names: list[str]) -> bool:
    """Whether every table in ``names`` exists (a database built before they were added lacks them)."""
    found = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return set(names) <= found


def facility_list(con) -> pd.DataFrame:
    """id, name, type of every base facility."""
    return con.execute("SELECT id, name, type FROM facilities ORDER BY id").df()


def rooms(con) -> pd.DataFrame:
    """Every imported room (hours per week, m²), by facility and room id."""
    return con.execute(f"SELECT {', '.join(ROOM_FIELDS)} FROM rooms ORDER BY facility_id, room_id").df()


def initiatives(con) -> pd.DataFrame:
    """Every initiative of the base data, by id."""
    return con.execute(f"SELECT {', '.join(INITIATIVE_FIELDS)} FROM initiatives ORDER BY initiative_id").df()


def initiative_get(con, initiative_id: str) -> dict | None:
    return _one(con, f"SELECT {', '.join(INITIATIVE_FIELDS)} FROM initiatives WHERE initiative_id = ?",
                [initiative_id])


def initiative_put(con, row: dict) -> None:
    """Insert or replace one base initiative (``row`` has every field of ``INITIATIVE_FIELDS``)."""
    con.execute(f"INSERT OR REPLACE INTO initiatives ({', '.join(INITIATIVE_FIELDS)}) "
                f"VALUES ({', '.join('?' * len(INITIATIVE_FIELDS))})", [row.get(c) for c in INITIATIVE_FIELDS])


def clear_rooms_of(con, facility_ids: list[str]) -> None:
    """Delete the rooms of these facilities (a rooms import replaces a facility's rooms as a set)."""
    con.execute("DELETE FROM rooms WHERE list_contains(?, facility_id)", [list(facility_ids)])


def checkpoint(con) -> None:
    """Write the WAL into the database file (before a finished file is closed and moved)."""
    con.execute("CHECKPOINT")


# --- area agenda (issue 14): the SQL behind lib/agenda and lib/core/neighbours ----------------------------------
AGENDA_COLUMNS = ["project_id", "name", "domain", "area_code", "start_year", "end_year", "kind", "budget_eur",
                  "status", "owner", "illustrative", "source"]


def agenda(con) -> pd.DataFrame:
    """All base agenda items (``AGENDA_COLUMNS``), ordered by project_id."""
    return con.execute(f"SELECT {', '.join(AGENDA_COLUMNS)} FROM agenda ORDER BY project_id").df()


def agenda_case_rows(con: Store, case_id: str) -> pd.DataFrame:
    """A case's agenda overlay rows (with ``removed`` and ``version``), ordered by project_id."""
    t = db_work.CASE_AGENDA
    return _work_frame(con, sa.select(*[c for c in t.c if c.name != "case_id"]).where(t.c.case_id == case_id)
                       .order_by(t.c.project_id))


def last_open_change(con: Store, case_id: str, kind: str) -> int | None:
    """The number (seq) of the latest change of ``kind`` in a case that is not an undo and not undone, or None."""
    with _reading(con) as conn:
        value = conn.execute(sa.select(sa.func.max(_CH.seq)).where(
            (_CH.case_id == case_id) & (_CH.kind == kind) & _CH.undone_by.is_(None) & (_CH.action != "undo"))).scalar()
    return None if value is None else int(value)


def agenda_note_insert(con: Store, row: dict) -> None:
    cols = ["note_id", "case_id", "opportunity_id", "area_code", "text", "author", "domain", "created_at"]
    _writing(con).execute(sa.insert(db_work.AGENDA_NOTES).values({**{c: _plain(row.get(c)) for c in cols},
                                                                   "deleted": bool(row.get("deleted") or False)}))


def agenda_note_set_deleted(con: Store, note_id: str, deleted: bool) -> int:
    """Hide (or show again) one note; returns the number of rows changed (0: no such note)."""
    conn = _writing(con)
    found = conn.execute(sa.select(sa.func.count()).select_from(db_work.AGENDA_NOTES)
                         .where(_AN.note_id == note_id)).scalar_one()
    conn.execute(sa.update(db_work.AGENDA_NOTES).where(_AN.note_id == note_id).values(deleted=bool(deleted)))
    return int(found)


def agenda_notes(con: Store, case_id: str = "") -> pd.DataFrame:
    """Visible notes on opportunities in a case ('' = the baseline), newest first."""
    return _work_frame(con, sa.select(db_work.AGENDA_NOTES)
                       .where((_AN.case_id == (case_id or "")) & _AN.deleted.is_(False))
                       .order_by(_AN.created_at.desc(), _AN.note_id.desc()))


def areas_fingerprint(con) -> str:
    """Changes whenever areas are imported again: the id of the latest areas import and the number of buurten."""
    row = con.execute("SELECT (SELECT max(id) FROM provenance WHERE kind = 'areas'), "
                      "(SELECT count(*) FROM areas WHERE level = 'buurt')").fetchone()
    return f"{row[0]}:{row[1]}"


def neighbours(con) -> pd.DataFrame:
    """Stored pairs of touching buurten (code, neighbour), both directions."""
    return con.execute("SELECT code, neighbour FROM area_neighbours ORDER BY code, neighbour").df()


def neighbours_store(con, pairs: pd.DataFrame, fingerprint: str) -> None:
    """Replace the stored neighbour pairs (computed for the areas with ``fingerprint``). Call inside a transaction."""
    con.execute("DELETE FROM area_neighbours")
    if len(pairs):
        con.register("_pairs", pairs[["code", "neighbour"]])
        try:
            con.execute("INSERT INTO area_neighbours SELECT code, neighbour FROM _pairs")
        finally:
            con.unregister("_pairs")
    set_setting(con, "neighbours_of", fingerprint)
