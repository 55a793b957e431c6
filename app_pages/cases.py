"""Werksessie: one shared case for a workshop. Open it by link (``?case=<id>``), change plans, facilities and
norms under your name, see the effect against the baseline or another case, leave notes, undo, export.

Live: the banner above every page (shell.case_banner) polls the case version (every 0.75 s) and reruns the page
when someone changed it, with a notice of who changed what. Saves run as on_click callbacks, before the page.
What stays over reruns, others' changes and a browser reload: the tab (``?tab=``), the name and domain
(``?wie=&domein=``), the open expander (bound to the URL), and what was typed in a form (widgets with keys; a
refused submit clears nothing)."""

import time

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.cases import compare, document, live, report, room, store, view
from lib.core import hierarchy
from lib.core import kpis as kpi
from lib.overview import summary
from lib.text.i18n import facility_label, t
from lib.ui.formatting import amount, data_text, md_escape, number, unit_label

lang = shell.language()
cur = shell.cursor()
ver = shell.version()
base = shell.case_inputs(ver, None)
names = hierarchy.names(base.areas)
buurten = hierarchy.options(base.areas, ("buurt",))
wijken = hierarchy.options(base.areas, ("wijk",))
ss = st.session_state


shell.identity(lang)


def submit(where: str, action, done: str, forget: tuple[str, ...] = (), reset: dict | None = None,
           done_where: str | None = None, need: str = "case_edit") -> None:
    """The on_click of every save button: the change is made before the page runs, so this page and the others
    (polling) show it a run sooner. ``action(cursor, editor)`` reads what was typed from the widgets' keys. On
    success: forget stale edit state, empty the form (``reset``: widget key → value); either way the outcome
    is shown next to the button (``outcome(where)``; a success at ``done_where`` when the change opens another
    view, e.g. a new case). A refused change keeps everything that was typed. ``need``: the action the session's
    role must be allowed (lib.access.roles), checked here too, not only by hiding the button."""
    lang, cur = shell.language(), shell.cursor()
    ss.pop("cs_outcome_shown", None)  # the outcome of this save is shown afresh (outcome)
    if not shell.allowed_now(need):
        shell.refuse(lang)
        return
    try:
        editor = store.Editor.of(ss.get("who_name", ""), ss.get("who_domain", ""))
    except ValueError:
        ss["cs_outcome"] = (where, "warning", t("cs_need_name", lang) + " " + t("cs_need_name_kept", lang))
        return
    try:
        action(cur, editor)
    except store.EditConflict as exc:
        ss["cs_outcome"] = (where, "error", md_escape(view.conflict_message(exc, names, lang)))
        return
    except store.DiskFull:
        ss["cs_outcome"] = (where, "error", t("disk_full", lang))
        return
    except (store.UndoRefused, document.CaseFileError, ValueError, LookupError) as exc:
        ss["cs_outcome"] = (where, "error", md_escape(str(exc)))
        return
    for key in forget:
        ss.pop(key, None)
    for key, value in (reset or {}).items():
        ss[key] = value
    if opened_case := st.query_params.get("case"):
        ss["live_own"] = (opened_case, live.poll(cur, opened_case))  # no notice of one's own change
    ss["cs_outcome"] = (done_where or where, "success", done)


#: How long the outcome of a save stays next to its button (s): a message shown for one run only was wiped by the
#: next full rerun (the live poll's, when another participant's change arrives), often before it could be read.
OUTCOME_SECONDS = 8.0


def outcome(where: str) -> None:
    """Show what became of the last save made at ``where`` (saved, refused and why), for OUTCOME_SECONDS from the
    first run that showed it (until then the next save anywhere replaces it)."""
    if (o := ss.get("cs_outcome")) and o[0] == where:
        shown = ss.setdefault("cs_outcome_shown", (o, time.monotonic()))
        if live.due(shown[1], OUTCOME_SECONDS, time.monotonic()):
            del ss["cs_outcome"], ss["cs_outcome_shown"]
            return
        getattr(st, o[1])(o[2])


