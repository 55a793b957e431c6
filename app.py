"""Voorzieningenwijzer — Streamlit entry point: navigation, the read-only base snapshot, roles, language.

Run: ``streamlit run app.py`` (listens on localhost: .streamlit/config.toml; a room or a server needs a login,
README "Roles and login"). The database (data/voorzieningen.duckdb, or $VZW_DB) is built from the
embedded data on first run.
"""

import streamlit as st

from app_pages import shell
from lib.text.i18n import LANGUAGES, t

st.set_page_config(page_title="Voorzieningenwijzer", layout="wide")
shell.settle_heap()  # the collection after each run no longer walks the imported modules (issue 13)

shell.init_language()
st.sidebar.radio(t("language", shell.language()), list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True,
                 key="lang", on_change=shell.relabel_widgets)
lang = shell.language()
shell.remember_language()
shell.access_gate()  # the role of this session (lib.access): local beheerder, a login, or read-only on a public address

shell.cursor()  # builds the database on first run, before any page needs it
case = shell.follow_case()  # ?case=, ?wie=, ?domein= survive page switches and reloads

nav = st.navigation([
    st.Page("app_pages/overview.py", title=t("page_overview", lang), url_path="start", default=True),
    st.Page("app_pages/explorer.py", title=t("page_explorer", lang), url_path="buurtverkenner"),
    st.Page(shell.CASES_PAGE, title=t("page_cases", lang), url_path=shell.CASES_PATH),
    st.Page("app_pages/sharing.py", title=t("page_sharing", lang), url_path="ruimte-delen"),
    st.Page("app_pages/agenda.py", title=t("page_agenda", lang), url_path="gebiedsagenda"),
    st.Page("app_pages/initiatives.py", title=t("page_initiatives", lang), url_path="initiatieven"),
    st.Page("app_pages/norms.py", title=t("page_norms", lang), url_path="normen"),
    st.Page("app_pages/data.py", title=t("page_data", lang), url_path="data"),
    st.Page("app_pages/sources.py", title=t("page_sources", lang), url_path="bronnen"),
    # /overzicht is the same page as / (the default page is served at the root URL only)
    st.Page("app_pages/overview.py", title=t("page_overview", lang), url_path="overzicht", visibility="hidden"),
])
shell.case_banner(case, nav.url_path)  # on every page: the open case, back to the baseline, live changes
nav.run()
