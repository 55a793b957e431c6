"""The Normen page: editing the base norms (validated, all-or-nothing, stored), import/export, reset, and the
woonmilieu override — through lib.admin.norm_editing with hand-computed numbers, and through the page with AppTest.

Fixture needs (tests/test_compute.py): children 4-11 Alfa 80, Bravo 160, Charlie 40, Delta 16 (1 place each).
"""

from __future__ import annotations

import csv as csv_module
import io
import shutil

import pandas as pd
import pytest

from lib.admin import norm_editing
from lib.core import db, gaps, inputs, norms
from tests.conftest import load_fixture_db

A, B, C, D = "BU99990101", "BU99990102", "BU99990201", "BU99990202"


def need(con, ftype):
    return gaps.compute(inputs.load(con), types=[ftype]).table.set_index("area_code")["need"]


def edited_table(con, changes=None):
    """The editor table with cells changed: changes = {(row 1..n, column): value}."""
    df = norm_editing.for_editor(con).astype(object)
    for (row, column), value in (changes or {}).items():
        df.at[row - 1, column] = value
    return df


# --- the editor table in lib ------------------------------------------------------------------------------------

def test_editor_rows_are_the_stored_norms_in_a_fixed_order(con):
    ed = norm_editing.for_editor(con)
    assert list(ed.columns) == norms.NORM_COLUMNS
    # row 1..4 as the page shows them: sorted by type, the general row before its woonmilieu row
    assert list(zip(ed["facility_type"], ed["woonmilieu"].fillna(""), strict=True)) == [
        ("library", ""), ("primary_school", ""), ("sports_hall", ""), ("sports_hall", "groen-blauw")]
    assert ed["per"].tolist() == [1, 1, 1000, 100]


def test_save_round_trip_changes_the_gap(con):
    assert need(con, "primary_school")[[A, B, C, D]].tolist() == pytest.approx([80, 160, 40, 16])
    version = db.data_version(con)
    assert norm_editing.save_edited(con, edited_table(con, {(2, "per"): 2})) == []
    stored = norm_editing.current_norms(con).set_index(["facility_type", "woonmilieu"])
    assert stored.at[("primary_school", ""), "per"] == 2
    assert stored.at[("sports_hall", "groen-blauw"), "per"] == 100  # other rows unchanged
    assert stored.at[("primary_school", ""), "status"] == "assumption"
    # need = 1 × children 4-11 / 2
    assert need(con, "primary_school")[[A, B, C, D]].tolist() == pytest.approx([40, 80, 20, 8])
    assert db.data_version(con) == version + 1  # every page's cache sees the change
    assert norm_editing.last_change(con, "en").endswith("4 norms for 3 facility types, edited on the Normen page")
    assert norm_editing.last_change(con).endswith("4 normen voor 3 soorten voorzieningen, bewerkt op de pagina Normen")


def test_amount_edit_and_added_and_deleted_rows(con):
    ed = norm_editing.for_editor(con)
    ed.at[1, "amount"] = 1.5                             # 1.5 places per child
    ed = ed.drop(index=0)                                 # library row deleted
    ed.loc[10] = ["community_centre", "inhabitants", 1, 5000, "facilities", 1500, None, None, "test", "assumption"]
    assert norm_editing.save_edited(con, ed) == []
    assert sorted(norm_editing.current_norms(con)["facility_type"]) == [
        "community_centre", "primary_school", "sports_hall", "sports_hall"]
    assert need(con, "primary_school")[A] == pytest.approx(120)  # 1.5 × 80
    assert need(con, "community_centre")[B] == pytest.approx(2000 / 5000)  # Bravo has 2,000 inhabitants


def test_bad_edit_names_row_and_column_and_changes_nothing(con):
    before = norm_editing.current_norms(con)
    version = db.data_version(con)
    bad = edited_table(con)
    bad.at[1, "per"] = "abc"           # row 2 (primary_school): text in a number column
    bad.at[0, "woonmilieu"] = "stad"   # row 1 (library): unknown woonmilieu
    bad.at[2, "catchment_m"] = 500     # row 3 (sports_hall, service level wijk): both methods
    bad.at[3, "status"] = "guess"      # row 4: unknown status
    problems = norm_editing.save_edited(con, bad)
    assert [(p.row, p.column) for p in problems] == [(1, "woonmilieu"), (2, "per"), (3, "catchment_m"),
                                                     (4, "status")]
    assert [str(p) for p in problems] == [
        "normen:1:woonmilieu: unknown woonmilieu 'stad' (use: centrum-stedelijk, gemengd stedelijk, groen-blauw)",
        "normen:2:per: 'abc' is not a number",
        "normen:3:catchment_m: give either catchment_m or service_level, not both",
        "normen:4:status: unknown status 'guess' (use: policy, derived, assumption)"]
    pd.testing.assert_frame_equal(norm_editing.current_norms(con), before)
    assert db.data_version(con) == version
    shown = norm_editing.problems_table(problems, "nl")
    assert shown.iloc[1].tolist() == ["rij 2", "Per", "'abc' is not a number"]
    assert norm_editing.problems_table(problems, "en").iloc[0, :2].tolist() == ["row 1", "Woonmilieu"]


