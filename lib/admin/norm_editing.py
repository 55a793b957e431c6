"""Editing the base norms table and the woonmilieu of buurten (the Normen page), all-or-nothing.

Every write validates the complete new state first (``import_tables.validate_norms``, the same rules as a
norms CSV import), then replaces the table in one transaction and bumps the data version so every cached
page recomputes. A failed validation writes nothing. Rows of an edited table are numbered 1..n as shown.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from pathlib import Path

import pandas as pd

from lib.admin.data_status import UploadResult, safe_filename
from lib.core import cbs, db, norms, sources
from lib.ingest import importing
from lib.ingest.files import sha256
from lib.ingest.problems import ImportFailed, Problem, Problems
from lib.ingest.tables import validate_norms
from lib.text.i18n import facility_label, t
from lib.ui import safe_export
from lib.ui.formatting import basis_label, data_text, number, unit_label, when

#: Label for problems found in the on-screen table (shown instead of a file name).
EDITOR_FILE = "normen"
STATUSES = ("policy", "derived", "assumption")
#: Column order on screen: what identifies a row first, the long source text last.
DISPLAY_ORDER = ["facility_type", "woonmilieu", "basis", "amount", "per", "unit", "catchment_m", "service_level",
                 "status", "source"]


def current_norms(con) -> pd.DataFrame:
    """The base norms in editing order (columns ``norms.NORM_COLUMNS``), general rows before woonmilieu rows."""
    df = db.table(con, "norms")
    df["woonmilieu"] = df["woonmilieu"].fillna("")
    df = df.sort_values(["facility_type", "woonmilieu"], kind="stable")
    return df.reindex(columns=norms.NORM_COLUMNS).reset_index(drop=True)


def for_editor(con, lang: str | None = None) -> pd.DataFrame:
    """The base norms for ``st.data_editor``: empty woonmilieu/service level/status as None (= empty cell); with
    ``lang`` a known source text (the default norms') in that language (saved back as stored, see
    ``as_strings``)."""
    df = current_norms(con)
    for col in ("woonmilieu", "service_level", "status", "source"):
        df[col] = df[col].astype(object).where(df[col].notna() & (df[col] != ""), None)
    if lang:
        df["source"] = df["source"].map(lambda x: None if x is None else data_text(x, lang))
    return df


def _cell_text(value) -> str:
    """A cell as the text a CSV would hold: '' for empty, integers without '.0', floats exactly."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        f = float(value)
        if math.isfinite(f) and f == int(f) and abs(f) < 1e15:
            return str(int(f))
        return repr(f)
    return str(value).strip()


def as_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Any norms DataFrame (typed or edited) → strings with rows numbered 1..n; fully empty rows dropped."""
    out = df.reindex(columns=norms.NORM_COLUMNS).reset_index(drop=True)
    out = out.apply(lambda col: col.map(_cell_text)).astype(object)
    out["source"] = out["source"].map(lambda x: data_text(x, "en") if x else x)  # a translated text as stored
    out.index = pd.RangeIndex(1, len(out) + 1)
    out.attrs["decimal"] = "."  # numbers are written by _cell_text (repr): 1.234 is one point two three four
    return out[(out != "").any(axis=1)]


def validate_table(df: pd.DataFrame, file: str = EDITOR_FILE) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a complete norms table (as edited) → (typed table, []) or (None, problems naming row 1..n and column).

    The rules are those of a norms CSV import (``import_tables.validate_norms``) plus: status is one of
    policy/derived/assumption (or empty), and at least one norm remains.
    """
    problems = Problems(file)
    text = as_strings(df)
    if text.empty:
        problems.add(None, None, "the norms table is empty: keep at least one norm")
        return None, problems.items
    typed = validate_norms(text, problems)
    status = text["status"].str.lower()
    for row in text.index[(status != "") & ~status.isin(STATUSES)]:
        problems.add(int(row), "status", f"unknown status '{text.at[row, 'status']}' (use: {', '.join(STATUSES)})")
    if problems:
        return None, sorted(problems.items, key=lambda p: (p.row or 0, norms.NORM_COLUMNS.index(p.column)
                                                             if p.column in norms.NORM_COLUMNS else 99))
    typed["status"] = typed["status"].str.lower()
    return typed, []


def unsaved_rows(con, edited: pd.DataFrame) -> int:
    """How many rows of the edited table differ from the stored norms (changed, added or deleted rows)."""
    def rows(df):
        return pd.Series([tuple(r) for r in as_strings(df).itertuples(index=False)]).value_counts()

    new, old = rows(edited), rows(current_norms(con))
    diff = new.sub(old, fill_value=0)
    return int(max(diff.clip(lower=0).sum(), (-diff).clip(lower=0).sum()))


