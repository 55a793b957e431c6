"""Initiatives in the base data or in a workshop case: load the scenario's list, register one, accept a match,
change a status. Every write is one short transaction; free hours are checked again inside it.

* Without a case an initiative is registered in the base data (what a civil servant enters when a resident
  asks), and accepting a match writes its status and room there.
* In a case every change is an overlay row (``case_initiatives``) logged under the editor's name, with undo
  (lib/case_store.py); the base data is never written by a case.
"""

from __future__ import annotations

import re
import secrets

import pandas as pd

from lib import case_store, db
from lib.initiatives import importer, matching, model, rooms
from lib.parsed import Context
from lib.problems import Problems

FORM_FILE = "formulier"
CASE_FIELDS = case_store.KINDS["initiative"][1]


class Refused(ValueError):
    """A change that the rules do not allow (the message says why, in English: pages translate the codes)."""

    def __init__(self, code: str, message: str, problems: list[str] | None = None):
        self.code = code
        self.problems = problems or []
        super().__init__(message)


def base_initiatives(con) -> pd.DataFrame:
    return db.initiatives(con)


def for_case(con, case: str | None) -> pd.DataFrame:
    """The initiatives as the scenario sees them: base rows, with the case's overlay rows replacing them by id and
    its own initiatives added (``db.INITIATIVE_FIELDS``; ``in_case`` marks rows the case changed or added)."""
    base = db.initiatives(con).assign(in_case=False)
    if not case:
        return base
    found = db.find_case(con, case)
    if found.empty:
        raise case_store.UnknownCase(f"no case named '{case}'")
    own = db.case_rows(con, "case_initiatives", found["case_id"].iloc[0])
    if own.empty:
        return base
    flags = base.set_index("initiative_id")
    own = own.assign(illustrative=own["initiative_id"].map(flags["illustrative"].astype(bool).to_dict()).eq(True),
                     source=own["initiative_id"].map(flags["source"]).fillna("case"), in_case=True)
    keep = base[~base["initiative_id"].isin(own["initiative_id"])]
    out = pd.concat([keep, own[[*db.INITIATIVE_FIELDS, "in_case"]]], ignore_index=True)
    out["participants"] = out["participants"].astype(int)
    return out.sort_values("initiative_id").reset_index(drop=True)


def case_versions(con, case_id: str) -> dict[str, int]:
    """initiative_id → version of its overlay row in the case (for optimistic edits)."""
    own = db.case_rows(con, "case_initiatives", case_id)
    return dict(zip(own["initiative_id"], own["version"].astype(int), strict=True))


def new_id(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:24].strip("-") or "initiatief"
    return f"INI-{s}-{secrets.token_hex(2)}"


def check_form(con, form: dict) -> tuple[dict | None, list[str]]:
    """Check what a civil servant typed (the same rules as a CSV row): (typed row, []) or (None, problems as
    'column: message')."""
    row = {c: "" if form.get(c) is None else str(form.get(c)).strip() for c in importer.INITIATIVE_COLUMNS}
    row["max_distance_m"] = "" if form.get("max_distance_m") in (None, "") else str(form["max_distance_m"])
    for flag in ("accessible_required",):
        if isinstance(form.get(flag), bool):
            row[flag] = "true" if form[flag] else "false"
    df = pd.DataFrame([row], index=pd.Index([2]))
    problems = Problems(FORM_FILE)
    ctx = Context(db.table(con, "areas")[["code", "name", "level", "parent_code"]])
    have = importer.known(con)
    have.initiatives = have.initiatives[have.initiatives["initiative_id"] != row["initiative_id"]]
    out = importer.check_initiatives(df, ctx, have, problems)
    if out is None:
        return None, [f"{p.column}: {p.message}" if p.column else p.message for p in problems.items]
    return _plain(out.iloc[0].to_dict()), []


def _plain(row: dict) -> dict:
    return {k: case_store.plain(v) for k, v in row.items()}


def add(con, form: dict, case_id: str | None = None, *, author: str | None = None, domain: str | None = None) -> str:
    """Register an initiative (status ``aangemeld``) from a form; returns its id. Raises ``Refused`` with the
    problems when the form is not valid (nothing is written)."""
    form = {**form, "initiative_id": form.get("initiative_id") or new_id(form.get("name", "")),
            "status": "aangemeld", "facility_id": "", "room_id": ""}
    row, problems = check_form(con, form)
    if row is None:
        raise Refused("invalid", "; ".join(problems), problems)
    iid = row["initiative_id"]
    if case_id:
        if not for_case(con, case_id).query("initiative_id == @iid").empty:
            raise Refused("exists", f"initiative {iid} exists already")
        case_store.add_initiative(con, case_id, iid, {c: row[c] for c in CASE_FIELDS}, author=author or "",
                                  domain=domain or "")
        return iid

    def body(cur):
        if db.initiative_get(cur, iid) is not None:
            raise Refused("exists", f"initiative {iid} exists already")
        db.initiative_put(cur, {**row, "illustrative": False, "source": FORM_FILE})
        db.bump_version(cur)
        return iid

    return db.write_retrying(con, body)


