"""A case as a report: Excel (openpyxl) with the case, the effect per facility type, before/after tables per
area, plans, facilities, norms, changes and notes; and a short PDF (matplotlib) when matplotlib is installed.

Numbers are in the norm's unit (places, facilities; metres for distance norms). Estimated and forecast
numbers are marked in their own columns, and the caveats are repeated on the first sheet.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from lib.cases import compare, store, view
from lib.core import hierarchy, inputs, pipeline
from lib.text.i18n import domain_label, facility_label, t


@dataclass
class ReportData:
    case: dict
    year: int
    before: pd.DataFrame          # gap table without the case (or the other case)
    after: pd.DataFrame           # gap table with the case
    plans: pd.DataFrame
    facilities: pd.DataFrame
    norms: pd.DataFrame
    changes: pd.DataFrame
    notes: pd.DataFrame
    names: dict
    base_inputs: inputs.Inputs


def collect(con, name_or_id: str, year: int | None = None, base: inputs.Inputs | None = None) -> ReportData:
    """Everything a report shows; ``year`` defaults to the case's horizon year (else 2030, within the data)."""
    case = store.get_case(con, name_or_id)
    cid = case["case_id"]
    base = base or pipeline.inputs(con)
    after_inp = pipeline.with_case(con, base, cid)
    year = int(year or case.get("horizon_year") or max(base.base_year, 2030))
    return ReportData(case=case, year=year, before=pipeline.gap_table(base, years=[year]).table,
                      after=pipeline.gap_table(after_inp, years=[year]).table,
                      plans=store.overlay_rows(con, cid, "plan"),
                      facilities=store.overlay_rows(con, cid, "facility"),
                      norms=store.overlay_rows(con, cid, "norm"), changes=store.changes(con, cid),
                      notes=store.notes(con, cid), names=hierarchy.names(base.areas), base_inputs=base)


def _case_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    c = d.case
    last = d.changes.iloc[0] if len(d.changes) else None
    rows = [
        (t("cs_name", lang), c["name"]),
        ("id", c["case_id"]),
        ("", t("cs_illustrative", lang) if c.get("illustrative") else ""),
        (t("cs_description", lang), c.get("description") or ""),
        (t("cs_horizon", lang), c.get("horizon_year")),
        (t("year", lang), d.year),
        (t("cs_area_of_interest", lang), d.names.get(c.get("area_code"), c.get("area_code") or "")),
        (t("cs_version", lang), c["version"]),
        (t("cs_col_who", lang), f"{c.get('created_by')} ({domain_label(c.get('created_domain'), lang)})"),
        (t("cs_created", lang), str(c.get("created_at"))),
        (t("cs_last_change", lang), "" if last is None else f"{last['changed_at']} — {last['author']}"),
        (t("cs_exported", lang), str(store.now_utc().replace(microsecond=0))),
        (t("estimate", lang), t("cs_report_note", lang)),
    ]
    return pd.DataFrame(rows, columns=[t("cs_field", lang), t("cs_value", lang)])


def _effect_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    s = compare.all_types(d.before, d.after, d.year)
    b, a = t("cs_before", lang), t("cs_after", lang)
    return pd.DataFrame({
        t("facility_type", lang): s["facility_type"].map(lambda x: facility_label(x, lang)),
        t("unit", lang): s["unit"], t("cs_kpi_short", lang) + f" {b}": s["areas_shortfall_before"],
        t("cs_kpi_short", lang) + f" {a}": s["areas_shortfall_after"],
        t("cs_kpi_need", lang) + f" {b}": s["need_before"].round(1), t("cs_kpi_need", lang) + f" {a}":
            s["need_after"].round(1),
        t("cs_kpi_supply", lang) + f" {b}": s["supply_before"].round(1), t("cs_kpi_supply", lang) + f" {a}":
            s["supply_after"].round(1),
        t("cs_kpi_shortfall", lang) + f" {b}": s["shortfall_before"].round(1),
        t("cs_kpi_shortfall", lang) + f" {a}": s["shortfall_after"].round(1)})


def _changes_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    base = view.base_rows(d.base_inputs, d.changes)
    out = view.change_table(d.changes, d.names, base, lang=lang)
    if len(out):
        out.insert(1, "UTC", d.changes["changed_at"].astype(str).to_numpy())
        out = out.drop(columns=[t("cs_col_when", lang)])
    return out


def _notes_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    n = d.notes
    return pd.DataFrame({"UTC": n["created_at"].astype(str), t("cs_col_who", lang): n["author"],
                         t("cs_col_domain", lang): n["domain"].map(lambda x: domain_label(x, lang)),
                         t("area", lang): n["area_name"].fillna(""), t("cs_note_text", lang): n["text"]})


