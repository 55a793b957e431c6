"""AppTest of the Werksessie page on the embedded Utrecht data: create a case, add a plan (the KPIs move by
the hand-computed amount), post a note, undo, and open the shipped illustrative example.

Transwijk-Zuid (BU03440822, where Merwede is built) has 2,119 dwellings but only 195 of its 2,915 inhabitants
of 2024 are aged 0-14 (6.7 %, less than half the municipality's 15.8 %), so new dwellings there get the
municipality's profile (issue 11, lib.core.population): 2.2244 persons per dwelling (2023 persons / dwellings over
the 109 buurten with both) and 15.79 % aged 0-14. A plan of 2,119 dwellings adds 2,119 × 2.2244 × 0.15793 × 8/15
= 397.0 children aged 4-11 (the buurt's own profile would have given 102.0): the primary-school need of Utrecht
goes from 59,095 × 8/15 = 31,517 to 31,914 places. The example case (5,400 dwellings, all on the municipal
profile) adds 5,400 × 2.2244 × 0.15793 × 8/15 = 1,011.7.
"""

from __future__ import annotations

import pytest

from lib.cases import store

PAGE = "app_pages/cases.py"
EXAMPLE = "voorbeeld-merwede-leidsche-rijn"


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def sign_in(at, name="Ann de Vries", domain="fysiek"):
    at.text_input(key="who_name").input(name)
    at.selectbox(key="who_domain").set_value(domain)
    return at.run()


@pytest.fixture
def page(app):
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def test_chooser_lists_the_illustrative_example(page):
    assert page.title[0].value == "Werksessie: een gedeelde case"
    listing = page.dataframe[0].value
    assert "Illustratief voorbeeld: Merwede en Leidsche Rijn 2027-2032 — Illustratief voorbeeld — geen echte plannen" \
        in listing.iloc[:, 0].tolist()
    page.button(key="cs_open_btn").click().run()
    assert page.query_params["case"] == EXAMPLE
    assert any(w.value == "Illustratief voorbeeld — geen echte plannen" for w in page.warning)
    # primary school in the horizon year 2032: capacity unknown (DUO enrolment), so no "areas short" (issue 11)
    assert not any(m.label == "Gebieden met tekort" for m in page.metric)
    # Dutch numbers and units on the Dutch page (issue 10: this test expected "(places)" and "29,436")
    need = metric(page, "Totale behoefte (plaatsen)")
    assert (need.value, need.delta) == ("32.529", "+1.012 (vóór: 31.517)")
    supply = metric(page, "Aanbod = leerlingenaantal, geen capaciteit (plaatsen)")
    assert (supply.value, supply.delta) == ("29.436", "-73 (vóór: 29.509)")  # Maasplein (73 pupils) closed


def test_a_change_needs_a_name(page):
    page.text_input(key="cs_new_name").input("Zonder naam")
    page.button(key="cs_new_submit").click().run()
    assert any("naam" in w.value for w in page.warning)
    assert "case" not in page.query_params


