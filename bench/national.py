"""Generate a national-scale test dataset from the embedded real Utrecht data (for benchmarks only).

Utrecht's 111 buurten, their KWB 2024 population bands, KWB 2023 dwellings and the Mulier sports
facilities are replicated on a grid of offsets (16 km × 14 km steps, EPSG:28992) with distinct codes: copy k
becomes gemeente GM{k:04d} with buurten BU{k:04d}wwbb. With 131 copies that is 14,541 buurten,
1,310 wijken and 131 gemeenten. The real national DUO schools file is imported as published: only the
schools that fall inside a generated buurt are kept (the grid is synthetic, so those matches are arbitrary).
The result is SYNTHETIC: it has the size and shape of the country, not its facts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.core import db, geo
from lib.ingest import importing

COPIES = 131
DX, DY = 16_000.0, 14_000.0
COLS = 12
ORIGIN = (5_000.0, 300_000.0)  # lower-left of the first copy, RD metres


def offsets(n: int = COPIES) -> np.ndarray:
    k = np.arange(n)
    return np.column_stack([ORIGIN[0] + (k % COLS) * DX, ORIGIN[1] + (k // COLS) * DY])


def generate(src_db: Path, out_dir: Path, copies: int = COPIES) -> dict[str, Path]:
    """Write areas.geojson, population.csv, dwellings.csv and facilities.csv for ``copies`` municipalities."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = db.connect(src_db, read_only=True)
    areas = db.table(con, "areas", "level = 'buurt'")
    pop = db.table(con, "population", "year = 2024")
    dw = db.table(con, "dwellings")
    fac = db.table(con, "facilities", "source LIKE 'Mulier%'")
    con.close()
    geoms = geo.from_wkb(areas["geom"])
    minx, miny = shapely.total_bounds(geoms)[:2]
    parts_a, parts_p, parts_d, parts_f = [], [], [], []
    for k, (ox, oy) in enumerate(offsets(copies)):
        gm = f"{k + 1:04d}"
        code = areas["code"].map(lambda c, gm=gm: "BU" + gm + c[6:])
        moved = shapely.transform(geoms, lambda xy, ox=ox, oy=oy: xy - [minx, miny] + [ox, oy])
        parts_a.append(gpd.GeoDataFrame({"code": code, "name": areas["name"] + f" ({gm})"}, geometry=moved,
                                        crs="EPSG:28992"))
        m = dict(zip(areas["code"], code, strict=True))
        parts_p.append(pop.assign(area_code=pop["area_code"].map(m)))
        parts_d.append(dw.assign(area_code=dw["area_code"].map(m)))
        parts_f.append(fac.assign(id=fac["id"] + f"-{gm}", x=fac["x"] - minx + ox, y=fac["y"] - miny + oy))
    paths = {"areas": out_dir / "areas.geojson", "population": out_dir / "population.csv",
             "dwellings": out_dir / "dwellings.csv", "facilities": out_dir / "facilities.csv"}
    pd.concat(parts_a, ignore_index=True).to_file(paths["areas"], driver="GeoJSON")
    cols = ["area_code", "year", "age_min", "age_max", "persons"]
    pd.concat(parts_p, ignore_index=True)[cols].to_csv(paths["population"], index=False)
    pd.concat(parts_d, ignore_index=True)[["area_code", "year", "dwellings"]].to_csv(paths["dwellings"], index=False)
    pd.concat(parts_f, ignore_index=True)[["id", "name", "type", "capacity", "unit", "x", "y"]].to_csv(
        paths["facilities"], index=False)
    return paths


def build_national(files: dict[str, Path], db_path: Path, duo: Path, norms: Path) -> None:
    """Import the generated files (and the real DUO file) through the normal importers."""
    for p in (db_path, Path(str(db_path) + ".wal")):
        p.unlink(missing_ok=True)
    con = db.connect(db_path)
    for kind in ("areas", "population", "dwellings", "facilities"):
        importing.import_file(con, kind, files[kind])
    importing.import_file(con, "facilities", duo)
    importing.import_file(con, "norms", norms)
    db.set_setting(con, "base_year", "2024")
    con.close()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(db.DEFAULT_DB))
    ap.add_argument("--out", default="/tmp/vzw_national")
    ap.add_argument("--copies", type=int, default=COPIES)
    a = ap.parse_args()
    print(generate(Path(a.src), Path(a.out), a.copies))
