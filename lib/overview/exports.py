"""Exports of the Overzicht view: the map as PNG and as a stand-alone HTML file, a one-page PDF summary and an
Excel workbook (a summary sheet, one sheet per facility type, a sources sheet and a notes sheet).

Everything follows one :class:`OverviewView` (year, level, facility type, case, language), so an export shows
what the screen shows. Functions return bytes (or str for HTML) and never touch Streamlit. Rendering uses
matplotlib's object API (no pyplot state), so exports may run in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lib.core import geo, sources
from lib.overview import summary
from lib.overview.summary import ALL_TYPES
from lib.text.i18n import facility_label, t
from lib.ui import maps, readings
from lib.ui.formatting import number, quantity, unit_label
from lib.ui.offline_map import standalone_html
from lib.ui.safe_export import plain_text, put, workbook_bytes

PNG_SIZE_IN = (10.0, 8.0)
PNG_DPI = 120                       # → 1200 × 960 pixels
A4_IN = (8.27, 11.69)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME = {"png": "image/png", "html": "text/html", "pdf": "application/pdf", "xlsx": XLSX_MIME}


@dataclass(frozen=True)
class OverviewView:
    """What the Overzicht shows and the exports reproduce.

    ``table``: gap rows at ``level`` for all facility types (rows of other years are ignored);
    ``shapes``: the level's polygons (code, name, geometry; any CRS); ``facility_type``: a type or 'all'
    (worst of all types); ``case``/``case_name``: the open case's id and name (exports name it by name);
    ``inhabitants``: persons by year; ``norms``: the norms in force (case applied);
    ``provenance``/``quality``: from ``lib.core.sources``; ``notes``: computation notes of ``lib.core.gaps``.
    """

    table: pd.DataFrame
    shapes: gpd.GeoDataFrame
    year: int
    base_year: int
    facility_type: str = ALL_TYPES
    level: str = "buurt"
    lang: str = "nl"
    case: str | None = None
    case_name: str | None = None
    inhabitants: pd.Series | None = None
    norms: pd.DataFrame | None = None
    provenance: pd.DataFrame | None = None
    quality: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    facilities: pd.DataFrame | None = None
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def year_table(self) -> pd.DataFrame:
        return self.table[self.table["year"] == self.year]

    @property
    def rows(self) -> pd.DataFrame:
        """One row per area for the map (the type's gap rows, or the worst status of all types)."""
        return summary.map_rows(self.table, self.facility_type, self.year)

    @property
    def case_label(self) -> str | None:
        """The open case as people know it: its name (its id when no name was given), None for the baseline."""
        return (self.case_name or self.case) if self.case else None

    @property
    def forecast(self) -> bool:
        """Plans changed the figures of this year (a forecast); False in the base year without plans and in
        later years held at the base year."""
        rows = self.year_table
        return bool(rows["forecast"].any()) if len(rows) else False

    def title(self) -> str:
        what = summary.type_label(self.facility_type, self.lang)
        return t("ov_map_title", self.lang).format(what=what, year=self.year)

    def subtitle(self) -> str:
        lang = self.lang
        parts = [t(f"ov_level_{self.level}", lang),
                 summary.year_label(self.year_table, self.year, self.base_year, lang),
                 f"{t('ov_case', lang)}: {self.case_label}" if self.case else t("ov_baseline", lang)]
        return " · ".join(parts)

    def caption(self) -> str:
        return summary.caption(self.rows, self.facility_type, self.year, self.base_year, self.lang, self.level)

    def kpi_lines(self) -> list[str]:
        """The KPI cards as sentences (inhabitants now → year, areas short, total shortfall)."""
        lang, k = self.lang, summary.kpis(self.table, self.facility_type, self.year)
        lines = []
        if self.inhabitants is not None and len(self.inhabitants):
            now = self.inhabitants.get(self.base_year, float("nan"))
            then = self.inhabitants.get(self.year, float("nan"))
            line = f"{t('inhabitants', lang)}: {number(now, lang)} ({self.base_year})"
            if self.year != self.base_year:
                flag = f", {t('forecast', lang).lower()}" if self.forecast else ""
                line += f" → {number(then, lang)} ({self.year}{flag})"
            lines.append(line)
        key = "ov_short_any_" if self.facility_type == ALL_TYPES else "ov_short_"
        if not k["proxy"]:
            lines.append(f"{t(key + self.level, lang)}: {k['areas_shortfall']} / {k['areas']}")
        if k["areas_fragile"]:
            lines.append(f"{t('nr_kpi_fragile', lang)}: {number(k['areas_fragile'], lang)}")
        if k["areas_data_gap"]:
            lines.append(f"{t('nr_kpi_data_gap', lang)}: {number(k['areas_data_gap'], lang)}")
        if self.facility_type != ALL_TYPES:
            if k["proxy"]:
                lines.append(f"{t('nr_proxy', lang)}: {summary.balance_text(k, lang)}")
            elif k["distance"]:
                lines.append(f"{t('ov_people_beyond', lang)}: {number(k['people_beyond'], lang)}")
            else:
                total = quantity(k["shortfall_total"], k["unit"], lang)
                lines.append(f"{t('ov_total_shortfall', lang)}: {total}")
                lines.append(f"{t('nr_kpi_line_balance', lang)}: {summary.balance_text(k, lang)}")
        return lines

    def file_stem(self) -> str:
        """An ASCII file name stem: voorzieningen_<type>_<year>_<level>[_<case>]."""
        parts = ["voorzieningen", self.facility_type, str(self.year), self.level] + ([self.case] if self.case else [])
        return re.sub(r"[^A-Za-z0-9_-]+", "-", "_".join(parts)).strip("-")


# --- map drawing (matplotlib) -------------------------------------------------------------------------------

_HATCH = "////"


def _draw_map(ax, view: OverviewView) -> None:
    g = view.shapes.to_crs(geo.RD)
    status = g["code"].map(view.rows.drop_duplicates("area_code").set_index("area_code")["status"])
    status = status.astype(object).fillna("unknown")
    width = 0.4 if view.level == "buurt" else 0.8
    for s, part in g.groupby(status.to_numpy()):
        if s in maps.HATCHED:  # stripes of the status colour on white, dashed border (as on the screen)
            part.plot(ax=ax, facecolor="#ffffff", edgecolor=maps.STATUS_COLOURS[s], hatch=_HATCH, linewidth=0)
            part.boundary.plot(ax=ax, color="#444444", linewidth=width, linestyle="--")
        else:
            part.plot(ax=ax, color=maps.STATUS_COLOURS.get(s, "#bdbdbd"), edgecolor="#444444", linewidth=width)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _legend_items(view: OverviewView) -> list[tuple[str, str]]:
    return summary.legend_items(view.lang, set(view.rows["status"].astype(str)) if len(view.rows) else None)


def _legend_handles(view: OverviewView, width: int = 40) -> list[Patch]:
    items = [(textwrap.fill(label, width), s) for label, s in _legend_items(view)]
    return [Patch(facecolor="#ffffff", edgecolor=maps.STATUS_COLOURS[s], hatch=_HATCH, label=label)
            if s in maps.HATCHED else Patch(facecolor=maps.STATUS_COLOURS[s], edgecolor="#444444", label=label)
            for label, s in items]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(p, width) for p in text.split("\n"))


