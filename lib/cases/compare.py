"""Comparison of a case with the baseline (or another case): gap per area before/after, KPI deltas and a
difference map. Gaps are in the norm's unit (places, facilities; metres for distance norms, where the gap
is the maximum minus the distance). For every norm a higher gap is better, so ``delta_gap`` > 0 is an
improvement and < 0 a deterioration.
"""

from __future__ import annotations

import html
import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from lib.core import kpis as kpi
from lib.text.i18n import status_label, t
from lib.ui.formatting import amount, metric_delta, quantity, unit_label
from lib.ui.maps import add_facility_layers
from lib.ui.offline_map import add_legend, new_map

#: |change in gap| below this counts as unchanged (in the norm's unit; display precision).
EPS = 0.01

CLASS_COLOURS = {"much_worse": "#b2182b", "worse": "#ef8a62", "unchanged": "#f0f0f0", "better": "#67a9cf",
                 "much_better": "#2166ac", "unknown": "#bdbdbd"}
_KEEP = ["area_code", "area_name", "level", "unit", "method", "need", "supply", "gap", "status", "estimate",
         "forecast"]


def compare(before: pd.DataFrame, after: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    """One row per area: need/supply/gap/status before and after, ``delta_gap`` (after − before), ``changed``.

    ``before``/``after`` are gap tables (``gaps.compute(...).table`` or an aggregate at one level)."""
    b = kpi.rows_for(before, ftype, year)[_KEEP]
    a = kpi.rows_for(after, ftype, year)[_KEEP]
    m = b.merge(a, on=["area_code"], how="outer", suffixes=("_before", "_after"))
    for c in ("area_name", "level", "unit", "method"):
        m[c] = m[f"{c}_after"].fillna(m[f"{c}_before"])
    m["estimate"] = m["estimate_before"].fillna(False).astype(bool) | m["estimate_after"].fillna(False).astype(bool)
    m["forecast"] = m["forecast_before"].fillna(False).astype(bool) | m["forecast_after"].fillna(False).astype(bool)
    for c in ("need", "supply", "gap"):
        m[f"delta_{c}"] = m[f"{c}_after"] - m[f"{c}_before"]
    m["changed"] = ((m["delta_gap"].abs() >= EPS) | (m["delta_need"].abs() >= EPS) |
                    (m["status_before"] != m["status_after"]))
    cols = ["area_code", "area_name", "level", "unit", "method", "need_before", "need_after", "delta_need",
            "supply_before", "supply_after", "delta_supply", "gap_before", "gap_after", "delta_gap", "status_before",
            "status_after", "changed", "estimate", "forecast"]
    return m[cols].sort_values(["delta_gap", "area_code"]).reset_index(drop=True)


def kpis(before: pd.DataFrame, after: pd.DataFrame, ftype: str, year: int) -> list[dict]:
    """KPI cards: label key, value before, value after, change, unit. Distance norms only count areas. A proxy supply
    (capacity unknown, lib.core.supply) gets no shortfall cards: only the need and the enrolment (issue 11)."""
    kb, ka = kpi.kpis(before, ftype, year), kpi.kpis(after, ftype, year)
    unit = ka["unit"] or kb["unit"]
    if ka["proxy"] or kb["proxy"]:
        rows_b, rows_a = kpi.rows_for(before, ftype, year), kpi.rows_for(after, ftype, year)
        need_b, need_a = float(rows_b["need"].sum()), float(rows_a["need"].sum())
        sup_b, sup_a = float(rows_b["supply"].sum()), float(rows_a["supply"].sum())
        return [{"key": "total_need", "before": need_b, "after": need_a, "delta": need_a - need_b, "unit": unit,
                 "better": "lower"},
                {"key": "enrolment", "before": sup_b, "after": sup_a, "delta": sup_a - sup_b, "unit": unit,
                 "better": "higher"}]
    out = [{"key": "areas_short", "before": kb["areas_shortfall"], "after": ka["areas_shortfall"],
            "delta": ka["areas_shortfall"] - kb["areas_shortfall"], "unit": f"/ {ka['areas']}", "better": "lower"}]
    if unit != "m":
        for key, name, better in (("total_need", "need", "lower"), ("total_supply", "supply", "higher"),
                                  ("total_shortfall", "shortfall_total", "lower")):
            out.append({"key": key, "before": kb[name], "after": ka[name], "delta": ka[name] - kb[name],
                        "unit": unit, "better": better})
    return out


#: KPI codes of ``kpis`` → label keys.
KPI_KEYS = {"areas_short": "areas_short", "total_need": "total_need", "total_supply": "total_supply",
            "total_shortfall": "total_shortfall", "enrolment": "cs_kpi_enrolment"}


def kpi_cards(before: pd.DataFrame, after: pd.DataFrame, ftype: str, year: int, lang: str = "nl",
              against: str | None = None) -> list[dict]:
    """KPI cards formatted for ``st.metric``: label (with the unit), value (after), delta text, delta_color.

    ``against``: the name of the other case when comparing with one (the delta then cites its value under
    that name instead of 'vóór')."""
    word = against or t("cs_before", lang)
    cards = []
    for k in kpis(before, after, ftype, year):
        unchanged = abs(k["delta"]) < EPS
        colour = "off" if unchanged else ("inverse" if k["better"] == "lower" else "normal")
        if k["key"] == "areas_short":  # a count of areas out of all areas
            label, unit = t(KPI_KEYS[k["key"]], lang), "count"
            value = f"{amount(k['after'], unit, lang)} {k['unit']}"
        else:
            label, unit = f"{t(KPI_KEYS[k['key']], lang)} ({unit_label(k['unit'], lang)})", k["unit"]
            value = amount(k["after"], unit, lang)
        cards.append({"label": label, "value": value,
                      "delta": None if unchanged else metric_delta(k["delta"], unit, lang)
                      + f" ({word}: {amount(k['before'], unit, lang)})", "delta_color": colour})
    return cards


def classify(delta: pd.Series) -> tuple[pd.Series, float]:
    """Class per area (much_worse … much_better, unknown) and the threshold between 'worse' and 'much worse'.

    The threshold is half the largest absolute change, rounded to 1, 2 or 5 × 10^k."""
    d = pd.to_numeric(delta, errors="coerce")
    big = float(d.abs().max()) if d.notna().any() else 0.0
    step = _nice(big / 2) if big >= 2 * EPS else math.inf
    cls = np.select([d.isna(), d <= -step, d <= -EPS, d < EPS, d < step],
                    ["unknown", "much_worse", "worse", "unchanged", "better"], "much_better")
    return pd.Series(cls, index=delta.index), step


def _nice(x: float) -> float:
    if x <= 0:
        return EPS
    p = 10 ** math.floor(math.log10(x))
    return max(EPS, next(m * p for m in (1, 2, 5, 10) if m * p >= x * 0.999))


def legend_items(step: float, unit: str, lang: str = "nl") -> list[tuple[str, str]]:
    """(label, colour) pairs for the difference map legend, with the thresholds in the unit."""
    if math.isinf(step):
        return [(t("cs_unchanged", lang), CLASS_COLOURS["unchanged"])]
    s = quantity(step, unit, lang)
    return [(f"{t('cs_much_worse', lang)} (≤ −{s})", CLASS_COLOURS["much_worse"]),
            (f"{t('cs_worse', lang)} (< 0)", CLASS_COLOURS["worse"]),
            (t("cs_unchanged", lang), CLASS_COLOURS["unchanged"]),
            (f"{t('cs_better', lang)} (> 0)", CLASS_COLOURS["better"]),
            (f"{t('cs_much_better', lang)} (≥ +{s})", CLASS_COLOURS["much_better"])]


def difference_geojson(areas: gpd.GeoDataFrame, cmp: pd.DataFrame, lang: str = "nl") -> tuple[dict, float]:
    """GeoJSON of ``areas`` (WGS84) with escaped tooltip texts and the class of the change in gap."""
    r = cmp.set_index("area_code")
    g = areas[["code", "name", "geometry"]].copy()
    cls, step = classify(g["code"].map(r["delta_gap"]))
    unit = g["code"].map(r["unit"]).fillna("")
    g["name"] = g["name"].map(lambda s: html.escape(str(s)))
    g["cls"] = cls.to_numpy()
    g["before_label"] = [html.escape(quantity(v, u, lang)) for v, u in zip(g["code"].map(r["gap_before"]), unit,
                                                                             strict=True)]
    g["after_label"] = [html.escape(quantity(v, u, lang)) for v, u in zip(g["code"].map(r["gap_after"]), unit,
                                                                            strict=True)]
    g["delta_label"] = [html.escape(quantity(v, u, lang, signed=True))
                        for v, u in zip(g["code"].map(r["delta_gap"]), unit, strict=True)]
    g["status_label"] = [html.escape(f"{status_label(b, lang)} → {status_label(a, lang)}")
                         for b, a in zip(g["code"].map(r["status_before"]), g["code"].map(r["status_after"]),
                                         strict=True)]
    return g.__geo_interface__, step


def difference_map(areas: gpd.GeoDataFrame, cmp: pd.DataFrame, lang: str = "nl", tiles: bool = False,
                   facilities: pd.DataFrame | None = None, height: int = 480, against: str | None = None) -> folium.Map:
    """Offline map of the change in gap per area (case minus comparison) with a legend and facility layers;
    ``against`` names the other case compared with (else the tooltip says 'vóór')."""
    minx, miny, maxx, maxy = areas.total_bounds
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    data, step = difference_geojson(areas, cmp, lang)
    folium.GeoJson(
        data, name=t("cs_diff_legend", lang),
        style_function=lambda f: {"fillColor": CLASS_COLOURS.get(f["properties"]["cls"], "#bdbdbd"),
                                  "color": "#555555", "weight": 1, "fillOpacity": 0.7},
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            ["name", "before_label", "after_label", "delta_label", "status_label"],
            aliases=[t("area", lang), f"{t('gap', lang)} {against or t('cs_before', lang)}",
                     f"{t('gap', lang)} {t('cs_after', lang)}", t("cs_delta", lang), t("status", lang)]),
    ).add_to(m)
    if facilities is not None and len(facilities):
        add_facility_layers(m, facilities, lang)
        folium.LayerControl(collapsed=True).add_to(m)
    unit = cmp["unit"].dropna().iloc[0] if cmp["unit"].notna().any() else ""
    add_legend(m, legend_items(step, unit, lang), t("cs_diff_legend", lang))
    return m


