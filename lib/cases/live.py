"""The live workshop: what an open case view polls, and who has the case open now.

* ``poll`` is the one small query every open case view runs every second or so: the case's version (its
  number of changes). Only when it differs from the version the view shows does the view fetch the new
  changes (``changes_since``) and rerun.
* Presence: each browser session with the case open writes a heartbeat (``heartbeat``) every few seconds;
  ``present`` lists the sessions seen in the last ``PRESENT_SECONDS``. A session that closes simply stops
  beating and drops out of the list. Presence rows are not case data: they never bump the data version and
  are not exported.

Times are UTC without tzinfo, as everywhere in lib.cases.store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from lib.cases import store
from lib.core import db

#: How often an open case view polls (seconds; ``$VZW_POLL_SECONDS`` overrides it, 0.25-10): a change shows on
#: the other screens about half this plus one page run (under a second) after it was saved.
POLL_SECONDS = 0.75
#: How often the list of who is present is read again (seconds).
PRESENCE_SECONDS = 3.0
#: How often a session writes its heartbeat (seconds).
HEARTBEAT_SECONDS = 5.0
#: A session not seen for this long no longer counts as present (seconds).
PRESENT_SECONDS = 15.0


def poll_seconds(setting: str | None) -> float:
    """The poll interval: ``setting`` (seconds, from $VZW_POLL_SECONDS) within 0.25-10, else POLL_SECONDS."""
    try:
        value = float(setting) if setting else POLL_SECONDS
    except ValueError:
        return POLL_SECONDS
    return min(10.0, max(0.25, value)) if value == value else POLL_SECONDS


def poll(con, case_id: str) -> int | None:
    """The case's current version (None when the case is gone)."""
    return db.case_version(con, case_id)


def changes_since(con, case_id: str, version: int, skip: int | None = None) -> pd.DataFrame:
    """The changes made after ``version`` (the version a view shows), oldest first, without change ``skip``
    (the viewer's own last change, which needs no notice)."""
    changes = db.changes_after(con, case_id, version)
    return changes[changes["seq"] != skip].reset_index(drop=True) if skip is not None else changes


def due(last: float | None, seconds: float, now: float) -> bool:
    """True when something last done at ``last`` (seconds on a monotonic clock; None: never) is due again."""
    return last is None or now - last >= seconds


def heartbeat(con, case_id: str, session_id: str, author: str | None = None, domain: str | None = None,
              at: datetime | None = None) -> None:
    """Record that ``session_id`` has the case open now, under a name and domain when known; rows of sessions
    long gone (4 × PRESENT_SECONDS) are removed in the same short transaction."""
    at = at or store.now_utc()
    name = " ".join(str(author or "").split())[:store.MAX_AUTHOR] or None
    domain = domain if domain in store.DOMAINS else None

    def body(cur):
        db.presence_put(cur, case_id, session_id, name, domain if name else None, at)
        db.presence_forget(cur, case_id, before=at - timedelta(seconds=4 * PRESENT_SECONDS))

    db.write_retrying(con, body)


def leave(con, case_id: str, session_id: str) -> None:
    """``session_id`` closed the case (it drops out of the list at once rather than after PRESENT_SECONDS)."""
    db.write_retrying(con, lambda cur: db.presence_forget(cur, case_id, session_id=session_id))


def present(con, case_id: str, now: datetime | None = None) -> pd.DataFrame:
    """Sessions with the case open (seen in the last PRESENT_SECONDS): session_id, author (None: no name yet),
    domain, seen_at; by name."""
    now = now or store.now_utc()
    return db.presence(con, case_id, now - timedelta(seconds=PRESENT_SECONDS))
