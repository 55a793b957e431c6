"""Every string a page shows, collected from an AppTest run, and the checks of "one language per screen".

Collected: the text fields of every element's protobuf (markdown, captions, titles, metrics with label, value,
delta and help, alerts, buttons, expanders, tabs, widget labels, options, placeholders and help), the column
names and cells of ``st.dataframe`` tables, and the column labels of ``st.data_editor`` tables. Not collected:
ids and keys, the cells of editable tables (they hold the import format's codes, e.g. ``primary_school``),
``st.code`` (links), charts and maps (HTML/JSON for the browser; their labels come from the same catalogue).

Tell-tale words (whole words, case-insensitive), decided for issue 10:

* English on a Dutch screen: common function words and the domain words that used to leak from data and code
  (``EN_TELLTALES``). Not listed: words that are the same in Dutch (norm, status, data, code, type, per, gap
  is not Dutch but "case" is used in Dutch UI text), loanwords.
* Dutch on an English screen: common function words and domain words (``NL_TELLTALES``). Not listed: "met"
  (also English), buurt,
  wijk, gemeente, woonmilieu, gymzaal, sporthal, which the English text uses as terms on purpose.

Names are not language: area and facility names, file names, the illustrative example case (its name,
description, plans and notes are user content, shown as typed) and the titles of data sets and reports
(``TITLES``) are removed before the words are checked.
"""

from __future__ import annotations

import json
import re

import pandas as pd
from google.protobuf.message import Message
from streamlit.testing.v1 import element_tree as et

from lib.cases import example
from lib.core import db
from lib.ui.formatting import data_text_values

EN_TELLTALES = (
    "the", "and", "with", "which", "from", "places", "place", "facilities", "facility", "shortfall", "shortfalls",
    "inhabitants", "persons", "children", "pupils", "dwellings", "choose", "not found", "assumption", "derived",
    "enrolment", "set in case", "distance", "upload", "per file", "browse", "drag and drop", "need", "supply",
    "year", "years", "level", "neighbourhood", "municipality", "count of", "used as", "straight line", "nearest",
    "estimate", "source", "unknown", "hours", "share of", "weeks", "page not found", "areas", "sufficient",
    "surplus", "tight", "forecast", "yes",
)
NL_TELLTALES = (
    "de", "het", "een", "en", "van", "voor", "niet", "geen", "naar", "bij", "zijn", "wordt", "tekort",
    "tekorten", "voorziening", "voorzieningen", "plaatsen", "plaats", "inwoners", "behoefte", "aanbod", "jaar",
    "gebied", "gebieden", "kies", "aanname", "afgeleid", "schatting", "leerlingen", "woningen", "afstand", "bron",
    "onbekend", "kinderen", "personen", "uur", "bestand", "sleep", "krap", "voldoende", "overschot", "prognose",
    "ja", "nee",
)
#: Titles of data sets, laws and reports, and quoted column names of source files (names, not language).
TITLES = (
    "Kerncijfers Wijken en Buurten", "Kerncijfers wijken en buurten", "Nabijheid voorzieningen",
    "Nabijheid voorzieningen; afstand locatie, wijk- en buurtcijfers 2023", "Impuls bewegingsonderwijs",
    "Binnensportaccommodaties in Nederland", "Database SportAanbod", "Utrecht in Cijfers",
    "Ruimtelijke Strategie Utrecht",
    "Planologische Kengetallen", "Centrum Jeugd en Gezin", "Doelgroep en\nVoorzieningen", "Doelgroep en Voorzieningen",
    "Vrije tijd en\n  cultuur", "Vrije tijd en cultuur", "Bron: CBS / Kadaster", "Bron: CBS", "Kwaliteitskader",
    "open onderwijsdata", "Mulier Instituut", "Society-in-the-Loop",
)
#: Names of widget texts Streamlit supplies itself when ours are missing.
STREAMLIT_DEFAULTS = ("Choose an option", "Choose options", "Drag and drop", "Browse files", "Limit 200MB")

_SKIP_FIELDS = {"id", "form_id", "key", "page_script_hash", "url_path", "icon", "mime", "url", "page", "data", "spec",
                "theme", "src", "srcdoc", "component_name", "json_args", "arrow_data", "styler", "css",
                "deferred_file_id", "type", "tag", "raw_value", "query_string", "language", "format", "columns",
                "column_order", "column_config", "selection_mode", "editing_mode", "value", "default"}
_SKIP_ELEMENTS = {"plotly_chart", "iframe", "component_instance", "html", "deck_gl_json_chart", "empty", "imgs",
                  "code", "vega_lite_chart", "graphviz_chart"}


def _proto_strings(msg: Message):
    for fd, val in msg.ListFields():
        if fd.name in _SKIP_FIELDS:
            continue
        values = val if fd.is_repeated else [val]
        if fd.type == fd.TYPE_MESSAGE:
            for v in values:
                if isinstance(v, Message):
                    yield from _proto_strings(v)
        elif fd.type == fd.TYPE_STRING:
            yield from (v for v in values if v)


def _editor_labels(proto) -> list[str]:
    """Column labels of a data editor from its column configuration (JSON)."""
    try:
        config = json.loads(proto.columns or "{}")
    except ValueError:
        return []
    return [str(c.get("label")) for c in config.values() if isinstance(c, dict) and c.get("label")]


