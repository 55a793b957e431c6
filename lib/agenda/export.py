"""Exports of one area's agenda for an area team: an Excel workbook and a one-page A4 PDF; and the template.

Both follow one :class:`AreaReport` (what the page shows), so an export says what the screen says. Everything is
written through ``lib.ui.safe_export``: text cells in Excel are text, never formulas (a name starting with '=' stays
a name), CSV cells are neutralised, and ``$…$`` in a name is printed as typed in the PDF. Rendering uses
matplotlib's object API (no pyplot state). Functions return bytes and never touch Streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass, field

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from openpyxl import Workbook
from openpyxl.styles import Alignment

from lib.agenda import view
from lib.agenda.charts import DOMAIN_COLOURS, labels
from lib.ingest.agenda import COLUMNS, template_rows
from lib.text.i18n import domain_label, t
from lib.ui import safe_export
from lib.ui.formatting import day, local_time

A4_IN = (8.27, 11.69)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BARS = 18
MAX_OPPORTUNITIES = 8
MAX_SHORT_LINES = 6
MAX_SITE_LINES = 2
WRAP = 122  # characters per line of 7-point text on the A4 page
#: Columns of the agenda template → the label key of their explanation.
TEMPLATE_KEYS = {"project_id": "ag_tpl_project_id", "name": "ag_tpl_name", "domain": "ag_tpl_domain",
                 "area_code": "ag_tpl_area_code", "start_year": "ag_tpl_start_year", "end_year": "ag_tpl_end_year",
                 "kind": "ag_tpl_kind", "budget_eur": "ag_tpl_budget_eur", "status": "ag_tpl_status",
                 "owner": "ag_tpl_owner"}


def template_notes(lang: str = "nl") -> list[tuple[str, str]]:
    """(column, explanation) of every column of the agenda template, in ``lang``."""
    return [(c, t(TEMPLATE_KEYS[c], lang) if c in TEMPLATE_KEYS else "") for c in COLUMNS]


@dataclass(frozen=True)
class AreaReport:
    """One area's agenda as the page shows it.

    ``items``: the agenda items of the area (``view.area_items``); ``opportunities``: with ``reason``
    (``view.area_opportunities`` + ``view.with_reasons``); ``shortfalls``: ``view.area_shortfalls`` rows;
    ``sites``: sentences of sharing options in the area; ``notes``: notes on opportunities (``store.notes``)."""

    area_code: str
    area_name: str
    level: str
    first: int
    last: int
    items: pd.DataFrame
    opportunities: pd.DataFrame
    shortfalls: pd.DataFrame
    names: dict
    lang: str = "nl"
    case: str | None = None
    sites: tuple[str, ...] = ()
    notes: pd.DataFrame | None = None
    window: int = 1
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def illustrative(self) -> bool:
        return bool(len(self.items) and self.items["illustrative"].any()) or bool(
            len(self.opportunities) and self.opportunities["illustrative"].any())

    def title(self) -> str:
        return t("ag_pdf_title", self.lang).format(area=self.area_name)

    def subtitle(self) -> str:
        case = t("ag_case", self.lang).format(case=self.case) if self.case else t("ag_baseline", self.lang)
        return t("ag_pdf_sub", self.lang).format(level=view.level_name(self.level, self.lang).capitalize(),
                                                 period=view.period(self.first, self.last), case=case)

    def file_stem(self) -> str:
        parts = ["gebiedsagenda", self.area_code, f"{self.first}-{self.last}"] + ([self.case] if self.case else [])
        return re.sub(r"[^A-Za-z0-9_-]+", "-", "_".join(parts)).strip("-")


# --- Excel --------------------------------------------------------------------------------------------------------

def _frame(ws, df: pd.DataFrame, start_row: int, heading: str | None = None,
           decimals: dict[str, int] | None = None) -> int:
    """``df`` written by ``lib.ui.safe_export.write_frame`` (shaded header, local times); the next free row."""
    return safe_export.write_frame(ws, df, start_row, heading, decimals, fill=safe_export.HEADER_FILL,
                                   times=local_time) + 2


def opportunity_sheet(r: AreaReport) -> pd.DataFrame:
    """The opportunities as a sheet: #, kind, why, score, period, domains, projects, illustrative."""
    lang = r.lang
    cols = [t("rank", lang), t("ag_col_kind", lang), t("ag_col_reason", lang), t("ag_col_score", lang),
            t("ag_period", lang), t("ag_col_domains", lang), t("ag_col_project", lang),
            t("in_col_illustrative", lang)]
    o = r.opportunities
    if o.empty:
        return pd.DataFrame(columns=cols)
    yes, no = t("yes", lang), t("no", lang)
    return pd.DataFrame({
        cols[0]: o["rank"].astype(int).to_numpy(), cols[1]: [view.kind_label(k, lang) for k in o["kind"]],
        cols[2]: o["reason"].to_numpy(), cols[3]: o["score"].astype(float).round(2).to_numpy(),
        cols[4]: [view.period(a, b) for a, b in zip(o["start_year"], o["end_year"], strict=True)],
        cols[5]: [", ".join(view.domain_label(d, lang) for d in ds) for ds in o["domains"]],
        cols[6]: [a if not b or pd.isna(b) else f"{a} + {b}" for a, b in zip(o["project_a"], o["project_b"],
                                                                          strict=True)],
        cols[7]: [yes if v else no for v in o["illustrative"]]})