def test_unsaved_rows_counts_changed_added_and_deleted_rows(con):
    ed = norm_editing.for_editor(con)
    assert norm_editing.unsaved_rows(con, ed) == 0
    ed.at[1, "per"] = 2.0
    assert norm_editing.unsaved_rows(con, ed) == 1
    ed.loc[9] = ["gym", "age:6-11", 1, 440, "facilities", 1000, None, None, "x", "derived"]
    assert norm_editing.unsaved_rows(con, ed) == 2
    assert norm_editing.unsaved_rows(con, norm_editing.for_editor(con).drop(index=[0, 3])) == 2


def test_empty_and_inconsistent_tables_are_refused(con):
    before = norm_editing.current_norms(con)
    problems = norm_editing.save_edited(con, norm_editing.for_editor(con).iloc[0:0])
    assert [str(p) for p in problems] == ["normen::: the norms table is empty: keep at least one norm"]
    # a groen-blauw sports-hall row that uses a catchment while the general row uses a service level
    problems = norm_editing.save_edited(con, edited_table(con, {(4, "service_level"): None,
                                                                (4, "catchment_m"): 2500}))
    assert [(p.row, p.column) for p in problems] == [(4, "service_level")]
    # a blank per (cleared cell) is reported, not read as 0
    problems = norm_editing.save_edited(con, edited_table(con, {(2, "per"): None}))
    assert [str(p) for p in problems] == ["normen:2:per: empty number"]
    pd.testing.assert_frame_equal(norm_editing.current_norms(con), before)


def test_edits_survive_a_restart(tmp_path):
    path = tmp_path / "n.duckdb"
    c = db.connect(path)
    load_fixture_db(c)
    assert norm_editing.save_edited(c, edited_table(c, {(2, "per"): 4})) == []
    c.close()
    c = db.connect(path)
    try:
        assert norm_editing.current_norms(c).set_index("facility_type").at["primary_school", "per"] == 4
        assert need(c, "primary_school")[B] == pytest.approx(40)  # 160 / 4
    finally:
        c.close()


# --- CSV export, import, reset ----------------------------------------------------------------------------------

def test_export_import_round_trip_and_import_replaces_all(con):
    csv = norm_editing.to_csv(con)
    rows = list(csv_module.reader(io.StringIO(csv.decode())))  # every text cell quoted (lib.ui.safe_export)
    assert rows[0] == norms.NORM_COLUMNS
    assert ["primary_school", "age:4-11", "1", "1", "places", "1000", "", "", "test fixture", "assumption"] in rows
    assert csv.decode().splitlines()[0] == ",".join(f'"{c}"' for c in norms.NORM_COLUMNS)
    before = norm_editing.current_norms(con)
    result = norm_editing.import_upload(con, "normen.csv", csv)
    assert result.ok and result.summary == "4 norms for 3 facility types"
    pd.testing.assert_frame_equal(norm_editing.current_norms(con), before)
    # a file with one row replaces all four
    one = b"facility_type,basis,amount,per,unit,catchment_m,service_level,woonmilieu,source\n" \
          b"primary_school,age:4-11,1,3,places,1000,,,mine\n"
    assert norm_editing.import_upload(con, "one.csv", one).ok
    assert norm_editing.current_norms(con)[["facility_type", "per"]].values.tolist() == [["primary_school", 3.0]]
    assert need(con, "primary_school")[C] == pytest.approx(40 / 3)


def test_bad_norms_csv_names_file_row_column_and_changes_nothing(con):
    before = norm_editing.current_norms(con)
    bad = b"facility_type,basis,amount,per,unit,catchment_m,service_level,woonmilieu,source\n" \
          b"primary_school,age:4-11,1,1,places,1000,,,ok\n" \
          b"gym,kids,1,440,facilities,1000,,,bad basis\n"
    result = norm_editing.import_upload(con, "../../tmp/evil name.csv", bad)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "evil name.csv:3:basis: 'kids' is not a basis: use inhabitants, dwellings or age:A-B (e.g. age:4-11)"]
    pd.testing.assert_frame_equal(norm_editing.current_norms(con), before)


