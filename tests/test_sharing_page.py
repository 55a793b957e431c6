"""AppTest of the page "Ruimte delen" on the embedded Utrecht data: renders in nl/en, widgets change the
numbers, the explanation panel follows the chosen option, siting reports its method, and a proposed site
can be added to the open workshop case."""

from __future__ import annotations

import pytest

from lib.core import db

PAGE = "app_pages/sharing.py"


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture(scope="module")
def page(utrecht_db, tmp_path_factory):
    """One AppTest for the module (each run of this page takes seconds): tests reset what they change."""
    import os
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    path = tmp_path_factory.mktemp("sharing_app") / "app.duckdb"
    shutil.copy(utrecht_db, path)
    old = os.environ.get("VZW_DB")
    os.environ["VZW_DB"] = str(path)
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        at.selectbox(key="sh_type").set_value("all").run()
        assert not at.exception, at.exception
        yield at
    finally:
        if old is None:
            os.environ.pop("VZW_DB", None)
        else:
            os.environ["VZW_DB"] = old


def test_page_renders_real_options(page):
    # issue 11: 28 options (was ≥ 40): none rests on DUO enrolment as capacity or on the gym/sporthal data gap of
    # Vleuten-De Meern
    assert int(metric(page, "Opties")) == 28
    assert metric(page, "Multifunctioneel gebouw") == "10"
    table = page.dataframe[1].value
    assert table.columns.tolist()[:4] == ["#", "Soort", "Optie", "Standaardeenheden"]
    assert table["Optie"].str.contains("Sporthal-tekort in Leidsche Rijn").any()
    best = [m.value for m in page.markdown if m.value.startswith(("1. ", "⚠"))]
    assert best[0].startswith("1. **Multifunctioneel gebouw** · Multifunctioneel gebouw bij ")
    assert not any("Vleuten-De Meern" in b or "basisschool" in b.lower() for b in best)
    assert not any("vrije avond- en weekenduren lossen dit niet op" in b for b in best)  # that 'limit' was a gap
    assert any("Alleen voorzieningen met echte capaciteit" in c.value for c in page.caption)
    assert any("Schattingen en aannames" in c.value for c in page.caption)


def test_participation_changes_the_shared_gym_hours(page):
    before = metric(page, "Vrije gymzaaluren → tekort")
    page.select_slider(key="sh_participation").set_value(0.1).run()
    assert not page.exception
    after = metric(page, "Vrije gymzaaluren → tekort")
    assert int(after.replace(".", "")) > int(before.replace(".", "")) > 0
    page.select_slider(key="sh_participation").set_value(0.05).run()
    assert metric(page, "Vrije gymzaaluren → tekort") == before


def test_reach_changes_the_spare_capacity(page):
    before = metric(page, "Vrije capaciteit")
    page.select_slider(key="sh_reach").set_value(1.0).run()
    assert not page.exception
    assert float(metric(page, "Vrije capaciteit").replace(",", ".")) < float(before.replace(",", "."))
    page.select_slider(key="sh_reach").set_value(1.5).run()


def test_explanation_follows_the_chosen_option(page):
    options = page.selectbox(key="sh_pick").options
    hub = next(o for o in options if "Multifunctioneel gebouw" in o)
    page.selectbox(key="sh_pick").set_value(int(hub.split(".")[0])).run()
    assert not page.exception
    assert any(md.value.startswith("**Multifunctioneel gebouw**") for md in page.markdown)


def test_siting_reports_the_exact_method(page):
    page.multiselect(key="sh_functions").set_value(["sports_hall"]).run()
    page.number_input(key="sh_k").set_value(2).run()
    assert not page.exception
    md = " ".join(m.value for m in page.markdown)
    assert "exact — MILP, HiGHS (scipy.optimize.milp) (optimaal)" in md
    assert "Gedekt tekort: 2 standaardeenheden" in md  # a score has one decimal; whole, so none shown
    assert any("Open eerst een werksessie" in i.value or "niet beschikbaar" in i.value for i in page.info)
    page.number_input(key="sh_k").set_value(1).run()
    assert "alle kandidaten doorgerekend (k = 1)" in " ".join(m.value for m in page.markdown)


def test_a_map_click_is_sited_in_the_run_it_arrives_in(page):
    """The map's value (st_folium copies it to st.session_state["sh_map"] before the run) is read before the siting:
    one run adds the point and sites with it (no second run); the map reporting the same click again adds nothing."""
    page.multiselect(key="sh_functions").set_value(["sports_hall"]).run()
    page.session_state["sh_map"] = {"last_clicked": {"lat": 52.09, "lng": 5.1}}
    page.run()
    assert not page.exception
    assert page.session_state["sh_points"] == [(5.1, 52.09)]
    assert any(c.value == "Eigen punten: 1" for c in page.caption)
    page.run()
    assert page.session_state["sh_points"] == [(5.1, 52.09)]
    page.session_state["sh_map"] = {"last_clicked": {"lat": 52.08, "lng": 5.12}}
    page.run()
    assert page.session_state["sh_points"] == [(5.1, 52.09), (5.12, 52.08)]
    page.button(key="sh_clear").click().run()
    assert page.session_state["sh_points"] == [] and any(c.value == "Eigen punten: 0" for c in page.caption)


def test_page_in_english(page):
    page.radio(key="lang").set_value("en").run()
    assert not page.exception
    assert metric(page, "Multifunctional building") == "10"
    assert page.dataframe[1].value.columns.tolist()[2] == "Option"


def test_add_proposed_site_to_the_open_case(app_db):
    from streamlit.testing.v1 import AppTest

    from lib.cases import store as cases
    from tests.conftest import APP

    con = db.connect(app_db)
    case_id = cases.create_case(con, "Ruimte delen test", author="Tester", domain=cases.DOMAINS[0])
    con.close()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["case"] = case_id
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    at.multiselect(key="sh_functions").set_value(["gym"]).run()
    at.text_input(key="sh_name").set_value("Gymzaal proef").run()
    at.text_input(key="sh_author").set_value("Ambtenaar Sport").run()
    at.button(key="sh_add").click().run()
    assert not at.exception, at.exception
    assert any("Gymzaal proef" in s.value for s in at.success), [e.value for e in at.error]
    con = db.connect(app_db)
    rows = db.case_rows(con, "case_facilities", case_id)
    con.close()
    assert rows[["name", "type", "capacity", "unit"]].values.tolist() == [["Gymzaal proef", "gym", 1.0,
                                                                            "facilities"]]
