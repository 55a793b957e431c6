"""Werksessie: one shared case for a workshop. Open it by link (``?case=<id>``), change plans, facilities and
norms under your name, see the effect against the baseline or another case, leave notes, undo, export."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.cases import compare, document, report, store, view
from lib.core import hierarchy
from lib.core import kpis as kpi
from lib.overview import summary
from lib.text.i18n import domain_label, facility_label, t

lang = shell.language()
cur = shell.cursor()
ver = shell.version()
base = shell.case_inputs(ver, None)
names = hierarchy.names(base.areas)
buurten = hierarchy.options(base.areas, ("buurt",))
wijken = hierarchy.options(base.areas, ("wijk",))


def identity():
    """Display name and domain, typed once per session; every change is recorded under them."""
    for key in ("who_name", "who_domain"):
        if key not in st.session_state and f"_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"_{key}"]
    st.sidebar.markdown(f"**{t('cs_you', lang)}**")
    name = st.sidebar.text_input(t("cs_your_name", lang), key="who_name", max_chars=store.MAX_AUTHOR)
    domain = st.sidebar.selectbox(t("cs_your_domain", lang), store.DOMAINS, key="who_domain",
                                  format_func=lambda d: domain_label(d, lang))
    st.session_state["_who_name"], st.session_state["_who_domain"] = name, domain
    try:
        return store.Editor.of(name, domain)
    except ValueError:
        return None


who = identity()


def write(action, done: str, forget: tuple[str, ...] = ()) -> None:
    """Run a change; on success remember a message, forget stale edit state and rerun; else show why not."""
    if who is None:
        st.warning(t("cs_need_name", lang))
        return
    try:
        action()
    except store.EditConflict as exc:
        st.error(view.conflict_message(exc, names, lang))
        return
    except (store.UndoRefused, document.CaseFileError, ValueError, LookupError) as exc:
        st.error(str(exc))
        return
    for key in forget:
        st.session_state.pop(key, None)
    st.session_state["cs_flash"] = done
    st.rerun()


def opened(key: str, version: int, row: dict) -> dict:
    """The version and values an editor started from (kept until saved or reloaded: optimistic versioning)."""
    if key not in st.session_state:
        st.session_state[key] = {"version": version, "row": row}
    return st.session_state[key]


case = shell.case_id()
if case is None:
    st.title(t("cs_title", lang))
    st.write(t("cs_intro", lang))
    listing = store.list_cases(cur)
    st.subheader(t("cs_cases", lang))
    st.dataframe(view.case_list(listing, lang=lang), hide_index=True, width="stretch")
    if len(listing):
        labels = dict(zip(listing["case_id"], listing["name"], strict=True))
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        pick = c1.selectbox(t("cs_open", lang), list(labels), format_func=labels.get, key="cs_pick")
        if c2.button(t("cs_open_button", lang), key="cs_open_btn"):
            st.query_params["case"] = pick
            st.rerun()
    st.subheader(t("cs_new", lang))
    with st.form("cs_new_case"):
        new_name = st.text_input(t("cs_name", lang), key="cs_new_name")
        new_desc = st.text_area(t("cs_description", lang), key="cs_new_desc")
        yc = view.year_choices(base)
        new_horizon = st.number_input(t("cs_horizon", lang), min_value=yc["first"], max_value=yc["last"],
                                      value=yc["horizon"], step=1, key="cs_new_horizon")
        areas_all = {"": t("cs_none", lang), **wijken, **buurten}
        new_area = st.selectbox(t("cs_area_of_interest", lang), list(areas_all), format_func=areas_all.get,
                                key="cs_new_area")
        create = st.form_submit_button(t("cs_create", lang), key="cs_new_submit")
    if create:
        def make():
            cid = store.create_case(cur, new_name, author=who.author, domain=who.domain, description=new_desc,
                                         horizon_year=int(new_horizon), area_code=new_area or None)
            st.query_params["case"] = cid

        write(make, t("cs_saved", lang))
    st.stop()

info = store.get_case(cur, case)
cid = info["case_id"]
inp = shell.case_inputs(ver, case)
years = tuple(inp.years)
if flash := st.session_state.pop("cs_flash", None):
    st.success(flash)

st.title(info["name"])
if info.get("illustrative"):
    st.warning(t("cs_illustrative", lang))
if info.get("description"):
    st.write(info["description"])
c1, c2, c3 = st.columns([4, 2, 2], vertical_alignment="center")
c1.caption(f"{t('cs_version', lang)} {info['version']} · "
           f"{view.changed_by(store.last_change(cur, cid), lang=lang)}")
if c2.button(t("cs_refresh", lang), key="cs_refresh", help=t("cs_refresh_help", lang)):
    st.rerun()
if c3.button(t("cs_close_case", lang), key="cs_close_case"):
    del st.query_params["case"]
    st.rerun()
st.caption(t("cs_share", lang))
st.code(view.share_link(st.context.url, cid), language=None)
links = st.columns(4)
links[0].caption(t("cs_other_pages", lang))
for col, (page, label) in zip(links[1:], [("app_pages/overview.py", "page_overview"),
                                          ("app_pages/explorer.py", "page_explorer"),
                                          ("app_pages/sharing.py", "page_sharing")], strict=True):
    col.page_link(page, label=t(label, lang), query_params={"case": cid})

tabs = st.tabs([t(k, lang) for k in ("cs_tab_effect", "cs_tab_plans", "cs_tab_facilities", "cs_tab_norms",
                                     "cs_tab_notes", "cs_tab_changes", "cs_tab_export")])

# --- effect: KPIs, difference map, table -------------------------------------------------------------------------
with tabs[0]:
    others = store.list_cases(cur)
    others = others[others["case_id"] != cid]
    compare_labels = {"": t("cs_baseline", lang), **dict(zip(others["case_id"], others["name"], strict=True))}
    c1, c2, c3 = st.columns([2, 2, 3])
    other = c1.selectbox(t("cs_compare_with", lang), list(compare_labels), format_func=compare_labels.get,
                         key="cs_compare")
    after, _ = shell.gap_table(ver, case, years)
    before, _ = shell.gap_table(ver, other or None, years)
    types = sorted(after["facility_type"].unique())
    ftype = c2.selectbox(t("facility_type", lang), types, format_func=lambda x: facility_label(x, lang),
                         index=types.index("primary_school") if "primary_school" in types else 0, key="cs_type")
    horizon = info.get("horizon_year")
    year = c3.select_slider(t("year", lang), options=list(years),
                            value=horizon if horizon in years else inp.base_year, key="cs_year")
    cards = compare.kpi_cards(before, after, ftype, year, lang)
    for col, card in zip(st.columns(len(cards)), cards, strict=True):
        col.metric(card["label"], card["value"], card["delta"], delta_color=card["delta_color"])
    level = kpi.kpis(after, ftype, year)["level"] or "buurt"
    cmp = compare.compare(before, after, ftype, year)
    st.caption(t("cs_diff_map", lang))
    m = compare.difference_map(shell.shapes(ver, level), cmp, lang,
                                    facilities=inp.facilities[inp.facilities["type"] == ftype])
    out = st_folium(m, height=480, use_container_width=True, returned_objects=["last_clicked"],
                    key=f"cs_map_{ftype}_{year}_{level}_{other}")
    point = view.picked_point((out or {}).get("last_clicked"), names, cur)
    if point and st.session_state.get("cs_last_click") != point:
        st.session_state["cs_last_click"] = point
        st.session_state["cs_fac_x"], st.session_state["cs_fac_y"] = point["x"], point["y"]
    if point:
        st.info(t("cs_clicked", lang).format(**point) + f" → {t('cs_tab_facilities', lang)}")
    else:
        st.caption(t("cs_click_hint", lang))
    with st.expander(t("cs_what_changed", lang)):
        log = store.changes(cur, cid)
        st.dataframe(view.change_table(view.scenario_changes(log), names, view.base_rows(base, log),
                                            lang=lang), hide_index=True, width="stretch")
    st.subheader(t("cs_changed_areas", lang))
    cmp_table = compare.display(cmp, lang)
    if len(cmp_table):
        st.dataframe(cmp_table, hide_index=True, width="stretch")
    else:
        st.info(t("cs_no_changes", lang))
    rows = kpi.rows_for(after, ftype, year)
    if kpi.kpis(after, ftype, year)["estimate"]:
        st.caption("⚠ " + t("estimate_note", lang))
    if year > inp.base_year:
        st.caption("⚠ " + t("forecast_note", lang))
    st.caption(f"{t('based_on', lang)}: {summary.based_on(rows)}")

# --- housing plans -----------------------------------------------------------------------------------------------
with tabs[1]:
    plans = store.overlay_rows(cur, cid, "plan")
    st.subheader(t("cs_plans", lang))
    if len(plans):
        st.dataframe(view.plan_table(plans, names, lang), hide_index=True, width="stretch")
    else:
        st.info(t("cs_no_plans", lang))
    st.subheader(t("cs_add_plan", lang))
    with st.form("cs_add_plan"):
        p_name = st.text_input(t("cs_plan_name", lang), key="cs_plan_name")
        codes = list(buurten)
        p_area = st.selectbox(t("cs_buurt", lang), codes, format_func=buurten.get, key="cs_plan_area",
                              index=codes.index(info["area_code"]) if info.get("area_code") in codes else 0)
        yc = view.year_choices(inp, horizon)
        p_year = st.number_input(t("cs_completion_year", lang), min_value=yc["first_plan"], max_value=yc["last"],
                                 value=yc["plan"], step=1, key="cs_plan_year")
        p_dw = st.number_input(t("cs_dwellings", lang), min_value=0, max_value=100_000, value=100, step=10,
                               key="cs_plan_dwellings")
        p_gone = st.number_input(t("cs_demolished", lang), min_value=0, max_value=100_000, value=0, step=10,
                                 key="cs_plan_demolished", help=t("cs_demolished_help", lang))
        add = st.form_submit_button(t("cs_save", lang), key="cs_plan_submit")
    if add:
        write(lambda: store.add_plan(cur, cid, name=p_name or buurten[p_area], area_code=p_area,
                                          year=int(p_year), dwellings=float(p_dw), author=who.author,
                                          domain=who.domain, demolished=float(p_gone)), t("cs_saved", lang))
    if len(plans):
        st.subheader(t("cs_edit_plan", lang))
        plan_names = dict(zip(plans["plan_id"], plans["name"], strict=True))
        pid = st.selectbox(t("cs_edit_plan", lang), list(plan_names), format_func=plan_names.get, key="cs_edit_pick",
                           label_visibility="collapsed")
        row = plans[plans["plan_id"] == pid].iloc[0].to_dict()
        now_version = int(row["version"])
        start = opened(f"cs_open_plan_{pid}", now_version,
                       {k: store.plain(row[k]) for k in ("name", "area_code", "year", "dwellings")})
        if start["version"] != now_version:
            st.info(t("cs_editing_version", lang).format(mine=start["version"], now=now_version))
            if st.button(t("cs_load_current", lang), key="cs_plan_reload"):
                st.session_state.pop(f"cs_open_plan_{pid}")
                st.rerun()
        v = start["version"]
        with st.form(f"cs_edit_plan_{pid}_{v}"):
            e_name = st.text_input(t("cs_plan_name", lang), value=start["row"]["name"] or "",
                                   key=f"cs_ep_name_{pid}_{v}")
            e_year = st.number_input(t("cs_completion_year", lang), min_value=2000, max_value=2100,
                                     value=int(start["row"]["year"]), step=1, key=f"cs_ep_year_{pid}_{v}")
            e_dw = st.number_input(t("cs_dwellings", lang), min_value=0.0, max_value=100_000.0,
                                   value=max(0.0, float(start["row"]["dwellings"])), step=10.0,
                                   key=f"cs_ep_dw_{pid}_{v}")
            save = st.form_submit_button(t("cs_save", lang), key=f"cs_ep_save_{pid}_{v}")
        changes = store.edited(start["row"], {"name": e_name, "year": int(e_year), "dwellings": float(e_dw)})
        if save:
            write(lambda: store.update_plan(cur, cid, pid, changes, author=who.author, domain=who.domain,
                                                 expected_version=v),
                  t("cs_merged" if v != now_version else "cs_saved", lang), forget=(f"cs_open_plan_{pid}",))
        if st.button(t("cs_remove_plan", lang), key=f"cs_ep_remove_{pid}"):
            write(lambda: store.remove_plan(cur, cid, pid, author=who.author, domain=who.domain,
                                                 expected_version=v), t("cs_saved", lang),
                  forget=(f"cs_open_plan_{pid}",))

# --- facilities: place by coordinates or map click; close or resize ---------------------------------------------
with tabs[2]:
    fac_rows = store.overlay_rows(cur, cid, "facility")
    st.subheader(t("cs_facilities", lang))
    if len(fac_rows):
        st.dataframe(view.facility_table(fac_rows, set(base.facilities["id"]), names, lang), hide_index=True,
                     width="stretch")
    else:
        st.info(t("cs_no_facilities", lang))
    st.subheader(t("cs_add_facility", lang))
    st.caption(t("cs_click_hint", lang))
    all_types = sorted(set(inp.norms["facility_type"]) | set(inp.facilities["type"]))
    f_type = st.selectbox(t("cs_fac_type", lang), all_types, format_func=lambda x: facility_label(x, lang),
                          index=all_types.index("primary_school") if "primary_school" in all_types else 0,
                          key="cs_fac_type")
    x0, y0 = view.default_point(base.areas, info.get("area_code"))
    st.session_state.setdefault("cs_fac_x", round(x0, 1))
    st.session_state.setdefault("cs_fac_y", round(y0, 1))
    c1, c2, c3, c4 = st.columns(4)
    f_name = c1.text_input(t("cs_fac_name", lang), key="cs_fac_name")
    f_cap = c2.number_input(t("cs_capacity", lang), min_value=0.0, value=200.0, step=10.0, key="cs_fac_capacity")
    f_unit = c3.text_input(t("unit", lang), value=view.unit_for(inp.facilities, inp.norms, f_type),
                           key=f"cs_fac_unit_{f_type}")
    c4.write("")
    c1, c2 = st.columns(2)
    f_x = c1.number_input(t("cs_x", lang), step=10.0, key="cs_fac_x")
    f_y = c2.number_input(t("cs_y", lang), step=10.0, key="cs_fac_y")
    if st.button(t("cs_place", lang), key="cs_fac_place"):
        write(lambda: store.add_facility(cur, cid, name=f_name or facility_label(f_type, lang), type=f_type,
                                              x=f_x, y=f_y, capacity=f_cap, unit=f_unit, author=who.author,
                                              domain=who.domain), t("cs_saved", lang))
    st.subheader(t("cs_change_facility", lang))
    options = view.facility_options(inp.facilities, f_type)
    if options:
        fid = st.selectbox(t("cs_facility", lang), list(options), format_func=options.get, key="cs_fac_pick")
        f_version = view.row_version(fac_rows, "id", fid)
        current = inp.facilities[inp.facilities["id"] == fid].iloc[0]
        c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
        new_cap = c1.number_input(t("cs_capacity", lang), min_value=0.0, step=10.0,
                                  value=float(store.plain(current["capacity"]) or 0.0), key=f"cs_fac_cap_{fid}")
        if c2.button(t("cs_resize", lang), key="cs_fac_resize"):
            write(lambda: store.update_facility(cur, cid, fid, {"capacity": new_cap}, author=who.author,
                                                     domain=who.domain, expected_version=f_version),
                  t("cs_saved", lang))
        if c3.button(t("cs_close", lang), key="cs_fac_close"):
            write(lambda: store.close_facility(cur, cid, fid, author=who.author, domain=who.domain,
                                                    expected_version=f_version), t("cs_saved", lang))

# --- norms ------------------------------------------------------------------------------------------------------
with tabs[3]:
    st.subheader(t("cs_norm_override", lang))
    n_types = sorted(inp.norms["facility_type"].unique())
    n_type = st.selectbox(t("facility_type", lang), n_types, format_func=lambda x: facility_label(x, lang),
                          key="cs_norm_type")
    norm, n_version = view.norm_row(inp.norms, store.overlay_rows(cur, cid, "norm"), n_type)
    if norm:
        start = opened(f"cs_open_norm_{n_type}", n_version, norm)
        if start["version"] != n_version:
            st.info(t("cs_editing_version", lang).format(mine=start["version"], now=n_version))
            if st.button(t("cs_load_current", lang), key="cs_norm_reload"):
                st.session_state.pop(f"cs_open_norm_{n_type}")
                st.rerun()
        nv = start["version"]
        st.caption(f"{t('basis', lang)}: {norm['basis']} · {t('unit', lang)}: {norm['unit']} · {norm.get('source')}")
        with st.form(f"cs_norm_{n_type}_{nv}"):
            c1, c2, c3 = st.columns(3)
            n_amount = c1.number_input(t("cs_amount", lang), min_value=0.0, value=float(start["row"]["amount"]),
                                       key=f"cs_norm_amount_{n_type}_{nv}")
            n_per = c2.number_input(t("cs_per", lang), min_value=0.001, value=float(start["row"]["per"]),
                                    key=f"cs_norm_per_{n_type}_{nv}")
            has_catchment = start["row"].get("catchment_m") is not None
            n_catch = c3.number_input(t("cs_catchment", lang), min_value=0.0, step=100.0,
                                      value=float(start["row"].get("catchment_m") or 0.0), disabled=not has_catchment,
                                      key=f"cs_norm_catch_{n_type}_{nv}")
            n_save = st.form_submit_button(t("cs_save", lang), key=f"cs_norm_save_{n_type}_{nv}")
        form = {"amount": n_amount, "per": n_per, **({"catchment_m": n_catch} if has_catchment else {})}
        if n_save:
            write(lambda: store.set_norm(cur, cid, n_type, store.edited(start["row"], form),
                                              author=who.author, domain=who.domain, expected_version=nv),
                  t("cs_saved", lang), forget=(f"cs_open_norm_{n_type}",))

# --- notes ------------------------------------------------------------------------------------------------------
with tabs[4]:
    st.subheader(t("cs_add_note", lang))
    with st.form("cs_note", clear_on_submit=True):
        note_areas = {"": t("cs_whole_case", lang), **wijken, **buurten}
        n_text = st.text_area(t("cs_note_text", lang), key="cs_note_text", max_chars=store.MAX_NOTE)
        n_area = st.selectbox(t("cs_note_area", lang), list(note_areas), format_func=note_areas.get,
                              key="cs_note_area")
        post = st.form_submit_button(t("cs_add_note", lang), key="cs_note_submit")
    if post:
        write(lambda: store.add_note(cur, cid, n_text, author=who.author, domain=who.domain,
                                          area_code=n_area or None), t("cs_saved", lang))
    st.subheader(t("cs_notes", lang))
    note_items = view.note_list(store.notes(cur, cid), lang=lang)
    if not note_items:
        st.info(t("cs_no_notes", lang))
    for n in note_items:
        with st.container(border=True):
            st.caption(" · ".join(x for x in (f"{n['author']} ({n['domain']})", n["ago"], n["area"]) if x))
            st.text(n["text"])

# --- change log and undo ----------------------------------------------------------------------------------------
with tabs[5]:
    changes = store.changes(cur, cid)
    st.subheader(t("cs_changes", lang))
    base_rows = view.base_rows(base, changes)
    st.dataframe(view.change_table(changes, names, base_rows, lang=lang), hide_index=True, width="stretch")
    can_undo = view.undo_choices(changes, names, base_rows, lang)
    if can_undo:
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        seq = c1.selectbox(t("cs_undo_which", lang), list(can_undo), format_func=can_undo.get, key="cs_undo_pick")
        if c2.button(t("cs_undo", lang), key="cs_undo"):
            write(lambda: store.undo(cur, cid, seq, author=who.author, domain=who.domain), t("cs_undone", lang))

# --- export / import --------------------------------------------------------------------------------------------
with tabs[6]:
    root = shell.connection(shell.db_path())
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("cs_export_excel", lang),
                       lambda: report.with_cursor(root, report.excel, cid, lang, year, base),
                       file_name=f"{cid}.xlsx", key="cs_dl_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button(t("cs_export_pdf", lang), lambda: report.with_cursor(root, report.pdf, cid, lang, year, base),
                       file_name=f"{cid}.pdf", mime="application/pdf", key="cs_dl_pdf")
    c3.download_button(t("cs_export_json", lang), document.dumps(document.export_case(cur, cid)),
                       file_name=f"{cid}.json", mime="application/json", key="cs_dl_json")
    st.caption(t("cs_report_note", lang))
    st.subheader(t("cs_import", lang))
    upload = st.file_uploader(t("cs_import", lang), type=["json"], key="cs_upload", label_visibility="collapsed")
    if upload is not None and st.button(t("cs_import_button", lang), key="cs_import_btn"):
        def load():
            st.query_params["case"] = document.import_upload(cur, upload.name, upload.getvalue())

        write(load, t("cs_imported", lang).format(name=upload.name))
