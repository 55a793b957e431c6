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
    st.Page("pages/overzicht_page.py", title=t("page_overview", lang), url_path="overzicht", default=True),
    st.Page("pages/buurtverkenner_page.py", title=t("page_explorer", lang), url_path="buurtverkenner"),
    st.Page("pages/werksessie_page.py", title=t("page_cases", lang), url_path="werksessie"),
    st.Page("pages/ruimte_delen_page.py", title=t("page_sharing", lang), url_path="ruimte-delen"),
    st.Page("pages/initiatieven_page.py", title=t("page_initiatives", lang), url_path="initiatieven"),
    st.Page("pages/normen_page.py", title=t("page_norms", lang), url_path="normen"),
    st.Page("pages/data_page.py", title=t("page_data", lang), url_path="data"),
    st.Page("pages/bronnen_page.py", title=t("page_sources", lang), url_path="bronnen"),
])
nav.run()
