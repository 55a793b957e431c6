"""The imperative shell's shared pieces: one DuckDB connection per process, a cursor per session,
the language, and cached calls into lib. No SQL and no arithmetic here."""

from __future__ import annotations

import atexit
import gc
import os
import secrets
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import duckdb
import sqlalchemy as sa
import streamlit as st

from lib import embedded
from lib.access import accounts, exposure, roles
from lib.agenda import overlaps, shortfalls, sites
from lib.agenda import store as agenda_store
from lib.agenda import view as agenda_view
from lib.cases import example, live, room, store, view
from lib.core import db, geo, hierarchy, neighbours, pipeline, population, scope, sources
from lib.core import kpis as kpi
from lib.explorer import area_map, explain
from lib.overview import summary
from lib.sharing import common as sharing_common
from lib.sharing import options
from lib.text.i18n import domain_label, t
from lib.ui import map_json, maps
from lib.ui.formatting import md_escape, number


def db_path() -> str:
    """The database file: $VZW_DB, else data/voorzieningen.duckdb."""
    return os.environ.get("VZW_DB", str(db.DEFAULT_DB))


@st.cache_resource(max_entries=2, show_spinner=False)
def connection(path: str, snapshot: str):
    """One read-only handle per server process and base snapshot (any number of processes share the file); a new
    snapshot (an import, a build, a norm edit — in this process or another) gets a new handle on the next rerun.
    The illustrative example case is created once when the data fits (older databases)."""
    con = db.connect(path, read_only=True)
    example.ensure(con)
    return con


def _snapshot_key() -> tuple[str, str]:
    """(database file, id of the snapshot now there): one stat per call; on a first start without a database it
    is built first (with progress)."""
    path = db_path()
    snapshot = db.snapshot_id(path)
    if not snapshot:
        _build_with_progress(path)
        snapshot = db.snapshot_id(path)
    return path, snapshot


def root():
    """The process's handle on the current snapshot (for work done on another thread, e.g. a download)."""
    return connection(*_snapshot_key())


_threads = threading.local()


_build_lock = threading.Lock()


def _build_with_progress(path: str) -> None:
    """The first start without a database: build it from data/ with a progress bar naming each file (never a
    bare spinner); a session that arrives meanwhile waits for the same build."""
    lang = language()
    with st.status(t("db_building", lang), expanded=True) as status:
        bar = st.progress(0.0)
        done: list[str] = []

        def log(line: str) -> None:
            done.append(line)
            bar.progress(min(len(done) / embedded.STEPS, 1.0),
                         text=t("db_building_step", lang).format(n=len(done), total=embedded.STEPS))

        with _build_lock:
            if not os.path.exists(path):
                embedded.ensure(path, log=log)
        status.update(label=t("db_built", lang), state="complete", expanded=False)


def cursor():
    """A cursor of the running thread on the current snapshot (DuckDB cursors are connections to the same
    database, and a cursor refuses a second call while one is running). A session's script runs, its fragment
    runs (the live poll) and a run that is being replaced by the next one may overlap on different threads, so
    they never share one; a cursor closes with its thread."""
    key = _snapshot_key()
    cursors = getattr(_threads, "cursors", None)
    if cursors is None or key not in cursors:
        try:
            cursors = _threads.cursors = {key: connection(*key).cursor()}
        except (duckdb.Error, sa.exc.SQLAlchemyError, OSError) as exc:  # e.g. PostgreSQL down: a message, no trace
            st.error(t("store_unavailable", language()).format(detail=md_escape(str(exc).splitlines()[0][:200])))
            st.stop()
    return cursors[key]


def init_language() -> None:
    """Take the language from the URL (?lang=en) on a session's first run; Dutch by default."""
    if "lang" not in st.session_state:
        lang = st.query_params.get("lang", "nl")
        st.session_state["lang"] = lang if lang in ("nl", "en") else "nl"


def language() -> str:
    return st.session_state.get("lang", "nl")


#: Widgets whose option labels are translated (format_func). Streamlit keeps showing the label a keyed selectbox
#: had when its value was chosen ("Basisschool (plaatsen)" after switching to English): the value is still a
#: valid option, so the browser is not told to redraw it. Setting the same value again through the Session State
#: API marks it changed, and Streamlit then sends the label in the new language.
TRANSLATED_WIDGETS = ("type", "level", "level_national", "gm", "bv_type", "who_domain", "cs_compare", "cs_type",
                      "cs_fac_type", "cs_norm_type", "cs_fac_pick", "cs_new_area", "cs_note_area", "cs_undo_pick",
                      "sh_type", "sh_extra", "sh_functions", "sh_pick", "sh_case_domain", "data_kind",
                      "ag_level", "ag_pick", "ag_map_level", "in_facility", "in_f_block", "in_f_type",
                      "in_status_new")
TRANSLATED_PREFIXES = ("cs_fac_unit_",)


def relabel_widgets() -> None:
    """After a language switch (the language radio's on_change): re-set every translated widget's value so
    Streamlit redraws it with the label in the new language."""
    for key in list(st.session_state.keys()):
        if key in TRANSLATED_WIDGETS or str(key).startswith(TRANSLATED_PREFIXES):
            st.session_state[key] = st.session_state[key]


def remember_language() -> None:
    st.query_params["lang"] = language()


def case_id() -> str | None:
    """The open case (``?case=<id>`` in the URL, so a shared link opens the same case), or None = baseline.

    ``follow_case`` (run by app.py before every page) has checked it and put it back after a page switch."""
    case = st.query_params.get("case") or None
    return case if case and store.exists(cursor(), case) else None


