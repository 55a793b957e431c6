"""Exports of the Overzicht (PNG, stand-alone HTML, one-page PDF, Excel) on the embedded Utrecht data, and the
map builders: escaped tooltips, worst-of-all colouring, the clicked area."""

from __future__ import annotations

import io
import shutil

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import Polygon

from lib.core import db, gaps, inputs, sources
from lib.overview import exports, summary
from lib.ui import maps


@pytest.fixture(scope="module")
def utrecht(utrecht_db, tmp_path_factory):
    """(inputs, gap table for 2024 and 2030, notes, connection) on a private copy of the Utrecht database."""
    path = tmp_path_factory.mktemp("exports") / "u.duckdb"
    shutil.copy(utrecht_db, path)
    con = db.connect(path)
    inp = inputs.load(con)
    res = gaps.compute(inp, years=[2024, 2030])
    yield inp, res.table, res.notes, con
    con.close()


def view_of(utrecht, ftype="primary_school", year=2024, level="buurt", lang="nl", case=None):
    inp, table, notes, con = utrecht
    return exports.OverviewView(
        table=gaps.aggregate(table, inp.areas, level), shapes=maps.shapes_wgs84(db.area_shapes(con, level)),
        year=year, base_year=inp.base_year, facility_type=ftype, level=level, lang=lang, case=case,
        inhabitants=summary.inhabitants_by_year(inp, [2024, 2030]), norms=inp.norms,
        provenance=sources.provenance(con), quality=sources.quality(con), notes=tuple(notes),
        facilities=inp.facilities)


