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
from lib.ui import formatting as fmt
from lib.ui import safe_export
from lib.ui.formatting import amount, data_text, decimals_for, local_time, number, quantity, unit_label, when


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
        (t("col_name", lang), c["name"]),
        ("id", c["case_id"]),
        ("", t("cs_illustrative", lang) if c.get("illustrative") else ""),
        (t("cs_description", lang), c.get("description") or ""),
        (t("cs_horizon", lang), c.get("horizon_year")),
        (t("year", lang), d.year),
        (t("cs_area_of_interest", lang), d.names.get(c.get("area_code"), c.get("area_code") or "")),
        (t("cs_version", lang), c["version"]),
        (t("cs_col_who", lang), f"{c.get('created_by')} ({domain_label(c.get('created_domain'), lang)})"),
        (t("cs_created", lang), when(c.get("created_at"), lang)),
        (t("cs_last_change", lang), "" if last is None else f"{when(last['changed_at'], lang)} — {last['author']}"),
        (t("cs_exported", lang), when(store.now_utc(), lang)),
        ("", t("cs_pdf_times", lang)),
        (t("estimate", lang), t("cs_report_note", lang)),
    ]
    return pd.DataFrame(rows, columns=[t("unit_fields_1", lang), t("cs_value", lang)])


def _effect_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    """Per facility type: areas short, total need, supply and shortfall before and after (numbers kept; distance
    norms have no totals: those cells are empty)."""
    s = compare.all_types(d.before, d.after, d.year)
    b, a = t("cs_before", lang), t("cs_after", lang)
    return pd.DataFrame({
        t("facility_type", lang): s["facility_type"].map(lambda x: facility_label(x, lang)),
        t("unit", lang): s["unit"].map(lambda u: unit_label(u, lang)),
        t("areas_short", lang) + f" {b}": s["areas_shortfall_before"],
        t("areas_short", lang) + f" {a}": s["areas_shortfall_after"],
        t("total_need", lang) + f" {b}": s["need_before"], t("total_need", lang) + f" {a}": s["need_after"],
        t("total_supply", lang) + f" {b}": s["supply_before"], t("total_supply", lang) + f" {a}": s["supply_after"],
        t("total_shortfall", lang) + f" {b}": s["shortfall_before"],
        t("total_shortfall", lang) + f" {a}": s["shortfall_after"]})


def _effect_decimals(d: ReportData, lang: str) -> dict[str, list[int]]:
    units = compare.all_types(d.before, d.after, d.year)["unit"]
    per_row = [decimals_for(u, 2) for u in units]
    return {c: per_row for c in _effect_sheet(d, lang).columns[4:]}


def _changes_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    base = view.base_rows(d.base_inputs, d.changes)
    out = view.change_table(d.changes, d.names, base, lang=lang)
    if len(out):
        out.insert(1, t("cs_local_time", lang), d.changes["changed_at"].map(local_time).to_numpy())
        out = out.drop(columns=[t("cs_col_when", lang)])
    return out


def _notes_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    n = d.notes
    return pd.DataFrame({t("cs_local_time", lang): n["created_at"].map(local_time), t("cs_col_who", lang): n["author"],
                         t("cs_col_domain", lang): n["domain"].map(lambda x: domain_label(x, lang)),
                         t("area", lang): n["area_name"].fillna(""), t("cs_note_text", lang): n["text"]})


def _norms_sheet(d: ReportData, lang: str) -> pd.DataFrame:
    n = d.norms.copy()
    for c, f in (("facility_type", lambda x: facility_label(x, lang)), ("unit", lambda u: unit_label(u, lang)),
                 ("source", lambda x: data_text(x, lang)), ("status", lambda x: fmt.norm_status(x, lang))):
        if c in n:
            n[c] = n[c].map(f)
    return n.rename(columns={c: view.field_label(c, lang).capitalize() for c in n.columns if c in view.FIELD_KEYS})


def sheets(d: ReportData, lang: str = "nl") -> dict[str, tuple[pd.DataFrame, dict]]:
    """The report's sheets by name (≤ 31 characters), in order, each with the decimals of its numeric columns
    (Excel number formats; values stay numbers)."""
    base_ids = set(d.base_inputs.facilities["id"])
    plans = view.plan_table(d.plans, d.names, lang, for_screen=False)
    facilities = view.facility_table(d.facilities, base_ids, d.names, lang, for_screen=False)
    fac_dec = [decimals_for(u, 2) for u in d.facilities["unit"]] if len(d.facilities) else 0
    out = {t("page_cases", lang): (_case_sheet(d, lang), {}),
           t("cs_tab_effect", lang): (_effect_sheet(d, lang), _effect_decimals(d, lang)),
           t("cs_tab_plans", lang): (plans, {t("dwellings", lang): 0}),
           t("facilities", lang): (facilities, {t("capacity", lang): fac_dec}),
           t("page_norms", lang): (_norms_sheet(d, lang), {}),
           t("cs_tab_changes", lang): (_changes_sheet(d, lang), {}),
           t("cs_tab_notes", lang): (_notes_sheet(d, lang), {})}
    for ftype in sorted(d.after["facility_type"].unique()):
        cmp = compare.compare(d.before, d.after, ftype, d.year)
        per_row = [decimals_for(u, 2) for u in cmp["unit"]]
        name = f"{t('cs_before', lang)}-{t('cs_after', lang)} {facility_label(ftype, lang)}"[:31]
        out[name] = (compare.display(cmp, lang, only_changed=False, for_screen=False),
                     {c: per_row for c in compare.number_columns(lang)})
    return out