# --- the live workshop (issue 12): the case follows you, who is here, others' changes within seconds ----------

#: URL path of the Werksessie page (app.py) and the share link.
CASES_PATH = "werksessie"
CASES_PAGE = "app_pages/cases.py"


def follow_case() -> str | None:
    """Run by app.py before every page. The open case, the participant's name and domain stay in the link
    (``?case=``, ``?wie=``, ``?domein=``) across page switches (the sidebar links drop query parameters) and
    browser reloads; an unknown case is announced once and dropped. Returns the open case id or None."""
    qp, ss = st.query_params, st.session_state
    if "_who_name" not in ss:  # the session's first run: the name and domain come from the link
        ss["_who_name"] = " ".join(str(qp.get("wie", "")).split())[:store.MAX_AUTHOR]
        domain = qp.get("domein", "")
        ss["_who_domain"] = domain if domain in store.DOMAINS else store.DOMAINS[0]
    remember_identity(ss["_who_name"], ss["_who_domain"])
    case = qp.get("case") or None
    if case is None and ss.get("vzw_case"):  # a page switch dropped it
        case = ss["vzw_case"]
        qp["case"] = case
    if case and not store.exists(cursor(), case):
        st.warning(t("case_not_found", language()).format(case=md_escape(case)))
        del qp["case"]
        ss.pop("vzw_case", None)
        return None
    ss["vzw_case"] = case
    return case


def remember_identity(name: str, domain: str) -> None:
    """Keep the participant's name and domain in the session and in the link (?wie=…&domein=…)."""
    ss, qp = st.session_state, st.query_params
    ss["_who_name"], ss["_who_domain"] = name, domain
    if name:
        qp.update({"wie": name, "domein": domain})
    else:
        qp.pop("wie", None)
        qp.pop("domein", None)


def identity(lang: str):
    """The editor of workshop-case changes: display name and domain, typed once per session in the sidebar (the
    same on every page that writes to a case, kept in the link: ?wie=&domein=), or None while the name is
    missing. A logged-in user's name is the account's, and a role that cannot write gets no fields
    (_account_identity)."""
    handled, editor = _account_identity(lang)
    if handled:
        return editor
    ss = st.session_state
    if "who_name" not in ss:
        ss["who_name"] = ss.get("_who_name", "")
    if "who_domain" not in ss:
        ss["who_domain"] = ss.get("_who_domain", store.DOMAINS[0])
    st.sidebar.markdown(f"**{t('cs_you', lang)}**")
    name = st.sidebar.text_input(t("cs_your_name", lang), key="who_name", max_chars=store.MAX_AUTHOR)
    domain = st.sidebar.selectbox(t("cs_your_domain", lang), store.DOMAINS, key="who_domain",
                                  placeholder=t("choose", lang), format_func=lambda d: domain_label(d, lang))
    remember_identity(" ".join(name.split()), domain)
    try:
        return store.Editor.of(name, domain)
    except ValueError:
        return None


def case_name(case: str | None) -> str | None:
    """The open case's name (None for the baseline), for titles and exports."""
    return store.get_case(cursor(), case)["name"] if case else None


def close_case() -> None:
    """Back to the baseline: forget the open case (in the session and the link) and leave its presence list."""
    ss = st.session_state
    case = ss.pop("vzw_case", None) or st.query_params.get("case")
    if case:
        live.leave(cursor(), case, _session_id())
    st.query_params.pop("case", None)
    ss.pop("live_seen", None)


def open_case(case: str) -> None:
    """Open ``case`` (in the link and the session); the caller reruns."""
    st.query_params["case"] = case
    st.session_state["vzw_case"] = case


def _session_id() -> str:
    return st.session_state.setdefault("live_session", secrets.token_hex(8))


def case_banner(case: str | None, page_path: str) -> None:
    """Run by app.py before every page: when a case is open, a banner names it, links to the Werksessie and
    offers a one-click way back to the baseline; below it, who has the case open now. It also shows, as
    short notices, what others changed since this screen was drawn, and polls for new changes."""
    if case is None:
        return
    lang, cur, ss = language(), cursor(), st.session_state
    info = store.get_case(cur, case)
    now = info["version"]
    seen = ss.get("live_seen")
    if seen and seen[0] == case and seen[1] != now:  # others changed the case since this screen was drawn
        ss.setdefault("live_notices", []).extend(_notices(case, seen[1], lang))
    ss["live_seen"] = (case, now)
    with st.container(border=True, key="vzw_case_banner"):
        c1, c2, c3 = st.columns([5, 2, 2], vertical_alignment="center")
        flag = f" — {t('cs_illustrative', lang)}" if info.get("illustrative") else ""
        c1.markdown(":material/folder_open: " + t("case_banner", lang).format(name=md_escape(info["name"]))
                    + md_escape(flag))
        if page_path != CASES_PATH:
            c2.page_link(CASES_PAGE, label=t("case_banner_open", lang), icon=":material/groups:",
                         query_params={"case": case})
        if c3.button(t("case_banner_close", lang), key="vzw_case_close", icon=":material/undo:",
                     help=t("case_banner_close_help", lang), width="stretch"):
            close_case()
            st.rerun()
        with c1:
            _live(case)
    for notice in ss.pop("live_notices", []):
        st.toast(notice, icon=":material/sync:", duration="long")


def _notices(case: str, since: int, lang: str) -> list[str]:
    """Notices of the changes after version ``since``, leaving out this session's own last change."""
    own = st.session_state.get("live_own")
    changes = live.changes_since(cursor(), case, since, skip=own[1] if own and own[0] == case else None)
    if changes.empty:
        return []
    b = base(version())
    return view.live_notices(changes, hierarchy.names(b.areas), view.base_rows(b, changes), lang)


