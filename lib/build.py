"""Build the embedded Utrecht database from the files in data/ (the order matters: areas first)."""

from __future__ import annotations

from pathlib import Path

from lib import case_example, db, importing

DATA = db.ROOT / "data"
RAW = DATA / "raw"

#: (kind, file, year) in import order. Wijk polygons are not imported: wijk geometry is the dissolve of
#: the buurten (the CBS wijk layer is generalised separately; see data/SOURCES.md).
EMBEDDED = [
    ("areas", RAW / "cbs_gebiedsindeling_cartomap" / "buurt_2024.geojson", None),
    ("kwb", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht-kwb-2023.xlsx", 2023),
    ("kwb", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht-kwb-2024.xlsx", 2024),
    ("nabijheid", RAW / "cbs_kwb_utrecht" / "CBS-Utrecht_Nabijheid_voorzieningen__buurt_2023_14102024_164034.csv",
     2023),
    ("facilities", RAW / "duo_scholen_edugis" / "scholen.geo.json", None),
    ("facilities", RAW / "mulier_sportaccommodaties" / "mulier-instituut_sportaccomodaties_Utrecht.csv", None),
    ("norms", DATA / "norms_default.csv", None),
    # illustrative (made up, labelled as such in every row): rooms at real facilities, initiatives in real buurten
    ("rooms", DATA / "rooms_illustrative.csv", None),
    ("initiatives", DATA / "initiatives_illustrative.csv", None),
]
BASE_YEAR = 2024


def build(path: str | Path = db.DEFAULT_DB, log=print) -> Path:
    """(Re)build the database at ``path`` from the embedded data; an existing file is replaced."""
    path = Path(path)
    tmp = path.with_name(path.name + ".building")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    con = db.connect(tmp)
    try:
        for kind, file, year in EMBEDDED:
            parsed = importing.import_file(con, kind, file, year=year)
            log(f"{kind:<11} {file.name}: {parsed.summary}")
        db.set_setting(con, "base_year", str(BASE_YEAR))
        db.set_setting(con, "municipality", "GM0344 Utrecht")
        case_id = case_example.ensure(con)
        log(f"{'case':<11} illustrative example case: {case_id}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    tmp.rename(path)
    return path


def ensure(path: str | Path = db.DEFAULT_DB, log=print) -> Path:
    """Build the database on first use (no file yet); return its path."""
    path = Path(path)
    if not path.exists():
        build(path, log=log)
    return path
