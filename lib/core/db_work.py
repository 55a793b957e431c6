"""The workshop store: cases, their overlay rows (plans, facilities, norms, initiatives, agenda items), the change
log, notes, notes on agenda opportunities and who has a case open — everything a workshop writes, shared by every
app process and the CLI.

SQLite in WAL mode by default (a file beside the base snapshot: embedded, nothing to install), PostgreSQL when a
connection URL is configured (``$VZW_STORE_URL``, e.g. ``postgresql+psycopg://user:pw@host/db``) — the route for
several servers. The tables are declared once here with SQLAlchemy Core and written with its expressions, so the
same code runs on both; the base data (DuckDB snapshot) never holds workshop state.

Times are stored in UTC without a zone; areas in m², capacities in the norm's unit (places), distances in metres.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import weakref
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Boolean, Column, DateTime, Float, Integer, String, event

STORE_URL_ENV = "VZW_STORE_URL"

meta = sa.MetaData()


def _varchar(name: str, **kw) -> Column:
    return Column(name, String, **kw)


CASES = sa.Table(
    "cases", meta,
    _varchar("case_id", primary_key=True), _varchar("name", nullable=False, unique=True), _varchar("description"),
    Column("horizon_year", Integer), _varchar("area_code"), Column("version", Integer, nullable=False, default=1),
    Column("created_at", DateTime), _varchar("created_by"), _varchar("created_domain"),
    Column("illustrative", Boolean, default=False),
)
CASE_PLANS = sa.Table(
    "case_plans", meta,
    _varchar("case_id", primary_key=True), _varchar("plan_id", primary_key=True), _varchar("name"),
    _varchar("area_code"), Column("year", Integer), Column("dwellings", Float), _varchar("dwelling_type"),
    Column("removed", Boolean, default=False), Column("version", Integer, default=1),
    Column("demolished", Float, default=0.0),
)
CASE_FACILITIES = sa.Table(
    "case_facilities", meta,
    _varchar("case_id", primary_key=True), _varchar("id", primary_key=True), _varchar("name"), _varchar("type"),
    Column("x", Float), Column("y", Float), Column("capacity", Float), _varchar("unit"), _varchar("area_code"),
    Column("closed", Boolean, default=False), Column("version", Integer, default=1),
)
CASE_NORMS = sa.Table(
    "case_norms", meta,
    _varchar("case_id", primary_key=True), _varchar("facility_type", primary_key=True),
    _varchar("woonmilieu", primary_key=True, default=""), _varchar("basis", nullable=False),
    Column("amount", Float, nullable=False), Column("per", Float, nullable=False), _varchar("unit", nullable=False),
    Column("catchment_m", Float), _varchar("service_level"), _varchar("source"), _varchar("status"),
    Column("version", Integer, default=1),
)
CASE_CHANGES = sa.Table(
    "case_changes", meta,
    _varchar("case_id", primary_key=True), Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("changed_at", DateTime, nullable=False), _varchar("author", nullable=False),
    _varchar("domain", nullable=False), _varchar("kind", nullable=False), _varchar("target", nullable=False),
    _varchar("action", nullable=False), Column("target_version", Integer), _varchar("before_json"),
    _varchar("after_json"), _varchar("fields"), Column("undo_of", Integer), Column("undone_by", Integer),
)
CASE_INITIATIVES = sa.Table(
    "case_initiatives", meta,
    _varchar("case_id", primary_key=True), _varchar("initiative_id", primary_key=True), _varchar("name"),
    _varchar("organiser"), _varchar("area_code"), _varchar("activity"), Column("participants", Integer),
    Column("hours_per_week", Float), _varchar("time_block"), _varchar("room_type"),
    Column("accessible_required", Boolean), Column("max_distance_m", Float), _varchar("status"),
    _varchar("facility_id"), _varchar("room_id"), Column("version", Integer, default=1),
)
CASE_NOTES = sa.Table(
    "case_notes", meta,
    _varchar("case_id", primary_key=True), _varchar("note_id", primary_key=True), _varchar("area_code"),
    _varchar("text", nullable=False), _varchar("author", nullable=False), _varchar("domain", nullable=False),
    Column("created_at", DateTime, nullable=False), Column("deleted", Boolean, default=False),
)
CASE_AGENDA = sa.Table(
    "case_agenda", meta,
    _varchar("case_id", primary_key=True), _varchar("project_id", primary_key=True), _varchar("name"),
    _varchar("domain"), _varchar("area_code"), Column("start_year", Integer), Column("end_year", Integer),
    _varchar("kind"), Column("budget_eur", Float), _varchar("status"), _varchar("owner"),
    Column("illustrative", Boolean, default=False), Column("removed", Boolean, default=False),
    Column("version", Integer, default=1),
)
AGENDA_NOTES = sa.Table(
    "agenda_notes", meta,
    _varchar("note_id", primary_key=True), _varchar("case_id", nullable=False, default=""),
    _varchar("opportunity_id", nullable=False), _varchar("area_code"), _varchar("text", nullable=False),
    _varchar("author", nullable=False), _varchar("domain", nullable=False),
    Column("created_at", DateTime, nullable=False), Column("deleted", Boolean, default=False),
)
CASE_PRESENCE = sa.Table(
    "case_presence", meta,
    _varchar("case_id", primary_key=True), _varchar("session_id", primary_key=True), _varchar("author"),
    _varchar("domain"), Column("seen_at", DateTime, nullable=False),
)
#: Counters of the workshop store (``data_version``: every workshop write bumps it, so caches see it).
WORK_SETTINGS = sa.Table("work_settings", meta, _varchar("key", primary_key=True), _varchar("value"))

TABLES: dict[str, sa.Table] = {t.name: t for t in meta.sorted_tables}


def columns(name: str) -> tuple[str, ...]:
    """Column names of a workshop table in declaration order."""
    return tuple(c.name for c in TABLES[name].columns)


@dataclass
class WorkStore:
    """An open workshop store: ``engine`` (SQLAlchemy), ``url`` as configured (password hidden in ``shown``),
    ``kind`` 'sqlite' or 'postgresql'."""

    engine: sa.Engine
    url: str
    kind: str
    _cleanup: list = field(default_factory=list)

    @property
    def shown(self) -> str:
        return sa.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
        for fn in self._cleanup:
            fn()


def default_url(base_path: str) -> str:
    """``$VZW_STORE_URL`` if set, else a SQLite file beside the base snapshot (``x.duckdb`` → ``x.workshop.sqlite``).
    An in-memory base (':memory:') gets an empty temporary SQLite file of its own (removed when closed)."""
    configured = os.environ.get(STORE_URL_ENV, "").strip()
    if configured:
        return configured
    if base_path == ":memory:":
        return ""
    stem = base_path[:-len(".duckdb")] if base_path.endswith(".duckdb") else base_path
    return f"sqlite:///{stem}.workshop.sqlite"


def open_store(url: str) -> WorkStore:
    """Open (and create the tables of) the workshop store at ``url`` ('' = a new temporary SQLite file)."""
    cleanup = []
    if not url:
        fd, path = tempfile.mkstemp(prefix="vzw-workshop-", suffix=".sqlite")
        os.close(fd)
        url = f"sqlite:///{path}"
        cleanup.append(lambda: _remove(path))
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})
        _sqlite_transactions(engine)
        kind = "sqlite"
    elif parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(url, isolation_level="SERIALIZABLE", pool_pre_ping=True, pool_size=5,
                                  max_overflow=20)
        kind = "postgresql"
    else:
        raise ValueError(f"{STORE_URL_ENV}: unsupported store {parsed.get_backend_name()!r} (sqlite or postgresql)")
    store = WorkStore(engine, url, kind, cleanup)
    _create_tables(engine, kind)
    weakref.finalize(store, _release, engine, list(cleanup))
    return store


#: PostgreSQL advisory lock key held while the tables are created (any fixed number; 'vzw' in ASCII).
_CREATE_LOCK = 0x767A77


def _create_tables(engine: sa.Engine, kind: str) -> None:
    """Create the missing tables, one process at a time: app servers (and the CLI) started together on an empty
    store would otherwise both see no table and both create it (PostgreSQL: a unique violation in pg_type; SQLite:
    'database is locked' when a read transaction cannot become a write one). SQLite: BEGIN IMMEDIATE waits for the
    other writer; PostgreSQL: an advisory lock, under READ COMMITTED so the check after the wait sees the tables
    the other process created."""
    with engine.connect() as conn:
        if kind == "postgresql":
            conn = conn.execution_options(isolation_level="READ COMMITTED")
        else:
            conn = conn.execution_options(vzw_write=True)
        with conn.begin():
            if kind == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_CREATE_LOCK)))
            meta.create_all(conn)


def _release(engine: sa.Engine, cleanup: list) -> None:
    engine.dispose()
    for fn in cleanup:
        fn()


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except OSError:
            pass


def _sqlite_transactions(engine: sa.Engine) -> None:
    """WAL (readers never wait for the writer), FULL sync (an acknowledged write survives a crash), a busy timeout,
    and BEGIN IMMEDIATE for writes, so two processes writing one case wait for each other instead of failing
    half-way (SQLAlchemy's documented recipe: the driver's own transaction handling is switched off)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, _record):
        dbapi_con.isolation_level = None
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA busy_timeout=60000")
        # WAL is a property of the file, set once; switching needs the file to itself, and a new store opened by
        # several processes at once may find it busy (SQLite does not always wait for that): try again briefly.
        for attempt in range(200):
            try:
                if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 199:
                    raise
                time.sleep(0.05)
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("vzw_write") else "BEGIN")


def is_conflict(exc: BaseException) -> bool:
    """A transaction another writer made fail (PostgreSQL serialization failure or deadlock, SQLite busy/locked):
    safe to roll back and run again."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("40001", "40P01"):
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


#: pandas dtypes per column type, as DuckDB gives them (nullable integers and booleans, microsecond times).
_DTYPES = ((Boolean, "boolean"), (Integer, "Int64"), (Float, "float64"), (DateTime, "datetime64[us]"))


def frame(conn: sa.Connection, stmt) -> pd.DataFrame:
    """The rows of a select as a DataFrame with the statement's columns (also when there are none), typed as the
    base data's frames are (nullable Int64 and boolean, float64, datetime64[us], str)."""
    result = conn.execute(stmt)
    df = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for col in stmt.selected_columns:
        for sa_type, dtype in _DTYPES:
            if isinstance(col.type, sa_type) and col.name in df.columns:
                df[col.name] = df[col.name].astype(dtype)
                break
    return df
