"""One measured step per process, so peak memory (ru_maxrss) belongs to that step alone.

Usage: python -m bench.steps STEP [args] → prints one JSON line {"step", "seconds": [...], "peak_mb", ...}.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import db, gaps, pipeline
from lib.ui import maps

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(int(runs)):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def build_utrecht(out: str, runs: int = 3) -> dict:
    from lib import embedded

    return {"seconds": _timed(lambda: embedded.build(out, log=lambda *_: None), runs)}


def build_national(src: str, out: str, runs: int = 3) -> dict:
    from bench import national

    files = national.generate(Path(src), Path(out).parent / "national_files")
    duo = ROOT / "data/raw/duo_scholen_edugis/scholen.geo.json"
    secs = _timed(lambda: national.build_national(files, Path(out), duo, ROOT / "data/norms_default.csv"), runs)
    con = db.connect(out, read_only=True)
    counts = {lvl: int(n) for lvl, n in con.execute("SELECT level, count(*) FROM areas GROUP BY level").fetchall()}
    fac = int(con.execute("SELECT count(*) FROM facilities").fetchone()[0])
    con.close()
    return {"seconds": secs, "areas": counts, "facilities": fac}


def gaps_all_years(path: str, runs: int = 5) -> dict:
    con = db.connect(path, read_only=True)
    inp = pipeline.inputs(con)
    years = list(range(inp.base_year, 2041))
    rows = {}

    def run():
        rows["n"] = len(pipeline.gap_table(inp, years=years).table)
    secs = _timed(run, runs)
    buurten = int((inp.areas["level"] == "buurt").sum())
    return {"seconds": secs, "rows": rows["n"], "years": len(years), "buurten": buurten}


def gaps_one_municipality(path: str, gm: str, runs: int = 7) -> dict:
    con = db.connect(path, read_only=True)
    inp = pipeline.inputs(con)
    codes = set(inp.areas.loc[inp.areas["code"].str[2:6] == gm[2:6], "code"])
    sub = inp.with_(areas=inp.areas[inp.areas["code"].isin(codes)],
                    facilities=inp.facilities[inp.facilities["area_code"].isin(codes)])
    secs = _timed(lambda: pipeline.gap_table(sub, years=[inp.base_year]), runs)
    return {"seconds": secs, "areas": len(codes)}


def map_payload(path: str) -> dict:
    con = db.connect(path, read_only=True)
    inp = pipeline.inputs(con)
    table = pipeline.gap_table(inp, years=[inp.base_year], types=["primary_school"]).table
    out = {}
    for level in ("buurt", "wijk", "gemeente"):
        t = time.perf_counter()
        shapes = maps.shapes_wgs84(db.area_shapes(con, level))
        rows = pipeline.at_level(table, inp.areas, level)
        geojson = json.dumps(maps.status_geojson(shapes, rows[rows["year"] == inp.base_year]))
        out[level] = {"features": len(shapes), "bytes": len(geojson.encode()), "seconds": time.perf_counter() - t}
    return out


def access_peer(path: str, runs: int = 5, ftype: str = "primary_school", radius: float = 1000.0) -> dict:
    """Our 2SFCA vs PySAL access on identical inputs: the need of one default norm per buurt (base year), the
    capacities of that facility type, and one cost table of all buurt–facility pairs within ``radius`` metres
    (integer ids). Both produce Σ_j R_j per buurt; we multiply by need for the supply."""
    import warnings

    from access import Access

    from lib.core import catchment

    con = db.connect(path, read_only=True)
    inp = pipeline.inputs(con)
    radius = float(radius)
    t = pipeline.gap_table(inp, years=[inp.base_year], types=[ftype]).table
    b = inp.areas[inp.areas["level"] == "buurt"].set_index("code")
    need = t.set_index("area_code")["need"].reindex(b.index).to_numpy()
    fac = inp.facilities[inp.facilities["type"] == ftype].reset_index(drop=True)
    cap = gaps.facility_supply(fac, str(t["unit"].iloc[0]))[0]
    ax, ay, fx, fy = b["cx"].to_numpy(), b["cy"].to_numpy(), fac["x"].to_numpy(), fac["y"].to_numpy()

    def ours():
        pairs = catchment.pairs_within(ax, ay, np.array(radius), fx, fy)
        return catchment.two_step(need, cap, pairs)[0]

    pairs = catchment.pairs_within(ax, ay, np.array(radius), fx, fy)
    cost = pd.DataFrame({"origin": pairs.area, "dest": pairs.facility, "cost": pairs.distance})
    demand = pd.DataFrame({"geoid": np.arange(len(b)), "need": need})
    supply = pd.DataFrame({"geoid": np.arange(len(fac)), "cap": cap})

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = Access(demand_df=demand, demand_index="geoid", demand_value="need", supply_df=supply,
                       supply_index="geoid", supply_value="cap", cost_df=cost, cost_origin="origin",
                       cost_dest="dest", cost_name="cost")
            return a.two_stage_fca(name="2sfca", max_cost=radius)

    def ours_same_inputs():
        """From the same three DataFrames access gets (demand, supply, cost table with ids)."""
        ai = pd.Index(demand["geoid"]).get_indexer(cost["origin"])
        fi = pd.Index(supply["geoid"]).get_indexer(cost["dest"])
        keep = cost["cost"].to_numpy() <= radius
        p = catchment.Pairs(ai[keep], fi[keep], cost["cost"].to_numpy()[keep])
        return catchment.two_step(demand["need"].to_numpy(), supply["cap"].to_numpy(), p)[0]

    # all years at once: the engine's use (need per buurt for base year … 2040, same pairs and capacities)
    years = list(range(inp.base_year, 2041))
    need_years = pipeline.gap_table(inp, years=years, types=[ftype]).table.pivot_table(
        index="area_code", columns="year", values="need", observed=True).reindex(b.index).to_numpy()

    def ours_years():
        ai = pd.Index(demand["geoid"]).get_indexer(cost["origin"])
        fi = pd.Index(supply["geoid"]).get_indexer(cost["dest"])
        return catchment.two_step_matrix(need_years, supply["cap"].to_numpy(), catchment.Pairs(ai, fi, cost["cost"]))

    def theirs_years():
        out = []
        for y in range(len(years)):
            demand["need"] = need_years[:, y]
            out.append(theirs())
        demand["need"] = need
        return out

    ours_t = _timed(ours, runs)
    same_t = _timed(ours_same_inputs, runs)
    theirs_t = _timed(theirs, runs)
    years_ours_t = _timed(ours_years, max(1, int(runs) // 2))
    years_theirs_t = _timed(theirs_years, max(1, int(runs) // 2))
    mine = ours_same_inputs()
    assert np.allclose(mine, ours(), rtol=1e-12, atol=0)
    score = theirs().iloc[:, 0].reindex(np.arange(len(b))).fillna(0).to_numpy()  # Σ R_j per area (persons⁻¹ × places)
    ref = need * score
    ok = need > 0
    rel = np.abs(mine[ok] - ref[ok]) / np.maximum(np.abs(ref[ok]), 1e-12)
    return {"type": ftype, "radius_m": radius, "ours_from_coordinates_seconds": ours_t,
            "ours_same_inputs_seconds": same_t, "access_seconds": theirs_t, "pairs": len(pairs.area), "areas": len(b),
            "facilities": len(fac), "max_rel_diff": float(rel.max()),
            "ratio_same_inputs": statistics.median(theirs_t) / statistics.median(same_t),
            "years": len(years), "ours_all_years_seconds": years_ours_t, "access_all_years_seconds": years_theirs_t,
            "ratio_all_years": statistics.median(years_theirs_t) / statistics.median(years_ours_t),
            "ratio_ours_incl_distances": statistics.median(theirs_t) / statistics.median(ours_t)}




def page_rerun(path: str, page: str = "overzicht", runs: int = 20) -> dict:
    """Warm rerun time of one page with AppTest (first run = cold, not counted)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["VZW_DB"] = str(Path(path).resolve())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    if page != "overzicht":
        at.switch_page(f"pages/{page}_page.py").run()
    assert not at.exception, at.exception
    secs = _timed(lambda: at.run(), runs)
    assert not at.exception, at.exception
    return {"page": page, "seconds": secs, "p50": float(np.percentile(secs, 50)), "p95": float(np.percentile(secs, 95))}


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    result = globals()[step](*args)
    result.update({"step": step, "peak_mb": _peak_mb()})
    print(json.dumps(result))
