"""Municipality scope (national view and drill-down) on a small two-gemeente area table."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core import hierarchy, inputs, scope
from tests.conftest import APP, ROOT

AREAS = pd.DataFrame({
    "code": ["GM0001", "WK000101", "BU00010101", "BU00010102", "GM0002", "WK000201", "BU00020101"],
    "name": ["Aa", "Wijk A", "Buurt A1", "Buurt A2", "Bb", "Wijk B", "Buurt B1"],
    "level": ["gemeente", "wijk", "buurt", "buurt", "gemeente", "wijk", "buurt"],
    "parent_code": [None, "GM0001", "WK000101", "WK000101", None, "GM0002", "WK000201"],
})


def test_codes_in_one_gemeente_and_all():
    assert hierarchy.codes_in(AREAS, "GM0002") == {"GM0002", "WK000201", "BU00020101"}
    assert len(hierarchy.codes_in(AREAS, None)) == 7
    assert hierarchy.gemeente_of(AREAS)["BU00010102"] == "GM0001"


def test_national_view_never_offers_buurten():
    assert scope.default_level(2, None) == ("gemeente", "wijk")
    assert scope.default_level(2, "GM0001") == ("buurt", "wijk", "gemeente")
    assert scope.default_level(1, None) == ("buurt", "wijk", "gemeente")
    fac = pd.DataFrame({"id": ["f1", "f2"], "area_code": ["BU00010101", "BU00020101"]})
    assert scope.facilities_in(fac, AREAS, None, 2) is None
    assert scope.facilities_in(fac, AREAS, "GM0002", 2)["id"].tolist() == ["f2"]


def test_inhabitants_by_year_in_scope(con):
    inp = inputs.load(con)
    everyone = scope.inhabitants_by_year(inp)
    assert everyone[2024] == 1000 + 2000 + 500 + 200
    wijk2 = scope.inhabitants_by_year(inp, {"BU99990201", "BU99990202"})
    assert wijk2[2024] == 700
    assert list(everyone.index) == inp.years


@pytest.fixture(scope="module")
def two_gemeenten_db(utrecht_db, tmp_path_factory):
    """Utrecht copied twice (GM0001, GM0002) with bench.national, imported through the normal importers."""
    from bench import national

    out = tmp_path_factory.mktemp("two")
    files = national.generate(utrecht_db, out / "files", copies=2)
    path = out / "two.duckdb"
    national.build_national(files, path, ROOT / "data/raw/duo_scholen_edugis/scholen.geo.json",
                            ROOT / "data/norms_default.csv")
    return path


def test_national_view_and_drill_down(two_gemeenten_db, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.test_overview import map_codes, metric

    db_copy = tmp_path / "two.duckdb"
    shutil.copy(two_gemeenten_db, db_copy)
    monkeypatch.setenv("VZW_DB", str(db_copy))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="gm").value is None or at.selectbox(key="gm").value == ""
    assert sorted(map_codes(at)) == ["GM0001", "GM0002"]  # national view: gemeenten, never 222 buurten
    assert metric(at, "Inwoners").value == "748.390"  # 2 × 374,195
    at.radio(key="level_national").set_value("wijk").run()
    assert len(map_codes(at)) == 20
    at.selectbox(key="gm").set_value("GM0002").run()
    assert not at.exception, at.exception
    assert sorted(map_codes(at))[:2] == ["WK000201", "WK000202"] and len(map_codes(at)) == 10  # level kept
    at.radio(key="level").set_value("buurt").run()
    codes = map_codes(at)
    assert len(codes) == 111 and all(c.startswith("BU0002") for c in codes)
    assert metric(at, "Inwoners").value == "374.195"
    assert at.query_params["gm"] == "GM0002"


def test_buurten_of_every_level_and_a_buurt_straight_under_its_gemeente():
    """buurten_of follows the tree: a wijk's buurten, a gemeente's buurten through its wijken and the one placed
    straight under it, a buurt itself, nothing for an unknown code or an empty wijk; the same as ``ancestors``."""
    areas = pd.DataFrame({
        "code": ["GM1", "GM2", "WK1", "WK2", "WK3", "BU1", "BU2", "BU3", "BU4", "BU5"],
        "level": ["gemeente", "gemeente", "wijk", "wijk", "wijk", "buurt", "buurt", "buurt", "buurt", "buurt"],
        "parent_code": [None, None, "GM1", "GM1", "GM2", "WK1", "WK1", "WK2", "GM1", "WK3"]})
    assert hierarchy.buurten_of(areas, "GM1") == ["BU1", "BU2", "BU3", "BU4"]
    assert hierarchy.buurten_of(areas, "GM2") == ["BU5"]
    assert hierarchy.buurten_of(areas, "WK1") == ["BU1", "BU2"]
    assert hierarchy.buurten_of(areas, "BU3") == ["BU3"]
    assert hierarchy.buurten_of(areas, "XX") == []
    b = areas.loc[areas["level"] == "buurt", "code"]
    for code, level in zip(areas["code"], areas["level"], strict=True):
        assert hierarchy.buurten_of(areas, code) == sorted(b[hierarchy.ancestors(areas, b, level) == code])


def test_ancestor_walks_up_like_ancestors():
    """The one-code walk (the Buurtverkenner asks it per rerun) finds what ``ancestors`` finds for every code and
    level: itself at its own level, its wijk or gemeente above, None below it, for an unknown code or a missing
    parent."""
    areas = pd.DataFrame({
        "code": ["GM1", "WK1", "WK2", "BU1", "BU2", "BU3"],
        "level": ["gemeente", "wijk", "wijk", "buurt", "buurt", "buurt"],
        "parent_code": [None, "GM1", None, "WK1", "GM1", "WK2"]})
    assert hierarchy.ancestor(areas, "BU1", "gemeente") == "GM1"
    assert hierarchy.ancestor(areas, "BU2", "wijk") is None  # placed straight under the gemeente
    assert hierarchy.ancestor(areas, "BU3", "gemeente") is None  # its wijk has no parent
    assert hierarchy.ancestor(areas, "WK1", "buurt") is None
    assert hierarchy.ancestor(areas, "XX", "wijk") is None
    for code in [*areas["code"], "XX"]:
        for level in hierarchy.LEVELS:
            found = hierarchy.ancestors(areas, pd.Series([code]), level).iloc[0]
            assert hierarchy.ancestor(areas, code, level) == (None if pd.isna(found) else found), (code, level)
