"""Map data written to JSON once: folium writes the GeoJSON of every layer into the map with Jinja's ``tojson`` on
every render, so every rerun of a page with a map serialised the same status polygons and facility points again
(a tenth of an Overzicht rerun on Utrecht, issue 13).

The app's shared map data (the ``st.cache_resource`` GeoJSON of app_pages/shell.py, read-only) is marked with
:func:`share`; :func:`install` makes the ``tojson`` of the Jinja environment of folium's templates return the
text written the first time for a marked object, and write any other object as before
(``json.dumps`` with the same options). An object is recognised by identity and kept alive by its entry, so an
id is never reused while marked; the oldest of more than ``LIMIT`` marked objects is forgotten. A marked object
must never change: tests/test_shared_tables.py draws a shared one and checks it is unchanged.

This module must not import streamlit.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

import jinja2
import jinja2.utils
from folium.template import Template as FoliumTemplate

LIMIT = 256
_shared: OrderedDict[int, tuple[object, dict]] = OrderedDict()  # id -> (the object, {dumps options: text})
_lock = threading.Lock()


def share(obj: object) -> object:
    """Mark ``obj`` (a dict that is never changed again) so its JSON is written once; returns it."""
    with _lock:
        _shared[id(obj)] = (obj, {})
        while len(_shared) > LIMIT:
            _shared.popitem(last=False)
    return obj


def _written(obj: object, key: tuple, write) -> str:
    """``write()``, once per marked object and ``key``; every time for an object not marked."""
    entry = _shared.get(id(obj))
    if entry is None or entry[0] is not obj:
        return write()
    text = entry[1].get(key)
    if text is None:
        text = entry[1][key] = write()
    return text


def dumps(obj: object, **options) -> str:
    """``json.dumps(obj, **options)``, written once per marked object and options."""
    return _written(obj, tuple(sorted(options.items())), lambda: json.dumps(obj, **options))


def tojson(obj: object) -> str:
    """What ``{{ obj|tojson }}`` writes in a folium template: the environment's JSON (:func:`dumps` once
    installed) made safe for HTML (``jinja2.utils.htmlsafe_json_dumps``); once per marked object."""
    policies = environment().policies
    dump, options = policies["json.dumps_function"], policies["json.dumps_kwargs"]
    return _written(obj, ("tojson", dump, *sorted(options.items())),
                    lambda: str(jinja2.utils.htmlsafe_json_dumps(obj, dumps=dump, **options)))


def environment() -> jinja2.Environment:
    """The environment every folium template is made in (``folium.template.Template``: one per process)."""
    return FoliumTemplate("").environment


def install() -> None:
    """Let the ``tojson`` of folium's templates use :func:`dumps` (idempotent)."""
    environment().policies["json.dumps_function"] = dumps
