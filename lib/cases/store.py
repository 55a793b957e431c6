"""Workshop cases: create and edit a case's overlay, record who changed what and when, undo any change.

* Every change records the editor's display name and domain (``DOMAINS``) and the time (UTC), and is
  logged in ``case_changes`` with the row before and after, so it can be undone.
* Optimistic versioning: a case has a version (+1 per change; the change's ``seq`` is that version) and
  every overlay row (plan, facility, norm) has its own version. A save that names the version it started
  from (``expected_version``) is merged when the fields changed since then by others differ from the
  fields it changes; when it changes a field someone else changed since, it is refused with
  ``EditConflict`` carrying the current row (even when the values happen to agree: nothing is lost).
* Every write is one short DuckDB transaction, retried on transaction conflicts (``db.write_retrying``).
* The base data is never written: a case only has overlay rows (see ``lib.core.overlay.overlay``).

Units: dwellings (plans), capacity in the norm's unit (places, facilities), x/y in EPSG:28992 metres.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from lib.core import db, geo
from lib.core.overlay import UnknownCase

DOMAINS = ("fysiek", "sociaal", "wijkaanpak", "other")
MAX_AUTHOR = 80
MAX_NOTE = 4000

#: Overlay kinds → (table, editable fields). ``removed``/``closed`` take a row out of the scenario.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "plan": ("case_plans", ("name", "area_code", "year", "dwellings", "demolished", "dwelling_type", "removed")),
    "facility": ("case_facilities", ("name", "type", "x", "y", "capacity", "unit", "area_code", "closed")),
    "norm": ("case_norms", ("basis", "amount", "per", "unit", "catchment_m", "service_level", "source", "status")),
    # initiatives seek space (lib/initiatives): the form and the matching check the fields before a write
    "initiative": ("case_initiatives", db.INITIATIVE_CASE_FIELDS),
    # area agenda items (lib.agenda): checked by the guard the caller hands to ``save_row`` (agenda check_row)
    "agenda": ("case_agenda", ("name", "domain", "area_code", "start_year", "end_year", "kind", "budget_eur",
                               "status", "owner", "illustrative", "removed")),
}
CASE_FIELDS = ("name", "description", "horizon_year", "area_code", "illustrative")


#: A write met a full disk: rolled back, nothing changed (pages show it as such, never as a traceback).
DiskFull = db.DiskFull


class UnknownChange(LookupError):
    """No change with this number in the case."""


class EditConflict(Exception):
    """A save based on an older version changes a field someone else changed since.

    ``current`` is the row as it is now (None when it no longer exists), ``fields`` the clashing fields,
    ``by``/``domain``/``at`` who made the latest clashing change and when (UTC)."""

    def __init__(self, kind: str, target: str, current: dict | None, fields: list[str], by: str | None,
                 domain: str | None, at, version: int):
        self.kind, self.target, self.current, self.fields = kind, target, current, fields
        self.by, self.domain, self.at, self.version = by, domain, at, version
        shown = {f: (current or {}).get(f) for f in fields} if current else "removed"
        super().__init__(f"{kind} {target} was changed by {by} ({domain}) since you opened it "
                         f"(now version {version}); current value: {shown}")


class UndoRefused(Exception):
    """This change cannot be undone (the case's creation, already undone, or a later change to the same row)."""


@dataclass(frozen=True)
class Editor:
    """Who makes a change: a display name typed on entry and a domain from ``DOMAINS``."""

    author: str
    domain: str

    @staticmethod
    def of(author: str, domain: str) -> Editor:
        name = " ".join(str(author or "").split())
        if not name:
            raise ValueError("a display name is required for every change")
        if len(name) > MAX_AUTHOR:
            raise ValueError(f"display name longer than {MAX_AUTHOR} characters")
        if domain not in DOMAINS:
            raise ValueError(f"domain must be one of {', '.join(DOMAINS)}, not {domain!r}")
        return Editor(name, domain)


def now_utc() -> datetime:
    """The current time in UTC without tzinfo (as stored in DuckDB TIMESTAMP columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


def plain(value):
    """A JSON-safe Python value (NaN/NA → None, numpy scalars → int/float/bool, timestamps → ISO text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).isoformat()
    return value


def _row(d: dict | None, fields: tuple[str, ...]) -> dict | None:
    return None if d is None else {f: plain(d.get(f)) for f in fields}


def _target(kind: str, key: dict) -> str:
    return key["facility_type"] + "|" + key["woonmilieu"] if kind == "norm" else next(iter(key.values()))


def _key(kind: str, target: str) -> dict:
    if kind == "norm":
        ftype, _, wm = target.partition("|")
        return {"facility_type": ftype, "woonmilieu": wm}
    (column,) = db.CASE_TABLES[KINDS[kind][0]]
    return {column: target}


def _log(con, case_id: str, who: Editor, at, kind: str, target: str, action: str, version: int | None,
         before: dict | None, after: dict | None, undo_of: int | None = None, seen: dict | None = None) -> int:
    """Bump the case version and log the change; returns its seq (= the new case version).

    ``before`` is the stored row before the change (None: none yet), ``seen`` the row as the case saw it
    (the base row for a first change to base data); the changed ``fields`` are those that differ from it."""
    seq = db.case_bump(con, case_id)
    was = seen if seen is not None else before
    fields = sorted(k for k in set(was or {}) | set(after or {}) if (was or {}).get(k) != (after or {}).get(k))
    db.change_insert(con, {
        "case_id": case_id, "seq": seq, "changed_at": at, "author": who.author, "domain": who.domain, "kind": kind,
        "target": target, "action": action, "target_version": version,
        "before_json": None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
        "after_json": None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True),
        "fields": ",".join(fields), "undo_of": undo_of, "undone_by": None})
    db.bump_version(con, base=False)
    return seq


