"""Column-level validation shared by the importers. Every problem names file, row and column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.ingest.problems import Problems


def require_columns(df: pd.DataFrame, required: list[str], problems: Problems) -> bool:
    missing = [c for c in required if c not in df.columns]
    for c in missing:
        problems.add(1, c, f"missing column '{c}' (found: {', '.join(map(str, df.columns)) or 'none'})")
    return not missing


def numbers(df: pd.DataFrame, column: str, problems: Problems, *, required: bool = True,
            minimum: float | None = 0, maximum: float | None = None, integer: bool = False,
            what: str = "number") -> pd.Series:
    """Parse a text column to floats, reporting text, blanks, negatives and absurd values per row.

    A decimal comma is accepted ("12,5"). Blank cells are NaN, reported only when ``required``.
    """
    text = df[column].astype("string").fillna("").str.strip()
    blank = text == ""
    values = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~blank), errors="coerce")
    values = values.astype("float64")
    for row in df.index[(~blank) & values.isna()]:
        problems.add(int(row), column, f"'{text[row]}' is not a {what}")
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
