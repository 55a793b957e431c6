"""Column-level validation shared by the importers. Every problem names file, row and column."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lib.ingest.problems import Problems


def require_columns(df: pd.DataFrame, required: list[str], problems: Problems) -> bool:
    missing = [c for c in required if c not in df.columns]
    for c in missing:
        problems.add(1, c, f"missing column '{c}' (found: {', '.join(map(str, df.columns)) or 'none'})")
    return not missing


#: A plain number without grouping: 12, -3, 12.5, 12,5, .5 (one decimal separator at most).
_PLAIN = re.compile(r"^[+-]?(\d+|\d*[.,]\d+)$")
#: One separator followed by exactly three digits after one to three digits (not starting with 0): 1.234, 12,500.
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}([.,])\d{3}$")
#: Thousands grouped by spaces (incl. no-break spaces): 12 500, 1 234 567,5.
_SPACED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$")


def parse_number(text: str, decimal: str | None = None, count: bool = False, minimum: float | None = None,
                 maximum: float | None = None) -> float | str | None:
    """One cell as a number, with thousands separators read as such; None when it is not a number; a message (str)
    when it cannot be told which separator is meant.

    The rule: ``1.234.567`` (a separator repeated, groups of three) and ``1.234,5`` / ``1,234.5`` (both separators:
    the last is the decimal one) are unambiguous. One separator followed by a number of digits other than three is
    a decimal separator (``12,5``, ``2.46``, ``0,125``). One separator followed by exactly three digits
    (``1.234``, ``12,500``) is read as a thousands separator when the column counts things (``count``: persons,
    dwellings; a count with three decimals is not meant), otherwise by the decimal separator ``decimal`` of the
    column or file (see :func:`numbers`); without one it is refused as ambiguous. Before all that, when only one of
    the two readings lies within [``minimum``, ``maximum``] that one is meant (a latitude ``52.090`` is never
    52,090).
    """
    s = text.strip()
    if _SPACED.match(s):
        s = re.sub(r"[ \u00a0\u202f]", "", s)
    if _PLAIN.match(s) and not _AMBIGUOUS.match(s):
        return float(s.replace(",", "."))
    sign = -1.0 if s.startswith("-") else 1.0
    body = s.lstrip("+-")
    m = _AMBIGUOUS.match(s)
    if m:
        sep = m.group(1)
        thousands, fraction = sign * float(body.replace(sep, "")), sign * float(body.replace(sep, "."))
        possible = [v for v in (thousands, fraction) if (minimum is None or v >= minimum)
                    and (maximum is None or v <= maximum)]
        if len(possible) == 1:
            return possible[0]
        if count or (decimal is not None and sep != decimal):
            return thousands
        if decimal == sep:
            return fraction
        return (f"'{text}' is ambiguous: {body.replace(sep, '')} with '{sep}' as thousands separator, or "
                f"{body.replace(',', '.')} as a decimal? Write it without a thousands separator")
    for thousands, dec in ((".", ","), (",", ".")):
        if re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+(\{dec}\d+)?", body):
            return sign * float(body.replace(thousands, "").replace(dec, "."))
    if re.fullmatch(r"\d+(\.\d+)?[eE][+-]?\d+", body):  # 1e3, 2.5E-2
        return sign * float(body)
    return None


#: A decimal separator that cannot be a thousands separator: not followed by exactly three digits, or after
#: more than three digits or a leading 0 (12,5 · 2.46 · 130500,25 · 0.125).
_CLEAR_DECIMAL = re.compile(r"^[+-]?(?:\d*([.,])(?:\d{1,2}|\d{4,})|(?:\d{4,}|0)([.,])\d+)$")


def column_decimal(text: pd.Series) -> str | None:
    """The decimal separator a column's cells show unambiguously ('.' or ','), or None when they show none or
    both."""
    found = text.str.extract(_CLEAR_DECIMAL.pattern)
    seps = set(found[0].dropna()) | set(found[1].dropna())
    return seps.pop() if len(seps) == 1 else None


def numbers(df: pd.DataFrame, column: str, problems: Problems, *, required: bool = True,
            minimum: float | None = 0, maximum: float | None = None, integer: bool = False,
            what: str = "number", count: bool = False) -> pd.Series:
    """Parse a text column to floats, reporting text, blanks, negatives and absurd values per row.

    Decimal commas and thousands separators are read by :func:`parse_number` (``count``: the column counts things,
    so ``1.234`` is 1234). Which separator is the decimal one in ``1.234`` follows from the column when its other
    cells show it unambiguously (``52.0907`` or ``130500,5``, and only one kind), else from the file
    (``df.attrs["decimal"]``, set by the readers: ',' for a ';'-separated file, '.' for a ','-separated file or
    typed values). Blank cells are NaN, reported only when ``required``.
    """
    text = df[column].astype("string").fillna("").str.strip()
    blank = text == ""
    decimal = column_decimal(text) or df.attrs.get("decimal")
    values = pd.Series(np.nan, index=df.index, dtype="float64")
    simple = text.str.fullmatch(r"[+-]?\d{1,15}").fillna(False).astype(bool)  # the common case, vectorised
    values[simple] = pd.to_numeric(text[simple], errors="coerce")
    for row in df.index[~simple & ~blank]:
        parsed = parse_number(text[row], decimal, count, minimum, maximum)
        if isinstance(parsed, str):
            problems.add(int(row), column, parsed)
        elif parsed is None:
            problems.add(int(row), column, f"'{text[row]}' is not a {what}")
        else:
            values[row] = parsed
    if required:
        for row in df.index[blank]:
            problems.add(int(row), column, f"empty {what}")
    ok = values.notna()
    if minimum is not None:
        for row in df.index[ok & (values < minimum)]:
            problems.add(int(row), column, f"{values[row]:g} is below the minimum {minimum:g}")
    if maximum is not None:
        for row in df.index[ok & (values > maximum)]:
            problems.add(int(row), column, f"{values[row]:g} is implausibly large (maximum {maximum:g})")
    if integer:
        for row in df.index[ok & (np.floor(values) != values)]:
            problems.add(int(row), column, f"{values[row]:g} is not a whole number")
    return values


def known_codes(df: pd.DataFrame, column: str, codes: set[str], problems: Problems) -> None:
    if not codes:
        problems.add(None, column, "no areas are loaded yet: import areas first")
        return
    for row in df.index[~df[column].isin(codes)]:
        problems.add(int(row), column, f"unknown area code '{df.at[row, column]}'")


def non_empty(df: pd.DataFrame, column: str, problems: Problems) -> None:
    for row in df.index[df[column].astype("string").fillna("").str.strip() == ""]:
        problems.add(int(row), column, "empty value")


def unique(df: pd.DataFrame, columns: list[str], problems: Problems) -> None:
    """Report every row whose key repeats an earlier row."""
    dup = df.duplicated(subset=columns, keep="first")
    for row in df.index[dup]:
        key = ", ".join(str(df.at[row, c]) for c in columns)
        first = df.index[(df[columns] == df.loc[row, columns]).all(axis=1)][0]
        problems.add(int(row), columns[0], f"duplicate key ({key}); first seen in row {first}")
