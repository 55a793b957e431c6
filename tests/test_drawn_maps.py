"""Maps drawn once per key (app_pages/drawn_maps.py): the component gets exactly what ``st_folium(...,
render=False)`` sends for the same map and layer, and a rerun with the same keys builds nothing again."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import streamlit_folium as sf
from shapely.geometry import box

from app_pages import drawn_maps
from lib.ui import map_json, maps


def _data_areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["BU1", "BU2"], "name": ["Lombok", "Zuilen"]}, crs="EPSG:4326",
                            geometry=[box(5.0, 52.0, 5.01, 52.01), box(5.01, 52.0, 5.02, 52.01)])


def _data(year_status: str = "shortfall") -> dict:
    areas = _data_areas()
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


def test_a_layer_of_the_same_form_gets_each_new_data_written_into_it(sent):
    """With ``layer_data`` the layer's script is made once per ``layer_key`` and each year's GeoJSON is put in its
    place: byte for byte what st_folium sends for that year's own layer (styles looked up in the browser)."""
    built = []

    def make_layer(data):
        built.append(data)
        return maps.status_layer(data)

    years = {status: map_json.share(_data(status)) for status in ("shortfall", "tight", "fragile", "data_gap")}
    for data in years.values():
        form = maps.status_layer_form(data, "nl")
        drawn_maps.draw("m", lambda d=data: _map(d), key="k", height=560, returned_objects=[],
                        layer_key=("status", form), make_layer=lambda d=data: make_layer(d), layer_data=data)
    assert len(built) == 1  # one render for all four
    for data, call in zip(years.values(), sent, strict=True):
        direct = drawn_maps._layer_string(_map(data), maps.status_layer(data))
        assert call["feature_group"] == direct
    assert len({call["feature_group"] for call in sent}) == 4
    assert 'url(#vzw-hatch-fragile)' in sent[0]["feature_group"]  # the styles are in the script, by status


def test_a_layer_whose_data_is_not_in_its_script_once_is_drawn_as_it_is(sent, monkeypatch):
    data = _data()
    monkeypatch.setattr(drawn_maps.map_json, "tojson", lambda _obj: "not in the script")
    drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=[], layer_key="l",
                    make_layer=lambda: maps.status_layer(data), layer_data=data)
    assert sent[0]["feature_group"] == drawn_maps._layer_string(_map(data), maps.status_layer(data))


def test_the_layer_form_names_the_tooltip_and_whether_there_are_features():
    one, worst = _data(), maps.status_geojson(_data_areas(), pd.DataFrame(
        {"area_code": ["BU1"], "status": ["tight"], "facility_type": ["gym"]}), "nl")
    empty = {"type": "FeatureCollection", "features": [], "bbox": [5.0, 52.0, 5.0, 52.0]}
    assert maps.status_layer_form(one, "nl") == ((("name", "status_label", "tip"), ("Gebied", "Status",
                                                                                      "Toelichting")), True)
    assert maps.status_layer_form(worst, "en")[0][0] == ("name", "status_label", "cause_label")
    assert maps.status_layer_form(empty, "nl") == ((("name", "status_label"), ("Gebied", "Status")), False)


def test_a_click_at_once_is_added_to_the_layer_only_for_the_value_it_sends(sent):
    data = _data()
    drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=["last_active_drawing"],
                    layer_key="l", make_layer=lambda: maps.status_layer(data), layer_data=data, click_at_once=True)
    drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=["last_active_drawing"],
                    layer_key="l", make_layer=lambda: maps.status_layer(data), layer_data=data)
    at_once, plain = sent[0]["feature_group"], sent[1]["feature_group"]
    assert at_once == plain + drawn_maps.CLICK_AT_ONCE_JS
    assert "feature_group_feature_group_0.eachLayer" in at_once and "feature_group_feature_group_0" in plain
    for returned in (["last_active_drawing", "bounds"], ["last_clicked"]):
        with pytest.raises(ValueError):
            drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=returned,
                            layer_key="l", make_layer=lambda: maps.status_layer(data), click_at_once=True)
    with pytest.raises(ValueError):
        drawn_maps.draw("m", lambda: _map(data), key="k", height=560, returned_objects=["last_active_drawing"],
                        click_at_once=True)
