"""Maps drawn with streamlit-folium, their JavaScript and HTML made once per map (issue 13).

``st_folium`` renders the folium map into strings on every rerun (the map's script, header and HTML, the feature
group sent on its own, the asset links): 10-14 ms of a 50 ms Overzicht rerun, the same strings every time the
map's inputs are the same. :func:`draw` makes them once per ``map_key`` (and the feature group's once per
``layer_key``) and hands them to the same component ``st_folium`` uses, as ``st_folium(..., render=False)``
would. The keys must name every input of the map and of the layer (data version, case, level, type, language,
…); the strings are shared by every session (read-only), the oldest of more than ``LIMIT`` are forgotten.

The argument building follows streamlit-folium 0.27.4's ``st_folium`` (pinned in requirements.txt);
tests/test_drawn_maps.py checks the component receives exactly what ``st_folium`` would send.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import branca.colormap
import folium
import folium.elements
import streamlit as st
import streamlit_folium as sf

from lib.ui import map_json

LIMIT = 128
_made: OrderedDict[Hashable, dict] = OrderedDict()
_lock = threading.Lock()


def _once(key: Hashable, make: Callable[[], dict]) -> dict:
    with _lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
    value = make()  # outside the lock: two sessions may both make it once, the same strings
    with _lock:
        _made[key] = value
        while len(_made) > LIMIT:
            _made.popitem(last=False)
    return value


def _assets(m: folium.Map) -> tuple[list[str], list[str]]:
    """The CSS and JS links of the map's elements, as st_folium collects them (st_folium also puts two d3 CDN
    links first for a branca ColorMap: our maps have none, and lib.ui.offline_map refuses CDN links)."""
    def walk(fig):
        if isinstance(fig, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
            yield fig
        for child in getattr(fig, "_children", {}).values():
            yield from walk(child)

    css, js = [], []
    for elem in walk(m):
        css += [href for _, href in getattr(elem, "default_css", [])]
        js += [src for _, src in getattr(elem, "default_js", [])]
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def _map_strings(m: folium.Map, returned_objects: list[str], key: str) -> dict:
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    leaflet = sf._get_map_string(m)
    (s, w), (n, e) = m.get_bounds()
    defaults = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
                "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
                "last_active_drawing": None,
                "bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
                "zoom": m.options.get("zoom"), "last_circle_radius": None, "last_circle_polygon": None,
                "selected_layers": None, "selected_tags": None, "last_geocoder_result": None}
    css, js = _assets(m)
    return {"script": leaflet, "header": header, "html": html, "id": sf.get_full_id(m),
            "hash_key": sf.generate_js_hash(leaflet, key, False),
            "default": {k: v for k, v in defaults.items() if k in returned_objects}, "css_links": css,
            "js_links": js}


def _layer_string(m: folium.Map, layer: folium.FeatureGroup) -> str:
    return sf._get_feature_group_string(layer, map=m, idx=0)  # the map's own id is replaced by "map_div" in it


def _layer_form(m: folium.Map, layer: folium.FeatureGroup, data: dict) -> dict:
    """The layer's string split around the JSON of ``data`` (``{"before": …, "after": …}``), or ``{"text": …}``
    when that JSON is not in it exactly once (then nothing is put in its place: :func:`draw` renders such a layer
    on every call, correct but slow)."""
    text = _layer_string(m, layer)
    parts = text.split(map_json.tojson(data))
    return {"before": parts[0], "after": parts[1]} if len(parts) == 2 else {"text": text}


#: Added to a layer's script by ``draw(..., click_at_once=True)``: a click on one of the layer's shapes is sent to the
#: app at once. st_folium's own click handler waits 250 ms for more events (its debounce, meant for panning and
#: zooming) before it sends the same value; this sends it first, the way st_folium's ``updateComponentValue`` would
#: with ``returned_objects=["last_active_drawing"]`` (its ``previous_data`` then equals what the late call finds, so
#: that one sends nothing). ``window.Streamlit`` and ``window.__GLOBAL_DATA__`` are streamlit-folium 0.27.4's.
CLICK_AT_ONCE_JS = """
(function () {
    function atOnce(e) {
        var g = window.__GLOBAL_DATA__;
        if (!g || !window.Streamlit || !e.target || typeof e.target.toGeoJSON !== "function") { return; }
        var data = {last_active_drawing: e.target.toGeoJSON()};
        g.last_active_drawing = data.last_active_drawing;
        if (JSON.stringify(g.previous_data) === JSON.stringify(data)) { return; }
        g.previous_data = data;
        window.Streamlit.setComponentValue(data);
    }
    feature_group_feature_group_0.eachLayer(function (layer) {
        if (typeof layer.eachLayer === "function") { layer.eachLayer(function (shape) { shape.on("click", atOnce); }); }
    });
})();
"""


def draw(map_key: Hashable, make_map: Callable[[], folium.Map], *, key: str, height: int,
         returned_objects: list[str], layer_key: Hashable | None = None,
         make_layer: Callable[[], folium.FeatureGroup] | None = None, layer_data: dict | None = None,
         click_at_once: bool = False, on_change: Callable | None = None):
    """``st_folium(make_map(), key=key, height=height, use_container_width=True, returned_objects=…,
    feature_group_to_add=make_layer(), on_change=on_change, render=False)``, with the map's strings made once per
    ``map_key`` and the layer's once per ``layer_key``; returns what st_folium returns.

    ``layer_data``: the GeoJSON the layer draws, when that is all that differs between the layers of one
    ``layer_key`` (its JSON, as folium's ``tojson`` writes it, is the only part of the layer's script that changes
    with it: e.g. a status layer styled in the browser, lib.ui.maps.STATUS_STYLE_JS). The script is then made once
    per ``layer_key`` and the JSON of each new ``layer_data`` put in its place: a new year costs its JSON, not a
    folium render. Without it ``layer_key`` must name the data too.

    ``click_at_once``: a click on a shape of the layer reaches the app without st_folium's 250 ms wait
    (``CLICK_AT_ONCE_JS``); only with ``returned_objects=["last_active_drawing"]``, the value it sends."""
    if click_at_once and (make_layer is None or list(returned_objects) != ["last_active_drawing"]):
        raise ValueError("click_at_once needs a layer and returned_objects=['last_active_drawing']")
    made = _once(("map", map_key, key, tuple(returned_objects)), lambda: _map_strings(make_map(), returned_objects,
                                                                                      key))
    layer = None
    if make_layer is not None and layer_data is None:
        layer = _once(("layer", layer_key), lambda: {"text": _layer_string(make_map(), make_layer())})["text"]
    elif make_layer is not None:
        form = _once(("layer-form", layer_key), lambda: _layer_form(make_map(), make_layer(), layer_data))
        layer = form["before"] + map_json.tojson(layer_data) + form["after"] if "before" in form else \
            _layer_string(make_map(), make_layer())
    if click_at_once:
        layer += CLICK_AT_ONCE_JS
    hash_key = made["hash_key"]

    def _on_change():
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return sf._component_func(
        script=made["script"], header=made["header"], html=made["html"], id=made["id"], key=hash_key,
        height=height, width=None, returned_objects=returned_objects, default=made["default"], zoom=None,
        center=None, feature_group=layer, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=made["css_links"], js_links=made["js_links"], on_change=_on_change, wrap_longitude=False)
