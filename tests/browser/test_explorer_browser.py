"""Buurtverkenner in headless Chromium with every non-local request blocked: a link with ?area= opens the
area, the population chart (Vega-Lite, the Vega that ships with Streamlit) and the offline map draw, and clicking
a neighbouring buurt on the map selects it."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser.test_offline_map_browser import OUT, _map_frame, _open_offline

BARS = "[data-testid='stVegaLiteChart'] g.mark-rect path"


@pytest.mark.browser
def test_explorer_opens_from_a_link_offline(real_app, browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1300})
    external, local_failures = _open_offline(page, real_app + "buurtverkenner?area=BU03440111&type=primary_school")
    page.get_by_text("Welgelegen, Den Hommel · buurt BU03440111").wait_for(timeout=60_000)
    # the population chart: 5 CBS age bands drawn as bars (SVG) by the Vega that ships with Streamlit
    page.wait_for_function(f'document.querySelectorAll("{BARS}").length >= 5', timeout=30_000)
    frame = _map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 20", timeout=60_000)
    legend = frame.locator(".vzw-legend")
    legend.wait_for(state="visible")
    assert "gekozen gebied" in legend.inner_text()
    assert page.get_by_text("Uitleg: Basisschool (plaatsen) — capaciteit onbekend").count() == 1
    page.get_by_text("8/15 × 195").first.wait_for()
    page.wait_for_timeout(1500)
    if page.get_by_text("Page not found").count():  # the first deep link into a fresh server (see report)
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "buurtverkenner.png"), full_page=True)
    page.get_by_text("Uitleg: Basisschool (plaatsen) — capaciteit onbekend").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "buurtverkenner_uitleg.png"))
    assert external == [], f"non-local requests attempted: {external}"
    assert [f for f in local_failures if "/buurtverkenner/_stcore/" not in f] == []

    # the area's tables as Excel (generated on click)
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_text("Download alle tabellen en uitleg (Excel)").click()
    assert dl.value.suggested_filename == "buurtverkenner_BU03440111_2024.xlsx"
    target = tmp_path / dl.value.suggested_filename
    dl.value.save_as(target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["saldo", "uitleg", "details", "bevolking", "woningen", "toelichting"]
    gap = {r[0]: r for r in wb["saldo"].iter_rows(values_only=True)}  # types in words in the Dutch workbook
    school = gap["Basisschool (plaatsen)"]
    assert school[1] == "BU03440111" and school[5] == pytest.approx(104.0)

    # click a neighbouring buurt on the map: the page follows it
    clicked = frame.evaluate("""() => {
        const m = window.map, size = m.getSize();
        let done = null;
        m.eachLayer(l => {
            const f = l.feature;
            if (done || !f || !f.properties || !f.properties.code || f.properties.code === 'BU03440111'
                || !l._path || !l.getBounds) return;
            const p = m.latLngToContainerPoint(l.getBounds().getCenter());
            if (p.x < 20 || p.y < 20 || p.x > size.x - 20 || p.y > size.y - 20) return;
            const r = m.getContainer().getBoundingClientRect();
            if (document.elementFromPoint(r.left + p.x, r.top + p.y) === l._path)
                done = {code: f.properties.code, x: p.x, y: p.y};
        });
        return done;
    }""")
    assert clicked, "no neighbouring buurt on the map"
    frame.locator("#map_div").click(position={"x": clicked["x"], "y": clicked["y"]})
    page.wait_for_url(f"**area={clicked['code']}**", timeout=30_000)
    page.get_by_text(f"buurt {clicked['code']}").first.wait_for(timeout=30_000)


@pytest.mark.browser
def test_explorer_wijk_in_a_forecast_year(real_app, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1100})
    external, _ = _open_offline(page, real_app + "buurtverkenner?area=WK034401&year=2030&type=sports_hall")
    page.get_by_text("Wijk 01 West · wijk WK034401").wait_for(timeout=60_000)
    # base year and 2030 side by side: 2 × 5 bars. No plans are loaded, so 2030 is not a forecast (issue 11): the
    # bars have no dashed outline and the caption says the population stays equal to 2024
    page.wait_for_function(f'document.querySelectorAll("{BARS}").length >= 10', timeout=30_000)
    assert page.locator(f"{BARS}[stroke-dasharray='4,2']").count() == 0  # no dashed (forecast) outline
    chart = page.locator("[data-testid='stVegaLiteChart']").inner_text()
    assert "2030 (gelijk aan 2024, geen prognose)" in chart and "10.000" in chart  # Dutch numbers on the axis
    page.get_by_text("er is geen prognose geladen (geen woningbouwplannen)").wait_for()
    frame = _map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 5", timeout=60_000)
    page.get_by_text("Inwoners 2030").wait_for()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "buurtverkenner_wijk_2030.png"))
    assert external == [], f"non-local requests attempted: {external}"

    # the illustrative example case has housing plans in wijk 08: its 2030 bars are a forecast, with a dashed outline
    page.goto(real_app + "buurtverkenner?area=WK034408&year=2030&type=primary_school"
              "&case=voorbeeld-merwede-leidsche-rijn")
    page.wait_for_function(f'document.querySelectorAll("{BARS}").length >= 10', timeout=60_000)
    assert page.locator(f"{BARS}[stroke-dasharray='4,2']").count() == 5
    assert "2030 (prognose)" in page.locator("[data-testid='stVegaLiteChart']").inner_text()
    page.get_by_text("Licht met gestreepte rand: prognose 2030").wait_for()