def placement_map(areas: gpd.GeoDataFrame, facilities: pd.DataFrame, point: tuple[float, float] | None,
                  lang: str = "nl", height: int = 420) -> folium.Map:
    """Offline map to pick where a new facility goes: buurt outlines (names as tooltips), the facilities of the
    chosen type (EPSG:28992 x/y), and a marker at the picked ``point`` (latitude, longitude) when there is one."""
    minx, miny, maxx, maxy = areas.total_bounds
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=False, height=height)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    g = areas[["code", "name", "geometry"]].copy()
    g["name"] = g["name"].map(lambda s: html.escape(str(s)))
    folium.GeoJson(g.__geo_interface__, name=t("col_buurt", lang),
                   style_function=lambda f: {"fillColor": "#f7f7f7", "color": "#777777", "weight": 1,
                                             "fillOpacity": 0.3},
                   highlight_function=lambda f: {"weight": 2, "color": "#000000"},
                   tooltip=folium.GeoJsonTooltip(["name"], aliases=[t("area", lang)])).add_to(m)
    if len(facilities):
        add_facility_layers(m, facilities, lang)
    if point is not None:
        folium.CircleMarker(location=list(point), radius=9, color="#b2182b", weight=3, fill=True,
                            fill_color="#ef8a62", fill_opacity=0.9,
                            tooltip=html.escape(t("cs_place_marker", lang))).add_to(m)
    return m