def opened(key: str, version: int, row: dict, reload_key: str) -> dict:
    """The version and values an editor started from (kept until saved or reloaded: optimistic versioning). When
    someone saved a newer version meanwhile, says so and offers to load it (the button ``reload_key``)."""
    if key not in ss:
        ss[key] = {"version": version, "row": row}
    start = ss[key]
    if start["version"] != version:
        lang = shell.language()
        st.info(t("cs_editing_version", lang).format(mine=start["version"], now=version))
        if st.button(t("cs_load_current", lang), key=reload_key):
            ss.pop(key)
            st.rerun()
    return start


def import_section(upload_key: str, button_key: str) -> None:
    """Import a case file (JSON from an export): validated as a whole, then opened (a copy when it exists)."""
    upload = shell.file_uploader(t("cs_import", lang), ["json"], upload_key, label_visibility="collapsed")

    def load(cur, _editor):
        shell.open_case(document.import_upload(cur, ss[upload_key].name, ss[upload_key].getvalue()))

    if upload is not None:
        st.button(t("import_button", lang), key=button_key, on_click=submit,
                  args=(upload_key, load, t("cs_imported", lang).format(name=md_escape(upload.name))),
                  kwargs={"done_where": "case", "need": "case_create"})
    outcome(upload_key)


case = shell.case_id()
if case is None:
    st.title(t("cs_title", lang))
    outcome("deleted")  # a case deleted a run ago
    st.write(t("cs_intro", lang))
    listing = store.list_cases(cur)
    st.subheader(t("cs_cases", lang))
    st.dataframe(view.case_list(listing, lang=lang), hide_index=True, width="stretch")
    if len(listing):
        labels = dict(zip(listing["case_id"], listing["name"], strict=True))
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        pick = c1.selectbox(t("cs_open", lang), list(labels), format_func=labels.get,
                            placeholder=t("choose", lang), key="cs_pick")
        if c2.button(t("cs_open_button", lang), key="cs_open_btn"):
            shell.open_case(pick)
            st.rerun()
    if not shell.allowed("case_create"):
        st.caption(t("acc_view_only", lang).format(role=shell.role_label(lang)))
        st.stop()
    st.subheader(t("cs_new", lang))

    def make(cur, editor):
        shell.open_case(store.create_case(cur, ss["cs_new_name"], author=editor.author, domain=editor.domain,
                                          description=ss["cs_new_desc"], horizon_year=int(ss["cs_new_horizon"]),
                                          area_code=ss["cs_new_area"] or None))

    with st.form("cs_new_case"):
        st.text_input(t("col_name", lang), key="cs_new_name")
        st.text_area(t("cs_description", lang), key="cs_new_desc")
        yc = view.year_choices(base)
        st.number_input(t("cs_horizon", lang), min_value=yc["first"], max_value=yc["last"], value=yc["horizon"],
                        step=1, key="cs_new_horizon")
        areas_all = {"": t("cs_none", lang), **wijken, **buurten}
        st.selectbox(t("cs_area_of_interest", lang), list(areas_all), format_func=areas_all.get,
                     placeholder=t("choose", lang), key="cs_new_area")
        st.form_submit_button(t("cs_create", lang), key="cs_new_submit", on_click=submit,
                              args=("new_case", make, t("cs_saved", lang)),
                              kwargs={"reset": {"cs_new_name": "", "cs_new_desc": ""}, "done_where": "case",
                                      "need": "case_create"})
    outcome("new_case")
    st.caption(t("cs_import_here", lang))
    import_section("cs_upload_new", "cs_import_new_btn")
    st.stop()

info = store.get_case(cur, case)
cid = info["case_id"]
edit = shell.allowed("case_edit")  # plans, facilities, norms in the case, undo (lib.access.roles)
inp = shell.case_inputs(ver, case)
years = tuple(inp.years)
outcome("case")  # e.g. "Opgeslagen." after creating or importing the case that is now open
if not edit:
    st.caption(t("acc_view_only", lang).format(role=shell.role_label(lang)))

