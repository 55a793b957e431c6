"""Buurtverkenner (civil servants): one buurt or wijk — population by age now and in the chosen year, dwellings,
woonmilieu, the facilities in and near it on a map, and per facility type need, supply and gap with an
explanation of every number. State in the URL: ?area=<code>&year=<year>&type=<facility type> (&case, &lang)."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.core import hierarchy
from lib.explorer import area_map, charts, explain
from lib.text.i18n import facility_label, status_label, t
from lib.ui.formatting import amount, md_escape

lang = shell.language()
ver = shell.version()
case = shell.case_id()
inp = shell.case_inputs(ver, case)
options = hierarchy.options(inp.areas, ("buurt", "wijk"))

st.title(t("page_explorer", lang))
if not options:
    st.info(t("bv_no_areas", lang))
    st.stop()


def _from_url(key: str, param: str, allowed: list, convert=str) -> None:
    """Put the URL's value into the widget's state before the widget is drawn (a link or a map click)."""
    raw = st.query_params.get(param)
    try:
        value = convert(raw) if raw is not None else None
    except ValueError:
        value = None
    if value in allowed:
        st.session_state[key] = value
    elif raw is not None and param == "area":
        st.warning(t("bv_unknown_area", lang).format(code=md_escape(raw)))
    if st.session_state.get(key) not in allowed:
        st.session_state[key] = allowed[0] if param != "year" else inp.base_year


def _to_url(key: str, param: str) -> None:
    st.query_params[param] = str(st.session_state[key])


codes = list(options)
years = explain.slider_years(inp)
types = sorted(inp.norms["facility_type"].unique())
_from_url("bv_area", "area", codes)
_from_url("bv_year", "year", years, int)
_from_url("bv_type", "type", types)

st.caption(t("bv_intro", lang))
c1, c2, c3, c4 = st.columns([4, 3, 2, 2])
code = c1.selectbox(t("bv_area", lang), codes, format_func=options.get, placeholder=t("choose", lang), key="bv_area",
                    on_change=_to_url, args=("bv_area", "area"))
year = c2.select_slider(t("year", lang), options=years, key="bv_year", on_change=_to_url, args=("bv_year", "year"))
ftype = c3.selectbox(t("bv_map_type", lang), types, format_func=lambda x: facility_label(x, lang),
                     placeholder=t("choose", lang), key="bv_type",
                     on_change=_to_url, args=("bv_type", "type"))
tiles = c4.toggle(t("basemap", lang), value=False, key="bv_tiles")
st.query_params.update({"area": code, "year": str(year), "type": ftype})

bands, dwellings = shell.area_people(ver, case, code, year)
head = explain.headline(bands, dwellings, inp.base_year, year)
level = hierarchy.level_of(inp.areas, code)
st.subheader(md_escape(f"{hierarchy.name_of(inp.areas, code)} · {explain.level_word(level, lang)} {code}"))

# --- key figures ------------------------------------------------------------------------------------------
cards = explain.cards(head, explain.woonmilieu_of(inp.areas, code), lang)
for col, card in zip(st.columns([c["width"] for c in cards]), cards, strict=True):
    col.metric(card["label"], card["value"])
    if card["note"]:
        col.caption(card["note"])

# --- population chart and map -----------------------------------------------------------------------------
left, right = st.columns([2, 3])
with left:
    st.markdown(f"**{t('bv_population', lang)}**")
    st.vega_lite_chart(spec=charts.population_chart(bands, inp.base_year, year, lang), width="stretch",
                       key="bv_chart")
    held = year != inp.base_year and not bool(bands.loc[bands["year"] == year, "forecast"].any())
    st.caption(t("nr_chart_caption_held" if held else
                 ("bv_chart_caption" if year != inp.base_year else "bv_chart_caption_base"), lang).format(
                     base=inp.base_year, year=year))

chosen = shell.area_explanation(ver, case, code, year, lang, ftype)
radius = explain.reach_m(chosen, inp)
view = shell.area_map_view(ver, case, code, radius)
with right:
    st.markdown(f"**{t('bv_map', lang)}**")
    # the year's layers (the chosen type's facilities with their contributions) go apart from the map: a new year
    # replaces them in the drawn map, which is drawn anew only when the area, type, basemap or language changed
    layers = area_map.year_layers(view, ftype, chosen.tables.get("contributions"), radius, chosen.unit, lang)
    clicked = st_folium(area_map.base_map(view, ftype, radius, lang, tiles=tiles), height=480,
                        use_container_width=True, returned_objects=["last_active_drawing"],
                        key=f"bv_map_{code}_{ftype}_{tiles}_{lang}", feature_group_to_add=layers,
                        layer_control=area_map.layer_control(),
                        render=False)  # the same output without rendering the whole figure once more
    if radius:
        st.caption(t("bv_map_caption", lang).format(type=md_escape(facility_label(ftype, lang)),
                                                    radius=amount(radius, "m", lang),
                                                    near=amount(explain.NEAR_MARGIN_M, "m", lang)))
    else:
        st.caption(t("bv_map_caption_nocircle", lang).format(
            type=md_escape(facility_label(ftype, lang)), level=explain.level_word(chosen.assessed_level, lang),
            near=amount(explain.NEAR_MARGIN_M, "m", lang)))
feature = (clicked or {}).get("last_active_drawing") or {}
picked = (feature.get("properties") or {}).get("code")
if picked in options and picked != code:
    st.query_params["area"] = picked
    st.rerun()

# --- per facility type --------------------------------------------------------------------------------------
st.subheader(t("bv_per_type", lang))
table, _ = shell.gap_table(ver, case, tuple(inp.years))
at_level = shell.gap_table_at(ver, case, tuple(inp.years), level)
rows = explain.area_gap_rows(table, at_level, inp.areas, code, year)
st.dataframe(explain.gap_display(rows, lang, inp.base_year), hide_index=True, width="stretch")
if rows["estimate"].any():
    st.caption("⚠ " + t("estimate_note", lang))
if rows["forecast"].any():
    st.caption("⚠ " + t("forecast_note", lang))

status = rows.set_index("facility_type")["status"]
for ft in types:  # an explanation is computed only while its expander is open (issue 13)
    s = status.get(ft) or shell.area_explanation(ver, case, code, year, lang, ft).status
    label = t("bv_explain", lang).format(type=facility_label(ft, lang), status=status_label(s, lang))
    box = st.expander(md_escape(label), expanded=ft == ftype, on_change="rerun")
    if not box.open:
        continue
    e = shell.area_explanation(ver, case, code, year, lang, ft)
    box.markdown("\n".join(f"- {md_escape(line)}" for line in e.lines))
    for name, df in e.tables.items():
        if len(df):
            box.caption(t(explain.TABLE_KEYS[name], lang))
            box.dataframe(explain.labelled(df, lang, e.unit), hide_index=True, width="stretch")

# --- downloads ----------------------------------------------------------------------------------------------
st.subheader(t("bv_download", lang))
d1, d2 = st.columns(2)
d1.download_button(t("bv_download_csv", lang), lambda: explain.area_csv(rows, lang),
                   file_name=f"buurtverkenner_{code}_{year}.csv", mime="text/csv", on_click="ignore",
                   key="bv_csv")
d2.download_button(t("bv_download_xlsx", lang),
                   lambda: explain.workbook(explain.area_sheets(rows, explain.explain_all(inp, code, year, lang, table),
                                                                bands, dwellings, lang)),
                   file_name=f"buurtverkenner_{code}_{year}.xlsx", on_click="ignore", key="bv_xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
