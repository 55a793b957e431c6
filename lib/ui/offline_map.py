"""Offline folium maps: Leaflet served by the app itself, no CDN, optional PDOK tiles.

How the assets reach the browser
--------------------------------
* ``st_folium`` (streamlit-folium 0.27) renders inside its component iframe at
  ``<base>/component/streamlit_folium.st_folium/index.html``. Its frontend bundle does
  NOT contain Leaflet: it collects ``default_js``/``default_css`` of every folium element
  (plus two d3 CDN URLs whenever a branca ColorMap is on the map) and loads them one by
  one with ``<script src>``; a single failing script rejects the load and the map stays
  blank. ``<script src>``/``<link>`` tags of the folium header are stripped.
* So the map's ``default_js``/``default_css`` point to files in ``static/vendor/`` that
  Streamlit serves at ``<base>/app/static/vendor/...`` (``server.enableStaticServing``;
  the ``static/`` folder must sit next to the main script). The default URL is relative
  (``../../app/static/vendor``) so that it also honours ``server.baseUrlPath``.
* ``standalone_html`` inlines the same files so an exported HTML file works from disk.

This module must not import streamlit.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import branca.colormap
import folium
import folium.elements
import folium.map
import folium.raster_layers
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from jinja2 import Template

from lib.ui import folium_literal, map_json

folium_literal.install()  # rendered map text (names, labels) is never evaluated as a Jinja template again
map_json.install()  # shared map data is written to JSON once, not on every render

VENDOR_DIR = Path(__file__).resolve().parents[2] / "static" / "vendor"
# Relative to the st_folium iframe (<base>/component/<name>/index.html) -> <base>/app/static.
DEFAULT_ASSET_BASE = "../../app/static/vendor"

PDOK_TILES_URL = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = "Kaartgegevens &copy; Kadaster"
PDOK_HOST = "service.pdok.nl"

# name -> path below VENDOR_DIR
_LEAFLET_JS = ("leaflet", "leaflet/leaflet.js")
_JQUERY_JS = ("jquery", "jquery/jquery.min.js")
_LEAFLET_CSS = ("leaflet_css", "leaflet/leaflet.css")

_CSS_COLOR = re.compile(
    r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]{1,60}\))$"
)


class OfflineAssetError(ValueError):
    """Raised when a map would load a script/style/tile from a third party or a CDN."""


def _descendants(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _descendants(child)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


class OfflineMap(folium.Map):
    """folium.Map whose scripts and styles come only from ``static/vendor``.

    jQuery is added only when a feature needs it (``folium.Popup`` content and
    ``objects_to_stay_in_front`` use ``$``). With ``strict=True`` (default) rendering
    raises :class:`OfflineAssetError` if any element would pull an external asset.
    """

    def __init__(self, *args, asset_base: str = DEFAULT_ASSET_BASE, strict: bool = True, **kwargs):
        kwargs.setdefault("tiles", None)
        super().__init__(*args, **kwargs)
        self.asset_base = asset_base.rstrip("/")
        self.strict = strict
        self.standalone = False  # True while standalone_html renders: images become data URIs
        self._set_links()
        # First child, so it runs before any marker is created.
        self.add_child(_IconDefaults(), name="icon_defaults")

    def _needs_jquery(self) -> bool:
        if self.objects_to_stay_in_front:
            return True
        return any(
            isinstance(el, folium.map.Popup) or (isinstance(el, folium.GeoJson) and not el.embed)
            for el in _descendants(self)
        )

    def vendored_js(self) -> list[tuple[str, str]]:
        """(name, path below VENDOR_DIR) of the scripts this map needs, in load order."""
        return [_LEAFLET_JS, _JQUERY_JS] if self._needs_jquery() else [_LEAFLET_JS]

    def vendored_css(self) -> list[tuple[str, str]]:
        """(name, path below VENDOR_DIR) of the stylesheets this map needs."""
        return [_LEAFLET_CSS]

    def asset_url(self, rel_path: str) -> str:
        """URL under which the browser fetches a vendored file."""
        return f"{self.asset_base}/{rel_path}"

    def _set_links(self) -> None:
        # Instance attributes: never mutate folium's module-level default lists.
        self.default_js = [(name, self.asset_url(p)) for name, p in self.vendored_js()]
        self.default_css = [(name, self.asset_url(p)) for name, p in self.vendored_css()]

    def render(self, **kwargs):
        self._set_links()
        super().render(**kwargs)
        if self.strict:
            problems = offline_problems(self)
            if problems:
                raise OfflineAssetError("Map is not offline-safe: " + "; ".join(problems))


def pdok_tile_layer() -> folium.TileLayer:
    """PDOK BRT-Achtergrondkaart (standaard, EPSG:3857) as a folium TileLayer."""
    return folium.TileLayer(
        tiles=PDOK_TILES_URL,
        attr=PDOK_ATTRIBUTION,
        name="PDOK BRT-Achtergrondkaart",
        min_zoom=6,
        max_zoom=19,
        max_native_zoom=19,
        overlay=False,
        control=False,
    )


def new_map(
    location: Sequence[float] = (52.15, 5.3),
    zoom_start: int = 8,
    tiles: bool = False,
    **kw,
) -> OfflineMap:
    """Create an offline map; ``tiles=True`` adds the PDOK basemap, else a plain background.

    Extra keyword arguments go to :class:`folium.Map` (``width``, ``height``,
    ``control_scale``...) or :class:`OfflineMap` (``asset_base``, ``strict``).
    """
    m = OfflineMap(location=list(location), zoom_start=zoom_start, tiles=None, **kw)
    if tiles:
        pdok_tile_layer().add_to(m)
    return m


def offline_problems(m: folium.Map) -> list[str]:
    """Describe everything on ``m`` that would contact a CDN or third party (empty = OK).

    Checks plugin ``default_js``/``default_css`` (what st_folium loads), branca ColorMaps
    (st_folium injects d3 from a CDN for them), awesome-marker ``folium.Icon``s, tile
    layers other than PDOK and external links in the figure header (after rendering).
    """
    problems: list[str] = []
    own = {url for _, url in getattr(m, "default_js", [])} | {url for _, url in getattr(m, "default_css", [])}
    elements = [m, *_descendants(m)]
    root = m.get_root()
    if root is not m:
        elements += list(_descendants(root.header))
    for el in elements:
        kind = type(el).__name__
        if isinstance(el, branca.colormap.ColorMap):
            problems.append(f"{kind}: st_folium loads d3 from a CDN for colormaps; use add_legend()")
        elif isinstance(el, folium.Icon):
            problems.append(f"{kind}: needs awesome-markers/Font Awesome; use the default icon or DivIcon")
        elif isinstance(el, (folium.raster_layers.TileLayer, folium.raster_layers.WmsTileLayer)):
            url = str(getattr(el, "tiles", None) or getattr(el, "url", ""))
            if urlparse(url).hostname != PDOK_HOST:
                problems.append(f"{kind}: third-party tiles {url}")
        if isinstance(el, (JavascriptLink, CssLink)) and _is_external(el.url):
            problems.append(f"header link {el.url}")
        if isinstance(el, folium.elements.JSCSSMixin):
            for _, url in [*el.default_js, *el.default_css]:
                if url not in own and _is_external(url):
                    problems.append(f"{kind} loads {url}")
    return list(dict.fromkeys(problems))


def _vendor_file(rel_path: str) -> Path:
    path = (VENDOR_DIR / rel_path).resolve()
    if VENDOR_DIR.resolve() not in path.parents:
        raise ValueError(f"not a vendored file: {rel_path}")
    return path


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _inline_js(rel_path: str) -> str:
    code = _vendor_file(rel_path).read_text(encoding="utf-8")
    code = re.sub(r"//# sourceMappingURL=\S*\s*$", "", code)
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def _inline_css(rel_path: str) -> str:
    css_path = _vendor_file(rel_path)

    def to_data(match: re.Match) -> str:
        target = (css_path.parent / match.group(2)).resolve()
        return f"url({_data_uri(target)})" if target.is_file() else match.group(0)

    css = re.sub(r"""url\((['"]?)(images/[\w.-]+\.png)\1\)""", to_data, css_path.read_text("utf-8"))
    return "<style>" + css.replace("</style", "<\\/style") + "</style>"


class _IconDefaults(MacroElement):
    """Point Leaflet's default marker icon at the vendored images.

    Leaflet guesses the image path from leaflet.css, but st_folium adds the CSS only after
    running the map script, and Leaflet 1.9's fallback then drops a slash
    (".../leafletmarker-icon.png", 404). Setting the path explicitly avoids both.
    """

    _template = Template("{% macro script(this, kwargs) %}\n{{ this.js() }}\n{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "IconDefaults"

    def js(self) -> str:
        m = self._parent
        if not m.standalone:
            return f"L.Icon.Default.imagePath = {json.dumps(m.asset_url('leaflet/images/'))};"
        img = VENDOR_DIR / "leaflet" / "images"
        urls = {
            "iconUrl": _data_uri(img / "marker-icon.png"),
            "iconRetinaUrl": _data_uri(img / "marker-icon-2x.png"),
            "shadowUrl": _data_uri(img / "marker-shadow.png"),
        }
        return f"L.Icon.Default.imagePath = ''; L.Icon.Default.mergeOptions({json.dumps(urls)});"


def standalone_html(m: OfflineMap) -> str:
    """Render ``m`` as a self-contained HTML document (Leaflet JS/CSS/images inlined)."""
    m.standalone = True
    try:
        out = m.get_root().render()
    finally:
        m.standalone = False
    for _, rel in m.vendored_css():
        tag = f'<link rel="stylesheet" href="{m.asset_url(rel)}"/>'
        out = out.replace(tag, _inline_css(rel))
    for _, rel in m.vendored_js():
        tag = f'<script src="{m.asset_url(rel)}"></script>'
        out = out.replace(tag, _inline_js(rel))
    if m.asset_base in out:
        raise OfflineAssetError(f"standalone html still references {m.asset_base}")
    return out


def legend_html(items: Sequence[tuple], title: str) -> str:
    """HTML of a legend box; ``items`` are ``(label, css_color)`` pairs or ``(label, css_color, hatched)``
    triples (a hatched swatch: stripes of the colour on white, as the map draws it). Text is escaped."""
    rows = []
    for label, color, *rest in items:
        if not _CSS_COLOR.match(color.strip()):
            raise ValueError(f"not a plain CSS colour: {color!r}")
        c = html.escape(color.strip())
        fill = (f"repeating-linear-gradient(45deg,{c} 0 2px,#ffffff 2px 5px)" if rest and rest[0] else c)
        border = "1px dashed #555" if rest and rest[0] else "1px solid #555"
        rows.append(
            '<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
            f'<span style="display:inline-block;width:14px;height:14px;flex:none;'
            f'background:{fill};border:{border}"></span>'
            f"<span>{html.escape(label)}</span></div>"
        )
    return (
        '<div class="vzw-legend" role="group" aria-label="legenda" style="position:fixed;'
        "right:10px;bottom:28px;z-index:1000;background:rgba(255,255,255,.92);padding:6px 10px;"
        "border:1px solid #999;border-radius:4px;font:13px/1.3 sans-serif;color:#222;"
        'max-width:45%">'
        f'<div style="font-weight:bold;margin-bottom:4px">{html.escape(title)}</div>'
        + "".join(rows)
        + "</div>"
    )


class Legend(MacroElement):
    """Static HTML legend element (no scripts); add it to a map with ``add_to``."""

    _template = Template("{% macro html(this, kwargs) %}\n{{ this.legend }}\n{% endmacro %}")

    def __init__(self, items: Sequence[tuple], title: str):
        super().__init__()
        self._name = "Legend"
        self.legend = legend_html(items, title)


def add_legend(m: folium.Map, items: Sequence[tuple], title: str) -> Legend:
    """Add a :class:`Legend` to ``m`` and return it."""
    legend = Legend(items, title)
    legend.add_to(m)
    return legend
