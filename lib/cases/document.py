"""A case as a JSON document that imports again: to move a case between servers or to archive it.

The document holds the case's fields, its overlay rows (plans, facilities, norms, initiatives, area-agenda items, with
their versions), its
notes and its full change log (so undo keeps working after an import). Export → import → export gives the
same document. Units as in the database (dwellings, capacity in the norm's unit, EPSG:28992 metres).
"""

from __future__ import annotations

import json
import math
import re
import secrets
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from lib.cases import store
from lib.core import db, geo
from lib.ingest import agenda as agenda_file
from lib.ingest.files import mb

FORMAT = "voorzieningenwijzer-case"
FORMAT_VERSION = 1
MAX_BYTES = 20 * 1024 * 1024  # a case file larger than this is refused unread
MAX_PROBLEMS = 50  # problems listed; the rest are counted
MAX_ID = 200  # characters of an id or code (plan, facility, note, area, facility type)
MAX_TEXT = 500  # characters of a name, label, source or unit
MAX_LONG = store.MAX_NOTE  # characters of a description or note text
_CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
_CASE = ["case_id", "name", "description", "horizon_year", "area_code", "illustrative", "version", "created_at",
         "created_by", "created_domain"]
#: document section → (overlay table, kind in the change log, key columns)
_ROWS = {"plans": ("case_plans", "plan", ["plan_id"]), "facilities": ("case_facilities", "facility", ["id"]),
         "norms": ("case_norms", "norm", ["facility_type", "woonmilieu"]),
         "initiatives": ("case_initiatives", "initiative", ["initiative_id"]),
         "agenda": ("case_agenda", "agenda", ["project_id"])}
_NOTE = ["note_id", "area_code", "text", "author", "domain", "created_at", "deleted"]
_CHANGE = ["seq", "changed_at", "author", "domain", "kind", "target", "action", "target_version", "fields",
           "undo_of", "undone_by"]
_TOP = ("format", "format_version", "case", "plans", "facilities", "norms", "initiatives", "agenda", "notes",
        "changes")
_ACTIONS = ("create", "add", "update", "remove", "close", "undo")


class CaseFileError(ValueError):
    """The JSON document is not a case file this version can import (every problem listed, nothing written).

    ``problems`` are one-line messages, each starting with the file name when it is known
    (``case.json: plans[2]: unknown key 'name) SELECT…'``)."""

    def __init__(self, problems: list[str], source: str | None = None):
        if len(problems) > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS} more problems"]
        self.problems = [f"{source}: {p}" for p in problems] if source else list(problems)
        super().__init__("; ".join(self.problems))


def _plain_records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    return [{c: store.plain(r.get(c)) for c in cols} for r in df.to_dict("records")]


def export_case(con, name_or_id: str) -> dict:
    """The case as a JSON-ready dict (see the module docstring)."""
    case = store.get_case(con, name_or_id)
    cid = case["case_id"]
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION,
           "case": {c: store.plain(case.get(c)) for c in _CASE}}
    for name, (table, _, key) in _ROWS.items():
        rows = db.case_rows(con, table, cid).drop(columns=["case_id"]).sort_values(key)
        doc[name] = _plain_records(rows, list(rows.columns))
    notes = db.notes(con, cid, include_deleted=True).sort_values(["created_at", "note_id"])
    doc["notes"] = _plain_records(notes, _NOTE)
    changes = db.changes(con, cid).sort_values("seq")
    out = []
    for r in changes.to_dict("records"):
        row = {c: store.plain(r.get(c)) for c in _CHANGE}
        row["before"] = None if pd.isna(r["before_json"]) else json.loads(r["before_json"])
        row["after"] = None if pd.isna(r["after_json"]) else json.loads(r["after_json"])
        out.append(row)
    doc["changes"] = out
    return doc


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)


def _time(v):
    return None if v is None else datetime.fromisoformat(v)


# --- validation of a whole document (before anything is written) ---------------------------------------------
def _shown(v) -> str:
    """A value as it appears in a message: repr, cut to 40 characters."""
    r = repr(v)
    return r if len(r) <= 40 else r[:39] + "…"