def test_workbook_sheets_and_known_numbers(utrecht):
    wb = openpyxl.load_workbook(io.BytesIO(exports.workbook(view_of(utrecht))))
    assert wb.sheetnames == ["Samenvatting", "Gymzaal", "Bibliotheek (afstand)", "Basisschool (plaatsen)",
                             "Sporthal", "Zwembad (afstand)", "Bronnen", "Toelichting"]
    ws = wb["Basisschool (plaatsen)"]
    header = [c.value for c in ws[1]]
    # DUO enrolment is a proxy (issue 11): the supply column says so, there is no saldo and no shortfall
    supply = "Aanbod = leerlingenaantal (geen capaciteit)"
    assert header[:9] == ["Code", "Gebied", "Niveau", "Jaar", "Behoefte", supply, "Saldo", "Eenheid", "Status"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    col = {h: i for i, h in enumerate(header)}
    assert len(rows) == 111 and {r[col["Jaar"]] for r in rows} == {2024}
    assert sum(r[col[supply]] for r in rows) == pytest.approx(29509)  # DUO pupils 2023-24, 101 schools
    assert sum(r[col["Status"]] == "tekort" for r in rows) == 0
    assert {r[col["Status"]] for r in rows} == {"capaciteit onbekend"} and {r[col["Saldo"]] for r in rows} == {None}
    assert {r[col["Soort aanbod"]] for r in rows} == {"benadering (leerlingenaantal)"}
    lib = [c.value for c in wb["Bibliotheek (afstand)"][1]]
    assert lib[4:7] == ["Norm: hoogstens (m)", "Afstand (m)", "Marge tot de norm (m)"]  # distances as distances
    # ages 4-11 apportioned from 0-14: an estimate except in the 4 buurten without children (business parks)
    assert sum(r[col["Schatting"]] == "ja" for r in rows) == 107
    assert {r[col["Prognose"]] for r in rows} == {"nee"}
    assert {r[col["Eenheid"]] for r in rows} == {"plaatsen"}
    text = " ".join(str(c) for row in wb["Bronnen"].iter_rows(values_only=True) for c in row if c is not None)
    # the Dutch workbook carries the attribution table of data/SOURCES.nl.md (the English one of SOURCES.md)
    assert "CC BY 4.0" in text and 'Vermeld "Bron: CBS / Kadaster"' in text and "Mulier" in text
    assert "age:4-11" in text and "scholen.geo.json" in text  # norms in force and files loaded
    notes = " ".join(str(c) for row in wb["Toelichting"].iter_rows(values_only=True) for c in row if c)
    assert "evenredig verdeeld" in notes and "het huidige leerlingenaantal (DUO), geen capaciteit" in notes


def test_workbook_follows_year_level_and_language(utrecht):
    wb = openpyxl.load_workbook(io.BytesIO(exports.workbook(view_of(utrecht, year=2030, level="wijk", lang="en",
                                                                    case="demo"))))
    assert wb.sheetnames[0] == "Summary" and wb.sheetnames[-2:] == ["Sources", "Notes"]
    ws = wb["Primary school (places)"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10 and {r[3] for r in rows} == {2030} and {r[2] for r in rows} == {"Wijk"}  # in words
    sources_text = " ".join(str(c) for row in wb["Sources"].iter_rows(values_only=True) for c in row if c)
    assert 'Show "Bron: CBS / Kadaster"' in sources_text  # data/SOURCES.md
    summary_text = " ".join(str(c) for row in wb["Summary"].iter_rows(values_only=True) for c in row if c)
    assert "demo" in summary_text and "374,195" in summary_text
    notes = " ".join(str(c) for row in wb["Notes"].iter_rows(values_only=True) for c in row if c)
    assert "Case 'demo' is applied as an overlay" in notes and "cancel out" in notes


def test_summary_pdf_is_one_page_with_the_numbers(utrecht):
    from pypdf import PdfReader

    data = exports.summary_pdf(view_of(utrecht))
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    # primary schools: capacity unknown (DUO enrolment is a proxy), so no count of shortfalls and no top 10
    assert "Buurten met tekort" not in text and "capaciteit onbekend" in text
    assert "Geen gebied met een tekort in dit jaar" in text
    assert "Mulier" in text and "CBS / Kadaster" in text
    gym = PdfReader(io.BytesIO(exports.summary_pdf(view_of(utrecht, ftype="gym")))).pages[0].extract_text()
    assert "Buurten met tekort: 0 / 111" in gym and "Onbekend (ontbrekende gegevens): 22" in gym


def test_map_png_size_and_colours(utrecht):
    img = Image.open(io.BytesIO(exports.map_png(view_of(utrecht)))).convert("RGB")
    assert img.size == (int(exports.PNG_SIZE_IN[0] * exports.PNG_DPI), int(exports.PNG_SIZE_IN[1] * exports.PNG_DPI))
    colours = {c for _, c in img.getcolors(maxcolors=1_000_000)}

    def rgb(status):
        return tuple(int(maps.STATUS_COLOURS[status][i:i + 2], 16) for i in (1, 3, 5))

    # primary schools: every buurt 'capacity unknown' (light blue), nothing red
    assert rgb("proxy") in colours and rgb("shortfall") not in colours
    lib = Image.open(io.BytesIO(exports.map_png(view_of(utrecht, ftype="library")))).convert("RGB")
    lib_colours = {c for _, c in lib.getcolors(maxcolors=1_000_000)}
    assert rgb("shortfall") in lib_colours and rgb("sufficient") in lib_colours


def test_map_html_stands_alone(utrecht):
    html = exports.map_html(view_of(utrecht, ftype=summary.ALL_TYPES))
    assert "cdn.jsdelivr" not in html and "../../app/static" not in html
    assert "vzw-legend" in html and "vzw-title" in html and html.count('"code": "BU') == 111
    assert "Alle (slechtste status)" in html


def test_file_stem_is_safe():
    v = exports.OverviewView(table=pd.DataFrame(), shapes=gpd.GeoDataFrame(), year=2030, base_year=2024,
                             facility_type="primary_school", level="wijk", case="Plan / <b>x</b>")
    assert v.file_stem() == "voorzieningen_primary_school_2030_wijk_Plan-b-x-b"


# --- maps ---------------------------------------------------------------------------------------------------

EVIL = "<script>alert(1)</script>"


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["BU1", "BU2"], "name": [EVIL, "Bravo & Co"]},
                            geometry=[Polygon([(5.0, 52.0), (5.01, 52.0), (5.01, 52.01)]),
                                      Polygon([(5.02, 52.0), (5.03, 52.0), (5.03, 52.01)])], crs=4326)


