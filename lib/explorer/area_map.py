"""The Buurtverkenner map: the chosen area, its neighbours (clickable), the facilities in and near it and
catchment circles (metres), on an offline folium map (WGS84 for display only; inputs in EPSG:28992).

Every string from data is HTML-escaped before it reaches a tooltip. Clicking an area returns its feature
(``last_active_drawing`` in st_folium) with the raw ``code`` property, which is never shown as HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from lib.core import geo
from lib.text.i18n import facility_label, t
from lib.ui.formatting import amount, quantity
from lib.ui.offline_map import add_legend, new_map

AREA_COLOUR = "#1f3b73"
OTHER_COLOUR = "#9e9e9e"
TYPE_COLOUR = "#e66101"
TYPE_OUT_COLOUR = "#fdb863"
OTHERS_COLOUR = "#5e3c99"
CIRCLE_COLOUR = "#d7301f"
MIN_VIEW_M = 800.0
VIEW_MARGIN_M = 200.0


def _to_wgs84(x, y) -> tuple[list[float], list[float]]:
    pts = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=geo.RD).to_crs(geo.WGS84)
    return pts.y.tolist(), pts.x.tolist()


def view_bounds(centres_rd: list[tuple[float, float]], radius_m: float | None, area_bounds) -> list[list[float]]:
    """[[south, west], [north, east]] covering the area and the circles of ``radius_m`` around the centres."""
    r = max(radius_m or 0.0, MIN_VIEW_M) + VIEW_MARGIN_M
    xs, ys = [c[0] for c in centres_rd], [c[1] for c in centres_rd]
    lat, lon = _to_wgs84([min(xs) - r, max(xs) + r], [min(ys) - r, max(ys) + r])
    minx, miny, maxx, maxy = area_bounds
    return [[min(lat[0], miny), min(lon[0], minx)], [max(lat[1], maxy), max(lon[1], maxx)]]


def _area_features(shapes: gpd.GeoDataFrame) -> dict:
    g = shapes[["code", "name", "geometry"]].copy()
    g["label"] = [html.escape(f"{n} ({c})") for n, c in zip(g["name"], g["code"], strict=True)]
    return g[["code", "label", "geometry"]].__geo_interface__


@dataclass(frozen=True)
class AreaView:
    """What the area map draws that depends on the area and the radius only, in WGS84 for display: the view
    ``bounds`` ([[south, west], [north, east]]), the area and its neighbours in view as GeoJSON (properties
    code, escaped label), the ``centres`` (lat, lon) of the area's buurten and the ``facilities`` near it
    (EPSG:28992 x/y plus lat, lon). Built once per area (:func:`area_view`); a year step only adds its layers."""
    bounds: list[list[float]]
    selected: dict | None
    others: dict | None
    centres: list[tuple[float, float]]
    facilities: pd.DataFrame


def area_view(shapes: gpd.GeoDataFrame, code: str, centres_rd: list[tuple[float, float]], facilities: pd.DataFrame,
              radius_m: float | None = None) -> AreaView:
    """The :class:`AreaView` of area ``code`` (from ``shapes``, WGS84): the view covers the area and the
    circles of ``radius_m`` metres around ``centres_rd`` (the centroids of its buurten, EPSG:28992 m); the
    neighbours are the areas within half a view around it."""
    selected = shapes[shapes["code"] == code]
    bounds = view_bounds(centres_rd, radius_m, selected.total_bounds if len(selected) else (180, 90, -180, -90))
    (s, w), (n, e) = bounds
    pad_lat, pad_lon = (n - s) * 0.5, (e - w) * 0.5
    window = shapely.box(w - pad_lon, s - pad_lat, e + pad_lon, n + pad_lat)
    others = shapes[(shapes["code"] != code) & shapes.intersects(window)]
    lat, lon = _to_wgs84([c[0] for c in centres_rd], [c[1] for c in centres_rd]) if centres_rd else ([], [])
    flat, flon = _to_wgs84(facilities["x"], facilities["y"]) if len(facilities) else ([], [])
    return AreaView(bounds=bounds, selected=_area_features(selected) if len(selected) else None,
                    others=_area_features(others) if len(others) else None,
                    centres=list(zip(lat, lon, strict=True)),
                    facilities=facilities.assign(lat=flat, lon=flon))


def area_map(shapes: gpd.GeoDataFrame, code: str, centres_rd: list[tuple[float, float]], facilities: pd.DataFrame,
             ftype: str, contributions: pd.DataFrame | None = None, radius_m: float | None = None,
             unit: str = "", lang: str = "nl", tiles: bool = False, height: int = 480) -> folium.Map:
    """Map of area ``code`` (from ``shapes``, WGS84) with clickable neighbours, the facilities (EPSG:28992 x/y;
    ``ftype`` highlighted, with their 2SFCA contribution from ``contributions`` (id, contribution) in the
    tooltip) and, when given, circles of ``radius_m`` metres around ``centres_rd``: the centroids of the area's
    buurten, from which 2SFCA and distance norms measure (one circle for a buurt, one per buurt for a wijk).
    The whole map in one: :func:`base_map` with :func:`year_layers` and :func:`layer_control` added (the page
    sends the year layers apart, so a new year does not draw the map anew)."""
    view = area_view(shapes, code, centres_rd, facilities, radius_m)
    m = base_map(view, ftype, radius_m, lang, tiles=tiles, height=height)
    for layer in year_layers(view, ftype, contributions, radius_m, unit, lang):
        layer.add_to(m)
    layer_control().add_to(m)
    return m


def base_map(view: AreaView, ftype: str, radius_m: float | None = None, lang: str = "nl", tiles: bool = False,
             height: int = 480) -> folium.Map:
    """The part of the area map that does not change with the year: the area and its clickable neighbours, the
    circles of ``radius_m`` metres around the area's buurt centres, the facilities of the other types and the
    legend. The chosen type's facilities (their 2SFCA contributions are the year's) are :func:`year_layers`,
    sent as ``st_folium(feature_group_to_add=…, layer_control=layer_control())``: a new year replaces them in
    the drawn map."""
    (s, w), (n, e) = view.bounds
    m = new_map(((s + n) / 2, (w + e) / 2), 14, tiles=tiles, height=height)
    m.fit_bounds(view.bounds)
    areas = folium.FeatureGroup(name=html.escape(t("bv_layer_areas", lang)), control=False)
    if view.others:
        folium.GeoJson(
            view.others,
            style_function=lambda f: {"fillColor": OTHER_COLOUR, "color": "#616161", "weight": 1,
                                      "fillOpacity": 0.12},
            highlight_function=lambda f: {"weight": 3, "color": "#000000", "fillOpacity": 0.25},
            tooltip=folium.GeoJsonTooltip(["label"], labels=False),
        ).add_to(areas)
    if view.selected:
        folium.GeoJson(
            view.selected,
            style_function=lambda f: {"fillColor": AREA_COLOUR, "color": AREA_COLOUR, "weight": 4,
                                      "fillOpacity": 0.15},
            tooltip=folium.GeoJsonTooltip(["label"], labels=False),
        ).add_to(areas)
    areas.add_to(m)
    if radius_m:
        tip = html.escape(f"{t('bv_legend_circle', lang)} {amount(radius_m, 'm', lang)} m")
        for la, lo in view.centres:
            folium.Circle([la, lo], radius=float(radius_m), color=CIRCLE_COLOUR,
                          weight=2 if len(view.centres) == 1 else 1, dash_array="6 4", fill=False,
                          tooltip=tip).add_to(m)
    fac = view.facilities
    for layer in _type_layers(fac[fac["type"] != ftype], ftype, None, "", lang):
        layer.add_to(m)
    items = [(t("bv_legend_area", lang), AREA_COLOUR), (t("bv_legend_other", lang), OTHER_COLOUR),
             (t("bv_legend_type", lang).format(type=facility_label(ftype, lang)), TYPE_COLOUR),
             (t("bv_legend_type_out", lang).format(type=facility_label(ftype, lang)), TYPE_OUT_COLOUR),
             (t("bv_legend_others", lang), OTHERS_COLOUR)]
    if radius_m:
        items.append((f"{t('bv_legend_circle', lang)} ({amount(radius_m, 'm', lang)} m)", CIRCLE_COLOUR))
    add_legend(m, items, t("bv_legend", lang))
    return m


def year_layers(view: AreaView, ftype: str, contributions: pd.DataFrame | None = None,
                radius_m: float | None = None, unit: str = "", lang: str = "nl") -> list[folium.FeatureGroup]:
    """The layers of the area map that change with the year: the chosen type's facilities (those that count
    for the area bigger, with their 2SFCA contribution from ``contributions`` (id, contribution) in the tooltip)
    and, for catchment norms, a circle of ``radius_m`` metres around each counting facility (hidden at start).
    Always at least one layer (an empty one without a switch when there is nothing), so the layer switch is
    sent with them."""
    share = (contributions.set_index("id")["contribution"] if contributions is not None and len(contributions)
             else pd.Series(dtype="float64"))
    fac = view.facilities
    out = _type_layers(fac[fac["type"] == ftype], ftype, share, unit, lang)
    if radius_m and len(share):
        circles = folium.FeatureGroup(name=html.escape(t("bv_layer_circles", lang)), show=False)
        for row in fac[(fac["type"] == ftype) & fac["id"].isin(share.index)].itertuples():
            folium.Circle([row.lat, row.lon], radius=float(radius_m), color=TYPE_COLOUR, weight=1, fill=True,
                          fill_opacity=0.05, tooltip=html.escape(str(row.name))).add_to(circles)
        out.append(circles)
    return out or [folium.FeatureGroup(control=False)]


def layer_control() -> folium.LayerControl:
    """The layer switch of the area map, for ``st_folium(layer_control=…)``: it lists the base map's facility
    layers and the year layers, and hides the layers that start hidden (st_folium adds every layer it is sent
    to the map)."""
    return _LayerSwitch(collapsed=True)


class _LayerSwitch(folium.LayerControl):
    """folium's LayerControl that also takes the overlays with ``show=False`` off the map after it is made."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_child(_HideOverlays(), name="hide_overlays")

    def hidden(self) -> list[str]:
        return [item.get_name() for item in self._parent._children.values()
                if isinstance(item, Layer) and item.control and item.overlay and not item.show]