@st.fragment(run_every=live.poll_seconds(os.environ.get("VZW_POLL_SECONDS")))
def _live(case: str) -> None:
    """Every POLL_SECONDS: one small query for the case version; when it moved, the whole page reruns (widgets
    keep what was typed, the tab stays) with a notice of who changed what. Also the heartbeat (every
    HEARTBEAT_SECONDS) and the list of who has the case open (read every PRESENCE_SECONDS)."""
    lang, cur, ss = language(), cursor(), st.session_state
    now = live.poll(cur, case)
    seen = ss.get("live_seen")
    if now is None or (seen and seen[0] == case and seen[1] != now):
        if now is not None:
            ss.setdefault("live_notices", []).extend(_notices(case, seen[1], lang))
            ss["live_seen"] = (case, now)
        st.rerun(scope="app")
    who = (ss.get("_who_name") or None, ss.get("_who_domain"))
    clock = time.monotonic()
    beat = ss.get("live_beat", (None, None, None))
    if beat[:2] != (case, who) or live.due(beat[2], live.HEARTBEAT_SECONDS, clock):
        live.heartbeat(cur, case, _session_id(), *who)
        ss["live_beat"] = (case, who, clock)
    people = ss.get("live_people", (None, None, None, []))
    if people[:2] != (case, lang) or live.due(people[2], live.PRESENCE_SECONDS, clock):
        people = ss["live_people"] = (case, lang, clock, view.presence_list(live.present(cur, case), lang))
    people = people[3]
    st.caption(f"{t('cs_version', lang)} {number(now, lang, 0)} · {t('cs_present', lang)}: "
               + " · ".join(map(md_escape, people)))


@st.cache_data(ttl=60, show_spinner=False)
def _lan() -> str | None:
    return room.lan_address()


def public_address() -> room.PublicAddress:
    """The address other laptops in the room use (lib.cases.room: VZW_PUBLIC_URL, Streamlit's
    browser.serverAddress, the LAN address when listening on all interfaces, else this browser's address)."""
    return room.public_address(os.environ.get("VZW_PUBLIC_URL"), st.get_option("server.address"),
                               st.get_option("server.port"), st.get_option("server.baseUrlPath"), st.context.url,
                               browser_address=st.get_option("browser.serverAddress"),
                               browser_port=st.get_option("browser.serverPort"), lan=_lan())


@st.cache_data(show_spinner=False, max_entries=16)
def qr_png(text: str) -> bytes:
    return room.qr_png(text)


def version() -> tuple[str, int, int]:
    """Cache key of the data: (database file, write counter, base-data write counter). Every write bumps the
    write counter; only writes to the base data (imports, norms) bump the base-data counter, so what is computed
    from the base data alone (the baseline, the shapes) stays cached while a workshop changes its case."""
    cur = cursor()
    return f"{db_path()}@{cur.snapshot}", db.data_version(cur), db.base_version(cur)


def _scoped(version: tuple[str, int, int], case: str | None) -> tuple:
    """The part of ``version`` a result depends on: all of it for a case, the base data only without one."""
    return version if case else (version[0], None, version[2])


#: The inputs and gap tables are kept with ``st.cache_resource``: one shared object per key, read by every session
#: (lib never changes a frame it is given; pandas copy-on-write keeps derived frames apart; tests/test_shared_tables.py
#: runs every page and compares them with fresh ones afterwards). ``st.cache_data`` would unpickle a copy on every
#: call: on the national data 0.13-0.36 s per rerun and a server growing to 3 GB after ten gemeenten (issue 13).
#: A case edit makes a new data version, so the entries are few and bounded, and dropped after an hour unused.
SHARED = {"show_spinner": False, "ttl": 3600}


def base(version: tuple):
    """The base data (no case)."""
    return _base(_scoped(version, None))


@st.cache_resource(max_entries=2, **SHARED)
def _base(version: tuple):
    return pipeline.inputs(cursor())


def case_inputs(version: tuple, case: str | None):
    """The base data with ``case`` applied (or the base data when case is None)."""
    return _case_inputs(version, case) if case else base(version)


@st.cache_resource(max_entries=8, **SHARED)
def _case_inputs(version: tuple, case: str):
    return pipeline.with_case(cursor(), base(version), case)


def gap_table(version: tuple, case: str | None, years: tuple[int, ...]):
    """Gap table (buurt and service-level rows) for all norms and ``years``; cached per data version and case."""
    return _gap_table(_scoped(version, case), case, years)


@st.cache_resource(max_entries=6, **SHARED)
def _gap_table(version: tuple, case: str | None, years: tuple[int, ...]):
    result = pipeline.gap_table(case_inputs(version, case), years=list(years))
    return result.table, result.notes


def gap_table_at(version: tuple, case: str | None, years: tuple[int, ...], level: str):
    """The gap table at ``level`` (buurt, wijk or gemeente)."""
    return _gap_table_at(_scoped(version, case), case, years, level)


@st.cache_resource(max_entries=12, **SHARED)
def _gap_table_at(version: tuple, case: str | None, years: tuple[int, ...], level: str):
    table, _ = gap_table(version, case, years)
    return pipeline.at_level(table, case_inputs(version, case).areas, level)


def shapes(version: tuple, level: str):
    """Map shapes (WGS84) of one level (base data: unchanged by cases)."""
    return _shapes(_scoped(version, None), level)


@st.cache_data(show_spinner=False, max_entries=8)
def _shapes(version: tuple, level: str):
    return maps.shapes_wgs84(db.area_shapes(cursor(), level))


