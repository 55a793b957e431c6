"""Exports of the Overzicht view: the map as PNG and as a stand-alone HTML file, a one-page PDF summary and an
Excel workbook (a summary sheet, one sheet per facility type, a sources sheet and a notes sheet).

Everything follows one :class:`OverviewView` (year, level, facility type, case, language), so an export shows
what the screen shows. Functions return bytes (or str for HTML) and never touch Streamlit. Rendering uses
matplotlib's object API (no pyplot state), so exports may run in a worker thread. matplotlib is imported when a
figure is drawn, not with this module: the Overzicht page imports this module on a server's first load, where
matplotlib cost ~0.25 s (issue 13).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from lib.core import geo, sources
from lib.overview import summary
from lib.overview.summary import ALL_TYPES
from lib.text.i18n import facility_label, kind_label, level_label, t
from lib.ui import formatting as fmt
from lib.ui import maps, readings, safe_export
from lib.ui.formatting import amount, data_text, day, local_time, norm_status, quantity, unit_label
from lib.ui.offline_map import standalone_html
from lib.ui.safe_export import plain_text, put, workbook_bytes

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

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
        parts = [level_label(self.level, lang),
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
            line = f"{t('inhabitants', lang)}: {amount(now, 'persons', lang)} ({self.base_year})"
            if self.year != self.base_year:
                flag = f", {t('forecast', lang).lower()}" if self.forecast else ""
                line += f" → {amount(then, 'persons', lang)} ({self.year}{flag})"
            lines.append(line)
        if not k["proxy"]:
            lines.append(f"{summary.short_label(self.facility_type == ALL_TYPES, self.level, lang)}: "
                         f"{k['areas_shortfall']} / {k['areas']}")
        if k["areas_fragile"]:
            lines.append(f"{t('nr_kpi_fragile', lang)}: {amount(k['areas_fragile'], 'count', lang)}")
        if k["areas_data_gap"]:
            lines.append(f"{t('nr_kpi_data_gap', lang)}: {amount(k['areas_data_gap'], 'count', lang)}")
        if self.facility_type != ALL_TYPES:
            if k["proxy"]:
                lines.append(f"{t('ov_legend_proxy', lang)}: {summary.balance_text(k, lang)}")
            elif k["distance"]:
                lines.append(f"{t('ov_people_beyond', lang)}: {amount(k['people_beyond'], 'persons', lang)}")
            else:
                total = quantity(k["shortfall_total"], k["unit"], lang)
                lines.append(f"{t('total_shortfall', lang)}: {total}")
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
    from matplotlib.patches import Patch  # drawn on demand (module docstring)

    items = [(textwrap.fill(label, width), s) for label, s in _legend_items(view)]
    return [Patch(facecolor="#ffffff", edgecolor=maps.STATUS_COLOURS[s], hatch=_HATCH, label=label)
            if s in maps.HATCHED else Patch(facecolor=maps.STATUS_COLOURS[s], edgecolor="#444444", label=label)
            for label, s in items]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(p, width) for p in text.split("\n"))


@plain_text
def map_png(view: OverviewView, dpi: int = PNG_DPI) -> bytes:
    """The status map as a PNG (PNG_SIZE_IN × dpi pixels) with title, legend and a source line."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # drawn on demand (module docstring)
    from matplotlib.figure import Figure

    fig = Figure(figsize=PNG_SIZE_IN, dpi=dpi)
    FigureCanvasAgg(fig)
    fig.text(0.03, 0.965, view.title(), fontsize=15, weight="bold", va="top")
    fig.text(0.03, 0.925, view.subtitle(), fontsize=10, va="top", color="#333333")
    ax = fig.add_axes((0.02, 0.13, 0.66, 0.77))
    _draw_map(ax, view)
    leg = fig.legend(handles=_legend_handles(view), loc="upper left", bbox_to_anchor=(0.69, 0.88),
                     title=t("status", view.lang), fontsize=8.5, title_fontsize=9.5, frameon=False)
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
    import matplotlib  # drawn on demand (module docstring)

    buf = io.BytesIO()
    fig = summary_figure(view)
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # embed TrueType: text stays searchable and copyable
        fig.savefig(buf, format="pdf", metadata={"Title": f"{view.title()} — {view.subtitle()}",
                                                 "Creator": "Voorzieningenwijzer"})
    return buf.getvalue()


