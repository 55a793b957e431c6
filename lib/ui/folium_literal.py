"""Map text stays text: branca must never run what it has already rendered as a Jinja template.

branca 0.8 (under folium 0.20 and streamlit-folium 0.27) renders each map element's ``header``/``html``/
``script`` macro and wraps the *output* in ``Element(output)``, which compiles that output as a new
``jinja2.Template`` and renders it a second time when the page is built (``MacroElement.render``,
``folium.map.Class.render``, ``branca.element.Html``). The output holds the data: facility and area names in
tooltips, legend labels, popups. So a name such as ``{{ 7*7 }}`` showed as ``49`` on the map, and a name with
a Jinja expression reaching Python objects ran code in the server (server-side template injection): anyone who
may add a facility to a case could do it. Compiling the output was also a quarter of every no-change rerun of
the Overzicht (a Jinja lexer over the whole GeoJSON).

:func:`install` makes an ``Element`` built from a template *string* keep that string as literal text,
rendered exactly as Jinja renders text without any Jinja syntax in it (line breaks made ``\\n``, one trailing
line break dropped), and never evaluated. Elements built from a template file (``template_name``) and the
class-level templates of folium's elements are Jinja templates as before. Nothing in folium, branca or
streamlit-folium builds an ``Element`` from a template string meant to be evaluated (checked for the versions
pinned in requirements.txt; tests/test_folium_literal.py checks the maps render the same otherwise).

One folium feature relied on the second pass and is not used here: a style value that is itself a map element
(e.g. a ``StripePattern`` as ``fillPattern``) left ``{{'name'}}`` in the output for that pass to resolve; our
hatching is an SVG pattern referenced by ``url(#…)`` (lib.ui.maps.HatchPatterns).

This module must not import streamlit.
"""

from __future__ import annotations

import re
import types

from branca import element as branca_element

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_NO_MACROS = types.SimpleNamespace()  # what ``Template.module`` gives for text without macros


class LiteralText:
    """Stands in for the ``jinja2.Template`` of already-rendered text: ``render`` gives the text back, as Jinja
    renders a template without syntax in it, and evaluates nothing."""

    __slots__ = ("text",)

    def __init__(self, source: str):
        text = _LINE_BREAKS.sub("\n", source)
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *_args, **_kwargs) -> str:
        return self.text

    @property
    def module(self) -> types.SimpleNamespace:
        return _NO_MACROS


_original_init = branca_element.Element.__init__
_original_setstate = branca_element.Element.__setstate__


def _init(self, template: str | None = None, template_name: str | None = None):
    _original_init(self, None, template_name)
    self._template_str = template
    if template is not None:
        self._template = LiteralText(template)


def _setstate(self, state: dict) -> None:
    _original_setstate(self, {**state, "_template_str": None})
    self._template_str = state.get("_template_str")
    if self._template_str is not None:
        self._template = LiteralText(self._template_str)


def install() -> None:
    """Make every ``branca.element.Element(template_string)`` literal text from now on (idempotent)."""
    if branca_element.Element.__init__ is not _init:
        branca_element.Element.__init__ = _init
        branca_element.Element.__setstate__ = _setstate


def installed() -> bool:
    """Whether :func:`install` is in effect."""
    return branca_element.Element.__init__ is _init
