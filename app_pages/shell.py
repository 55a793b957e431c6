"""The imperative shell's shared pieces: one DuckDB connection per process, a cursor per session,
the language, and cached calls into lib. No SQL and no arithmetic here."""

from __future__ import annotations

import os

import streamlit as st

from lib import embedded
from lib.cases import example
from lib.core import db, hierarchy, pipeline, scope, sources
from lib.core import kpis as kpi
from lib.explorer import explain
from lib.sharing import options
from lib.ui import maps


def db_path() -> str:
    """The database file: $VZW_DB, else data/voorzieningen.duckdb."""
    return os.environ.get("VZW_DB", str(db.DEFAULT_DB))


@st.cache_resource
def connection(path: str):
    """One connection per server process (and database file); the database is built from data/ on first run,
    and the illustrative example case is created once when the data fits (older databases)."""
    embedded.ensure(path, log=lambda *_: None)
    con = db.connect(path)
    example.ensure(con)
    return con


def cursor():
    """A cursor per session (DuckDB cursors are per-thread connections to the same database)."""
    path = db_path()
    if st.session_state.get("cursor_path") != path:
        with st.spinner("…"):
            st.session_state["cursor"] = connection(path).cursor()
            st.session_state["cursor_path"] = path
    return st.session_state["cursor"]


def init_language() -> None:
    """Take the language from the URL (?lang=en) on a session's first run; Dutch by default."""
    if "lang" not in st.session_state:
        lang = st.query_params.get("lang", "nl")
        st.session_state["lang"] = lang if lang in ("nl", "en") else "nl"


def language() -> str:
    return st.session_state.get("lang", "nl")


def remember_language() -> None:
    st.query_params["lang"] = language()


def case_id() -> str | None:
    """The open case (``?case=<id>`` in the URL, so a shared link opens the same case), or None = baseline."""
    case = st.query_params.get("case") or None
    if case and db.find_case(cursor(), case).empty:
        st.warning(f"Case '{case}' not found; showing the baseline.")
        return None
    return case


@st.cache_data(show_spinner=False, max_entries=16)
def base(version: tuple[str, int]):
    """The base data (no case)."""
    return pipeline.inputs(cursor())


@st.cache_data(show_spinner=False, max_entries=32)
def case_inputs(version: tuple[str, int], case: str | None):
    """The base data with ``case`` applied (or the base data when case is None)."""
    return pipeline.with_case(cursor(), base(version), case)


@st.cache_data(show_spinner=False, max_entries=32)
def gap_table(version: tuple[str, int], case: str | None, years: tuple[int, ...]):
    """Gap table (buurt and service-level rows) for all norms and ``years``; cached per data version and case."""
    result = pipeline.gap_table(case_inputs(version, case), years=list(years))
    return result.table, result.notes


@st.cache_data(show_spinner=False, max_entries=64)
def gap_table_at(version: tuple[str, int], case: str | None, years: tuple[int, ...], level: str):
    """The gap table at ``level`` (buurt, wijk or gemeente)."""
    table, _ = gap_table(version, case, years)
    return pipeline.at_level(table, case_inputs(version, case).areas, level)


@st.cache_data(show_spinner=False, max_entries=8)
def shapes(version: tuple[str, int], level: str):
    return maps.shapes_wgs84(db.area_shapes(cursor(), level))


def version() -> tuple[str, int]:
    """Cache key of the data: (database file, write counter). Every write bumps the counter."""
    return db_path(), db.data_version(cursor())


@st.cache_data(show_spinner=False, max_entries=64)
def area_explained(version: tuple[str, int], case: str | None, area: str, year: int, lang: str):
    """Buurtverkenner: (population bands base+year, dwellings base+year, explanations per type) for one area."""
    inp = case_inputs(version, case)
    years = sorted({inp.base_year, year})
    return (explain.population_bands(inp, area, years), explain.dwellings_of(inp, area, years),
            explain.explain_all(inp, area, year, lang))


# --- Overzicht page and its exports (lib.overview.summary, lib.ui.maps, lib.core.sources) ---

@st.cache_data(show_spinner=False, max_entries=16)
def inhabitants_by_year(version: tuple[str, int], case: str | None, gm: str | None = None):
    """Inhabitants per year (imported years, then the forecast from housing plans) for the open case, in
    gemeente ``gm`` (all when None)."""
    inp = case_inputs(version, case)
    return scope.inhabitants_by_year(inp, hierarchy.codes_in(inp.areas, gm) if gm else None)


@st.cache_data(show_spinner=False, max_entries=64)
def scoped_table(version: tuple[str, int], case: str | None, years: tuple[int, ...], level: str, gm: str | None):
    """The gap table at ``level`` restricted to gemeente ``gm`` (all when None)."""
    table = gap_table_at(version, case, years, level)
    return scope.rows_in(table, hierarchy.codes_in(case_inputs(version, case).areas, gm) if gm else None)


@st.cache_data(show_spinner=False, max_entries=32)
def scoped_shapes(version: tuple[str, int], level: str, gm: str | None):
    """Map shapes (WGS84) of ``level`` in gemeente ``gm`` (all when None)."""
    return scope.rows_in(shapes(version, level), hierarchy.codes_in(base(version).areas, gm) if gm else None)


@st.cache_data(show_spinner=False, max_entries=64)
def status_geojson(version: tuple[str, int], case: str | None, years: tuple[int, ...], level: str, year: int,
                   ftype: str, lang: str, gm: str | None = None):
    """The Overzicht map's GeoJSON (escaped tooltips), cached per (level, year, case, type, language, gemeente)."""
    rows = kpi.map_rows(scoped_table(version, case, years, level, gm), ftype, year)
    return maps.status_geojson(scoped_shapes(version, level, gm), rows, lang, case_inputs(version, case).base_year)


@st.cache_data(show_spinner=False, max_entries=8)
def provenance_and_quality(version: tuple[str, int]):
    """(provenance, data-quality notes) of the loaded files, for the sources sheet of the exports."""
    return sources.provenance(cursor()), sources.quality(cursor())


# --- Ruimte delen (lib.sharing): the best options for the Overzicht page ---

@st.cache_data(show_spinner=False, max_entries=16)
def sharing_best_options(version: tuple[str, int], case: str | None, year: int, n: int, lang: str,
                         gm: str | None = None):
    """The ``n`` best options for sharing space (lib.sharing.options.best_options) with a ``sentence`` column,
    within gemeente ``gm`` (all when None)."""

    inp = scope.inputs_in(case_inputs(version, case), gm)
    table = scoped_table(version, case, tuple(case_inputs(version, case).years), "buurt", gm)
    return options.best_options(inp, table, year, n=n, lang=lang)