st.title(md_escape(info["name"]))  # names and descriptions are text, never markdown
if info.get("illustrative"):
    st.warning(t("cs_illustrative", lang))
if info.get("description"):
    st.markdown(md_escape(info["description"]))
c1, c2, c3 = st.columns([4, 2, 2], vertical_alignment="center")
c1.caption(md_escape(f"{t('cs_version', lang)} {number(info['version'], lang, 0)} · "
                     f"{view.changed_by(store.last_change(cur, cid), lang=lang)}"))
if c2.button(t("cs_refresh", lang), key="cs_refresh", help=t("cs_refresh_help", lang)):
    st.rerun()
if c3.button(t("cs_close_case", lang), key="cs_close_case"):
    shell.close_case()
    st.rerun()

address = shell.public_address()
link = room.share_url(address.base, shell.CASES_PATH, cid)
c1, c2 = st.columns([4, 1], vertical_alignment="top")
c1.caption(f"{t('cs_share', lang)} ({t(view.SHARE_SOURCE_KEYS[address.source], lang)})")
c1.code(link, language=None)
if not address.reachable:
    c1.warning(t("cs_share_local", lang))
if address.problem:
    c1.warning(t("cs_share_problem", lang).format(problem=md_escape(data_text(address.problem, lang))))
links = c1.columns(6)
links[0].caption(t("cs_other_pages", lang))
for col, (page, label) in zip(links[1:], [("app_pages/overview.py", t("page_overview", lang)),
                                          ("app_pages/explorer.py", t("page_explorer", lang)),
                                          ("app_pages/sharing.py", t("page_sharing", lang)),
                                          ("app_pages/initiatives.py", t("page_initiatives", lang)),
                                          ("app_pages/agenda.py", t("page_agenda", lang))], strict=True):
    col.page_link(page, label=label, query_params={"case": cid})
c2.image(shell.qr_png(link), caption=t("cs_share_qr", lang), width=170)

# the tab stays: a keyed, state-tracking st.tabs, restored from the session (or ?tab= after a reload)
TAB_KEYS = {"effect": "cs_tab_effect", "woningbouw": "cs_tab_plans", "voorzieningen": "facilities",
            "normen": "page_norms", "notities": "cs_tab_notes", "wijzigingen": "cs_tab_changes",
            "export": "cs_tab_export"}
tab_labels = {code: t(TAB_KEYS[code], lang) for code in TAB_KEYS}
tab_codes = {label: code for code, label in tab_labels.items()}
if ss.get("cs_tab") not in tab_codes:  # a new session, a page switch or another language
    ss["cs_tab"] = tab_labels.get(ss.get("_cs_tab") or st.query_params.get("tab"), tab_labels["effect"])
tabs = st.tabs(list(tab_labels.values()), key="cs_tab", on_change="rerun")
ss["_cs_tab"] = tab_codes[ss["cs_tab"]]
if ss["_cs_tab"] == "effect":
    st.query_params.pop("tab", None)
else:
    st.query_params["tab"] = ss["_cs_tab"]

