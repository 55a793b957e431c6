"""Placeholder page (being built)."""

import streamlit as st

from pages import shell

shell.page_setup()
st.info("…")
