"""Maps drawn once per key (app_pages/drawn_maps.py): the component gets exactly what ``st_folium(...,
render=False)`` sends for the same map and layer, and a rerun with the same keys builds nothing again."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import streamlit_folium as sf
from shapely.geometry import box

from app_pages import drawn_maps
from lib.ui import maps


def _data(year_status: str = "shortfall") -> dict:
    areas = gpd.GeoDataFrame({"code": ["BU1", "BU2"], "name": ["Lombok", "Zuilen"]}, crs="EPSG:4326",
                             geometry=[box(5.0, 52.0, 5.01, 52.01), box(5.01, 52.0, 5.02, 52.01)])
    rows = pd.DataFrame({"area_code": ["BU1", "BU2"], "status": [year_status, "sufficient"], "need": [9.0, 2.0],
                         "supply": [3.0, 4.0], "gap": [-6.0, 2.0], "unit": ["places"] * 2, "method": ["ratio"] * 2,
                         "year": [2030] * 2})
    return maps.status_geojson(areas, rows, "nl", 2024)


FACILITIES = pd.DataFrame({"id": ["f1", "f2"], "type": ["gym", "library"], "name": ["Zaal", "Bieb"],
                           "x": [136000.0, 136100.0], "y": [455000.0, 455000.0], "capacity": [1.0, None],
                           "unit": ["facilities", None]})


def _map(data):
    return maps.status_map(data, "nl", facilities=FACILITIES, show_types={"gym"}, with_status=False)


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: calls.append(kw))
    monkeypatch.setattr(drawn_maps, "_made", type(drawn_maps._made)())
    return calls


def test_the_component_gets_what_st_folium_sends(sent):
    data = _data()
    sf.st_folium(_map(data), key="k", height=560, use_container_width=True,
                 returned_objects=["last_active_drawing"], feature_group_to_add=maps.status_layer(data),
                 render=False)
    drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=["last_active_drawing"],
                    layer_key="l", make_layer=lambda: maps.status_layer(data))
    ours, theirs = sent[1], sent[0]
    assert ours.pop("on_change") is not None and theirs.pop("on_change") is not None
    assert ours.keys() == theirs.keys()
    for name in theirs:
        assert ours[name] == theirs[name], name


def test_a_rerun_with_the_same_keys_builds_nothing_and_a_new_layer_only_the_layer(sent):
    built = {"map": 0, "layer": 0}
    data = _data()

    def make_map():
        built["map"] += 1
        return _map(data)

    def make_layer(status="shortfall"):
        built["layer"] += 1
        return maps.status_layer(_data(status))

    for _ in range(3):
        drawn_maps.draw("m", make_map, key="k", height=560, returned_objects=[], layer_key="2030",
                        make_layer=make_layer)
    assert built == {"map": 2, "layer": 1}  # the map once for its strings, once under the layer
    drawn_maps.draw("m", make_map, key="k", height=560, returned_objects=[], layer_key="2031",
                    make_layer=lambda: make_layer("tight"))
    assert built == {"map": 3, "layer": 2}
    assert sent[0]["feature_group"] == sent[2]["feature_group"] != sent[3]["feature_group"]
    assert '"tight"' in sent[3]["feature_group"] and sent[3]["script"] == sent[0]["script"]