def notes_sheet(r: AreaReport) -> pd.DataFrame:
    cols = [t("ag_pick_opportunity", r.lang), t("cs_note_text", r.lang), t("ag_col_who", r.lang),
            t("ag_col_when", r.lang)]
    n = r.notes
    if n is None or n.empty:
        return pd.DataFrame(columns=cols)
    shown = set(r.opportunities["opportunity_id"]) if len(r.opportunities) else set()
    n = n[n["opportunity_id"].isin(shown)]
    return pd.DataFrame({cols[0]: n["opportunity_id"].to_numpy(), cols[1]: n["text"].to_numpy(),
                         cols[2]: [f"{a} ({domain_label(d, r.lang)})" for a, d in zip(n["author"], n["domain"],
                                                                                     strict=True)],
                         cols[3]: [local_time(x) for x in n["created_at"]]})


def workbook(r: AreaReport) -> bytes:
    """Excel workbook: summary, agenda items, opportunities with reasons, shortfalls, notes and the method."""
    lang = r.lang
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = safe_export.sheet_name(t("ag_sheet_summary", lang), used)
    meta = [(t("area", lang), f"{r.area_name} ({r.area_code})"), (t("ag_period", lang),
                                                                      view.period(r.first, r.last)),
            (t("ag_window", lang), r.window), ("", r.subtitle()),
            (t("ag_items", lang), len(r.items)), (t("ag_opportunities", lang), len(r.opportunities)),
            (t("ov_generated", lang).format(date=""), day(r.made_on, lang))]
    if r.illustrative:
        meta.insert(0, (t("in_col_illustrative", lang), _plain(t("ag_illustrative", lang))))
    row = _frame(ws, pd.DataFrame(meta, columns=[t("ov_item", lang), t("value", lang)]), 1, r.title())
    if r.sites:
        _frame(ws, pd.DataFrame({t("ag_sharing_here", lang): list(r.sites)}), row)
    safe_export.fit_columns(ws, 100)
    sheets = [(t("ag_sheet_items", lang), view.items_table(r.items, r.names, lang)),
              (t("ag_sheet_opps", lang), opportunity_sheet(r)),
              (t("ag_sheet_short", lang), view.shortfall_table(r.shortfalls, r.names, lang)),
              (t("cs_tab_notes", lang), notes_sheet(r))]
    for name, df in sheets:
        ws = wb.create_sheet(safe_export.sheet_name(name, used))
        _frame(ws, df, 1, decimals={t("ag_col_score", lang): 2})
        ws.freeze_panes = "A2"
        safe_export.fit_columns(ws)
    ws = wb.create_sheet(safe_export.sheet_name(t("ag_sheet_method", lang), used))
    lines = ([_plain(t("ag_illustrative", lang))] if r.illustrative else []) + t("ag_method_lines", lang).split("|") + [
        t("ag_opps_caption", lang), t("ag_shortfalls_caption", lang)]
    _frame(ws, pd.DataFrame({t("ag_sheet_method", lang): lines}), 1)
    ws.column_dimensions["A"].width = 120
    for row_cells in ws.iter_rows():
        for c in row_cells:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    return safe_export.workbook_bytes(wb)