def excel(con, name_or_id: str, lang: str = "nl", year: int | None = None,
          base: inputs.Inputs | None = None) -> bytes:
    """The report as an .xlsx file (bytes): headers and words in ``lang``, numbers kept as numbers with Excel
    number formats, times in Amsterdam local time."""
    return fmt.excel_bytes(sheets(collect(con, name_or_id, year, base), lang))


def with_cursor(connection, make, *args, **kwargs):
    """``make(cursor, *args, **kwargs)`` on a fresh cursor of ``connection``, closed afterwards (downloads are
    built on another thread than the session's, which must not share its cursor)."""
    cur = connection.cursor()
    try:
        return make(cur, *args, **kwargs)
    finally:
        cur.close()


def _page_one(d: ReportData, lang: str) -> Figure:
    """Page 1: the case on one page — what it is, who made it when (local time), the effect per facility type
    (baseline → case, Dutch number formats, no empty values for distance norms) and what the case changes."""
    c = d.case
    fig = Figure(figsize=(8.27, 11.69))
    y = 0.955

    def line(text: str, size: float = 9.0, weight: str = "normal", colour: str = "#222222", gap: float = 1.5,
             x: float = 0.07) -> None:
        nonlocal y
        fig.text(x, y, text, va="top", ha="left", fontsize=size, fontweight=weight, color=colour,
                 family="DejaVu Sans")
        y -= gap * size / 72 / 11.69

    for text in textwrap.wrap(c["name"], 52)[:3]:
        line(text, 17, "bold", gap=1.4)
    y -= 0.004
    if c.get("illustrative"):
        line(t("cs_illustrative", lang).upper(), 10, "bold", "#b2182b")
    for text in textwrap.wrap(c.get("description") or "", 100)[:6]:
        line(text, 9)
    area = d.names.get(c.get("area_code"), c.get("area_code") or "")
    y -= 0.006
    line(t("cs_pdf_meta", lang).format(horizon=c.get("horizon_year") or fmt.MISSING, year=d.year, version=c["version"],
                                       area=t("cs_pdf_area", lang).format(area=area) if area else ""), 9)
    who = f"{c.get('created_by') or fmt.MISSING} ({domain_label(c.get('created_domain'), lang)})"
    line(t("cs_pdf_created", lang).format(who=who, at=when(c.get("created_at"), lang)), 8.5,
         colour="#444444")
    if len(d.changes):
        last = d.changes.iloc[0]
        line(t("cs_pdf_last", lang).format(who=f"{last['author']} ({domain_label(last['domain'], lang)})",
                                           at=when(last["changed_at"], lang)), 8.5, colour="#444444")
    line(t("cs_pdf_exported", lang).format(at=when(store.now_utc(), lang)) + " "
         + t("cs_pdf_times", lang), 8.5, colour="#444444")

    y -= 0.012
    line(t("cs_pdf_effect", lang).format(year=d.year), 12, "bold", gap=1.9)
    rows = _effect_lines(d, lang) or [[fmt.MISSING] * 3]
    height = 0.022 * (len(rows) + 1)
    ax = fig.add_axes((0.07, y - height, 0.86, height))
    ax.axis("off")
    header = [t("facility_type", lang), t("cs_pdf_short_areas", lang), t("cs_pdf_shortfall", lang)]
    table = ax.table(cellText=rows, colLabels=header, cellLoc="left", colLoc="left", colWidths=[0.34, 0.33, 0.33],
                     bbox=(0, 0, 1, 1))
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    for (r, _), cell in table.get_celld().items():
        cell.set_edgecolor("#cccccc")
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#eeeeee")
    y -= height + 0.008
    for text in textwrap.wrap(t("cs_pdf_distance_note", lang), 120):
        line(text, 7.5, colour="#555555", gap=1.35)
    y -= 0.02

    line(t("cs_pdf_what", lang), 12, "bold", gap=1.9)
    scenario = view.scenario_changes(d.changes)
    base_rows = view.base_rows(d.base_inputs, d.changes)
    shown = scenario.iloc[::-1].to_dict("records")  # oldest first, as the case was built up
    if not shown:
        line(t("cs_pdf_no_changes", lang), 9)
    budget = max(4, int((y - 0.13) / (1.45 * 9 / 72 / 11.69)))
    printed = 0
    for ch in shown:
        wrapped = textwrap.wrap(f"• {view.describe(ch, d.names, base_rows, lang)}", 105)
        if printed + len(wrapped) > budget - 1:
            line(t("cs_pdf_more", lang).format(n=len(shown) - shown.index(ch)), 9, colour="#444444")
            break
        for i, text in enumerate(wrapped):
            line(text if i == 0 else "   " + text, 9, gap=1.45)
        printed += len(wrapped)
    y -= 0.01
    line(t("cs_pdf_notes", lang).format(n=len(d.notes)), 9)
    note = textwrap.wrap(t("cs_report_note", lang), 120)
    for i, text in enumerate(note):
        fig.text(0.07, 0.035 + 0.014 * (len(note) - 1 - i), text, va="bottom", ha="left", fontsize=7.5,
                 color="#555555", family="DejaVu Sans")
    return fig


