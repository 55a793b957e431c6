"""AppTest side by side (issue 13): what a year step costs compared with a rerun in which nothing changed.

    python -m bench.year_ratio [--runs 8] [--db PATH] [--case ID] [--years 2027,2028] [--out bench/results.json]

For Overzicht, Buurtverkenner and Ruimte delen on the embedded Utrecht database (built into a temporary file
unless ``--db`` is given): one AppTest per page, warmed up, then alternately a no-change rerun and a step of the
page's year slider to a year not shown before in that process (so every step is a cache miss, what a user meets
first; a page that finds two years with the same inputs may answer the second from the first); then the same
again with steps back to years shown above (what any later visit of that year costs, in any session: the
results are shared). ``--case`` opens
a case (``?case=``) first; ``--years`` steps to these years (in this order) instead of the last year and back.
Both are timed in the same process, one right after the other, so the ratio of the medians holds on a shared
machine. Prints p50 per page and the ratio (target ≤ 1.5×), and writes them under ``year_ratio`` of
``bench/results.json``. A measurement, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lib import embedded

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"overview": ("app_pages/overview.py", "year"), "explorer": ("app_pages/explorer.py", "bv_year"),
         "sharing": ("app_pages/sharing.py", "sh_year")}


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(page: str, runs: int, case: str | None = None, steps: list[int] | None = None) -> dict:
    """No-change rerun and first-time year step of ``page``, alternating, ``runs`` of each (AppTest)."""
    from streamlit.testing.v1 import AppTest

    path, key = PAGES[page]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if case:
        at.query_params["case"] = case
    at.run()
    if page != "overview":
        at.switch_page(path).run()
    at.run()  # warm: the gap table, the shapes, the inputs are cached from here on
    assert not at.exception, at.exception
    slider = at.select_slider(key=key)
    years = steps or [y for y in slider.options if str(y) != str(slider.value)][::-1]
    same, step = [], []
    n = min(runs, len(years))
    for i in range(n):
        same.append(_timed(lambda: at.run()))
        step.append(_timed(lambda y=years[i]: at.select_slider(key=key).set_value(int(y)).run()))
        assert not at.exception, at.exception
    same_again, warm = [], []  # back to years computed above: what every later visit (of any session) costs
    for i in range(n):
        same_again.append(_timed(lambda: at.run()))
        warm.append(_timed(lambda y=years[(i + 1) % n]: at.select_slider(key=key).set_value(int(y)).run()))
        assert not at.exception, at.exception
    p50s, p50y = statistics.median(same), statistics.median(step)
    p50a, p50w = statistics.median(same_again), statistics.median(warm)
    return {"no_change_seconds": same, "year_seconds": step, "no_change_p50": p50s, "year_p50": p50y,
            "ratio": p50y / p50s, "warm_no_change_seconds": same_again, "warm_year_seconds": warm,
            "warm_no_change_p50": p50a, "warm_year_p50": p50w, "warm_ratio": p50w / p50a}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--db", help="database file (default: the embedded Utrecht data, built into a temporary file)")
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--case", help="open this case first (its id)")
    ap.add_argument("--years", help="step to these years, comma-separated (default: the last year, then back)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    a = ap.parse_args()
    db = a.db
    if not db:
        db = str(Path(tempfile.mkdtemp(prefix="vzw_ratio_")) / "utrecht.duckdb")
        embedded.build(db, log=lambda *_: None)
    os.environ["VZW_DB"] = str(Path(db).resolve())
    steps = [int(y) for y in a.years.split(",")] if a.years else None
    res = {"when": time.strftime("%Y-%m-%d %H:%M"), "runs": a.runs, "case": a.case, "years": steps}
    print(f"{'page':<10} {'no-change p50':>14} {'year step p50':>14} {'ratio':>7}  {'seen year':>10} {'ratio':>7}"
          "  (target ≤ 1.5×)")
    for page in a.pages.split(","):
        r = res[page] = measure(page, a.runs, a.case, steps)
        print(f"{page:<10} {r['no_change_p50'] * 1000:12.0f}ms {r['year_p50'] * 1000:12.0f}ms {r['ratio']:6.2f}×"
              f"  {r['warm_year_p50'] * 1000:8.0f}ms {r['warm_ratio']:6.2f}×")
    out = Path(a.out)
    allres = json.loads(out.read_text()) if out.exists() else {}
    allres["year_ratio"] = res
    out.write_text(json.dumps(allres, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
