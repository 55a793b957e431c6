"""Reading input files safely: size limits, encoding, empty files, separators, checksums."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pandas as pd

from lib.ingest.problems import Problems

#: Largest file an import accepts (bytes). Larger files are refused before parsing.
MAX_BYTES = 200 * 1024 * 1024


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(path: Path, problems: Problems) -> bool:
    """Existence, size and emptiness checks; False when the file cannot be read at all."""
    if not path.exists():
        problems.add(None, None, "file not found")
        return False
    size = path.stat().st_size
    if size == 0:
        problems.add(None, None, "file is empty")
        return False
    if size > MAX_BYTES:
        problems.add(None, None, f"file is too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)")
        return False
    return True


def read_text(path: Path, problems: Problems) -> str | None:
    """The file as UTF-8 text (a BOM is allowed); a wrong encoding is reported with its line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(line, None, f"file is not UTF-8 encoded (byte 0x{raw[exc.start]:02x} at line {line}); "
                                 "save it as UTF-8 CSV and try again")
        return None


def read_csv_strings(path: Path, problems: Problems) -> pd.DataFrame | None:
    """A CSV (',' or ';' separated, detected) as a DataFrame of stripped strings, or None on failure.

    Column names are stripped and lower-cased; the DataFrame index is the spreadsheet row number
    (header = row 1, first data row = row 2).
    """
    if not check_file(path, problems):
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(None, None, "file is empty")
        return None
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False,
                         quoting=csv.QUOTE_MINIMAL)
    except (pd.errors.ParserError, ValueError) as exc:
        problems.add(None, None, f"not a readable CSV file: {exc}")
        return None
    df.columns = [str(c).strip().lower() for c in df.columns]
    df = df.apply(lambda s: s.str.strip())
    df.index = pd.RangeIndex(2, len(df) + 2)
    df = df[(df != "").any(axis=1)]  # blank lines (or ';;;') are not data but keep their row numbers
    if df.empty:
        problems.add(None, None, "file has a header but no data rows")
        return None
    return df