# --- effect: KPIs, difference map, table -------------------------------------------------------------------------
with tabs[0]:
    others = store.list_cases(cur)
    others = others[others["case_id"] != cid]
    compare_labels = {"": t("cs_baseline", lang), **dict(zip(others["case_id"], others["name"], strict=True))}
    c1, c2, c3 = st.columns([2, 2, 3])
    other = c1.selectbox(t("cs_compare_with", lang), list(compare_labels), format_func=compare_labels.get,
                         placeholder=t("choose", lang), key="cs_compare")
    against = compare_labels.get(other) if other else None
    types = sorted(inp.norms["facility_type"].unique())  # the types the gap table has
    ftype = c2.selectbox(t("facility_type", lang), types, format_func=lambda x: facility_label(x, lang),
                         index=types.index("primary_school") if "primary_school" in types else 0,
                         placeholder=t("choose", lang), key="cs_type")
    horizon = info.get("horizon_year")
    year_options = inp.offered_years
    year = c3.select_slider(t("year", lang), options=year_options,
                            value=horizon if horizon in year_options else inp.base_year, key="cs_year")
    effect_open = tabs[0].open  # the comparison is computed only in the open tab: the others rerun quickly
    if effect_open:
        after, _ = shell.gap_table(ver, case, years)
        before, _ = shell.gap_table(ver, other or None, years)
        cards = compare.kpi_cards(before, after, ftype, year, lang, against=against)
        for col, card in zip(st.columns(len(cards)), cards, strict=True):
            col.metric(md_escape(card["label"]), card["value"], card["delta"], delta_color=card["delta_color"])
        level = kpi.kpis(after, ftype, year)["level"] or "buurt"
        cmp = compare.compare(before, after, ftype, year)
        st.caption(t("cs_diff_map", lang))
        m = compare.difference_map(shell.shapes(ver, level), cmp, lang, against=against,
                                   facilities=inp.facilities[inp.facilities["type"] == ftype])
        out = st_folium(m, height=480, use_container_width=True, returned_objects=["last_clicked"],
                        key=f"cs_map_{ftype}_{year}_{level}_{other}")
        point = view.picked_point((out or {}).get("last_clicked"), names, cur)
        if point and ss.get("cs_last_click") != point:
            ss["cs_last_click"] = point
            ss["cs_fac_x"], ss["cs_fac_y"] = point["x"], point["y"]
        if point:
            st.info(t("cs_clicked_here", lang).format(area=md_escape(point["area"]), x=amount(point["x"], "m", lang),
                                                      y=amount(point["y"], "m", lang)))
        else:
            st.caption(t("cs_click_hint", lang))
    with st.expander(t("cs_what_changed", lang), key="wat_verandert", bind="query-params"):
        log = store.changes(cur, cid)
        st.dataframe(view.change_table(view.scenario_changes(log), names, view.base_rows(base, log),
                                       lang=lang), hide_index=True, width="stretch")
    if effect_open:
        st.subheader(t("cs_changed_areas", lang))
        cmp_table = compare.display(cmp, lang, against=against)
        if len(cmp_table):
            st.dataframe(cmp_table, hide_index=True, width="stretch")
        else:
            st.info(t("cs_no_changes", lang))
        rows = kpi.rows_for(after, ftype, year)
        if kpi.kpis(after, ftype, year)["estimate"]:
            st.caption("⚠ " + t("estimate_note", lang))
        if year > inp.base_year:
            st.caption("⚠ " + t("forecast_note", lang))
        case_norms = store.overlay_rows(cur, cid, "norm")
        overridden = ftype in set(case_norms["facility_type"]) if len(case_norms) else False
        st.caption(f"{t('based_on', lang)}: "
                   f"{md_escape(view.based_on(rows, summary.norm_formula(rows, lang), overridden, lang))}")