def _what(v) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(v), "a number")


def _text(max_len: int, nonempty: bool = True):
    def check(v):
        if not isinstance(v, str):
            return f"must be text, not {_what(v)}"
        if nonempty and not v.strip():
            return "must not be empty"
        if len(v) > max_len:
            return f"is longer than {max_len} characters"
        return None
    return check


def _number(lo: float, hi: float, whole: bool = False):
    def check(v):
        ok = isinstance(v, int) if whole else isinstance(v, (int, float))
        if isinstance(v, bool) or not ok or not math.isfinite(v) or not lo <= v <= hi:
            kind = "a whole number" if whole else "a number"
            return f"must be {kind} from {lo:g} to {hi:g}, not {_shown(v)}"
        return None
    return check


def _bool(v):
    return None if isinstance(v, bool) else f"must be true or false, not {_shown(v)}"


def _choice(options):
    def check(v):
        return None if v in options else f"must be one of {', '.join(options)}, not {_shown(v)}"
    return check


def _timestamp(v):
    if not isinstance(v, str) or len(v) > 40:
        return f"must be a date and time (ISO 8601), not {_shown(v)}"
    try:
        datetime.fromisoformat(v)
    except ValueError:
        return f"must be a date and time (ISO 8601), not {_shown(v)}"
    return None


def _case_id(v):
    if not isinstance(v, str) or not _CASE_ID.fullmatch(v):
        return f"must be 1-80 letters, digits, '.', '_' or '-', not {_shown(v)}"
    return None


_VERSION = _number(0, 1e9, whole=True)
_YEAR = _number(2000, 2100, whole=True)
_ID = _text(MAX_ID)
_X0, _Y0, _X1, _Y1 = geo.NL_BOUNDS
#: Per section: field → (check, required). A field that is not required may be null. Ranges as in
#: ``store._validate`` (dwellings, capacity in the norm's unit, x/y in EPSG:28992 metres).
_SPECS: dict[str, dict[str, tuple]] = {
    "case": {"case_id": (_case_id, True), "name": (_text(MAX_TEXT), True),
             "description": (_text(MAX_LONG, False), False), "horizon_year": (_YEAR, False), "area_code": (_ID, False),
             "illustrative": (_bool, False), "version": (_number(1, 1e9, whole=True), True),
             "created_at": (_timestamp, False), "created_by": (_text(store.MAX_AUTHOR), False),
             "created_domain": (_choice(store.DOMAINS), False)},
    "plans": {"plan_id": (_ID, True), "name": (_text(MAX_TEXT, False), False), "area_code": (_ID, True),
              "year": (_YEAR, True), "dwellings": (_number(0, 1e6), True),
              "demolished": (_number(0, 1e6), False),
              "dwelling_type": (_text(MAX_TEXT, False), False), "removed": (_bool, False), "version": (_VERSION, True)},
    "facilities": {"id": (_ID, True), "name": (_text(MAX_TEXT, False), False), "type": (_ID, True),
                   "x": (_number(_X0, _X1), True), "y": (_number(_Y0, _Y1), True), "capacity": (_number(0, 1e7), False),
                   "unit": (_text(MAX_TEXT), True), "area_code": (_ID, False), "closed": (_bool, False),
                   "version": (_VERSION, True)},
    "norms": {"facility_type": (_ID, True), "woonmilieu": (_text(MAX_ID, False), True),
              "basis": (_text(MAX_TEXT), True), "amount": (_number(0, 1e9), True), "per": (_number(1e-9, 1e12), True),
              "unit": (_text(MAX_TEXT), True),
              "catchment_m": (_number(0, 1e6), False), "service_level": (_text(MAX_TEXT, False), False),
              "source": (_text(MAX_TEXT, False), False), "status": (_text(MAX_TEXT, False), False),
              "version": (_VERSION, True)},
    "initiatives": {"initiative_id": (_ID, True), "name": (_text(MAX_TEXT), True),
                    "organiser": (_text(MAX_TEXT, False), False), "area_code": (_ID, True),
                    "activity": (_text(MAX_TEXT, False), False), "participants": (_number(1, 1e6, whole=True), True),
                    "hours_per_week": (_number(0, 168), True), "time_block": (_ID, True), "room_type": (_ID, True),
                    "accessible_required": (_bool, True), "max_distance_m": (_number(0, 1e7), True),
                    "status": (_ID, True), "facility_id": (_ID, False), "room_id": (_ID, False),
                    "version": (_VERSION, True)},
    "agenda": {"project_id": (_ID, True), "name": (_text(MAX_TEXT, False), False),
               "domain": (_choice(agenda_file.DOMAINS), False), "area_code": (_ID, False),
               "start_year": (_YEAR, False), "end_year": (_YEAR, False), "kind": (_text(MAX_TEXT, False), False),
               "budget_eur": (_number(0, agenda_file.MAX_BUDGET_EUR), False),
               "status": (_choice(agenda_file.STATUSES), False), "owner": (_text(MAX_TEXT, False), False),
               "illustrative": (_bool, False), "removed": (_bool, False), "version": (_VERSION, True)},
    "notes": {"note_id": (_ID, True), "area_code": (_ID, False), "text": (_text(MAX_LONG), True),
              "author": (_text(store.MAX_AUTHOR), True), "domain": (_choice(store.DOMAINS), True),
              "created_at": (_timestamp, True), "deleted": (_bool, False)},
    "changes": {"seq": (_number(1, 1e9, whole=True), True), "changed_at": (_timestamp, True),
                "author": (_text(store.MAX_AUTHOR), True), "domain": (_choice(store.DOMAINS), True),
                "kind": (_choice(("case", *store.KINDS, "note")), True), "target": (_text(2 * MAX_ID + 1), True),
                "action": (_choice(_ACTIONS), True), "target_version": (_VERSION, False),
                "fields": (_text(2000, False), False), "undo_of": (_number(1, 1e9, whole=True), False),
                "undone_by": (_number(1, 1e9, whole=True), False), "before": (None, False), "after": (None, False)},
}
#: The fields a change of each kind may name (in ``fields``, ``before`` and ``after``), with their section.
_CHANGE_FIELDS = {"case": ("case", store.CASE_FIELDS), "note": ("notes", ("area_code", "text", "deleted")),
                  **{kind: (section, store.KINDS[kind][1]) for section, (_, kind, _) in _ROWS.items()}}