def test_create_case_add_plan_note_and_undo(page):
    sign_in(page)
    page.text_input(key="cs_new_name").input("Workshop Zuidwest")
    page.number_input(key="cs_new_horizon").set_value(2030)
    page.button(key="cs_new_submit").click().run()
    assert not page.exception, page.exception
    case = page.query_params["case"]
    assert case.startswith("workshop-zuidwest-")
    assert page.title[0].value == "Workshop Zuidwest"
    need = metric(page, "Totale behoefte (plaatsen)")
    assert (need.value, need.delta) == ("31.517", "")  # nothing changed yet

    page.text_input(key="cs_plan_name").input("Merwede")
    page.selectbox(key="cs_plan_area").set_value("BU03440822")
    page.number_input(key="cs_plan_year").set_value(2028)
    page.number_input(key="cs_plan_dwellings").set_value(2119)
    page.button(key="cs_plan_submit").click().run()
    assert not page.exception, page.exception
    need = metric(page, "Totale behoefte (plaatsen)")
    assert (need.value, need.delta) == ("31.914", "+397 (vóór: 31.517)")
    assert any(s.value == "Opgeslagen." for s in page.success)
    changed = next(d.value for d in page.dataframe if "Gebied" in d.value.columns)  # areas, worst change first
    scenario = page.dataframe[0].value  # what the case changes
    assert scenario["wat"].tolist() == ["Plan 'Merwede' toegevoegd: 2.119 woningen in Transwijk-Zuid, 2028"]
    assert "Transwijk-Zuid" in changed["Gebied"].tolist()
    row = changed[changed["code"] == "BU03440822"].iloc[0]
    assert (row["Behoefte vóór"], row["Behoefte na"]) == ("104", "501")  # 195 × 8/15 = 104, + 397.0 (see top)

    page.text_area(key="cs_note_text").input("Schoolbestuur: het gebouw kan twee groepen extra aan")
    page.selectbox(key="cs_note_area").set_value("BU03440822")
    page.button(key="cs_note_submit").click().run()
    assert not page.exception, page.exception
    assert [t.value for t in page.text] == ["Schoolbestuur: het gebouw kan twee groepen extra aan"]
    assert any(c.value == "Ann de Vries (fysiek) · zojuist · Transwijk-Zuid" for c in page.caption)

    log = [d.value for d in page.dataframe if "wat" in d.value.columns][-1]  # the change log tab
    assert log["wat"].tolist()[:2] == [
        "Notitie (Transwijk-Zuid): 'Schoolbestuur: het gebouw kan twee groepen extra aan'",
        "Plan 'Merwede' toegevoegd: 2.119 woningen in Transwijk-Zuid, 2028"]
    assert log["wie"].tolist()[:2] == ["Ann de Vries", "Ann de Vries"]
    assert any(c.value.startswith("Versie 3 · Laatst gewijzigd door Ann de Vries (fysiek), zojuist")
               for c in page.caption)

    page.selectbox(key="cs_undo_pick").set_value(2)  # the plan
    page.button(key="cs_undo").click().run()
    assert not page.exception, page.exception
    need = metric(page, "Totale behoefte (plaatsen)")
    assert (need.value, need.delta) == ("31.517", "")


def test_stale_plan_edit_is_refused_with_the_current_value(page, app_db):
    from app_pages import shell
    from lib.core import db

    sign_in(page, "Bea", "sociaal")
    page.query_params["case"] = EXAMPLE
    page.run()
    page.selectbox(key="cs_edit_pick").set_value("VB-MERWEDE-2028")
    page.run()
    # someone else saves the same plan meanwhile (through the same server's connection)
    cur = shell.root().cursor()
    store.update_plan(cur, EXAMPLE, "VB-MERWEDE-2028", {"dwellings": 600.0}, author="Cas", domain="wijkaanpak",
                      expected_version=1)
    page.number_input(key="cs_ep_dw_VB-MERWEDE-2028_1").set_value(700.0)
    page.button(key="cs_ep_save_VB-MERWEDE-2028_1").click().run()
    assert not page.exception, page.exception
    assert any("Cas (wijkaanpak)" in e.value and "woningen = 600" in e.value for e in page.error)
    assert db.case_rows(cur, "case_plans", EXAMPLE).set_index("plan_id").loc["VB-MERWEDE-2028", "dwellings"] == 600


def test_case_view_in_english(page):
    page.query_params["case"] = EXAMPLE
    page.radio(key="lang").set_value("en").run()
    assert not page.exception, page.exception
    assert any(w.value == "Illustrative example — not real plans" for w in page.warning)
    need = metric(page, "Total need (places)")
    assert need.delta == "+1,012 (before: 31,517)"  # 5,400 dwellings on the municipal profile (see top)
    assert any(c.value.startswith("Version 17 · Last changed by Voorzieningenwijzer (voorbeeld) (other)")
               for c in page.caption)


def test_the_outcome_of_a_save_outlives_the_next_runs(page):
    """A rerun right after a save (someone else's change arriving, the live poll) no longer wipes "Opgeslagen."
    before it can be read: it stays for OUTCOME_SECONDS (8 s) from the first run that showed it."""
    sign_in(page)
    page.text_input(key="cs_new_name").input("Workshop Oost")
    page.number_input(key="cs_new_horizon").set_value(2030)
    page.button(key="cs_new_submit").click().run()
    page.text_input(key="cs_plan_name").input("Rijnsweerd")
    page.selectbox(key="cs_plan_area").set_value("BU03440822")
    page.number_input(key="cs_plan_year").set_value(2028)
    page.number_input(key="cs_plan_dwellings").set_value(100)
    page.button(key="cs_plan_submit").click().run()
    assert any(s.value == "Opgeslagen." for s in page.success)
    page.run()
    page.run()
    assert not page.exception, page.exception
    assert any(s.value == "Opgeslagen." for s in page.success)  # two later runs: still there
