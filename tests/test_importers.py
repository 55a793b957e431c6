"""Importers: every bad input is refused with file:row:column and leaves the database untouched.

Expected rows are spreadsheet rows (header = 1, first data row = 2) for CSV and 1-based feature numbers
for GeoJSON, counted by hand from the files written in each test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from pandas.testing import assert_frame_equal
from pyproj import Transformer

from lib.core import db
from lib.ingest import files, importing
from lib.ingest.problems import ImportFailed, Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

POP = "area_code,year,age_min,age_max,persons\n"
DW = "area_code,year,dwellings\n"
PLANS = "plan_id,name,area_code,year,dwellings,dwelling_type\n"
FAC = "id,name,type,capacity,unit,x,y\n"
NORMS = "facility_type,basis,amount,per,unit,catchment_m,service_level,woonmilieu,source,status\n"
OK_NORM = "library,inhabitants,1500,1,max_distance_m,,,,test,assumption\n"

RD_FROM_WGS84 = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
WGS84_FROM_RD = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


# --------------------------------------------------------------------------------------------- helpers

@pytest.fixture
def con(file_con):
    """The conftest fixture database as a file copy (built once per module)."""
    return file_con


def snapshot(con) -> dict[str, pd.DataFrame]:
    snap = {t: db.table(con, t) for t in db.KEYS}
    snap["provenance"] = db.table(con, "provenance")
    snap["quality"] = db.table(con, "quality")
    snap["settings"] = db.table(con, "settings")
    return snap


def assert_same(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    assert before.keys() == after.keys()
    for name in before:
        assert_frame_equal(before[name], after[name], obj=name)


def refused(con, kind: str, path: Path, year: int | None = None) -> list[Problem]:
    """Import ``path``; assert ImportFailed and that no table changed; return the problems."""
    before = snapshot(con)
    n_prov = con.execute("select count(*) from provenance").fetchone()[0]
    n_qual = con.execute("select count(*) from quality").fetchone()[0]
    with pytest.raises(ImportFailed) as info:
        importing.import_file(con, kind, path, year=year)
    assert_same(before, snapshot(con))
    assert con.execute("select count(*) from provenance").fetchone()[0] == n_prov
    assert con.execute("select count(*) from quality").fetchone()[0] == n_qual
    problems = info.value.problems
    assert problems, "ImportFailed without problems"
    assert all(p.file == path.name for p in problems)
    assert str(info.value) == "\n".join(str(p) for p in problems)
    return problems


def find(problems: list[Problem], row, column, text: str) -> Problem:
    hits = [p for p in problems if (p.row, p.column) == (row, column) and text.lower() in p.message.lower()]
    assert hits, f"no problem at ({row}, {column}) containing {text!r}; got:\n" + "\n".join(map(str, problems))
    return hits[0]


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def square(x0: float, y0: float, size: float = 1000.0) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
                                                [x0, y0 + size], [x0, y0]]]}


def feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_geojson(tmp_path: Path, name: str, features: list[dict], crs: str | None = "EPSG::28992") -> Path:
    fc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs}"}}
    p = tmp_path / name
    p.write_text(json.dumps(fc), encoding="utf-8")
    return p


def good_areas(n: int = 2) -> list[dict]:
    """The first ``n`` fixture buurten (Alfa, Bravo, Charlie, Delta) as features."""
    fx = json.loads((FIXTURES / "areas.geojson").read_text())
    return fx["features"][:n]


# ------------------------------------------------------------------------------------ CSV tables

CSV_CASES = [
    # (id, kind, text, row, column, message fragment)
    ("pop-text", "population", POP + "BU99990101,2024,0,14,150\nBU99990102,2024,0,14,veel\n", 3, "persons",
     "'veel' is not a number of persons"),
    ("pop-negative", "population", POP + "BU99990101,2024,0,14,-5\n", 2, "persons", "-5 is below the minimum 0"),
    ("pop-absurd", "population", POP + "BU99990101,2024,0,14,150\nBU99990102,2024,0,14,5000000\n", 3, "persons",
     "5e+06 is implausibly large"),
    ("pop-unknown-area", "population", POP + "BU99990101,2024,0,14,150\nBU12345678,2024,0,14,10\n", 3,
     "area_code", "unknown area code 'BU12345678'"),
    ("pop-not-a-buurt", "population", POP + "WK999901,2024,0,14,150\n", 2, "area_code", "'WK999901' is not a buurt"),
    ("pop-duplicate", "population", POP + "BU99990101,2024,0,14,1\nBU99990102,2024,0,14,2\n"
     "BU99990101,2024,0,14,3\n", 4, "area_code", "duplicate key (BU99990101, 2024, 0); first seen in row 2"),
    ("pop-missing-column", "population", "area_code,year,age_min,age_max\nBU99990101,2024,0,14\n", 1, "persons",
     "missing column 'persons'"),
    ("pop-age-max-below-min", "population", POP + "BU99990101,2024,0,14,1\nBU99990101,2024,40,15,2\n", 3,
     "age_max", "age_max 15 is below age_min 40"),
    ("pop-overlap", "population", POP + "BU99990101,2024,0,14,1\nBU99990101,2024,10,20,2\n", 3, "age_min",
     "age band 10-20 overlaps another band of BU99990101 in 2024"),
    ("pop-overlap-open", "population", POP + "BU99990101,2024,65,,1\nBU99990101,2024,70,80,2\n", 3, "age_min",
     "overlaps"),
    ("pop-year-1850", "population", POP + "BU99990101,1850,0,14,1\n", 2, "year", "1850 is below the minimum 1900"),
    ("pop-year-text", "population", POP + "BU99990101,twintig,0,14,1\n", 2, "year", "'twintig' is not a year"),
    ("pop-age-fraction", "population", POP + "BU99990101,2024,0,4.5,1\n", 2, "age_max", "4.5 is not a whole number"),
    ("pop-empty-persons", "population", POP + "BU99990101,2024,0,14,\n", 2, "persons", "empty number of persons"),
    ("pop-semicolon-text", "population", POP.replace(",", ";") + "BU99990101;2024;0;14;12,5x\n", 2, "persons",
     "'12,5x' is not a number"),
    ("pop-blank-line-keeps-row", "population", POP + "BU99990101,2024,0,14,1\n\nBU99990102,2024,0,14,veel\n", 4,
     "persons", "'veel'"),
    ("dw-text", "dwellings", DW + "BU99990101,2024,veel\n", 2, "dwellings", "'veel' is not a number of dwellings"),
    ("dw-negative", "dwellings", DW + "BU99990101,2024,10\nBU99990102,2024,-1\n", 3, "dwellings",
     "below the minimum 0"),
    ("dw-absurd", "dwellings", DW + "BU99990101,2024,600000\n", 2, "dwellings", "implausibly large"),
    ("dw-unknown-area", "dwellings", DW + "BU99990101,2024,10\nBU99999999,2024,10\n", 3, "area_code",
     "unknown area code 'BU99999999'"),
    ("dw-duplicate", "dwellings", DW + "BU99990101,2024,10\nBU99990101,2024,11\n", 3, "area_code",
     "duplicate key (BU99990101, 2024)"),
    ("dw-missing-column", "dwellings", "area_code,dwellings\nBU99990101,10\n", 1, "year", "missing column 'year'"),
    ("dw-year-1850", "dwellings", DW + "BU99990101,1850,10\n", 2, "year", "below the minimum 1900"),
    ("plan-text", "plans", PLANS + "P9,Noord,BU99990101,2030,honderd,\n", 2, "dwellings", "'honderd' is not a"),
    ("plan-negative", "plans", PLANS + "P9,Noord,BU99990101,2030,-100,\n", 2, "dwellings",
     "give demolished dwellings in the column 'demolished', not as a negative number"),
    ("plan-absurd", "plans", PLANS + "P9,Noord,BU99990101,2030,900000,\n", 2, "dwellings", "implausibly large"),
    ("plan-unknown-area", "plans", PLANS + "P8,A,BU99990101,2030,1,\nP9,B,BU00000000,2030,1,\n", 3, "area_code",
     "unknown area code 'BU00000000'"),
    ("plan-duplicate", "plans", PLANS + "P8,A,BU99990101,2030,1,\nP8,B,BU99990102,2030,1,\n", 3, "plan_id",
     "duplicate key (P8); first seen in row 2"),
    ("plan-empty-id", "plans", PLANS + ",A,BU99990101,2030,1,\n", 2, "plan_id", "empty value"),
    ("plan-missing-column", "plans", "plan_id,name,year,dwellings\nP1,A,2030,1\n", 1, "area_code",
     "missing column 'area_code'"),
    ("plan-year-1850", "plans", PLANS + "P9,Noord,BU99990101,1850,10,\n", 2, "year", "below the minimum 1900"),
    ("fac-text-capacity", "facilities", FAC + "F1,A,library,1,facilities,130500,450500\n"
     "F2,B,library,veel,facilities,131500,450500\n", 3, "capacity", "'veel' is not a capacity"),
    ("fac-negative-capacity", "facilities", FAC + "F1,A,library,-1,facilities,130500,450500\n", 2, "capacity",
     "below the minimum 0"),
    ("fac-absurd-capacity", "facilities", FAC + "F1,A,library,5000000,facilities,130500,450500\n", 2, "capacity",
     "implausibly large"),
    ("fac-capacity-without-unit", "facilities", FAC + "F1,A,library,3,,130500,450500\n", 2, "unit",
     "a capacity needs a unit"),
    ("fac-duplicate", "facilities", FAC + "F1,A,library,1,facilities,130500,450500\n"
     "F1,B,library,1,facilities,131500,450500\n", 3, "id", "duplicate key (F1); first seen in row 2"),
    ("fac-empty-type", "facilities", FAC + "F1,A,,1,facilities,130500,450500\n", 2, "type", "empty value"),
    ("fac-missing-column", "facilities", "id,name,capacity,unit,x,y\nF1,A,1,facilities,130500,450500\n", 1, "type",
     "missing column 'type'"),
    ("fac-missing-coordinates", "facilities", "id,name,type,capacity,unit\nF1,A,library,1,facilities\n", 1, "x",
     "missing coordinates"),
    ("fac-text-coordinate", "facilities", FAC + "F1,A,library,1,facilities,130500,noord\n", 2, "y",
     "'noord' is not a coordinate"),
    # Delta's east edge is x=141000: x=191000 lies 50 km away.
    ("fac-50km-away", "facilities", FAC + "F1,A,library,1,facilities,130500,450500\n"
     "F2,B,library,1,facilities,191000,450500\n", 3, "x", "point lies 50.0 km outside the loaded areas"),
    ("fac-lonlat-as-xy", "facilities", FAC + "F1,A,library,1,facilities,5.1214,52.0907\n", 2, "x",
     "outside the Netherlands"),
    ("fac-lon-out-of-range", "facilities", "id,name,type,capacity,unit,lon,lat\nF1,A,library,1,facilities,"
     "200,52\n", 2, "lon", "200 is implausibly large"),
    ("norm-woonmilieu", "norms", NORMS + OK_NORM + "gym,inhabitants,1,1000,facilities,,wijk,stedelijk,t,\n", 3,
     "woonmilieu", "unknown woonmilieu 'stedelijk'"),
    ("norm-both-catchment-and-level", "norms", NORMS + "gym,inhabitants,1,1000,facilities,800,wijk,,t,\n", 2,
     "catchment_m", "either catchment_m or service_level, not both"),
    ("norm-neither-catchment-nor-level", "norms", NORMS + "gym,inhabitants,1,1000,facilities,,,,t,\n", 2,
     "catchment_m", "give catchment_m (metres) or service_level"),
    ("norm-basis-reversed-ages", "norms", NORMS + OK_NORM + "school,age:11-4,1,1,places,1000,,,t,\n", 3, "basis",
     "'age:11-4' is not a basis"),
    ("norm-basis-people", "norms", NORMS + "gym,people,1,1000,facilities,,wijk,,t,\n", 2, "basis",
     "'people' is not a basis"),
    ("norm-amount-text", "norms", NORMS + "gym,inhabitants,een,1000,facilities,,wijk,,t,\n", 2, "amount",
     "'een' is not a"),
    ("norm-amount-negative", "norms", NORMS + "gym,inhabitants,-1,1000,facilities,,wijk,,t,\n", 2, "amount",
     "below the minimum 0"),
    ("norm-per-zero", "norms", NORMS + "gym,inhabitants,1,0,facilities,,wijk,,t,\n", 2, "per",
     "per must be greater than 0"),
    ("norm-service-level", "norms", NORMS + "gym,inhabitants,1,1000,facilities,,stad,,t,\n", 2, "service_level",
     "'stad' is not buurt, wijk or gemeente"),
    ("norm-catchment-absurd", "norms", NORMS + "gym,inhabitants,1,1000,facilities,500000,,,t,\n", 2, "catchment_m",
     "implausibly large"),
    ("norm-duplicate", "norms", NORMS + OK_NORM + "gym,inhabitants,1,1000,facilities,,wijk,,t,\n"
     "gym,inhabitants,2,1000,facilities,,gemeente,,t,\n", 4, "facility_type",
     "duplicate key (gym, ); first seen in row 3"),
    ("norm-missing-column", "norms", NORMS.replace(",service_level", "") + "gym,inhabitants,1,1000,facilities,,,t,\n",
     1, "service_level", "missing column 'service_level'"),
]


@pytest.mark.parametrize(("kind", "text", "row", "column", "fragment"), [c[1:] for c in CSV_CASES],
                         ids=[c[0] for c in CSV_CASES])
def test_bad_csv_is_refused_with_row_and_column(con, tmp_path, kind, text, row, column, fragment):
    path = write_text(tmp_path, f"bad_{kind}.csv", text)
    problems = refused(con, kind, path)
    p = find(problems, row, column, fragment)
    assert str(p).startswith(f"bad_{kind}.csv:{row}:{column}: ")


def test_all_problems_of_a_file_are_reported_at_once(con, tmp_path):
    path = write_text(tmp_path, "many.csv", POP + "BU99990101,2024,0,14,veel\nBU12345678,1850,0,14,-1\n")
    problems = refused(con, "population", path)
    assert {(p.row, p.column) for p in problems} == {(2, "persons"), (3, "area_code"), (3, "year"), (3, "persons")}


# ----------------------------------------------------------------------- empty / header-only / encoding / size

CSV_KINDS = {"population": POP, "dwellings": DW, "plans": PLANS, "facilities": FAC, "norms": NORMS}


@pytest.mark.parametrize("kind", [*CSV_KINDS, "areas"])
def test_zero_byte_file_is_refused(con, tmp_path, kind):
    path = tmp_path / ("empty.geojson" if kind == "areas" else "empty.csv")
    path.write_bytes(b"")
    problems = refused(con, kind, path)
    assert [(p.row, p.column, p.message) for p in problems] == [(None, None, "file is empty")]


@pytest.mark.parametrize("kind", list(CSV_KINDS))
def test_header_only_csv_is_refused(con, tmp_path, kind):
    path = write_text(tmp_path, "header_only.csv", CSV_KINDS[kind])
    problems = refused(con, kind, path)
    assert [(p.row, p.column, p.message) for p in problems] == [(None, None, "file has a header but no data rows")]


def test_whitespace_only_csv_is_refused(con, tmp_path):
    problems = refused(con, "population", write_text(tmp_path, "blank.csv", "\n \n\n"))
    find(problems, None, None, "file is empty")


@pytest.mark.parametrize(("kind", "text"), [
    ("plans", PLANS + "P1,Noord,BU99990101,2030,10,\nP2,Caf\xe9 Zuid,BU99990102,2030,10,\n"),
    ("facilities", FAC + "F1,A,library,1,facilities,130500,450500\nF2,Caf\xe9,library,1,facilities,131500,450500\n"),
    ("population", POP + "BU99990101,2024,0,14,1\nBU99990102,2024,0,14,2 # caf\xe9\n"),
])
def test_cp1252_file_is_refused_naming_the_line(con, tmp_path, kind, text):
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.encode("cp1252"))
    problems = refused(con, kind, path)
    p = find(problems, 3, None, "not UTF-8")
    assert "byte 0xe9 at line 3" in p.message


def test_utf8_bom_is_accepted(con, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes((DW + "BU99990101,2030,600\n").encode("utf-8-sig"))
    importing.import_file(con, "dwellings", path)
    assert db.table(con, "dwellings", "year = 2030")["dwellings"].tolist() == [600.0]


@pytest.mark.parametrize(("kind", "fixture"), [("population", "population.csv"), ("facilities", "facilities.csv"),
                                               ("areas", "areas.geojson")])
def test_huge_file_is_refused_before_parsing(con, monkeypatch, fixture_dir, kind, fixture):
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    problems = refused(con, kind, fixture_dir / fixture)
    assert len(problems) == 1
    p = problems[0]
    assert (p.row, p.column) == (None, None)
    assert p.message.startswith("file is too large (")


def test_missing_file_is_refused(con, tmp_path):
    problems = refused(con, "population", tmp_path / "nope.csv")
    assert [(p.row, p.column, p.message) for p in problems] == [(None, None, "file not found")]


def test_unknown_kind_is_refused(con, fixture_dir):
    problems = refused(con, "schools", fixture_dir / "population.csv")
    assert len(problems) == 1
    assert (problems[0].row, problems[0].column) == (None, None)
    assert problems[0].message.startswith("unknown kind 'schools' (use one of: areas, population")


def test_rows_before_areas_are_refused(empty_con, fixture_dir):
    problems = refused(empty_con, "population", fixture_dir / "population.csv")
    find(problems, None, "area_code", "no areas are loaded yet")


# ----------------------------------------------------------------------------------------------- areas

BOWTIE = {"type": "Polygon", "coordinates": [[[150000, 450000], [151000, 451000], [151000, 450000],
                                              [150000, 451000], [150000, 450000]]]}


def _areas_case(name):
    alfa, bravo = good_areas(2)
    new = {"code": "BU99990301", "name": "Echo"}
    cases = {
        "bowtie": ([alfa, feature(new, BOWTIE)], "EPSG::28992", 2, "geometry", "invalid polygon: Self-intersection"),
        "null-geometry": ([alfa, feature(new, None)], "EPSG::28992", 2, "geometry", "empty geometry"),
        "empty-polygon": ([feature(new, {"type": "Polygon", "coordinates": []}), alfa], "EPSG::28992", 1,
                          "geometry", "empty geometry"),
        "point": ([feature(new, {"type": "Point", "coordinates": [150000, 450000]})], "EPSG::28992", 1, "geometry",
                  "geometry is a Point, not a (Multi)Polygon"),
        "rd-metres-without-crs": ([alfa, bravo], None, None, "geometry", "the file's CRS makes no sense"),
        "lonlat-labelled-rd": ([feature(new, square(5.12, 52.09, 0.01))], "EPSG::28992", 1, "geometry",
                               "outside the Netherlands"),
        "duplicate-code": ([alfa, feature({"code": "BU99990101", "name": "Alfa 2"}, square(150000, 450000))],
                           "EPSG::28992", 2, "code", "duplicate area code 'BU99990101'"),
        "missing-columns": ([feature({"id": "BU99990301", "naam": "Echo"}, square(150000, 450000))], "EPSG::28992",
                            None, "code", "missing columns: expected 'code' and 'name'"),
        "empty-code": ([feature({"code": "", "name": "Echo"}, square(150000, 450000))], "EPSG::28992", 1, "code",
                       "empty area code"),
        "empty-name": ([alfa, feature({"code": "BU99990301", "name": " "}, square(150000, 450000))], "EPSG::28992", 2,
                       "name", "empty area name"),
        "wrong-woonmilieu": ([alfa, feature({**new, "woonmilieu": "stedelijk"}, square(150000, 450000))],
                             "EPSG::28992", 2, "woonmilieu", "unknown woonmilieu 'stedelijk'"),
        "unknown-level": ([feature({"code": "X1", "name": "Echo"}, square(150000, 450000))], "EPSG::28992", 1,
                          "level", "unknown level for 'X1'"),
        "no-features": ([], "EPSG::28992", None, None, "file contains no features"),
    }
    return cases[name]


@pytest.mark.parametrize("case", ["bowtie", "null-geometry", "empty-polygon", "point", "rd-metres-without-crs",
                                  "lonlat-labelled-rd", "duplicate-code", "missing-columns", "empty-code",
                                  "empty-name", "wrong-woonmilieu", "unknown-level", "no-features"])
def test_bad_areas_are_refused(con, tmp_path, case):
    features, crs, row, column, fragment = _areas_case(case)
    path = write_geojson(tmp_path, "bad_areas.geojson", features, crs=crs)
    problems = refused(con, "areas", path)
    find(problems, row, column, fragment)


def test_areas_not_json_is_refused(con, tmp_path):
    problems = refused(con, "areas", write_text(tmp_path, "areas.geojson", "<html>not json</html>"))
    find(problems, None, None, "not a readable GeoJSON/GeoPackage file")


def test_bad_areas_into_empty_database_writes_nothing(empty_con, tmp_path):
    path = write_geojson(tmp_path, "a.geojson", [*good_areas(2), feature({"code": "BU99990301", "name": "E"},
                                                                        BOWTIE)])
    find(refused(empty_con, "areas", path), 3, "geometry", "invalid polygon")
    assert db.table_counts(empty_con)["areas"] == 0


# ------------------------------------------------------------------------------------- facility GeoJSON

def _fac(fid: str, geometry: dict | None, name: str = "Punt") -> dict:
    return feature({"id": fid, "name": name, "type": "library", "capacity": 1, "unit": "facilities"}, geometry)


def _lonlat(x: float, y: float) -> list[float]:
    lon, lat = WGS84_FROM_RD.transform(x, y)
    return [lon, lat]


@pytest.mark.parametrize(("case", "row", "column", "fragment"), [
    ("rd-metres-without-crs", None, "geometry", "the CRS makes no sense"),
    ("lonlat-labelled-rd", 2, "geometry", "outside the Netherlands"),
    ("null-geometry", 2, "geometry", "geometry must be a Point"),
    ("bowtie", 1, "geometry", "geometry must be a Point"),
    ("50km-away", 2, "geometry", "point lies 50.0 km outside the loaded areas"),
    ("duplicate-id", 2, "id", "duplicate key (G1)"),
    ("missing-column", 1, "type", "missing column 'type'"),
])
def test_bad_facility_geojson_is_refused(con, tmp_path, case, row, column, fragment):
    ok = _fac("G1", {"type": "Point", "coordinates": _lonlat(130500, 450500)})
    crs = "OGC:1.3:CRS84"
    if case == "rd-metres-without-crs":
        features, crs = [_fac("G1", {"type": "Point", "coordinates": [130500, 450500]})], None
    elif case == "lonlat-labelled-rd":
        crs = "EPSG::28992"
        features = [_fac("G1", {"type": "Point", "coordinates": [130500, 450500]}),
                    _fac("G2", {"type": "Point", "coordinates": [5.1214, 52.0907]})]
    elif case == "null-geometry":
        features = [ok, _fac("G2", None)]
    elif case == "bowtie":
        features = [_fac("G2", BOWTIE), ok]
        crs = "EPSG::28992"
        features[1] = _fac("G1", {"type": "Point", "coordinates": [130500, 450500]})
    elif case == "50km-away":
        features = [ok, _fac("G2", {"type": "Point", "coordinates": _lonlat(191000, 450500)})]
    elif case == "duplicate-id":
        features = [ok, _fac("G1", {"type": "Point", "coordinates": _lonlat(131500, 450500)})]
    else:
        f = _fac("G1", {"type": "Point", "coordinates": _lonlat(130500, 450500)})
        del f["properties"]["type"]
        features = [f]
    path = write_geojson(tmp_path, "bad_fac.geojson", features, crs=crs)
    find(refused(con, "facilities", path), row, column, fragment)


# ----------------------------------------------------------------------------------- positive side

def test_html_in_a_name_is_stored_verbatim(con, tmp_path):
    name = "<script>alert(1)</script>"
    path = write_text(tmp_path, "xss.csv", FAC + f"X1,{name},library,1,facilities,130500,450500\n")
    importing.import_file(con, "facilities", path)
    stored = db.table(con, "facilities", "id = 'X1'")
    assert stored["name"].tolist() == [name]
    assert stored["area_code"].tolist() == ["BU99990101"]


def test_reimporting_population_replaces_only_those_keys(con, tmp_path):
    before = db.table(con, "population").set_index(["area_code", "year", "age_min"]).sort_index()
    path = write_text(tmp_path, "pop_alfa.csv",
                      POP + "BU99990101,2024,0,14,175\nBU99990101,2024,15,64,600\nBU99990101,2024,65,,250\n")
    importing.import_file(con, "population", path)
    after = db.table(con, "population").set_index(["area_code", "year", "age_min"]).sort_index()
    assert len(after) == len(before) == 12
    changed = after["persons"] != before["persons"]
    assert list(after.index[changed]) == [("BU99990101", 2024, 0)]
    assert after.loc[("BU99990101", 2024, 0), "persons"] == 175.0
    assert after.loc[("BU99990101", 2024, 0), "source"] == "pop_alfa.csv"
    assert (after.drop(index="BU99990101")["source"] == "population.csv").all()
    assert con.execute("select count(*) from provenance").fetchone()[0] == 6


def test_reimporting_population_with_other_bands_replaces_the_band_set(con, tmp_path):
    # The stored Alfa 2024 bands are 0-14, 15-64, 65-; a new 0-19/20- set must not leave 15-64 next to 0-19.
    path = write_text(tmp_path, "pop_bands.csv", POP + "BU99990101,2024,0,19,300\nBU99990101,2024,20,,700\n")
    importing.import_file(con, "population", path)
    alfa = db.table(con, "population", "area_code = 'BU99990101' AND year = 2024").sort_values("age_min")
    assert alfa[["age_min", "persons"]].values.tolist() == [[0, 300.0], [20, 700.0]]
    assert alfa["persons"].sum() == 1000.0
    assert db.count_rows(con, "population") == 11  # 12 - 3 + 2
    bravo = db.table(con, "population", "area_code = 'BU99990102'")
    assert bravo["persons"].sum() == 2000.0


def test_reimporting_facilities_and_dwellings_keeps_other_rows(con, tmp_path):
    s1 = write_text(tmp_path, "s1.csv", FAC + "S1,School Een,primary_school,120,places,131000,450500\n")
    importing.import_file(con, "facilities", s1)
    fac = db.table(con, "facilities").set_index("id")
    assert len(fac) == 4
    assert fac.at["S1", "capacity"] == 120.0
    assert fac.at["S2", "capacity"] == 50.0
    importing.import_file(con, "dwellings", write_text(tmp_path, "dw.csv", DW + "BU99990202,2024,150\n"))
    dw = db.table(con, "dwellings").set_index("area_code")["dwellings"].to_dict()
    assert dw == {"BU99990101": 500.0, "BU99990102": 1000.0, "BU99990201": 250.0, "BU99990202": 150.0}


def test_blank_and_empty_rows_are_ignored(con, tmp_path):
    path = write_text(tmp_path, "dw_blank.csv", DW + "BU99990101,2031,10\n\n,,\nBU99990102,2031,20\n")
    importing.import_file(con, "dwellings", path)
    assert db.table(con, "dwellings", "year = 2031")["dwellings"].sum() == 30.0


def test_lonlat_facilities_are_converted_to_rd(con, tmp_path):
    lon, lat = 5.1214, 52.0907
    ex, ey = RD_FROM_WGS84.transform(lon, lat)
    assert abs(ex - 136_000) < 1_000 and abs(ey - 456_000) < 1_000  # sanity of the expectation itself
    # Add a buurt around the point so it is not 'far outside the loaded areas'.
    sq = square(round(ex) - 500, round(ey) - 500)
    importing.import_file(con, "areas", write_geojson(tmp_path, "dom.geojson",
                                                      [feature({"code": "BU99990301", "name": "Dom"}, sq)]))
    path = write_text(tmp_path, "ll.csv", f"id,name,type,capacity,unit,lon,lat\nD1,Domplein,library,1,facilities,"
                                          f"{lon},{lat}\n")
    importing.import_file(con, "facilities", path)
    row = db.table(con, "facilities", "id = 'D1'").iloc[0]
    assert abs(row["x"] - ex) < 50 and abs(row["y"] - ey) < 50
    assert row["area_code"] == "BU99990301"


def test_generic_geojson_facilities(con, tmp_path):
    features = [_fac("G1", {"type": "Point", "coordinates": _lonlat(130500, 450500)}, "Geo Alfa"),
                _fac("G2", {"type": "Point", "coordinates": _lonlat(132500, 450600)}, "Geo Charlie")]
    importing.import_file(con, "facilities", write_geojson(tmp_path, "fac.geojson", features, crs="OGC:1.3:CRS84"))
    got = db.table(con, "facilities", "id LIKE 'G%'").set_index("id")
    assert got.loc[["G1", "G2"], "area_code"].tolist() == ["BU99990101", "BU99990201"]
    assert np.allclose(got.loc[["G1", "G2"], "x"], [130500, 132500], atol=0.5)
    assert np.allclose(got.loc[["G1", "G2"], "y"], [450500, 450600], atol=0.5)
    assert got.loc["G1", "name"] == "Geo Alfa"
    assert got.loc["G1", "capacity"] == 1.0
    prov = db.table(con, "provenance").iloc[-1]
    assert (prov["kind"], prov["file"], prov["format"], prov["rows"]) == ("facilities", "fac.geojson",
                                                                          "generic-geojson", 2)
    # The same points in RD with a declared EPSG:28992 are read as metres.
    rd = [_fac("G3", {"type": "Point", "coordinates": [131500, 450500]})]
    importing.import_file(con, "facilities", write_geojson(tmp_path, "fac_rd.geojson", rd))
    g3 = db.table(con, "facilities", "id = 'G3'").iloc[0]
    assert (g3["x"], g3["y"], g3["area_code"]) == (131500.0, 450500.0, "BU99990102")


def _area(con, code: str) -> shapely.Geometry:
    wkb = con.execute("select geom from areas where code = ?", [code]).fetchone()[0]
    return shapely.from_wkb(bytes(wkb))


def test_generic_areas_derive_level_parent_and_dissolves(con):
    a = db.table(con, "areas").set_index("code")
    assert sorted(a.index) == ["BU99990101", "BU99990102", "BU99990201", "BU99990202", "GM9999", "WK999901",
                               "WK999902"]
    assert a.loc["BU99990101", ["level", "parent_code", "geom_source"]].tolist() == ["buurt", "WK999901", "imported"]
    assert a.loc["WK999901", ["level", "parent_code", "geom_source"]].tolist() == ["wijk", "GM9999", "dissolved"]
    assert a.loc["GM9999", "level"] == "gemeente"
    assert a.loc["GM9999", "parent_code"] is None or pd.isna(a.loc["GM9999", "parent_code"])
    assert _area(con, "WK999901").area == pytest.approx(2_000_000)
    assert _area(con, "WK999902").area == pytest.approx(2_000_000)
    assert _area(con, "GM9999").area == pytest.approx(4_000_000)
    assert (a.loc["WK999901", "cx"], a.loc["WK999901", "cy"]) == pytest.approx((131_000, 450_500))


def test_pdok_form_areas(empty_con, tmp_path):
    fx = good_areas(4)
    features = [feature({"buurtcode": f["properties"]["code"], "buurtnaam": f["properties"]["name"],
                         "wijkcode": "WK" + f["properties"]["code"][2:8], "gemeentecode": "GM9999"}, f["geometry"])
                for f in fx]
    importing.import_file(empty_con, "areas", write_geojson(tmp_path, "pdok.geojson", features))
    a = db.table(empty_con, "areas").set_index("code")
    assert a["level"].value_counts().to_dict() == {"buurt": 4, "wijk": 2, "gemeente": 1}
    assert a.loc["BU99990202", ["name", "parent_code"]].tolist() == ["Delta", "WK999902"]
    assert a.loc["WK999902", "parent_code"] == "GM9999"
    assert _area(empty_con, "WK999901").area == pytest.approx(2_000_000)
    prov = db.table(empty_con, "provenance").iloc[0]
    assert prov["format"] == "pdok-buurt"
    assert prov["licence"].startswith("CC BY 4.0")


def test_reimporting_one_area_keeps_the_others_and_redissolves(con, tmp_path):
    before = db.table(con, "areas").set_index("code")
    # Alfa grows to 2 km x 1 km (westwards): its wijk's dissolve must follow.
    bigger = {"type": "Polygon", "coordinates": [[[129000, 450000], [131000, 450000], [131000, 451000],
                                                  [129000, 451000], [129000, 450000]]]}
    importing.import_file(con, "areas", write_geojson(tmp_path, "alfa.geojson",
                                                      [feature({"code": "BU99990101", "name": "Alfa"}, bigger)]))
    after = db.table(con, "areas").set_index("code")
    assert sorted(after.index) == sorted(before.index)
    assert _area(con, "WK999901").area == pytest.approx(3_000_000)
    assert _area(con, "BU99990202").area == pytest.approx(1_000_000)
    assert after.at["BU99990202", "woonmilieu_override"] == "groen-blauw"  # kept from the first import


# ------------------------------------------------------------------------------------------------- CLI

def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_cli_init_import_and_refusal(tmp_path):
    dbfile = tmp_path / "cli.duckdb"
    r = _cli("init", "--db", str(dbfile))
    assert r.returncode == 0, r.stderr
    r = _cli("import", "areas", str(FIXTURES / "areas.geojson"), "--db", str(dbfile))
    assert r.returncode == 0, r.stderr
    assert "imported areas.geojson as areas" in r.stdout
    bad = write_text(tmp_path, "bad.csv", POP + "BU99990101,2024,0,14,150\nBU99990102,2024,0,14,veel\n"
                                                "BU12345678,2024,0,14,1\n")
    r = _cli("import", "population", str(bad), "--db", str(dbfile))
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert "bad.csv:3:persons: 'veel' is not a number of persons" in lines
    assert "bad.csv:4:area_code: unknown area code 'BU12345678'" in lines
    assert lines[-1] == "import failed: 2 problem(s); nothing was changed"
    con = db.connect(dbfile, read_only=True)
    try:
        assert db.table_counts(con) == {"areas": 7, "population": 0, "dwellings": 0, "facilities": 0, "plans": 0,
                                        "norms": 0, "area_distances": 0, "occupancy": 0, "rooms": 0, "initiatives": 0,
                                        "agenda": 0,
                                        "capacities": 0, "facility_rules": 0}
        assert db.table(con, "provenance")["file"].tolist() == ["areas.geojson"]
    finally:
        con.close()
