"""The area agenda as a file: its format, the checks of one item, the importer and the template.

One row per planned piece of work: ``project_id,name,domain,area_code,start_year,end_year,kind,budget_eur,status,
owner`` and an optional ``illustrative`` flag (README, section *Gebiedsagenda*); ``start_year``/``end_year`` are
inclusive calendar years, ``budget_eur`` euro (may be empty).

``python -m lib import agenda FILE`` and the Data page validate the whole file first — unknown area, end before
start, unknown domain or status, text in years or budget, duplicate project ids, empty required cells — and report
every problem as ``file:row:column: message``; only a file without problems is written, in one transaction.
Re-importing a project_id replaces that item. Importing real (not illustrative) items removes the illustrative
agenda shipped with the embedded data, so made-up and real plans are never mixed.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from lib.ingest import validate
from lib.ingest.cbs_tables import read_table_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

#: The domains an item comes from (management, spatial/housing, social, education, sport, care, culture, other).
DOMAINS = ("beheer", "ruimte", "sociaal", "onderwijs", "sport", "zorg", "cultuur", "overig")
STATUSES = ("idee", "gepland", "in uitvoering", "afgerond")
#: Items with these statuses take part in opportunities (finished work cannot be combined any more).
ACTIVE = ("idee", "gepland", "in uitvoering")
COLUMNS = ["project_id", "name", "domain", "area_code", "start_year", "end_year", "kind", "budget_eur", "status",
           "owner"]
REQUIRED = ["project_id", "name", "domain", "area_code", "start_year", "end_year", "status"]
#: Every field a case may change on an item (``removed`` takes it out of the case's agenda).
FIELDS = ("name", "domain", "area_code", "start_year", "end_year", "kind", "budget_eur", "status", "owner",
          "illustrative", "removed")
YEARS = (2000, 2100)
MAX_BUDGET_EUR = 1e11
MAX_TEXT = 200
TRUE = ("1", "true", "ja", "yes", "waar", "j", "y")
FALSE = ("", "0", "false", "nee", "no", "onwaar", "n")


def choice(text) -> str:
    """A domain or status as typed → its canonical form: lower case, single spaces ('In_Uitvoering' → 'in
    uitvoering')."""
    return " ".join(re.sub(r"[_\s]+", " ", str(text or "")).lower().split())


def flag(text) -> bool | None:
    """'ja'/'true'/'1' → True, ''/'nee'/'false'/'0' → False, anything else None."""
    s = choice(text)
    return True if s in TRUE else False if s in FALSE else None


def check(row: dict, area_codes: set[str]) -> list[tuple[str, str]]:
    """Problems of one item (as a case edits it) as (field, message); empty when it is valid.

    ``row`` holds the item's fields; years are whole numbers in ``YEARS``, ``start_year ≤ end_year``, the area
    one of ``area_codes``, domain and status from ``DOMAINS``/``STATUSES``, budget empty or 0…``MAX_BUDGET_EUR``."""
    out: list[tuple[str, str]] = []
    for f in ("name",):
        if not str(row.get(f) or "").strip():
            out.append((f, "empty value"))
    for f in ("name", "kind", "owner"):
        if len(str(row.get(f) or "")) > MAX_TEXT:
            out.append((f, f"longer than {MAX_TEXT} characters"))
    if choice(row.get("domain")) not in DOMAINS:
        out.append(("domain", f"unknown domain '{row.get('domain')}' (use one of: {', '.join(DOMAINS)})"))
    if choice(row.get("status")) not in STATUSES:
        out.append(("status", f"unknown status '{row.get('status')}' (use one of: {', '.join(STATUSES)})"))
    if row.get("area_code") not in area_codes:
        out.append(("area_code", f"unknown area code '{row.get('area_code')}'"))
    years = {}
    for f in ("start_year", "end_year"):
        v = row.get(f)
        try:
            y = float(v)
        except (TypeError, ValueError):
            out.append((f, f"'{v}' is not a year"))
            continue
        if math.isnan(y) or y != int(y) or not YEARS[0] <= y <= YEARS[1]:
            out.append((f, f"{v} is not a year between {YEARS[0]} and {YEARS[1]}"))
            continue
        years[f] = int(y)
    if len(years) == 2 and years["end_year"] < years["start_year"]:
        out.append(("end_year", f"end_year {years['end_year']} is before start_year {years['start_year']}"))
    budget = row.get("budget_eur")
    if budget not in (None, ""):
        try:
            b = float(budget)
        except (TypeError, ValueError):
            out.append(("budget_eur", f"'{budget}' is not an amount in euro"))
        else:
            if math.isnan(b) or not 0 <= b <= MAX_BUDGET_EUR:
                out.append(("budget_eur", f"{budget} is outside 0…{MAX_BUDGET_EUR:,.0f} euro"))
    return out


def normalised(row: dict) -> dict:
    """An item's fields in their stored form (canonical domain/status, int years, float or None budget, stripped
    text); call after :func:`check` found nothing."""
    out = dict(row)
    for f in ("name", "kind", "owner"):
        if f in out:
            v = " ".join(str(out[f] or "").split())
            out[f] = v or (None if f != "name" else "")
    for f in ("domain", "status"):
        if f in out:
            out[f] = choice(out[f])
    for f in ("start_year", "end_year"):
        if f in out and out[f] is not None:
            out[f] = int(float(out[f]))
    if "budget_eur" in out:
        out["budget_eur"] = None if out["budget_eur"] in (None, "") else float(out["budget_eur"])
    for f in ("illustrative", "removed"):
        if f in out:
            out[f] = bool(out[f])
    return out



LICENCE_ILLUSTRATIVE = "Illustratief — bedacht voor de demonstratie, geen echte plannen (geen bron)"


def _choices(df: pd.DataFrame, column: str, allowed: tuple[str, ...], what: str, problems: Problems) -> pd.Series:
    values = df[column].map(choice)
    for row in df.index[~values.isin(allowed)]:
        shown = df.at[row, column]
        msg = f"empty {what}" if shown == "" else f"unknown {what} '{shown}'"
        problems.add(int(row), column, f"{msg} (use one of: {', '.join(allowed)})")
    return values


def read_agenda(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """CSV or Excel (first sheet) with ``COLUMNS`` (kind, budget_eur, owner and illustrative optional)."""
    problems = Problems(path.name)
    df = read_table_strings(path, problems)
    if df is None:
        return None, problems
    df = df[(df != "").any(axis=1)]
    if df.empty:
        problems.add(None, None, "file has a header but no data rows")
        return None, problems
    if not validate.require_columns(df, REQUIRED, problems):
        return None, problems
    for col in ("kind", "budget_eur", "owner", "illustrative"):
        if col not in df.columns:
            df[col] = ""
    for col in ("project_id", "name"):
        validate.non_empty(df, col, problems)
    for col in ("project_id", "name", "kind", "owner"):
        for row in df.index[df[col].str.len() > MAX_TEXT]:
            problems.add(int(row), col, f"longer than {MAX_TEXT} characters")
    validate.unique(df[df["project_id"] != ""], ["project_id"], problems)
    domain = _choices(df, "domain", DOMAINS, "domain", problems)
    status = _choices(df, "status", STATUSES, "status", problems)
    validate.known_codes(df, "area_code", ctx.codes, problems)
    start = validate.numbers(df, "start_year", problems, minimum=YEARS[0], maximum=YEARS[1],
                             integer=True, what="year")
    end = validate.numbers(df, "end_year", problems, minimum=YEARS[0], maximum=YEARS[1], integer=True,
                           what="year")
    for row in df.index[start.notna() & end.notna() & (end < start)]:
        problems.add(int(row), "end_year", f"end_year {end[row]:g} is before start_year {start[row]:g}")
    budget = validate.numbers(df, "budget_eur", problems, required=False, maximum=MAX_BUDGET_EUR,
                              what="number (euro)")
    illustrative = df["illustrative"].map(flag)
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
    ], columns=COLUMNS)
