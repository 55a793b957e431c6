"""The one place where numbers, quantities, times and data texts become strings for people (every page, export
and report).

Dutch (default): 31.517 and 2,46; English: 31,517 and 2.46 (Babel, with the locale passed per call: never the
process-global ``locale`` module). Missing values are '–', never 'nan' or 'None'; a value that rounds to zero
is '0', never '-0'. The same quantity gets the same number of decimals everywhere (``DECIMALS``); a value that
is whole at that precision is shown without decimals ('16 voorzieningen', '14,3 voorzieningen').

Times are stored in UTC (naive) and shown in Europe/Amsterdam local time.

Files for people (the area CSV, Excel sheets) follow the language too: :func:`csv_for_people` writes ``;`` and
decimal commas with Dutch headers for Dutch; :func:`excel_format` gives number formats Excel shows in the
reader's own locale; the spreadsheet and CSV writing itself is ``lib.ui.safe_export`` (text never a formula).
Machine-readable output (the CLI) does not come through here.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import pandas as pd
from babel.dates import format_datetime
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from lib.core import norms
from lib.text import data as data_texts
from lib.text.i18n import FACILITY_TYPES, facility_label, t
from lib.ui import safe_export

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
TIMEZONE = ZoneInfo("Europe/Amsterdam")
MISSING = "–"
MINUS = "−"  # U+2212, the typographic minus on screens

#: Decimals per quantity (the unit of a norm or a column), the same on every page, export and report:
#: counts of people, places and dwellings are whole; facilities (gyms, halls as a norm's unit) one decimal;
#: ratios two; metres and square metres whole; hours whole; standard units (sharing scores) one decimal.
DECIMALS = {
    "places": 0, "persons": 0, "persons_far": 0, "inhabitants": 0, "dwellings": 0, "pupils": 0, "children": 0,
    "count": 0, "facilities": 1, "fields": 1, "ratio": 2, "m": 0, "max_distance_m": 0, "m2": 0, "km": 1,
    "hours": 0, "hours/week": 0, "h/week": 0, "percent": 0, "score": 1, "year": 0,
}

#: Units with a label in the catalogue (plural, singular); others are shown as they are.
UNIT_KEYS = {
    "places": ("unit_places", "unit_places_1"), "facilities": ("unit_facilities", "unit_facilities_1"),
    "fields": ("unit_fields", "unit_fields_1"), "persons": ("unit_persons", "unit_persons_1"),
    "inhabitants": ("unit_persons", "unit_persons_1"), "persons_far": ("unit_persons_far", "unit_persons_far"),
    "dwellings": ("unit_dwellings", "unit_dwellings_1"), "pupils": ("unit_pupils", "unit_pupils_1"),
    "children": ("unit_children", "unit_children_1"), "m": ("unit_m", "unit_m"),
    "max_distance_m": ("unit_m", "unit_m"), "m2": ("unit_m2", "unit_m2"), "hours/week": ("unit_hours_week",
                                                                                        "unit_hours_week"),
    "h/week": ("unit_hours_week", "unit_hours_week"), "km": ("unit_km", "unit_km"),
}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nl"])


def missing(v) -> bool:
    """True for None, NaN, NA and NaT (values shown as '–')."""
    if v is None:
        return True
    if type(v) is float:  # the common case, without pandas
        return v != v
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def decimals_for(unit: str | None, default: int | None = None) -> int | None:
    """The number of decimals of a quantity (``DECIMALS``); ``default`` for an unknown unit."""
    return DECIMALS.get(str(unit), default) if unit is not None else default


def number(v, lang: str = "nl", decimals: int | None = None, signed: bool = False) -> str:
    """A number for people: thousands separated (1.234 in Dutch, 1,234 in English), at most ``decimals``
    decimals (dropped when the value is whole at that precision). Without ``decimals``: none from 100 up or
    for whole values, else one. '–' when missing, '∞' for infinity; ``signed`` adds '+' to positive values."""
    if missing(v):
        return MISSING
    return _number(float(v), lang, decimals, signed)


@lru_cache(maxsize=1 << 16)
def _number(v: float, lang: str, decimals: int | None, signed: bool) -> str:
    """:func:`number` of a float that is not NaN, written once per (value, language, decimals, sign): the same
    figures come back in every year's tooltips and tables."""
    if math.isinf(v):
        return ("−" if v < 0 else "") + "∞"
    if decimals is None:
        decimals = 0 if abs(v) >= 100 or v.is_integer() else 1
    v = float(Decimal(repr(v)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))  # 0,5 → 1
    if v == 0:
        v = 0.0  # never '-0'
    whole = v.is_integer()
    sign = MINUS if v < 0 else ("+" if signed and v > 0 else "")
    if abs(v) < FAST_LIMIT:  # what Babel writes, ~20× faster (tests/test_formatting.py compares the two)
        group, point = _symbols(_locale(lang))
        text = format(abs(v), ",.0f" if whole or decimals <= 0 else f",.{decimals}f")
        return sign + text.translate({ord(","): group, ord("."): point})
    pattern = "#,##0" if whole or decimals <= 0 else "#,##0." + "0" * decimals
    return sign + format_decimal(abs(v), format=pattern, locale=_locale(lang), decimal_quantization=True)