def _effect_lines(d: ReportData, lang: str) -> list[list[str]]:
    """Rows of page 1's effect table: type (unit), areas short (or beyond the distance) baseline → case, total
    shortfall baseline → case in the norm's unit ('–' for distance norms, which have no quantity). A type whose
    capacity is a proxy (DUO enrolment) shows no shortfall figures: 'capacity unknown' and the need."""
    out = []
    for r in compare.all_types(d.before, d.after, d.year).to_dict("records"):
        if r.get("proxy"):
            out.append([facility_label(r["facility_type"], lang), t("ov_legend_proxy", lang),
                        f"{t('total_need', lang)} {amount(r['need_before'], r['unit'], lang)} → "
                        f"{quantity(r['need_after'], r['unit'], lang)}"])
            continue
        n = f"{number(r['areas_shortfall_before'], lang)} → {number(r['areas_shortfall_after'], lang)} / " \
            f"{number(r['areas'], lang)}"
        if r["distance"]:
            short = fmt.MISSING
        else:
            short = (f"{amount(r['shortfall_before'], r['unit'], lang)} → "
                     f"{quantity(r['shortfall_after'], r['unit'], lang)}")
        same = r["areas_shortfall_before"] == r["areas_shortfall_after"] and (
            r["distance"] or abs(r["shortfall_before"] - r["shortfall_after"]) < compare.EPS)
        out.append([facility_label(r["facility_type"], lang),
                    n + (f" {t('cs_pdf_unchanged', lang)}" if same else ""), short])
    return out


@safe_export.plain_text
def pdf(con, name_or_id: str, lang: str = "nl", year: int | None = None, base: inputs.Inputs | None = None,
        ftype: str = "primary_school") -> bytes:
    """The case as a PDF: page 1 a one-page summary (what, who, when in local time, the effect per facility
    type, what the case changes), then the largest changes for ``ftype`` as a chart, then every change and note."""
    d = collect(con, name_or_id, year, base)
    buf = io.BytesIO()
    with PdfPages(buf) as pages:
        pages.savefig(_page_one(d, lang))
        cmp = compare.compare(d.before, d.after, ftype, d.year)
        top = cmp[cmp["changed"]].reindex(cmp[cmp["changed"]]["delta_gap"].abs().sort_values(ascending=False).index)
        top = top.head(20).iloc[::-1]
        fig = Figure(figsize=(8.27, 11.69))
        ax = fig.subplots()
        if len(top):
            ax.barh(top["area_name"], top["delta_gap"], color=["#b2182b" if v < 0 else "#2166ac"
                                                               for v in top["delta_gap"]])
        unit = unit_label(cmp["unit"].dropna().iloc[0], lang) if cmp["unit"].notna().any() else fmt.MISSING
        ax.set_title(f"{facility_label(ftype, lang)} {d.year}: {t('cs_diff_legend', lang)} ({unit})")
        ax.axvline(0, color="#333333", linewidth=0.8)
        fig.tight_layout()
        pages.savefig(fig)
        base_rows = view.base_rows(d.base_inputs, d.changes)
        text = [f"{t('cs_changes', lang)} — {t('cs_pdf_times', lang)}"]
        for c in d.changes.to_dict("records"):
            text += textwrap.wrap(f"{c['seq']}. {when(c['changed_at'], lang)} {c['author']} "
                                  f"({domain_label(c['domain'], lang)}): {view.describe(c, d.names, base_rows, lang)}",
                                  110)
        text += ["", t("cs_notes", lang)]
        for n in view.note_list(d.notes, lang=lang):
            text += textwrap.wrap(f"{n['author']} ({n['domain']}){' · ' + n['area'] if n['area'] else ''}: "
                                  f"{n['text']}", 110)
        for start in range(0, len(text), 80):
            fig = Figure(figsize=(8.27, 11.69))
            fig.text(0.05, 0.97, "\n".join(text[start:start + 80]), va="top", ha="left", fontsize=7)
            pages.savefig(fig)
    return buf.getvalue()
