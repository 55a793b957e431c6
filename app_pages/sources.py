"""Bronnen: sources, licences and caveats of the embedded data, what was loaded, and data-quality notes."""

import streamlit as st

from app_pages import shell
from lib.core import db, sources
from lib.text.i18n import t

lang = shell.language()
cur = shell.cursor()
st.title(t("page_sources", lang))
st.subheader(t("provenance", lang))
st.dataframe(sources.provenance(cur), hide_index=True, width="stretch")
st.subheader(t("quality", lang))
st.dataframe(sources.quality(cur), hide_index=True, width="stretch")
st.json(db.table_counts(cur), expanded=False)
st.divider()
st.markdown(sources.sources_markdown())