def sheets(d: ReportData, lang: str = "nl") -> dict[str, pd.DataFrame]:
    """The report's sheets by name (≤ 31 characters), in order."""
    base_ids = set(d.base_inputs.facilities["id"])
    out = {"Case": _case_sheet(d, lang), t("cs_tab_effect", lang): _effect_sheet(d, lang),
           t("cs_tab_plans", lang): view.plan_table(d.plans, d.names, lang),
           t("cs_tab_facilities", lang): view.facility_table(d.facilities, base_ids, d.names, lang),
           t("cs_tab_norms", lang): d.norms, t("cs_tab_changes", lang): _changes_sheet(d, lang),
           t("cs_tab_notes", lang): _notes_sheet(d, lang)}
    for ftype in sorted(d.after["facility_type"].unique()):
        cmp = compare.compare(d.before, d.after, ftype, d.year)
        out[f"{t('cs_before', lang)}-{t('cs_after', lang)} {ftype}"[:31]] = compare.display(
            cmp, lang, only_changed=False)
    return out


def excel(con, name_or_id: str, lang: str = "nl", year: int | None = None,
          base: inputs.Inputs | None = None) -> bytes:
    """The report as an .xlsx file (bytes)."""
    d = collect(con, name_or_id, year, base)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets(d, lang).items():
            df.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            for col in ws.columns:
                width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))
    return buf.getvalue()


def with_cursor(connection, make, *args, **kwargs):
    """``make(cursor, *args, **kwargs)`` on a fresh cursor of ``connection``, closed afterwards (downloads are
    built on another thread than the session's, which must not share its cursor)."""
    cur = connection.cursor()
    try:
        return make(cur, *args, **kwargs)
    finally:
        cur.close()


def pdf(con, name_or_id: str, lang: str = "nl", year: int | None = None, base: inputs.Inputs | None = None,
        ftype: str = "primary_school") -> bytes:
    """A short PDF: the case, the effect per facility type, the largest changes for ``ftype``, changes, notes."""
    d = collect(con, name_or_id, year, base)
    buf = io.BytesIO()
    with PdfPages(buf) as pages:
        fig = Figure(figsize=(8.27, 11.69))
        lines = [d.case["name"]]
        if d.case.get("illustrative"):
            lines.append(t("cs_illustrative", lang).upper())
        lines += textwrap.wrap(d.case.get("description") or "", 95)
        lines += ["", f"{t('year', lang)}: {d.year}   {t('cs_version', lang)}: {d.case['version']}", ""]
        eff = _effect_sheet(d, lang)
        proxy = compare.all_types(d.before, d.after, d.year)["proxy"].tolist()
        for r, p in zip(eff.itertuples(index=False), proxy, strict=True):
            if p:  # capacity unknown (DUO enrolment): no shortfall figures, only the need
                lines.append(f"{r[0]}: {t('nr_proxy', lang)}; {t('cs_kpi_need', lang)} {r[4]} → {r[5]} {r[1]}")
            else:
                lines.append(f"{r[0]}: {t('cs_kpi_short', lang)} {r[2]} → {r[3]}; {t('cs_kpi_shortfall', lang)} "
                             f"{r[8]} → {r[9]} {r[1]}")
        lines += [""] + textwrap.wrap(t("cs_report_note", lang), 95)
        fig.text(0.06, 0.96, "\n".join(lines), va="top", ha="left", fontsize=8.5, family="DejaVu Sans")
        pages.savefig(fig)
        cmp = compare.compare(d.before, d.after, ftype, d.year)
        top = cmp[cmp["changed"]].reindex(cmp[cmp["changed"]]["delta_gap"].abs().sort_values(ascending=False).index)
        top = top.head(20).iloc[::-1]
        fig = Figure(figsize=(8.27, 11.69))
        ax = fig.subplots()
        if len(top):
            ax.barh(top["area_name"], top["delta_gap"], color=["#b2182b" if v < 0 else "#2166ac"
                                                               for v in top["delta_gap"]])
        ax.set_title(f"{facility_label(ftype, lang)} {d.year}: {t('cs_diff_legend', lang)} "
                     f"({cmp['unit'].dropna().iloc[0] if cmp['unit'].notna().any() else ''})")
        ax.axvline(0, color="#333333", linewidth=0.8)
        fig.tight_layout()
        pages.savefig(fig)
        base_rows = view.base_rows(d.base_inputs, d.changes)
        text = [f"{t('cs_changes', lang)}"]
        for c in d.changes.to_dict("records"):
            text += textwrap.wrap(f"{c['seq']}. {c['changed_at']:%Y-%m-%d %H:%M} UTC {c['author']} "
                                  f"({c['domain']}): {view.describe(c, d.names, base_rows, lang)}", 110)
        text += ["", t("cs_notes", lang)]
        for n in view.note_list(d.notes, lang=lang):
            text += textwrap.wrap(f"{n['author']} ({n['domain']}){' · ' + n['area'] if n['area'] else ''}: "
                                  f"{n['text']}", 110)
        for start in range(0, len(text), 80):
            fig = Figure(figsize=(8.27, 11.69))
            fig.text(0.05, 0.97, "\n".join(text[start:start + 80]), va="top", ha="left", fontsize=7)
            pages.savefig(fig)
    return buf.getvalue()
