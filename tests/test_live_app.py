"""AppTest of the live workshop (issue 12) on the embedded Utrecht data: the banner names the open case on every
page with a one-click way back to the baseline; ``?case=`` survives page switches that drop the query (as the
sidebar links do); name, domain and tab come back from the link; a refused note keeps its text and a saved one
empties the form; the plan form empties after saving; comparing with another case names it; the caption cites
the catchment the case uses; the year range is the same on Werksessie, Ruimte delen and Overzicht.

Numbers: the illustrative example closes Basisschool Maasplein (73 pupils), so in the base year 2024 the
Overzicht's total primary-school supply goes from 29,509 to 29,436 places (as in tests/test_cases_app.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.cases import store
from tests.conftest import APP

CASES = "app_pages/cases.py"
EXAMPLE = "voorbeeld-merwede-leidsche-rijn"
EXAMPLE_NAME = "Illustratief voorbeeld: Merwede en Leidsche Rijn 2027-2032"
PAGES = ["app_pages/overview.py", "app_pages/explorer.py", CASES, "app_pages/sharing.py", "app_pages/norms.py",
         "app_pages/data.py", "app_pages/sources.py"]


def banner(at) -> str | None:
    texts = [m.value for m in at.markdown if "U werkt in de case" in m.value]
    assert len(texts) <= 1
    return texts[0] if texts else None


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def server_cursor(app_db):
    """A cursor on the app's own connection (the app holds the database; AppTest runs in this process)."""
    from app_pages import shell

    return shell.root().cursor()


#: Primary-school capacity is a proxy (DUO enrolment, issue 11): the Overzicht shows the need, not the supply.
NEED = "Totale behoefte (plaatsen)"
#: ... and the Werksessie comparison shows enrolment, never a capacity (Maasplein's 73 pupils leave in the case).
ENROLMENT = "Aanbod = leerlingenaantal, geen capaciteit (plaatsen)"  # unit in words (issue 10)


def test_banner_on_every_page_and_one_click_back_to_the_baseline(app):
    app.query_params["case"] = EXAMPLE
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert banner(app) == (f":material/folder_open: U werkt in de case **{EXAMPLE_NAME}** — Illustratief "
                               "voorbeeld — geen echte plannen"), page
    app.switch_page("app_pages/overview.py").run()
    app.select_slider(key="year").set_value(2032).run()  # the example case's housing plans add need by 2032
    need = metric(app, NEED).value
    app.button(key="vzw_case_close").click().run()
    assert not app.exception, app.exception
    assert "case" not in app.query_params and banner(app) is None
    assert metric(app, NEED).value != need  # the baseline again: no housing plans
    app.switch_page(CASES).run()  # and it stays closed on the next page
    assert banner(app) is None and app.title[0].value == "Werksessie: een gedeelde case"


def test_case_survives_page_switches_that_drop_the_query(app):
    app.select_slider(key="year").set_value(2032).run()
    baseline = metric(app, NEED).value
    app.query_params["case"] = EXAMPLE
    app.run()
    in_case = metric(app, NEED).value
    assert baseline == "31.517" and in_case != baseline  # no plans in the base data; the case's plans add need
    for page in ["app_pages/explorer.py", CASES, "app_pages/overview.py"]:
        app.query_params.clear()  # a sidebar link opens the page without the query string
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert app.query_params["case"] == EXAMPLE and banner(app), page
    app.select_slider(key="year").set_value(2032).run()
    assert metric(app, NEED).value == in_case  # not silently the baseline


def test_unknown_case_in_the_link_says_so_and_shows_the_baseline(app):
    app.query_params["case"] = "bestaat-niet"
    app.run()
    assert [w.value for w in app.warning] == ["Werksessie 'bestaat-niet' bestaat niet; de basissituatie wordt getoond."]
    assert "case" not in app.query_params and banner(app) is None
    assert metric(app, NEED).value == "31.517"  # the baseline's need (KWB 2024)


