"""Map of areas coloured by the number of domains with work planned (offline folium, vendored Leaflet).

Every string from data is HTML-escaped before it reaches a tooltip. Shapes come in WGS84 (``lib.maps.shapes_wgs84``)
for display only. No Streamlit.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from lib.agenda.view import domain_label
from lib.text.i18n import t
from lib.ui.offline_map import OfflineMap, add_legend, new_map

#: Fill colour by number of domains: none, 1, 2, 3, 4 or more.
COUNT_COLOURS = ["#f7f7f7", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]


def colour(n: int) -> str:
    return COUNT_COLOURS[min(max(int(n), 0), len(COUNT_COLOURS) - 1)]


def count_label(n: int, lang: str = "nl") -> str:
    if n <= 0:
        return t("ag_n_domains0", lang)
    if n == 1:
        return t("ag_n_domain1", lang)
    return t("ag_n_domains4", lang) if n >= 4 else t("ag_n_domains", lang).format(n=n)


def geojson(shapes: gpd.GeoDataFrame, counts: pd.DataFrame, selected: str | None, lang: str = "nl") -> dict:
    """FeatureCollection (with ``bbox``) of ``shapes`` (code, name, geometry in WGS84) with escaped tooltip
    properties: name, count_label, domains_label, fill colour and whether the area is the ``selected`` one."""
    c = counts.set_index("code")
    g = shapes[["code", "name", "geometry"]].copy()
    n = g["code"].map(c["n_domains"]).fillna(0).astype(int)
    doms = g["code"].map(c["domains"]).map(lambda d: d if isinstance(d, tuple) else ())
    g["name"] = g["name"].map(lambda s: html.escape(str(s)))
    g["n_domains"] = n
    g["count_label"] = n.map(lambda v: html.escape(count_label(v, lang)))
    g["domains_label"] = doms.map(lambda d: html.escape(", ".join(domain_label(x, lang) for x in d) or "–"))
    g["fill"] = n.map(colour)
    g["selected"] = g["code"] == selected
    out = g.__geo_interface__
    out["bbox"] = [float(v) for v in shapes.total_bounds]
    return out


def _style(feature: dict) -> dict:
    p = feature["properties"]
    return {"fillColor": p["fill"], "color": "#000000" if p["selected"] else "#555555",
            "weight": 4 if p["selected"] else 1, "fillOpacity": 0.75}


def domains_map(data: dict, lang: str = "nl", tiles: bool = False, height: int = 460) -> OfflineMap:
    """The choropleth with a legend; clicking an area returns its properties (code) to st_folium."""
    minx, miny, maxx, maxy = data["bbox"]
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height, zoom_snap=0.25)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    folium.GeoJson(data, name=html.escape(t("ag_map_legend", lang)), style_function=_style,
                   highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
                   tooltip=folium.GeoJsonTooltip(["name", "count_label", "domains_label"],
                                                 aliases=[html.escape(t("area", lang)),
                                                          html.escape(t("ag_map_legend", lang)),
                                                          html.escape(t("ag_col_domains", lang))])).add_to(m)
    add_legend(m, [(count_label(i, lang), colour(i)) for i in range(len(COUNT_COLOURS))], t("ag_map_legend", lang))
    return m