@plain_text
def map_png(view: OverviewView, dpi: int = PNG_DPI) -> bytes:
    """The status map as a PNG (PNG_SIZE_IN × dpi pixels) with title, legend and a source line."""
    fig = Figure(figsize=PNG_SIZE_IN, dpi=dpi)
    FigureCanvasAgg(fig)
    fig.text(0.03, 0.965, view.title(), fontsize=15, weight="bold", va="top")
    fig.text(0.03, 0.925, view.subtitle(), fontsize=10, va="top", color="#333333")
    ax = fig.add_axes((0.02, 0.13, 0.66, 0.77))
    _draw_map(ax, view)
    leg = fig.legend(handles=_legend_handles(view), loc="upper left", bbox_to_anchor=(0.69, 0.88),
                     title=t("legend", view.lang), fontsize=8.5, title_fontsize=9.5, frameon=False)
    leg._legend_box.align = "left"
    fig.text(0.70, 0.55, _wrap("\n".join(view.kpi_lines()), 42), fontsize=8.5, va="top")
    fig.text(0.03, 0.02, _wrap(f"{t('based_on', view.lang)}: {view.caption()}", 175), fontsize=6.5,
             va="bottom", color="#333333")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def map_html(view: OverviewView) -> str:
    """The status map as a stand-alone HTML file (Leaflet inlined, works offline) with facility layers."""
    data = maps.status_geojson(view.shapes.to_crs(geo.WGS84), view.rows, view.lang, view.base_year)
    m = maps.status_map(data, view.lang, facilities=view.facilities, show_types={view.facility_type},
                        height="100%", title=f"{view.title()} — {view.subtitle()}",
                        legend=_legend_items(view))
    return standalone_html(m)