def test_name_domain_and_tab_come_back_from_the_link(app_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"case": EXAMPLE, "wie": "Bea", "domein": "sociaal", "tab": "notities"})
    at.run()  # a reload, or the link opened on another computer: the session's first run
    at.switch_page(CASES).run()
    assert not at.exception, at.exception
    assert at.text_input(key="who_name").value == "Bea" and at.selectbox(key="who_domain").value == "sociaal"
    assert at.session_state["cs_tab"] == "Notities"
    at.text_input(key="who_name").input("Bea de Boer").run()
    assert (at.query_params["wie"], at.query_params["domein"], at.query_params["tab"]) == \
        ("Bea de Boer", "sociaal", "notities")
    at.query_params.clear()  # another page and back: nothing is lost
    at.switch_page("app_pages/overview.py").run()
    assert at.query_params["wie"] == "Bea de Boer" and at.query_params["case"] == EXAMPLE
    at.switch_page(CASES).run()
    assert at.text_input(key="who_name").value == "Bea de Boer" and at.session_state["cs_tab"] == "Notities"


def test_a_refused_note_keeps_its_text_and_a_saved_one_empties_the_form(app, app_db):
    app.query_params["case"] = EXAMPLE
    app.switch_page(CASES).run()
    version = store.get_case(server_cursor(app_db), EXAMPLE)["version"]
    note = "Schoolbestuur: het gebouw kan twee groepen extra aan"
    app.text_area(key="cs_note_text").input(note)
    app.button(key="cs_note_submit").click().run()
    assert not app.exception, app.exception
    assert [w.value for w in app.warning if "naam" in w.value] == [
        "Vul eerst links uw naam en domein in; elke wijziging wordt op naam vastgelegd. Uw tekst is bewaard; vul "
        "links uw naam in en druk nogmaals."]
    assert app.text_area(key="cs_note_text").value == note  # nothing typed was lost
    assert store.get_case(server_cursor(app_db), EXAMPLE)["version"] == version  # and nothing was saved

    app.text_input(key="who_name").input("Ann").run()
    assert app.text_area(key="cs_note_text").value == note  # still there after the rerun
    app.button(key="cs_note_submit").click().run()
    assert not app.exception, app.exception
    assert app.text_area(key="cs_note_text").value == ""  # saved: the form is empty again
    assert any(s.value == "Opgeslagen." for s in app.success)
    assert note in [t.value for t in app.text]
    assert store.get_case(server_cursor(app_db), EXAMPLE)["version"] == version + 1


def test_plan_form_empties_after_saving(app):
    app.query_params.update({"case": EXAMPLE, "wie": "Ann", "domein": "fysiek"})
    app.switch_page(CASES).run()
    app.text_input(key="who_name").input("Ann").run()
    app.text_input(key="cs_plan_name").input("Rijnvliet fase 3")
    app.selectbox(key="cs_plan_area").set_value("BU03440822")
    app.number_input(key="cs_plan_dwellings").set_value(250)
    app.button(key="cs_plan_submit").click().run()
    assert not app.exception, app.exception
    assert any(s.value == "Opgeslagen." for s in app.success)
    assert app.text_input(key="cs_plan_name").value == ""  # no easy duplicate by pressing again
    assert app.number_input(key="cs_plan_dwellings").value == 100
    # the start value again: the first buurt (the example's area of interest is a wijk, not a buurt)
    assert app.selectbox(key="cs_plan_area").value == "BU03440223"


def test_comparison_with_another_case_names_it(app, app_db):
    cur = server_cursor(app_db)
    other = store.create_case(cur, "Variant B", author="Cas", domain="wijkaanpak", horizon_year=2032)
    app.query_params["case"] = EXAMPLE
    app.switch_page(CASES).run()
    supply = metric(app, ENROLMENT)
    assert supply.delta == "-73 (vóór: 29.509)"  # against the baseline: 'vóór'
    app.selectbox(key="cs_compare").set_value(other).run()
    assert not app.exception, app.exception
    supply = metric(app, ENROLMENT)
    assert supply.delta == "-73 (Variant B: 29.509)"  # against another case: its name, never 'vóór'
    table = next(d.value for d in app.dataframe if "code" in d.value.columns)
    assert "Behoefte Variant B" in table.columns and not any("vóór" in c for c in table.columns)


