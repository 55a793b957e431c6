"""Map builders: status choropleths and facility layers on an offline folium map (WGS84 for display only).

Every string that comes from data is HTML-escaped before it reaches a tooltip, a layer name or a title.
Coordinates sent to the browser are rounded to 6 decimals (about 0.1 m) to keep the payload small.

Statuses (lib.core.status) each have a colour; a fragile shortfall and a data gap are also *hatched* (stripes of
their colour on white, dashed border): the stripes are an SVG pattern the map adds to its own page
(``HatchPatterns``, no external asset), so they work offline and in the exported HTML; the PNG/PDF exports use
matplotlib hatching.
"""

from __future__ import annotations

import html
import json
from typing import NamedTuple

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from lib.core import geo
from lib.text.i18n import facility_label, t
from lib.ui import readings
from lib.ui.formatting import MISSING, quantity
from lib.ui.offline_map import OfflineMap, add_legend, new_map

STATUS_COLOURS = {"shortfall": "#d7301f", "fragile": "#d7301f", "tight": "#fc8d59", "sufficient": "#91cf60",
                  "surplus": "#1a9850", "negligible": "#ece7d5", "proxy_growth": "#6baed6", "proxy": "#c6dbef",
                  "data_gap": "#8c8c8c", "unknown": "#bdbdbd"}
#: Statuses drawn hatched (stripes of their colour on white, dashed border).
HATCHED = ("fragile", "data_gap")
COORD_DECIMALS = 6


