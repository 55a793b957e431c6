"""Initiatieven: residents' initiatives matched with free hours in rooms of facilities — the list with status,
a map, proposed matches in words with an accept button, the unmatched ones with their reasons, a week grid per
facility and a form to register an initiative. Works inside a workshop case (``?case=<id>``): then every change
is a case overlay row under the editor's name. State in the URL: ?facility=<id> (&case, &lang).
Method: lib.initiatives, docs/initiatives.md."""

import streamlit as st
from streamlit_folium import st_folium

from app_pages import shell
from lib.cases import store as cases_store
from lib.core import rooms as model
from lib.initiatives import store, view
from lib.sharing import timesharing
from lib.text.i18n import t

lang = shell.language()
cur = shell.cursor()
ver = shell.version()
case = shell.case_id()
case_row = store.case_of(cur, case)
case_id = case_row["case_id"] if case_row else None
inp = shell.case_inputs(ver, case)
names = view.area_names(inp.areas)


@st.cache_data(show_spinner=False, max_entries=16)
def _result(ver, case):
    """The matching of the open scenario; gyms and halls without rooms count with the time-sharing model's hours."""
    inp = shell.case_inputs(ver, case)
    return store.scenario(shell.cursor(), inp, case, timesharing.block_hours(inp, inp.base_year))


who = shell.identity(lang) if case_id else None
# lib.access.roles: in a case every change is case work; in the base data a deelnemer registers an initiative and a
# beheerder accepts matches and changes statuses
can_register = shell.allowed("case_edit" if case_id else "initiative_register")
can_manage = shell.allowed("case_edit" if case_id else "initiative_manage")


def write(action, done: str, may: bool) -> None:
    """Run a change (``may``: the role allows it); on success remember the message and rerun, else say why not."""
    if not may:
        st.error(shell.refusal(lang))
        return
    if case_id and who is None:
        st.warning(t("in_need_name", lang))
        return
    try:
        action()
    except store.Refused as exc:
        if exc.code == "invalid":
            st.error(t("in_form_problems", lang) + "\n\n" + "\n".join(f"- {p}" for p in exc.problems))
        else:
            st.error(t("in_refused_no_hours", lang).format(detail=str(exc)) if exc.code == "no_hours" else str(exc))
        return
    except (ValueError, LookupError) as exc:
        st.error(str(exc))
        return
    st.session_state["in_flash"] = done
    st.rerun()


def writes():
    """Where a change goes: the open case (under the editor's name), or the base data (None)."""
    if not case_id:
        return None
    return store.CaseWrites(case_id, cases_store.add_initiative, cases_store.update_initiative,
                            who.author if who else "", who.domain if who else "")


result = _result(ver, case)

st.title(t("in_title", lang))
st.caption(t("in_intro", lang))
if view.has_illustrative(result):
    st.warning(t("in_illustrative_banner", lang))
st.info(t("in_case_banner", lang).format(name=case_row["name"]) if case_row else t("in_base_banner", lang))
if "in_flash" in st.session_state:
    st.success(st.session_state.pop("in_flash"))

head = view.headline(result)
m = st.columns(5)
m[0].metric(t("in_m_initiatives", lang), head["initiatives"])
m[1].metric(t("in_m_accepted", lang), head["accepted"])
m[2].metric(t("in_m_proposed", lang), head["proposed"])
m[3].metric(t("in_m_unmatched", lang), head["unmatched"])
m[4].metric(t("in_m_ph", lang), view.number(head["ph_housed"], lang),
            help=t("in_m_ph_help", lang).format(asked=view.number(head["ph_asked"], lang)))
st.caption(view.solver_text(result, lang))
st.caption(t("in_ts_note", lang))

st.subheader(t("in_m_proposed", lang))
props = view.proposed(result)
if props.empty:
    st.caption(t("in_no_proposals", lang))
for row in props.to_dict("records"):
    c1, c2 = st.columns([6, 1], vertical_alignment="center")
    c1.markdown(view.sentence(row, lang))
    if row["room_missing"]:
        c1.caption(t("in_room_missing", lang).format(name=row["name"]))
    if can_manage and c2.button(t("in_accept", lang), key=f"in_accept_{row['initiative_id']}"):
        write(lambda iid=row["initiative_id"]: store.accept_proposal(cur, result, iid, writes()),
              t("in_accepted_ok", lang).format(sentence=view.sentence(row, lang)), can_manage)

st.subheader(t("in_accepted_h", lang))
for row in view.accepted(result).to_dict("records"):
    st.markdown(f"- **{view.status_label(row['status'], lang)}** · {view.sentence(row, lang)}")

st.subheader(t("in_unmatched_h", lang))
st.caption(t("in_reason_order", lang))
for row in view.unmatched(result).to_dict("records"):
    st.markdown(f"- {view.reason_sentence(row, names, lang)}")

