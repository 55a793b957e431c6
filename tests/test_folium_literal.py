"""Map text stays text (lib.ui.folium_literal): a name with Jinja syntax in it is shown as typed on every map
path (the drawn map's pieces that streamlit-folium sends, the exported stand-alone HTML) and never evaluated in
the server; and ordinary maps render exactly as branca rendered them before the patch."""

from __future__ import annotations

import itertools
import os

import geopandas as gpd
import pandas as pd
import pytest
import streamlit_folium
from branca import element as branca_element
from shapely.geometry import box

from lib.ui import folium_literal, maps
from lib.ui.offline_map import standalone_html

ARITHMETIC = "{{ 7*7 }}"
#: The classic Jinja escape to Python: were it evaluated, the server's process id would be in the output.
CODE = "{{ cycler.__init__.__globals__.os.getpid() }}"
BLOCK = "{% for i in range(3) %}x{% endfor %}"
COMMENT = "{# hidden #}"


def _areas(names: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": [f"BU{i:08d}" for i in range(len(names))], "name": names},
                            geometry=[box(5.0 + i * 0.01, 52.0, 5.01 + i * 0.01, 52.01) for i in range(len(names))],
                            crs="EPSG:4326")


def _rows(codes: list[str]) -> pd.DataFrame:
    n = len(codes)
    return pd.DataFrame({"area_code": codes, "status": ["shortfall"] * n, "need": [10.0] * n,
                         "supply": [4.0] * n, "gap": [-6.0] * n, "unit": ["places"] * n, "method": ["ratio"] * n,
                         "supply_kind": ["capacity"] * n, "year": [2030] * n, "facility_type": ["gym"] * n})


def _facilities(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"f{i}" for i in range(len(names))], "type": ["gym"] * len(names), "name": names,
                         "x": [136000.0 + 50 * i for i in range(len(names))], "y": [455000.0] * len(names),
                         "capacity": [2.0] * len(names), "unit": ["facilities"] * len(names)})


def _map(names: list[str], title: str = "Kaart", legend_label: str = "Tekort"):
    areas = _areas(names)
    data = maps.status_geojson(areas, _rows(list(areas["code"])), "nl", 2024)
    m = maps.status_map(data, "nl", facilities=_facilities(names), title=title,
                        legend=[(legend_label, "shortfall")], with_status=False)
    return m, maps.status_layer(data, "nl")


def _every_path(names: list[str], **kw) -> dict[str, str]:
    """The map as each path renders it: the pieces st_folium sends (header, html, script, the status layer on its
    own) and the stand-alone HTML of the exports."""
    m, layer = _map(names, **kw)
    m.render()
    out = {"html": streamlit_folium._get_html(m), "header": streamlit_folium._get_header(m),
           "script": streamlit_folium._get_map_string(m),
           "layer": streamlit_folium._get_feature_group_string(layer, m)}
    m2, layer2 = _map(names, **kw)
    layer2.add_to(m2)
    out["export"] = standalone_html(m2)
    return out


def test_installed_by_the_map_modules():
    assert folium_literal.installed()


@pytest.mark.parametrize("text", [ARITHMETIC, CODE, BLOCK, COMMENT])
def test_a_name_with_jinja_syntax_is_shown_as_typed_on_every_path(text):
    rendered = _every_path([text, "Lombok"], title=text, legend_label=text)
    for path, doc in rendered.items():
        if path in ("script", "layer", "export"):  # the tooltips and facility labels
            assert text in doc, path
    for path in ("html", "export"):  # the legend and the title box
        assert rendered[path].count(text) >= 2, path
    assert str(os.getpid()) not in rendered["layer"]
    assert "xxx" not in rendered["layer"]


def test_code_in_a_name_never_runs(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "getpid", lambda: calls.append(1) or 4242)
    _every_path([CODE], title=CODE, legend_label=CODE)
    assert calls == []


def _ids(monkeypatch):
    counter = itertools.count()
    monkeypatch.setattr(branca_element.Element, "_generate_id", classmethod(lambda cls: f"{next(counter):032x}"))


def test_ordinary_maps_render_exactly_as_before(monkeypatch):
    names = ["Lombok", "Oog in Al", "Zuilen-Noord"]
    _ids(monkeypatch)
    patched = _every_path(names, title="Tekorten 2030", legend_label="Tekort\r\nrobuust\n")
    monkeypatch.setattr(branca_element.Element, "__init__", folium_literal._original_init)
    monkeypatch.setattr(branca_element.Element, "__setstate__", folium_literal._original_setstate)
    _ids(monkeypatch)
    before = _every_path(names, title="Tekorten 2030", legend_label="Tekort\r\nrobuust\n")
    assert patched == before


def test_literal_text_renders_as_jinja_renders_plain_text():
    from jinja2 import Template

    for text in ["", "a", "a\n", "a\n\n", "a\r\nb\rc\n", "\n", "x\r\n", "tab\tend  "]:
        assert folium_literal.LiteralText(text).render(this=None, kwargs={}) == Template(text).render(), repr(text)


def test_a_pickled_element_stays_literal():
    import pickle

    e = branca_element.Element(ARITHMETIC)
    assert pickle.loads(pickle.dumps(e)).render() == ARITHMETIC
