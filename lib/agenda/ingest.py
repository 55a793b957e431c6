"""Importing an agenda (CSV or Excel) and the template to fill in.

``python -m lib import agenda FILE`` and the Data page validate the whole file first — unknown area, end before
start, unknown domain or status, text in years or budget, duplicate project ids, empty required cells — and report
every problem as ``file:row:column: message``; only a file without problems is written, in one transaction.
Re-importing a project_id replaces that item. Importing real (not illustrative) items removes the illustrative
agenda shipped with the embedded data, so made-up and real plans are never mixed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from lib import validate
from lib.agenda import items
from lib.import_cbs import read_table_strings
from lib.parsed import Context, Parsed
from lib.problems import Problems

LICENCE_ILLUSTRATIVE = "Illustratief — bedacht voor de demonstratie, geen echte plannen (geen bron)"


def _choices(df: pd.DataFrame, column: str, allowed: tuple[str, ...], what: str, problems: Problems) -> pd.Series:
    values = df[column].map(items.choice)
    for row in df.index[~values.isin(allowed)]:
        shown = df.at[row, column]
        msg = f"empty {what}" if shown == "" else f"unknown {what} '{shown}'"
        problems.add(int(row), column, f"{msg} (use one of: {', '.join(allowed)})")
    return values


def read_agenda(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """CSV or Excel (first sheet) with ``items.COLUMNS`` (kind, budget_eur, owner and illustrative optional)."""
    problems = Problems(path.name)
    df = read_table_strings(path, problems)
    if df is None:
        return None, problems
    df = df[(df != "").any(axis=1)]
    if df.empty:
        problems.add(None, None, "file has a header but no data rows")
        return None, problems
    if not validate.require_columns(df, items.REQUIRED, problems):
        return None, problems
    for col in ("kind", "budget_eur", "owner", "illustrative"):
        if col not in df.columns:
            df[col] = ""
    for col in ("project_id", "name"):
        validate.non_empty(df, col, problems)
    for col in ("project_id", "name", "kind", "owner"):
        for row in df.index[df[col].str.len() > items.MAX_TEXT]:
            problems.add(int(row), col, f"longer than {items.MAX_TEXT} characters")
    validate.unique(df[df["project_id"] != ""], ["project_id"], problems)
    domain = _choices(df, "domain", items.DOMAINS, "domain", problems)
    status = _choices(df, "status", items.STATUSES, "status", problems)
    validate.known_codes(df, "area_code", ctx.codes, problems)
    start = validate.numbers(df, "start_year", problems, minimum=items.YEARS[0], maximum=items.YEARS[1],
                             integer=True, what="year")
    end = validate.numbers(df, "end_year", problems, minimum=items.YEARS[0], maximum=items.YEARS[1], integer=True,
                           what="year")
    for row in df.index[start.notna() & end.notna() & (end < start)]:
        problems.add(int(row), "end_year", f"end_year {end[row]:g} is before start_year {start[row]:g}")
    budget = validate.numbers(df, "budget_eur", problems, required=False, maximum=items.MAX_BUDGET_EUR,
                              what="number (euro)")
    illustrative = df["illustrative"].map(items.flag)
    for row in df.index[illustrative.isna()]:
        problems.add(int(row), "illustrative", f"'{df.at[row, 'illustrative']}' is not ja/nee (true/false)")
    if problems:
        problems.items.sort(key=lambda p: p.row or 0)  # stable: per row in column order
        return None, problems

    def text(col: str) -> pd.Series:
        return df[col].map(lambda s: " ".join(s.split()) or None)

    out = pd.DataFrame({
        "project_id": df["project_id"], "name": text("name"), "domain": domain, "area_code": df["area_code"],
        "start_year": start.astype(int), "end_year": end.astype(int), "kind": text("kind"), "budget_eur": budget,
        "status": status, "owner": text("owner"), "illustrative": illustrative.astype(bool), "source": path.name,
    }).reset_index(drop=True)
    n_ill = int(out["illustrative"].sum())
    by_domain = ", ".join(f"{d} {n}" for d, n in out["domain"].value_counts().sort_index().items())
    summary = (f"{len(out)} agenda items ({by_domain}), {out['start_year'].min()}-{out['end_year'].max()}, "
               f"{out['area_code'].nunique()} areas")
    clear: list[tuple[str, str]] = []
    if n_ill == len(out):
        summary = "ILLUSTRATIVE (made up, not real plans): " + summary
    else:
        clear = [("agenda", "illustrative")]
        summary += "; the illustrative agenda, if any, is replaced"
    notes = [("illustrative", f"{n_ill} of {len(out)} agenda items are illustrative (made up, not real plans)",
              n_ill)] if n_ill else []
    return Parsed("agenda", "generic-csv" if path.suffix.lower() == ".csv" else "generic-xlsx", {"agenda": out},
                  notes=notes, licence=LICENCE_ILLUSTRATIVE if n_ill == len(out) else "", summary=summary,
                  clear=clear), problems


def template_rows(areas: pd.DataFrame) -> pd.DataFrame:
    """Two example rows for the template, in a real buurt of the loaded data and its wijk (so the filled-in
    template imports as it is). ``areas``: code, name, level, parent_code."""
    buurten = areas[areas["level"] == "buurt"].sort_values("code")
    buurt = buurten["code"].iloc[0] if len(buurten) else "BU00000000"
    wijk = buurten["parent_code"].iloc[0] if len(buurten) and pd.notna(buurten["parent_code"].iloc[0]) else buurt
    return pd.DataFrame([
        {"project_id": "VOORBEELD-1", "name": "Voorbeeld: vervanging riolering", "domain": "beheer",
         "area_code": buurt, "start_year": 2026, "end_year": 2027, "kind": "riolering", "budget_eur": 1250000,
         "status": "gepland", "owner": "Stadsbedrijven"},
        {"project_id": "VOORBEELD-2", "name": "Voorbeeld: renovatie basisschool", "domain": "onderwijs",
         "area_code": wijk, "start_year": 2027, "end_year": 2028, "kind": "renovatie school", "budget_eur": "",
         "status": "idee", "owner": "Onderwijshuisvesting"},
    ], columns=items.COLUMNS)


def template_csv(areas: pd.DataFrame) -> bytes:
    """The template as UTF-8 CSV (header and two example rows to overwrite)."""
    return template_rows(areas).to_csv(index=False).encode("utf-8")


def template_xlsx(areas: pd.DataFrame, explanation: list[tuple[str, str]]) -> bytes:
    """The template as an Excel workbook: sheet 1 the columns with two example rows (the importer reads sheet 1),
    sheet 2 an explanation per column (``explanation``: (column, text) pairs). Text cells are written as text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "agenda"
    rows = template_rows(areas)
    ws.append(list(rows.columns))
    for r in rows.itertuples(index=False):
        ws.append([None if v == "" else v for v in r])
    help_ws = wb.create_sheet("toelichting")
    help_ws.append(["kolom", "toelichting"])
    for col, text in explanation:
        help_ws.append([col, text])
    for sheet in (ws, help_ws):
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
