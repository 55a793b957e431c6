"""Exports that hostile text cannot turn into code: every spreadsheet, CSV and PDF for people goes through here.

* **Excel**: the one writer of spreadsheets (:func:`write_frame`, :func:`xlsx_bytes`). Numbers stay numbers, with
  an Excel number format per column (``#,##0``, ``#,##0.0`` …) that Excel shows with the reader's own separators;
  a text cell is always written as text. openpyxl makes a ``str`` starting with ``=`` a live formula
  (and ``#N/A``-like text an error cell); :func:`put` forces the string type, and :func:`workbook_bytes` sweeps a
  whole workbook before saving (no export of this program writes a formula on purpose). Characters Excel cannot
  store (control characters) are dropped instead of failing the export.
* **CSV**: text cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return are prefixed with a single
  quote, and every text cell is quoted (so a ``;`` or ``,`` inside a name cannot start a new cell in a spreadsheet
  that splits on another separator), as OWASP advises for CSV injection. Numbers stay numbers: a negative gap
  ``-12.5`` in a numeric column is not touched, and neither is text that is only a plain number (``-12,5``).
  ``lib.ingest.files`` removes the quote again when such a CSV is imported, so an exported norms table
  re-imports unchanged.
* **PDF/PNG** (matplotlib): :func:`plain_text_figures` switches off mathtext, so ``$…$`` in a name is printed as
  typed instead of being parsed (or failing the export).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Text that is only a number (a spreadsheet reads it as that number, never as a formula): left as it is.
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
#: Characters Excel does not allow in a sheet name.
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31
#: Excel number formats per number of decimals; Excel shows them with the reader's own separators.
EXCEL_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00", 3: "#,##0.000"}
#: The background of a header row (``write_frame(..., fill=HEADER_FILL)``).
HEADER_FILL = "DDE5F0"


def csv_cell(value):
    """One CSV cell made inert: text starting with a formula character gets a leading single quote."""
    if isinstance(value, str) and value.startswith(CSV_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names are inert in a spreadsheet (see :func:`csv_cell`).

    Only ``str`` values change; numbers, booleans and missing values stay what they are."""
    out = df.copy()
    out.columns = [csv_cell(c) for c in out.columns]
    types = pd.api.types
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if not (types.is_numeric_dtype(col.dtype) or types.is_bool_dtype(col.dtype)
                or types.is_datetime64_any_dtype(col.dtype)):  # text, categories of text, mixed objects
            out.isetitem(i, col.astype(object).map(csv_cell))
    return out


def csv_text(df: pd.DataFrame, **to_csv) -> str:
    """``df`` as CSV text with every text cell quoted and neutralised; ``to_csv`` options as pandas (``index``
    defaults to False)."""
    to_csv.setdefault("index", False)
    return neutralised(df).to_csv(quoting=csv.QUOTE_NONNUMERIC, **to_csv)


def csv_bytes(df: pd.DataFrame, **to_csv) -> bytes:
    """:func:`csv_text` as UTF-8 bytes."""
    return csv_text(df, **to_csv).encode("utf-8")


# --- Excel --------------------------------------------------------------------------------------------------------

def cell_value(v):
    """A DataFrame value as openpyxl can store it: None for missing, Python scalars, text for the rest."""
    if v is None:
        return None
    if isinstance(v, (list, tuple, dict, set)):
        return str(v)
    if isinstance(v, np.generic):
        v = v.item()
    if not isinstance(v, str) and pd.isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if getattr(v, "tzinfo", None) is not None:  # Excel has no time zones
        return str(v)
    if isinstance(v, (str, bool, int, float)) or hasattr(v, "isoformat"):
        return v
    return str(v)