def _capacity_guard(con, case_id: str | None, iid: str, room: dict, block: str, hours: float):
    """A check run inside the write: the room still has ``hours`` free in ``block`` when every other coupled
    initiative of the scenario (as stored at that moment) is counted. ``room``: a row of ``rooms.offered``."""
    room_free = float(room[f"bookable_{block}"]) - float(room[f"booked_{block}"])

    def guard(cur, _after=None):
        current = for_case(cur, case_id) if case_id else db.initiatives(cur)
        others = current[(current["initiative_id"] != iid) & current["status"].isin(model.HOLDING)
                         & (current["facility_id"] == room["facility_id"]) & (current["room_id"] == room["room_id"])
                         & (current["time_block"] == block)]
        taken = float(others["hours_per_week"].sum())
        if taken + hours > room_free + 1e-9:
            raise Refused("no_hours", f"room {room['facility_id']}/{room['room_id']} has {room_free - taken:g} "
                                      f"free hours in {block}; {iid} needs {hours:g}")

    return guard


def accept(con, initiative: dict, room: dict, case_id: str | None = None, *, author: str | None = None,
           domain: str | None = None, expected_version: int | None = None) -> None:
    """Accept a proposed room for an initiative: status ``gekoppeld`` with that room, whose hours then count as
    taken for everyone else. ``initiative``: its row (initiative_id, time_block, hours_per_week, status);
    ``room``: its row of ``rooms.offered``. Refused when the room no longer has the hours."""
    iid, block, hours = initiative["initiative_id"], initiative["time_block"], float(initiative["hours_per_week"])
    if initiative.get("status") == "gestopt":
        raise Refused("stopped", f"initiative {iid} has stopped")
    guard = _capacity_guard(con, case_id, iid, room, block, hours)
    changes = {"status": "gekoppeld", "facility_id": room["facility_id"], "room_id": room["room_id"]}
    _write(con, iid, changes, case_id, author, domain, expected_version, guard)


def set_status(con, initiative: dict, status: str, case_id: str | None = None, *, author: str | None = None,
               domain: str | None = None, expected_version: int | None = None) -> None:
    """Change the status: ``aangemeld`` (from any status) releases the room, ``lopend`` follows ``gekoppeld``,
    ``gestopt`` (from any status) releases the hours while the room stays on record; ``gekoppeld`` is set by
    ``accept``."""
    iid, now = initiative["initiative_id"], initiative.get("status")
    if status not in model.STATUSES:
        raise Refused("invalid", f"unknown status {status!r}")
    if status == "gekoppeld":
        raise Refused("accept_first", "accept a proposed room to couple an initiative")
    if status == "lopend" and now != "gekoppeld":
        raise Refused("couple_first", f"initiative {iid} is '{now}': only a coupled initiative can start running")
    changes: dict = {"status": status}
    if status == "aangemeld":
        changes.update(facility_id=None, room_id=None)
    _write(con, iid, changes, case_id, author, domain, expected_version, None)


def _write(con, iid: str, changes: dict, case_id, author, domain, expected_version, guard) -> None:
    if case_id:
        case_store.update_initiative(con, case_id, iid, changes, author=author or "", domain=domain or "",
                                     expected_version=expected_version, guard=guard)
        return

    def body(cur):
        row = db.initiative_get(cur, iid)
        if row is None:
            raise Refused("unknown", f"no initiative {iid}")
        if guard is not None:
            guard(cur)
        db.initiative_put(cur, {**row, **changes})
        db.bump_version(cur)

    db.write_retrying(con, body)


def scenario(con, inp, case: str | None = None, time_limit: float = matching.TIME_LIMIT_S) -> matching.MatchResult:
    """The matching of the scenario: ``inp`` is the base data with ``case`` applied (lib.cases.apply), the rooms
    of the base data and the initiatives as the case sees them."""
    offered = rooms.offered(inp, db.rooms(con))
    return matching.match(for_case(con, case), offered, inp.areas, time_limit)


DOMAINS = case_store.DOMAINS


def editor(name: str | None, domain: str | None) -> case_store.Editor | None:
    """The editor of case changes (display name and domain), or None when the name is missing or invalid."""
    try:
        return case_store.Editor.of(name or "", domain or "")
    except ValueError:
        return None


def case_of(con, case: str | None) -> dict | None:
    """The open case (by id or name) as a dict with case_id and name, or None for the base data."""
    if not case:
        return None
    try:
        return case_store.get_case(con, case)
    except case_store.UnknownCase:
        return None


def accept_proposal(con, result: matching.MatchResult, initiative_id: str, case_id: str | None = None, *,
                    author: str | None = None, domain: str | None = None) -> dict:
    """Accept the room ``result`` proposes for ``initiative_id`` (see ``accept``); returns the proposal row."""
    rows = result.rows[(result.rows["initiative_id"] == initiative_id) & (result.rows["match"] == matching.PROPOSED)]
    if rows.empty:
        raise Refused("no_proposal", f"no proposal for initiative {initiative_id}")
    row = rows.iloc[0].to_dict()
    room = result.rooms[result.rooms["key"] == rooms.key(row["facility_id"], row["room_id"])].iloc[0].to_dict()
    accept(con, {"initiative_id": initiative_id, "time_block": row["time_block"], "hours_per_week": row["hours"],
                 "status": row["status"]}, room, case_id, author=author, domain=domain)
    return row
