"""Charts for the pages as Vega-Lite specifications (no Streamlit here; ``st.vega_lite_chart`` draws them with the
Vega that ships with Streamlit's frontend).

The Buurtverkenner's population chart was a plotly figure until issue 13: plotly.js is a 4.7 MB script that the
browser loaded and compiled on the first Buurtverkenner of a session (about a second on the 2-core test machine,
measured with and without the chart, docs/benchmarks.md); Vega is a sixth of that.
"""

from __future__ import annotations

import pandas as pd

from lib.text.i18n import t
from lib.ui.formatting import amount, separators

BASE_COLOUR = "#1f3b73"
FORECAST_COLOUR = "#8fb3e8"
#: The outline of a forecast year's bars (dashed: an estimate, as the dashed borders of uncertain areas on the maps).
FORECAST_DASH = [4, 2]


def population_chart(bands: pd.DataFrame, base_year: int, year: int, lang: str = "nl") -> dict:
    """Grouped bars of persons per CBS age band: the base year (dark) and ``year`` (light; with a dashed outline
    and '(prognose)' in the legend when plans changed its figures, '(gelijk aan 2024, geen prognose)' when it is
    held at the base year). Numbers on the bars when only the base year is shown; each bar's number in its
    tooltip; the persons axis in the language's number format. ``bands`` as from
    ``lib.explorer.explain.population_bands`` (year, band, persons, forecast[, held])."""
    series = [(base_year, str(base_year), False)]
    if year != base_year:
        later = bands[bands["year"] == year]
        forecast = bool(later["forecast"].any())
        held = bool(later["held"].all()) if "held" in later and len(later) else False
        name = f"{year} ({t('bv_chart_forecast', lang)})" if forecast else \
            f"{year} ({t('nr_chart_held', lang).format(base=base_year)})" if held else str(year)
        series.append((year, name, forecast))
    values = [{"band": band, "persons": float(persons), "series": name, "label": amount(persons, "persons", lang),
               "forecast": dashed}
              for y, name, dashed in series
              for band, persons in zip(bands.loc[bands["year"] == y, "band"],
                                       bands.loc[bands["year"] == y, "persons"], strict=True)]
    names = [name for _, name, _ in series]
    top = float(bands["persons"].max()) if len(bands) else 1.0
    group = separators(lang)[0]
    bars = {"mark": {"type": "bar", "stroke": BASE_COLOUR, "strokeWidth": 1},
            "encoding": {"strokeDash": {"condition": {"test": "datum.forecast", "value": FORECAST_DASH},
                                        "value": []}}}
    layers = [bars]
    if len(series) == 1:  # numbers on the bars only when they do not crowd each other
        layers.append({"mark": {"type": "text", "dy": -8, "fontSize": 12},
                       "encoding": {"text": {"field": "label"}, "color": {"value": "#333333"}}})
    return {
        "height": 330,
        "data": {"values": values},
        "encoding": {
            "x": {"field": "band", "type": "nominal", "sort": list(dict.fromkeys(bands["band"])),
                  "title": t("bv_chart_age", lang), "axis": {"labelAngle": 0}},
            "xOffset": {"field": "series", "type": "nominal", "sort": names},
            "y": {"field": "persons", "type": "quantitative", "title": t("persons", lang),
                  "scale": {"domain": [0, top * 1.18]},
                  # 2.000 (nl), 2,000 (en): d3's ',d' with the language's thousands separator
                  "axis": {"labelExpr": f"replace(format(datum.value, ',d'), regexp(',', 'g'), '{group}')"}},
            "color": {"field": "series", "type": "nominal", "sort": names,
                      "scale": {"domain": names, "range": [BASE_COLOUR, FORECAST_COLOUR][:len(names)]},
                      "legend": {"orient": "top", "title": None, "labelLimit": 400}},
            "tooltip": [{"field": "series", "title": t("year", lang)},
                        {"field": "band", "title": t("bv_chart_age", lang)},
                        {"field": "label", "title": t("persons", lang)}],
        },
        "layer": layers,
    }
