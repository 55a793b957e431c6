"""The one place where numbers, quantities and user text become strings for people (pages, exports, reports).

Dutch (default): 31.517 and 2,46; English: 31,517 and 2.46. Missing values are '–', never 'nan' or 'None'.
"""

from __future__ import annotations

import pandas as pd

from lib.text.i18n import t


def number(v: float, lang: str = "nl", decimals: int | None = None) -> str:
    """A number for people: thousands separated (1.234 in Dutch, 1,234 in English); no decimals from 100 up,
    one below (dropped when it is .0); '–' when missing."""
    if v is None or pd.isna(v):
        return "–"
    v = float(v)
    if decimals is None:
        decimals = 0 if abs(v) >= 100 or float(v).is_integer() else 1
    s = f"{v:,.{decimals}f}"
    if decimals and s.endswith("." + "0" * decimals) and round(v, decimals) == round(v):
        s = s[: -(decimals + 1)]
    if lang == "nl":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s.replace("-", "−")


def unit_label(unit: str, lang: str = "nl") -> str:
    """Short plain-language unit (places → plaatsen, facilities → voorzieningen, m → m)."""
    key = f"ov_unit_{unit}"
    label = t(key, lang)
    return unit if label == key else label


def quantity(v: float, unit: str, lang: str = "nl") -> str:
    """Number with its unit, e.g. '2.008 plaatsen'."""
    return f"{number(v, lang)} {unit_label(unit, lang)}" if not pd.isna(v) else "–"



_MD_SPECIAL = "\\`*_{}[]<>#|~$"


def md_escape(text: str) -> str:
    """Text (possibly with names from data) made literal for st.markdown."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))
