"""The Data page: what is loaded, provenance/licences, quality notes, and uploads through the CLI importers
(all-or-nothing, problems as file:row:column) — lib.admin.data_status with real numbers, the page with AppTest."""

from __future__ import annotations

import pytest

from lib.admin import data_status
from lib.core import db
from tests.conftest import FIXTURES


@pytest.fixture
def utrecht(utrecht_db):
    c = db.connect(utrecht_db, read_only=True)
    yield c
    c.close()


def snapshot(con) -> dict:
    """Everything an import could change: row counts of every table, provenance, quality, data version."""
    counts = db.table_counts(con)
    return counts | {"provenance": db.count_rows(con, "provenance"), "quality": db.count_rows(con, "quality"),
                     "version": db.data_version(con), "plans": db.table(con, "plans").to_dict("records")}


# --- what is loaded (embedded Utrecht data) ---------------------------------------------------------------------

def test_loaded_tables_years_and_municipality(utrecht):
    t = data_status.loaded_tables(utrecht, "nl").set_index("Tabel")
    # tables show numbers as text in the language (Streamlit's number formats are not locale aware)
    assert t.at["Gebieden (buurt, wijk, gemeente)", "Rijen"] == "122"  # 111 buurten + 10 wijken + 1 gemeente
    assert t.at["Bevolking (rijen per buurt, jaar, leeftijdsgroep)", "Rijen"] == "1.110"  # 111 × 5 bands × 2 years
    assert t.at["Bevolking (rijen per buurt, jaar, leeftijdsgroep)", "Jaren"] == "2023, 2024"
    assert t.at["Afstanden (CBS nabijheid)", "Jaren"] == "2023"
    assert t.at["Normen", "Rijen"] == "6" and t.at["Woningbouwplannen", "Rijen"] == "0"
    m = data_status.municipalities(utrecht, "en")
    assert m.values.tolist() == [["GM0344", "Utrecht", 10, 111]]
    assert data_status.base_year(utrecht) == "2024"
    f = data_status.facilities_by_type(utrecht, "en").set_index("Facility type")  # types in words
    assert f.loc["Sports hall", ["Locations", "Capacity (sum)"]].tolist() == ["12", "16"]  # 12 places, 16 halls
    assert f.at["Primary school (places)", "What the capacity is"] == "enrolment 2023-24 (DUO) used as capacity proxy"
    nl = data_status.facilities_by_type(utrecht, "nl").set_index("Voorziening")
    assert nl.loc["Basisschool (plaatsen)", "Capaciteit (som)"] == "29.509"


def test_provenance_flags_the_unknown_mulier_licence(utrecht):
    p = data_status.provenance_table(utrecht, "en")
    lic = p.set_index("File")["Licence"]
    assert lic["buurt_2024.geojson"] == "CC BY 4.0 — Source: CBS / Kadaster"  # "Bron: CBS" on Dutch screens
    assert lic["scholen.geo.json"].startswith("CC0")
    assert lic["mulier-instituut_sportaccomodaties_Utrecht.csv"].startswith("⚠ Licence unknown: demo use only.")
    assert lic["norms_default.csv"] == "(no licence given)"
    assert data_status.has_unknown_licence(utrecht)


def by_topic(groups):
    return {g.topic: g for g in groups}


def test_quality_notes_grouped_by_topic(utrecht):
    groups = data_status.quality_groups(utrecht, "nl")
    assert [g.topic for g in groups] == ["illustrative", "suppressed", "outside", "duplicates", "proxy", "coverage",
                                         "aggregated", "rounding"]
    assert by_topic(groups)["illustrative"].total == 36     # the illustrative area agenda, first in the list
    by = {g.topic: g for g in groups}
    assert by["suppressed"].title == "Onderdrukte of niet gepubliceerde waarden"
    assert len(by["suppressed"].notes) == 6  # a_woning 2024 + five nabijheid columns
    assert by["outside"].total == 6960 + 2  # DUO schools elsewhere in NL + 2 Mulier points with bad coordinates
    assert "Vleuterweide" in by["duplicates"].notes.iloc[0]["Probleem"]
    assert by["proxy"].notes.iloc[0]["Aantal"] == "116"


# --- uploads (the four-buurt fixture) -------------------------------------------------------------------------

def test_upload_of_a_good_file_writes_it_and_reports_stages(con):
    stages = []
    version = db.data_version(con)
    result = data_status.import_upload(con, "plans", "plans.csv", (FIXTURES / "plans.csv").read_bytes(),
                                       progress=lambda stage, fraction: stages.append((stage, fraction)))
    assert result.ok and result.summary == "1 plans, 100 dwellings" and result.problems == []
    assert stages == [("saving", 0.05), ("validating", 0.15), ("writing", 0.7), ("done", 1.0)]
    assert db.table(con, "plans")[["plan_id", "area_code", "year", "dwellings"]].values.tolist() == [
        ["P1", "BU99990101", 2028, 100.0]]
    assert db.data_version(con) == version + 1
    assert db.table(con, "provenance").iloc[-1][["kind", "file", "rows"]].tolist() == ["plans", "plans.csv", 1]


def test_upload_beside_readers_switches_in_a_new_snapshot(file_con):
    """As in the app: the snapshot is open read-only (by this process and others); the upload writes a new
    snapshot and switches it in; a reader that opened the old one keeps it until it reopens."""
    path = file_con.path
    file_con.close()
    app, other = db.connect(path, read_only=True), db.connect(path, read_only=True)
    try:
        version, old = db.data_version(app), app.snapshot
        result = data_status.import_upload(app, "plans", "plans.csv", (FIXTURES / "plans.csv").read_bytes())
        assert result.ok and result.summary == "1 plans, 100 dwellings"
        assert db.snapshot_id(path) != old and app.snapshot == db.snapshot_id(path)  # switched, and app follows
        assert db.count_rows(app, "plans") == 1 and db.data_version(app) == version + 1
        assert db.count_rows(other, "plans") == 0  # the other reader's snapshot did not change under it
    finally:
        app.close()
        other.close()
    again = db.connect(path, read_only=True)
    assert db.count_rows(again, "plans") == 1
    again.close()