@st.cache_data(show_spinner=False, max_entries=64)
def area_people(version: tuple, case: str | None, area: str, year: int):
    """Buurtverkenner: (population bands base+year, dwellings base+year) of one area, sliced from the area's
    forecast of every year (made once per area: a year step only slices it)."""
    inp = case_inputs(version, case)
    return explain.people_in(_area_people_every_year(version, case, area), [inp.base_year, year])


@st.cache_data(show_spinner=False, max_entries=32)
def _area_people_every_year(version: tuple, case: str | None, area: str):
    inp = case_inputs(version, case)
    return explain.people(inp, area, list(inp.years), forecast_every_year(version, case))  # sliced, not forecast


@st.cache_data(show_spinner=False, max_entries=128)
def area_explanation(version: tuple, case: str | None, area: str, year: int, lang: str, ftype: str):
    """Buurtverkenner: the explanation of one facility type in one area and year (lib.explorer.explain), computed
    only when shown; the year's gap-table rows come from the cached gap table, not computed again."""
    return explain.explain_all(case_inputs(version, case), area, year, lang, gap_parts(version, case),
                               types=[ftype], forecast=forecast_every_year(version, case))[0]


@st.cache_resource(max_entries=8, **SHARED)
def gap_parts(version: tuple, case: str | None):
    """The gap table of (data version, case) split per (year, type) for the Buurtverkenner's explanations
    (lib.explorer.explain.gap_parts), once and shared (read-only)."""
    inp = case_inputs(version, case)
    return explain.gap_parts(gap_table(version, case, tuple(inp.years))[0])


@st.cache_resource(max_entries=8, **SHARED)
def forecast_every_year(version: tuple, case: str | None):
    """(population bands, dwellings) of every year of (data version, case) (lib.core.population.forecast),
    forecast once and shared (read-only): a Buurtverkenner year step slices its year instead of forecasting it."""
    inp = case_inputs(version, case)
    return population.forecast(inp.population, inp.dwellings, inp.plans, list(inp.years), inp.base_year,
                               inp.occupancy)


@st.cache_data(show_spinner=False, max_entries=32)
def area_map_view(version: tuple, case: str | None, area: str, radius: float | None):
    """Buurtverkenner: what the area's map draws that does not change with the year or type (the view, the area
    and its neighbours, its buurt centres, the facilities near it in WGS84; lib.explorer.area_map.area_view),
    once per area and radius (m), so a year step only builds the year's layers."""
    inp = case_inputs(version, case)
    return area_map.area_view(shapes(version, hierarchy.level_of(inp.areas, area)), area,
                              hierarchy.buurt_centres(inp.areas, area), explain.facilities_near(inp, area), radius)


# --- Overzicht page and its exports (lib.overview.summary, lib.ui.maps, lib.core.sources) ---

@st.cache_data(show_spinner=False, max_entries=16)
def inhabitants_by_year(version: tuple, case: str | None, gm: str | None = None):
    """Inhabitants per year (imported years, then the forecast from housing plans) for the open case, in
    gemeente ``gm`` (all when None)."""
    inp = case_inputs(version, case)
    return scope.inhabitants_by_year(inp, hierarchy.codes_in(inp.areas, gm) if gm else None)


@st.cache_resource(max_entries=32, **SHARED)
def scoped_table(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None):
    """The gap table at ``level`` restricted to gemeente ``gm`` (all when None)."""
    table = gap_table_at(version, case, years, level)
    return scope.rows_in(table, hierarchy.codes_in(case_inputs(version, case).areas, gm) if gm else None)


@st.cache_resource(max_entries=16, **SHARED)
def municipalities(version: tuple, case: str | None):
    """The gemeenten of (data version, case) (lib.core.hierarchy.municipalities), once and shared (read-only)."""
    return hierarchy.municipalities(case_inputs(version, case).areas)


@st.cache_resource(max_entries=32, **SHARED)
def _scoped_years(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None):
    table = scoped_table(version, case, years, level, gm)
    return {int(y): part for y, part in table.groupby("year", sort=False)}, table.iloc[:0]


def scoped_year(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None, year: int):
    """The rows of ``year`` of :func:`scoped_table` (no rows for another year), split once per table and shared
    (read-only): what a year's figures are made from, without filtering the rows of every year again."""
    parts, empty = _scoped_years(version, case, years, level, gm)
    return parts.get(int(year), empty)


@st.cache_resource(max_entries=32, **SHARED)
def kpis_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None) -> dict:
    """The KPIs of every (type, year) at ``level`` in gemeente ``gm`` (lib.core.kpis.every): one pass per (data,
    case, level, gemeente), shared read-only; a type or year step only looks up."""
    return kpi.every(scoped_table(version, case, years, level, gm))


@st.cache_resource(max_entries=256, **SHARED)
def scoped_kpis(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None, ftype: str,
                year: int) -> dict:
    """The Overzicht KPIs (lib.core.kpis.kpis) of ``ftype`` in ``year`` at ``level`` in gemeente ``gm``: computed
    once per (data, case, level, gemeente, type, year), not on every rerun of every session. For 'all' the worst
    status per area comes from :func:`scoped_map_rows` (made for every year at once)."""
    if ftype == kpi.ALL_TYPES:
        rows = scoped_map_rows(version, case, years, level, gm, ftype, year)
        return kpi.kpis(scoped_year(version, case, years, level, gm, year), ftype, year, map_rows_of=rows)
    return kpi.kpis(scoped_year(version, case, years, level, gm, year), ftype, year,
                    kpis_every(version, case, years, level, gm))