def texts(node) -> list[str]:
    """Every string shown by the element tree ``node`` (an AppTest or one of its blocks)."""
    out: list[str] = []
    if isinstance(node, et.Block) or not hasattr(node, "proto") or isinstance(getattr(node, "children", None), dict):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            out += list(_proto_strings(proto))
        for child in getattr(node, "children", {}).values():
            out += texts(child)
        return out
    kind = getattr(node, "type", "")
    if kind in _SKIP_ELEMENTS:
        return out
    if kind in ("arrow_data_frame", "dataframe", "table", "arrow_table"):
        proto = node.proto
        editable = bool(getattr(proto, "editing_mode", 0))
        if editable:
            return _editor_labels(proto)
        df = node.value
        out += [str(c) for c in df.columns]
        out += [str(v) for v in df.astype(object).to_numpy().ravel() if not isinstance(v, float) or not pd.isna(v)]
        return out
    if kind in ("selectbox", "multiselect"):
        out.append(f"⟨placeholder⟩{node.proto.placeholder}")
    return out + list(_proto_strings(node.proto))


def names(db_path) -> list[str]:
    """Names that are not language: areas, facilities, the example case's user content, data set titles, the
    illustrative agenda items, initiatives and rooms (names, owners, organisers, activities, kinds of work)."""
    con = db.connect(db_path)  # the configuration the app uses (it may hold the same file open)
    try:
        found = set(db.table(con, "areas")["name"].dropna()) | set(db.table(con, "facilities")["name"].dropna())
        found |= set(db.table(con, "provenance")["file"].dropna())
        # illustrative agenda items, initiatives and rooms: names typed by people (Dutch in both languages)
        agenda = db.table(con, "agenda")
        found |= set(agenda["name"].dropna()) | set(agenda["owner"].dropna()) | set(agenda["kind"].dropna())
        inits = db.table(con, "initiatives")
        found |= set(inits["name"].dropna()) | set(inits["organiser"].dropna()) | set(inits["activity"].dropna())
        found |= set(db.table(con, "rooms")["room_id"].dropna())
        for message in db.table(con, "quality")["message"]:  # names inside data-quality notes (not imported)
            found |= {n.strip() for n in data_text_values(message).get("names", "").split(",")}
    finally:
        con.close()
    spec = example.definition()
    found |= {spec["name"], spec["description"], spec["author"]}
    found |= {p["name"] for p in spec["plans"]} | {n["text"] for n in spec.get("notes", [])}
    found |= set(TITLES)
    return sorted((n for n in found if n and len(n) > 2), key=len, reverse=True)


def strip_names(text: str, known: list[str]) -> str:
    """``text`` with every known name (and the start of a long one, as lists cut it with '…') removed."""
    for n in known:
        if n in text:
            text = text.replace(n, " ⟨name⟩ ")
        elif len(n) > 40 and n[:30] in text:
            text = re.sub(re.escape(n[:30]) + r"[^'\"]*", " ⟨name⟩ ", text)
    return text


def _words(words) -> re.Pattern:
    return re.compile(r"(?<![\w\-/.])(" + "|".join(re.escape(w) for w in words) + r")(?![\w\-/])", re.I)


_EN = _words(EN_TELLTALES)
_NL = _words(NL_TELLTALES)
#: 'nan' anywhere; 'None' only as a value (a whole cell, or after ':', '=', '→'), since it is also an English word.
_MISSING = re.compile(r"(?<![\w])(nan|NaN|NaT|<NA>)(?![\w])|^None$|[:=→]\s*None\b")
_MINUS_ZERO = re.compile(r"(?:^|[\s(:=/])[-−]0(?:[.,]0+)?(?![\d.,])")
_EN_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")   # 31,517 on a Dutch screen
_NL_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.])")  # 31.517 on an English screen
_URL = re.compile(r"https?://\S+")


def problems(strings: list[str], lang: str, known: list[str]) -> list[str]:
    """Strings that break 'one language per screen' for a ``lang`` screen, each with the reason."""
    other = _EN if lang == "nl" else _NL
    numbers = _EN_THOUSANDS if lang == "nl" else _NL_THOUSANDS
    out = []
    for raw in dict.fromkeys(strings):
        if raw.startswith("⟨placeholder⟩"):
            if raw == "⟨placeholder⟩":
                out.append("a selectbox/multiselect without our placeholder (Streamlit shows 'Choose an option')")
            raw = raw[len("⟨placeholder⟩"):]
        s = _URL.sub(" ", strip_names(raw, known))
        s = re.sub(r"`[^`]*`", " ", s)  # code spans: identifiers of files and columns
        for pattern, why in ((other, "word of the other language"), (_MISSING, "missing value shown as text"),
                             (_MINUS_ZERO, "minus zero"), (numbers, "number in the other language's format")):
            m = pattern.search(s)
            if m:
                out.append(f"{why} {m.group(0).strip()!r} in {raw[:160]!r}")
                break
        if any(d in raw for d in STREAMLIT_DEFAULTS):
            out.append(f"Streamlit's English default text in {raw[:160]!r}")
    return out