# --- housing plans -----------------------------------------------------------------------------------------------
with tabs[1]:
    plans = store.overlay_rows(cur, cid, "plan")
    st.subheader(t("cs_plans", lang))
    if len(plans):
        st.dataframe(view.plan_table(plans, names, lang), hide_index=True, width="stretch")
    else:
        st.info(t("cs_no_plans", lang))
    if edit:
        st.subheader(t("cs_add_plan", lang))
        codes = list(buurten)
        yc = view.year_choices(inp, horizon)
        plan_defaults = {"cs_plan_name": "", "cs_plan_area": info["area_code"] if info.get("area_code") in codes
                         else codes[0], "cs_plan_year": yc["plan"], "cs_plan_dwellings": 100,
                         "cs_plan_demolished": 0}
        for key, value in plan_defaults.items():  # the form's start values (and what it returns to after a save)
            ss.setdefault(key, value)

        def add_plan(cur, editor):
            area = ss["cs_plan_area"]
            store.add_plan(cur, cid, name=ss["cs_plan_name"] or buurten[area], area_code=area,
                           year=int(ss["cs_plan_year"]), dwellings=float(ss["cs_plan_dwellings"]), author=editor.author,
                           domain=editor.domain, demolished=float(ss["cs_plan_demolished"]))

        with st.form("cs_add_plan"):
            st.text_input(t("cs_plan_name", lang), key="cs_plan_name")
            st.selectbox(t("col_buurt", lang), codes, format_func=buurten.get, placeholder=t("choose", lang),
                         key="cs_plan_area")
            st.number_input(t("cs_completion_year", lang), min_value=yc["first_plan"], max_value=yc["last"], step=1,
                            key="cs_plan_year")
            st.number_input(t("dwellings", lang), min_value=0, max_value=100_000, step=10, key="cs_plan_dwellings")
            st.number_input(t("cs_demolished", lang), min_value=0, max_value=100_000, step=10, key="cs_plan_demolished",
                            help=t("cs_demolished_help", lang))
            st.form_submit_button(t("cs_save", lang), key="cs_plan_submit", on_click=submit,
                                  args=("plan_add", add_plan, t("cs_saved", lang)), kwargs={"reset": plan_defaults})
        outcome("plan_add")
        if len(plans):
            st.subheader(t("cs_edit_plan", lang))
            plan_names = dict(zip(plans["plan_id"], plans["name"], strict=True))
            pid = st.selectbox(t("cs_edit_plan", lang), list(plan_names), format_func=plan_names.get,
                               placeholder=t("choose", lang), key="cs_edit_pick", label_visibility="collapsed")
            row = plans[plans["plan_id"] == pid].iloc[0].to_dict()
            now_version = int(row["version"])
            start = opened(f"cs_open_plan_{pid}", now_version,
                           {k: store.plain(row[k]) for k in ("name", "area_code", "year", "dwellings")},
                           "cs_plan_reload")
            v = start["version"]

            def save_plan(cur, editor, pid=pid, v=v, row=start["row"]):
                form = {"name": ss[f"cs_ep_name_{pid}_{v}"], "year": int(ss[f"cs_ep_year_{pid}_{v}"]),
                        "dwellings": float(ss[f"cs_ep_dw_{pid}_{v}"])}
                store.update_plan(cur, cid, pid, store.edited(row, form), author=editor.author, domain=editor.domain,
                                  expected_version=v)

            def remove_plan(cur, editor, pid=pid, v=v):
                store.remove_plan(cur, cid, pid, author=editor.author, domain=editor.domain, expected_version=v)

            with st.form(f"cs_edit_plan_{pid}_{v}"):
                st.text_input(t("cs_plan_name", lang), value=start["row"]["name"] or "", key=f"cs_ep_name_{pid}_{v}")
                st.number_input(t("cs_completion_year", lang), min_value=2000, max_value=2100,
                                value=int(start["row"]["year"]), step=1, key=f"cs_ep_year_{pid}_{v}")
                st.number_input(t("dwellings", lang), min_value=0.0, max_value=100_000.0,
                                value=max(0.0, float(start["row"]["dwellings"])), step=10.0, format="%g",
                                key=f"cs_ep_dw_{pid}_{v}")
                st.form_submit_button(t("cs_save", lang), key=f"cs_ep_save_{pid}_{v}", on_click=submit,
                                      args=("plan_edit", save_plan, t("cs_merged" if v != now_version else "cs_saved",
                                                                      lang)),
                                      kwargs={"forget": (f"cs_open_plan_{pid}",)})
            st.button(t("cs_remove_plan", lang), key=f"cs_ep_remove_{pid}", on_click=submit,
                      args=("plan_edit", remove_plan, t("cs_saved", lang)), kwargs={"forget": (f"cs_open_plan_{pid}",)})
            outcome("plan_edit")

