"""AppTest of the page "Initiatieven" on the embedded Utrecht data with the illustrative set (data/*_illustrative.csv):
labelled illustrative, proposals in Dutch sentences, every reason, accept (free hours go), the form (and its bad
input), status change, English, week grid, and a workshop case that never writes the base data.

The illustrative set gives (python -m lib initiatives match): 9 proposals, 2 coupled/running, 6 not housed and 1
stopped; De Kaleidoskoop's aula has 15 − 12 = 3 free evening hours, which the Buurtkoor (25 × 2 = 50
participant-hours) gets rather than the Naaiatelier (8 × 3 = 24).
"""

from __future__ import annotations

import pytest

from lib.core import db

PAGE = "app_pages/initiatives.py"


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def lines(at) -> list[str]:
    return [m.value for m in at.markdown]


@pytest.fixture
def page(app):
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def test_page_shows_the_illustrative_matching(page):
    assert page.title[0].value == "Initiatieven zoeken ruimte"
    assert any(w.value.startswith("Illustratieve gegevens") for w in page.warning)
    assert [metric(page, m) for m in ("Initiatieven (actief)", "Gekoppeld of lopend", "Voorstellen",
                                      "Geen ruimte gevonden")] == ["17", "2", "9", "6"]
    assert metric(page, "Deelnemer-uren per week gehuisvest") == "320"
    text = lines(page)
    assert "Repaircafé Lombok: doordeweekse avond 3 uur in Kindercampus Molenpark (zaal aula), 350 m (illustratief)" \
        in text
    assert "Seniorengym Lombok: doordeweeks overdag 1,5 uur in gymzaal maetsuykerstraat 2 (gymzaal), 80 m " \
           "(illustratief)" in text
    assert any("Buurtgym 55+ Overvecht" in x and "uren volgens tijdsdelingsmodel" in x for x in text)
    reasons = " ".join(x for x in text if x.startswith("- "))
    for needle in ("geen ruimte van een passend type (zaal) binnen 1.000 m van het midden van Vleuterweide-West",
                   "niet toegankelijk", "te klein: nodig is 630 m² (21 m² per deelnemer, een aanname)",
                   "geen passende ruimte binnen bereik heeft 3 uur vrij op doordeweekse avond",
                   "Naaiatelier Kanaleneiland (8 deelnemers, 3 uur doordeweekse avond, zaal): er zijn wel vrije uren"):
        assert needle in reasons
    assert any("bewezen optimaal" in c.value for c in page.caption)
    table = page.dataframe[0].value
    assert len(table) == 18 and set(table["Illustratief"]) == {"ja"}


def test_accept_takes_the_hours(page):
    page.button(key="in_accept_INI-013").click().run()
    assert not page.exception, page.exception
    assert any(s.value.startswith("Gekoppeld: Buurtkoor Kanaleneiland") for s in page.success)
    assert metric(page, "Voorstellen") == "8" and metric(page, "Gekoppeld of lopend") == "3"
    assert any(x.startswith("- **gekoppeld** · Buurtkoor Kanaleneiland") for x in lines(page))
    assert "in_accept_INI-013" not in [b.key for b in page.button]
    page.selectbox(key="in_facility").set_value("DUO-17QH00").run()
    grid = page.dataframe[1].value
    aula_evening = grid[(grid["Ruimte"] == "aula") & (grid["Dagdeel"] == "doordeweekse avond")].iloc[0]
    assert aula_evening[["boekbaar", "geboekt", "gekoppelde initiatieven", "voorgesteld", "vrij"]].tolist() == \
        ["15", "12", "2", "0", "1"]
    assert page.query_params["facility"] == "DUO-17QH00"


def test_register_form_and_its_problems(page):
    page.text_input(key="in_f_name").input("Buurtlunch Lombok")
    page.selectbox(key="in_f_area").set_value("BU03440121")
    page.number_input(key="in_f_participants").set_value(8)
    page.number_input(key="in_f_hours").set_value(2.0)
    page.selectbox(key="in_f_block").set_value("weekday_day")
    page.button(key="FormSubmitter:in_form-Aanmelden").click().run()
    assert not page.exception, page.exception
    assert any(s.value == "Aangemeld: Buurtlunch Lombok" for s in page.success)
    assert any(x.startswith("Buurtlunch Lombok: doordeweeks overdag 2 uur in ") for x in lines(page))
    page.text_input(key="in_f_name").input("")
    page.button(key="FormSubmitter:in_form-Aanmelden").click().run()
    assert any("name: empty value" in e.value for e in page.error)


def test_status_change(page):
    page.selectbox(key="in_status_pick").set_value("INI-015")
    page.selectbox(key="in_status_new").set_value("gestopt")
    page.button(key="in_status_save").click().run()
    assert any(s.value == "Status van Koffieochtend Nieuw Engeland: gestopt" for s in page.success)
    assert metric(page, "Gekoppeld of lopend") == "1"
    page.selectbox(key="in_status_pick").set_value("INI-001")
    page.selectbox(key="in_status_new").set_value("lopend")
    page.button(key="in_status_save").click().run()
    assert any("only a coupled initiative can start running" in e.value for e in page.error)


def test_english_and_week_grid(page):
    page.query_params["lang"] = "en"
    page.session_state["lang"] = "en"
    page.run()
    assert not page.exception, page.exception
    assert page.title[0].value == "Initiatives seeking space"
    assert "Repaircafé Lombok: weekday evening 3 h in Kindercampus Molenpark (meeting room aula), 350 m " \
           "(illustrative)" in lines(page)
    assert len(page.get("plotly_chart")) == 1


def test_in_a_case_nothing_is_written_to_the_base_data(page, app_db):
    page.query_params["case"] = "voorbeeld-merwede-leidsche-rijn"
    page.run()
    assert any("Werksessie 'Illustratief voorbeeld" in i.value for i in page.info)
    page.button(key="in_accept_INI-001").click().run()
    assert any("Vul links uw naam" in w.value for w in page.warning)
    page.text_input(key="who_name").input("Ann de Vries")
    page.selectbox(key="who_domain").set_value("sociaal")
    page.run()
    page.button(key="in_accept_INI-001").click().run()
    assert not page.exception, page.exception
    assert any(s.value.startswith("Gekoppeld: Repaircafé Lombok") for s in page.success)
    cur = db.connect(app_db, read_only=True)  # beside the app, as another process would
    assert cur.execute("SELECT status FROM initiatives WHERE initiative_id = 'INI-001'").fetchone()[0] == "aangemeld"
    rows = db.table(cur, "case_initiatives")
    coupled = rows.loc[rows["initiative_id"] == "INI-001", ["status", "room_id"]]
    assert coupled.values.tolist() == [["gekoppeld", "aula"]]
