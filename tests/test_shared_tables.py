"""The inputs and gap tables are shared by every session (``st.cache_resource`` in app_pages/shell.py, issue 13):
one object per key, not a copy per call. No page may change them. This test drives every page (baseline and the
example case; each type, level and a buurt and a wijk by link; its sliders) and then compares every shared object
with one computed afresh."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.caching import cache_resource_api
from streamlit.testing.v1 import AppTest

from lib.cases import example
from lib.core import db, kpis, pipeline, population
from lib.explorer import explain
from lib.overview import summary
from lib.ui import maps
from tests.conftest import APP

PAGES = ["overview", "explorer", "cases", "sharing", "agenda", "initiatives", "norms", "data", "sources"]
SHARED = ("_base", "_case_inputs", "_gap_table", "_gap_table_at", "scoped_table", "area_features", "gap_parts",
          "forecast_every_year", "map_rows_every", "types_tables_every", "attention_every")


def shared_values() -> dict[str, list]:
    """Every value held by the shared caches of app_pages.shell, per function (Streamlit's global resource caches)."""
    out: dict[str, list] = {name: [] for name in SHARED}
    for caches in cache_resource_api._resource_caches._function_caches.values():
        for cache in caches.values():
            name = cache.display_name.rsplit(".", 1)[-1]
            if cache.display_name.startswith("app_pages.shell.") and name in out:
                out[name] += [r.value for r in cache._mem_cache.values()]
    return out


def frames(value) -> list[pd.DataFrame]:
    """The data frames inside a cached value (a frame, a (table, notes) pair, an Inputs, or a dict of frames per
    year: each year's frame, none for a year whose value is None)."""
    if isinstance(value, pd.DataFrame):
        return [value]
    if isinstance(value, dict):
        return [f for k in sorted(value) for f in ([] if value[k] is None else frames(value[k]))]
    if isinstance(value, explain.GapParts):
        return [value.parts[k] for k in sorted(value.parts)] + [value.empty]
    if isinstance(value, tuple):
        return [v for v in value if isinstance(v, pd.DataFrame)]
    return [v for v in vars(value).values() if isinstance(v, pd.DataFrame)]


def same(value, candidate) -> bool:
    """True when every frame of ``value`` equals the frame at the same place in ``candidate`` (map shapes: when
    they are equal)."""
    if isinstance(value, maps.AreaFeatures):
        return value == candidate
    if isinstance(value, dict) and (not isinstance(candidate, dict) or sorted(value) != sorted(candidate)
                                    or [k for k in value if value[k] is None] != [k for k in candidate
                                                                                  if candidate[k] is None]):
        return False
    a, b = frames(value), frames(candidate)
    if isinstance(value, dict) and not a:
        return not b
    try:
        assert len(a) == len(b) and a
        for x, y in zip(a, b, strict=True):
            pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True))
        return True
    except AssertionError:
        return False


#: The types with a default norm (data/norms_default.csv).
TYPES = ("primary_school", "gym", "sports_hall", "library", "swimming_pool")
#: What the pages are driven with: links (query parameters) for each type and level, a wijk in the Buurtverkenner.
VISITS = [("overview", {"type": t, "level": lvl}) for t in TYPES for lvl in ("buurt", "wijk", "gemeente")] \
    + [("explorer", {"area": area, "type": t}) for area in ("BU03440001", "WK034410") for t in TYPES] \
    + [("sharing", {"type": t}) for t in TYPES] + [(page, {}) for page in PAGES]


def drive(at: AppTest) -> None:
    """Every page by link, each slider then moved to its end."""
    for page, params in VISITS:
        for key in ("type", "level", "area"):
            at.query_params.pop(key, None)
        at.query_params.update(params)
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, params, at.exception)
        for slider in [s for s in at.slider if s.key and not isinstance(s.value, tuple)][:2]:
            slider.set_value(slider.max).run()
            assert not at.exception, (page, slider.key, at.exception)


@pytest.mark.parametrize("with_case", [False, True])
def test_pages_leave_the_shared_tables_unchanged(app_db, with_case):
    st.cache_resource.clear()  # the caches are global to the process: keep only what this test's pages put there
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    case = json.loads(example.EXAMPLE_FILE.read_text())["case_id"] if with_case else None
    if case:
        at.query_params["case"] = case
        at.run()
    drive(at)

    con = db.connect(str(app_db), read_only=True)
    base = pipeline.inputs(con)
    inputs = [base] + ([pipeline.with_case(con, base, case)] if case else [])
    tables = [pipeline.gap_table(inp, years=list(inp.years)).table for inp in inputs]
    shapes = [maps.area_features(maps.shapes_wgs84(db.area_shapes(con, lvl))) for lvl in ("buurt", "wijk", "gemeente")]
    con.close()
    levels = [pipeline.at_level(t, inp.areas, lvl) for t, inp in zip(tables, inputs, strict=True)
              for lvl in ("buurt", "wijk", "gemeente")]
    forecasts = [population.forecast(inp.population, inp.dwellings, inp.plans, list(inp.years), inp.base_year,
                                     inp.occupancy) for inp in inputs]
    fresh = {"_base": [base], "_case_inputs": inputs, "_gap_table": tables, "_gap_table_at": levels,
             "scoped_table": levels, "area_features": shapes, "gap_parts": [explain.gap_parts(t) for t in tables],
             "forecast_every_year": forecasts,
             "map_rows_every": [kpis.map_rows_every(t, f) for t in levels for f in (*TYPES, kpis.ALL_TYPES)],
             "types_tables_every": [summary.by_type_every(t, "nl", kpis.every(t)) for t in levels],
             "attention_every": [summary.attention_every(t, f, 10, "nl") for t in levels
                                 for f in (*TYPES, kpis.ALL_TYPES)]}

    held = shared_values()
    assert held["_base"] and held["_gap_table"] and held["_gap_table_at"] and held["area_features"] \
        and held["gap_parts"] and held["forecast_every_year"] and held["map_rows_every"] \
        and held["types_tables_every"] and held["attention_every"], "the pages used no shared table"
    assert bool(held["_case_inputs"]) == with_case
    for name, values in held.items():
        for value in values:
            assert any(same(value, f) for f in fresh[name]), f"{name}: a shared frame was changed by a page"


def test_drawing_a_status_map_leaves_its_shared_geojson_unchanged():
    """The Overzicht's status GeoJSON is shared by every session (``shell.status_geojson``): building the map, its
    status layer, the pieces streamlit-folium sends and the exported HTML only read it."""
    import copy

    import geopandas as gpd
    import streamlit_folium
    from shapely.geometry import box

    from lib.ui.offline_map import standalone_html

    areas = maps.area_features(gpd.GeoDataFrame({"code": ["BU1", "BU2"], "name": ["A", "B"]}, crs="EPSG:4326",
                                                geometry=[box(5, 52, 5.01, 52.01), box(5.01, 52, 5.02, 52.01)]))
    rows = pd.DataFrame({"area_code": ["BU1"], "status": ["shortfall"], "need": [3.0], "supply": [1.0],
                         "gap": [-2.0], "unit": ["places"], "method": ["ratio"], "year": [2030]})
    data = maps.status_geojson(areas, rows, "nl", 2024)
    before = copy.deepcopy(data)
    m = maps.status_map(data, "nl", with_status=False)
    layer = maps.status_layer(data, "nl")
    m.render()
    streamlit_folium._get_map_string(m)
    streamlit_folium._get_feature_group_string(layer, m)
    standalone_html(maps.status_map(data, "nl", title="x"))
    assert data == before
    assert data["features"][0]["geometry"] is areas.geometries[0]  # shared, not copied
