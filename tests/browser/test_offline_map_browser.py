"""The st_folium map renders polygons and a legend with every non-local request blocked."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from lib.ui.offline_map import add_legend, new_map, standalone_html

APP = Path(__file__).parent / "apps" / "offline_map_app.py"
OUT = Path(__file__).resolve().parents[2] / "test-output"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PDOK_HOST = "service.pdok.nl"


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about", "file") or parsed.hostname in LOCAL_HOSTS


def _open_offline(page, url: str) -> tuple[list[str], list[str]]:
    """Block all non-local requests; return (attempted non-local URLs, failed local URLs)."""
    external: list[str] = []
    local_failures: list[str] = []

    def handle(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort("internetdisconnected")

    def on_response(response):
        if _is_local(response.url) and response.status >= 400:
            local_failures.append(f"{response.status} {response.url}")

    page.route("**/*", handle)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: _is_local(r.url) or external.append(r.url))
    page.goto(url, wait_until="domcontentloaded")
    return external, local_failures


def _map_frame(page):
    page.wait_for_selector("iframe", timeout=30_000)
    for _ in range(100):
        frames = [f for f in page.frames if "streamlit_folium" in f.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no st_folium iframe among {[f.url for f in page.frames]}")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("tiles", "base_url_path"),
    [(False, ""), (True, ""), (False, "vzw")],
    ids=["plain", "pdok-tiles-blocked", "baseUrlPath"],
)
def test_offline_map_renders_polygons_and_legend(streamlit_app, browser_page, tiles, base_url_path):
    page = browser_page
    base = streamlit_app(APP, base_url_path)
    external, local_failures = _open_offline(page, base + ("?tiles=1" if tiles else ""))

    frame = _map_frame(page)
    frame.wait_for_selector("path.leaflet-interactive", state="attached", timeout=30_000)
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 2")
    polygons = frame.locator("svg path.leaflet-interactive")
    assert polygons.count() >= 2
    box = polygons.first.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 20

    legend = frame.locator(".vzw-legend")
    legend.wait_for(state="visible")
    text = legend.inner_text()
    assert "Voorzieningen" in text and "Wijk Noord" in text and "Wijk Oost" in text
    assert "<script>window.__pwned=1</script>" in text  # shown as text, not executed
    assert frame.evaluate("window.__pwned") is None

    # Vendored Leaflet (and jQuery for the popup) came from the app, marker icon too.
    assert frame.evaluate("window.L && L.version") == "1.9.4"
    assert frame.evaluate("typeof window.jQuery") == "function"
    frame.wait_for_function(
        "[...document.querySelectorAll('img.leaflet-marker-icon')].some(i => i.complete && i.naturalWidth > 0)"
    )

    page.wait_for_timeout(500)
    if tiles:
        assert frame.locator("img.leaflet-tile").count() > 0
        assert {urlparse(u).hostname for u in external} == {PDOK_HOST}, external
    else:
        OUT.mkdir(exist_ok=True)
        suffix = "" if not base_url_path else "_baseurl"
        page.screenshot(path=str(OUT / f"offline_map{suffix}.png"), full_page=True)
        assert external == [], f"non-local requests attempted: {external}"
    assert local_failures == []


@pytest.mark.browser
def test_standalone_export_works_from_disk(browser_page, tmp_path):
    import folium

    m = new_map((52.08, 5.15), 11)
    folium.GeoJson(
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[5.1, 52.05], [5.2, 52.05], [5.15, 52.1], [5.1, 52.05]]]},
        }
    ).add_to(m)
    folium.Marker([52.07, 5.15], popup="Huisarts").add_to(m)
    add_legend(m, [("Huisarts", "#2ca02c")], "Export")
    path = tmp_path / "kaart.html"
    path.write_text(standalone_html(m), encoding="utf-8")

    page = browser_page
    external, local_failures = _open_offline(page, path.as_uri())
    page.wait_for_selector("svg path.leaflet-interactive", state="attached", timeout=15_000)
    page.wait_for_function(
        "[...document.querySelectorAll('img.leaflet-marker-icon')].some(i => i.complete && i.naturalWidth > 0)"
    )
    assert "Huisarts" in page.locator(".vzw-legend").inner_text()
    page.locator("img.leaflet-marker-icon").click()
    assert page.locator(".leaflet-popup-content").inner_text() == "Huisarts"  # popup uses jQuery
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "offline_map_standalone.png"))
    assert external == [] and local_failures == []