@st.cache_resource(max_entries=32, **SHARED)
def map_rows_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                   ftype: str) -> dict:
    """The map rows (lib.core.kpis.map_rows) of ``ftype`` of every year at ``level`` in gemeente ``gm``, keyed by
    year (lib.core.kpis.map_rows_every): one pass per (data, case, level, gemeente, type), shared read-only."""
    return kpi.map_rows_every(scoped_table(version, case, years, level, gm), ftype)


def scoped_map_rows(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                    ftype: str, year: int):
    """The map rows (lib.core.kpis.map_rows) of ``ftype`` in ``year``, looked up in :func:`map_rows_every`; a year
    without rows gets what map_rows gives for no rows."""
    found = map_rows_every(version, case, years, level, gm, ftype).get(int(year))
    return found if found is not None else kpi.map_rows(scoped_table(version, case, years, level, gm).iloc[:0],
                                                         ftype, year)


def types_table(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None, year: int,
                lang: str):
    """The Overzicht table of shortfalls per type (lib.overview.summary.by_type) in ``year`` at ``level`` in
    gemeente ``gm``, looked up in :func:`types_tables_every` (a year without rows: by_type of no rows)."""
    found = types_tables_every(version, case, years, level, gm, lang).get(int(year))
    return found if found is not None else summary.by_type(scoped_year(version, case, years, level, gm, year), year,
                                                            lang, {})


@st.cache_resource(max_entries=32, **SHARED)
def types_tables_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                       lang: str) -> dict:
    """The Overzicht tables of shortfalls per type of every year (lib.overview.summary.by_type_every), keyed by
    year: one pass per (data, case, level, gemeente, language), shared read-only; a year step only looks up."""
    return summary.by_type_every(scoped_table(version, case, years, level, gm), lang,
                                 kpis_every(version, case, years, level, gm))


def overview_captions(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                      ftype: str, year: int, lang: str) -> tuple[str, str]:
    """The Overzicht's source lines under the map and under the table of types (lib.overview.summary.caption,
    types_caption) of ``ftype`` in ``year``: looked up in :func:`captions_every` and :func:`types_captions_every`
    (empty for a year without rows)."""
    return (captions_every(version, case, years, level, gm, ftype, lang).get(int(year), ""),
            types_captions_every(version, case, years, level, gm, lang).get(int(year), ""))


@st.cache_resource(max_entries=64, **SHARED)
def captions_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                   ftype: str, lang: str) -> dict:
    """The Overzicht's source line under the map of ``ftype`` of every year (lib.overview.summary.captions_every),
    keyed by year: one pass per (data, case, level, gemeente, type, language); a year step only looks it up."""
    return summary.captions_every(scoped_table(version, case, years, level, gm), ftype,
                                  case_inputs(version, case).base_year, lang, level,
                                  map_rows_every(version, case, years, level, gm, ftype)
                                  if ftype == kpi.ALL_TYPES else None)


@st.cache_resource(max_entries=32, **SHARED)
def types_captions_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                         lang: str) -> dict:
    """The Overzicht's source line under the table of types of every year (lib.overview.summary.
    types_captions_every), keyed by year: one pass per (data, case, level, gemeente, language), for every type."""
    return summary.types_captions_every(scoped_table(version, case, years, level, gm),
                                        case_inputs(version, case).base_year, lang)


def attention_table(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                    ftype: str, year: int, n: int, lang: str):
    """The Overzicht's areas that need attention (lib.overview.summary.attention, as displayed), None when there
    are none: looked up in :func:`attention_every`."""
    return attention_every(version, case, years, level, gm, ftype, n, lang).get(int(year))


