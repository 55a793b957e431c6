"""Normen and Data pages in headless Chromium: a norm edited in the grid changes the Overzicht KPI; an upload
through the file uploader lists file:row:column problems and changes nothing, a good one is written."""

from __future__ import annotations

import pytest

from tests.browser.test_offline_map_browser import OUT
from tests.test_norms_page import parse_number


def _open(page, base):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(base, wait_until="domcontentloaded")
    page.get_by_text("Totale behoefte").first.wait_for(timeout=90_000)
    _settle(page)


def _settle(page):
    """Wait until the script has finished running (twice in a row, so a queued rerun is waited for too).
    An edit made in the grid while a run is still in progress can be lost, as in a real browser."""
    for _ in range(2):
        page.wait_for_timeout(400)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


def _choose(page, label, option):
    """Pick ``option`` in the selectbox labelled ``label`` (a combobox with an 'Open' button)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_role("combobox", name=label))
    box.scroll_into_view_if_needed()  # react-aria closes an open listbox when the page scrolls
    page.wait_for_timeout(300)
    box.get_by_role("button", name="Open").click()
    page.get_by_role("option", name=option, exact=True).click()


def _go(page, name, marker):
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_text(marker).first.wait_for(timeout=60_000)
    _settle(page)


def _primary_school_need(page) -> float:
    _go(page, "Overzicht", "Totale behoefte")
    _choose(page, "Voorziening", "Basisschool (plaatsen)")
    page.wait_for_timeout(2000)  # the type change reruns the page once
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Totale behoefte")
    return parse_number(metric.locator('[data-testid="stMetricValue"]').inner_text())


@pytest.mark.browser
def test_editing_a_norm_in_the_grid_changes_the_overview(real_app, browser_page):
    page = browser_page
    _open(page, real_app)
    before = _primary_school_need(page)
    assert before == pytest.approx(31_517.3, abs=0.5)  # children 4-11 in 2024, 1 place each
    _go(page, "Normen", "Woonmilieu per buurt")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert grid.locator('[data-testid="glide-cell-1-2"]').inner_text() == "primary_school"
    page.mouse.click(box["x"] + 60, box["y"] + 36 + 17)  # first data row (gym), first column
    page.wait_for_function("document.activeElement.id === 'glide-cell-1-0'")  # the grid moves focus async
    for key in ["ArrowDown", "ArrowDown"] + ["ArrowRight"] * 4:  # row 3 (primary_school), column 'Per'
        page.keyboard.press(key)
    page.keyboard.press("Enter")  # opens the cell editor
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('gdg-input')")
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    page.wait_for_timeout(300)  # let the cell editor take the typed value before Enter commits it
    page.keyboard.press("Enter")
    page.get_by_text("Niet-opgeslagen wijzigingen in 1 rij(en)").wait_for()  # the server has the edit
    _settle(page)
    page.get_by_role("button", name="Normen opslaan").click()
    page.get_by_text("Opgeslagen: 6 normen").wait_for(timeout=30_000)
    _settle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first  # a fresh editor showing the stored norms
    assert grid.locator('[data-testid="glide-cell-5-2"]').inner_text() == "2"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "normen.png"))
    page.get_by_role("heading", name="Woonmilieu per buurt").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "normen_woonmilieu.png"))
    assert _primary_school_need(page) == pytest.approx(before / 2, abs=0.5)  # 1 place per 2 children


BAD_PLANS = (b"plan_id,name,area_code,year,dwellings\n"
             b"P1,Goed,BU03440111,2030,500\n"
             b"P2,Slecht,BU00000000,2030,veel\n")
GOOD_PLANS = b"plan_id,name,area_code,year,dwellings\nP1,Welgelegen-Oost,BU03440111,2030,500\n"


@pytest.mark.browser
def test_upload_on_the_data_page(real_app, browser_page):
    page = browser_page
    _open(page, real_app)
    _go(page, "Data", "Naamsvermelding en licenties")
    _choose(page, "Soort bestand", "Woningbouwplannen (CSV)")
    _settle(page)
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    uploader.set_input_files({"name": "plannen.csv", "mimeType": "text/csv", "buffer": BAD_PLANS})
    _settle(page)  # the upload reruns the script
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Niet geïmporteerd: 2 probleem/problemen. Er is niets veranderd.").wait_for(timeout=30_000)
    page.get_by_text("Als tekst (bestand:rij:kolom: melding)").click()
    code = page.locator('[data-testid="stCode"]').inner_text()
    assert "plannen.csv:3:area_code: unknown area code 'BU00000000'" in code
    assert "plannen.csv:3:dwellings: 'veel' is not a number of dwellings" in code
    page.wait_for_timeout(500)
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "data_upload_failed.png"))
    rows = page.locator('[data-testid="stDataFrame"]').first.locator("table td")
    assert "Woningbouwplannen" in rows.all_inner_texts()  # the loaded-tables grid; plans still 0 rows below
    plans_row = page.locator('[data-testid="stDataFrame"]').first.locator("tr").filter(has_text="Woningbouwplannen")
    assert plans_row.locator("td").nth(1).inner_text() == "0"

    uploader.set_input_files({"name": "plannen.csv", "mimeType": "text/csv", "buffer": GOOD_PLANS})
    _settle(page)
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Geïmporteerd: 1 plans, 500 dwellings").wait_for(timeout=30_000)
    _settle(page)
    plans_row = page.locator('[data-testid="stDataFrame"]').first.locator("tr").filter(has_text="Woningbouwplannen")
    assert plans_row.locator("td").nth(1).inner_text() == "1"
    assert plans_row.locator("td").nth(2).inner_text() == "2030"
    page.screenshot(path=str(OUT / "data_upload_ok.png"))
    page.get_by_role("heading", name="Wat is geladen").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "data.png"))