@plain_text
def summary_figure(view: OverviewView) -> Figure:
    """The A4 page of :func:`summary_pdf` as a matplotlib Figure (also renderable as PNG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # drawn on demand (module docstring)
    from matplotlib.figure import Figure

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
               title=t("status", lang), fontsize=6.5, title_fontsize=8, frameon=False)

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
    fig.text(0.06, 0.012, t("ov_generated", lang).format(date=day(view.made_on, lang)), fontsize=6,
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
    return {"area_code": t("code", lang), "area_name": t("area", lang), "level": t("level", lang),
            "year": t("year", lang), "need": t("need", lang), "supply": t("supply", lang), "gap": t("gap", lang),
            "unit": t("unit", lang), "status": t("status", lang), "method": t("method", lang),
            "basis": t("basis", lang), "basis_value": t("ov_basis_value", lang), "amount": t("amount", lang),
            "per": t("per", lang), "catchment_m": t("catchment_m", lang),
            "service_level": t("service_level", lang), "area_woonmilieu": t("woonmilieu", lang),
            "norm_woonmilieu": t("ov_norm_woonmilieu", lang), "estimate": t("estimate", lang),
            "forecast": t("forecast", lang), "supply_source": t("ov_supply_source", lang),
            "norm_source": t("ov_norm_source", lang), "norm_status": t("norm_status", lang),
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
        heads.update(need=t("nr_col_norm_m", lang), supply=t("col_distance_m", lang),
                     gap=t("nr_col_margin_m", lang))
    elif len(rows) and (rows["supply_kind"] == "proxy").any():
        heads.update(supply=t("nr_col_enrolment", lang))
    out = rows.assign(reading=[" · ".join(readings.lines(r, lang)) for r in rows.to_dict("records")])
    out = out[[c for c in heads if c in out.columns]].copy()
    out["status"] = out["status"].map(lambda s: readings.status_word(str(s), lang))
    out["unit"] = out["unit"].map(lambda u: unit_label(str(u), lang))
    out["level"] = out["level"].map(lambda x: level_label(x, lang, plural=False))
    out["method"] = out["method"].map(lambda m: t(METHOD_KEYS[m], lang) if m in METHOD_KEYS else m)
    out["norm_status"] = out["norm_status"].map(lambda s: norm_status(s, lang))
    for c in ("supply_source", "norm_source"):
        out[c] = out[c].map(lambda x: data_text(x, lang))
    out["supply_kind"] = out["supply_kind"].map(lambda k: readings.kind_word(k, lang))
    out["coverage"] = out["coverage"].map(lambda c: readings.check_label(c, lang))
    yes, no = t("yes", lang), t("no", lang)
    for c in ("estimate", "forecast"):
        out[c] = out[c].map(lambda v: yes if bool(v) else no)
    return out.rename(columns=heads)


METHOD_KEYS = {"catchment": "ov_method_catchment", "service_level": "ov_method_service_level",
               "distance": "ov_method_distance"}


def attribution_table(markdown: str | None = None, lang: str = "en") -> pd.DataFrame:
    """The 'Licences and attribution at a glance' table of data/SOURCES.md (or its Dutch translation, 'Licenties
    en naamsvermelding') as a DataFrame."""
    text = markdown if markdown is not None else sources.sources_markdown(lang)
    m = re.search(r"^##\s+(?:Licences and attribution|Licenties en naamsvermelding).*?$(.*?)(?=^##\s|\Z)", text,
                  flags=re.M | re.S)
    lines = [ln.strip() for ln in (m.group(1) if m else "").splitlines() if ln.strip().startswith("|")]
    cells = [[c.strip().replace("**", "") for c in ln.strip("|").split("|")] for ln in lines
             if not re.fullmatch(r"\|[\s|:-]+\|", ln)]
    if not cells:
        return pd.DataFrame()
    return pd.DataFrame(cells[1:], columns=cells[0])


def provenance_sheet(provenance: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The loaded files for a sheet: translated headers, licence and summary in words, local import time."""
    p = provenance.reindex(columns=list(PROVENANCE_KEYS)).astype(object)
    p["licence"] = p["licence"].map(lambda x: data_text(x, lang) if isinstance(x, str) and x else "")
    p["summary"] = p["summary"].map(lambda x: data_text(x, lang))
    p["kind"] = p["kind"].map(lambda k: kind_label(k, lang))
    p["imported_at"] = p["imported_at"].map(local_time)
    return p.rename(columns={c: t(PROVENANCE_KEYS[c], lang) for c in p.columns})


PROVENANCE_KEYS = {"kind": "kind", "file": "nd_file", "format": "nd_prov_format", "rows": "nd_rows",
                   "licence": "nd_prov_licence", "summary": "summary", "imported_at": "nd_prov_imported_at",
                   "sha256": "nd_prov_sha256"}


def norms_sheet(norms: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The norms in force for a sheet: translated headers, type, unit, status and source in words."""
    heads = _headers(lang)
    n = norms.copy().astype(object)
    n["facility_type"] = n["facility_type"].map(lambda x: facility_label(x, lang))
    n["unit"] = n["unit"].map(lambda u: unit_label(u, lang))
    if "status" in n:
        n["status"] = n["status"].map(lambda s: norm_status(s, lang))
    if "source" in n:
        n["source"] = n["source"].map(lambda x: data_text(x, lang))
    names = {"facility_type": t("facility_type", lang), "woonmilieu": t("woonmilieu", lang),
             "basis": heads["basis"], "amount": heads["amount"], "per": heads["per"], "unit": heads["unit"],
             "catchment_m": heads["catchment_m"], "service_level": heads["service_level"],
             "source": heads["norm_source"], "status": heads["norm_status"]}
    return n.rename(columns=names)


def quality_sheet(quality: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """The data-quality notes for a sheet: translated headers and messages."""
    q = quality.copy().astype(object)
    q["message"] = q["message"].map(lambda x: data_text(x, lang))
    q["kind"] = q["kind"].map(lambda k: kind_label(k, lang))
    return q.rename(columns={"kind": t("kind", lang), "file": t("nd_file", lang), "topic": t("nd_topic", lang),
                             "message": t("nd_message", lang), "count": t("nd_count", lang)})


def _block(ws, df: pd.DataFrame, start_row: int, heading: str | None = None,
           decimals: dict[str, int | list[int]] | None = None) -> int:
    """Write ``df`` (optional heading, shaded header, local times) with ``lib.ui.safe_export.write_frame``;
    returns the next free row (one blank row after the table)."""
    return safe_export.write_frame(ws, df, start_row, heading, decimals, fill=safe_export.HEADER_FILL,
                                   times=local_time) + 2


def workbook(view: OverviewView) -> bytes:
    """Excel workbook: summary, one sheet per facility type (the view's year and level), sources, notes."""
    lang = view.lang
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = safe_export.sheet_name(t("summary", lang), used)
    meta = pd.DataFrame([
        (t("ov_made_for", lang), f"{view.title()} — {view.subtitle()}"),
        (t("year", lang), view.year), (t("level", lang), level_label(view.level, lang)),
        (t("ov_case", lang).capitalize(), view.case_label or t("ov_baseline", lang)),
        *[(line.split(": ", 1)[0], line.split(": ", 1)[1]) for line in view.kpi_lines()],
        (t("ov_generated", lang).format(date=""), day(view.made_on, lang)),
    ], columns=[t("ov_item", lang), t("value", lang)])
    r = _block(ws, meta, 1, view.title())
    r = _block(ws, summary.by_type(view.table, view.year, lang).drop(columns=["facility_type"]), r,
                     t("ov_types_table", lang))
    att = summary.attention(view.table, view.facility_type, view.year, 10)
    _block(ws, summary.attention_display(att, view.facility_type, lang), r, t("ov_pdf_top", lang))
    safe_export.fit_columns(ws)

    for ftype in sorted(view.table["facility_type"].unique()):
        ws = wb.create_sheet(safe_export.sheet_name(facility_label(ftype, lang), used))
        rows = summary.rows_for(view.table, ftype, view.year).sort_values("area_code")
        df = type_sheet(view.table, ftype, view.year, lang)
        per_row = [fmt.decimals_for(u, 2) for u in rows["unit"]]
        heads = _headers(lang)
        _block(ws, df, 1, decimals={heads["need"]: per_row, heads["supply"]: per_row, heads["gap"]: per_row,
                                    heads["basis_value"]: 0, heads["amount"]: 2, heads["per"]: 2,
                                    heads["catchment_m"]: 0})
        ws.freeze_panes = "C2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{len(df) + 1}"
        safe_export.fit_columns(ws, 40)

    ws = wb.create_sheet(safe_export.sheet_name(t("page_sources", lang), used))
    r = _block(ws, attribution_table(lang=lang), 1, t("ov_attribution", lang))
    put(ws, r - 1, 1, "data/SOURCES.nl.md" if lang == "nl" else "data/SOURCES.md")
    if view.provenance is not None:
        r = _block(ws, provenance_sheet(view.provenance, lang), r, t("provenance", lang))
    if view.norms is not None:
        _block(ws, norms_sheet(view.norms, lang), r, t("ov_norms_in_force", lang))
    safe_export.fit_columns(ws, 80)

    ws = wb.create_sheet(safe_export.sheet_name(t("ov_sheet_notes", lang), used))
    lines = [f"{view.title()} — {view.subtitle()}", f"{t('based_on', lang)}: {view.caption()}",
             t("gap_explained", lang), t("ov_status_rule_full", lang), t("ov_legend_distance", lang),
             *_caveats(view)]
    if view.level != "buurt":
        lines.append(t("ov_level_sum_note", lang).format(level=view.level))
    r = _block(ws, pd.DataFrame({t("ov_sheet_notes", lang): lines}), 1)
    if view.notes:
        r = _block(ws, pd.DataFrame({t("notes", lang): [data_text(n, lang) for n in view.notes]}), r)
    if view.quality is not None and len(view.quality):
        _block(ws, quality_sheet(view.quality, lang), r, t("quality", lang))
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)
