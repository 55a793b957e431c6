"""Plotly figures for the pages (no Streamlit here). Plotly.js comes with Streamlit's own frontend bundle."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.text.i18n import t
from lib.ui.formatting import amount

BASE_COLOUR = "#1f3b73"
FORECAST_COLOUR = "#8fb3e8"


def population_chart(bands: pd.DataFrame, base_year: int, year: int, lang: str = "nl") -> go.Figure:
    """Grouped bars of persons per CBS age band: the base year (dark) and ``year`` (light, hatched when it is a
    forecast). ``bands`` as from ``lib.explorer.explain.population_bands`` (year, band, persons, forecast)."""
    fig = go.Figure()
    base = bands[bands["year"] == base_year]
    single = year == base_year  # numbers on the bars only when they do not crowd each other
    fig.add_bar(x=base["band"], y=base["persons"], name=str(base_year), marker_color=BASE_COLOUR,
                text=[amount(v, "persons", lang) for v in base["persons"]],
                textposition="outside" if single else "none",
                hovertemplate="%{x}: %{text}<extra>" + str(base_year) + "</extra>")
    if year != base_year:
        later = bands[bands["year"] == year]
        forecast = bool(later["forecast"].any())
        held = bool(later["held"].all()) if "held" in later and len(later) else False
        name = f"{year} ({t('bv_chart_forecast', lang)})" if forecast else \
            f"{year} ({t('nr_chart_held', lang).format(base=base_year)})" if held else str(year)
        fig.add_bar(x=later["band"], y=later["persons"], name=name,
                    marker={"color": FORECAST_COLOUR, "line": {"color": BASE_COLOUR, "width": 1},
                            "pattern": {"shape": "/" if forecast else "", "fgcolor": BASE_COLOUR, "size": 6}},
                    text=[amount(v, "persons", lang) for v in later["persons"]], textposition="none",
                    hovertemplate="%{x}: %{text}<extra>" + name + "</extra>")
    top = float(bands["persons"].max()) if len(bands) else 1.0
    fig.update_layout(barmode="group", height=330, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.12, "x": 0},
                      xaxis_title=t("bv_chart_age", lang), yaxis_title=t("persons", lang),
                      yaxis_range=[0, top * 1.18], yaxis_tickformat=",d",  # 2.000 (nl), 2,000 (en)
                      separators=",." if lang == "nl" else ".,")
    return fig