# --- one-page PDF -------------------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Screen text without its Markdown code marks (for paper and spreadsheets)."""
    return text.replace("`", "")


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _gantt(ax, r: AreaReport) -> int:
    """Bars per item (as the page's timeline); returns the number of items left out."""
    items = r.items.head(MAX_BARS)
    lab = labels(items, r.area_code, r.names)
    for i, it in enumerate(items.to_dict("records")):
        ax.barh(i, it["end_year"] - it["start_year"] + 1, left=it["start_year"], height=0.7,
                color=DOMAIN_COLOURS.get(it["domain"], "#999999"), edgecolor="#333333", linewidth=0.4,
                hatch="//" if it["status"] == "afgerond" else None)
    ax.set_yticks(range(len(items)), [textwrap.shorten(s, 55, placeholder="…") for s in lab], fontsize=6.5)
    ax.invert_yaxis()
    years = list(range(r.first, r.last + 1))
    ax.set_xlim(r.first, r.last + 1)
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years], fontsize=7)
    for y in years[1:]:
        ax.axvline(y, color="#dddddd", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return len(r.items) - len(items)


@safe_export.plain_text
def figure(r: AreaReport) -> Figure:
    """The A4 page of :func:`pdf` as a matplotlib Figure."""
    lang = r.lang
    fig = Figure(figsize=A4_IN)
    FigureCanvasAgg(fig)
    fig.text(0.06, 0.972, r.title(), fontsize=15, weight="bold", va="top")
    fig.text(0.06, 0.948, r.subtitle(), fontsize=9, va="top", color="#333333")
    y = 0.928
    if r.illustrative:
        fig.text(0.06, y, "\n".join(_wrap(_plain(t("ag_illustrative", lang)), 120)), fontsize=8, va="top",
                 color="#b00020", weight="bold")
        y -= 0.035
    fig.text(0.06, y, t("ag_timeline", lang), fontsize=10, weight="bold", va="top")
    n_bars = min(len(r.items), MAX_BARS)
    height = 0.03 + 0.016 * max(n_bars, 1)
    top = y - 0.02
    if n_bars:
        ax = fig.add_axes((0.40, top - height, 0.55, height))
        left_out = _gantt(ax, r)
        domains = [d for d in DOMAIN_COLOURS if d in set(r.items["domain"])]
        fig.legend(handles=[Patch(facecolor=DOMAIN_COLOURS[d], label=view.domain_label(d, lang)) for d in domains],
                   loc="upper left", bbox_to_anchor=(0.06, top - height - 0.005), ncol=min(len(domains), 8),
                   fontsize=6.5, frameon=False)
        y = top - height - 0.035
        if left_out:
            fig.text(0.06, y, f"+ {left_out}", fontsize=7, va="top")
            y -= 0.015
    else:
        fig.text(0.06, top, t("ag_no_items", lang), fontsize=8, va="top")
        y = top - 0.025
    fig.text(0.06, y, t("ag_shortfalls", lang), fontsize=10, weight="bold", va="top")
    y -= 0.02
    sf = view.shortfall_table(r.shortfalls, r.names, lang)
    lines = [f"• {a} — {b}: {c} ({t('ag_col_year', lang).lower()} {d})" for a, b, c, d in sf.itertuples(index=False)]
    if len(lines) > MAX_SHORT_LINES:
        lines = lines[: MAX_SHORT_LINES - 1] + [f"  + {len(lines) - MAX_SHORT_LINES + 1} (Excel)"]
    lines = lines or [t("ag_no_shortfalls", lang)]
    lines += [f"• {t('ag_sharing_here', lang)}: {s}" for s in r.sites[:MAX_SITE_LINES]]
    for line in lines:
        for part in _wrap(line, WRAP):
            fig.text(0.07, y, part, fontsize=7, va="top")
            y -= 0.013
    y -= 0.01
    fig.text(0.06, y, t("ag_pdf_top", lang), fontsize=10, weight="bold", va="top")
    y -= 0.02
    opps = r.opportunities
    shown = 0
    for o in opps.to_dict("records"):
        wrapped = _wrap(f"{int(o['rank'])}. {o['reason']}", WRAP)
        if shown >= MAX_OPPORTUNITIES or y - 0.013 * len(wrapped) < 0.10:
            break
        for part in wrapped:
            fig.text(0.07, y, part, fontsize=7, va="top")
            y -= 0.013
        y -= 0.004
        shown += 1
    if not len(opps):
        fig.text(0.07, y, t("ag_no_opportunities", lang), fontsize=7, va="top")
    elif shown < len(opps):
        fig.text(0.07, y, t("ag_pdf_more", lang).format(n=len(opps) - shown), fontsize=7, va="top",
                 style="italic")
    method = " ".join(t("ag_method_lines", lang).split("|")) + " " + t("ag_opps_caption", lang)
    fig.text(0.06, 0.085, "\n".join(_wrap(method, 170)), fontsize=5.5, va="top", color="#333333")
    fig.text(0.06, 0.012, t("ov_generated", lang).format(date=day(r.made_on, lang)), fontsize=6, color="#666666")
    return fig


@safe_export.plain_text
def pdf(r: AreaReport) -> bytes:
    """One A4 page: title, illustrative warning (when so), timeline, shortfalls and sharing sites, the best
    opportunities with their reasons, the method in brief."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # embedded TrueType: text stays searchable
        figure(r).savefig(buf, format="pdf", metadata={"Title": f"{r.title()} — {r.subtitle()}",
                                                      "Creator": "Voorzieningenwijzer"})
    return buf.getvalue()


# --- the template to fill in ----------------------------------------------------------------------------------------

def template_csv(areas: pd.DataFrame) -> bytes:
    """The agenda template as UTF-8 CSV: the header and two example rows in the loaded areas (imports as it is)."""
    return safe_export.csv_bytes(template_rows(areas))


def template_xlsx(areas: pd.DataFrame, explanation: list[tuple[str, str]]) -> bytes:
    """The template as an Excel workbook: sheet 1 the columns with two example rows (the importer reads sheet 1),
    sheet 2 an explanation per column (``explanation``: (column, text) pairs)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "agenda"
    rows = template_rows(areas)
    safe_export.write_frame(ws, rows.astype(object).where(rows != "", None), bold_header=False)
    sheet = wb.create_sheet("toelichting")
    safe_export.write_frame(sheet, pd.DataFrame(explanation, columns=["kolom", "toelichting"]), bold_header=False)
    safe_export.fit_columns(sheet, 100)
    return safe_export.workbook_bytes(wb)