def _fields(where: str, row, spec: dict, problems: list[str], all_optional: bool = False) -> bool:
    """Check one object against its spec: known keys, types, lengths, ranges; False when it is not an object."""
    if not isinstance(row, dict):
        problems.append(f"{where}: must be an object, not {_what(row)}")
        return False
    for key in row:
        if key not in spec:
            problems.append(f"{where}: unknown key {_shown(key)}")
    for key, (check, required) in spec.items():
        v = row.get(key)
        if v is None:
            if required and not all_optional:
                problems.append(f"{where}: {key} is missing")
        elif check is not None and (msg := check(v)):
            problems.append(f"{where}: {key} {msg}")
    return True


def _label(row: dict, key: list[str]) -> str:
    return "|".join(str(row.get(k))[:MAX_ID] for k in key)


def _check_change(where: str, c: dict, case_id, problems: list[str]) -> None:
    """The fields a change names (``fields``, ``before``, ``after``) must be fields of its kind, with valid values."""
    if c.get("kind") not in _CHANGE_FIELDS:
        return
    section, allowed = _CHANGE_FIELDS[c["kind"]]
    if c["kind"] == "case" and c.get("target") != case_id:
        problems.append(f"{where}: target {_shown(c.get('target'))} is not this case ({_shown(case_id)})")
    if isinstance(c.get("fields"), str):
        for f in (f for f in c["fields"].split(",") if f):
            if f not in allowed:
                problems.append(f"{where}: fields names {_shown(f)}, not a {c['kind']} field")
    spec = {f: _SPECS[section][f] for f in allowed}
    for side in ("before", "after"):
        if c.get(side) is not None:
            _fields(f"{where}.{side}", c[side], spec, problems, all_optional=True)


