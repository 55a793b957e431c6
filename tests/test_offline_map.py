"""Offline map rendering: no CDN references, escaped legend, inlined standalone export."""

import re
from html.parser import HTMLParser

import branca.colormap
import folium
import pytest

from lib.ui.offline_map import (
    PDOK_TILES_URL,
    VENDOR_DIR,
    OfflineAssetError,
    add_legend,
    legend_html,
    new_map,
    offline_problems,
    standalone_html,
)

SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"naam": "Vak A"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[5.0, 52.0], [5.2, 52.0], [5.2, 52.2], [5.0, 52.2], [5.0, 52.0]]],
            },
        }
    ],
}


class _Refs(HTMLParser):
    """Collect script src / link href / img src attributes (script bodies are not parsed)."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.refs.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.refs.append(attrs["href"])
        if tag in ("img", "iframe") and attrs.get("src"):
            self.refs.append(attrs["src"])


def refs(doc: str) -> list[str]:
    p = _Refs()
    p.feed(doc)
    return p.refs


def external_urls(doc: str) -> set[str]:
    """Every http(s) URL in the document, outside the inlined vendor code."""
    vendor_block = re.compile(
        r"<(script|style)>(?:(?!</\1>).)*(Leaflet 1\.9\.4, a JS library|jQuery v3\.7\.1|\.leaflet-pane)"
        r"(?:(?!</\1>).)*</\1>",
        re.DOTALL,
    )
    return set(re.findall(r"https?://[^\s\"'<>)`]+", vendor_block.sub("", doc)))


def sample_map(tiles: bool = False, popup: bool = False):
    m = new_map((52.1, 5.1), 9, tiles=tiles)
    folium.GeoJson(SQUARE, tooltip=folium.GeoJsonTooltip(["naam"])).add_to(m)
    folium.Marker([52.1, 5.1], popup="hallo" if popup else None).add_to(m)
    add_legend(m, [("Bibliotheek", "#1f77b4"), ("Huisarts", "red")], "Voorzieningen")
    return m


@pytest.mark.parametrize("tiles", [False, True])
def test_rendered_map_has_only_local_assets(tiles):
    doc = sample_map(tiles).get_root().render()
    found = refs(doc)
    assert "../../app/static/vendor/leaflet/leaflet.js" in found
    assert "../../app/static/vendor/leaflet/leaflet.css" in found
    assert not [r for r in found if re.match(r"(https?:)?//", r)]
    for lib in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "d3.min", "d3.v"):
        assert lib not in doc.lower()
    allowed = {PDOK_TILES_URL} if tiles else set()
    assert external_urls(doc) == allowed


def test_tiles_off_means_no_tile_layer():
    assert "L.tileLayer" not in new_map().get_root().render()
    assert PDOK_TILES_URL in new_map(tiles=True).get_root().render()
    assert "Kadaster" in new_map(tiles=True).get_root().render()


def test_popup_pulls_in_vendored_jquery_only_when_needed():
    m = sample_map(popup=True)
    found = refs(m.get_root().render())
    assert "../../app/static/vendor/jquery/jquery.min.js" in found
    assert found.index("../../app/static/vendor/leaflet/leaflet.js") < found.index(
        "../../app/static/vendor/jquery/jquery.min.js"
    )
    assert (VENDOR_DIR / "jquery" / "jquery.min.js").is_file()


def test_folium_default_lists_are_not_mutated():
    new_map().get_root().render()
    assert any("cdn.jsdelivr.net" in url for _, url in folium.Map.default_js)


def test_standalone_html_inlines_leaflet():
    doc = standalone_html(sample_map(popup=True))
    assert refs(doc) == []
    assert "Leaflet 1.9.4" in doc
    assert "jQuery v3.7.1" in doc
    assert "leaflet-container" in doc  # leaflet.css
    assert "url(images/" not in doc
    assert "data:image/png;base64," in doc
    assert "app/static" not in doc


@pytest.mark.parametrize("tiles", [False, True])
def test_standalone_html_has_no_external_references(tiles):
    doc = standalone_html(sample_map(tiles))
    assert external_urls(doc) == ({PDOK_TILES_URL} if tiles else set())


def test_legend_escapes_labels_and_title():
    out = legend_html([("<script>alert(1)</script>", "#ff0000")], "<b>T</b> & co")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;b&gt;T&lt;/b&gt; &amp; co" in out


def test_legend_rejects_css_injection_in_colour():
    with pytest.raises(ValueError):
        legend_html([("x", "red;background:url(https://evil.example/a.png)")], "t")


def test_legend_on_map_needs_no_script():
    m = new_map()
    add_legend(m, [("A <x>", "#00ff00")], "Legenda")
    doc = m.get_root().render()
    assert "A &lt;x&gt;" in doc
    assert 'class="vzw-legend"' in doc


def test_strict_mode_rejects_cdn_features():
    m = new_map()
    branca.colormap.linear.YlGn_09.scale(0, 1).add_to(m)
    folium.Marker([52, 5], icon=folium.Icon(color="red")).add_to(m)
    folium.TileLayer("OpenStreetMap").add_to(m)
    with pytest.raises(OfflineAssetError) as exc:
        m.get_root().render()
    msg = str(exc.value)
    assert "colormap" in msg.lower() and "Icon" in msg and "openstreetmap" in msg


def test_clean_map_has_no_problems():
    m = sample_map(tiles=True, popup=True)
    m.get_root().render()
    assert offline_problems(m) == []
