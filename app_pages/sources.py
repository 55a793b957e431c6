"""Bronnen: sources, licences and caveats of the embedded data (data/SOURCES.md, or its Dutch translation
data/SOURCES.nl.md), what was loaded, data-quality notes and the rows per table, all in the chosen language."""

import streamlit as st

from app_pages import shell
from lib.admin import data_status
from lib.core import sources
from lib.text.i18n import t

lang = shell.language()
cur = shell.cursor()
st.title(t("page_sources", lang))
st.subheader(t("provenance", lang))
st.dataframe(data_status.provenance_table(cur, lang), hide_index=True, width="stretch")
st.subheader(t("quality", lang))
for g in data_status.quality_groups(cur, lang):
    with st.expander(f"{g.title} ({t('nd_q_count', lang).format(n=len(g.notes))})"):
        if g.explanation:
            st.caption(g.explanation)
        st.dataframe(g.notes, hide_index=True, width="stretch")
with st.expander(t("nd_loaded", lang)):
    st.dataframe(data_status.loaded_tables(cur, lang), hide_index=True, width="stretch")
st.divider()
st.markdown(sources.sources_markdown(lang))