def replace_norms(con, typed: pd.DataFrame, file: str, fmt: str, digest: str, summary: str) -> int:
    """Replace the whole base norms table by ``typed`` (validated) in one transaction; record provenance."""
    with db.transaction(con):
        db.clear(con, "norms")
        db.replace_rows(con, "norms", typed)
        db.record_provenance(con, "norms", file, fmt, digest, len(typed), "", summary)
        db.bump_version(con)
    return len(typed)


def _summary(typed: pd.DataFrame) -> str:
    return f"{len(typed)} norms for {typed['facility_type'].nunique()} facility types"


def save_edited(con, edited: pd.DataFrame) -> list[Problem]:
    """Validate the edited table and, when it is valid, make it the base norms. Returns the problems ([] = saved)."""
    typed, problems = validate_table(edited)
    if problems:
        return problems
    csv = as_strings(typed).to_csv(index=False).encode("utf-8")
    try:
        replace_norms(con, typed, "Normen (edited in the app)", "app-edit", hashlib.sha256(csv).hexdigest(),
                      _summary(typed) + ", edited on the Normen page")
    except db.DiskFull as exc:  # rolled back: nothing changed
        return [Problem(EDITOR_FILE, None, None, str(exc))]
    return []


def import_replacing(con, path: str | Path) -> tuple[str | None, list[Problem]]:
    """Import a norms CSV (the CLI's reader and checks) as the complete new norms table.

    Unlike ``python -m lib import norms`` (which replaces rows by key and keeps the others) the file here
    replaces all norms, as the Normen page's table does. Returns (summary, []) or (None, problems).
    """
    path = Path(path)
    try:
        parsed = importing.parse(con, "norms", path)
    except ImportFailed as exc:
        return None, exc.problems
    typed = parsed.tables["norms"]
    typed["status"] = typed["status"].fillna("").str.lower()
    replace_norms(con, typed, path.name, parsed.fmt, sha256(path), parsed.summary + ", replacing all norms")
    return parsed.summary, []


def import_upload(con, filename: str, data: bytes) -> UploadResult:
    """``import_replacing`` for uploaded bytes (saved under their sanitised name in a private temporary folder).

    Returns ok + summary, or the problems (nothing written on a problem)."""
    name = safe_filename(filename)
    with tempfile.TemporaryDirectory(prefix="vzw-norms-") as tmp:
        path = Path(tmp) / name
        try:
            path.write_bytes(data)
            summary, problems = import_replacing(con, path)
        except (OSError, db.DiskFull) as exc:  # nothing was written to the database
            message = db.DiskFull.MESSAGE if db.is_disk_full(exc) else f"could not store the upload: {exc}"
            summary, problems = None, [Problem(name, None, None, message)]
    return UploadResult(not problems, "norms", summary or "", problems)


def last_change(con, lang: str = "nl") -> str:
    """When (Amsterdam time) and from what the norms were last written ('' when unknown), e.g.
    '5 jan 2026 11:12 · normen.csv · 6 normen voor 5 soorten voorzieningen'."""
    p = sources.provenance(con)
    p = p[p["kind"] == "norms"]
    if p.empty:
        return ""
    last = p.iloc[-1]
    return f"{when(last['imported_at'], lang)} · {data_text(last['file'], lang)} · {data_text(last['summary'], lang)}"


def reset_to_defaults(con) -> int:
    """Replace the norms by data/norms_default.csv (validated like any import); returns the number of rows."""
    summary, problems = import_replacing(con, norms.DEFAULT_NORMS)
    if problems:  # the shipped file is checked by the tests; never write a broken default
        raise ImportFailed(problems)
    return db.count_rows(con, "norms")


def to_csv(con) -> bytes:
    """The base norms as a CSV in the import format (re-importing it gives the same table)."""
    return safe_export.csv_bytes(as_strings(current_norms(con)))


#: Columns of the norms and woonmilieu tables → label keys.
COLUMN_KEYS = {"facility_type": "nd_col_facility_type", "basis": "basis", "amount": "amount", "per": "per",
               "unit": "unit", "catchment_m": "catchment_m", "service_level": "service_level",
               "woonmilieu": "woonmilieu", "source": "nd_col_source", "status": "norm_status", "code": "code",
               "name": "col_buurt", "wijk": "wijk", "ste_mvs": "nd_wm_ste", "derived": "nd_wm_derived",
               "override": "nd_wm_override", "effective": "nd_wm_effective", "specific_norms": "nd_wm_norms"}