def test_failed_upload_lists_file_row_column_and_changes_nothing(con):
    before = snapshot(con)
    stages = []
    bad = (b"plan_id,name,area_code,year,dwellings\n"
           b"P1,Goed,BU99990101,2028,100\n"
           b"P2,Slecht,BU00000000,2028,veel\n"
           b"P3,Wijk,WK999901,1800,50\n")
    result = data_status.import_upload(con, "plans", "nieuw.csv", bad, progress=lambda s, f: stages.append(s))
    assert not result.ok
    assert result.problems_text().splitlines() == [
        "nieuw.csv:3:area_code: unknown area code 'BU00000000'",
        "nieuw.csv:4:area_code: 'WK999901' is not a buurt: give figures per buurt (wijk and gemeente figures are "
        "sums of their buurten)",
        "nieuw.csv:4:year: 1800 is below the minimum 1900",
        "nieuw.csv:3:dwellings: 'veel' is not a number of dwellings"]
    frame = result.problems_frame("nl")
    assert list(frame.columns) == ["Bestand", "Rij", "Kolom", "Probleem"]
    assert frame["Rij"].tolist() == [3, 4, 4, 3]
    assert list(result.problems_frame("en").columns) == ["File", "Row", "Column", "Problem"]
    assert stages == ["saving", "validating", "failed"]
    assert snapshot(con) == before  # the good row P1 was not written either


def test_upload_problems_without_a_cell_and_unsafe_names(con):
    before = snapshot(con)
    r = data_status.import_upload(con, "population", "../../etc/bevolking.csv", b"")
    assert r.problems_text() == "bevolking.csv::: file is empty"
    r = data_status.import_upload(con, "dwellings", "w.csv", "area_code;year;dwellings\nBU99990101;2024;5\u00e9"
                                  .encode("latin-1"))
    assert not r.ok and r.problems[0].message.startswith("file is not UTF-8 encoded")
    r = data_status.import_upload(con, "facilities", "f.csv", b"id,name\nx,y\n")
    assert not r.ok and r.problems_frame("en")["Row"].tolist()[0] == 1  # missing columns: on the header row
    r = data_status.import_upload(con, "areas", "kapot.geojson", b"{not json")
    assert not r.ok and r.problems[0].file == "kapot.geojson"
    assert snapshot(con) == before
    assert data_status.safe_filename("C:\\Users\\x\\<b>kwb 2024.xlsx") == "_b_kwb 2024.xlsx"
    assert data_status.safe_filename("..") == "upload"


def test_upload_replaces_rows_by_key_like_the_cli(con):
    data = b"area_code,year,dwellings\nBU99990101,2024,777\n"
    assert data_status.import_upload(con, "dwellings", "dw.csv", data).ok
    dw = db.table(con, "dwellings").set_index("area_code")["dwellings"]
    assert dw.to_dict() == {"BU99990101": 777.0, "BU99990102": 1000.0, "BU99990201": 250.0, "BU99990202": 100.0}


# --- the page (AppTest on the embedded Utrecht data) ------------------------------------------------------------

def test_data_page_renders_in_both_languages(app):
    app.switch_page("app_pages/data.py").run()
    assert not app.exception, app.exception
    loaded = app.dataframe[0].value.set_index("Tabel")
    assert loaded.at["Normen", "Rijen"] == "6"
    assert app.dataframe[1].value.values.tolist() == [["GM0344", "Utrecht", 10, 111]]
    assert any("Licentie onbekend: alleen voor demonstratie" in w.value for w in app.warning)
    assert any("CC BY 4.0" in md.value and "CC0" in md.value for md in app.markdown)
    assert app.selectbox(key="data_kind").options[0] == "Gebieden (GeoJSON/GeoPackage)"
    titles = [e.label for e in app.expander]
    assert "Voorzieningen buiten de gebieden (2 melding(en))" in titles
    # issue 11: where data is probably missing, which sites do not count, real capacity
    frames = [d.value for d in app.dataframe]
    gaps_table = next(f for f in frames if "Controle" in f.columns)
    vdm = gaps_table[gaps_table["Wijk"] == "Wijk 10 Vleuten-De Meern"]
    assert set(vdm["Voorziening"]) == {"Gymzaal", "Sporthal"}
    excluded = next(f for f in frames if "Reden" in f.columns)
    assert sorted(excluded["Naam"].str.lower()) == ["david lloyd sports & health club", "de hoogstraat revalidatie",
                                                    "medicort/ zwembad waterwijs", "sauna la mar", "umc utrecht"]
    # 18 school locations in Vleuten-De Meern, 13 in Leidsche Rijn, 1 in Oost cannot fit compulsory PE in the
    # gymzalen on record within 1,000 m
    assert "Schoollocaties zonder gymzaal binnen bereik (32)" in titles
    assert any(b.label == "Sjabloon capaciteit (CSV)" for b in app.get("download_button"))
    app.radio(key="lang").set_value("en").run()
    assert not app.exception, app.exception
    assert [s.value for s in app.subheader] == ["What is loaded", "Provenance and licence per file", "Data quality",
                                                "Data probably missing", "Excluded sites", "Import real capacity",
                                                "Attribution and licences", "Load a new file"]
    assert "Facilities outside the areas (2 note(s))" in [e.label for e in app.expander]
