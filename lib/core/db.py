"""The one DuckDB module: schema, connections, transactions and every SQL statement.

Geometry is stored as WKB (BLOB) in EPSG:28992 metres; shapely/geopandas do the spatial work in
Python (see docs/architecture.md). Other modules exchange pandas DataFrames with this one.
"""

from __future__ import annotations

import errno
import functools
import random
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

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
CREATE TABLE IF NOT EXISTS cases (
    case_id VARCHAR PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, description VARCHAR,
    horizon_year INTEGER, area_code VARCHAR, version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS case_plans (
    case_id VARCHAR NOT NULL, plan_id VARCHAR NOT NULL, name VARCHAR, area_code VARCHAR,
    year INTEGER, dwellings DOUBLE, dwelling_type VARCHAR, removed BOOLEAN DEFAULT FALSE,
    PRIMARY KEY (case_id, plan_id)
);
CREATE TABLE IF NOT EXISTS case_facilities (
    case_id VARCHAR NOT NULL, id VARCHAR NOT NULL, name VARCHAR, type VARCHAR, x DOUBLE, y DOUBLE,
    capacity DOUBLE, unit VARCHAR, area_code VARCHAR, closed BOOLEAN DEFAULT FALSE,
    PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_norms (
    case_id VARCHAR NOT NULL, facility_type VARCHAR NOT NULL, woonmilieu VARCHAR NOT NULL DEFAULT '',
    basis VARCHAR NOT NULL, amount DOUBLE NOT NULL, per DOUBLE NOT NULL, unit VARCHAR NOT NULL,
    catchment_m DOUBLE, service_level VARCHAR, source VARCHAR, status VARCHAR,
    PRIMARY KEY (case_id, facility_type, woonmilieu)
);
-- workshop cases (lib/cases/store.py): who/when per change, undo, notes, optimistic versions per row
ALTER TABLE cases ADD COLUMN IF NOT EXISTS created_by VARCHAR;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS created_domain VARCHAR;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS illustrative BOOLEAN DEFAULT FALSE;
ALTER TABLE case_plans ADD COLUMN IF NOT EXISTS version INTEGER DEFAULT 1;
ALTER TABLE case_facilities ADD COLUMN IF NOT EXISTS version INTEGER DEFAULT 1;
ALTER TABLE case_norms ADD COLUMN IF NOT EXISTS version INTEGER DEFAULT 1;
CREATE TABLE IF NOT EXISTS case_changes (
    case_id VARCHAR NOT NULL, seq INTEGER NOT NULL,   -- seq = the case's version after this change
    changed_at TIMESTAMP NOT NULL, author VARCHAR NOT NULL, domain VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- case | plan | facility | norm | note
    target VARCHAR NOT NULL,          -- plan_id, facility id, 'type|woonmilieu', note_id or the case_id
    action VARCHAR NOT NULL,          -- create | add | update | remove | close | undo
    target_version INTEGER,           -- the row's version after this change
    before_json VARCHAR, after_json VARCHAR, fields VARCHAR,
    undo_of INTEGER, undone_by INTEGER,
    PRIMARY KEY (case_id, seq)
);
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
CREATE TABLE IF NOT EXISTS case_initiatives (
    case_id VARCHAR NOT NULL, initiative_id VARCHAR NOT NULL, name VARCHAR, organiser VARCHAR,
    area_code VARCHAR, activity VARCHAR, participants INTEGER, hours_per_week DOUBLE, time_block VARCHAR,
    room_type VARCHAR, accessible_required BOOLEAN, max_distance_m DOUBLE, status VARCHAR, facility_id VARCHAR,
    room_id VARCHAR, version INTEGER DEFAULT 1,
    PRIMARY KEY (case_id, initiative_id)
);
CREATE TABLE IF NOT EXISTS case_notes (
    case_id VARCHAR NOT NULL, note_id VARCHAR NOT NULL, area_code VARCHAR, text VARCHAR NOT NULL,
    author VARCHAR NOT NULL, domain VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
    deleted BOOLEAN DEFAULT FALSE,
    PRIMARY KEY (case_id, note_id)
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
CREATE TABLE IF NOT EXISTS case_agenda (
    case_id VARCHAR NOT NULL, project_id VARCHAR NOT NULL, name VARCHAR, domain VARCHAR, area_code VARCHAR,
    start_year INTEGER, end_year INTEGER, kind VARCHAR, budget_eur DOUBLE, status VARCHAR, owner VARCHAR,
    illustrative BOOLEAN DEFAULT FALSE, removed BOOLEAN DEFAULT FALSE, version INTEGER DEFAULT 1,
    PRIMARY KEY (case_id, project_id)
);
CREATE TABLE IF NOT EXISTS agenda_notes (
    note_id VARCHAR PRIMARY KEY, case_id VARCHAR NOT NULL DEFAULT '',   -- '' = the baseline (no case)
    opportunity_id VARCHAR NOT NULL, area_code VARCHAR, text VARCHAR NOT NULL,
    author VARCHAR NOT NULL, domain VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, deleted BOOLEAN DEFAULT FALSE
);
CREATE TABLE IF NOT EXISTS area_neighbours (    -- buurten whose boundaries touch (computed once per areas import)
    code VARCHAR NOT NULL, neighbour VARCHAR NOT NULL, PRIMARY KEY (code, neighbour)
);
-- who has a case open now (lib/cases/live.py): one row per browser session, refreshed by a heartbeat
CREATE TABLE IF NOT EXISTS case_presence (
    case_id VARCHAR NOT NULL, session_id VARCHAR NOT NULL, author VARCHAR, domain VARCHAR,
    seen_at TIMESTAMP NOT NULL,       -- UTC
    PRIMARY KEY (case_id, session_id)
);
-- issue 11: representative point of an area (robust statuses), supply kind of a facility, imported real
-- capacities, facility classification rules, demolition in plans
ALTER TABLE areas ADD COLUMN IF NOT EXISTS rx DOUBLE;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS ry DOUBLE;
ALTER TABLE facilities ADD COLUMN IF NOT EXISTS capacity_kind VARCHAR;   -- capacity | proxy | count
ALTER TABLE plans ADD COLUMN IF NOT EXISTS demolished DOUBLE DEFAULT 0;
ALTER TABLE case_plans ADD COLUMN IF NOT EXISTS demolished DOUBLE DEFAULT 0;
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
    """Another process (usually the running app) holds DuckDB's lock on the database file.

    ``path`` is the file, ``pid`` the process id DuckDB names (None when it does not say)."""

    def __init__(self, path: str, pid: int | None):
        self.path, self.pid = path, pid
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"the database {path} is in use by {holder}, probably the running app")


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create, with the schema) the database at ``path``; ':memory:' works too.

    Raises ``DatabaseInUse`` when another process holds the file (DuckDB allows one writing process)."""
    path = str(path)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        raise DatabaseInUse(path, int(pid.group(1)) if pid else None) from None
    if not read_only:
        con.execute(SCHEMA)
    return con


class DiskFull(RuntimeError):
    """The disk (or quota) was full during a write: the transaction was rolled back and nothing changed.
    ``str()`` is the one-line message for people; ``detail`` what the database or system said."""

    MESSAGE = "disk full: nothing was changed (free space on the server and try again)"

    def __init__(self, detail: str = ""):
        super().__init__(self.MESSAGE)
        self.detail = detail


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
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the body in one transaction: commit on success, roll back on any exception. A full disk is raised as
    :class:`DiskFull` (nothing was changed)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as exc:
        _rollback_quietly(con)
        if is_disk_full(exc):
            raise DiskFull(str(exc)) from exc
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error as exc:  # a failed commit leaves no transaction behind
        _rollback_quietly(con)
        if is_disk_full(exc):
            raise DiskFull(str(exc)) from exc
        raise


def table(con: duckdb.DuckDBPyConnection, name: str, where: str = "", params: list | None = None) -> pd.DataFrame:
    """All rows of a table (optionally filtered by a trusted WHERE clause with parameters)."""
    _check_table(name)
    sql = f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
    return con.execute(sql, params or []).df()


def optional_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """All rows of a table added after the first release (empty, with the schema's columns, when an older
    database opened read-only does not have it yet)."""
    _check_table(name)
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
    return table(con, name) if found else pd.DataFrame(columns=list(columns(name)))


def count_rows(con: duckdb.DuckDBPyConnection, name: str) -> int:
    _check_table(name)
    return con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]


def _check_table(name: str) -> None:
    known = set(KEYS) | {"provenance", "quality", "settings", "cases", "case_plans", "case_facilities",
                         "case_norms", "case_initiatives", "case_agenda"}
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


def bump_version(con, base: bool = True) -> None:
    """Count writes, so caches keyed on ``data_version`` see every change. ``base=False`` for a case's own
    writes: a case is an overlay, so ``base_version`` (what depends on the base data alone) stays as it is."""
    for key in ("data_version", "base_version") if base else ("data_version",):
        con.execute("INSERT OR REPLACE INTO settings VALUES (?, CAST(COALESCE((SELECT CAST(value AS INTEGER) "
                    "FROM settings WHERE key = ?), 0) + 1 AS VARCHAR))", [key, key])


def data_version(con) -> int:
    """The number of writes to the database (base data and cases)."""
    return int(get_setting(con, "data_version", "0"))


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


def find_case(con, name_or_id: str) -> pd.DataFrame:
    return con.execute("SELECT * FROM cases WHERE case_id = ? OR name = ?", [name_or_id, name_or_id]).df()


def case_rows(con, name: str, case_id: str) -> pd.DataFrame:
    """Overlay rows of one case from case_plans / case_facilities / case_norms / case_initiatives / case_agenda."""
    if name not in CASE_TABLES:
        raise ValueError(name)
    return con.execute(f"SELECT * FROM {name} WHERE case_id = ?", [case_id]).df()


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


class WriteConflict(RuntimeError):
    """A case write still met DuckDB transaction conflicts after ``CASE_WRITE_ATTEMPTS`` attempts."""


def write_retrying(con, body, attempts: int = CASE_WRITE_ATTEMPTS):
    """``body(con)`` in one short transaction; on a DuckDB transaction conflict roll back and run it again.

    Writes in this process are serialised by a lock (one connection per process, a cursor per thread), so
    conflicts only come from writers outside it; they are retried with a jittered back-off, at most
    ``attempts`` times. A full disk rolls back and raises :class:`DiskFull` at once; any other exception rolls
    back and propagates unchanged."""
    last: Exception | None = None
    for attempt in range(attempts):
        with _case_write_lock:
            con.execute("BEGIN TRANSACTION")
            try:
                result = body(con)
                con.execute("COMMIT")
                return result
            except duckdb.TransactionException as exc:
                _rollback_quietly(con)
                if is_disk_full(exc):  # "Failed to commit: … No space left on device" is no conflict to retry
                    raise DiskFull(str(exc)) from exc
                last = exc
            except BaseException as exc:
                _rollback_quietly(con)
                if is_disk_full(exc):
                    raise DiskFull(str(exc)) from exc
                raise
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
    """Rows as dicts straight from DuckDB (no DataFrame: these are the hot paths of every case write)."""
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _one(con, sql: str, params: list) -> dict | None:
    rows = _dicts(con, sql, params)
    return rows[0] if rows else None


def case_get(con, case_id: str) -> dict | None:
    """The cases row as a dict, or None."""
    return _one(con, "SELECT * FROM cases WHERE case_id = ?", [case_id])


def case_list(con) -> pd.DataFrame:
    """All cases with their last change (author, domain, time), newest change first."""
    return con.execute(
        "SELECT c.*, l.author AS last_author, l.domain AS last_domain, l.changed_at AS last_changed_at "
        "FROM cases c LEFT JOIN case_changes l ON l.case_id = c.case_id AND l.seq = c.version "
        "ORDER BY coalesce(l.changed_at, c.created_at) DESC, c.name").df()


def case_insert(con, row: dict) -> None:
    cols = ["case_id", "name", "description", "horizon_year", "area_code", "version", "created_at", "created_by",
            "created_domain", "illustrative"]
    con.execute(f"INSERT INTO cases ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row.get(c) for c in cols])


def case_set_fields(con, case_id: str, fields: dict) -> None:
    """Set case fields (name, description, horizon_year, area_code, illustrative)."""
    bad = set(fields) - set(CASE_FIELDS)
    if bad:
        raise ValueError(f"not a case field: {sorted(bad)}")
    cols = [c for c in CASE_FIELDS if c in fields]  # the names from CASE_FIELDS, never the dict's own keys
    if cols:
        sets = ", ".join(f"{c} = ?" for c in cols)
        con.execute(f"UPDATE cases SET {sets} WHERE case_id = ?", [*(fields[c] for c in cols), case_id])


def case_bump(con, case_id: str) -> int:
    """Increase the case version by one (every change does); returns the new version.

    This update of one row of ``cases`` is what makes two concurrent writes to a case conflict in DuckDB, so
    it must stay a plain UPDATE of an original column: with DuckDB 2.0.0 we saw no write-write conflict
    detected for ``UPDATE … RETURNING`` nor for columns added by ``ALTER TABLE`` (last writer wins)."""
    con.execute("UPDATE cases SET version = version + 1 WHERE case_id = ?", [case_id])
    row = con.execute("SELECT version FROM cases WHERE case_id = ?", [case_id]).fetchone()
    if row is None:
        raise LookupError(case_id)
    return int(row[0])


def case_version(con, case_id: str) -> int | None:
    """The case's version (its number of changes), or None when there is no such case: the one small query
    every open case view polls."""
    row = con.execute("SELECT version FROM cases WHERE case_id = ?", [case_id]).fetchone()
    return None if row is None else int(row[0])


def changes_after(con, case_id: str, seq: int) -> pd.DataFrame:
    """The changes of a case after change ``seq``, oldest first."""
    return con.execute("SELECT * FROM case_changes WHERE case_id = ? AND seq > ? ORDER BY seq",
                       [case_id, int(seq)]).df()


def presence_put(con, case_id: str, session_id: str, author: str | None, domain: str | None, at) -> None:
    """Record that a browser session has the case open at ``at`` (UTC); call inside a transaction."""
    con.execute("INSERT OR REPLACE INTO case_presence (case_id, session_id, author, domain, seen_at) "
                "VALUES (?, ?, ?, ?, ?)", [case_id, session_id, author, domain, at])


def presence_forget(con, case_id: str, session_id: str | None = None, before=None) -> None:
    """Remove one session's row (``session_id``) or every row of the case seen before ``before`` (UTC)."""
    if session_id is not None:
        con.execute("DELETE FROM case_presence WHERE case_id = ? AND session_id = ?", [case_id, session_id])
    if before is not None:
        con.execute("DELETE FROM case_presence WHERE case_id = ? AND seen_at < ?", [case_id, before])


def presence(con, case_id: str, since) -> pd.DataFrame:
    """Sessions that have the case open (seen at or after ``since``, UTC): session_id, author, domain, seen_at,
    by name (unnamed last)."""
    return con.execute("SELECT session_id, author, domain, seen_at FROM case_presence "
                       "WHERE case_id = ? AND seen_at >= ? ORDER BY author NULLS LAST, session_id",
                       [case_id, since]).df()


def last_case_change(con, case_id: str) -> dict | None:
    return _one(con, "SELECT * FROM case_changes WHERE case_id = ? ORDER BY seq DESC LIMIT 1", [case_id])


def case_name_taken(con, name: str, except_id: str | None = None) -> bool:
    return con.execute("SELECT count(*) FROM cases WHERE name = ? AND case_id IS DISTINCT FROM ?",
                       [name, except_id]).fetchone()[0] > 0


def case_delete(con, case_id: str) -> None:
    """Remove a case and everything in it (overlay rows, changes, notes, notes on agenda opportunities, presence)."""
    for name in ("case_plans", "case_facilities", "case_norms", "case_initiatives", "case_agenda", "case_changes",
                 "case_notes", "agenda_notes", "case_presence", "cases"):
        con.execute(f"DELETE FROM {name} WHERE case_id = ?", [case_id])


def _key_where(table: str, key: dict, tables: dict) -> tuple[str, list]:
    cols = tables[table] if table in tables else None
    if cols is None:
        raise ValueError(f"unknown table {table!r}")
    return " AND ".join(f"{c} = ?" for c in cols), [key[c] for c in cols]


def case_row_get(con, table: str, case_id: str, key: dict) -> dict | None:
    """One overlay row (with its version) by key, or None."""
    where, params = _key_where(table, key, CASE_TABLES)
    return _one(con, f"SELECT * FROM {table} WHERE case_id = ? AND {where}", [case_id, *params])


def case_row_put(con, table: str, case_id: str, row: dict) -> None:
    """Insert or replace one overlay row (``row`` includes its key columns and ``version``).

    The column list is the table's own (``columns``): a key of ``row`` that is not one of its columns (or is
    ``case_id``) raises ValueError; values are bound parameters."""
    if table not in CASE_TABLES:
        raise ValueError(f"unknown table {table!r}")
    cols = _column_list(table, row, exclude=("case_id",))
    con.execute(f"INSERT OR REPLACE INTO {table} (case_id, {', '.join(cols)}) "
                f"VALUES (?, {', '.join('?' * len(cols))})", [case_id, *(row[c] for c in cols)])


def case_row_delete(con, table: str, case_id: str, key: dict) -> None:
    where, params = _key_where(table, key, CASE_TABLES)
    con.execute(f"DELETE FROM {table} WHERE case_id = ? AND {where}", [case_id, *params])


def base_keys(con, overlay_table: str) -> set[tuple]:
    """The keys of every base-data row behind an overlay table (plan ids, facility ids, norm keys) as tuples."""
    base, cols = CASE_BASE[overlay_table]
    return set(con.execute(f"SELECT {', '.join(cols)} FROM {base}").fetchall())


def base_row_get(con, overlay_table: str, key: dict) -> dict | None:
    """The base-data row (plans / facilities / norms) behind an overlay key, or None."""
    base, cols = CASE_BASE[overlay_table]
    where = " AND ".join(f"{c} = ?" for c in cols)
    return _one(con, f"SELECT * FROM {base} WHERE {where}", [key[c] for c in cols])


def change_insert(con, row: dict) -> None:
    cols = ["case_id", "seq", "changed_at", "author", "domain", "kind", "target", "action", "target_version",
            "before_json", "after_json", "fields", "undo_of", "undone_by"]
    con.execute(f"INSERT INTO case_changes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row.get(c) for c in cols])


def change_get(con, case_id: str, seq: int) -> dict | None:
    return _one(con, "SELECT * FROM case_changes WHERE case_id = ? AND seq = ?", [case_id, int(seq)])


def change_mark_undone(con, case_id: str, seq: int, by_seq: int | None) -> None:
    con.execute("UPDATE case_changes SET undone_by = ? WHERE case_id = ? AND seq = ?", [by_seq, case_id, int(seq)])


def changes(con, case_id: str) -> pd.DataFrame:
    """The change log of a case, newest first."""
    return con.execute("SELECT * FROM case_changes WHERE case_id = ? ORDER BY seq DESC", [case_id]).df()


def target_changes(con, case_id: str, kind: str, target: str, after_version: int = 0) -> list[dict]:
    """Changes to one row (kind, target) whose target_version is above ``after_version``, oldest first."""
    return _dicts(con, "SELECT * FROM case_changes WHERE case_id = ? AND kind = ? AND target = ? "
                       "AND target_version > ? ORDER BY seq", [case_id, kind, target, int(after_version)])


def target_max_version(con, case_id: str, kind: str, target: str) -> int:
    row = con.execute("SELECT max(target_version) FROM case_changes WHERE case_id = ? AND kind = ? AND target = ?",
                      [case_id, kind, target]).fetchone()
    return int(row[0] or 0)


def note_insert(con, row: dict) -> None:
    cols = ["case_id", "note_id", "area_code", "text", "author", "domain", "created_at", "deleted"]
    con.execute(f"INSERT INTO case_notes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row.get(c) for c in cols])


def note_get(con, case_id: str, note_id: str) -> dict | None:
    return _one(con, "SELECT * FROM case_notes WHERE case_id = ? AND note_id = ?", [case_id, note_id])


def note_set_deleted(con, case_id: str, note_id: str, deleted: bool) -> None:
    con.execute("UPDATE case_notes SET deleted = ? WHERE case_id = ? AND note_id = ?", [deleted, case_id, note_id])


def notes(con, case_id: str, include_deleted: bool = False) -> pd.DataFrame:
    """Notes of a case, newest first (with the area name when a note is on an area)."""
    return con.execute(
        "SELECT n.*, a.name AS area_name FROM case_notes n LEFT JOIN areas a ON a.code = n.area_code "
        "WHERE n.case_id = ? AND (? OR NOT n.deleted) ORDER BY n.created_at DESC, n.note_id DESC",
        [case_id, include_deleted]).df()


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


def agenda_case_rows(con, case_id: str) -> pd.DataFrame:
    """A case's agenda overlay rows (with ``removed`` and ``version``), ordered by project_id."""
    return con.execute("SELECT * EXCLUDE (case_id) FROM case_agenda WHERE case_id = ? ORDER BY project_id",
                       [case_id]).df()


def last_open_change(con, case_id: str, kind: str) -> int | None:
    """The number (seq) of the latest change of ``kind`` in a case that is not an undo and not undone, or None."""
    row = con.execute("SELECT max(seq) FROM case_changes WHERE case_id = ? AND kind = ? AND undone_by IS NULL "
                      "AND action <> 'undo'", [case_id, kind]).fetchone()
    return None if row[0] is None else int(row[0])


def agenda_note_insert(con, row: dict) -> None:
    cols = ["note_id", "case_id", "opportunity_id", "area_code", "text", "author", "domain", "created_at", "deleted"]
    con.execute(f"INSERT INTO agenda_notes ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row.get(c) for c in cols])


def agenda_note_set_deleted(con, note_id: str, deleted: bool) -> int:
    """Hide (or show again) one note; returns the number of rows changed (0: no such note)."""
    found = con.execute("SELECT count(*) FROM agenda_notes WHERE note_id = ?", [note_id]).fetchone()[0]
    con.execute("UPDATE agenda_notes SET deleted = ? WHERE note_id = ?", [deleted, note_id])
    return int(found)


def agenda_notes(con, case_id: str = "") -> pd.DataFrame:
    """Visible notes on opportunities in a case ('' = the baseline), newest first."""
    return con.execute("SELECT * FROM agenda_notes WHERE case_id = ? AND NOT deleted "
                       "ORDER BY created_at DESC, note_id DESC", [case_id or ""]).df()


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
