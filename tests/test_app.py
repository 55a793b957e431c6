"""AppTest: the pages render on the embedded Utrecht data, widgets change the numbers, language switches."""

from __future__ import annotations

import pytest


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_gaps_page_renders_real_numbers(app):
    assert metric(app, "Inwoners") == "374.195"  # KWB 2024, sum of the buurt age bands (Dutch separators)
    # primary schools (the first type shown): DUO enrolment is a proxy, so no "Buurten met tekort" (issue 11)
    assert metric(app, "Groei behoefte sinds 2024 (plaatsen)") == "0 plaatsen (0 %)"
    assert not any(m.label == "Buurten met tekort" for m in app.metric)
    assert len(app.dataframe) == 1  # shortfalls per type; no area needs attention for a proxy (an info line)


def test_changing_type_changes_kpis(app):
    app.selectbox(key="type").set_value("sports_hall").run()
    assert not app.exception
    assert metric(app, "Buurten met tekort") == "18 / 111"
    assert metric(app, "Balans totaal (voorzieningen)").startswith("15,9 aanbod")


def test_language_switch(app):
    app.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert any(m.label == "Inhabitants" for m in app.metric)


def test_sources_page(app):
    app.switch_page("app_pages/sources.py").run()
    assert not app.exception
    assert any("CC BY 4.0" in md.value for md in app.markdown)


PAGES = ["overview", "explorer", "cases", "sharing", "agenda", "norms", "data", "sources"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_both_languages(app, page):
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, app.exception
    app.radio(key="lang").set_value("en").run()
    assert not app.exception, app.exception