def _require_case(con, case_id: str) -> dict:
    case = db.case_get(con, case_id)
    if case is None:
        raise UnknownCase(f"no case '{case_id}'")
    return case


def _changed_since(con, case_id: str, kind: str, target: str, version: int) -> tuple[set[str], dict | None]:
    """Fields changed on a row after ``version`` and the latest of those changes."""
    later = db.target_changes(con, case_id, kind, target, version)
    fields = {f for c in later for f in (c["fields"] or "").split(",") if f}
    return fields, (later[-1] if later else None)


def _conflict(con, case_id, kind, target, current, version, mine: dict, expected: int, deleted: bool):
    """Raise EditConflict when a field in ``mine`` was changed by someone else since version ``expected``."""
    if expected == version:
        return
    theirs, last = _changed_since(con, case_id, kind, target, expected)
    if deleted:
        clash = sorted(mine) or sorted(theirs)
    else:
        clash = sorted(f for f in mine if f in theirs)
    if clash:
        raise EditConflict(kind, target, None if deleted else current, clash, last and last["author"],
                           last and last["domain"], last and last["changed_at"], version)


# ----------------------------------------------------------------------------------------------------------------
# cases


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    return s[:40].strip("-") or "case"


def create_case(con, name: str, *, author: str, domain: str, description: str = "", horizon_year: int | None = None,
                area_code: str | None = None, illustrative: bool = False, case_id: str | None = None,
                at: datetime | None = None) -> str:
    """Create an empty case; returns its id (a readable slug plus a random suffix, used in ``?case=``)."""
    who = Editor.of(author, domain)
    name = " ".join(str(name or "").split())
    if not name:
        raise ValueError("a case needs a name")
    fields = _case_fields(con, {"name": name, "description": description or "", "horizon_year": horizon_year,
                                "area_code": area_code, "illustrative": bool(illustrative)})
    case_id = case_id or f"{slug(name)}-{secrets.token_hex(3)}"
    at = at or now_utc()

    def body(cur):
        if db.case_name_taken(cur, name):
            raise ValueError(f"a case named '{name}' already exists")
        db.case_insert(cur, {"case_id": case_id, **fields, "version": 0, "created_at": at, "created_by": who.author,
                             "created_domain": who.domain})
        _log(cur, case_id, who, at, "case", case_id, "create", 1, None, fields)
        return case_id

    return db.write_retrying(con, body)