#: Below this a value already rounded to its decimals prints the same through ``format`` as through Babel (its
#: binary error stays far below half a unit of the last decimal shown).
FAST_LIMIT = 1e12


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[str, str]:
    """(thousands separator, decimal sign) of ``locale``."""
    return get_group_symbol(locale), get_decimal_symbol(locale)


def separators(lang: str = "nl") -> tuple[str, str]:
    """(thousands separator, decimal sign) in ``lang``: ('.', ',') in Dutch, (',', '.') in English (Babel)."""
    return _symbols(_locale(lang))


def amount(v, unit: str | None, lang: str = "nl", signed: bool = False) -> str:
    """A number with the decimals of its quantity (``DECIMALS``), without the unit."""
    return number(v, lang, decimals_for(unit), signed=signed)


def metric_delta(v, unit: str | None, lang: str = "nl") -> str:
    """A signed change for ``st.metric``'s delta: '+102', '-73' (ASCII minus: Streamlit reads the sign from the
    text to colour the arrow)."""
    return amount(v, unit, lang, signed=True).replace(MINUS, "-")


def unit_label(unit: str | None, lang: str = "nl", one: bool = False) -> str:
    """Short plain-language unit (places → plaatsen, or plaats for one; facilities → voorzieningen); a unit
    without a label through :func:`data_text` (as it is when nobody translated it); '' for none."""
    if unit is None or missing(unit) or unit == "":
        return ""
    if str(unit) not in UNIT_KEYS:
        return data_text(unit, lang)
    return t(UNIT_KEYS[str(unit)][1 if one else 0], lang)


def quantity(v, unit: str | None, lang: str = "nl", signed: bool = False) -> str:
    """Number and unit, e.g. '2.008 plaatsen', '1 plaats', '14,3 voorzieningen'; '–' when missing."""
    if missing(v):
        return MISSING
    text = amount(v, unit, lang, signed=signed)
    label = unit_label(unit, lang, one=abs(float(v)) == 1)
    return f"{text} {label}".strip()


BASIS_KEYS = {"inhabitants": "unit_persons", "dwellings": "unit_dwellings"}


def basis_label(basis: str, lang: str = "nl") -> str:
    """A norm's basis in words: 'age:4-11' → 'kinderen 4-11 jaar'; 'inhabitants' → 'inwoners'; unknown as it is."""
    b = norms.parse_basis(basis)
    if b is None:
        return str(basis)
    if b.kind != "age":
        return t(BASIS_KEYS[b.kind], lang) if b.kind in BASIS_KEYS else str(basis)
    if b.age_max is None:
        return t("bv_basis_age_open", lang).format(lo=b.age_min)
    return t("bv_basis_children" if b.age_max <= 17 else "bv_basis_age", lang).format(lo=b.age_min, hi=b.age_max)