tab_list, tab_map, tab_grid, tab_form, tab_status, tab_asm = st.tabs(
    [t("in_list", lang), t("bv_legend", lang), t("in_grid", lang), t("in_form_h", lang), t("in_status_h", lang),
     t("in_assumptions", lang)])

with tab_list:
    if result.rows.empty:
        st.info(t("in_none", lang))
    st.dataframe(view.initiative_table(result, names, lang), hide_index=True, width="stretch")

with tab_map:
    tiles = st.toggle(t("basemap", lang), value=False, key="in_tiles")
    st_folium(view.initiatives_map(result, lang, tiles), height=520, use_container_width=True, returned_objects=[],
              key=f"in_map_{tiles}")

with tab_grid:
    choices = view.facility_choices(result, lang)
    if choices:
        ids = list(choices)
        qp = st.query_params.get("facility")
        pick = st.selectbox(t("facility", lang), ids, index=ids.index(qp) if qp in ids else 0,
                            format_func=choices.get, placeholder=t("choose", lang), key="in_facility")
        st.query_params["facility"] = pick
        st.caption(t("in_grid_caption", lang))
        st.plotly_chart(view.week_grid(result, pick, lang), width="stretch", key="in_grid_chart")
        st.dataframe(view.grid_table(result, pick, lang), hide_index=True, width="stretch")

with tab_form:
    if not can_register:
        st.caption(t("acc_view_only", lang).format(role=shell.role_label(lang)))
    st.caption(t("in_form_caption", lang))
    areas = view.area_options(inp.areas)
    if can_register:
        with st.form("in_form"):
            f1, f2 = st.columns(2)
            name = f1.text_input(t("in_f_name", lang), key="in_f_name")
            organiser = f2.text_input(t("in_col_organiser", lang), key="in_f_organiser")
            area = f1.selectbox(t("bv_area", lang), list(areas), format_func=areas.get,
                                placeholder=t("choose", lang), key="in_f_area")
            activity = f2.text_input(t("in_col_activity", lang), key="in_f_activity")
            participants = f1.number_input(t("in_col_participants", lang), 1, model.MAX_PARTICIPANTS, 10, 1,
                                           key="in_f_participants")
            hours = f2.number_input(t("in_f_hours", lang), model.HOUR_STEP, max(model.BLOCKS.values()), 2.0,
                                    model.HOUR_STEP, key="in_f_hours")
            block = f1.selectbox(t("in_col_block", lang), list(model.BLOCKS),
                                 format_func=lambda b: view.block_label(b, lang),
                                 placeholder=t("choose", lang), key="in_f_block")
            rtype = f2.selectbox(t("in_col_type", lang), model.ROOM_TYPES,
                                 format_func=lambda x: view.type_label(x, lang),
                                 placeholder=t("choose", lang), key="in_f_type")
            accessible = f1.checkbox(t("in_f_accessible", lang), key="in_f_accessible")
            distance = f2.number_input(t("in_f_distance", lang), 50, int(model.MAX_DISTANCE_M),
                                       int(model.default_max_distance_m()), 50, key="in_f_distance")
            if st.form_submit_button(t("in_f_submit", lang)):
                form = {"name": name, "organiser": organiser, "area_code": area, "activity": activity,
                        "participants": participants, "hours_per_week": hours, "time_block": block, "room_type": rtype,
                        "accessible_required": accessible, "max_distance_m": distance}
                write(lambda: store.add(cur, form, writes()), t("in_added", lang).format(name=name), can_register)


with tab_status:
    rows = result.rows
    if len(rows):
        labels = dict(zip(rows["initiative_id"], rows["name"], strict=True))
        s1, s2 = st.columns(2)
        iid = s1.selectbox(t("in_col_name", lang), list(labels), format_func=labels.get,
                           placeholder=t("choose", lang), key="in_status_pick")
        current = rows[rows["initiative_id"] == iid].iloc[0].to_dict()
        new = s2.selectbox(t("in_status_new", lang), [s for s in model.STATUSES if s != "gekoppeld"],
                           format_func=lambda s: view.status_label(s, lang),
                           placeholder=t("choose", lang), key="in_status_new")
        st.caption(f"{t('status', lang)}: {view.status_label(current['status'], lang)}")
        if can_manage and st.button(t("in_status_save", lang), key="in_status_save"):
            write(lambda: store.set_status(cur, current, new, writes()),
                  t("in_status_ok", lang).format(name=current["name"], status=view.status_label(new, lang)), can_manage)

with tab_asm:
    st.dataframe(view.assumption_table(lang), hide_index=True, width="stretch")
    st.subheader(t("in_rooms_h", lang))
    st.dataframe(view.rooms_table(result, lang), hide_index=True, width="stretch")