def _case_fields(con, fields: dict) -> dict:
    out = {}
    for k, v in fields.items():
        if k not in CASE_FIELDS:
            raise ValueError(f"not a case field: {k}")
        if k == "name":
            v = " ".join(str(v or "").split())
            if not v:
                raise ValueError("a case needs a name")
        elif k == "horizon_year" and v is not None:
            v = int(v)
            if not 2000 <= v <= 2100:
                raise ValueError(f"horizon year {v} outside 2000-2100")
        elif k == "area_code" and v:
            if db.find_area(con, v) is None:
                raise ValueError(f"unknown area code {v}")
        elif k == "area_code":
            v = None
        elif k == "description":
            v = str(v or "")
        elif k == "illustrative":
            v = bool(v)
        out[k] = v
    return out


def get_case(con, name_or_id: str) -> dict:
    """The case (by id or name) with ``fields_version`` (the version of its own fields, for edits)."""
    found = db.find_case(con, name_or_id)
    if found.empty:
        raise UnknownCase(f"no case named '{name_or_id}'")
    case = db.as_records(found)[0]
    case["fields_version"] = db.target_max_version(con, case["case_id"], "case", case["case_id"])
    return case


def exists(con, case_id: str | None) -> bool:
    return bool(case_id) and db.case_get(con, case_id) is not None