def year(v) -> str:
    """A year as digits (2028, never 2.028); '–' when missing."""
    return MISSING if missing(v) else str(int(v))


def percent(share, lang: str = "nl", decimals: int = 0) -> str:
    """A share (0..1) as a percentage: '48 %' (Dutch) / '48%' (English)."""
    if missing(share):
        return MISSING
    n = number(100 * float(share), lang, decimals)
    return f"{n} %" if lang == "nl" else f"{n}%"


# --- times ---------------------------------------------------------------------------------------------------

def local_time(at) -> datetime | None:
    """A stored time (naive = UTC, or aware) as a naive Europe/Amsterdam local time (for Excel cells)."""
    if missing(at):
        return None
    ts = pd.Timestamp(at)
    if ts.tzinfo is None:
        ts = ts.tz_localize(UTC)
    return ts.tz_convert(TIMEZONE).to_pydatetime().replace(tzinfo=None)


def when(at, lang: str = "nl", seconds: bool = False) -> str:
    """A stored time (naive = UTC, aware, or ISO text) in Amsterdam local time: '29 nov 2026 21:43' /
    '29 Nov 2026 21:43' (with ``seconds``: '21:43:05')."""
    if missing(at):
        return MISSING
    ts = pd.Timestamp(at)
    if ts.tzinfo is None:
        ts = ts.tz_localize(UTC)
    clock = "HH:mm:ss" if seconds else "HH:mm"
    return format_datetime(ts.to_pydatetime(), f"d MMM yyyy {clock}", tzinfo=TIMEZONE, locale=_locale(lang))


def day(d, lang: str = "nl") -> str:
    """A date: '29 november 2026' / '29 November 2026'."""
    if missing(d):
        return MISSING
    return format_datetime(pd.Timestamp(d).to_pydatetime(), "d MMMM yyyy", locale=_locale(lang))


# --- texts that come from data -------------------------------------------------------------------------------

_NUMBER_TEXT = re.compile(r"^[+\-−]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+\-−]?\d+\.\d+$")


def _placeholders(template: str) -> list[str]:
    return re.findall(r"{(\w+)}", template)


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"({\w+})", template)
    rx = "".join(f"(?P<{p[1:-1]}>.+?)" if re.fullmatch(r"{\w+}", p) else re.escape(p) for p in parts)
    return re.compile(rf"^{rx}$", re.S)


_EXACT: dict[str, str] = {}
_TEMPLATES: list[tuple[re.Pattern, str]] = []
for _key, _entry in data_texts.TEXTS.items():
    if _placeholders(_entry["en"]):
        _TEMPLATES.append((_pattern(_entry["en"]), _key))
        if _entry["nl"] != _entry["en"]:
            _TEMPLATES.append((_pattern(_entry["nl"]), _key))
    else:
        _EXACT[_entry["en"]] = _key
        _EXACT[_entry["nl"]] = _key


_CODE = re.compile(r"\b(" + "|".join(sorted(FACILITY_TYPES, key=len, reverse=True)) + r")\b")


def _reformat(value: str, lang: str) -> str:
    """A value inside a data text in ``lang``: a number ('367,715', '2.5') re-formatted, facility type codes
    ('sports_hall') as their label, a known data text translated; anything else (names, years) as it is."""
    if not _NUMBER_TEXT.match(value):
        if value in _EXACT:
            return data_text(value, lang)
        return _CODE.sub(lambda m: _noun(m.group(1), lang), value)
    v = float(value.replace(",", "").replace("−", "-"))
    digits = len(value.split(".")[1]) if "." in value else 0
    return number(v, lang, digits)


def _noun(ftype: str, lang: str) -> str:
    """A facility type in running text: its label without the '(plaatsen)'-style suffix, lower case."""
    return re.sub(r"\s*\(.*\)$", "", facility_label(ftype, lang)).lower()