def test_caption_cites_the_catchment_the_case_uses(app, app_db):
    app.query_params["case"] = EXAMPLE
    app.switch_page(CASES).run()
    before = next(c.value for c in app.caption if c.value.startswith("Gebaseerd op"))
    assert "binnen 1.000 m" in before and "in deze case aangepast" not in before
    store.set_norm(server_cursor(app_db), EXAMPLE, "primary_school", {"catchment_m": 1500.0}, author="Ann",
                   domain="fysiek")
    app.run()
    after = next(c.value for c in app.caption if c.value.startswith("Gebaseerd op"))
    assert "binnen 1.500 m" in after and "in deze case aangepast" in after
    assert "1,000" not in after and "1.000" not in after  # the base norm's source text is not quoted any more


def test_year_range_is_the_same_on_every_page(app):
    app.query_params["case"] = EXAMPLE
    ranges = {}
    for page, key in [("app_pages/overview.py", "year"), (CASES, "cs_year"), ("app_pages/sharing.py", "sh_year")]:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        ranges[page] = [int(y) for y in app.select_slider(key=key).options]
    assert all(r == list(range(2024, 2041)) for r in ranges.values()), ranges  # base year 2024 … horizon 2040


@pytest.mark.parametrize("lang, label", [("nl", "Terug naar de basis"), ("en", "Back to the baseline")])
def test_banner_speaks_the_language(app, lang, label):
    app.query_params["case"] = EXAMPLE
    app.radio(key="lang").set_value(lang).run()
    assert app.button(key="vzw_case_close").label == label


def test_the_tab_stays_after_saving_and_undoing(app):
    app.query_params.update({"case": EXAMPLE, "tab": "voorzieningen"})
    app.run()
    app.switch_page(CASES).run()
    app.text_input(key="who_name").input("Ann").run()
    assert app.session_state["cs_tab"] == "Voorzieningen"
    app.button(key="cs_fac_close").click().run()  # closes the first facility in the list
    assert not app.exception, app.exception
    assert any(s.value == "Opgeslagen." for s in app.success)
    assert app.session_state["cs_tab"] == "Voorzieningen" and app.query_params["tab"] == "voorzieningen"
    app.session_state["cs_tab"] = "Wijzigingen"  # the participant switches tabs
    app.run()
    assert app.query_params["tab"] == "wijzigingen"
    app.button(key="cs_undo").click().run()  # the newest change: the closure
    assert any(s.value == "Ongedaan gemaakt." for s in app.success)
    assert app.session_state["cs_tab"] == "Wijzigingen"


def test_an_open_expander_comes_back_from_the_link(app):
    app.query_params.update({"case": EXAMPLE, "wat_verandert": "true"})
    app.switch_page(CASES).run()
    assert not app.exception, app.exception
    changed = next(e for e in app.expander if e.label == "Wat is er in de case veranderd")
    assert changed.proto.expanded


def test_import_a_case_file_on_the_chooser(app, app_db):
    from lib.cases import document

    doc = document.export_case(server_cursor(app_db), EXAMPLE)
    app.switch_page(CASES).run()
    app.file_uploader(key="cs_upload_new").set_value(("voorbeeld.json", document.dumps(doc).encode(),
                                                       "application/json"))
    app.run()
    app.button(key="cs_import_new_btn").click().run()  # no name yet: refused, the file stays chosen
    assert any("naam" in w.value for w in app.warning) and "case" not in app.query_params
    app.text_input(key="who_name").input("Ann").run()
    app.button(key="cs_import_new_btn").click().run()
    assert not app.exception, app.exception
    new = app.query_params["case"]
    assert new != EXAMPLE and app.title[0].value == EXAMPLE_NAME + " (2)"
    assert any(s.value == "Geïmporteerd als 'voorbeeld.json'." for s in app.success)
