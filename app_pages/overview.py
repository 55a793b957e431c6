"""Overzicht (aldermen): status map per buurt/wijk/gemeente for one facility type or the worst of all types,
KPI cards, shortfalls per type, the areas that need attention, and one-click exports. Clicking an area opens
the Buurtverkenner for it. State in the URL: ?type=&year=&level= (and case, lang)."""

import streamlit as st

from app_pages import drawn_maps, shell
from lib.core import hierarchy, scope
from lib.overview import exports, summary
from lib.text.i18n import level_label, t
from lib.ui import maps
from lib.ui.formatting import amount, data_text, md_escape, unit_label

lang = shell.language()
ver = shell.version()
case = shell.case_id()
inp = shell.case_inputs(ver, case)
years = tuple(inp.years)
table, notes = shell.gap_table(ver, case, years)
types = summary.type_options(table)
year_opts = summary.year_options(inp)

st.title(t("page_overview", lang))
st.caption(t("ov_subtitle", lang))

qp = st.query_params
qp_type, qp_year, qp_level = qp.get("type"), qp.get("year"), qp.get("level")
gms = shell.municipalities(ver, case)
gm = None
if len(gms) > 1:  # several gemeenten loaded: a national view and drill-down to one gemeente
    gm_options = ["", *gms["code"]]
    gm_names = dict(zip(gms["code"], gms["name"], strict=True))
    qp_gm = qp.get("gm", "")
    gm = st.selectbox(t("municipality", lang), gm_options, index=gm_options.index(qp_gm) if qp_gm in gm_options
                      else 0, format_func=lambda c: gm_names.get(c, t("ov_all_municipalities", lang)),
                      placeholder=t("choose", lang), key="gm") or None
levels = scope.default_level(len(gms), gm)
default_type = "primary_school" if "primary_school" in types else types[-1]
c1, c2, c3, c4 = st.columns(4, vertical_alignment="bottom", gap="medium")
ftype = c1.selectbox(t("facility_type", lang), types, format_func=lambda x: summary.type_label(x, lang),
                     index=types.index(qp_type if qp_type in types else default_type),
                     placeholder=t("choose", lang), key="type")
year = c2.select_slider(t("year", lang), options=year_opts,
                        value=int(qp_year) if qp_year and qp_year.isdigit() and int(qp_year) in year_opts
                        else inp.base_year, key="year")
no_forecast = summary.no_forecast_note(inp, lang)
if no_forecast:
    c2.caption(no_forecast)
level = c3.radio(t("level", lang), levels, format_func=lambda x: level_label(x, lang),
                 index=levels.index(qp_level) if qp_level in levels else 0, horizontal=True,
                 key="level" if len(levels) == 3 else "level_national")
tiles = c4.toggle(t("basemap", lang), value=False, key="tiles")
st.query_params.update({"type": ftype, "year": str(year), "level": level, **({"gm": gm} if gm else {})})
if not gm:
    st.query_params.pop("gm", None)

table_at = shell.scoped_table(ver, case, years, level, gm)
k = shell.scoped_kpis(ver, case, years, level, gm, ftype, year)
inh = summary.inhabitants_kpi(shell.inhabitants_by_year(ver, case, gm), inp.base_year, year, lang,
                              forecast=no_forecast is None)
all_types = ftype == summary.ALL_TYPES

