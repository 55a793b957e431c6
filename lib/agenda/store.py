"""The agenda in the database: items with a case applied, what a case's edit of an item must satisfy, and notes per
opportunity.

The base agenda is only written by the importer; a case never changes it (it has overlay rows in ``case_agenda``).
A case's additions and edits are versioned, logged and undoable like plans: the composition (a page) saves them
with ``lib.cases.store.save_row(…, "agenda", …, check=check_row)``; this module says what a valid item is.
Years are inclusive calendar years, budgets euro.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pandas as pd

from lib.agenda import items
from lib.core import db

#: Participants' domains, as in workshop cases (``lib.cases.store.DOMAINS``; a test keeps the two equal —
#: feature packages do not import each other).
NOTE_DOMAINS = ("fysiek", "sociaal", "wijkaanpak", "other")
MAX_AUTHOR = 80
MAX_NOTE = 4000


class UnknownCase(LookupError):
    """No case with this id or name."""


def base(con) -> pd.DataFrame:
    """The imported agenda (no case)."""
    return db.agenda(con)


def case_key(con, case: str | None) -> str | None:
    """The id of the case named or numbered ``case`` (None: no case); UnknownCase when there is none."""
    if not case:
        return None
    found = db.find_case(con, case)
    if found.empty:
        raise UnknownCase(f"no case named '{case}'")
    return str(found["case_id"].iloc[0])


def load(con, case: str | None = None) -> pd.DataFrame:
    """The agenda as ``case`` (name or id; None = baseline) sees it, with ``in_case`` per item."""
    cid = case_key(con, case)
    rows = db.agenda_case_rows(con, cid) if cid else pd.DataFrame()
    return items.overlay(base(con), rows)


def check_row(cur, row: dict) -> None:
    """Raise ValueError naming every problem of an item as a case saves it; normalise it in place (canonical
    domain and status, whole years, euro as a float or None)."""
    area = row.get("area_code")
    known = {area} if area and db.find_area(cur, str(area)) is not None else set()
    problems = items.check(row, known)
    if problems:
        raise ValueError("; ".join(f"{field}: {msg}" for field, msg in problems))
    row.update(items.normalised(row))


def new_item(fields: dict) -> dict:
    """The row of an item a case adds: ``fields`` (name, domain, area_code, start_year, end_year, and optionally
    kind, budget_eur, status, owner) with the defaults (status gepland, not illustrative, not removed)."""
    return {"kind": None, "budget_eur": None, "status": "gepland", "owner": None, **fields, "illustrative": False,
            "removed": False}


def new_id() -> str:
    """A fresh project id for an item a case adds."""
    return f"CA-{secrets.token_hex(4)}"


def action(changes: dict) -> str:
    """The change-log action of an edit: 'remove' when it takes the item out, else 'update'."""
    return "remove" if changes.get("removed") else "update"


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
    display name and domain (as in cases: ``NOTE_DOMAINS``); returns its id."""
    author = " ".join(str(author or "").split())
    if not author:
        raise ValueError("a display name is required for every note")
    if len(author) > MAX_AUTHOR:
        raise ValueError(f"display name longer than {MAX_AUTHOR} characters")
    if domain not in NOTE_DOMAINS:
        raise ValueError(f"domain must be one of {', '.join(NOTE_DOMAINS)}, not {domain!r}")
    text = str(text or "").strip()
    if not text:
        raise ValueError("an empty note")
    if len(text) > MAX_NOTE:
        raise ValueError(f"note longer than {MAX_NOTE} characters")
    if not str(opportunity_id or "").strip():
        raise ValueError("a note needs an opportunity")
    note_id = f"AN-{secrets.token_hex(5)}"
    at = at or datetime.now(UTC).replace(tzinfo=None)

    def body(cur):
        if case_id and db.case_get(cur, case_id) is None:
            raise UnknownCase(f"no case '{case_id}'")
        if area_code and db.find_area(cur, area_code) is None:
            raise ValueError(f"unknown area code {area_code}")
        db.agenda_note_insert(cur, {"note_id": note_id, "case_id": case_id or "", "opportunity_id": opportunity_id,
                                    "area_code": area_code, "text": text, "author": author, "domain": domain,
                                    "created_at": at, "deleted": False})
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
