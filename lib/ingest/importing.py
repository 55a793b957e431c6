"""Import orchestration: recognise the file, validate it completely, then write it in one transaction.

On any problem nothing is written and ``ImportFailed`` carries every ``file:row:column: message``.
Re-importing rows with the same keys replaces them (population: all age bands of each buurt and year in the
file; rooms: all rooms of each facility in the file); everything else stays.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.core import cbs, db, geo
from lib.ingest import initiatives
from lib.ingest.agenda import read_agenda
from lib.ingest.areas import derive_areas, read_areas
from lib.ingest.capacity import read_capacities
from lib.ingest.cbs_tables import is_kwb, read_kwb, read_nabijheid
from lib.ingest.facilities import read_facilities
from lib.ingest.files import head, sha256
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems
from lib.ingest.tables import read_dwellings, read_facility_rules, read_norms, read_plans, read_population

KINDS = ("areas", "population", "dwellings", "facilities", "plans", "norms", "kwb", "nabijheid", "rooms",
         "initiatives", "agenda", "capacity", "facility_rules")
#: Tables a file replaces as a whole (the file is the complete set).
REPLACED_WHOLE = ("facility_rules",)


def context(con) -> Context:
    areas = db.table(con, "areas")
    areas["geom"] = geo.from_wkb(areas["geom"]) if len(areas) else []
    base_year = db.get_setting(con, "base_year")
    return Context(areas, db.facility_index(con), int(base_year) if base_year else None)


def _looks_like_kwb(path: Path) -> bool:
    """Is a population/dwellings file a CBS KWB table? Spreadsheets always are (the generic readers take CSV only,
    and the KWB reader checks a workbook's size and zip before opening it); a CSV is sniffed from its first bytes,
    never read whole."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls"):
        return True
    if suffix != ".csv":
        return False
    try:
        lines = head(path).decode("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return False
    if not lines:
        return False
    return is_kwb(c.strip().strip('"').lower() for c in lines[0].replace(";", ",").split(","))


def parse(con, kind: str, path: str | Path, year: int | None = None) -> Parsed:
    """Validate ``path`` as ``kind``; raise ImportFailed with all problems, else return what to write."""
    path = Path(path)
    if kind not in KINDS:
        unknown = Problems(path.name)
        unknown.add(None, None, f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
        unknown.raise_if_any()
    ctx = context(con)
    if kind in ("population", "dwellings") and _looks_like_kwb(path):
        kind = "kwb"
    if kind == "areas":
        parsed, problems = read_areas(path, ctx)
    elif kind == "kwb":
        parsed, problems = read_kwb(path, ctx, year)
    elif kind == "nabijheid":
        parsed, problems = read_nabijheid(path, ctx, year)
    elif kind == "population":
        parsed, problems = read_population(path, ctx)
    elif kind == "dwellings":
        parsed, problems = read_dwellings(path, ctx)
    elif kind == "facilities":
        parsed, problems = read_facilities(path, ctx)
    elif kind == "plans":
        parsed, problems = read_plans(path, ctx)
    elif kind in ("rooms", "initiatives"):  # initiatives seek space (lib/initiatives, issue 15)
        reader = initiatives.read_rooms if kind == "rooms" else initiatives.read_initiatives
        parsed, problems = reader(path, ctx, initiatives.known(con))
    elif kind == "agenda":
        parsed, problems = read_agenda(path, ctx)
    elif kind == "capacity":
        parsed, problems = read_capacities(path, ctx)
    elif kind == "facility_rules":
        parsed, problems = read_facility_rules(path, ctx)
    else:
        parsed, problems = read_norms(path, ctx)
    problems.raise_if_any()
    assert parsed is not None
    return parsed


def write(con, parsed: Parsed, path: str | Path) -> None:
    """Write validated rows, area attribute updates, provenance and quality notes in one transaction (a new
    snapshot when ``con`` is read-only); the data version is bumped in it, so every cache sees the import."""
    path = Path(path)
    with db.transaction(con):
        for name, where in parsed.clear:
            db.clear(con, name, where)
        for name, df in parsed.tables.items():
            if name == "areas":
                _write_areas(con, df)
            elif name in REPLACED_WHOLE:
                db.clear(con, name)
                db.replace_rows(con, name, df)
            else:
                if name == "population" and len(df):
                    # Age bands of a buurt and year are replaced as a set: keeping stored bands with other
                    # age_min (e.g. 15-64 next to an imported 0-19) would count persons twice.
                    pairs = (df["area_code"].astype(str) + "|" + df["year"].astype(str)).unique().tolist()
                    db.clear(con, "population", "list_contains(?, area_code || '|' || CAST(year AS VARCHAR))",
                             [pairs])
                if name == "rooms":  # the rooms of a facility are replaced as a set (a room left out is gone)
                    db.clear_rooms_of(con, df["facility_id"].unique().tolist())
                db.replace_rows(con, name, df)
        if parsed.area_updates is not None and len(parsed.area_updates):
            _update_areas(con, parsed.area_updates)
        db.record_provenance(con, parsed.kind, path.name, parsed.fmt, sha256(path), parsed.rows, parsed.licence,
                             parsed.summary)
        db.record_quality(con, parsed.kind, path.name, parsed.notes)
        db.bump_version(con)


def import_file(con, kind: str, path: str | Path, year: int | None = None) -> Parsed:
    """Validate and write one file; returns what was written (raises ImportFailed, writing nothing)."""
    parsed = parse(con, kind, path, year)
    write(con, parsed, path)
    return parsed


def _write_areas(con, incoming: pd.DataFrame) -> None:
    current = db.table(con, "areas")
    keep = current[~current["code"].isin(incoming["code"])]
    if "woonmilieu_override" not in incoming:
        old = current.set_index("code")["woonmilieu_override"]
        incoming = incoming.assign(woonmilieu_override=incoming["code"].map(old))
    for col in ("ste_mvs", "woonmilieu"):
        if col not in incoming:
            incoming = incoming.assign(**{col: incoming["code"].map(current.set_index("code")[col])})
    frames = [f for f in (keep, incoming) if len(f)]
    full = derive_areas(pd.concat(frames, ignore_index=True))
    _store_areas(con, full)


def _update_areas(con, updates: pd.DataFrame) -> None:
    a = db.table(con, "areas").set_index("code")
    u = updates.set_index("code")
    for col in ("name", "ste_mvs"):
        if col in u:
            vals = u[col].dropna()
            a[col] = a[col].astype(object)
            a.loc[vals.index, col] = vals.astype(object)
    a["woonmilieu"] = cbs.woonmilieu_from_ste_mvs(a["ste_mvs"])
    _store_areas(con, a.reset_index())


def _store_areas(con, full: pd.DataFrame) -> None:
    cols = ["code", "name", "level", "parent_code", "ste_mvs", "woonmilieu", "woonmilieu_override", "geom",
            "geom_simple", "cx", "cy", "rx", "ry", "geom_source", "source"]
    full = full.reindex(columns=cols)
    full["ste_mvs"] = pd.to_numeric(full["ste_mvs"], errors="coerce").astype("Int64")
    full["woonmilieu"] = cbs.woonmilieu_from_ste_mvs(full["ste_mvs"])
    for c in ("name", "level", "parent_code", "woonmilieu", "woonmilieu_override", "geom_source", "source"):
        full[c] = full[c].astype(object).where(full[c].notna(), None)
    db.clear(con, "areas")
    db.replace_rows(con, "areas", full)