def column_label(column: str | None, lang: str = "nl") -> str:
    """The on-screen label of a norms or woonmilieu column (the raw name when it has none)."""
    return t(COLUMN_KEYS[column], lang) if column in COLUMN_KEYS else (column or "")


def problems_table(problems: list[Problem], lang: str = "nl", edited: pd.DataFrame | None = None) -> pd.DataFrame:
    """Problems for the screen: 'rij N', the column's label, the message (English, as the CLI prints it).

    With the ``edited`` norms table, a column names the norm of each row (facility type · woonmilieu), so a
    row is found without counting."""
    names = {}
    if edited is not None:
        text = as_strings(edited)
        names = (text["facility_type"] + text["woonmilieu"].map(lambda w: f" · {w}" if w else "")).to_dict()
    rows = []
    for p in problems:
        row = t("nd_row_n", lang).format(n=p.row) if p.row is not None else t("nd_whole_table", lang)
        entry = {t("nd_row", lang): row}
        if edited is not None:
            entry[t("nd_col_facility_type", lang)] = names.get(p.row, "")
        entry |= {t("nd_column", lang): column_label(p.column, lang), t("nd_message", lang): p.message}
        rows.append(entry)
    return pd.DataFrame(rows)


# --- woonmilieu per buurt ---------------------------------------------------------------------------------------

def woonmilieu_table(con, lang: str = "nl") -> pd.DataFrame:
    """Per buurt: code, name, wijk, ste_mvs, derived woonmilieu, override, effective woonmilieu and the norm rows
    that apply specifically to it (a woonmilieu row of a norm, e.g. 'sports_hall: 1 facilities per 12500 …')."""
    areas = db.table(con, "areas").drop(columns=["geom", "geom_simple"])
    names = areas.set_index("code")["name"]
    b = areas[areas["level"] == "buurt"].sort_values("code").reset_index(drop=True)
    b["effective"] = norms.effective_woonmilieu(b)
    nrm = db.table(con, "norms")
    specific = norms.resolve(nrm, b[["code"]].assign(woonmilieu=b["effective"]))
    specific = specific[specific["woonmilieu"].fillna("") != ""]
    text = pd.Series([f"{facility_label(f, lang)}: {number(a, lang)} {unit_label(u, lang, one=a == 1)} / "
                      f"{number(p, lang)} {basis_label(b, lang)}"
                      for f, a, u, p, b in zip(specific["facility_type"], specific["amount"], specific["unit"],
                                               specific["per"], specific["basis"], strict=True)], index=specific.index,
                     dtype=object)
    per_area = text.groupby(specific["area_code"]).agg("; ".join)
    return pd.DataFrame({
        "code": b["code"], "name": b["name"], "wijk": b["parent_code"].map(names), "ste_mvs": b["ste_mvs"],
        "derived": b["woonmilieu"], "override": b["woonmilieu_override"].where(
            b["woonmilieu_override"].notna() & (b["woonmilieu_override"] != ""), None),
        "effective": b["effective"], "specific_norms": b["code"].map(per_area).fillna(""),
    })


def save_woonmilieu_overrides(con, edited: pd.DataFrame) -> tuple[int, list[Problem]]:
    """Store the ``override`` column of an edited ``woonmilieu_table`` (empty = use the derived value).

    All rows are checked first (known buurt code, known woonmilieu); then the changed rows are written in one
    transaction and the data version bumped. Returns (number changed, problems)."""
    problems = Problems(EDITOR_FILE)
    df = edited.reset_index(drop=True)
    df.index = pd.RangeIndex(1, len(df) + 1)
    override = df["override"].map(_cell_text)
    current = woonmilieu_table(con).set_index("code")["override"].map(_cell_text)
    for row in df.index[~df["code"].isin(current.index)]:
        problems.add(int(row), "code", f"unknown buurt code '{df.at[row, 'code']}'")
    for row in df.index[(override != "") & ~override.isin(cbs.WOONMILIEUS)]:
        problems.add(int(row), "override", f"unknown woonmilieu '{override[row]}' (use: "
                                           f"{', '.join(cbs.WOONMILIEUS)}, or leave empty)")
    if problems:
        return 0, problems.items
    changed = df[override != df["code"].map(current)]
    if changed.empty:
        return 0, []
    try:
        with db.transaction(con):
            for code, value in zip(changed["code"], override[changed.index], strict=True):
                db.set_woonmilieu_override(con, code, value or None)
            db.bump_version(con)
    except db.DiskFull as exc:  # rolled back: nothing changed
        return 0, [Problem(EDITOR_FILE, None, None, str(exc))]
    return len(changed), []
