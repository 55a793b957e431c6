"""Initiatives in the base data or in a workshop case: load the scenario's list, register one, accept a match,
change a status. Every write is one short transaction; free hours are checked again inside it.

* Without a case an initiative is registered in the base data (what a civil servant enters when a resident
  asks), and accepting a match writes its status and room there.
* In a case every change is an overlay row (``case_initiatives``) logged under the editor's name, with undo.
  The caller hands in how a change reaches the case (``CaseWrites``: lib.cases.store's ``add_initiative`` and
  ``update_initiative``), so this feature never imports the cases feature; the base data is never written by a
  case.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core import db
from lib.core import rooms as model
from lib.core.inputs import Inputs
from lib.core.overlay import UnknownCase
from lib.ingest import initiatives as reader
from lib.ingest.parsed import Context
from lib.ingest.problems import Problems
from lib.initiatives import matching, supply

FORM_FILE = "formulier"


class Refused(ValueError):
    """A change that the rules do not allow (the message says why, in English: pages translate the codes)."""

    def __init__(self, code: str, message: str, problems: list[str] | None = None):
        self.code = code
        self.problems = problems or []
        super().__init__(message)


@dataclass(frozen=True)
class CaseWrites:
    """How a change reaches a workshop case, and by whom: ``add(con, case_id, initiative_id, fields, author=,
    domain=)`` and ``update(con, case_id, initiative_id, changes, author=, domain=, guard=)`` — in the app and the
    tests lib.cases.store.add_initiative / update_initiative, which log the change and make it undoable."""

    case_id: str
    add: Callable
    update: Callable
    author: str
    domain: str


def for_case(con, case: str | None) -> pd.DataFrame:
    """The initiatives as the scenario sees them: base rows, with the case's overlay rows replacing them by id and
    its own initiatives added (``db.INITIATIVE_FIELDS``; ``in_case`` marks rows the case changed or added)."""
    base = db.initiatives(con).assign(in_case=False)
    if not case:
        return base
    found = db.find_case(con, case)
    if found.empty:
        raise UnknownCase(f"no case named '{case}'")
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


def case_of(con, case: str | None) -> dict | None:
    """The open case (by id or name) as a dict (case_id, name, …), or None for the base data or an unknown case."""
    found = db.find_case(con, case) if case else None
    return None if found is None or found.empty else db.as_records(found)[0]


def scenario(con, inp: Inputs, case: str | None = None, stand_ins: pd.DataFrame | None = None,
             time_limit: float = matching.TIME_LIMIT_S) -> matching.MatchResult:
    """The matching of the scenario: ``inp`` is the base data with ``case`` applied (lib.core.pipeline.inputs),
    the imported rooms of the base data, the stand-in hours of gyms and halls (``supply.STAND_IN_COLUMNS``, from
    lib.sharing.timesharing.block_hours) and the initiatives as the case sees them."""
    offered = supply.offered(inp, db.rooms(con), stand_ins)
    return matching.match(for_case(con, case), offered, inp.areas, time_limit)


def new_id(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:24].strip("-") or "initiatief"
    return f"INI-{s}-{secrets.token_hex(2)}"


def _plain(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v


def check_form(con, form: dict) -> tuple[dict | None, list[str]]:
    """Check what a civil servant typed (the same rules as a CSV row): (typed row, []) or (None, problems as
    'column: message')."""
    row = {c: "" if form.get(c) is None else str(form.get(c)).strip() for c in reader.INITIATIVE_COLUMNS}
    row["max_distance_m"] = "" if form.get("max_distance_m") in (None, "") else str(form["max_distance_m"])
    if isinstance(form.get("accessible_required"), bool):
        row["accessible_required"] = "true" if form["accessible_required"] else "false"
    df = pd.DataFrame([row], index=pd.Index([2]))
    problems = Problems(FORM_FILE)
    ctx = Context(db.table(con, "areas")[["code", "name", "level", "parent_code"]])
    have = reader.known(con)
    have.initiatives = have.initiatives[have.initiatives["initiative_id"] != row["initiative_id"]]
    out = reader.check_initiatives(df, ctx, have, problems)
    if out is None:
        return None, [f"{p.column}: {p.message}" if p.column else p.message for p in problems.items]
    return {k: _plain(v) for k, v in out.iloc[0].to_dict().items()}, []


def add(con, form: dict, case: CaseWrites | None = None) -> str:
    """Register an initiative (status ``aangemeld``) from a form, in the base data or in ``case``; returns its id.
    Raises ``Refused`` with the problems when the form is not valid (nothing is written)."""
    form = {**form, "initiative_id": form.get("initiative_id") or new_id(form.get("name", "")),
            "status": "aangemeld", "facility_id": "", "room_id": ""}
    row, problems = check_form(con, form)
    if row is None:
        raise Refused("invalid", "; ".join(problems), problems)
    iid = row["initiative_id"]
    if case is not None:
        if iid in set(for_case(con, case.case_id)["initiative_id"]):
            raise Refused("exists", f"initiative {iid} exists already")
        case.add(con, case.case_id, iid, {c: row[c] for c in db.INITIATIVE_CASE_FIELDS}, author=case.author,
                 domain=case.domain)
        return iid

    def body(cur):
        if db.initiative_get(cur, iid) is not None:
            raise Refused("exists", f"initiative {iid} exists already")
        db.initiative_put(cur, {**row, "illustrative": False, "source": FORM_FILE})
        db.bump_version(cur)
        return iid

    return db.write_base(con, body)


def _capacity_guard(case_id: str | None, iid: str, room: dict, block: str, hours: float):
    """A check run inside the write: the room still has ``hours`` free in ``block`` when every other coupled
    initiative of the scenario (as stored at that moment) is counted. ``room``: a row of ``supply.offered``."""
    room_free = float(room[f"bookable_{block}"]) - float(room[f"booked_{block}"])

    def guard(cur, _after=None):
        current = for_case(cur, case_id)
        others = current[(current["initiative_id"] != iid) & current["status"].isin(model.HOLDING)
                         & (current["facility_id"] == room["facility_id"]) & (current["room_id"] == room["room_id"])
                         & (current["time_block"] == block)]
        taken = float(others["hours_per_week"].sum())
        if taken + hours > room_free + 1e-9:
            raise Refused("no_hours", f"room {room['facility_id']}/{room['room_id']} has {room_free - taken:g} "
                                      f"free hours in {block}; {iid} needs {hours:g}")

    return guard


def accept(con, initiative: dict, room: dict, case: CaseWrites | None = None) -> None:
    """Accept a room for an initiative: status ``gekoppeld`` with that room, whose hours then count as taken for
    everyone else. ``initiative``: its row (initiative_id, time_block, hours_per_week, status); ``room``: its row
    of ``supply.offered``. Refused when the room no longer has the hours (nothing changes)."""
    iid, block, hours = initiative["initiative_id"], initiative["time_block"], float(initiative["hours_per_week"])
    if initiative.get("status") == "gestopt":
        raise Refused("stopped", f"initiative {iid} has stopped")
    guard = _capacity_guard(case.case_id if case else None, iid, room, block, hours)
    _write(con, iid, {"status": "gekoppeld", "facility_id": room["facility_id"], "room_id": room["room_id"]}, case,
           guard)


def accept_proposal(con, result: matching.MatchResult, initiative_id: str, case: CaseWrites | None = None) -> dict:
    """Accept the room ``result`` proposes for ``initiative_id`` (see ``accept``); returns the proposal row."""
    rows = result.rows[(result.rows["initiative_id"] == initiative_id) & (result.rows["match"] == matching.PROPOSED)]
    if rows.empty:
        raise Refused("no_proposal", f"no proposal for initiative {initiative_id}")
    row = rows.iloc[0].to_dict()
    room = result.rooms[result.rooms["key"] == supply.key(row["facility_id"], row["room_id"])].iloc[0].to_dict()
    accept(con, {"initiative_id": initiative_id, "time_block": row["time_block"], "hours_per_week": row["hours"],
                 "status": row["status"]}, room, case)
    return row


def set_status(con, initiative: dict, status: str, case: CaseWrites | None = None) -> None:
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
    _write(con, iid, changes, case, None)


def _write(con, iid: str, changes: dict, case: CaseWrites | None, guard) -> None:
    if case is not None:
        case.update(con, case.case_id, iid, changes, author=case.author, domain=case.domain, guard=guard)
        return

    def body(cur):
        row = db.initiative_get(cur, iid)
        if row is None:
            raise Refused("unknown", f"no initiative {iid}")
        if guard is not None:
            guard(cur)
        db.initiative_put(cur, {**row, **changes})
        db.bump_version(cur)

    db.write_base(con, body)
