"""Overzicht in headless Chromium with every non-local request blocked: clicking a buurt on the map opens the
Buurtverkenner for it, and the Excel and HTML exports download and open."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest

from tests.browser.test_offline_map_browser import OUT, _map_frame, _open_offline

BUURTEN = OUT.parent / "data" / "raw" / "cbs_gebiedsindeling_cartomap" / "buurt_2024.geojson"


def _inside_point(code: str) -> tuple[float, float]:
    """(lat, lon) of a point well inside buurt ``code``."""
    g = gpd.read_file(BUURTEN)
    poly = g[g["statcode"] == code].to_crs(4326).geometry.iloc[0]
    p = poly.buffer(-0.002).representative_point()
    return p.y, p.x


def _wait_map(page, n: int):
    frame = _map_frame(page)
    frame.wait_for_function(f"document.querySelectorAll('path.leaflet-interactive').length >= {n}", timeout=60_000)
    frame.locator(".vzw-legend").wait_for(state="visible")
    return frame


@pytest.mark.browser
def test_click_on_buurt_opens_buurtverkenner(real_app, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1200})
    external, local_failures = _open_offline(page, real_app + "?type=all&year=2030&level=buurt")
    frame = _wait_map(page, 111)
    legend = frame.locator(".vzw-legend").inner_text()
    # the legend lists the statuses on the map (issue 11): robust red, fragile hatched, …
    assert "tekort: minder aanbod dan de norm vraagt" in legend and "mogelijk tekort" in legend
    # fragile shortfalls are filled with an SVG stripe pattern the map adds to its own page (works offline)
    assert frame.locator("pattern#vzw-hatch-fragile").count() == 1
    assert frame.evaluate("() => [...document.querySelectorAll('path.leaflet-interactive')]"
                          ".filter(p => p.getAttribute('fill') === 'url(#vzw-hatch-fragile)').length") >= 1
    page.get_by_text("111 gebieden op de kaart").wait_for()
    page.wait_for_timeout(800)
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "overzicht_all_types.png"), full_page=True)

    code = "BU03441041"  # Rijnenburg: large, away from other polygons' edges
    lat, lon = _inside_point(code)
    iframe = frame.frame_element()
    iframe.scroll_into_view_if_needed()
    x, y, tag = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const c = window.map.getContainer().getBoundingClientRect();"
        " const el = document.elementFromPoint(c.left + p.x, c.top + p.y);"
        " return [c.left + p.x, c.top + p.y, el && el.tagName]; }", [lat, lon])
    assert tag == "path"  # a polygon, not the legend or a control
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)

    page.wait_for_url("**/buurtverkenner?**", timeout=30_000)
    params = parse_qs(urlparse(page.url).query)
    assert params["area"] == [code]
    assert params["year"] == ["2030"]
    assert params["type"][0] in {"gym", "library", "primary_school", "sports_hall", "swimming_pool"}
    current = page.locator("[data-testid='stSidebarNav'] a[aria-current='page']")
    current.wait_for()
    assert "Buurtverkenner" in current.inner_text()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(OUT / "overzicht_click_buurtverkenner.png"), full_page=True)
    assert external == [], f"non-local requests attempted: {external}"
    assert [f for f in local_failures if "/_stcore/" not in f] == []


_STYLES_JS = """(styles) => { const out = {n: 0, wrong: [], statuses: {}};
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (!p || !p.status_label) { return; }
    out.n += 1; out.statuses[p.status] = (out.statuses[p.status] || 0) + 1;
    const want = styles[p.status]; const path = l.getElement();
    if (!want || l.options.fillColor !== want.fillColor || l.options.weight !== want.weight
        || path.getAttribute('fill') !== want.fillColor) { out.wrong.push(p.code + ':' + p.status); } });
  return out; }"""


@pytest.mark.browser
def test_status_colours_follow_each_year_and_come_back_after_a_hover(real_app, browser_page):
    """The status layer is styled in the browser from each feature's status (lib.ui.maps.STATUS_STYLE_JS), and a
    new year only brings new data (app_pages/drawn_maps.py): after each year step every polygon has the fill of
    its own status, and a hover's highlight is undone by the same styles."""
    from lib.ui import maps

    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 1200})
    _open_offline(page, real_app + "?type=gym&year=2024&level=buurt")
    frame = _wait_map(page, 111)
    seen = []
    for step in range(3):
        if step:
            thumb = page.locator(".st-key-year input[type='range']")
            thumb.focus()
            page.keyboard.press("ArrowRight")
            page.locator("[data-test-script-state='notRunning']").wait_for(timeout=30_000)
            page.wait_for_timeout(1500)
            frame = _wait_map(page, 111)
            page.wait_for_url(f"**year={2024 + step}**", timeout=30_000)
        got = frame.evaluate(_STYLES_JS, maps.STATUS_STYLES)
        assert got["n"] == 111 and got["wrong"] == [], got
        seen.append(got["statuses"])
    assert "shortfall" in seen[0] or "fragile" in seen[0] or "data_gap" in seen[0]
    restored = frame.evaluate("""(styles) => { let l = null;
      window.map.eachLayer(x => { if (!l && x.feature && x.feature.properties.status_label) { l = x; } });
      l.fire('mouseover'); const hover = [l.options.weight, l.options.color];
      l.fire('mouseout'); const want = styles[l.feature.properties.status];
      return {hover, back: [l.options.weight, l.options.color, l.options.fillColor],
              want: [want.weight, want.color, want.fillColor]}; }""", maps.STATUS_STYLES)
    assert restored["hover"] == [3, "#000000"]
    assert restored["back"] == restored["want"]


@pytest.mark.browser
def test_excel_and_html_exports_download(real_app, browser_page, tmp_path):
    import openpyxl

    page = browser_page
    page.set_viewport_size({"width": 1400, "height": 2300})  # Streamlit scrolls inside: a tall view shows all
    external, _ = _open_offline(page, real_app + "?type=primary_school&year=2024&level=buurt")
    _wait_map(page, 111)
    # primary schools: capacity unknown (DUO enrolment), no "64 / 111 short" any more (issue 11)
    assert page.locator("[data-testid='stMetricValue']", has_text="0 plaatsen (0 %)").count() == 1
    button = page.get_by_role("button", name="Alle tabellen (Excel)")
    button.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "overzicht_primary_school.png"), full_page=True)

    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "voorzieningen_primary_school_2024_buurt.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert "Basisschool (plaatsen)" in wb.sheetnames and "Bronnen" in wb.sheetnames
    ws = wb["Basisschool (plaatsen)"]
    header = [c.value for c in ws[1]]
    supply = [r[header.index("Aanbod = leerlingenaantal (geen capaciteit)")]
              for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(supply) == 111
    assert sum(supply) == pytest.approx(29509, abs=0.01)  # DUO pupils 2023-24, all reached by some buurt

    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Kaart (HTML, werkt offline)").click()
    html_path = tmp_path / info.value.suggested_filename
    info.value.save_as(html_path)
    assert external == [], f"non-local requests attempted: {external}"

    export = page.context.new_page()
    ext2, failures = _open_offline(export, html_path.as_uri())
    export.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 111")
    assert "capaciteit onbekend" in export.locator(".vzw-legend").inner_text()
    assert "Basisschool" in export.locator(".vzw-title").inner_text()
    export.wait_for_timeout(500)
    export.screenshot(path=str(OUT / "overzicht_export_html.png"))
    assert ext2 == [] and failures == []