# --- one-page PDF -------------------------------------------------------------------------------------------

def _table(ax, header: list[str], rows: list[list[str]], widths: list[float], fontsize: float = 7.5,
           empty: str = "") -> None:
    ax.set_axis_off()
    if not rows:
        ax.text(0, 1, empty, va="top", fontsize=fontsize)
        return
    tab = ax.table(cellText=rows, colLabels=header, colWidths=widths, loc="upper left", cellLoc="left",
                   colLoc="left", edges="horizontal")
    tab.auto_set_font_size(False)
    tab.set_fontsize(fontsize)
    for (r, _c), cell in tab.get_celld().items():
        cell.set_height(0.9 / (len(rows) + 1))
        cell.set_edgecolor("#bbbbbb")
        if r == 0:
            cell.set_text_props(weight="bold")


def _cut(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


@plain_text
def summary_pdf(view: OverviewView) -> bytes:
    """A one-page A4 PDF: title, selection, KPIs, shortfalls per type, the map, the top 10 and sources/notes."""
    buf = io.BytesIO()
    fig = summary_figure(view)
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # embed TrueType: text stays searchable and copyable
        fig.savefig(buf, format="pdf", metadata={"Title": f"{view.title()} — {view.subtitle()}",
                                                 "Creator": "Voorzieningenwijzer"})
    return buf.getvalue()


@plain_text
def summary_figure(view: OverviewView) -> Figure:
    """The A4 page of :func:`summary_pdf` as a matplotlib Figure (also renderable as PNG)."""
    lang = view.lang
    fig = Figure(figsize=A4_IN)
    FigureCanvasAgg(fig)
    fig.text(0.06, 0.972, t("ov_pdf_title", lang), fontsize=16, weight="bold", va="top")
    fig.text(0.06, 0.948, f"{summary.type_label(view.facility_type, lang)} · {view.subtitle()}", fontsize=9.5,
             va="top")
    fig.text(0.06, 0.925, "\n".join(view.kpi_lines()), fontsize=8.5, va="top", linespacing=1.35)

    bt = summary.by_type(view.table, view.year, lang).drop(columns=["facility_type"])
    fig.text(0.06, 0.81, t("ov_types_table", lang), fontsize=10, weight="bold", va="top")
    header = [textwrap.fill(str(h), 14) for h in bt.columns]
    cells = [[_cut(v, 44) for v in r] for r in bt.astype(str).values.tolist()]
    _table(fig.add_axes((0.06, 0.69, 0.88, 0.11)), header, cells, [0.15, 0.08, 0.08, 0.05, 0.08, 0.13, 0.28, 0.15],
           5.5)

    ax = fig.add_axes((0.04, 0.37, 0.62, 0.31))
    _draw_map(ax, view)
    fig.legend(handles=_legend_handles(view, 34), loc="upper left", bbox_to_anchor=(0.66, 0.67),
               title=t("legend", lang), fontsize=6.5, title_fontsize=8, frameon=False)

    att = summary.attention(view.table, view.facility_type, view.year, 10)
    disp = summary.attention_display(att, view.facility_type, lang)
    fig.text(0.06, 0.36, t("ov_pdf_top", lang), fontsize=10, weight="bold", va="top")
    cells = [[_cut(v, 38 if i == 1 else 62) for i, v in enumerate(r)] for r in disp.astype(str).values.tolist()]
    _table(fig.add_axes((0.06, 0.165, 0.88, 0.185)), list(disp.columns), cells, [0.05, 0.35, 0.15, 0.45], 7,
           t("ov_attention_none", lang))

    notes = [f"{t('based_on', lang)}: {view.caption()}", t("ov_status_rule_full", lang)]
    notes += _caveats(view)
    fig.text(0.06, 0.15, t("ov_pdf_sources", lang), fontsize=9, weight="bold", va="top")
    fig.text(0.06, 0.132, _wrap("\n".join(f"• {n}" for n in notes), 165), fontsize=6, va="top", linespacing=1.3)
    fig.text(0.06, 0.012, t("ov_generated", lang).format(date=view.made_on.isoformat()), fontsize=6,
             color="#666666")
    return fig


def _caveats(view: OverviewView) -> list[str]:
    """Plain-language caveats that apply to this view: estimates, forecast, proxies, licences, case overlay."""
    lang, rows = view.lang, view.year_table
    out = []
    if rows["estimate"].any():
        out.append(t("estimate_note", lang))
    if view.forecast:
        out.append(t("forecast_note", lang))
    sources_used = " ".join(map(str, rows["supply_source"].dropna().unique())).lower()
    if "supply_kind" in rows and (rows["supply_kind"] == "proxy").any():
        out.append(t("ov_legend_proxy_note", lang))
    if "mulier" in sources_used:
        out.append(t("ov_mulier_warning", lang))
    if view.case:
        out.append(t("ov_case_note", lang).format(case=view.case_label))
    return out


# --- Excel workbook -----------------------------------------------------------------------------------------

def _headers(lang: str) -> dict[str, str]:
    return {"area_code": t("ov_code", lang), "area_name": t("area", lang), "level": t("level", lang),
            "year": t("year", lang), "need": t("need", lang), "supply": t("supply", lang), "gap": t("gap", lang),
            "unit": t("unit", lang), "status": t("status", lang), "method": t("ov_method", lang),
            "basis": t("basis", lang), "basis_value": t("ov_basis_value", lang), "amount": t("ov_amount", lang),
            "per": t("ov_per", lang), "catchment_m": t("ov_catchment", lang),
            "service_level": t("ov_service_level", lang), "area_woonmilieu": t("ov_woonmilieu", lang),
            "norm_woonmilieu": t("ov_norm_woonmilieu", lang), "estimate": t("estimate", lang),
            "forecast": t("forecast", lang), "supply_source": t("ov_supply_source", lang),
            "norm_source": t("ov_norm_source", lang), "norm_status": t("ov_norm_status", lang),
            "supply_kind": t("nr_col_supply_kind", lang), "coverage": t("nr_col_coverage", lang),
            "need_base": t("nr_col_need_base", lang), "supply_small": t("nr_col_supply_small", lang),
            "supply_large": t("nr_col_supply_large", lang), "supply_point": t("nr_col_supply_point", lang),
            "persons_beyond": t("nr_col_persons_beyond", lang), "reading": t("nr_details", lang)}


def type_sheet(table: pd.DataFrame, ftype: str, year: int, lang: str = "nl") -> pd.DataFrame:
    """The gap rows of one type and year with readable headers, status in words and yes/no flags. Distance norms
    are headed as distances (norm at most, distance, margin, in m); a proxy's supply is headed as enrolment and
    has no gap; every row has its reading in words (lib.ui.readings)."""
    rows = summary.rows_for(table, ftype, year).sort_values("area_code")
    heads = _headers(lang)
    if len(rows) and (rows["method"] == "distance").all():
        heads.update(need=t("nr_col_norm_m", lang), supply=t("nr_col_distance_m", lang),
                     gap=t("nr_col_margin_m", lang))
    elif len(rows) and (rows["supply_kind"] == "proxy").any():
        heads.update(supply=t("nr_col_enrolment", lang))
    out = rows.assign(reading=[" · ".join(readings.lines(r, lang)) for r in rows.to_dict("records")])
    out = out[[c for c in heads if c in out.columns]].copy()
    out["status"] = out["status"].map(lambda s: readings.status_word(str(s), lang))
    out["unit"] = out["unit"].map(lambda u: unit_label(str(u), lang))
    out["supply_kind"] = out["supply_kind"].map(lambda k: t(f"nr_kind_{k}", lang))
    out["coverage"] = out["coverage"].map(lambda c: readings.check_label(c, lang))
    yes, no = t("ov_yes", lang), t("ov_no", lang)
    for c in ("estimate", "forecast"):
        out[c] = out[c].map(lambda v: yes if bool(v) else no)
    return out.rename(columns=heads)


def attribution_table(markdown: str | None = None) -> pd.DataFrame:
    """The 'Licences and attribution at a glance' table of data/SOURCES.md as a DataFrame."""
    text = markdown if markdown is not None else sources.sources_markdown()
    m = re.search(r"^##\s+Licences and attribution.*?$(.*?)(?=^##\s|\Z)", text, flags=re.M | re.S)
    lines = [ln.strip() for ln in (m.group(1) if m else "").splitlines() if ln.strip().startswith("|")]
    cells = [[c.strip().replace("**", "") for c in ln.strip("|").split("|")] for ln in lines
             if not re.fullmatch(r"\|[\s|:-]+\|", ln)]
    if not cells:
        return pd.DataFrame()
    return pd.DataFrame(cells[1:], columns=cells[0])


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Sheet"
    out, i = base, 2
    while out.lower() in used:
        out = f"{base[:28]} {i}"
        i += 1
    used.add(out.lower())
    return out


def _write_frame(ws, df: pd.DataFrame, start_row: int, heading: str | None = None) -> int:
    """Write ``df`` (bold header) from ``start_row``; returns the next free row."""
    r = start_row
    if heading:
        put(ws, r, 1, heading).font = Font(bold=True, size=12)
        r += 1
    for j, col in enumerate(df.columns, 1):
        c = put(ws, r, j, str(col))
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDE5F0")
    for row in df.itertuples(index=False):
        r += 1
        for j, v in enumerate(row, 1):
            put(ws, r, j, v)
    return r + 2


def _fit_columns(ws, max_width: int = 60) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                widths[c.column] = max(widths.get(c.column, 0), min(len(str(c.value)), max_width))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(8, w + 2)


def workbook(view: OverviewView) -> bytes:
    """Excel workbook: summary, one sheet per facility type (the view's year and level), sources, notes."""
    lang = view.lang
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = _sheet_name(t("ov_sheet_summary", lang), used)
    meta = pd.DataFrame([
        (t("ov_made_for", lang), f"{view.title()} — {view.subtitle()}"),
        (t("year", lang), view.year), (t("level", lang), t(f"ov_level_{view.level}", lang)),
        (t("ov_case", lang).capitalize(), view.case_label or t("ov_baseline", lang)),
        *[(line.split(": ", 1)[0], line.split(": ", 1)[1]) for line in view.kpi_lines()],
        (t("ov_generated", lang).format(date=""), view.made_on.isoformat()),
    ], columns=[t("ov_item", lang), t("ov_value", lang)])
    r = _write_frame(ws, meta, 1, view.title())
    r = _write_frame(ws, summary.by_type(view.table, view.year, lang).drop(columns=["facility_type"]), r,
                     t("ov_types_table", lang))
    att = summary.attention(view.table, view.facility_type, view.year, 10)
    _write_frame(ws, summary.attention_display(att, view.facility_type, lang), r, t("ov_pdf_top", lang))
    _fit_columns(ws)

    for ftype in sorted(view.table["facility_type"].unique()):
        ws = wb.create_sheet(_sheet_name(facility_label(ftype, lang), used))
        df = type_sheet(view.table, ftype, view.year, lang)
        _write_frame(ws, df, 1)
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
        for j, col in enumerate(df.columns, 1):
            if col in (t("need", lang), t("supply", lang), t("gap", lang), t("ov_basis_value", lang)):
                for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    c.number_format = "#,##0.0"
        _fit_columns(ws, 40)

    ws = wb.create_sheet(_sheet_name(t("ov_sheet_sources", lang), used))
    r = _write_frame(ws, attribution_table(), 1, t("ov_attribution", lang))
    put(ws, r - 1, 1, "data/SOURCES.md")
    if view.provenance is not None:
        cols = [c for c in ("kind", "file", "format", "rows", "licence", "summary", "imported_at", "sha256")
                if c in view.provenance.columns]
        r = _write_frame(ws, view.provenance[cols].astype(object), r, t("ov_files_loaded", lang))
    if view.norms is not None:
        _write_frame(ws, view.norms.astype(object), r, t("ov_norms_in_force", lang))
    _fit_columns(ws, 80)

    ws = wb.create_sheet(_sheet_name(t("ov_sheet_notes", lang), used))
    lines = [f"{view.title()} — {view.subtitle()}", f"{t('based_on', lang)}: {view.caption()}",
             t("gap_explained", lang), t("ov_status_rule_full", lang), t("ov_legend_distance", lang),
             *_caveats(view)]
    if view.level != "buurt":
        lines.append(t("ov_level_sum_note", lang).format(level=view.level))
    r = _write_frame(ws, pd.DataFrame({t("ov_sheet_notes", lang): lines}), 1)
    if view.notes:
        r = _write_frame(ws, pd.DataFrame({t("ov_computation_notes", lang): list(view.notes)}), r)
    if view.quality is not None and len(view.quality):
        _write_frame(ws, view.quality.astype(object), r, t("ov_quality", lang))
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)
