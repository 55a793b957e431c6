"""Map builders: status choropleths and facility layers on an offline folium map (WGS84 for display only).

Every string that comes from data is HTML-escaped before it reaches a tooltip.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

from lib import geo
from lib.i18n import facility_label, t
from lib.offline_map import add_legend, new_map

STATUS_COLOURS = {"shortfall": "#d7301f", "tight": "#fc8d59", "sufficient": "#91cf60", "surplus": "#1a9850",
                  "unknown": "#bdbdbd"}


def shapes_wgs84(shapes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Simplified area shapes (WKB, EPSG:28992) → GeoDataFrame in WGS84 for display."""
    g = gpd.GeoDataFrame(shapes.drop(columns=["geom_simple"]), geometry=geo.from_wkb(shapes["geom_simple"]),
                         crs=geo.RD)
    return g.to_crs(geo.WGS84)


def _fmt(v: float, unit: str) -> str:
    if pd.isna(v):
        return "–"
    return f"{v:,.0f} {unit}" if abs(v) >= 100 else f"{v:,.1f} {unit}"


def status_geojson(areas: gpd.GeoDataFrame, rows: pd.DataFrame, lang: str = "nl") -> dict:
    """GeoJSON FeatureCollection of ``areas`` with escaped tooltip properties from gap ``rows`` (one per area)."""
    r = rows.set_index("area_code")
    g = areas[["code", "name", "geometry"]].copy()
    st = g["code"].map(r["status"]).fillna("unknown")
    unit = g["code"].map(r["unit"]).fillna("")
    g["name"] = g["name"].map(lambda s: html.escape(str(s)))
    g["status"] = st
    g["status_label"] = st.map(lambda s: t(s, lang))
    g["need_label"] = [_fmt(v, u) for v, u in zip(g["code"].map(r["need"]), unit, strict=True)]
    g["supply_label"] = [_fmt(v, u) for v, u in zip(g["code"].map(r["supply"]), unit, strict=True)]
    g["gap_label"] = [_fmt(v, u) for v, u in zip(g["code"].map(r["gap"]), unit, strict=True)]
    return g.__geo_interface__


def gap_map(areas: gpd.GeoDataFrame, rows: pd.DataFrame, lang: str = "nl", tiles: bool = False,
            facilities: pd.DataFrame | None = None, height: int = 520) -> folium.Map:
    """Choropleth of status per area with a legend and optional facility layers (points in EPSG:28992)."""
    minx, miny, maxx, maxy = areas.total_bounds
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    data = status_geojson(areas, rows, lang)
    folium.GeoJson(
        data, name=t("status", lang),
        style_function=lambda f: {"fillColor": STATUS_COLOURS.get(f["properties"]["status"], "#bdbdbd"),
                                  "color": "#444444", "weight": 1, "fillOpacity": 0.65},
        highlight_function=lambda f: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            ["name", "status_label", "need_label", "supply_label", "gap_label"],
            aliases=[t("area", lang), t("status", lang), t("need", lang), t("supply", lang), t("gap", lang)]),
    ).add_to(m)
    if facilities is not None and len(facilities):
        add_facility_layers(m, facilities, lang)
        folium.LayerControl(collapsed=True).add_to(m)
    add_legend(m, [(t(s, lang), c) for s, c in STATUS_COLOURS.items()], t("legend", lang))
    return m


def add_facility_layers(m: folium.Map, facilities: pd.DataFrame, lang: str = "nl") -> None:
    """One switchable layer per facility type with small circle markers and escaped tooltips."""
    pts = gpd.GeoSeries(gpd.points_from_xy(facilities["x"], facilities["y"]), crs=geo.RD).to_crs(geo.WGS84)
    fac = facilities.assign(lon=pts.x.to_numpy(), lat=pts.y.to_numpy())
    for ftype, group in fac.groupby("type"):
        layer = folium.FeatureGroup(name=html.escape(facility_label(str(ftype), lang)), show=True)
        for row in group.itertuples():
            cap = "" if pd.isna(row.capacity) else f" — {row.capacity:g} {html.escape(str(row.unit or ''))}"
            folium.CircleMarker([row.lat, row.lon], radius=4, color="#1f3b73", weight=1, fill=True,
                                fill_color="#3b6fd1", fill_opacity=0.9,
                                tooltip=html.escape(str(row.name)) + cap).add_to(layer)
        layer.add_to(m)
