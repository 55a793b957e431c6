"""The illustrative example case shipped with the embedded Utrecht data, so the Werksessie page is never empty.

Defined in ``data/example_case.json``: made-up housing plans in Merwede (CBS buurt Transwijk-Zuid),
Leidsche Rijn-Centrum and Rijnvliet, sized on the city-level growth figure in data/SOURCES.md, and one
primary school closed. It is flagged ``illustrative`` and says "Illustratief voorbeeld — geen echte
plannen" wherever it is shown. Created through the normal case API, so its changes can be undone too.
"""

from __future__ import annotations

import json
from pathlib import Path

from lib.cases import store
from lib.core import db

EXAMPLE_FILE = db.ROOT / "data" / "example_case.json"


def definition(path: Path = EXAMPLE_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def applicable(con, spec: dict | None = None) -> bool:
    """True when the database holds the areas and facilities the example refers to (the embedded Utrecht data)."""
    spec = spec or definition()
    codes = {p["area_code"] for p in spec["plans"]} | ({spec["area_code"]} if spec.get("area_code") else set())
    if any(db.find_area(con, c) is None for c in codes):
        return False
    return all(db.base_row_get(con, "case_facilities", {"id": f}) is not None for f in spec["close_facilities"])


def ensure(con, path: Path = EXAMPLE_FILE) -> str | None:
    """Create the example case once (when the data fits and it does not exist yet); returns its id or None."""
    spec = definition(path)
    cid = spec["case_id"]
    if db.case_get(con, cid) is not None:
        return cid
    if not applicable(con, spec):
        return None
    who = {"author": spec["author"], "domain": spec["domain"]}
    try:
        store.create_case(con, spec["name"], description=spec["description"], horizon_year=spec["horizon_year"],
                               area_code=spec.get("area_code"), illustrative=True, case_id=cid, **who)
    except (ValueError, *db.DUPLICATE_KEY):
        return cid if db.case_get(con, cid) is not None else None  # another session created it just now
    for p in spec["plans"]:
        store.add_plan(con, cid, plan_id=p["plan_id"], name=p["name"], area_code=p["area_code"], year=p["year"],
                            dwellings=p["dwellings"], **who)
    for fid in spec["close_facilities"]:
        store.close_facility(con, cid, fid, **who)
    for n in spec.get("notes", []):
        store.add_note(con, cid, n["text"], area_code=n.get("area_code"), **who)
    return cid
