"""The agenda format: one planned piece of work per row, in one area, over a period of whole years.

Columns (README, section "Gebiedsagenda"): ``project_id,name,domain,area_code,start_year,end_year,kind,budget_eur,
status,owner`` and an optional ``illustrative`` flag. ``start_year``/``end_year`` are inclusive calendar years;
``budget_eur`` is in euro and may be empty. No Streamlit, no SQL here.
"""

from __future__ import annotations

import math
import re

import pandas as pd

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


def overlay(base: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The agenda a case sees: its rows replace base items with the same project_id (or add new ones); rows
    marked ``removed`` take the item out. ``base``: the ``agenda`` table; ``rows``: the case's ``case_agenda``
    rows. Returns the base columns plus ``in_case`` (True for items the case added or changed), by project_id."""
    out = base.assign(in_case=False)
    if len(rows):
        out = out[~out["project_id"].isin(rows["project_id"])]
        keep = rows[~rows["removed"].fillna(False).astype(bool)].assign(in_case=True, source="case")
        cols = [c for c in out.columns if c in keep.columns]
        out = pd.concat([out, keep[cols]], ignore_index=True) if len(out) else keep[cols]
    out = out.astype({"start_year": "int64", "end_year": "int64"}) if len(out) else out
    out["illustrative"] = out["illustrative"].fillna(False).astype(bool) if len(out) else out["illustrative"]
    return out.sort_values("project_id").reset_index(drop=True)