inh_help = t("ov_inhabitants_help", lang).format(base=inp.base_year)
with st.container(horizontal=True, gap="medium"):
    st.metric(t("inhabitants", lang), inh["now"], help=inh_help, width="content")
    if inh["other_year"]:
        st.metric(inh["label"], inh["then"], delta=inh["delta"], help=inh_help, width="content")
    unit = md_escape(unit_label(k["unit"], lang))  # a norm's unit is data: plain text in the labels
    if not k["proxy"]:
        st.metric(summary.short_label(all_types, level, lang), f"{k['areas_shortfall']} / {k['areas']}",
                  width="content")
    if k["areas_fragile"]:
        st.metric(t("nr_kpi_fragile", lang), amount(k["areas_fragile"], "count", lang), width="content")
    if k["areas_data_gap"]:
        st.metric(t("nr_kpi_data_gap", lang), amount(k["areas_data_gap"], "count", lang), width="content")
    if not all_types and k["proxy"]:
        st.metric(f"{t('total_need', lang)} ({unit})", amount(k["need_total"], k["unit"], lang), width="content")
        st.metric(t("nr_kpi_growth", lang).format(base=inp.base_year, unit=unit),
                  summary.growth_text(k, lang), help=t("nr_kpi_growth_help", lang), width="content")
    elif not all_types and k["distance"]:
        st.metric(t("ov_people_beyond", lang), amount(k["people_beyond"], "persons", lang),
                  help=t("nr_kpi_people_help", lang), width="content")
    elif not all_types:
        st.metric(f"{t('total_shortfall', lang)} ({unit})", amount(k["shortfall_total"], k["unit"], lang),
                  help=t("ov_shortfall_help", lang), width="content")
        st.metric(t("nr_kpi_balance", lang).format(unit=unit), summary.balance_text(k, lang),
                  help=t("nr_kpi_balance_help", lang).format(n=k["balance_areas"]), width="content")
if k["estimate"]:
    st.caption("⚠ " + t("estimate_note", lang))
if k["forecast"]:
    st.caption("⚠ " + t("forecast_note", lang))

caption, types_caption = shell.overview_captions(ver, case, years, level, gm, ftype, year, lang)


def _on_map_click():
    props = maps.clicked_feature(st.session_state.get("ovz_map"))
    if not props:
        return
    drill = hierarchy.gemeente_of(inp.areas).get(props["code"]) if len(gms) > 1 and not gm else None
    if drill:  # national view: a click drills down into that gemeente (buurt level)
        st.session_state.update({"gm": drill, "level": "buurt", "ovz_drill": True})
    else:
        st.session_state["ovz_goto"] = props


@st.fragment
def map_panel(level: str, year: int, ftype: str, tiles: bool):
    """The map in its own fragment: a click reruns only this part and then switches to the Buurtverkenner (before
    the map is built again: the click's rerun goes straight on to the other page)."""
    if st.session_state.pop("ovz_drill", False):
        st.rerun()  # the whole page, now for the chosen gemeente
    goto = st.session_state.pop("ovz_goto", None)
    if goto:
        st.switch_page("app_pages/explorer.py",
                       query_params=summary.explorer_params(goto, year, ftype, case, lang))
    data = shell.status_geojson(ver, case, years, level, year, ftype, lang, gm)
    statuses = frozenset(f["properties"]["status"] for f in data["features"])

    def make_map():
        return maps.status_map(data, lang, tiles=tiles, facilities=shell.facility_points(ver, case, lang, gm),
                               show_types={ftype}, with_status=False, legend=summary.legend_items(lang, statuses))

    # the status polygons go as a layer of their own: a new year or type replaces them in the drawn map, which
    # is drawn anew only when the rest (level, type's facilities, legend, basemap) changed; the map is made into
    # strings once per its inputs, the layer's script once per its form (styled in the browser by status), a new
    # year only writes its GeoJSON into it (app_pages/drawn_maps.py)
    drawn_maps.draw(("overview", ver, case, level, ftype, lang, tiles, gm, statuses), make_map, key="ovz_map",
                    height=560, returned_objects=["last_active_drawing"], on_change=_on_map_click,
                    layer_key=("overview-status", lang, maps.status_layer_form(data, lang)),
                    make_layer=lambda: maps.status_layer(data, lang), layer_data=data, click_at_once=True)
    st.caption(t("ov_map_count", lang).format(n=len(data["features"]), level=level_label(level, lang).lower())
               + " " + t("ov_click_hint", lang))


