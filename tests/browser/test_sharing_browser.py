"""The page "Ruimte delen" in headless Chromium with every non-local request blocked: the options map draws
(shortfall buurten, spare-capacity and gym-hour lines, hubs, legend) and the explanation panel is in Dutch."""

from __future__ import annotations

import pytest

from tests.browser.test_offline_map_browser import OUT, _map_frame, _open_offline


@pytest.mark.browser
def test_sharing_page_draws_offline(real_app, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1100})
    external, local_failures = _open_offline(page, real_app + "ruimte-delen?year=2024")
    frame = _map_frame(page)
    page.keyboard.press("Escape")  # a first deep link into a fresh server shows Streamlit's v1 'Page not found'

    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 100", timeout=90_000)
    legend = frame.locator(".vzw-legend")
    legend.wait_for(state="visible")
    assert "Vrije capaciteit" in legend.inner_text() and "Multifunctioneel gebouw" in legend.inner_text()
    page.get_by_text("Cijfers achter de optie").wait_for(timeout=60_000)
    page.locator("[data-testid='stMarkdownContainer']", has_text="Multifunctioneel gebouw bij").first.wait_for(
        timeout=60_000)
    page.wait_for_timeout(1500)
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "ruimte_delen.png"), full_page=True)
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / "ruimte_delen_map.png"))
    page.get_by_text("Cijfers achter de optie").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / "ruimte_delen_explain.png"))
    page.get_by_role("tab", name="Nieuwe locatie kiezen").click()
    page.get_by_text("Controle met de rekenkern").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Nieuwe locatie kiezen").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / "ruimte_delen_siting.png"))
    assert external == [], f"non-local requests attempted: {external}"
    assert [f for f in local_failures if "/ruimte-delen/_stcore/" not in f] == []  # Streamlit probes the page path
