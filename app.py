"""Voorzieningenwijzer — Streamlit entry point: navigation, shared DuckDB connection, language.

Run: ``streamlit run app.py``. The database (data/voorzieningen.duckdb, or $VZW_DB) is built from the
embedded data on first run.
"""

import streamlit as st

from lib.i18n import LANGUAGES, t
from pages import shell

st.set_page_config(page_title="Voorzieningenwijzer", layout="wide")

shell.init_language()
st.sidebar.radio(t("language", shell.language()), list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True,
                 key="lang")
lang = shell.language()
shell.remember_language()

shell.cursor()  # builds the database on first run, before any page needs it

nav = st.navigation([
    st.Page("pages/tekorten.py", title=t("page_gaps", lang), url_path="tekorten",
            default=True),
    st.Page("pages/bronnen.py", title=t("page_sources", lang), url_path="bronnen"),
])
st.session_state["_app_ran"] = True
nav.run()
