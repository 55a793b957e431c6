"""The one DuckDB module: schema, connections, transactions and every SQL statement.

Geometry is stored as WKB (BLOB) in EPSG:28992 metres; shapely/geopandas do the spatial work in
Python (see docs/architecture.md). Other modules exchange pandas DataFrames with this one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
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
}

_lock = threading.Lock()


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create, with the schema) the database at ``path``; ':memory:' works too."""
    path = str(path)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(path, read_only=read_only)
    if not read_only:
        con.execute(SCHEMA)
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the body in one transaction: commit on success, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table(con: duckdb.DuckDBPyConnection, name: str, where: str = "", params: list | None = None) -> pd.DataFrame:
    """All rows of a table (optionally filtered by a trusted WHERE clause with parameters)."""
    _check_table(name)
    sql = f"SELECT * FROM {name}" + (f" WHERE {where}" if where else "")
    return con.execute(sql, params or []).df()


def count_rows(con: duckdb.DuckDBPyConnection, name: str) -> int:
    _check_table(name)
    return con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]


def _check_table(name: str) -> None:
    known = set(KEYS) | {"provenance", "quality", "settings", "cases", "case_plans", "case_facilities",
                         "case_norms"}
    if name not in known:
        raise ValueError(f"unknown table {name!r}")


def replace_rows(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> int:
    """Delete rows whose key appears in ``df`` and insert ``df``. Call inside a transaction."""
    keys = KEYS[name]
    if df.empty:
        return 0
    cols = list(df.columns)
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
    con.execute(
        "INSERT INTO provenance (kind, file, format, sha256, rows, licence, summary) VALUES (?,?,?,?,?,?,?)",
        [kind, file, fmt, sha256, rows, licence, summary],
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


def bump_version(con) -> None:
    """Count writes, so caches keyed on ``data_version`` see every change."""
    con.execute("INSERT OR REPLACE INTO settings VALUES ('data_version', CAST(COALESCE((SELECT CAST(value AS INTEGER) "
                "FROM settings WHERE key = 'data_version'), 0) + 1 AS VARCHAR))")


def data_version(con) -> int:
    return int(get_setting(con, "data_version", "0"))


def area_shapes(con, level: str) -> pd.DataFrame:
    """code, name, level, parent_code, woonmilieu, geom_simple (WKB, EPSG:28992) of one level."""
    return con.execute("SELECT code, name, level, parent_code, woonmilieu, woonmilieu_override, geom_simple "
                       "FROM areas WHERE level = ? ORDER BY code", [level]).df()


def set_woonmilieu_override(con, area_code: str, woonmilieu: str | None) -> None:
    con.execute("UPDATE areas SET woonmilieu_override = ? WHERE code = ?", [woonmilieu, area_code])


def table_counts(con) -> dict[str, int]:
    """Row counts of the data tables (for the Data page and the CLI)."""
    return {name: count_rows(con, name) for name in KEYS}


def population_years(con) -> list[int]:
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM population ORDER BY year").fetchall()]


def find_case(con, name_or_id: str) -> pd.DataFrame:
    return con.execute("SELECT * FROM cases WHERE case_id = ? OR name = ?", [name_or_id, name_or_id]).df()


def case_rows(con, name: str, case_id: str) -> pd.DataFrame:
    """Overlay rows of one case from case_plans / case_facilities / case_norms."""
    if name not in ("case_plans", "case_facilities", "case_norms"):
        raise ValueError(name)
    return con.execute(f"SELECT * FROM {name} WHERE case_id = ?", [case_id]).df()
