"""A deep link is the first request of a freshly started server: the right page opens, with no Streamlit
"Page not found" dialog (the pages live in app_pages/, so Streamlit never runs them as a v1 multipage app)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import start_real_app, stop
from tests.browser.test_offline_map_browser import OUT

#: URL path → a text only that page shows (Dutch, the default language).
DEEP_LINKS = {"overzicht": "Gebieden die aandacht vragen", "normen": "Normen", "werksessie": "Bestaande cases",
              "initiatieven": "Initiatieven zoeken ruimte",
              "gebiedsagenda": "Tijdlijn per domein"}


@pytest.mark.browser
@pytest.mark.parametrize("path", sorted(DEEP_LINKS))
def test_deep_link_as_first_request_of_a_fresh_server(path, real_db, tmp_path, browser_page):
    base, proc = start_real_app(real_db, tmp_path / "streamlit.log")
    try:
        page = browser_page
        page.goto(base + path, wait_until="domcontentloaded")
        page.get_by_text(DEEP_LINKS[path]).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # the dialog, when it comes, comes with the first script run
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_role("dialog").count() == 0
        # the default page (Overzicht) may show its URL as / after the first run
        assert urlsplit(page.url).path.rstrip("/") in {f"/{path}", "" if path == "overzicht" else f"/{path}"}
        OUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUT / f"deep-link-{path}.png"))
    finally:
        stop(proc)