NUMBERS = ("need_before", "need_after", "supply_before", "supply_after", "gap_before", "gap_after", "delta_gap")


def display(cmp: pd.DataFrame, lang: str = "nl", only_changed: bool = True, for_screen: bool = True,
            against: str | None = None) -> pd.DataFrame:
    """The comparison table: statuses and units in words, estimates marked. For the screen every number is text
    with the decimals of its unit (Streamlit's formats are not locale aware); for a report (``for_screen=False``)
    numbers stay numbers at full precision (see ``number_columns``). ``against`` names the other case compared
    with (columns 'Behoefte <name>' instead of 'Behoefte vóór')."""
    rows = cmp[cmp["changed"]] if only_changed else cmp
    b, a = against or t("cs_before", lang), t("cs_after", lang)

    def nums(col: str):
        if not for_screen:
            return rows[col]
        return [amount(v, u, lang, signed=col == "delta_gap") for v, u in zip(rows[col], rows["unit"], strict=True)]
    out = pd.DataFrame({
        "code": rows["area_code"], t("area", lang): rows["area_name"],
        t("unit", lang): rows["unit"].map(lambda u: unit_label(u, lang)),
        f"{t('need', lang)} {b}": nums("need_before"), f"{t('need', lang)} {a}": nums("need_after"),
        f"{t('supply', lang)} {b}": nums("supply_before"), f"{t('supply', lang)} {a}": nums("supply_after"),
        f"{t('gap', lang)} {b}": nums("gap_before"), f"{t('gap', lang)} {a}": nums("gap_after"),
        t("cs_delta", lang): nums("delta_gap"),
        f"{t('status', lang)} {b}": rows["status_before"].map(lambda s: status_label(s, lang)),
        f"{t('status', lang)} {a}": rows["status_after"].map(lambda s: status_label(s, lang)),
        t("estimate", lang): rows["estimate"].map({True: t("cs_estimate_flag", lang), False: ""}),
        t("forecast", lang): rows["forecast"].map({True: t("yes", lang), False: ""}),
    })
    return out.reset_index(drop=True)