def put(ws, row: int, column: int, value):
    """Write ``value`` to a cell; text is always a text cell (never a formula or an error value)."""
    value = cell_value(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    c = ws.cell(row, column)
    c.value = value
    if isinstance(value, str):
        c.data_type = "s"
    return c


def neutralise_workbook(wb: Workbook) -> int:
    """Turn every formula or error cell of ``wb`` into a text cell; returns how many were changed."""
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type in ("f", "e") and isinstance(c.value, str):
                    c.data_type = "s"
                    n += 1
    return n


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, after :func:`neutralise_workbook`."""
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique (case-insensitive) Excel sheet name for ``name`` (≤ 31 characters); adds it to ``used``."""
    base = _SHEET_BAD.sub("-", ILLEGAL_CHARACTERS_RE.sub("", str(name))).strip("'")[:MAX_SHEET_NAME] or "Sheet"
    out, i = base, 2
    while out.lower() in used:
        suffix = f" {i}"
        out = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        i += 1
    used.add(out.lower())
    return out


def number_format(decimals: int) -> str:
    """The Excel number format for a number of decimals ('#,##0', '#,##0.0', …; more than 3: '#,##0.00')."""
    return EXCEL_FORMATS.get(int(decimals), "#,##0.00")


def write_frame(ws, df: pd.DataFrame, start_row: int = 1, heading: str | None = None,
                decimals: dict[str, int | list[int]] | None = None, bold_header: bool = True,
                fill: str | None = None, times: Callable | None = None) -> int:
    """Write ``df`` (an optional bold ``heading`` row, a header row, then its rows; no index) from ``start_row``;
    returns the last row written.

    ``decimals``: column name → number of decimals (or a list with one per row); a numeric cell of such a column
    gets the Excel number format (:func:`number_format`) and stays a number. ``fill``: header background colour.
    ``times``: converts date-times before they are written (e.g. stored UTC → local time); a date-time cell is
    shown as 'yyyy-mm-dd hh:mm'. Text is always a text cell (:func:`put`)."""
    decimals = decimals or {}
    r = start_row
    if heading:
        put(ws, r, 1, heading).font = Font(bold=True, size=12)
        r += 1
    for j, col in enumerate(df.columns, 1):
        c = put(ws, r, j, str(col))
        if bold_header:
            c.font = Font(bold=True)
        if fill:
            c.fill = PatternFill("solid", fgColor=fill)
    formats = [decimals.get(col) for col in df.columns]
    for i, values in enumerate(df.itertuples(index=False)):
        r += 1
        for j, v in enumerate(values, 1):
            if times is not None and isinstance(v, (pd.Timestamp, datetime)):
                v = times(v)
            c = put(ws, r, j, v)
            d = formats[j - 1]
            if isinstance(d, list):
                d = d[i]
            if d is not None and isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                c.number_format = number_format(d)
            elif isinstance(c.value, datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
    return r


def fit_columns(ws, max_width: int = 60, min_width: int = 8) -> None:
    """Column widths from the longest value (characters), between ``min_width`` and ``max_width``."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                widths[c.column] = max(widths.get(c.column, 0), len(str(c.value)))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max_width, max(min_width, w + 2))


def xlsx_bytes(sheets: dict[str, pd.DataFrame | tuple[pd.DataFrame, dict[str, int | list[int]]]],
               max_width: int | None = None, freeze: str | None = None, fill: str | None = None,
               times: Callable | None = None) -> bytes:
    """An .xlsx file with one sheet per ``name: frame`` or ``name: (frame, decimals)`` (names made valid and
    unique), numbers with the number formats of ``decimals`` (see :func:`write_frame`), every text cell as text.

    ``max_width``: fit column widths to the content up to this many characters (None: Excel's default);
    ``freeze``: the top-left cell that is not frozen (``"A2"`` keeps the header row in view)."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, sheet in sheets.items():
        df, decimals = sheet if isinstance(sheet, tuple) else (sheet, None)
        ws = wb.create_sheet(sheet_name(name, used))
        write_frame(ws, df, decimals=decimals, fill=fill, times=times)
        if freeze:
            ws.freeze_panes = freeze
        if max_width:
            fit_columns(ws, max_width)
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    return workbook_bytes(wb)


# --- matplotlib ---------------------------------------------------------------------------------------------------

@contextmanager
def plain_text_figures() -> Iterator[None]:
    """Within this block matplotlib prints text as typed: ``$x$`` in a name is not parsed as mathtext."""
    import matplotlib  # only when a figure is drawn: this module is imported on every first load (~0.25 s saved)

    with matplotlib.rc_context({"text.parse_math": False}):
        yield


def plain_text(func: Callable) -> Callable:
    """Decorator: ``func`` builds (and saves) its figures within :func:`plain_text_figures`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plain_text_figures():
            return func(*args, **kwargs)
    return wrapper