# --- facilities: place by clicking on the map (or typing RD coordinates); close or resize ------------------------
with tabs[2]:
    fac_rows = store.overlay_rows(cur, cid, "facility")
    st.subheader(t("cs_facilities", lang))
    if len(fac_rows):
        st.dataframe(view.facility_table(fac_rows, set(base.facilities["id"]), names, lang), hide_index=True,
                     width="stretch")
    else:
        st.info(t("cs_no_facilities", lang))
    if edit:
        st.subheader(t("cs_add_facility", lang))
        all_types = sorted(set(inp.norms["facility_type"]) | set(inp.facilities["type"]))
        f_type = st.selectbox(t("type", lang), all_types, format_func=lambda x: facility_label(x, lang),
                              index=all_types.index("primary_school") if "primary_school" in all_types else 0,
                              placeholder=t("choose", lang), key="cs_fac_type")
        x0, y0 = view.default_point(base.areas, info.get("area_code"))
        ss.setdefault("cs_fac_x", round(x0, 1))
        ss.setdefault("cs_fac_y", round(y0, 1))
        if tabs[2].open:  # the map only in the open tab
            st.caption(t("cs_place_map_hint", lang))
            m = compare.placement_map(shell.shapes(ver, "buurt"), inp.facilities[inp.facilities["type"] == f_type],
                                      view.lat_lon(ss["cs_fac_x"], ss["cs_fac_y"]), lang)
            out = st_folium(m, height=420, use_container_width=True, returned_objects=["last_clicked"],
                            key=f"cs_place_map_{f_type}")
            point = view.picked_point((out or {}).get("last_clicked"), names, cur)
            if point and ss.get("cs_last_place") != point:  # a new click: it becomes the location, at once
                ss["cs_last_place"] = ss["cs_last_click"] = point
                ss["cs_fac_x"], ss["cs_fac_y"] = point["x"], point["y"]
                st.rerun()
        here = store.buurt_at(cur, ss["cs_fac_x"], ss["cs_fac_y"])
        st.info(t("cs_place_at", lang).format(area=names.get(here, t("cs_place_outside", lang)),
                                              x=amount(ss["cs_fac_x"], "m", lang),
                                              y=amount(ss["cs_fac_y"], "m", lang)))
        c1, c2, c3 = st.columns(3)
        c1.text_input(t("col_name", lang), key="cs_fac_name")
        c2.number_input(t("capacity", lang), min_value=0.0, value=200.0, step=10.0, format="%g", key="cs_fac_capacity")
        c3.selectbox(t("unit", lang), view.unit_choices(inp.facilities, inp.norms, f_type),
                     format_func=lambda u: unit_label(u, lang), placeholder=t("choose", lang),
                     key=f"cs_fac_unit_{f_type}")
        with st.expander(t("cs_place_coords", lang)):
            c1, c2 = st.columns(2)
            c1.number_input(t("cs_x", lang), step=10.0, format="%.0f", key="cs_fac_x")
            c2.number_input(t("cs_y", lang), step=10.0, format="%.0f", key="cs_fac_y")

        def place(cur, editor, f_type=f_type):
            store.add_facility(cur, cid, name=ss["cs_fac_name"] or facility_label(f_type, shell.language()),
                               type=f_type, x=ss["cs_fac_x"], y=ss["cs_fac_y"], capacity=ss["cs_fac_capacity"],
                               unit=ss[f"cs_fac_unit_{f_type}"], author=editor.author, domain=editor.domain)

        st.button(t("cs_place", lang), key="cs_fac_place", type="primary", on_click=submit,
                  args=("place", place, t("cs_saved", lang)), kwargs={"reset": {"cs_fac_name": ""}})
        outcome("place")
        st.subheader(t("cs_change_facility", lang))
        options = view.facility_options(inp.facilities, f_type, lang)
        if options:
            fid = st.selectbox(t("facility", lang), list(options), format_func=options.get,
                               placeholder=t("choose", lang), key="cs_fac_pick")
            f_version = view.row_version(fac_rows, "id", fid)
            current = inp.facilities[inp.facilities["id"] == fid].iloc[0]
            c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            c1.number_input(t("capacity", lang), min_value=0.0, step=10.0, format="%g",
                            value=float(store.plain(current["capacity"]) or 0.0), key=f"cs_fac_cap_{fid}")

            def resize(cur, editor, fid=fid, version=f_version):
                store.update_facility(cur, cid, fid, {"capacity": ss[f"cs_fac_cap_{fid}"]}, author=editor.author,
                                      domain=editor.domain, expected_version=version)

            def close(cur, editor, fid=fid, version=f_version):
                store.close_facility(cur, cid, fid, author=editor.author, domain=editor.domain,
                                     expected_version=version)

            c2.button(t("cs_resize", lang), key="cs_fac_resize", on_click=submit,
                      args=("facility", resize, t("cs_saved", lang)))
            c3.button(t("cs_close", lang), key="cs_fac_close", on_click=submit,
                      args=("facility", close, t("cs_saved", lang)))
            outcome("facility")