@st.cache_resource(max_entries=64, **SHARED)
def attention_every(version: tuple, case: str | None, years: tuple[int, ...], level: str, gm: str | None,
                    ftype: str, n: int, lang: str) -> dict:
    """The Overzicht's areas that need attention of every year, as displayed (lib.overview.summary.attention_every),
    keyed by year: one pass per (data, case, level, gemeente, type, length, language), shared read-only."""
    return summary.attention_every(scoped_table(version, case, years, level, gm), ftype, n, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def scoped_shapes(version: tuple, level: str, gm: str | None):
    """Map shapes (WGS84) of ``level`` in gemeente ``gm`` (all when None)."""
    return scope.rows_in(shapes(version, level), hierarchy.codes_in(base(version).areas, gm) if gm else None)


@st.cache_resource(max_entries=16, **SHARED)
def area_features(version: tuple, level: str, gm: str | None):
    """The status map's shapes of ``level`` in gemeente ``gm`` as GeoJSON geometries (lib.ui.maps.area_features),
    built once and shared by the map of every year, type, case and language (read-only)."""
    return maps.area_features(scoped_shapes(version, level, gm))


@st.cache_resource(max_entries=96, **SHARED)
def status_geojson(version: tuple, case: str | None, years: tuple[int, ...], level: str, year: int,
                   ftype: str, lang: str, gm: str | None = None):
    """The Overzicht map's GeoJSON (escaped tooltips), cached per (level, year, case, type, language, gemeente).
    Shared, read-only (folium and the page only read it): ``st.cache_data`` would unpickle a copy of every shape
    on every rerun. The geometries are :func:`area_features`', the rows :func:`scoped_map_rows` (made for every year
    at once); a year step only reads that year's rows in words."""
    rows = scoped_map_rows(version, case, years, level, gm, ftype, year)
    return map_json.share(maps.status_geojson(area_features(version, level, gm), rows, lang,
                                              case_inputs(version, case).base_year))


def facility_points(version: tuple, case: str | None, lang: str, gm: str | None = None):
    """The Overzicht map's facility points (lib.ui.maps.facility_geojson, WGS84) in gemeente ``gm`` (all when
    None) as one FeatureCollection per type (lib.ui.maps.facility_layers); None in the national view. Built once
    per (data, case, language, gemeente) and shared read-only, their JSON written once (lib.ui.map_json)."""
    return _facility_points(_scoped(version, case), case, lang, gm)


@st.cache_resource(max_entries=32, **SHARED)
def _facility_points(version: tuple, case: str | None, lang: str, gm: str | None):
    inp = case_inputs(version, case)
    fac = scope.facilities_in(inp.facilities, inp.areas, gm, len(municipalities(version, case)))
    if fac is None:
        return None
    return {ftype: map_json.share(c) for ftype, c in maps.facility_layers(maps.facility_geojson(fac, lang)).items()}


@st.cache_data(show_spinner=False, max_entries=8)
def provenance_and_quality(version: tuple):
    """(provenance, data-quality notes) of the loaded files, for the sources sheet of the exports."""
    return sources.provenance(cursor()), sources.quality(cursor())


# --- Ruimte delen (lib.sharing): the best options for the Overzicht page ---

@st.cache_data(show_spinner=False, max_entries=16)
def sharing_best_options(version: tuple, case: str | None, year: int, n: int, lang: str,
                         gm: str | None = None):
    """The ``n`` best options for sharing space (lib.sharing.options.best_options) with a ``sentence`` column,
    within gemeente ``gm`` (all when None)."""

    inp = scope.inputs_in(case_inputs(version, case), gm)
    table = scoped_table(version, case, tuple(case_inputs(version, case).years), "buurt", gm)
    return options.best_options(inp, table, year, n=n, lang=lang)


@st.cache_resource(show_spinner=False, max_entries=4)
def sharing_frames(version: tuple, case: str | None):
    """The inputs and gap table of (data version, case) for the sharing methods, with the frames they derive per
    type and year built once and shared by every method, year and session (lib.sharing.common.Frames; read-only).
    Not copied per call like ``st.cache_data``: the page's cached results are keyed by the same version and case."""
    inp = case_inputs(version, case)
    table, _ = gap_table(version, case, tuple(inp.years))
    return sharing_common.Frames(inp, table)


# --- Gebiedsagenda (lib.agenda) ---

@st.cache_data(show_spinner=False, max_entries=16)
def agenda_items(version: tuple[str, int], case: str | None):
    """The agenda as the open case sees it (lib.agenda.store.load)."""
    return agenda_store.load(cursor(), case)


@st.cache_data(show_spinner=False, max_entries=4)
def agenda_base(version: tuple[str, int]):
    """The imported agenda (no case), e.g. for describing a case's changes to it."""
    return agenda_store.base(cursor())


@st.cache_data(show_spinner=False, max_entries=4)
def agenda_neighbours(version: tuple[str, int]):
    """Pairs of touching buurten (computed once per areas import)."""
    return neighbours.pairs(cursor())


@st.cache_data(show_spinner=False, max_entries=16)
def agenda_shortfalls(version: tuple[str, int], case: str | None):
    """The facility shortfalls that count for the agenda, from the cached gap table at every level."""
    years = tuple(case_inputs(version, case).years)
    return shortfalls.from_levels([gap_table_at(version, case, years, level) for level in shortfalls.LEVELS])


@st.cache_data(show_spinner=False, max_entries=16)
def agenda_sites(version: tuple[str, int], case: str | None, lang: str):
    """Sites named by sharing options (hubs, new locations) in the base year, each with its buurt."""
    inp = case_inputs(version, case)
    table, _ = gap_table(version, case, tuple(inp.years))
    opts = options.all_options(inp, table, inp.base_year, lang, kinds=sites.SITE_KINDS)
    buurten = db.area_geoms(cursor(), "buurt")
    return sites.from_options(opts, buurten["code"], geo.from_wkb(buurten["geom"]), shortfalls.proxy_types(table))


@st.cache_data(show_spinner=False, max_entries=32)
def agenda_opportunities(version: tuple[str, int], case: str | None, window: int, with_neighbours: bool, lang: str):
    """All opportunities of the agenda (lib.agenda.overlaps) with their reasons in ``lang``."""
    inp = case_inputs(version, case)
    items = agenda_items(version, case)
    opps = overlaps.opportunities(items, inp.areas, agenda_shortfalls(version, case), window,
                                  agenda_neighbours(version) if with_neighbours else None,
                                  agenda_sites(version, case, lang))
    return agenda_view.with_reasons(opps, hierarchy.names(inp.areas),
                                    dict(zip(items["project_id"], items["name"], strict=True)), lang)
# --- widgets whose built-in text Streamlit does not translate ---

def file_uploader(label: str, types: list[str], key: str, label_visibility: str = "visible"):
    """``st.file_uploader`` in the session's language. Streamlit's drop zone text ("Drag and drop file here",
    "Limit 200MB per file • CSV") and its button ("Browse files"/"Upload") cannot be set (streamlit#13500), so
    they are hidden with CSS scoped to the drop zone; our own caption says what to drop and the size limit, and
    the button gets its label from CSS. The widget itself (label, key, types) is unchanged."""
    lang = language()
    limit_mb = st.get_option("server.maxUploadSize")
    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{t('upload_button', lang)}"; font-size: 0.875rem; }}
</style>""")
    upload = st.file_uploader(label, type=types, key=key, label_visibility=label_visibility)
    st.caption(t("upload_hint", lang).format(types=", ".join(x.upper() for x in types),
                                             limit=number(limit_mb, lang, 0)))
    return upload


# --- roles and logging in (issue 16, lib.access) ---------------------------------------------------------------

#: The app's folder (config/accounts.toml is looked for there).
APP_ROOT = Path(__file__).resolve().parent.parent
#: Label keys of the roles and of the ways to log in.
ROLE_KEYS = {roles.LEZER: "acc_role_lezer", roles.DEELNEMER: "acc_role_deelnemer",
             roles.BEHEERDER: "acc_role_beheerder"}
LOGIN_TAB_KEYS = {"account": "acc_tab_account", "room": "acc_tab_room", "oidc": "acc_tab_oidc"}


def access_gate() -> None:
    """Run by app.py before the navigation: decide the exposure mode (lib.access.exposure) from the server's
    listening address and the configured logins, and set the session's role. ``local``: beheerder, as before;
    ``read_only``: lezer, with a banner saying how to configure a login; ``login``: a login form (account, room code,
    OIDC) until the user is logged in, then the role of the account. A malformed accounts file stops the app with a
    message naming the file and the key (never silently open)."""
    lang, ss = language(), st.session_state
    try:
        accs = accounts.load(accounts.accounts_path(os.environ, APP_ROOT))
    except accounts.AccountsError as exc:
        st.error(t("acc_config_error", lang).format(problem=md_escape(str(exc))))
        st.stop()
    oidc = _oidc_configured()
    exp = exposure.decide(st.get_option("server.address"), oidc, accs.configured)
    ss["vzw_mode"] = exp.mode
    if refused := ss.pop("vzw_refused", None):
        st.error(refused, icon=":material/block:")
    if exp.fixed_role is not None:
        ss["vzw_role"], ss["vzw_author"] = exp.fixed_role, None
        ss.pop("vzw_login", None)
        if exp.mode == exposure.READ_ONLY:
            st.warning(t("acc_read_only", lang).format(address=exp.address or t("acc_all_interfaces", lang)),
                       icon=":material/visibility:")
        return
    who = _logged_in(accs, oidc)
    if who is None:
        ss.pop("vzw_role", None)
        ss["vzw_author"] = None
        _login_form(accs, oidc, lang)
        st.stop()
    ss["vzw_role"], ss["vzw_author"] = who
    ss["_who_name"] = who[1]  # the author of this session's changes and its name in the presence list
    if "_who_domain" not in ss:  # follow_case reads only the domain from the link (?domein=) then
        domain = st.query_params.get("domein", "")
        ss["_who_domain"] = domain if domain in store.DOMAINS else store.DOMAINS[0]
    st.sidebar.caption(t("acc_logged_in_as", lang).format(name=md_escape(who[1]), role=role_label(lang)))
    st.sidebar.button(t("acc_logout", lang), key="acc_logout", on_click=_logout, args=(oidc,),
                      icon=":material/logout:")


def _oidc_configured() -> bool:
    """Whether st.login can be used: an [auth] section in .streamlit/secrets.toml."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def _oidc_providers() -> list[str | None]:
    """The named providers of [auth] ([auth.microsoft], …), or [None] for the single provider in [auth] itself."""
    return [k for k, v in st.secrets["auth"].items() if isinstance(v, Mapping)] or [None]


def _logged_in(accs: accounts.Accounts, oidc: bool) -> tuple[str, str] | None:
    """(role, author name) of the session's login, or None. An account's role is read from the file on every run
    (a changed role counts at once); a changed password or room code ends the sessions that used the old one."""
    ss = st.session_state
    login = ss.get("vzw_login")
    if login:
        if login["how"] == "account":
            account = accs.users.get(login["name"])
            if account is not None and account.password_hash == login["hash"]:
                return account.role, account.author
        elif login["how"] == "room" and accs.room_code_hash == login["hash"]:
            return accounts.ROOM_ROLE, login["name"]
        ss.pop("vzw_login")
    if oidc and st.user.get("is_logged_in"):
        email = st.user.get("email")
        name = " ".join(str(st.user.get("name") or email or "").split())[:store.MAX_AUTHOR]
        return accounts.oidc_role(accs, email), name or accounts.OIDC_DEFAULT_ROLE
    return None


def _login_form(accs: accounts.Accounts, oidc: bool, lang: str) -> None:
    """The login page: an account (name + password), the room code (code + display name) and/or OIDC."""
    st.title(t("acc_login_title", lang))
    st.markdown(t("acc_login_intro", lang))
    ways = [w for w, on in (("account", bool(accs.users)), ("room", accs.room_code_hash is not None),
                            ("oidc", oidc)) if on]
    for way, tab in zip(ways, st.tabs([t(LOGIN_TAB_KEYS[w], lang) for w in ways]), strict=True):
        with tab:
            {"account": _account_form, "room": _room_form, "oidc": _oidc_buttons}[way](accs, lang)


def _account_form(accs: accounts.Accounts, lang: str) -> None:
    with st.form("acc_login"):
        name = st.text_input(t("acc_user", lang), key="acc_name", max_chars=64)
        password = st.text_input(t("acc_password", lang), type="password", key="acc_password")
        if st.form_submit_button(t("acc_login_button", lang), key="acc_login_submit", type="primary"):
            account = accounts.authenticate(accs, name, password)
            if account is None:
                st.error(t("acc_wrong", lang))
                return
            st.session_state["vzw_login"] = {"how": "account", "name": account.name, "hash": account.password_hash}
            st.session_state.pop("acc_password", None)
            st.rerun()


def _room_form(accs: accounts.Accounts, lang: str) -> None:
    st.caption(t("acc_room_help", lang))
    with st.form("acc_room"):
        code = st.text_input(t("acc_room_code", lang), type="password", key="acc_code")
        name = st.text_input(t("acc_room_name", lang), key="acc_room_name", max_chars=store.MAX_AUTHOR)
        if st.form_submit_button(t("acc_room_button", lang), key="acc_room_submit", type="primary"):
            name = " ".join(name.split())
            if not name:
                st.warning(t("acc_need_name", lang))
            elif not accounts.room_code_ok(accs, code):
                st.error(t("acc_wrong_room", lang))
            else:
                st.session_state["vzw_login"] = {"how": "room", "name": name, "hash": accs.room_code_hash}
                st.session_state.pop("acc_code", None)
                st.rerun()


def _oidc_buttons(_accs: accounts.Accounts, lang: str) -> None:
    if not exposure.authlib_installed():
        st.error(t("acc_oidc_no_authlib", lang))
        return
    for provider in _oidc_providers():
        label = (t("acc_oidc_provider_button", lang).format(provider=provider) if provider
                 else t("acc_oidc_button", lang))
        if st.button(label, key=f"acc_oidc_{provider or 'default'}", type="primary", icon=":material/login:"):
            st.login(provider)


def _logout(oidc: bool) -> None:
    ss = st.session_state
    how = (ss.pop("vzw_login", None) or {}).get("how")
    for key in ("vzw_role", "vzw_author", "_who_name", "who_name"):
        ss.pop(key, None)
    if how is None and oidc:
        st.logout()


def role() -> str | None:
    """The session's role (lib.access.roles), set by access_gate; None before logging in."""
    return st.session_state.get("vzw_role")


def role_label(lang: str) -> str:
    return t(ROLE_KEYS[role()], lang) if role() in ROLE_KEYS else "—"


def allowed(action: str) -> bool:
    """Whether the session's role may do ``action`` (lib.access.roles.ACTIONS). Pages hide what is not allowed
    and check this again right before the write."""
    return roles.can(role(), action)


def allowed_now(action: str) -> bool:
    """``allowed`` with the role read again from the accounts file: for a save that runs as a callback before the
    page (the role of the last run may have been taken away since)."""
    if st.session_state.get("vzw_mode") == exposure.LOGIN:
        try:
            accs = accounts.load(accounts.accounts_path(os.environ, APP_ROOT))
        except accounts.AccountsError:
            return False
        who = _logged_in(accs, _oidc_configured())
        st.session_state["vzw_role"] = who[0] if who else None
    return allowed(action)


def refusal(lang: str) -> str:
    """The message when a write is refused for the role."""
    return t("acc_refused", lang).format(role=role_label(lang))


def refuse(lang: str) -> None:
    """Remember the refusal of a write (made in a callback, before the page); access_gate shows it at the top of
    the next run, also when the refused control is no longer drawn for the role."""
    st.session_state["vzw_refused"] = refusal(lang)


def login_author() -> str | None:
    """The author name of a logged-in user (from the account, the room-code login or OIDC); None in the local
    and read-only modes, where the free-text name is used."""
    return st.session_state.get("vzw_author") if st.session_state.get("vzw_mode") == exposure.LOGIN else None


def _account_identity(lang: str):
    """``identity`` for roles and logins: (handled, editor). A role that cannot write shows no name fields
    (handled, None); a logged-in user's name is the account's, only the domain is chosen; in local and
    read-only mode (not handled) the free-text name of ``identity`` is used."""
    ss = st.session_state
    if not (allowed("case_edit") or allowed("note")):
        return True, None
    author = login_author()
    if author is None:
        return False, None
    ss["who_name"] = author
    if "who_domain" not in ss:
        ss["who_domain"] = ss.get("_who_domain", store.DOMAINS[0])
    st.sidebar.markdown(f"**{t('cs_you', lang)}**")
    st.sidebar.caption(md_escape(author))
    domain = st.sidebar.selectbox(t("cs_your_domain", lang), store.DOMAINS, key="who_domain",
                                  placeholder=t("choose", lang), format_func=lambda d: domain_label(d, lang))
    remember_identity(author, domain)
    try:
        return True, store.Editor.of(author, domain)
    except ValueError:
        return True, None


# --- the heap: modules out of the collector's sight (issue 13) ----------------------------------------------------

_FROZEN_MODULES = [0]
_FROZEN_LOCK = threading.Lock()


def settle_heap() -> None:
    """At the start of a run, when modules were imported since the last time: freeze the heap (``gc.freeze``).
    Streamlit collects every generation after every script run (``runner.postScriptGC``; turning it off changed
    nothing measurable in bench.browser once the heap is frozen); on this app's heap
    (~270,000 tracked objects, mostly the functions, classes and dicts of pandas, plotly, folium, …) that took
    0.15–0.35 s per run on the 2-core machine, and the server sends nothing meanwhile (one GIL): a map click
    waited for two of them. What is frozen survived the collection after the last run (no garbage): the
    imported modules and what is cached; the collector skips it, and it is still freed as soon as nothing refers
    to it (only a reference cycle among frozen objects that becomes garbage later is kept). Freezing takes no
    time; it happens again only when a page imported new modules (a few times per process)."""
    with _FROZEN_LOCK:
        if len(sys.modules) == _FROZEN_MODULES[0]:
            return
        if not _FROZEN_MODULES[0]:
            atexit.register(gc.unfreeze)  # at exit everything is collected as before (no "leaked" reports)
        _FROZEN_MODULES[0] = len(sys.modules)
    gc.freeze()
