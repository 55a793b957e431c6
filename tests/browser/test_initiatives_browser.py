"""The page "Initiatieven" in headless Chromium with every non-local request blocked: the map of initiatives and
rooms draws (markers, match lines, legend) and the week grid (plotly) renders."""

from __future__ import annotations

import pytest

from tests.browser.test_offline_map_browser import OUT, _map_frame, _open_offline


@pytest.mark.browser
def test_initiatives_page_draws_offline(real_app, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1100})
    external, local_failures = _open_offline(page, real_app + "initiatieven")
    page.get_by_text("Initiatieven zoeken ruimte").first.wait_for(timeout=90_000)
    page.get_by_role("tab", name="Kaart").click()
    frame = _map_frame(page)
    # 18 initiatives + 11 match lines + 103 facilities with rooms, all vector paths
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 120", timeout=90_000)
    legend = frame.locator(".vzw-legend")
    legend.wait_for(state="visible")
    assert "voorgesteld" in legend.inner_text() and "Voorziening met ruimtes" in legend.inner_text()
    OUT.mkdir(exist_ok=True)
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / "initiatieven_map.png"))
    page.get_by_role("tab", name="Weekrooster per voorziening").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    assert external == [], f"non-local requests attempted: {external}"
    assert [f for f in local_failures if "/initiatieven/_stcore/" not in f] == []  # Streamlit probes the page path