# --- norms ------------------------------------------------------------------------------------------------------
with tabs[3]:
    st.subheader(t("cs_norm_override", lang))
    n_types = sorted(inp.norms["facility_type"].unique())
    n_type = st.selectbox(t("facility_type", lang), n_types, format_func=lambda x: facility_label(x, lang),
                          placeholder=t("choose", lang), key="cs_norm_type")
    norm, n_version = view.norm_row(inp.norms, store.overlay_rows(cur, cid, "norm"), n_type)
    if norm and not edit:
        st.caption(md_escape(view.norm_caption(norm, n_version > 0, lang)))
    elif norm:
        start = opened(f"cs_open_norm_{n_type}", n_version, norm, "cs_norm_reload")
        nv = start["version"]
        st.caption(md_escape(view.norm_caption(norm, n_version > 0, lang)))
        has_catchment = start["row"].get("catchment_m") is not None

        def save_norm(cur, editor, n_type=n_type, nv=nv, row=start["row"], has_catchment=has_catchment):
            form = {"amount": ss[f"cs_norm_amount_{n_type}_{nv}"], "per": ss[f"cs_norm_per_{n_type}_{nv}"],
                    **({"catchment_m": ss[f"cs_norm_catch_{n_type}_{nv}"]} if has_catchment else {})}
            store.set_norm(cur, cid, n_type, store.edited(row, form), author=editor.author, domain=editor.domain,
                           expected_version=nv)

        with st.form(f"cs_norm_{n_type}_{nv}"):
            c1, c2, c3 = st.columns(3)
            c1.number_input(t("amount", lang), min_value=0.0, value=float(start["row"]["amount"]), format="%g",
                            key=f"cs_norm_amount_{n_type}_{nv}")
            c2.number_input(t("cs_per", lang), min_value=0.001, value=float(start["row"]["per"]), format="%g",
                            key=f"cs_norm_per_{n_type}_{nv}")
            c3.number_input(t("catchment_m", lang), min_value=0.0, step=100.0, format="%g",
                            value=float(start["row"].get("catchment_m") or 0.0), disabled=not has_catchment,
                            key=f"cs_norm_catch_{n_type}_{nv}")
            st.form_submit_button(t("cs_save", lang), key=f"cs_norm_save_{n_type}_{nv}", on_click=submit,
                                  args=("norm", save_norm, t("cs_saved", lang)),
                                  kwargs={"forget": (f"cs_open_norm_{n_type}",)})
        outcome("norm")