def _rows() -> pd.DataFrame:
    return pd.DataFrame({"area_code": ["BU1", "BU1", "BU2", "BU2"], "area_name": [EVIL, EVIL, "B", "B"],
                         "level": "buurt", "year": 2024, "facility_type": ["gym", "primary_school"] * 2,
                         "status": ["surplus", "shortfall", "sufficient", "tight"], "estimate": False,
                         "forecast": False})


def test_tooltips_escape_names_from_data():
    data = maps.status_geojson(_areas(), _rows()[_rows()["facility_type"] == "gym"].assign(
        need=1.0, supply=2.0, gap=1.0, unit="<b>u</b>"), "nl")
    props = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert props["BU1"]["name"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert props["BU2"]["name"] == "Bravo &amp; Co"
    assert props["BU1"]["need_label"] == "1 &lt;b&gt;u&lt;/b&gt;"
    fac = pd.DataFrame({"id": ["F1"], "name": [EVIL], "type": ["gym"], "x": [155000.0], "y": [463000.0],
                        "capacity": [2.0], "unit": ["facilities"]})
    m = maps.status_map(data, "nl", facilities=fac, title=EVIL)
    html = m.get_root().render()
    assert EVIL not in html
    # facility tooltip inside the embedded GeoJSON (folium writes & as \u0026 and — as \u2014), bound as text
    # the unit in words on the Dutch map (issue 10; the old test expected the English "2 facilities")
    assert r'\u0026lt;script\u0026gt;alert(1)\u0026lt;/script\u0026gt; \u2014 2 voorzieningen' in html
    assert "layer.bindTooltip(feature.properties.label)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</div>" in html  # title box


def test_worst_of_all_colours_by_the_worst_type():
    rows = summary.map_rows(_rows(), summary.ALL_TYPES, 2024)
    data = maps.status_geojson(_areas(), rows, "en")
    props = {f["properties"]["code"]: f for f in data["features"]}
    assert props["BU1"]["properties"]["status"] == "shortfall"
    assert props["BU1"]["properties"]["cause_label"] == "Primary school (places)"
    assert props["BU2"]["properties"]["status"] == "tight"
    assert maps._status_style(props["BU1"])["fillColor"] == maps.STATUS_COLOURS["shortfall"] == "#d7301f"
    assert maps._status_style(props["BU2"])["fillColor"] == maps.STATUS_COLOURS["tight"]


def test_clicked_feature_only_for_areas():
    poly = {"last_active_drawing": {"type": "Feature", "properties": {"code": "BU1", "name": "A"}}}
    point = {"last_active_drawing": {"type": "Feature", "properties": {"id": "F1", "label": "School"}}}
    assert maps.clicked_feature(poly)["code"] == "BU1"
    assert maps.clicked_feature(point) is None
    assert maps.clicked_feature(None) is None and maps.clicked_feature({"last_active_drawing": None}) is None


def test_map_records_are_the_rows_as_pandas_writes_them():
    """lib.ui.maps._records: the same Python values as ``to_dict("records")`` (NaN, None, NA, booleans, strings,
    integers, numpy scalars in an object column), from whole columns."""
    rows = pd.DataFrame({"area_code": pd.array(["BU1", None], dtype="string[pyarrow]"), "gap": [-1.5, np.nan],
                         "year": [2030, 2031], "estimate": [True, False], "unit": ["places", None],
                         "n": pd.array([1, None], dtype="Int64"), "name": pd.Series(["x", None], dtype="str"),
                         "boxed": pd.Series([np.float64(2.0), None], dtype=object)})
    ours, theirs = maps._records(rows), rows.to_dict("records")
    assert len(ours) == 2 and [list(r) for r in ours] == [list(r) for r in theirs]
    for a, b in zip(ours, theirs, strict=True):
        for k in a:
            assert type(a[k]) is type(b[k]) and (a[k] == b[k] or (pd.isna(a[k]) and pd.isna(b[k]))), k
    assert maps._records(rows.iloc[:0]) == []