def data_text(text, lang: str = "nl") -> str:
    """A text that comes from data or an importer (a supply source, a norm's source or status, a licence, an
    import summary, a data-quality note) in ``lang`` when the catalogue ``lib.text.data`` knows it (exactly, or
    as a template with numbers and names filled in); other texts (names, text users typed) as they are."""
    if missing(text):
        return MISSING
    return _data_text(str(text), lang)


@lru_cache(maxsize=1 << 14)
def _data_text(s: str, lang: str) -> str:
    """:func:`data_text` of a string, written once per (text, language): the same sources, names and notes come
    back in every year's tables (the catalogue's templates are tried in turn, ~25 µs a text)."""
    key = _EXACT.get(s)
    if key is not None:
        return data_texts.TEXTS[key][lang if lang in ("nl", "en") else "nl"]
    if "; " in s:  # several sources joined
        parts = s.split("; ")
        if any(p in _EXACT or _template_key(p) for p in parts):
            return "; ".join(data_text(p, lang) for p in parts)
    hit = _template_key(s)
    if hit is None:
        return s
    key, values = hit
    out = data_texts.TEXTS[key][lang if lang in ("nl", "en") else "nl"]
    return out.format(**{k: _reformat(v, lang) for k, v in values.items()})


def data_text_values(text) -> dict[str, str]:
    """The values filled into a known data text with placeholders (e.g. {'names': 'fit20, De Wilg'}); {} else."""
    hit = None if missing(text) else _template_key(str(text))
    return hit[1] if hit else {}


def _template_key(s: str) -> tuple[str, dict[str, str]] | None:
    for rx, key in _TEMPLATES:
        m = rx.match(s)
        if m:
            return key, m.groupdict()
    return None


def norm_status(status, lang: str = "nl") -> str:
    """A norm's status word: 'aanname' / 'assumption' (policy, derived, assumption); others as they are."""
    if missing(status):
        return ""
    code = str(status).lower()
    return t(NORM_STATUS_KEYS[code], lang) if code in NORM_STATUS_KEYS else str(status)


NORM_STATUS_KEYS = {"policy": "status_policy", "derived": "status_derived", "assumption": "status_assumption",
                    "sourced": "status_sourced"}


# --- files for people ----------------------------------------------------------------------------------------

def excel_format(unit_or_decimals) -> str:
    """The Excel number format for a quantity (unit name) or a number of decimals."""
    d = unit_or_decimals if isinstance(unit_or_decimals, int) else decimals_for(unit_or_decimals, 2)
    return safe_export.number_format(d)


def excel_bytes(sheets: dict[str, tuple[pd.DataFrame, dict[str, int | list[int]]]]) -> bytes:
    """An .xlsx file for people with one sheet per ``name: (frame, decimals)``, written by the one spreadsheet
    writer (``lib.ui.safe_export.xlsx_bytes``: text cells never formulas): a bold header row, values kept as
    numbers (missing cells empty) with the Excel number format of ``decimals`` per column ('#,##0', '#,##0.0', …;
    a list gives one per row), which Excel shows with the reader's own separators; times in Amsterdam local
    time; header row frozen."""
    return safe_export.xlsx_bytes(sheets, max_width=60, freeze="A2", fill=safe_export.HEADER_FILL,
                                  times=local_time)


def csv_for_people(df: pd.DataFrame, lang: str = "nl") -> str:
    """A CSV that opens correctly in Excel of the reader's language: Dutch uses ';' between fields and a
    decimal comma; English ',' and a decimal point. Numbers keep full precision (no thousands separators).
    Text cells are quoted and neutralised against formula injection (``lib.ui.safe_export.csv_text``)."""
    if lang == "nl":
        return safe_export.csv_text(df, sep=";", decimal=",")
    return safe_export.csv_text(df)


def md_escape(text: str) -> str:
    """Text (possibly with names from data) made literal for st.markdown."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))


_MD_SPECIAL = "\\`*_{}[]<>#|~$"