def shapes_wgs84(shapes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Simplified area shapes (WKB, EPSG:28992) → GeoDataFrame in WGS84 for display."""
    g = gpd.GeoDataFrame(shapes.drop(columns=["geom_simple"]), geometry=geo.from_wkb(shapes["geom_simple"]),
                         crs=geo.RD)
    return g.to_crs(geo.WGS84)


def _round(geoms: gpd.GeoSeries) -> np.ndarray:
    return shapely.transform(np.asarray(geoms.values), lambda c: np.round(c, COORD_DECIMALS))


def _fmt(v: float, unit: str, lang: str = "nl") -> str:
    """A tooltip number with its unit in words (escaped), e.g. '−13,3 plaatsen'."""
    return MISSING if pd.isna(v) else html.escape(quantity(v, unit, lang))


class AreaFeatures(NamedTuple):
    """The part of a status map that no year, type or language changes: per area its feature id, code, escaped
    name, GeoJSON geometry and its bounding box (WGS84, coordinates rounded to ``COORD_DECIMALS``), and the
    bounding box of all. Built once per set of shapes and shared, read-only, by the status GeoJSON of every year
    and type."""

    ids: tuple[str, ...]
    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: tuple[dict | None, ...]
    bboxes: tuple[tuple[float, float, float, float] | None, ...]
    bbox: tuple[float, float, float, float]


def area_features(areas: gpd.GeoDataFrame) -> AreaFeatures:
    """:class:`AreaFeatures` of ``areas`` (code, name, geometry in WGS84)."""
    geoms = _round(areas.geometry)
    return AreaFeatures(tuple(str(i) for i in areas.index), tuple(areas["code"]),
                        tuple(html.escape(str(s)) for s in areas["name"]),
                        tuple(None if g is None else shapely.geometry.mapping(g) for g in geoms),
                        tuple(None if g is None else tuple(float(v) for v in g.bounds) for g in geoms),
                        tuple(float(v) for v in areas.total_bounds))


def _records(rows: pd.DataFrame) -> list[dict]:
    """``rows.to_dict("records")`` written column by column, with the same Python values (NA as None, numpy
    scalars as Python ones): under half its time for a year's map rows."""
    names = list(rows.columns)
    columns = [_values(column) for _, column in rows.items()]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _values(column: pd.Series) -> list:
    values = column.tolist()
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biufc":
        return values  # Python numbers and booleans already
    return [None if v is pd.NA else v.item() if isinstance(v, np.generic) else v for v in values]


def status_geojson(areas: gpd.GeoDataFrame | AreaFeatures, rows: pd.DataFrame, lang: str = "nl",
                   base_year: int | None = None) -> dict:
    """GeoJSON FeatureCollection (with ``bbox``) of ``areas`` with escaped tooltip properties from gap ``rows``
    (one per area). Properties: code, name, status, status_label, tip (the row read in words, lib.ui.readings:
    distances as distances, proxies as growth of need, the reason of a data gap; lines escaped and joined with
    <br>), need/supply/gap labels for quantity rows, and for worst-of-all rows (no ``need`` column)
    facility_type and cause_label. ``areas`` may be the :func:`area_features` of the shapes, whose geometries the
    result then shares (read-only)."""
    shapes = areas if isinstance(areas, AreaFeatures) else area_features(areas)
    recs = {rec["area_code"]: rec for rec in _records(rows.drop_duplicates("area_code"))}
    quantity_rows = "need" in rows.columns
    words: dict[str, str] = {}
    features = []
    for fid, code, name, geom, box in zip(shapes.ids, shapes.codes, shapes.names, shapes.geometries, shapes.bboxes,
                                          strict=True):
        rec = recs.get(code)
        status = "unknown" if rec is None or pd.isna(rec["status"]) else rec["status"]
        if status not in words:
            words[status] = html.escape(readings.status_word(status, lang))
        props = {"code": code, "name": name, "status": status, "status_label": words[status]}
        if quantity_rows:
            plain = rec is not None and rec.get("method") != "distance" and rec.get("supply_kind") != "proxy"
            unit = "" if rec is None or pd.isna(rec["unit"]) else str(rec["unit"])
            for col in ("need", "supply", "gap"):
                props[f"{col}_label"] = _fmt(rec[col], unit, lang) if plain else MISSING
            props["tip"] = html.escape(t("nr_unknown", lang)) if rec is None else \
                "<br>".join(html.escape(x) for x in readings.lines(rec, lang, base_year))
        elif "facility_type" in rows.columns:
            cause = None if rec is None else rec["facility_type"]
            props["facility_type"] = cause if isinstance(cause, str) else ""
            props["cause_label"] = html.escape(facility_label(cause, lang)) if isinstance(cause, str) else "–"
            props["tip"] = props["cause_label"]
        features.append({"id": fid, "type": "Feature", "properties": props, "geometry": geom,
                         **({"bbox": box} if box is not None else {})})
    return {"type": "FeatureCollection", "features": features, "bbox": list(shapes.bbox)}


def facility_geojson(facilities: pd.DataFrame, lang: str = "nl") -> dict:
    """Facility points (EPSG:28992 x/y) as a WGS84 FeatureCollection with properties type, id and an escaped
    tooltip ``label`` (name — capacity unit)."""
    pts = gpd.GeoSeries(gpd.points_from_xy(facilities["x"], facilities["y"]), crs=geo.RD).to_crs(geo.WGS84)
    cap = [("" if pd.isna(c) else f" — {quantity(c, u or None, lang)}") for c, u in
           zip(facilities["capacity"], facilities["unit"], strict=True)]
    label = [html.escape(f"{n}{c}") for n, c in zip(facilities["name"].astype(str), cap, strict=True)]
    g = gpd.GeoDataFrame({"id": facilities["id"].astype(str).to_numpy(), "type": facilities["type"].to_numpy(),
                          "label": label}, geometry=_round(pts), crs=geo.WGS84)
    return g.__geo_interface__


def _style_of(status: str) -> dict:
    if status in HATCHED:
        return {"fillColor": f"url(#vzw-hatch-{status})", "color": "#444444", "weight": 1.2, "fillOpacity": 0.9,
                "dashArray": "4 3"}
    return {"fillColor": STATUS_COLOURS.get(status, "#bdbdbd"), "color": "#444444", "weight": 1, "fillOpacity": 0.65}


#: The path style of each status (and of any other value: ``STATUS_STYLE_DEFAULT``), the one table the map's
#: JavaScript and :func:`_status_style` read.
STATUS_STYLES = {s: _style_of(s) for s in STATUS_COLOURS}
STATUS_STYLE_DEFAULT = _style_of("")


def _status_style(feature: dict) -> dict:
    """The path style of a status feature (``STATUS_STYLES``), as the map's JavaScript picks it."""
    return STATUS_STYLES.get(feature["properties"]["status"], STATUS_STYLE_DEFAULT)


#: Leaflet's ``style`` option of the status layer: the feature's style looked up by its ``status`` property in the
#: browser, so the layer's script is the same for every year and type and only its data differ (a folium
#: ``style_function`` writes a switch over the feature ids of every style into the script instead). Leaflet's
#: ``resetStyle`` after a hover reads the same option. Without a ``style_function`` folium also writes
#: ``setStyle(feature => feature.properties.style)``: the features have no ``style`` property, so it sets nothing.
STATUS_STYLE_JS = JsCode(
    "(function () { var styles = " + json.dumps(STATUS_STYLES, sort_keys=True) + "; var other = "
    + json.dumps(STATUS_STYLE_DEFAULT, sort_keys=True) + "; return function (feature) { var s = "
    "feature.properties.status; return Object.prototype.hasOwnProperty.call(styles, s) ? styles[s] : other; }; "
    "})()")


def legend_entries(items: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(label, colour, hatched) for the legend from (label, status) pairs."""
    return [(label, STATUS_COLOURS.get(s, "#bdbdbd"), s in HATCHED) for label, s in items]


class HatchPatterns(MacroElement):
    """SVG stripe patterns (ids ``vzw-hatch-<status>``) added once to the page the map runs in, so a path can be
    filled with ``url(#vzw-hatch-<status>)``. Only a script that builds SVG elements: nothing is loaded."""

    _template = Template("{% macro script(this, kwargs) %}\n{{ this.js }}\n{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "HatchPatterns"
        parts = []
        for s in HATCHED:
            colour = STATUS_COLOURS[s]
            parts.append(
                f"var p = document.createElementNS(ns, 'pattern'); p.setAttribute('id', 'vzw-hatch-{s}');"
                "p.setAttribute('patternUnits', 'userSpaceOnUse'); p.setAttribute('width', '8');"
                "p.setAttribute('height', '8'); p.setAttribute('patternTransform', 'rotate(45)');"
                "var r = document.createElementNS(ns, 'rect'); r.setAttribute('width', '8');"
                "r.setAttribute('height', '8'); r.setAttribute('fill', '#ffffff'); p.appendChild(r);"
                "var l = document.createElementNS(ns, 'rect'); l.setAttribute('width', '3');"
                f"l.setAttribute('height', '8'); l.setAttribute('fill', '{colour}'); p.appendChild(l);"
                "defs.appendChild(p);")
        self.js = ("(function () { if (document.getElementById('vzw-hatches')) { return; }"
                   "var ns = 'http://www.w3.org/2000/svg'; var svg = document.createElementNS(ns, 'svg');"
                   "svg.setAttribute('id', 'vzw-hatches'); svg.setAttribute('width', '0');"
                   "svg.setAttribute('height', '0'); svg.setAttribute('style', 'position:absolute');"
                   "var defs = document.createElementNS(ns, 'defs');" + "".join(
                       "{" + p + "}" for p in parts) + "svg.appendChild(defs); document.body.appendChild(svg); })();")


def _highlight(_feature: dict) -> dict:
    return {"weight": 3, "color": "#000000"}


def status_map(data: dict, lang: str = "nl", tiles: bool = False, facilities: pd.DataFrame | dict | None = None,
               show_types: set[str] | None = None, height: int = 520, title: str | None = None,
               legend: list[tuple[str, str]] | None = None, with_status: bool = True) -> OfflineMap:
    """Status choropleth from a ``status_geojson`` FeatureCollection, with a legend (``(label, status)`` pairs,
    default: the status words), optional switchable facility layers (``show_types`` visible at start; None =
    all) and an optional escaped title box (for exports). ``with_status=False``: everything but the status layer
    (``status_layer``), which a page then sends on its own so the map is not drawn anew when only it changed."""
    minx, miny, maxx, maxy = data["bbox"]
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height, zoom_snap=0.25)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    HatchPatterns().add_to(m)
    if with_status:
        _status_geojson_layer(data, lang).add_to(m)
    if facilities is not None and _any_facility(facilities):
        add_facility_layers(m, facilities, lang, show=show_types)
        folium.LayerControl(collapsed=True).add_to(m)
    items = legend or [(readings.status_word(s, lang), s) for s in STATUS_COLOURS]
    add_legend(m, legend_entries(items), t("status", lang))
    if title:
        TitleBox(title).add_to(m)
    return m


def tooltip_fields(data: dict, lang: str = "nl") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The properties a status layer's tooltip shows and their (escaped) labels: area and status, then the worst
    type's cause (worst of all types) or the row in words; only area and status for a map without features."""
    first = data["features"][0]["properties"] if data["features"] else {}
    fields, aliases = ("name", "status_label"), (t("area", lang), t("status", lang))
    if "cause_label" in first:
        fields, aliases = fields + ("cause_label",), aliases + (t("ov_cause", lang),)
    elif "tip" in first:
        fields, aliases = fields + ("tip",), aliases + (t("nr_details", lang),)
    return fields, tuple(html.escape(a) for a in aliases)


def status_layer_form(data: dict, lang: str = "nl") -> tuple:
    """What of ``data`` shapes the script of its :func:`status_layer` besides the JSON of the data itself: the
    tooltip's fields and labels, and whether there are features at all (folium writes no highlight style for
    none). Two data with the same form give the same script around their JSON."""
    return tooltip_fields(data, lang), bool(data["features"])


def _status_geojson_layer(data: dict, lang: str) -> folium.GeoJson:
    fields, aliases = tooltip_fields(data, lang)
    return folium.GeoJson(data, name=html.escape(t("status", lang)), style=STATUS_STYLE_JS,
                          highlight_function=_highlight,
                          tooltip=folium.GeoJsonTooltip(list(fields), aliases=list(aliases)))


def status_layer(data: dict, lang: str = "nl") -> folium.FeatureGroup:
    """The status polygons of ``data`` (with tooltips and hatching) as a feature group, for
    ``st_folium(feature_group_to_add=…)`` on a ``status_map(…, with_status=False)``: a new year or type then
    replaces this layer in the drawn map instead of drawing the whole map again."""
    group = folium.FeatureGroup(name=html.escape(t("status", lang)))
    _status_geojson_layer(data, lang).add_to(group)
    return group


def gap_map(areas: gpd.GeoDataFrame, rows: pd.DataFrame, lang: str = "nl", tiles: bool = False,
            facilities: pd.DataFrame | None = None, height: int = 520) -> folium.Map:
    """Choropleth of status per area with a legend and optional facility layers (points in EPSG:28992)."""
    return status_map(status_geojson(areas, rows, lang), lang, tiles=tiles, facilities=facilities, height=height)


def facility_layers(facilities: pd.DataFrame | dict, lang: str = "nl") -> dict[str, dict]:
    """The facilities as one FeatureCollection per facility type (in type order): what
    :func:`add_facility_layers` draws. ``facilities``: a DataFrame (EPSG:28992 x/y) or the FeatureCollection of
    :func:`facility_geojson`."""
    data = facilities if isinstance(facilities, dict) else facility_geojson(facilities, lang)
    by_type: dict[str, list[dict]] = {}
    for f in data["features"]:
        by_type.setdefault(str(f["properties"]["type"]), []).append(f)
    return {ftype: {"type": "FeatureCollection", "features": by_type[ftype]} for ftype in sorted(by_type)}


def _is_layers(facilities) -> bool:
    return isinstance(facilities, dict) and "features" not in facilities


def _any_facility(facilities: pd.DataFrame | dict) -> bool:
    if _is_layers(facilities):
        return any(c["features"] for c in facilities.values())
    return bool(len(facilities["features"] if isinstance(facilities, dict) else facilities))


def add_facility_layers(m: folium.Map, facilities: pd.DataFrame | dict, lang: str = "nl",
                        show: set[str] | None = None) -> None:
    """One switchable layer per facility type (a GeoJSON of small circle markers with escaped tooltips);
    the types in ``show`` are visible at start (None = all). ``facilities``: a DataFrame (EPSG:28992 x/y), the
    FeatureCollection of :func:`facility_geojson` or its :func:`facility_layers` (drawn as they are: shared ones
    keep their written JSON, lib.ui.map_json). Tooltips are bound in one small script per layer (the labels are
    escaped already), which renders far faster than a GeoJsonTooltip per layer."""
    layers = facilities if _is_layers(facilities) else facility_layers(facilities, lang)
    for ftype, collection in layers.items():
        folium.GeoJson(
            collection, name=html.escape(facility_label(ftype, lang)), show=show is None or ftype in show,
            marker=folium.CircleMarker(radius=4, color="#1f3b73", weight=1, fill=True, fill_color="#3b6fd1",
                                       fill_opacity=0.9),
            on_each_feature=_BIND_LABEL,
        ).add_to(m)


_BIND_LABEL = JsCode("function (feature, layer) { layer.bindTooltip(feature.properties.label); }")


def clicked_feature(value: dict | None) -> dict | None:
    """Properties of the area polygon clicked on an st_folium map (``returned_objects=['last_active_drawing']``),
    or None when nothing with an area ``code`` was clicked (e.g. a facility point)."""
    feature = (value or {}).get("last_active_drawing") or {}
    props = feature.get("properties") or {}
    return props if props.get("code") else None


class TitleBox(MacroElement):
    """A static, escaped title box in the map's top-left corner (no scripts)."""

    _template = Template("{% macro html(this, kwargs) %}\n{{ this.box }}\n{% endmacro %}")

    def __init__(self, title: str):
        super().__init__()
        self._name = "TitleBox"
        self.box = ('<div class="vzw-title" style="position:fixed;left:56px;top:10px;z-index:1000;'
                    'background:rgba(255,255,255,.92);padding:6px 10px;border:1px solid #999;border-radius:4px;'
                    f'font:bold 15px/1.3 sans-serif;color:#222;max-width:70%">{html.escape(title)}</div>')
