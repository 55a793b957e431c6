"""One language per screen in a real browser (issue 10): switching the language relabels the widgets at once
(Streamlit kept "Basisschool (plaatsen)" in the English type box), and the file uploader shows our text in the
chosen language instead of Streamlit's English "Drag and drop file here / Limit 200MB per file / Browse files"."""

from __future__ import annotations

import pytest


def _type_box(page) -> str:
    """The value the Overzicht's facility-type box shows (a combobox input)."""
    return page.locator('[data-testid="stSelectbox"]').first.locator("input").input_value()


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)


@pytest.mark.browser
def test_switching_language_relabels_the_type_box(real_app, browser_page):
    page = browser_page
    page.set_default_timeout(90_000)
    page.goto(real_app + "overzicht", wait_until="domcontentloaded")
    page.get_by_text("Totale behoefte").first.wait_for()
    assert _type_box(page) == "Basisschool (plaatsen)"
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    page.get_by_text("Total need").first.wait_for()
    _idle(page)
    assert _type_box(page) == "Primary school (places)"
    page.locator('[data-testid="stSidebar"]').get_by_text("Nederlands").click()
    page.get_by_text("Totale behoefte").first.wait_for()
    _idle(page)
    assert _type_box(page) == "Basisschool (plaatsen)"


@pytest.mark.browser
def test_uploader_speaks_the_chosen_language(real_app, browser_page):
    page = browser_page
    page.set_default_timeout(90_000)
    page.goto(real_app + "data", wait_until="domcontentloaded")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    zone.wait_for()
    _idle(page)
    shown = page.locator('[data-testid="stFileUploader"]').first.inner_text()
    assert "Drag and drop" not in shown and "200MB" not in shown and "Browse files" not in shown
    button = zone.locator("button").first
    after = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert "Bestand kiezen" in after
    page.get_by_text("Sleep een bestand naar het vak").first.wait_for()