def free_name(con, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when it is taken."""
    name = " ".join(str(name or "case").split())
    candidate, n = name, 1
    while db.case_name_taken(con, candidate):
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def list_cases(con) -> pd.DataFrame:
    """All cases, the most recently changed first, with who changed each last."""
    return db.case_list(con)


def update_case(con, case_id: str, changes: dict, *, author: str, domain: str, expected_version: int | None = None,
                at: datetime | None = None) -> int:
    """Change the case's own fields (name, description, horizon year, area of interest); returns their version.

    ``expected_version`` is ``get_case(...)["fields_version"]`` as read when the edit began."""
    who = Editor.of(author, domain)
    at = at or now_utc()

    def body(cur):
        case = _require_case(cur, case_id)
        new = _case_fields(cur, changes)
        if "name" in new and db.case_name_taken(cur, new["name"], case_id):
            raise ValueError(f"a case named '{new['name']}' already exists")
        current = _row(case, CASE_FIELDS)
        version = db.target_max_version(cur, case_id, "case", case_id)
        if expected_version is not None:
            _conflict(cur, case_id, "case", case_id, current, version, new, expected_version, False)
        after = {**current, **new}
        if after == current:
            return version
        db.case_set_fields(cur, case_id, new)
        _log(cur, case_id, who, at, "case", case_id, "update", version + 1, current, after)
        return version + 1

    return db.write_retrying(con, body)


def delete_case(con, case_id: str) -> None:
    """Remove a case with all its rows, notes and changes (used by a replacing import)."""
    db.write_retrying(con, lambda cur: (db.case_delete(cur, case_id), db.bump_version(cur, base=False)))


# ----------------------------------------------------------------------------------------------------------------
# overlay rows (plans, facilities, norms)


def _effective(cur, kind: str, case_id: str, key: dict) -> tuple[dict | None, dict | None, int]:
    """(overlay row or None, row as the case sees it or None, the row's version; 0 = no overlay row yet)."""
    table, fields = KINDS[kind]
    own = db.case_row_get(cur, table, case_id, key)
    if own is not None:
        return _row(own, fields), _row(own, fields), int(own["version"])
    version = db.target_max_version(cur, case_id, kind, _target(kind, key))
    return None, _effective_base(cur, kind, key), version


def _save_row(con, case_id: str, kind: str, key: dict, changes: dict, *, who: Editor, action: str,
              expected_version: int | None, at: datetime | None, new: bool = False, guard=None) -> int:
    """Apply ``changes`` to one overlay row (creating it from the base row if needed); returns its version.

    ``guard(cursor, row_after)``, when given, runs inside the write transaction and may refuse the change by
    raising (e.g. a room whose free hours someone else just took)."""
    table, fields = KINDS[kind]
    bad = set(changes) - set(fields)
    if bad:
        raise ValueError(f"not a {kind} field: {sorted(bad)}")
    at = at or now_utc()
    target = _target(kind, key)

    def body(cur):
        _require_case(cur, case_id)
        own, current, version = _effective(cur, kind, case_id, key)
        if new and current is not None:
            raise ValueError(f"{kind} {target} already exists")
        if not new and current is None:
            if expected_version:  # it existed when the editor read it: removed since (undo of its addition)
                _conflict(cur, case_id, kind, target, None, version, changes, expected_version, True)
            raise LookupError(f"no {kind} {target} in the case or the base data")
        if expected_version is not None:
            _conflict(cur, case_id, kind, target, current, version, changes, expected_version, False)
        after = {**(current or dict.fromkeys(fields)), **changes}
        _validate(cur, kind, after)
        if guard is not None:
            guard(cur, after)
        if after == current:
            return version
        version = max(version, db.target_max_version(cur, case_id, kind, target)) + 1
        db.case_row_put(cur, table, case_id, {**key, **after, "version": version})
        _log(cur, case_id, who, at, kind, target, action, version, own, after, seen=current)
        return version

    return db.write_retrying(con, body)


def _is_negative(v) -> bool:
    try:
        return float(v) < 0
    except (TypeError, ValueError):
        return False


def _validate(cur, kind: str, row: dict) -> None:
    def number(name, lo=-math.inf, hi=math.inf, required=True):
        v = row.get(name)
        if v is None and not required:
            return
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{kind} {name} must be a number, not {row.get(name)!r}") from None
        if not (lo <= v <= hi) or math.isnan(v):
            raise ValueError(f"{kind} {name} {v:g} outside {lo:g}..{hi:g}")
        row[name] = int(v) if name in ("year", "participants") else v

    if kind == "plan":
        number("year", 2000, 2100)
        base = db.get_setting(cur, "base_year")
        if base and row.get("year") is not None and int(row["year"]) < int(base):
            raise ValueError(f"plan year {row['year']} is before the base year {base}: the {base} population "
                             "already includes dwellings completed earlier")
        if row.get("dwellings") is not None and _is_negative(row.get("dwellings")):
            raise ValueError("plan dwellings cannot be negative: give dwellings taken down as 'demolished'")
        number("dwellings", 0, 1e6)
        number("demolished", 0, 1e6, required=False)
        area = db.find_area(cur, row.get("area_code") or "")
        if area is None or area["level"] != "buurt":
            raise ValueError(f"plan area must be a buurt code, not {row.get('area_code')!r}")
        row["removed"] = bool(row.get("removed"))
    elif kind == "facility":
        number("x", geo.NL_BOUNDS[0], geo.NL_BOUNDS[2])
        number("y", geo.NL_BOUNDS[1], geo.NL_BOUNDS[3])
        number("capacity", 0, 1e7, required=False)
        if not row.get("type") or not row.get("unit"):
            raise ValueError("a facility needs a type and a unit")
        row["closed"] = bool(row.get("closed"))
    elif kind == "initiative":
        number("participants", 1, 1e6)
        number("hours_per_week", 0, 168)
        number("max_distance_m", 0, 1e7)
        if not row.get("name") or not row.get("status"):
            raise ValueError("an initiative needs a name and a status")
        area = db.find_area(cur, row.get("area_code") or "")
        if area is None:
            raise ValueError(f"unknown area code {row.get('area_code')!r}")
    elif kind == "agenda":
        return  # checked (and normalised) by the guard the caller hands in: lib.agenda.store.check_row
    elif kind == "norm":
        number("amount", 0, 1e9)
        number("per", 1e-9, 1e12)
        number("catchment_m", 0, 1e6, required=False)
        if not row.get("basis") or not row.get("unit"):
            raise ValueError("a norm needs a basis and a unit")
    else:
        raise ValueError(f"no validation for {kind} rows")


def save_row(con, case_id: str, kind: str, key: dict, changes: dict, *, author: str, domain: str, action: str,
             check, expected_version: int | None = None, at: datetime | None = None, new: bool = False) -> int:
    """Change (or, with ``new``, add) one overlay row of a kind registered in ``KINDS`` whose checks live with its
    feature (e.g. agenda items, lib.agenda.store): versioned, logged under ``author``/``domain``, undoable like
    plans. ``check(cur, row)`` raises ValueError for an invalid row (it runs as the write's guard, inside the
    transaction, and may normalise the row in place). Returns the row's new version."""
    return _save_row(con, case_id, kind, key, changes, who=Editor.of(author, domain), action=action,
                     expected_version=expected_version, at=at, new=new, guard=check)


def add_plan(con, case_id: str, *, name: str, area_code: str, year: int, dwellings: float, author: str,
             domain: str, dwelling_type: str | None = None, plan_id: str | None = None,
             at: datetime | None = None, demolished: float = 0.0) -> str:
    """Add a housing plan (``dwellings`` new and ``demolished`` taken down in ``year`` in buurt ``area_code``);
    returns the plan id."""
    plan_id = plan_id or f"CP-{secrets.token_hex(4)}"
    _save_row(con, case_id, "plan", {"plan_id": plan_id},
              {"name": name, "area_code": area_code, "year": year, "dwellings": dwellings,
               "demolished": demolished, "dwelling_type": dwelling_type, "removed": False},
              who=Editor.of(author, domain), action="add", expected_version=None, at=at, new=True)
    return plan_id


def update_plan(con, case_id: str, plan_id: str, changes: dict, *, author: str, domain: str,
                expected_version: int | None = None, at: datetime | None = None) -> int:
    """Change fields of a plan (a case plan or a base plan); returns the plan's new version.

    Pass only the fields the editor changed (``edited``) and the version read when the edit began."""
    return _save_row(con, case_id, "plan", {"plan_id": plan_id}, changes, who=Editor.of(author, domain),
                     action="remove" if changes.get("removed") else "update", expected_version=expected_version,
                     at=at)


def remove_plan(con, case_id: str, plan_id: str, *, author: str, domain: str, expected_version: int | None = None,
                at: datetime | None = None) -> int:
    """Take a plan out of the scenario (kept in the log; undo brings it back)."""
    return update_plan(con, case_id, plan_id, {"removed": True}, author=author, domain=domain,
                       expected_version=expected_version, at=at)


def add_facility(con, case_id: str, *, name: str, type: str, x: float, y: float, capacity: float | None, unit: str,
                 author: str, domain: str, facility_id: str | None = None, at: datetime | None = None) -> str:
    """Add a proposed facility at (x, y) in EPSG:28992 metres; its buurt is found by point-in-polygon.

    ``capacity`` is in ``unit`` (places, facilities, …). Returns the facility id."""
    facility_id = facility_id or f"CF-{secrets.token_hex(4)}"
    _save_row(con, case_id, "facility", {"id": facility_id},
              {"name": name, "type": type, "x": float(x), "y": float(y), "capacity": capacity, "unit": unit,
               "area_code": buurt_at(con, x, y), "closed": False},
              who=Editor.of(author, domain), action="add", expected_version=None, at=at, new=True)
    return facility_id


def update_facility(con, case_id: str, facility_id: str, changes: dict, *, author: str, domain: str,
                    expected_version: int | None = None, at: datetime | None = None) -> int:
    """Change a facility (resize: ``capacity``; move: ``x``/``y``; close: ``closed``); base facilities too."""
    changes = dict(changes)
    if "x" in changes or "y" in changes:
        _, current, _ = _effective(con, "facility", case_id, {"id": facility_id})
        if current is not None:
            changes["area_code"] = buurt_at(con, changes.get("x", current["x"]), changes.get("y", current["y"]))
    action = "close" if changes.get("closed") else "update"
    return _save_row(con, case_id, "facility", {"id": facility_id}, changes, who=Editor.of(author, domain),
                     action=action, expected_version=expected_version, at=at)


def close_facility(con, case_id: str, facility_id: str, *, author: str, domain: str,
                   expected_version: int | None = None, at: datetime | None = None) -> int:
    """Close a facility in the scenario (its capacity no longer counts)."""
    return update_facility(con, case_id, facility_id, {"closed": True}, author=author, domain=domain,
                           expected_version=expected_version, at=at)


def set_norm(con, case_id: str, facility_type: str, changes: dict, *, author: str, domain: str, woonmilieu: str = "",
             expected_version: int | None = None, at: datetime | None = None) -> int:
    """Override (fields of) the norm of ``facility_type`` (and woonmilieu) in the case; returns its version."""
    key = {"facility_type": facility_type, "woonmilieu": woonmilieu or ""}
    return _save_row(con, case_id, "norm", key, changes, who=Editor.of(author, domain), action="update",
                     expected_version=expected_version, at=at)


def add_initiative(con, case_id: str, initiative_id: str, fields: dict, *, author: str, domain: str,
                   at: datetime | None = None) -> int:
    """Add an initiative to the case only (``fields``: every field of ``KINDS['initiative']``, checked by
    lib.initiatives before); returns its version."""
    return _save_row(con, case_id, "initiative", {"initiative_id": initiative_id}, fields,
                     who=Editor.of(author, domain), action="add", expected_version=None, at=at, new=True)


def update_initiative(con, case_id: str, initiative_id: str, changes: dict, *, author: str, domain: str,
                      expected_version: int | None = None, guard=None, at: datetime | None = None) -> int:
    """Change an initiative in the case (one of the case or of the base data: the base row is never written),
    e.g. its status and room when a match is accepted; ``guard`` as in ``_save_row``. Returns its version."""
    return _save_row(con, case_id, "initiative", {"initiative_id": initiative_id}, changes,
                     who=Editor.of(author, domain), action="update", expected_version=expected_version, at=at,
                     guard=guard)


def buurt_at(con, x: float, y: float) -> str | None:
    """Code of the buurt containing the point (x, y) in EPSG:28992 metres, or None outside all buurten."""
    shapes = db.area_geoms(con, "buurt")
    found = geo.points_in_areas(np.array([float(x)]), np.array([float(y)]), shapes["code"].to_numpy(),
                                geo.from_wkb(shapes["geom"]))
    return found[0]


def rd_from_lonlat(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 longitude/latitude (a map click) → EPSG:28992 x, y in metres."""
    x, y = geo.lonlat_to_rd(np.array([float(lon)]), np.array([float(lat)]))
    return float(x[0]), float(y[0])


def edited(original: dict, form: dict) -> dict:
    """The fields of ``form`` whose value differs from ``original`` (what an editor actually changed)."""
    out = {}
    for k, v in form.items():
        a, b = plain(original.get(k)), plain(v)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            if math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9):
                continue
        elif a == b or (a in (None, "") and b in (None, "")):
            continue
        out[k] = v
    return out


# ----------------------------------------------------------------------------------------------------------------
# notes


def add_note(con, case_id: str, text: str, *, author: str, domain: str, area_code: str | None = None,
             at: datetime | None = None) -> str:
    """A note on the case or on one area (visible to everyone in the case); returns its id."""
    who = Editor.of(author, domain)
    text = str(text or "").strip()
    if not text:
        raise ValueError("an empty note")
    if len(text) > MAX_NOTE:
        raise ValueError(f"note longer than {MAX_NOTE} characters")
    at = at or now_utc()
    note_id = f"N-{secrets.token_hex(5)}"

    def body(cur):
        _require_case(cur, case_id)
        if area_code and db.find_area(cur, area_code) is None:
            raise ValueError(f"unknown area code {area_code}")
        db.note_insert(cur, {"case_id": case_id, "note_id": note_id, "area_code": area_code or None, "text": text,
                             "author": who.author, "domain": who.domain, "created_at": at, "deleted": False})
        _log(cur, case_id, who, at, "note", note_id, "add", 1, None,
             {"area_code": area_code or None, "text": text, "deleted": False})
        return note_id

    return db.write_retrying(con, body)


def notes(con, case_id: str, area_code: str | None = None) -> pd.DataFrame:
    """Notes of a case (or of one area in it), newest first: text, author, domain, created_at, area."""
    df = db.notes(con, case_id)
    return df[df["area_code"] == area_code].reset_index(drop=True) if area_code else df


# ----------------------------------------------------------------------------------------------------------------
# change log and undo


def changes(con, case_id: str) -> pd.DataFrame:
    """The change log, newest first: seq, changed_at, author, domain, kind, target, action, fields, before/after."""
    return db.changes(con, case_id)


def last_change(con, case_id: str) -> dict | None:
    """The latest change (author, domain, changed_at, kind, action…), or None."""
    return db.last_case_change(con, case_id)


def undo(con, case_id: str, seq: int, *, author: str, domain: str, at: datetime | None = None) -> int:
    """Undo change ``seq``: the fields it changed get their earlier values back. Returns the new change's seq.

    Undoing an addition takes the row out again (a note is hidden). Refused (``UndoRefused``) for the case's
    creation, a change already undone, or when a later change to the same row changed one of the same fields
    (undo that one first). Undoing an undo redoes the change."""
    who = Editor.of(author, domain)
    at = at or now_utc()

    def body(cur):
        _require_case(cur, case_id)
        ch = db.change_get(cur, case_id, seq)
        if ch is None:
            raise UnknownChange(f"no change {seq} in case {case_id}")
        if ch["action"] == "create":
            raise UndoRefused("the creation of a case cannot be undone")
        if ch["undone_by"] is not None:
            raise UndoRefused(f"change {seq} was already undone by change {ch['undone_by']}")
        kind, target = ch["kind"], ch["target"]
        before = None if ch["before_json"] is None else json.loads(ch["before_json"])
        touched = [f for f in (ch["fields"] or "").split(",") if f]
        later, last = _changed_since(cur, case_id, kind, target, ch["target_version"])
        current = _current_row(cur, kind, case_id, target)
        if before is None and kind in KINDS:  # a first change to a base row: its base values come back
            before = _effective_base(cur, kind, _key(kind, target))
        clash = sorted(set(touched) & later)
        if clash and before is not None:
            raise UndoRefused(f"{last['author']} changed {', '.join(clash)} of this {kind} later "
                              f"(change {last['seq']}); undo that one first")
        if before is None:  # undo an addition
            restored = None if kind != "note" else {**current, "deleted": True}
        elif current is None:
            restored = before
        else:
            restored = {**current, **{f: before.get(f) for f in touched}}
        version = db.target_max_version(cur, case_id, kind, target) + 1
        if kind == "note":
            db.note_set_deleted(cur, case_id, target, bool(restored["deleted"]))
        elif kind == "case":
            db.case_set_fields(cur, case_id, {f: restored[f] for f in touched})
        elif restored is None:
            db.case_row_delete(cur, KINDS[kind][0], case_id, _key(kind, target))
        else:
            db.case_row_put(cur, KINDS[kind][0], case_id, {**_key(kind, target), **restored, "version": version})
        new_seq = _log(cur, case_id, who, at, kind, target, "undo", version, current, restored, undo_of=int(seq))
        db.change_mark_undone(cur, case_id, seq, new_seq)
        return new_seq

    return db.write_retrying(con, body)


def _effective_base(cur, kind: str, key: dict) -> dict | None:
    """The base-data row as a case sees it before changing it (open, not removed), or None."""
    base = db.base_row_get(cur, KINDS[kind][0], key)
    if base is None:
        return None
    return _row({**base, "closed": False, "removed": False}, KINDS[kind][1])


def _current_row(cur, kind: str, case_id: str, target: str) -> dict | None:
    """The stored row a change applies to: overlay row, note or case fields (None when absent)."""
    if kind == "note":
        return _row(db.note_get(cur, case_id, target), ("area_code", "text", "deleted"))
    if kind == "case":
        return _row(db.case_get(cur, case_id), CASE_FIELDS)
    table, fields = KINDS[kind]
    return _row(db.case_row_get(cur, table, case_id, _key(kind, target)), fields)


def overlay_rows(con, case_id: str, kind: str) -> pd.DataFrame:
    """The case's overlay rows of one kind (plan, facility, norm) with their versions."""
    table, _ = KINDS[kind]
    return db.case_rows(con, table, case_id).drop(columns=["case_id"])
