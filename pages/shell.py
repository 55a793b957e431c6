"""The imperative shell's shared pieces: one DuckDB connection per process, a cursor per session,
the language, and cached calls into lib. No SQL and no arithmetic here."""

from __future__ import annotations

import os

import streamlit as st

from lib import build, db, gaps, inputs, maps

DB_PATH = os.environ.get("VZW_DB", str(db.DEFAULT_DB))


def page_setup() -> None:
    """Call first in every page. Streamlit runs a folder named ``pages/`` as a v1 multipage app until
    ``st.navigation`` has run once in the process, so a deep link (…/tekorten?year=2030) opened first
    would run the page without ``app.py`` (no language, no navigation). Switch v1 off and rerun through
    ``app.py``, which then resolves the same URL to the same page."""
    if not st.session_state.get("_app_ran"):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource
def connection():
    """One connection per server process; the database is built from data/ on first run."""
    build.ensure(DB_PATH, log=lambda *_: None)
    return db.connect(DB_PATH)


def cursor():
    """A cursor per session (DuckDB cursors are per-thread connections to the same database)."""
    if "cursor" not in st.session_state:
        with st.spinner("…"):
            st.session_state["cursor"] = connection().cursor()
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


@st.cache_data(show_spinner=False, max_entries=32)
def gap_table(version: int, years: tuple[int, ...]):
    """Gap table for all norms and ``years``; cached per data version."""
    inp = inputs.load(cursor())
    result = gaps.compute(inp, years=list(years))
    return result.table, result.notes


@st.cache_data(show_spinner=False, max_entries=16)
def base(version: int):
    return inputs.load(cursor())


@st.cache_data(show_spinner=False, max_entries=8)
def shapes(version: int, level: str):
    return maps.shapes_wgs84(db.area_shapes(cursor(), level))


def version() -> int:
    return db.data_version(cursor())
