"""Shared map data is written to JSON once (lib.ui.map_json): a marked object's layer renders exactly as before,
its JSON is written on the first render only, and anything unmarked (or a new object that happens to get a
forgotten one's id) is written afresh every time."""

from __future__ import annotations

import json

import folium

from lib.ui import map_json, maps

FC = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code": "BU1", "name": "A <b>", "status": "shortfall", "status_label": "x",
                                       "tip": "y"},
     "geometry": {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]}}],
    "bbox": [5.0, 52.0, 5.1, 52.1]}


def _layer_script(data: dict) -> str:
    m = folium.Map()
    layer = maps.status_layer(data)
    layer.add_to(m)
    return m.get_root().render()


def _counting(monkeypatch) -> list:
    calls = []
    real = json.dumps
    monkeypatch.setattr(map_json.json, "dumps", lambda obj, **kw: calls.append(id(obj)) or real(obj, **kw))
    return calls


def test_installed_for_folium_templates():
    assert map_json.environment().policies["json.dumps_function"] is map_json.dumps
    assert folium.GeoJson._template.environment is map_json.environment()


def test_a_shared_layer_is_written_once_and_renders_as_before(monkeypatch):
    data = map_json.share(json.loads(json.dumps(FC)))
    calls = _counting(monkeypatch)  # every json.dumps of the object (folium itself also writes it once, unshared)
    first = _layer_script(data)
    n_first = calls.count(id(data))
    second = _layer_script(data)
    n_second = calls.count(id(data)) - n_first
    monkeypatch.setitem(map_json.environment().policies, "json.dumps_function", json.dumps)
    plain = _layer_script(data)
    n_plain = calls.count(id(data)) - n_first - n_second
    assert n_first == n_plain and n_second == n_plain - 1  # the template's tojson: only on the first render
    strip = lambda doc: [line.split("_add(", 1)[-1] for line in doc.splitlines()  # noqa: E731  (ids differ)
                         if "FeatureCollection" in line]
    assert strip(first) == strip(second) == strip(plain) and strip(first)
    assert "A \\u003cb\\u003e" in strip(first)[0]  # still escaped for the page


def test_unshared_objects_are_written_every_time(monkeypatch):
    data = json.loads(json.dumps(FC))
    calls = _counting(monkeypatch)
    _layer_script(data)
    _layer_script(data)
    assert calls.count(id(data)) == 2


def test_the_oldest_are_forgotten_and_an_id_is_never_confused(monkeypatch):
    monkeypatch.setattr(map_json, "LIMIT", 3)
    kept = [map_json.share({"n": i}) for i in range(5)]
    assert len(map_json._shared) <= 3
    assert map_json.dumps(kept[0], sort_keys=True) == '{"n": 0}'  # forgotten: written afresh, still right
    other = {"n": 99}
    map_json._shared[id(other) ^ 1] = (kept[4], {})  # an entry under a different object's id
    assert map_json.dumps(other) == '{"n": 99}'
