"""Benchmark: builds, gap computation, map payloads, page reruns and the PySAL `access` peer.

    python -m bench.run [--quick] [--out bench/results.json]

Each step runs in its own process (peak memory = that process's max RSS). Figures are medians over
several runs; machines here are shared and noisy, so read ratios and orders of magnitude, not the last ms.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def step(name: str, *args) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.steps", name, *map(str, args)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def med(xs) -> float:
    return statistics.median(xs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    a = ap.parse_args()
    r = 2 if a.quick else 5
    tmp = Path(tempfile.mkdtemp(prefix="vzw_bench_"))
    utrecht, national = tmp / "utrecht.duckdb", tmp / "national.duckdb"
    res: dict = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                             "platform": platform.platform()}, "when": time.strftime("%Y-%m-%d %H:%M")}
    res["build_utrecht"] = step("build_utrecht", utrecht, max(2, r // 2))
    res["build_national"] = step("build_national", utrecht, national, max(2, r // 2))
    res["gaps_utrecht_all_years"] = step("gaps_all_years", utrecht, r)
    res["gaps_national_all_years"] = step("gaps_all_years", national, r)
    res["gaps_one_municipality_one_year"] = step("gaps_one_municipality", utrecht, "GM0344", r * 2)
    res["map_payload_utrecht"] = step("map_payload", utrecht)
    res["map_payload_national"] = step("map_payload", national)
    res["access_peer"] = [step("access_peer", db, r, t, rad) for db in (utrecht, national)
                          for t, rad in (("primary_school", 1000), ("gym", 1000), ("sports_hall", 2500))]
    for page in ("overzicht", "buurtverkenner", "normen", "data"):
        res[f"rerun_{page}_utrecht"] = step("page_rerun", utrecht, page, r * 4)
    res["rerun_overzicht_national"] = step("page_rerun", national, "overzicht", r * 2)
    Path(a.out).write_text(json.dumps(res, indent=1))
    print(summary(res))
    return 0


def summary(res: dict) -> str:
    lines = [f"machine: {res['machine']}", ""]
    for key in ("build_utrecht", "build_national", "gaps_utrecht_all_years", "gaps_national_all_years",
                "gaps_one_municipality_one_year"):
        v = res[key]
        extra = {k: v[k] for k in ("rows", "years", "buurten", "areas", "facilities") if k in v}
        lines.append(f"{key:<34} median {med(v['seconds']):8.3f} s  peak {v['peak_mb']:7.0f} MB  {extra}")
    for key in ("map_payload_utrecht", "map_payload_national"):
        for level in ("buurt", "wijk", "gemeente"):
            v = res[key][level]
            lines.append(f"{key} {level:<9} {v['features']:6d} features {v['bytes'] / 1e6:7.2f} MB")
    for v in res["access_peer"]:
        lines.append(f"access peer {v['type']:<15} areas {v['areas']:6d} facilities {v['facilities']:6d} pairs "
                     f"{v['pairs']:7d}: ours {med(v['ours_same_inputs_seconds']) * 1000:7.2f} ms, access "
                     f"{med(v['access_seconds']) * 1000:7.1f} ms, ratio {v['ratio_same_inputs']:5.1f}x, "
                     f"max rel diff {v['max_rel_diff']:.1e}; {v['years']} years: ours "
                     f"{med(v['ours_all_years_seconds']) * 1000:.1f} ms, access "
                     f"{med(v['access_all_years_seconds']) * 1000:.0f} ms, ratio {v['ratio_all_years']:.0f}x")
    for key, v in res.items():
        if key.startswith("rerun_"):
            lines.append(f"{key:<34} p50 {v['p50'] * 1000:6.0f} ms  p95 {v['p95'] * 1000:6.0f} ms  "
                         f"(n={len(v['seconds'])})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
