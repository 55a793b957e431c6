"""Reading input files safely: size limits, encoding, empty files, separators, checksums."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd

from lib.ingest.problems import Problems

#: Largest file an import accepts (bytes): 200 MB as Streamlit counts them (MiB; ``server.maxUploadSize = 200`` in
#: .streamlit/config.toml). Larger files are refused before anything is read.
MAX_MB = 200
MAX_BYTES = MAX_MB * 1024 * 1024
#: How many bytes the format sniffers read from the start of a file.
SNIFF_BYTES = 64 * 1024
#: A spreadsheet (.xlsx: a zip of XML files) is checked before it is opened: at most this many bytes once
#: unzipped (the national CBS KWB, 18,000 rows × 130 columns, is about 80 MB unzipped) ...
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
#: ... and a compression ratio of at most this (real workbooks: 5-15; a zip bomb of repeated rows: far more).
MAX_ZIP_RATIO = 100
#: Members smaller than this are not held to the ratio (tiny XML parts compress unevenly).
RATIO_MIN_BYTES = 1024 * 1024
#: At most this many files inside a spreadsheet.
MAX_ZIP_MEMBERS = 10_000


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: The quote our CSV exports put before a text cell starting with = + - @ tab or CR (lib.ui.safe_export, OWASP).
_EXPORT_QUOTE = r"^'(?=[=+\-@\t\r])"


def unquote(text: str) -> str:
    """``text`` without the leading quote of a neutralised CSV cell ('=x → =x); other text unchanged."""
    return re.sub(_EXPORT_QUOTE, "", text)


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
        problems.add(None, None, f"file is too large ({mb(size)}; the limit is {mb(MAX_BYTES)})")
        return False
    return True


def check_zip(path: Path, problems: Problems) -> bool:
    """Refuse a spreadsheet that would inflate beyond ``MAX_UNZIPPED_BYTES`` or ``MAX_ZIP_RATIO`` (a zip bomb), read
    from the zip's directory without unpacking anything. (Python's zipfile never inflates a member beyond the size
    its directory declares, so the declared sizes bound what openpyxl can read.)"""
    if not zipfile.is_zipfile(path):
        problems.add(None, None, "not a readable Excel file: an .xlsx file is a zip archive and this is not one "
                                 "(save it as .xlsx or as UTF-8 CSV)")
        return False
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        problems.add(None, None, f"not a readable Excel file: {exc}")
        return False
    if len(members) > MAX_ZIP_MEMBERS:
        problems.add(None, None, f"refused: the spreadsheet holds {len(members):,} files (at most "
                                 f"{MAX_ZIP_MEMBERS:,}); it is not a normal workbook")
        return False
    unzipped = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        problems.add(None, None, f"refused: the spreadsheet unpacks to {mb(unzipped)} (at most "
                                 f"{mb(MAX_UNZIPPED_BYTES)}); split it or save it as CSV")
        return False
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size >= RATIO_MIN_BYTES and ratio > MAX_ZIP_RATIO:
            problems.add(None, None, f"refused: '{m.filename}' in the spreadsheet inflates {ratio:,.0f} times "
                                     f"(at most {MAX_ZIP_RATIO}); it looks like a zip bomb, not a workbook")
            return False
    if unzipped >= RATIO_MIN_BYTES and unzipped / max(packed, 1) > MAX_ZIP_RATIO:
        problems.add(None, None, f"refused: the spreadsheet inflates {unzipped / max(packed, 1):,.0f} times (at "
                                 f"most {MAX_ZIP_RATIO}); it looks like a zip bomb, not a workbook")
        return False
    return True


def mb(size: int) -> str:
    """A file size in MB as Streamlit's upload limit counts them (1 MB = 1024 × 1024 bytes), e.g. '200 MB'."""
    value = size / (1024 * 1024)
    if value == int(value):
        return f"{value:.0f} MB"
    return f"{math.ceil(value * 10) / 10:.1f} MB"  # rounded up: a file over the limit never reads as the limit


def head(path: Path, n: int = SNIFF_BYTES) -> bytes:
    """The first ``n`` bytes of a file (format sniffing never reads a whole file)."""
    with open(path, "rb") as fh:
        return fh.read(n)


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
    (header = row 1, first data row = row 2). The quote our CSV exports put before text starting with = + - @
    is removed again ('=x → =x). ``df.attrs["decimal"]`` is the decimal separator the file's separator implies:
    ',' for a ';'-separated (Dutch) file, '.' for a ','-separated one (see ``validate.numbers``).
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
    df.columns = [unquote(str(c).strip()).lower() for c in df.columns]
    df = df.apply(lambda s: s.str.strip().str.replace(_EXPORT_QUOTE, "", regex=True))
    df.index = pd.RangeIndex(2, len(df) + 2)
    df.attrs["decimal"] = "," if sep == ";" else "."
    df = df[(df != "").any(axis=1)]  # blank lines (or ';;;') are not data but keep their row numbers
    if df.empty:
        problems.add(None, None, "file has a header but no data rows")
        return None
    return df