def number_columns(lang: str = "nl") -> list[str]:
    """The (translated) headers of ``display``'s numeric columns, in order of ``NUMBERS``."""
    b, a = t("cs_before", lang), t("cs_after", lang)
    return [f"{t('need', lang)} {b}", f"{t('need', lang)} {a}", f"{t('supply', lang)} {b}",
            f"{t('supply', lang)} {a}", f"{t('gap', lang)} {b}", f"{t('gap', lang)} {a}", t("cs_delta", lang)]


def all_types(before: pd.DataFrame, after: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per facility type at ``year``: areas with a (robust) shortfall and total shortfall before/after (for reports);
    for distance norms the shortfall is the inhabitants beyond the distance; for a proxy supply (capacity unknown)
    no shortfall figures, only the need (``proxy`` True)."""
    rows = []
    for ftype in sorted(set(after["facility_type"]) | set(before["facility_type"])):
        kb, ka = kpi.kpis(before, ftype, year), kpi.kpis(after, ftype, year)
        proxy = kb["proxy"] or ka["proxy"]
        short = "people_beyond" if ka["distance"] else "shortfall_total"
        rows.append({"facility_type": ftype, "unit": "persons" if ka["distance"] else (ka["unit"] or kb["unit"]),
                     "areas": ka["areas"], "proxy": proxy,
                     "areas_shortfall_before": None if proxy else kb["areas_shortfall"],
                     "areas_shortfall_after": None if proxy else ka["areas_shortfall"],
                     "need_before": kb["need_total"] if proxy else kb["need"],
                     "need_after": ka["need_total"] if proxy else ka["need"],
                     "supply_before": kb["supply"], "supply_after": ka["supply"],
                     "shortfall_before": kb[short], "shortfall_after": ka[short],
                     "distance": ka["distance"] or kb["distance"],
                     "people_beyond_before": kb["people_beyond"], "people_beyond_after": ka["people_beyond"]})
    return pd.DataFrame(rows)
