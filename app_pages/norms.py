"""Normen: the base norms as an editable table (validated, stored, all-or-nothing), CSV import/export, reset to
the defaults, and the woonmilieu per buurt (derived from CBS, overridable). Logic lives in lib.admin.norm_editing."""

import streamlit as st

from app_pages import shell
from lib.admin import norm_editing
from lib.core import cbs, db
from lib.text.i18n import t
from lib.ui.formatting import md_escape, norm_status

lang = shell.language()
cur = shell.cursor()
gen = st.session_state.setdefault("norms_gen", 0)  # a new editor key after every write drops stale edits
can_norms, can_wm = shell.allowed("norms_edit"), shell.allowed("woonmilieu_edit")  # beheerder (lib.access.roles)


def _written(message: str) -> None:
    st.session_state["norms_gen"] = gen + 1
    st.session_state["norms_flash"] = message
    st.rerun()


def _show_problems(problems, edited=None) -> None:
    st.error(t("nd_not_saved", lang).format(n=len(problems)))
    st.dataframe(norm_editing.problems_table(problems, lang, edited), hide_index=True, width="stretch")


st.title(t("page_norms", lang))
if "norms_flash" in st.session_state:
    st.success(st.session_state.pop("norms_flash"))
st.markdown(t("nd_norms_intro", lang))
st.caption(t("nd_norms_howto", lang))
if not can_norms:
    st.info(t("acc_base_only_admin", lang).format(role=shell.role_label(lang)))

col = st.column_config


def _label(name: str) -> str:
    return norm_editing.column_label(name, lang)


config = {
    "facility_type": col.TextColumn(_label("facility_type"), help=t("nd_help_facility_type", lang), required=True),
    "basis": col.TextColumn(_label("basis"), help=t("nd_help_basis", lang), required=True),
    "amount": col.NumberColumn(_label("amount"), help=t("nd_help_amount", lang), min_value=0, required=True),
    "per": col.NumberColumn(_label("per"), help=t("nd_help_per", lang), min_value=0),
    "unit": col.TextColumn(_label("unit"), help=t("nd_help_unit", lang), required=True),
    "catchment_m": col.NumberColumn(_label("catchment_m"), help=t("nd_help_catchment_m", lang), min_value=0),
    "service_level": col.SelectboxColumn(_label("service_level"), help=t("nd_help_service_level", lang),
                                         options=list(cbs.LEVELS)),
    "woonmilieu": col.SelectboxColumn(_label("woonmilieu"), help=t("nd_help_woonmilieu", lang),
                                      options=list(cbs.WOONMILIEUS)),
    "source": col.TextColumn(_label("source"), width="large"),
    "status": col.SelectboxColumn(_label("status"), options=list(norm_editing.STATUSES),
                                  format_func=lambda s: norm_status(s, lang)),
}
edited = st.data_editor(norm_editing.for_editor(cur, lang), key=f"norms_editor_{gen}",
                        num_rows="dynamic" if can_norms else "fixed", disabled=not can_norms,
                        hide_index=True, column_config=config, column_order=norm_editing.DISPLAY_ORDER,
                        width="stretch", placeholder="")
if unsaved := norm_editing.unsaved_rows(cur, edited):
    st.warning(t("nd_unsaved", lang).format(n=unsaved))
st.caption(t("nd_status_legend", lang))
if last := norm_editing.last_change(cur, lang):
    st.caption(md_escape(f"{t('nd_last_change', lang)}: {last}"))

c1, c2 = st.columns([1, 1])
if can_norms and c1.button(t("nd_save_norms", lang), type="primary", key="norms_save"):
    problems = norm_editing.save_edited(cur, edited)
    if problems:
        _show_problems(problems, edited)
    else:
        _written(t("nd_saved_norms", lang).format(n=len(norm_editing.current_norms(cur))))
c2.download_button(t("nd_export_norms", lang), norm_editing.to_csv(cur), file_name="normen.csv", mime="text/csv",
                   key="norms_export")

if can_norms:  # import and reset: the base norms, beheerder only
    with st.expander(t("nd_import_norms", lang)):
        st.caption(t("nd_import_norms_help", lang))
        upload = shell.file_uploader(t("nd_choose_csv", lang), ["csv"], f"norms_upload_{gen}")
        if upload is not None and st.button(t("import_button", lang), key="norms_import"):
            result = norm_editing.import_upload(cur, upload.name, upload.getvalue())
            if result.ok:
                _written(t("nd_imported_norms", lang).format(summary=result.summary))
            else:
                _show_problems(result.problems)

    with st.expander(t("nd_reset", lang)):
        st.caption(t("nd_reset_help", lang))
        sure = st.checkbox(t("nd_reset_confirm", lang), key=f"norms_reset_sure_{gen}")
        if st.button(t("nd_reset_button", lang), disabled=not sure, key="norms_reset"):
            try:
                _written(t("nd_reset_done", lang).format(n=norm_editing.reset_to_defaults(cur)))
            except db.DiskFull:
                st.error(t("disk_full", lang))

st.divider()
st.subheader(t("nd_wm_header", lang))
st.markdown(t("nd_wm_intro", lang))
wm_config = {
    "code": col.TextColumn(t("code", lang), disabled=True),
    "name": col.TextColumn(t("col_buurt", lang), disabled=True),
    "wijk": col.TextColumn(t("wijk", lang), disabled=True),
    "ste_mvs": col.NumberColumn(t("nd_wm_ste", lang), disabled=True, format="%d"),
    "derived": col.TextColumn(t("nd_wm_derived", lang), disabled=True),
    "override": col.SelectboxColumn(t("nd_wm_override", lang), options=list(cbs.WOONMILIEUS)),
    "effective": col.TextColumn(t("nd_wm_effective", lang), disabled=True),
    "specific_norms": col.TextColumn(t("nd_wm_norms", lang), disabled=True, width="large"),
}
wm_edited = st.data_editor(norm_editing.woonmilieu_table(cur, lang), key=f"woonmilieu_editor_{gen}", hide_index=True,
                           column_config=wm_config, width="stretch", num_rows="fixed", placeholder="",
                           disabled=not can_wm)
if can_wm and st.button(t("nd_wm_save", lang), key="woonmilieu_save"):
    n, problems = norm_editing.save_woonmilieu_overrides(cur, wm_edited)
    if problems:
        _show_problems(problems)
    elif n:
        _written(t("nd_wm_saved", lang).format(n=n))
    else:
        st.info(t("nd_wm_unchanged", lang))
