"""Ruimte delen: options for sharing space — spare capacity nearby, multifunctional buildings (hubs), time-sharing
of gyms and halls, and siting a new (shared) facility, with a ranked list in plain language, a map, the numbers
behind each option and a button that adds a proposed site to the open workshop case.
State in the URL: ?year=<year>&type=<facility type> (&case, &lang). Methods: lib.sharing, docs/sharing."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.cases import store
from lib.sharing import options, siting, view
from lib.text.i18n import domain_label, facility_label, t
from lib.ui.formatting import amount, md_escape, number, percent, unit_label

lang = shell.language()
ver = shell.version()
case = shell.case_id()
inp = shell.case_inputs(ver, case)
years = tuple(inp.years)
table, _ = shell.gap_table(ver, case, years)


# The methods read the shared frames of (data version, case) (shell.sharing_frames): a year step builds each type's
# frame of that year once for every method, and a year seen before (in any session) not at all. Results are asked
# for with ``calc`` = the first year with the same inputs (Frames.same_as; no result carries its year): without a
# forecast every year after the first is that year, and a step to it is a cache hit.

# Spare capacity, time-sharing and the hub finder are computed for every year the slider offers at once (about twice
# one year's work, not once per year) as soon as the session steps away from the year at which it first used their
# setting (the reach factor; the time-sharing assumptions; walking distance and added functions): from then on a year
# step looks them up. Until then (the first view, a changed setting) the shown year alone is computed, as before.
# Each is kept per the setting it reads, so a changed setting recomputes that method only. Shared, read-only objects;
# the same results either way (tests/test_sharing_every_year.py).

def _years_for(kind: str, setting, calc: int) -> tuple[int, ...]:
    """(calc,) while the session shows the year at which it first used ``setting``; else every distinct year."""
    first = st.session_state.setdefault("_sh_first_year", {})
    if first.setdefault((ver, case, kind, setting), calc) == calc:
        return (calc,)
    fr = shell.sharing_frames(ver, case)
    return tuple(fr.distinct(fr.inp.offered_years))


@st.cache_resource(show_spinner=False, max_entries=8)
def _spare_years(ver, case, reach_factor, years):
    fr = shell.sharing_frames(ver, case)
    return options.spare_years(fr.inp, fr, list(years), options.Settings(reach_factor))


@st.cache_resource(show_spinner=False, max_entries=8)
def _timesharing_years(ver, case, ts_over, years):
    fr = shell.sharing_frames(ver, case)
    return options.timesharing_years(fr.inp, fr, list(years), options.Settings(timesharing=dict(ts_over)))


@st.cache_resource(show_spinner=False, max_entries=8)
def _hub_years(ver, case, walk_m, extra, years):
    fr = shell.sharing_frames(ver, case)
    return options.hub_years(fr.inp, fr, list(years), options.Settings(walk_m=walk_m, extra_functions=extra))


@st.cache_data(show_spinner=False, max_entries=16)
def _results(ver, case, year, reach_factor, walk_m, extra, ts_over, _spare_of=None, _ts_of=None, _hub_of=None):
    """The results of ``year``; spare capacity, time-sharing and hubs from the years ``_spare_of`` / ``_ts_of`` /
    ``_hub_of`` computed at once (not part of the key: the results are the same whichever years were computed with
    them)."""
    fr = shell.sharing_frames(ver, case)
    return options.results(fr.inp, fr, year, options.Settings(reach_factor, walk_m, extra, dict(ts_over)),
                           _spare_years(ver, case, reach_factor, _spare_of or (year,)),
                           _timesharing_years(ver, case, ts_over, _ts_of or (year,)),
                           _hub_years(ver, case, walk_m, extra, _hub_of or (year,)))


@st.cache_data(show_spinner=False, max_entries=16)
def _options(ver, case, year, lang, reach_factor, walk_m, extra, ts_over, _spare_of=None, _ts_of=None, _hub_of=None):
    fr = shell.sharing_frames(ver, case)
    res = _results(ver, case, year, reach_factor, walk_m, extra, ts_over, _spare_of, _ts_of, _hub_of)
    return options.all_options(fr.inp, fr, year, lang, precomputed=res)


@st.cache_data(show_spinner=False, max_entries=48)
def _tables(ver, case, calc, lang, tab, reach_factor, walk_m, extra, ts_over):
    """The tables of one tab (``tab``: spare, hubs or time) in ``lang``: formatted once per result, and only when
    that tab is open."""
    res = _results(ver, case, calc, reach_factor, walk_m, extra, ts_over)
    if tab == "spare":
        return view.spare_tables(res.spare, lang)
    if tab == "hubs":
        return view.hub_tables(res.hub, lang)
    return view.timesharing_tables(res.ts, lang), view.median_school_use(res.ts)


@st.cache_data(show_spinner=False, max_entries=32)
def _site(ver, case, year, functions, k, capacity, points, lang):
    fr = shell.sharing_frames(ver, case)
    cap = dict(capacity)
    return siting.site(fr.inp, fr, year, list(functions), k=k, capacity=cap,
                       extra=view.clicked_points(list(points), lang))


@st.cache_data(show_spinner=False, max_entries=32)
def _check(ver, case, year, calc, functions, k, capacity, points, lang):
    """The engine check of ``_site``'s sites (the gap engine run again with them, for ``year`` itself: it reads more
    than the sharing methods do): only when the siting tab is open."""
    fr = shell.sharing_frames(ver, case)
    res = _site(ver, case, calc, functions, k, capacity, points, lang)
    return siting.engine_check(fr.inp, year, res.sites, list(functions), dict(capacity), fr)


st.title(t("page_sharing", lang))
st.caption(t("sh_intro", lang))
st.caption(t("nr_sharing_real_only", lang))

types = view.siting_types(inp, table, inp.base_year)
qp_year, qp_type = st.query_params.get("year"), st.query_params.get("type")
c1, c2, c3 = st.columns([3, 3, 2])
year_options = inp.offered_years  # base year … horizon, as on Overzicht and Werksessie
year = c1.select_slider(t("year", lang), options=year_options,
                        value=int(qp_year) if qp_year and qp_year.isdigit() and int(qp_year) in year_options
                        else inp.base_year, key="sh_year")
choices = ["all", *types]
ftype = c2.selectbox(t("facility_type", lang), choices, index=choices.index(qp_type) if qp_type in choices else 0,
                     format_func=lambda x: t("sh_all_types", lang) if x == "all" else facility_label(x, lang),
                     placeholder=t("choose", lang), key="sh_type")
tiles = c3.toggle(t("basemap", lang), value=False, key="sh_tiles")
st.query_params["year"] = str(year)
if ftype == "all":
    st.query_params.pop("type", None)
else:
    st.query_params["type"] = ftype

with st.expander(t("sh_assumptions", lang)):
    s1, s2 = st.columns(2)
    # select sliders with labels from lib.ui.formatting: st.slider shows '1.50' whatever the language
    reach_factor = s1.select_slider(t("sh_reach_factor", lang), view.steps(1.0, 3.0, 0.25), 1.5,
                                    format_func=lambda v: number(v, lang, 2), key="sh_reach")
    walk_m = s2.number_input(t("sh_walk_m", lang), 50, 1000, 300, 50, key="sh_walk")
    extra = tuple(s1.multiselect(t("sh_extra", lang), ["community_centre", "library"], default=[],
                                 placeholder=t("choose_many", lang), key="sh_extra",
                                 format_func=lambda x: options.noun(x, lang)))
    booked = s2.select_slider(t("sh_booked", lang), view.steps(0.0, 1.0, 0.05), 0.5,
                              format_func=lambda v: percent(v, lang), key="sh_booked")
    participation = s1.select_slider(t("sh_participation", lang), view.steps(0.01, 0.15, 0.01), 0.05,
                                     format_func=lambda v: percent(v, lang), key="sh_participation")
    st.dataframe(view.assumption_table(lang), hide_index=True, width="stretch")
    st.caption(t("sh_docs", lang))

ts_over = (("gym_evening_booked_share", booked), ("club_participation", participation))
calc = shell.sharing_frames(ver, case).same_as(year)
computed_with = (_years_for("spare", reach_factor, calc), _years_for("ts", ts_over, calc),
                 _years_for("hub", (walk_m, extra), calc))
res = _results(ver, case, calc, reach_factor, walk_m, extra, ts_over, *computed_with)
opts = _options(ver, case, calc, lang, reach_factor, walk_m, extra, ts_over, *computed_with)
shown = opts if ftype == "all" else opts[opts["functions"].map(lambda fs: ftype in fs)]

head = view.headline(shown)
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("options", lang), head["options"])
m2.metric(t("sh_kind_spare_capacity", lang), amount(head["spare_units"], "score", lang))
m3.metric(t("sh_leg_time", lang), amount(head["shared_hours"], "hours", lang))
m4.metric(t("sh_kind_hub", lang), head["hubs"])
st.caption(t("sh_score_help", lang))
st.caption(t("sh_estimate_note", lang))

st.subheader(t("sh_best", lang))
if shown.empty:
    st.info(t("sh_no_options", lang))
else:
    for line in view.best_lines(shown, lang):
        st.markdown(line)
    with st.expander(t("sh_all_options", lang).format(n=len(shown))):
        st.dataframe(view.option_table(shown, lang), hide_index=True, width="stretch")

# --- siting inputs first: the proposed sites appear on the map ---------------------------------------------
# A map click reaches this run through the map's value (st_folium copies it to st.session_state["sh_map"] before
# the run): the point is added here, so the siting with it runs in this run and not in a second one. The map keeps
# reporting its last click: each click is added once.
last = (st.session_state.get("sh_map") or {}).get("last_clicked")
if last and st.session_state.get("sh_seen_click") != last:
    st.session_state["sh_seen_click"] = last
    here = (last["lng"], last["lat"])
    if here not in st.session_state.get("sh_points", []):
        st.session_state["sh_points"] = [*st.session_state.get("sh_points", []), here]
points = tuple(st.session_state.get("sh_points", []))
default_f = [ftype] if ftype in types else types[:1]
functions = tuple(st.session_state.get("sh_functions", default_f))
site_res = None

st.subheader(t("sh_map", lang))
proposed = None
if functions:
    caps = tuple((f, float(st.session_state.get(f"sh_cap_{f}", view.default_capacity(f)[0]))) for f in functions)
    site_args = (functions, int(st.session_state.get("sh_k", 1)), caps, points, lang)
    site_res = _site(ver, case, calc, *site_args)
    proposed = view.proposed_frame(site_res)
short = view.short_codes(inp, table, year, None if ftype == "all" else [ftype])
shapes = shell.shapes(ver, "buurt")
# the layers of the year and type go apart from the map: a new year or type replaces them in the drawn map, which is
# drawn anew only when the map itself (basemap, language) changed
layers = view.options_layers(shapes, short, res.spare, res.hub, res.ts, proposed,
                             view.clicked_points(list(points), lang), lang)
st_folium(view.options_base_map(shapes, lang, tiles), height=520, use_container_width=True,
          returned_objects=["last_clicked"], key="sh_map", feature_group_to_add=layers,
          layer_control=view.layer_control())

# --- the numbers behind one option ---------------------------------------------------------------------------
if not shown.empty:
    st.subheader(t("sh_explain", lang))
    labels = {int(r["rank"]): view.option_label(r) for _, r in shown.iterrows()}
    pick = st.selectbox(t("sh_pick_option", lang), list(labels), format_func=labels.get,
                        placeholder=t("choose", lang), key="sh_pick")
    row = shown[shown["rank"] == pick].iloc[0]
    st.markdown(f"**{view.kind_label(row['kind'], lang)}** — {md_escape(row['sentence'])}")
    facts, rows = view.explain(row, res.spare, res.hub, res.ts, lang)
    cols = st.columns(max(1, min(4, len(facts))))
    for i, (label, value) in enumerate(facts[:8]):
        cols[i % len(cols)].metric(label, value)
    st.dataframe(rows, hide_index=True, width="stretch")

# Lazy tabs: only the open tab's tables are formatted (a tab click reruns the page). The siting tab's widgets are
# drawn whether it is open or not: the map's proposed sites read them, and a widget not drawn loses its value.
settings = (reach_factor, walk_m, extra, ts_over)
tab1, tab2, tab3, tab4 = st.tabs([t("sh_kind_spare_capacity", lang), t("sh_tab_hubs", lang), t("sh_tab_time", lang),
                                  t("sh_tab_siting", lang)], key="sh_tab", on_change="rerun")
with tab1:
    st.caption(t("sh_spare_caption", lang))
    if tab1.open:
        fac_t, area_t = _tables(ver, case, calc, lang, "spare", *settings)
        st.dataframe(area_t, hide_index=True, width="stretch")
        st.dataframe(fac_t, hide_index=True, width="stretch")
with tab2:
    st.caption(t("sh_hub_caption", lang))
    if tab2.open:
        sites_t, prog_t = _tables(ver, case, calc, lang, "hubs", *settings)
        st.dataframe(sites_t, hide_index=True, width="stretch")
        st.dataframe(prog_t, hide_index=True, width="stretch")
with tab3:
    st.caption(t("sh_time_caption", lang))
    if tab3.open:
        (wijk_t, fac_ts), school_use = _tables(ver, case, calc, lang, "time", *settings)
        st.markdown(f"**{t('sh_time_areas', lang)}**")
        st.dataframe(wijk_t, hide_index=True, width="stretch")
        st.markdown(f"**{t('sh_time_facilities', lang)}**")
        st.dataframe(fac_ts, hide_index=True, width="stretch")
        st.caption(t("sh_school_use", lang).format(h=amount(school_use, "hours", lang)))
with tab4:
    st.caption(t("sh_siting_caption", lang))
    st.multiselect(t("sh_functions", lang), types, default=default_f,
                   placeholder=t("choose_many", lang), key="sh_functions",
                   format_func=lambda x: facility_label(x, lang))
    k1, k2 = st.columns(2)
    k1.number_input(t("sh_k", lang), 1, 5, 1, 1, key="sh_k")
    for f in functions:
        cap, unit = view.default_capacity(f)
        k2.number_input(t("sh_capacity", lang).format(f=options.noun(f, lang), u=unit_label(unit, lang)), 0.0,
                        100000.0, cap, format="%g",
                        key=f"sh_cap_{f}")
    p1, p2 = st.columns([3, 1])
    p1.caption(t("sh_clicked", lang).format(n=len(points)))
    if p2.button(t("sh_clear_points", lang), key="sh_clear"):
        st.session_state["sh_points"] = []
        st.rerun()
    if site_res is not None:
        st.markdown(f"**{t('method', lang)}:** {view.method_label(site_res, lang)} · "
                    f"{t('sh_coverage', lang)}: {amount(site_res.objective, 'score', lang)} "
                    f"{t('standard_units', lang).lower()}")
        if tab4.open:
            s_t, summ_t = view.siting_tables(site_res, _check(ver, case, year, calc, *site_args), lang)
            st.dataframe(s_t, hide_index=True, width="stretch")
            st.markdown(f"**{t('sh_engine', lang)}**")
            st.dataframe(summ_t, hide_index=True, width="stretch")
        case_key = view.case_id_of(shell.cursor(), case)
        if case_key is None:
            st.info(t("sh_no_case", lang))
        elif len(site_res.sites) and not shell.allowed("case_edit"):  # lib.access.roles: deelnemer and beheerder
            st.caption(t("acc_view_only", lang).format(role=shell.role_label(lang)))
        elif len(site_res.sites):
            ids = list(site_res.sites["cand_id"])
            site_labels = dict(zip(ids, site_res.sites["label"], strict=True))
            a1, a2, a3, a4 = st.columns(4)
            chosen = a1.selectbox(t("site", lang), ids, format_func=site_labels.get,
                                  placeholder=t("choose", lang), key="sh_chosen")
            name = a2.text_input(t("sh_display_name", lang), site_labels[chosen], key="sh_name")
            domains = list(store.DOMAINS)
            mine = st.session_state.get("_who_domain")  # the participant's name and domain (shell.follow_case)
            domain = a3.selectbox(t("cs_ag_domain", lang), domains, format_func=lambda d: domain_label(d, lang),
                                  index=domains.index(mine) if mine in domains else 0, key="sh_case_domain")
            author = shell.login_author()  # a logged-in user's changes carry the account's name
            if author is None:
                author = a4.text_input(t("sh_author", lang), st.session_state.get("_who_name", ""), key="sh_author")
            else:
                a4.caption(f"{t('sh_author', lang)}: {md_escape(author)}")
            if st.button(t("sh_add_to_case", lang), key="sh_add"):
                units = view.norm_units(inp, table, year, list(functions))
                try:
                    for kw in view.facilities_for_case(site_res, chosen, list(functions), dict(caps), units, name):
                        store.add_facility(shell.cursor(), case_key, **kw, author=author, domain=domain)
                    st.success(t("sh_added", lang).format(name=md_escape(name)))
                except store.DiskFull:
                    st.error(t("disk_full", lang))
                except (ValueError, LookupError) as exc:
                    st.error(md_escape(str(exc)))