def test_reset_restores_the_six_default_rows(con):
    assert len(norm_editing.current_norms(con)) == 4
    version = db.data_version(con)
    assert norm_editing.reset_to_defaults(con) == 6
    n = norm_editing.current_norms(con).set_index(["facility_type", "woonmilieu"])
    assert n.at[("sports_hall", ""), "per"] == 17500 and n.at[("sports_hall", "groen-blauw"), "per"] == 12500
    assert n.at[("gym", ""), "per"] == 440 and n.at[("gym", ""), "status"] == "derived"
    assert db.data_version(con) == version + 1
    # the export holds the default file's rows (sorted by type), cell for cell
    exported = sorted(norm_editing.to_csv(con).decode().replace('"', "").splitlines())
    assert exported == sorted(norms.DEFAULT_NORMS.read_text(encoding="utf-8").replace('"', "").splitlines())


# --- woonmilieu per buurt ---------------------------------------------------------------------------------------

@pytest.fixture
def utrecht(utrecht_db, tmp_path):
    path = tmp_path / "u.duckdb"
    shutil.copy(utrecht_db, path)
    c = db.connect(path)
    yield c
    c.close()


def test_woonmilieu_override_switches_the_sports_hall_norm(utrecht):
    code = "BU03440111"  # Welgelegen, Den Hommel: CBS stedelijkheid 1, 1,800 inhabitants in 2024
    wm = norm_editing.woonmilieu_table(utrecht).set_index("code")
    assert len(wm) == 111
    assert wm.loc[code, ["ste_mvs", "derived", "effective", "specific_norms"]].tolist() == [
        1, "centrum-stedelijk", "centrum-stedelijk", ""]
    row = gaps.compute(inputs.load(utrecht), types=["sports_hall"]).table.set_index("area_code").loc[code]
    assert (row["per"], row["basis_value"]) == (17500, 1800)
    assert row["need"] == pytest.approx(1800 / 17500)

    edited = norm_editing.woonmilieu_table(utrecht)
    edited.loc[edited["code"] == code, "override"] = "groen-blauw"
    assert norm_editing.save_woonmilieu_overrides(utrecht, edited) == (1, [])
    row = gaps.compute(inputs.load(utrecht), types=["sports_hall"]).table.set_index("area_code").loc[code]
    assert (row["per"], row["norm_woonmilieu"], row["area_woonmilieu"]) == (12500, "groen-blauw", "groen-blauw")
    assert row["need"] == pytest.approx(1800 / 12500)
    wm = norm_editing.woonmilieu_table(utrecht).set_index("code")
    assert wm.loc[code, ["derived", "override", "effective", "specific_norms"]].tolist() == [
        "centrum-stedelijk", "groen-blauw", "groen-blauw", "Sporthal: 1 voorziening / 12.500 inwoners"]  # words

    edited = norm_editing.woonmilieu_table(utrecht)
    edited.loc[edited["code"] == code, "override"] = None  # back to derived
    assert norm_editing.save_woonmilieu_overrides(utrecht, edited) == (1, [])
    assert gaps.compute(inputs.load(utrecht), types=["sports_hall"]).table.set_index(
        "area_code").at[code, "per"] == 17500


def test_unknown_woonmilieu_override_changes_nothing(utrecht):
    version = db.data_version(utrecht)
    edited = norm_editing.woonmilieu_table(utrecht)
    edited.loc[0, "override"] = "groen-blauw"
    edited.loc[2, "override"] = "platteland"
    n, problems = norm_editing.save_woonmilieu_overrides(utrecht, edited)
    assert n == 0 and [(p.row, p.column) for p in problems] == [(3, "override")]
    assert "unknown woonmilieu 'platteland'" in problems[0].message
    assert norm_editing.woonmilieu_table(utrecht)["override"].isna().all()  # row 1's valid change not written
    assert db.data_version(utrecht) == version
    assert norm_editing.problems_table(problems, "nl").iloc[0, :2].tolist() == ["rij 3", "Overschrijving"]


# --- the page (AppTest on the embedded Utrecht data) ------------------------------------------------------------

def parse_number(text: str) -> float:
    """A KPI value as shown ('31,517.3 places', '31.517', '15.758,7 plaatsen') → float."""
    token = text.split()[0].replace("−", "-")
    last = max(token.rfind(","), token.rfind("."))
    if last >= 0 and (("," in token and "." in token) or len(token) - last - 1 != 3):
        whole, frac = token[:last], token[last + 1:]
    else:
        whole, frac = token, ""
    digits = "".join(ch for ch in whole if ch.isdigit() or ch == "-")
    return float(f"{digits}.{frac or 0}")