def _check(con, doc) -> list[str]:
    """Every problem of the document (empty: it can be imported into this database as it is)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return [f"not a case file (expected a JSON object with format '{FORMAT}')"]
    problems = [f"unknown key {_shown(k)}" for k in doc if k not in _TOP]
    if doc.get("format_version") != FORMAT_VERSION:
        problems.append(f"format_version {_shown(doc.get('format_version'))} not supported (expected {FORMAT_VERSION})")
    case = doc.get("case")
    if not _fields("case", case, _SPECS["case"], problems):
        return problems
    sections = {}
    for key in ("plans", "facilities", "norms", "initiatives", "agenda", "notes", "changes"):
        rows = doc.get(key, [])
        if not isinstance(rows, list):
            problems.append(f"{key} must be a list, not {_what(rows)}")
            rows = []
        sections[key] = [(i, r) for i, r in enumerate(rows) if _fields(f"{key}[{i}]", r, _SPECS[key], problems)]
    if problems:  # types first: the checks against the database below rely on them
        return problems

    areas = dict(db.area_names(con)[["code", "level"]].itertuples(index=False))
    if case.get("area_code") is not None and case["area_code"] not in areas:
        problems.append(f"case: area_code {_shown(case['area_code'])} is not an area in this database")
    added = {(c["kind"], c["target"]) for _, c in sections["changes"] if c["action"] == "add"}
    for section, (table, kind, key) in _ROWS.items():
        base = db.base_keys(con, table)
        seen = set()
        for i, row in sections[section]:
            k = tuple(row[c] for c in key)
            where = f"{section}[{i}] ({_shown(_label(row, key))})"
            if k in seen:
                problems.append(f"{where}: {'/'.join(key)} appears twice")
            seen.add(k)
            if k not in base:  # a case changes base rows or rows it added itself (norms: base rows only)
                if kind == "norm":
                    problems.append(f"{where}: no norm for {_shown(_label(row, key))} in this database")
                elif (kind, k[0]) not in added:
                    problems.append(f"{where}: no {kind} {_shown(k[0])} in this database and the case did not add it")
            code = row.get("area_code")  # required for plans; a facility outside every buurt has none
            if kind == "agenda":  # agenda items may lie in a buurt, wijk or gemeente
                if code is not None and code not in areas:
                    problems.append(f"{where}: area_code {_shown(code)} is not an area in this database")
                continue
            levels = ("buurt", "wijk") if kind == "initiative" else ("buurt",)  # an initiative: buurt or wijk
            if kind != "norm" and code is not None and areas.get(code) not in levels:
                problems.append(f"{where}: area_code {_shown(code)} is not a {' or '.join(levels)} in this database")
    note_ids = set()
    for i, n in sections["notes"]:
        if n["note_id"] in note_ids:
            problems.append(f"notes[{i}]: note_id {_shown(n['note_id'])} appears twice")
        note_ids.add(n["note_id"])
        if n.get("area_code") is not None and n["area_code"] not in areas:
            problems.append(f"notes[{i}]: area_code {_shown(n['area_code'])} is not an area in this database")
    seqs = [c["seq"] for _, c in sections["changes"]]
    if len(set(seqs)) != len(seqs):
        problems.append("changes: duplicate seq numbers")
    if seqs and max(seqs) != case["version"]:
        problems.append(f"changes: the last change ({max(seqs)}) does not match case.version ({case['version']})")
    for i, c in sections["changes"]:
        _check_change(f"changes[{i}]", c, case["case_id"], problems)
        for ref in ("undo_of", "undone_by"):
            if c.get(ref) is not None and c[ref] not in seqs:
                problems.append(f"changes[{i}]: {ref} {c[ref]} is not a change in this file")
    return problems


def check(con, doc) -> list[str]:
    """Every problem that keeps ``doc`` from being imported into this database (empty list: none)."""
    return _check(con, doc)


# --- import ---------------------------------------------------------------------------------------------------
def import_case(con, doc: dict, *, name: str | None = None, new_id: bool = False, replace: bool = False,
                source: str | None = None) -> str:
    """Write a case document into the database (one transaction); returns the case id.

    The whole document is validated first (``check``): known keys only, types, lengths, ranges, areas and base
    rows that exist in this database. An existing case with the same id is replaced only with ``replace``;
    ``new_id`` imports a copy under a fresh id (give a ``name`` when the old one is taken). Raises
    ``CaseFileError`` listing every problem (prefixed with ``source``, the file name); nothing is written then."""
    problems = _check(con, doc)
    if name is not None and (msg := _text(MAX_TEXT)(name)):
        problems.append(f"the new name {msg}")
    if problems:
        raise CaseFileError(problems, source)
    case = {c: doc["case"].get(c) for c in _CASE}
    old_id = case["case_id"]
    if name:
        case["name"] = " ".join(name.split())
    if new_id:
        case["case_id"] = f"{store.slug(case['name'])}-{secrets.token_hex(3)}"
    cid = case["case_id"]

    def body(cur):
        existing = db.case_get(cur, cid)
        if existing is not None and not replace:
            raise CaseFileError([f"a case with id '{cid}' exists already (use replace or new_id)"], source)
        if existing is not None:
            db.case_delete(cur, cid)
        if db.case_name_taken(cur, case["name"], cid):
            raise CaseFileError([f"a case named '{case['name']}' exists already (give another name)"], source)
        db.case_insert(cur, {**case, "created_at": _time(case.get("created_at"))})
        for section, (table, _, _) in _ROWS.items():
            for row in doc.get(section, []):
                db.case_row_put(cur, table, cid, {k: row[k] for k in _SPECS[section] if k in row})
        for n in doc.get("notes", []):
            db.note_insert(cur, {**{k: n.get(k) for k in _NOTE}, "case_id": cid, "deleted": bool(n.get("deleted")),
                                 "created_at": _time(n["created_at"])})
        for c in doc.get("changes", []):
            target = cid if c["kind"] == "case" and c["target"] == old_id else c["target"]
            db.change_insert(cur, {
                **{k: c.get(k) for k in _CHANGE}, "case_id": cid, "target": target,
                "changed_at": _time(c["changed_at"]),
                "before_json": None if c.get("before") is None else json.dumps(c["before"], ensure_ascii=False,
                                                                               sort_keys=True),
                "after_json": None if c.get("after") is None else json.dumps(c["after"], ensure_ascii=False,
                                                                             sort_keys=True)})
        db.bump_version(cur, base=False)
        return cid

    try:
        return db.write_retrying(con, body)
    except duckdb.Error as exc:  # rolled back: nothing changed
        raise CaseFileError([f"the database refused the case: {str(exc).splitlines()[0]}"], source) from None


def loads(text: str | bytes, source: str | None = None) -> dict:
    """The JSON document in ``text`` (str, or bytes in UTF-8); CaseFileError for anything that is not JSON."""
    if len(text) > MAX_BYTES:
        raise CaseFileError([f"file is too large ({mb(len(text))}; the limit is {mb(MAX_BYTES)})"],
                            source)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseFileError([f"not UTF-8 text (byte {exc.start})"], source) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError([f"not valid JSON: {exc}"], source) from None
    except (ValueError, RecursionError) as exc:  # e.g. a number of more than 4300 digits, nesting too deep
        raise CaseFileError([f"not a JSON document this program can read: {type(exc).__name__}"], source) from None


def read(path: str | Path) -> dict:
    """The JSON document in the file at ``path`` (CaseFileError naming the file when it cannot be read)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CaseFileError([f"file is too large ({mb(size)}; the limit is {mb(MAX_BYTES)})"],
                                str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise CaseFileError([f"cannot read the file: {exc.strerror or exc}"], str(path)) from None
    return loads(data, str(path))


def import_upload(con, filename: str, data: bytes) -> str:
    """An uploaded case file (the Werksessie page): validated as a whole, then imported; a case whose id or name
    is taken comes in as a copy under a fresh id and a free name. Returns the new case id; CaseFileError
    naming the file lists every problem (nothing written)."""
    doc = loads(data, filename)
    problems = _check(con, doc)
    if problems:
        raise CaseFileError(problems, filename)
    case = doc["case"]
    return import_case(con, doc, new_id=store.exists(con, case["case_id"]),
                       name=store.free_name(con, case["name"]), source=filename)
