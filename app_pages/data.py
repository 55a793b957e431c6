"""Data: what is loaded, provenance and licence per file, data-quality notes, attribution, and uploads through
the CLI's importers (all-or-nothing, problems as file:row:column). Logic lives in lib.admin.data_status."""

import streamlit as st

from app_pages import shell
from lib.admin import data_status
from lib.ingest import importing
from lib.text.i18n import t

lang = shell.language()
cur = shell.cursor()

st.title(t("page_data", lang))
st.markdown(t("nd_data_intro", lang))

st.subheader(t("nd_loaded", lang))
c1, c2 = st.columns([3, 2])
c1.dataframe(data_status.loaded_tables(cur, lang), hide_index=True, width="stretch")
c2.dataframe(data_status.municipalities(cur, lang), hide_index=True, width="stretch")
c2.metric(t("nd_base_year", lang), data_status.base_year(cur))
with c2.expander(t("nd_facilities_by_type", lang)):
    st.dataframe(data_status.facilities_by_type(cur, lang), hide_index=True, width="stretch")

st.subheader(t("nd_prov_header", lang))
if data_status.has_unknown_licence(cur):
    st.warning(t("nd_licence_unknown", lang))
st.dataframe(data_status.provenance_table(cur, lang), hide_index=True, width="stretch")

st.subheader(t("quality", lang))
st.caption(t("nd_quality_intro", lang))
groups = data_status.quality_groups(cur, lang)
if not groups:
    st.info(t("nd_no_quality", lang))
for g in groups:
    with st.expander(f"{g.title} ({t('nd_q_count', lang).format(n=len(g.notes))})"):
        if g.explanation:
            st.caption(g.explanation)
        st.dataframe(g.notes, hide_index=True, width="stretch")

ver = shell.version()
inp = shell.base(ver)
table, _ = shell.gap_table(ver, None, tuple(inp.years))

st.subheader(t("nr_gaps_header", lang))
st.caption(t("nr_gaps_intro", lang))
gaps_frame = data_status.data_gaps(inp, table, lang)
if gaps_frame.empty:
    st.info(t("nr_gaps_none", lang))
else:
    st.dataframe(gaps_frame, hide_index=True, width="stretch")
schools = data_status.schools_without_gym(inp, lang)
if len(schools):
    with st.expander(f"{t('nr_schools_header', lang)} ({len(schools)})"):
        st.dataframe(schools, hide_index=True, width="stretch")

st.subheader(t("nr_excluded_header", lang))
st.caption(t("nr_excluded_intro", lang))
excluded = data_status.excluded_sites(inp, lang)
if excluded.empty:
    st.info(t("nr_excluded_none", lang))
else:
    st.dataframe(excluded, hide_index=True, width="stretch")

st.subheader(t("nr_capacity_header", lang))
st.caption(t("nr_capacity_intro", lang))
st.download_button(t("nr_capacity_template", lang), lambda: data_status.capacity_template(inp),
                   file_name="capaciteit_sjabloon.csv", mime="text/csv", on_click="ignore", key="nr_template")
with st.expander(t("nr_conversions", lang)):
    st.dataframe(data_status.conversions_table(lang), hide_index=True, width="stretch")

st.subheader(t("nd_attr_header", lang))
st.markdown(t("nd_attr_text", lang))

if not shell.allowed("data_upload"):  # uploads change the base data: beheerder only (lib.access.roles)
    st.info(t("acc_base_only_admin", lang).format(role=shell.role_label(lang)))
    st.stop()
st.subheader(t("nd_upload_header", lang))
st.caption(t("nd_upload_intro", lang))
gen = st.session_state.setdefault("data_upload_gen", 0)
u1, u2 = st.columns([2, 1])
kind = u1.selectbox(t("nd_kind", lang), importing.KINDS, format_func=lambda k: data_status.upload_kind_label(k, lang),
                    placeholder=t("choose", lang), key="data_kind")
year = u2.number_input(t("nd_year_optional", lang), min_value=1900, max_value=2100, value=None, step=1,
                       key="data_year")
if "data_flash" in st.session_state:  # the outcome of the last upload, next to where it was made
    st.success(st.session_state.pop("data_flash"))
upload = shell.file_uploader(t("nd_choose_file", lang), ["csv", "xlsx", "xls", "geojson", "json", "gpkg"],
                             f"data_upload_{gen}")
if upload is not None and st.button(t("import_button", lang), type="primary", key="data_import"):
    with st.status(t("nd_stage_saving", lang), expanded=True) as box:
        bar = st.progress(0.0)

        def progress(stage: str, fraction: float) -> None:
            box.update(label=data_status.stage_label(stage, lang),
                       state={"done": "complete", "failed": "error"}.get(stage, "running"))
            bar.progress(fraction, text=data_status.stage_label(stage, lang))

        result = data_status.import_upload(cur, kind, upload.name, upload.getvalue(),
                                           int(year) if year is not None else None, progress)
    if result.ok:
        st.session_state["data_upload_gen"] = gen + 1
        st.session_state["data_flash"] = t("nd_upload_ok", lang).format(summary=result.summary)
        st.rerun()
    st.error(t("nd_upload_failed", lang).format(n=len(result.problems)))
    st.dataframe(result.problems_frame(lang), hide_index=True, width="stretch")
    with st.expander(t("nd_problem_text", lang)):
        st.code(result.problems_text(), language=None)