def overview_need(app) -> float:
    """Overzicht's 'Totale behoefte' KPI for primary schools in the base year."""
    app.switch_page("app_pages/overview.py").run()
    app.selectbox(key="type").set_value("primary_school").run()
    assert not app.exception, app.exception
    return parse_number(next(m.value for m in app.metric if m.label.startswith("Totale behoefte")))


def test_parse_number():
    assert [parse_number(s) for s in ("31,517.3 places", "31.517", "15.758,7 plaatsen", "12", "0,5", "1,234")] \
        == [31517.3, 31517, 15758.7, 12, 0.5, 1234]


def test_normen_page_renders_in_both_languages(app):
    app.switch_page("app_pages/norms.py").run()
    assert not app.exception, app.exception
    assert [e.editing_mode for e in app.data_editor] == ["dynamic", "fixed"]
    table = app.data_editor[0].value
    assert len(table) == 6 and table.loc[table["facility_type"] == "gym", "per"].tolist() == [440]
    assert len(app.data_editor[1].value) == 111
    assert [b.label for b in app.button] == ["Normen opslaan", "Herstellen", "Woonmilieus opslaan"]
    app.radio(key="lang").set_value("en").run()
    assert not app.exception, app.exception
    assert [b.label for b in app.button] == ["Save norms", "Restore", "Save woonmilieus"]
    assert app.subheader[0].value == "Woonmilieu per buurt"


def test_editing_a_norm_on_the_page_changes_the_overview(app):
    before = overview_need(app)
    assert before == pytest.approx(31_517.3, abs=0.5)  # children 4-11 in 2024, 1 place each
    app.switch_page("app_pages/norms.py").run()
    row = app.data_editor[0].value["facility_type"].tolist().index("primary_school")
    app.session_state["norms_editor_0"] = {"edited_rows": {row: {"per": 2}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert [w.value for w in app.warning] == [
        "Niet-opgeslagen wijzigingen in 1 rij(en): klik op Normen opslaan om ze te laten gelden."]
    app.button(key="norms_save").click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["Opgeslagen: 6 normen. Alle pagina's rekenen nu met deze normen."]
    assert app.data_editor[0].key == "norms_editor_1"  # a fresh editor: the saved table, no stale edits
    assert app.data_editor[0].value.loc[row, "per"] == 2
    assert overview_need(app) == pytest.approx(before / 2, abs=0.5)  # 1 place per 2 children: halved


def test_a_bad_edit_on_the_page_shows_problems_and_changes_nothing(app):
    app.switch_page("app_pages/norms.py").run()
    app.session_state["norms_editor_0"] = {"edited_rows": {0: {"woonmilieu": "stad"}}, "added_rows": [],
                                           "deleted_rows": []}
    app.run()
    app.button(key="norms_save").click().run()
    assert not app.exception, app.exception
    assert app.error[0].value.startswith("Niet opgeslagen: 1 probleem")
    problems = next(d for d in app.dataframe if d.editing_mode == "read_only").value
    assert problems.iloc[0].tolist()[:3] == ["rij 1", "gym · stad", "Woonmilieu"]
    assert overview_need(app) == pytest.approx(31_517.3, abs=0.5)  # unchanged


def test_reset_and_woonmilieu_on_the_page(app):
    app.switch_page("app_pages/norms.py").run()
    app.session_state["norms_editor_0"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 1]}
    app.run()
    app.button(key="norms_save").click().run()
    assert len(app.data_editor[0].value) == 4
    assert app.button(key="norms_reset").disabled  # needs the confirmation first
    app.checkbox(key="norms_reset_sure_1").check().run()
    app.button(key="norms_reset").click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["De standaardnormen gelden weer (6 normen)."]
    assert len(app.data_editor[0].value) == 6

    wm = app.data_editor[1].value
    row = wm["code"].tolist().index("BU03440111")
    app.session_state["woonmilieu_editor_2"] = {"edited_rows": {row: {"override": "groen-blauw"}},
                                                "added_rows": [], "deleted_rows": []}
    app.run()
    app.button(key="woonmilieu_save").click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["Opgeslagen: 1 buurt(en) gewijzigd."]
    wm = app.data_editor[1].value.set_index("code")
    assert wm.loc["BU03440111", ["override", "effective"]].tolist() == ["groen-blauw", "groen-blauw"]
    assert wm.loc["BU03440111", "specific_norms"] == "Sporthal: 1 voorziening / 12.500 inwoners"