@st.fragment
def attention_panel(ftype: str, year: int):
    """The ranked list in its own fragment, so its row-count widget never re-sends the map."""
    st.subheader(t("ov_attention", lang))
    st.caption(t("ov_attention_all_help" if ftype == summary.ALL_TYPES else "ov_attention_help", lang))
    n = st.selectbox(t("ov_show_n", lang), [10, 25, 50], placeholder=t("choose", lang), key="ovz_n")
    att = shell.attention_table(ver, case, years, level, gm, ftype, year, n, lang)
    if att is None:
        st.info(t("nr_attention_proxy" if k["proxy"] else "ov_attention_none", lang))
    else:
        st.dataframe(att, hide_index=True, width="stretch")


map_panel(level, year, ftype, tiles)
st.caption(md_escape(f"{t('based_on', lang)}: {caption}"))  # sources and units are data: plain text
st.caption(summary.legend_note(ftype, k["distance"], lang, k["proxy"]))

st.subheader(t("ov_types_table", lang))
by_type = shell.types_table(ver, case, years, level, gm, year, lang)
st.dataframe(by_type.drop(columns=["facility_type"]), hide_index=True, width="stretch")
st.caption(md_escape(f"{t('based_on', lang)}: {types_caption}"))
attention_panel(ftype, year)


@st.fragment
def options_panel(year: int):
    """The best options for sharing space (Ruimte delen), in plain language, for aldermen. Computed only while
    the toggle is on (about half a second per year on Utrecht), so a year step does not wait for it."""
    st.subheader(t("ov_best_options", lang))
    if len(gms) > 1 and not gm:
        st.caption(t("ov_best_options_pick", lang))
        return
    if not st.toggle(t("ov_best_options_show", lang), value=False, key="ov_best_show"):
        st.caption(t("ov_best_options_off", lang).format(year=year))
        st.page_link("app_pages/sharing.py", label=t("ov_best_options_link", lang))
        return
    best = shell.sharing_best_options(ver, case, year, 5, lang, gm)
    if best.empty:
        st.info(t("ov_best_options_none", lang))
    for line in summary.option_lines(best, lang):
        st.markdown(line)
    st.caption(t("ov_best_options_note", lang))
    st.page_link("app_pages/sharing.py", label=t("ov_best_options_link", lang))


options_panel(year)

provenance, quality = shell.provenance_and_quality(ver)
view = exports.OverviewView(table=table_at, shapes=shell.scoped_shapes(ver, level, gm), year=year,
                            base_year=inp.base_year,
                            facility_type=ftype, level=level, lang=lang, case=case,
                            case_name=shell.case_name(case),
                            inhabitants=shell.inhabitants_by_year(ver, case, gm), norms=inp.norms,
                            provenance=provenance, quality=quality, notes=tuple(notes), facilities=inp.facilities)
st.subheader(t("ov_exports", lang))
st.caption(t("ov_export_note", lang))
d1, d2, d3, d4 = st.columns(4)
stem = view.file_stem()
d1.download_button(t("ov_export_png", lang), lambda: exports.map_png(view), file_name=f"{stem}.png",
                   mime=exports.MIME["png"], on_click="ignore", key="dl_png")
d2.download_button(t("ov_export_html", lang), lambda: exports.map_html(view), file_name=f"{stem}.html",
                   mime=exports.MIME["html"], on_click="ignore", key="dl_html")
d3.download_button(t("ov_export_pdf", lang), lambda: exports.summary_pdf(view), file_name=f"{stem}.pdf",
                   mime=exports.MIME["pdf"], on_click="ignore", key="dl_pdf")
d4.download_button(t("ov_export_xlsx", lang), lambda: exports.workbook(view), file_name=f"{stem}.xlsx",
                   mime=exports.MIME["xlsx"], on_click="ignore", key="dl_xlsx")
if notes:
    with st.expander(t("notes", lang)):
        for n in notes:
            st.markdown(f"• {md_escape(data_text(n, lang))}")