class _HideOverlays(MacroElement):
    _template = Template("{% macro script(this, kwargs) %}{% for name in this._parent.hidden() %}"
                         "{{ this._parent._parent.get_name() }}.removeLayer({{ name }});"
                         "{% endfor %}{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "HideOverlays"


def _tip(row, kind: str, chosen: bool, share: pd.Series, unit: str, lang: str) -> str:
    tip = f"{row.name} — {facility_label(str(kind), lang)}"
    if not pd.isna(row.capacity):
        tip += f" — {quantity(row.capacity, str(row.unit or ''), lang)}"
    if chosen and row.id in share.index:
        tip += f" — {t('bv_contribution', lang)}: {quantity(share[row.id], unit, lang)}"
    return html.escape(tip)


def _type_layers(fac: pd.DataFrame, ftype: str, share: pd.Series | None, unit: str,
                lang: str) -> list[folium.FeatureGroup]:
    """One switchable GeoJSON layer of circle markers per facility type in ``fac`` (with lat, lon; sorted by
    type); ``ftype`` bigger, those in ``share`` (id → 2SFCA contribution) biggest, with the contribution in the
    tooltip."""
    if fac.empty:
        return []
    share = pd.Series(dtype="float64") if share is None else share
    out = []
    for kind in sorted(fac["type"].unique(), key=str):
        group = fac[fac["type"] == kind]
        chosen = kind == ftype
        counts = group["id"].isin(share.index).to_numpy() if chosen else np.zeros(len(group), bool)
        layer = folium.FeatureGroup(name=html.escape(facility_label(str(kind), lang)), show=True)
        for part, colour, size in ((group[~counts], TYPE_OUT_COLOUR if chosen else OTHERS_COLOUR, 5 if chosen else 4),
                                   (group[counts], TYPE_COLOUR, 7)):
            if part.empty:
                continue
            features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
                         "properties": {"tip": _tip(row, kind, chosen, share, unit, lang)}}
                        for row in part.itertuples()]
            folium.GeoJson({"type": "FeatureCollection", "features": features},
                           marker=folium.CircleMarker(radius=size, weight=1, color="#333333", fill=True,
                                                      fill_color=colour, fill_opacity=0.95),
                           style_function=lambda f, c=colour: {"fillColor": c, "color": "#333333", "weight": 1,
                                                               "fillOpacity": 0.95},
                           tooltip=folium.GeoJsonTooltip(["tip"], labels=False)).add_to(layer)
        out.append(layer)
    return out
