"""The agenda in the database: items with a case applied, a case's additions and edits (versioned, logged,
undoable like plans, through ``lib.case_store``), notes per opportunity and the neighbouring buurten.

The base agenda is only written by the importer; a case never changes it (it has overlay rows in
``case_agenda``). Years are inclusive calendar years, budgets euro.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import duckdb
import pandas as pd

from lib import case_store, db, geo
from lib.agenda import items
from lib.agenda import neighbours as nb

MAX_NOTE = case_store.MAX_NOTE


def base(con) -> pd.DataFrame:
    """The imported agenda (no case)."""
    return db.agenda(con)


def case_key(con, case: str | None) -> str | None:
    """The id of the case named or numbered ``case`` (None: no case); UnknownCase when there is none."""
    if not case:
        return None
    found = db.find_case(con, case)
    if found.empty:
        raise case_store.UnknownCase(f"no case named '{case}'")
    return str(found["case_id"].iloc[0])


def load(con, case: str | None = None) -> pd.DataFrame:
    """The agenda as ``case`` (name or id; None = baseline) sees it, with ``in_case`` per item."""
    cid = case_key(con, case)
    rows = db.agenda_case_rows(con, cid) if cid else pd.DataFrame()
    return items.overlay(base(con), rows)


def case_rows(con, case_id: str) -> pd.DataFrame:
    """The case's own agenda rows (added, changed or removed items) with their versions."""
    return db.agenda_case_rows(con, case_id)


def _check(cur, row: dict) -> None:
    area = row.get("area_code")
    known = {area} if area and db.find_area(cur, str(area)) is not None else set()
    problems = items.check(row, known)
    if problems:
        raise ValueError("; ".join(f"{field}: {msg}" for field, msg in problems))
    row.update(items.normalised(row))


def add_item(con, case_id: str, fields: dict, *, author: str, domain: str, project_id: str | None = None,
             at: datetime | None = None) -> str:
    """Add an item to the case's agenda (``fields``: name, domain, area_code, start_year, end_year, kind,
    budget_eur, status, owner); ``author``/``domain`` are the editor's. Returns the project id."""
    project_id = project_id or f"CA-{secrets.token_hex(4)}"
    row = {"kind": None, "budget_eur": None, "status": "gepland", "owner": None, **fields, "illustrative": False,
           "removed": False}
    case_store.save_row(con, case_id, "agenda", {"project_id": project_id}, row, author=author, domain=domain,
                        action="add", check=_check, at=at, new=True)
    return project_id


def update_item(con, case_id: str, project_id: str, changes: dict, *, author: str, domain: str,
                expected_version: int | None = None, at: datetime | None = None) -> int:
    """Change fields of an item (one the case added, or a base item: the base agenda stays as it is); returns the
    item's version in the case. Pass only the changed fields and the version read when the edit began."""
    action = "remove" if changes.get("removed") else "update"
    return case_store.save_row(con, case_id, "agenda", {"project_id": project_id}, changes, author=author,
                               domain=domain, action=action, check=_check, expected_version=expected_version,
                               at=at)


def remove_item(con, case_id: str, project_id: str, *, author: str, domain: str,
                expected_version: int | None = None, at: datetime | None = None) -> int:
    """Take an item out of the case's agenda (kept in the change log; undo brings it back)."""
    return update_item(con, case_id, project_id, {"removed": True}, author=author, domain=domain,
                       expected_version=expected_version, at=at)


def last_agenda_change(con, case_id: str) -> int | None:
    """The latest agenda change in the case that can be undone (its number), or None."""
    return db.last_open_change(con, case_id, "agenda")


def item_version(con, case_id: str | None, project_id: str) -> int:
    """The version of an item's row in the case (0: the case has not touched it)."""
    if not case_id:
        return 0
    row = db.case_row_get(con, "case_agenda", case_id, {"project_id": project_id})
    return int(row["version"]) if row else 0


# --- notes per opportunity --------------------------------------------------------------------------------------

def add_note(con, opportunity_id: str, text: str, *, author: str, domain: str, case_id: str | None = None,
             area_code: str | None = None, at: datetime | None = None) -> str:
    """A note on one opportunity (in a case, or on the baseline when ``case_id`` is None), under the writer's
    display name and domain (as in cases); returns its id."""
    who = case_store.Editor.of(author, domain)
    text = str(text or "").strip()
    if not text:
        raise ValueError("an empty note")
    if len(text) > MAX_NOTE:
        raise ValueError(f"note longer than {MAX_NOTE} characters")
    if not str(opportunity_id or "").strip():
        raise ValueError("a note needs an opportunity")
    note_id = f"AN-{secrets.token_hex(5)}"
    at = at or case_store.now_utc()

    def body(cur):
        if case_id and db.case_get(cur, case_id) is None:
            raise case_store.UnknownCase(f"no case '{case_id}'")
        if area_code and db.find_area(cur, area_code) is None:
            raise ValueError(f"unknown area code {area_code}")
        db.agenda_note_insert(cur, {"note_id": note_id, "case_id": case_id or "", "opportunity_id": opportunity_id,
                                    "area_code": area_code, "text": text, "author": who.author,
                                    "domain": who.domain, "created_at": at, "deleted": False})
        return note_id  # no data-version bump: notes are read fresh on every rerun, no cache needs to go

    return db.write_retrying(con, body)


def remove_note(con, note_id: str) -> None:
    """Hide a note (it stays in the database)."""
    def body(cur):
        if not db.agenda_note_set_deleted(cur, note_id, True):
            raise LookupError(f"no note {note_id}")

    db.write_retrying(con, body)


def notes(con, case_id: str | None = None) -> pd.DataFrame:
    """Visible notes on opportunities (of a case, or the baseline), newest first."""
    return db.agenda_notes(con, case_id or "")


# --- neighbouring buurten ---------------------------------------------------------------------------------------

def compute_neighbours(con) -> pd.DataFrame:
    """Touching buurten from the stored geometry (EPSG:28992)."""
    shapes = db.area_geoms(con, "buurt")
    return nb.touching(shapes["code"], geo.from_wkb(shapes["geom"]))


def ensure_neighbours(con) -> pd.DataFrame:
    """The neighbour pairs, computed and stored once per areas import (recomputed after a new one)."""
    fingerprint = db.areas_fingerprint(con)
    if db.get_setting(con, "neighbours_of") == fingerprint:
        return db.neighbours(con)
    pairs = compute_neighbours(con)
    db.write_retrying(con, lambda cur: db.neighbours_store(cur, pairs, fingerprint))
    return pairs


def neighbours(con) -> pd.DataFrame:
    """The neighbour pairs: stored ones when they fit the loaded areas, else computed (and stored when the
    connection may write)."""
    try:
        return ensure_neighbours(con)
    except duckdb.Error:  # a read-only connection: compute without storing
        if db.get_setting(con, "neighbours_of") == db.areas_fingerprint(con):
            return db.neighbours(con)
        return compute_neighbours(con)
