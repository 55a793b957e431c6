"""Gebiedsagenda: all planned work per gemeente, wijk or buurt over five years (a Gantt chart by domain), the area's
facility shortfalls and sharing sites beside it, the opportunities to combine work with their reasons, notes per
opportunity, a map of areas by the number of domains with work planned, and exports (Excel, one-page PDF).
In an open case (?case=…) agenda items can be added, changed and taken out as a scenario.
State in the URL: ?area=<code>&window=<years> (&case, &lang). Method: lib.agenda, docs/agenda.md."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.agenda import area_map, charts, export, store, view
from lib.agenda import items as agenda_items
from lib.cases import store as case_store
from lib.core import hierarchy
from lib.text.i18n import t
from lib.ui import maps
from lib.ui.formatting import md_escape

lang = shell.language()
cur = shell.cursor()
ver = shell.version()
case = shell.case_id()
inp = shell.case_inputs(ver, case)
areas = inp.areas
names = hierarchy.names(areas)
items = shell.agenda_items(ver, case)
who = shell.identity(lang)

st.title(t("ag_title", lang))
st.caption(t("ag_intro", lang))
if flash := st.session_state.pop("ag_flash", None):
    st.success(flash)
if items.empty:
    st.info(t("ag_empty", lang))
elif items["illustrative"].any():
    st.warning(t("ag_illustrative", lang))

# --- which area, which years ----------------------------------------------------------------------------------
levels = [lv for lv in ("gemeente", "wijk", "buurt") if (areas["level"] == lv).any()]
qp_area = st.query_params.get("area")
start_level = areas.set_index("code")["level"].get(qp_area, levels[0]) if qp_area else levels[0]
c1, c2, c3 = st.columns([1.3, 3, 3])
level = c1.selectbox(t("level", lang), levels, index=levels.index(start_level) if start_level in levels else 0,
                     format_func=lambda lv: view.level_name(lv, lang), placeholder=t("choose", lang), key="ag_level")
options = hierarchy.options(areas, (level,))
codes = list(options)
area = c2.selectbox(t("area", lang), codes, index=codes.index(qp_area) if qp_area in codes else 0,
                    format_func=options.get, placeholder=t("choose", lang), key=f"ag_area_{level}")
st.query_params["area"] = area
first_default, last_default = view.years_window(inp.base_year)
lo = min(inp.base_year, int(items["start_year"].min())) if len(items) else inp.base_year
hi = max(last_default + 5, int(items["end_year"].max())) if len(items) else last_default + 5
first, last = c3.slider(t("ag_period", lang), lo, hi, (first_default, last_default), key="ag_period")
d1, d2 = st.columns(2)
qp_window = st.query_params.get("window", "1")
window = d1.number_input(t("ag_window", lang), 0, 10, int(qp_window) if qp_window.isdigit() else 1, 1,
                         help=t("ag_window_help", lang), key="ag_window")
st.query_params["window"] = str(int(window))
with_neighbours = d2.toggle(t("ag_neighbours", lang), value=False, help=t("ag_neighbours_help", lang),
                            key="ag_neighbours")

here = view.area_items(items, area, areas, first, last)
short = view.area_shortfalls(shell.agenda_shortfalls(ver, case), area, areas, first, last)
sites = shell.agenda_sites(ver, case, lang)
site_lines = tuple(sites.loc[sites["area_code"].isin(view.inside(area, areas)), "sentence"]) if len(sites) else ()
with st.spinner(t("ag_computing", lang)):
    opps = shell.agenda_opportunities(ver, case, int(window), bool(with_neighbours), lang)
mine = view.area_opportunities(opps, area, areas, first, last)

# --- timeline and shortfalls ------------------------------------------------------------------------------------
left, right = st.columns([2, 1])
with left:
    st.subheader(t("ag_timeline", lang))
    if here.empty:
        st.info(t("ag_no_items", lang))
    else:
        title = t("ag_illustrative_mark", lang) if here["illustrative"].any() else None
        st.plotly_chart(charts.gantt(here, first, last, names, area, lang, title=title), key="ag_gantt")
        st.caption(t("ag_timeline_caption", lang))
with right:
    st.subheader(t("ag_shortfalls", lang))
    if short.empty:
        st.info(t("ag_no_shortfalls", lang))
    else:
        st.dataframe(view.shortfall_table(short, names, lang), hide_index=True, width="stretch")
    st.caption(t("ag_shortfalls_caption", lang))
    st.markdown(f"**{t('ag_sharing_here', lang)}**")
    for line in site_lines[:3]:
        st.markdown(f"- {md_escape(line)}")
    if len(site_lines) > 3:
        with st.expander(t("ag_more_sites", lang).format(n=len(site_lines) - 3)):
            for line in site_lines[3:]:
                st.markdown(f"- {md_escape(line)}")
    if not site_lines:
        st.caption(t("ag_no_sharing", lang))

# --- opportunities with their reasons ------------------------------------------------------------------------
st.subheader(t("ag_opportunities", lang))
st.caption(t("ag_opps_caption", lang))
if mine.empty:
    st.info(t("ag_no_opportunities", lang))
else:
    for r in mine.head(10).to_dict("records"):
        st.markdown(f"{int(r['rank'])}. **{view.kind_label(r['kind'], lang)}** · {md_escape(r['reason'])}")
    with st.expander(t("ag_col_reason", lang) + f" ({len(mine)})"):
        st.dataframe(view.opportunity_table(mine, lang), hide_index=True, width="stretch")

    st.markdown(f"**{t('ag_notes', lang)}**")
    labels = {r["opportunity_id"]: view.opportunity_label(r, lang) for r in mine.to_dict("records")}
    picked = st.selectbox(t("ag_pick_opportunity", lang), list(labels), format_func=labels.get,
                          placeholder=t("choose", lang), key="ag_pick")
    notes = store.notes(cur, case)
    for n in view.note_rows(notes, picked, lang):
        n1, n2 = st.columns([6, 1])
        n1.markdown(f"**{md_escape(n['author'])}** ({n['domain']}, {n['when']} UTC): {md_escape(n['text'])}")
        if shell.allowed("note") and n2.button(t("ag_note_remove", lang), key=f"ag_hide_{n['note_id']}"):
            store.remove_note(cur, n["note_id"])
            st.rerun()
    if not view.note_rows(notes, picked, lang):
        st.caption(t("cs_no_notes", lang))
    if shell.allowed("note"):  # notes: deelnemer and beheerder (lib.access.roles)
        with st.form("ag_note_form", clear_on_submit=True):
            text = st.text_area(t("cs_note_text", lang), key="ag_note_text", max_chars=store.MAX_NOTE)
            submitted = st.form_submit_button(t("ag_note_add", lang))
        if submitted:
            if who is None:
                st.warning(t("ag_need_name", lang))
            else:
                try:
                    store.add_note(cur, picked, text, author=who.author, domain=who.domain, case_id=case,
                                   area_code=area)
                    st.session_state["ag_flash"] = t("ag_note_saved", lang)
                    st.rerun()
                except (ValueError, LookupError) as exc:
                    st.error(str(exc))

# --- map: domains with work per area ------------------------------------------------------------------------
st.subheader(t("ag_map", lang))
m1, m2 = st.columns([1, 3])
map_levels = [lv for lv in ("buurt", "wijk") if lv in levels]
map_level = m1.radio(t("ag_map_level", lang), map_levels, format_func=lambda lv: view.level_name(lv, lang),
                     key="ag_map_level", horizontal=True)
tiles = m2.toggle(t("basemap", lang), value=False, key="ag_tiles")
counts = view.domains_per_area(items, areas, map_level, first, last)
data = area_map.geojson(shell.shapes(ver, map_level), counts, area, lang)
clicked = st_folium(area_map.domains_map(data, lang, tiles), height=460, use_container_width=True,
                    returned_objects=["last_active_drawing"], key=f"ag_map_{map_level}_{tiles}")
st.caption(t("ag_map_caption", lang))
props = maps.clicked_feature(clicked)
if props and props.get("code") != area and props.get("code") in names:
    st.query_params["area"] = props["code"]
    st.session_state.pop("level", None)
    st.rerun()

# --- exports and the template ----------------------------------------------------------------------------------
st.subheader(t("ag_export", lang))
report = export.AreaReport(area, names.get(area, area), level, first, last, here, mine, short, names, lang,
                           case=case, sites=site_lines, notes=store.notes(cur, case), window=int(window))
e1, e2, e3, e4 = st.columns(4)
e1.download_button(t("ag_export_xlsx", lang), export.workbook(report), f"{report.file_stem()}.xlsx",
                   mime=export.XLSX_MIME, key="ag_xlsx")
e2.download_button(t("ag_export_pdf", lang), export.pdf(report), f"{report.file_stem()}.pdf",
                   mime="application/pdf", key="ag_pdf")
e3.download_button(t("ag_template_csv", lang), export.template_csv(areas), "gebiedsagenda_sjabloon.csv",
                   mime="text/csv", key="ag_tpl_csv")
e4.download_button(t("ag_template_xlsx", lang),
                   export.template_xlsx(areas, export.template_notes(lang)),
                   "gebiedsagenda_sjabloon.xlsx", mime=export.XLSX_MIME, key="ag_tpl_xlsx")

# --- the agenda in an open case --------------------------------------------------------------------------------
st.subheader(t("ag_case_items", lang))
if case is None:
    st.info(t("ag_no_case", lang))
    st.stop()
info = case_store.get_case(cur, case)
cid = info["case_id"]
st.caption(t("ag_case_caption", lang).format(case=info["name"]))
if not shell.allowed("case_edit"):  # agenda items in a case: deelnemer and beheerder (lib.access.roles)
    st.caption(t("acc_view_only", lang).format(role=shell.role_label(lang)))
    st.stop()
area_choices = hierarchy.options(areas, ("buurt", "wijk", "gemeente"))
area_codes = list(area_choices)


def save(pid: str, row: dict, action: str, expected: int | None = None, new: bool = False) -> None:
    """Save an item's row in the case: versioned and logged under the editor's name, undoable (lib.cases.store);
    what a valid item is, the agenda says (lib.agenda.store.check_row)."""
    case_store.save_row(cur, cid, "agenda", {"project_id": pid}, row, author=who.author, domain=who.domain,
                        action=action, check=store.check_row, expected_version=expected, new=new)


def write(action) -> None:
    """Run a change in the case; on success remember a message and rerun, else say why not."""
    if not shell.allowed("case_edit"):
        st.error(shell.refusal(lang))
        return
    if who is None:
        st.warning(t("ag_need_name", lang))
        return
    try:
        action()
    except case_store.EditConflict as exc:
        st.error(str(exc))
        return
    except (case_store.UndoRefused, ValueError, LookupError) as exc:
        st.error(str(exc))
        return
    st.session_state["ag_flash"] = t("ag_saved", lang)
    st.rerun()


def item_form(key: str, row: dict) -> dict | None:
    """The fields of one item as a form; returns them when submitted."""
    with st.form(key):
        f1, f2, f3 = st.columns(3)
        name = f1.text_input(t("ag_col_project", lang), row.get("name") or "", key=f"{key}_name")
        domain = f2.selectbox(t("cs_ag_domain", lang), agenda_items.DOMAINS,
                              index=agenda_items.DOMAINS.index(row.get("domain") or "overig"),
                              format_func=lambda d: view.domain_label(d, lang),
                              placeholder=t("choose", lang), key=f"{key}_domain")
        code = f3.selectbox(t("area", lang), area_codes,
                            index=area_codes.index(row["area_code"]) if row.get("area_code") in area_codes else 0,
                            format_func=area_choices.get, placeholder=t("choose", lang), key=f"{key}_area")
        g1, g2, g3, g4 = st.columns(4)
        start = g1.number_input(t("ag_col_start", lang), 2000, 2100, int(row.get("start_year") or inp.base_year), 1,
                                key=f"{key}_start")
        end = g2.number_input(t("ag_col_end", lang), 2000, 2100, int(row.get("end_year") or inp.base_year), 1,
                              key=f"{key}_end")
        status = g3.selectbox(t("cs_ag_status", lang), agenda_items.STATUSES,
                              index=agenda_items.STATUSES.index(row.get("status") or "gepland"),
                              format_func=lambda s: view.status_label(s, lang),
                              placeholder=t("choose", lang), key=f"{key}_status")
        budget = g4.number_input(t("ag_col_budget", lang) + " (€)", 0.0, agenda_items.MAX_BUDGET_EUR,
                                 row.get("budget_eur"), 1000.0, key=f"{key}_budget")
        h1, h2 = st.columns(2)
        kind = h1.text_input(t("cs_ag_kind", lang), row.get("kind") or "", key=f"{key}_kind")
        owner = h2.text_input(t("cs_owner", lang), row.get("owner") or "", key=f"{key}_owner")
        if st.form_submit_button(t("cs_save", lang)):
            return {"name": name, "domain": domain, "area_code": code, "start_year": int(start),
                    "end_year": int(end), "status": status, "budget_eur": budget, "kind": kind or None,
                    "owner": owner or None}
    return None


with st.expander(t("ag_add_item", lang)):
    new = item_form("ag_new", {"area_code": area, "start_year": first, "end_year": first})
    if new is not None:
        write(lambda: save(store.new_id(), store.new_item(new), "add", new=True))

with st.expander(t("ag_edit_item", lang)):
    pool = here if len(here) else items
    if pool.empty:
        st.caption(t("ag_no_items", lang))
    else:
        choice = {r["project_id"]: f"{r['name']} ({r['project_id']})" for r in pool.to_dict("records")}
        pid = st.selectbox(t("ag_col_project", lang), list(choice), format_func=choice.get,
                           placeholder=t("choose", lang), key="ag_edit_pick")
        row = {k: case_store.plain(v) for k, v in items.set_index("project_id").loc[pid].to_dict().items()}
        opened = st.session_state.setdefault(f"ag_opened_{cid}_{pid}",
                                             {"version": store.item_version(cur, cid, pid), "row": row})
        changed = item_form(f"ag_edit_{pid}", row)
        if changed is not None:
            diff = case_store.edited(opened["row"], changed)
            st.session_state.pop(f"ag_opened_{cid}_{pid}", None)
            if diff:
                write(lambda: save(pid, diff, store.action(diff), expected=opened["version"]))
        if st.button(t("ag_remove", lang), key="ag_remove"):
            st.session_state.pop(f"ag_opened_{cid}_{pid}", None)
            write(lambda: save(pid, {"removed": True}, "remove", expected=opened["version"]))

last_change = store.last_agenda_change(cur, cid)
if last_change is not None and st.button(t("ag_undo_last", lang) + f" ({last_change})", key="ag_undo"):
    write(lambda: case_store.undo(cur, cid, last_change, author=who.author, domain=who.domain))
