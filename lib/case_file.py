"""A case as a JSON document that imports again: to move a case between servers or to archive it.

The document holds the case's fields, its overlay rows (plans, facilities, norms, initiatives with their versions), its
notes and its full change log (so undo keeps working after an import). Export → import → export gives the
same document. Units as in the database (dwellings, capacity in the norm's unit, EPSG:28992 metres).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

import pandas as pd

from lib import case_store, db

FORMAT = "voorzieningenwijzer-case"
FORMAT_VERSION = 1
_CASE = ["case_id", "name", "description", "horizon_year", "area_code", "illustrative", "version", "created_at",
         "created_by", "created_domain"]
_ROWS = {"plans": ("case_plans", ["plan_id"]), "facilities": ("case_facilities", ["id"]),
         "norms": ("case_norms", ["facility_type", "woonmilieu"]),
         "initiatives": ("case_initiatives", ["initiative_id"])}
_NOTE = ["note_id", "area_code", "text", "author", "domain", "created_at", "deleted"]
_CHANGE = ["seq", "changed_at", "author", "domain", "kind", "target", "action", "target_version", "fields",
           "undo_of", "undone_by"]


class CaseFileError(ValueError):
    """The JSON document is not a case file this version can import (every problem listed)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _plain_records(df: pd.DataFrame, cols: list[str]) -> list[dict]:
    return [{c: case_store.plain(r.get(c)) for c in cols} for r in df.to_dict("records")]


def export_case(con, name_or_id: str) -> dict:
    """The case as a JSON-ready dict (see the module docstring)."""
    case = case_store.get_case(con, name_or_id)
    cid = case["case_id"]
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION,
           "case": {c: case_store.plain(case.get(c)) for c in _CASE}}
    for name, (table, key) in _ROWS.items():
        rows = db.case_rows(con, table, cid).drop(columns=["case_id"]).sort_values(key)
        doc[name] = _plain_records(rows, list(rows.columns))
    notes = db.notes(con, cid, include_deleted=True).sort_values(["created_at", "note_id"])
    doc["notes"] = _plain_records(notes, _NOTE)
    changes = db.changes(con, cid).sort_values("seq")
    out = []
    for r in changes.to_dict("records"):
        row = {c: case_store.plain(r.get(c)) for c in _CHANGE}
        row["before"] = None if pd.isna(r["before_json"]) else json.loads(r["before_json"])
        row["after"] = None if pd.isna(r["after_json"]) else json.loads(r["after_json"])
        out.append(row)
    doc["changes"] = out
    return doc


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)


def _time(v):
    return None if v is None else datetime.fromisoformat(v)


def _check(con, doc: dict) -> list[str]:
    problems = []
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return [f"not a case file (expected format '{FORMAT}')"]
    if doc.get("format_version") != FORMAT_VERSION:
        problems.append(f"format_version {doc.get('format_version')} not supported (expected {FORMAT_VERSION})")
    case = doc.get("case") or {}
    for c in ("case_id", "name", "version"):
        if case.get(c) in (None, ""):
            problems.append(f"case.{c} is missing")
    for key in ("plans", "facilities", "norms", "initiatives", "notes", "changes"):
        if not isinstance(doc.get(key, []), list):
            problems.append(f"{key} must be a list")
    if problems:
        return problems
    codes = set(db.area_names(con)["code"])
    for i, p in enumerate(doc.get("plans", [])):
        if p.get("area_code") not in codes:
            problems.append(f"plans[{i}] ({p.get('plan_id')}): area {p.get('area_code')} is not in this database")
    for i, p in enumerate(doc.get("initiatives", [])):
        if p.get("area_code") is not None and p.get("area_code") not in codes:
            problems.append(f"initiatives[{i}] ({p.get('initiative_id')}): area {p.get('area_code')} is not in this "
                            "database")
    for i, n in enumerate(doc.get("notes", [])):
        if n.get("area_code") and n["area_code"] not in codes:
            problems.append(f"notes[{i}]: area {n['area_code']} is not in this database")
        if not n.get("text") or not n.get("author"):
            problems.append(f"notes[{i}]: text and author are required")
    seqs = [c.get("seq") for c in doc.get("changes", [])]
    if len(set(seqs)) != len(seqs):
        problems.append("changes: duplicate seq numbers")
    if seqs and max(seqs) != case.get("version"):
        problems.append(f"changes: the last change ({max(seqs)}) does not match case.version ({case.get('version')})")
    for i, c in enumerate(doc.get("changes", [])):
        if c.get("domain") not in case_store.DOMAINS or not c.get("author"):
            problems.append(f"changes[{i}]: author and a domain from {', '.join(case_store.DOMAINS)} are required")
    return problems


def import_case(con, doc: dict, *, name: str | None = None, new_id: bool = False, replace: bool = False) -> str:
    """Write a case document into the database (one transaction); returns the case id.

    An existing case with the same id is replaced only with ``replace``; ``new_id`` imports a copy under a fresh
    id (give a ``name`` when the old one is taken). Raises ``CaseFileError`` listing every problem."""
    problems = _check(con, doc)
    if problems:
        raise CaseFileError(problems)
    case = dict(doc["case"])
    old_id = case["case_id"]
    if name:
        case["name"] = " ".join(name.split())
    if new_id:
        case["case_id"] = f"{case_store.slug(case['name'])}-{secrets.token_hex(3)}"
    cid = case["case_id"]

    def body(cur):
        existing = db.case_get(cur, cid)
        if existing is not None and not replace:
            raise CaseFileError([f"a case with id '{cid}' exists already (use replace or new_id)"])
        if existing is not None:
            db.case_delete(cur, cid)
        if db.case_name_taken(cur, case["name"], cid):
            raise CaseFileError([f"a case named '{case['name']}' exists already (give another name)"])
        db.case_insert(cur, {**case, "created_at": _time(case.get("created_at"))})
        for key, (table, _) in _ROWS.items():
            for row in doc.get(key, []):
                db.case_row_put(cur, table, cid, dict(row))
        for n in doc.get("notes", []):
            db.note_insert(cur, {**n, "case_id": cid, "created_at": _time(n["created_at"])})
        for c in doc.get("changes", []):
            target = cid if c["kind"] == "case" and c["target"] == old_id else c["target"]
            db.change_insert(cur, {
                **{k: c.get(k) for k in _CHANGE}, "case_id": cid, "target": target,
                "changed_at": _time(c["changed_at"]),
                "before_json": None if c.get("before") is None else json.dumps(c["before"], ensure_ascii=False,
                                                                               sort_keys=True),
                "after_json": None if c.get("after") is None else json.dumps(c["after"], ensure_ascii=False,
                                                                             sort_keys=True)})
        db.bump_version(cur)
        return cid

    return db.write_retrying(con, body)


def loads(text: str) -> dict:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError([f"not valid JSON: {exc}"]) from None
