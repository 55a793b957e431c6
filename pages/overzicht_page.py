"""Tekorten: status map and gap table for one facility type and year (the minimal page of the core issue)."""

import streamlit as st
from streamlit_folium import st_folium

from lib import maps, summary
from lib.i18n import facility_label, t
from pages import shell

shell.page_setup()

lang = shell.language()
ver = shell.version()
case = shell.case_id()
inp = shell.case_inputs(ver, case)
years = tuple(inp.years)
table, notes = shell.gap_table(ver, case, years)

st.title(t("app_title", lang))
types = sorted(table["facility_type"].unique())
c1, c2, c3 = st.columns([2, 3, 2])
qp_type = st.query_params.get("type")
ftype = c1.selectbox(t("facility_type", lang), types, format_func=lambda x: facility_label(x, lang),
                     index=types.index(qp_type) if qp_type in types else 0, key="type")
qp_year = st.query_params.get("year")
year = c2.select_slider(t("year", lang), options=list(years),
                        value=int(qp_year) if qp_year and qp_year.isdigit() and int(qp_year) in years
                        else inp.base_year, key="year")
tiles = c3.toggle(t("basemap", lang), value=False, key="tiles")
st.query_params.update({"type": ftype, "year": str(year)})

k = summary.kpis(table, ftype, year)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("inhabitants", lang), f"{summary.inhabitants(inp.population, inp.base_year):,.0f}")
m2.metric(t("areas_with_shortfall", lang), f"{k['areas_shortfall']} / {k['areas']}")
if k["unit"] != "m":
    m3.metric(t("total_need", lang), f"{k['need']:,.1f} {k['unit']}")
    m4.metric(t("total_supply", lang), f"{k['supply']:,.1f} {k['unit']}")
st.caption(t("gap_explained", lang))
if k["estimate"]:
    st.caption("⚠ " + t("estimate_note", lang))
if k["forecast"]:
    st.caption("⚠ " + t("forecast_note", lang))

rows = summary.rows_for(table, ftype, year)
level = k["level"] or "buurt"
m = maps.gap_map(shell.shapes(ver, level), rows, lang, tiles=tiles,
                 facilities=inp.facilities[inp.facilities["type"] == ftype])
st_folium(m, height=520, use_container_width=True, returned_objects=[], key=f"map_{ftype}_{year}_{level}_{tiles}")

st.subheader(t("worst_first", lang))
view = summary.display(rows.sort_values("gap"), lang)
st.dataframe(view, hide_index=True, width="stretch")
st.download_button(t("download_csv", lang), rows.to_csv(index=False).encode("utf-8"),
                   file_name=f"tekorten_{ftype}_{year}.csv", mime="text/csv")
st.caption(f"{t('based_on', lang)}: {summary.based_on(rows)}")
if notes:
    with st.expander(t("notes", lang)):
        for n in notes:
            st.write("•", n)