# --- notes ------------------------------------------------------------------------------------------------------
with tabs[4]:
    if shell.allowed("note"):
        st.subheader(t("cs_add_note", lang))
        def post_note(cur, editor):
            store.add_note(cur, cid, ss["cs_note_text"], author=editor.author, domain=editor.domain,
                           area_code=ss["cs_note_area"] or None)

        with st.form("cs_note"):  # emptied after a note is saved, never when it is refused
            note_areas = {"": t("cs_whole_case", lang), **wijken, **buurten}
            st.text_area(t("cs_note_text", lang), key="cs_note_text", max_chars=store.MAX_NOTE)
            st.selectbox(t("cs_note_area", lang), list(note_areas), format_func=note_areas.get,
                         placeholder=t("choose", lang), key="cs_note_area")
            st.form_submit_button(t("cs_add_note", lang), key="cs_note_submit", on_click=submit,
                                  args=("note", post_note, t("cs_saved", lang)),
                                  kwargs={"reset": {"cs_note_text": "", "cs_note_area": ""}, "need": "note"})
        outcome("note")
    st.subheader(t("cs_notes", lang))
    note_items = view.note_list(store.notes(cur, cid), lang=lang)
    if not note_items:
        st.info(t("cs_no_notes", lang))
    for n in note_items:
        with st.container(border=True):
            st.caption(md_escape(" · ".join(x for x in (f"{n['author']} ({n['domain']})", n["ago"], n["area"]) if x)))
            st.text(n["text"])

# --- change log and undo ----------------------------------------------------------------------------------------
with tabs[5]:
    changes = store.changes(cur, cid)
    st.subheader(t("cs_changes", lang))
    base_rows = view.base_rows(base, changes, shell.agenda_base(ver))
    st.dataframe(view.change_table(changes, names, base_rows, lang=lang), hide_index=True, width="stretch")
    can_undo = view.undo_choices(changes, names, base_rows, lang)
    if can_undo and edit:
        c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
        c1.selectbox(t("cs_undo_which", lang), list(can_undo), format_func=can_undo.get,
                     placeholder=t("choose", lang), key="cs_undo_pick")

        def undo(cur, editor):
            store.undo(cur, cid, ss["cs_undo_pick"], author=editor.author, domain=editor.domain)

        c2.button(t("cs_undo", lang), key="cs_undo", on_click=submit, args=("undo", undo, t("cs_undone", lang)))
        outcome("undo")

# --- export / import --------------------------------------------------------------------------------------------
with tabs[6]:
    root = shell.root()
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("cs_export_excel", lang),
                       lambda: report.with_cursor(root, report.excel, cid, lang, year, base),
                       file_name=f"{cid}.xlsx", key="cs_dl_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button(t("cs_export_pdf", lang), lambda: report.with_cursor(root, report.pdf, cid, lang, year, base),
                       file_name=f"{cid}.pdf", mime="application/pdf", key="cs_dl_pdf")
    c3.download_button(t("cs_export_json", lang),
                       lambda: report.with_cursor(root, lambda c: document.dumps(document.export_case(c, cid))),
                       file_name=f"{cid}.json", mime="application/json", key="cs_dl_json")
    st.caption(t("cs_report_note", lang))
    if shell.allowed("case_create"):
        st.subheader(t("cs_import", lang))
        import_section("cs_upload", "cs_import_btn")
    if shell.allowed("case_delete"):  # beheerder only: the case, its rows, notes and change log are gone for all
        st.subheader(t("cs_delete", lang))

        def remove(cur, _editor):
            store.delete_case(cur, cid)
            shell.close_case()

        confirmed = st.checkbox(t("cs_delete_confirm", lang).format(name=md_escape(info["name"])), key="cs_delete_ok")
        st.button(t("cs_delete_button", lang), key="cs_delete_btn", type="primary", disabled=not confirmed,
                  on_click=submit, args=("delete", remove, t("cs_deleted", lang)),
                  kwargs={"done_where": "deleted", "need": "case_delete", "forget": ("cs_delete_ok",)})
        outcome("delete")
