"""Browser benchmark: what a user waits for, measured in headless Debian Chromium (issue 13).

    python -m bench.browser [--runs 10] [--users 10] [--out bench/results.json] [--skip-cold]

Starts ``streamlit run app.py`` on a free localhost port on a freshly built copy of the embedded Utrecht database
and drives Chromium (Playwright, ``/usr/bin/chromium``; never a downloaded browser) through the interactions of
issue 13: a rerun in which nothing changed (the reference), the year slider, the facility type and the level on
Overzicht, a map click to a ready Buurtverkenner, the Buurtverkenner year, the Ruimte delen year and map click,
the first load after a server start (with and without building the database) and 10 concurrent users moving the
year slider. An interaction is *ready* when the script run is over (``data-test-script-state="notRunning"``),
no element is stale any more, and, on pages with a map, the map has drawn its shapes.

It prints p50/p95 per interaction and the ratio of each p50 to the no-change rerun, and writes them under the key
``browser`` of ``bench/results.json``. The machine is shared and noisy: compare ratios measured side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from google.protobuf.message import DecodeError
from playwright.async_api import async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load, national
from lib import embedded

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


# --- the server -----------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "VZW_DB": str(db_path)}, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "_stcore/health", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    for k in list(out):
        out += _children(k)
    return out


# --- waiting for "ready" ---------------------------------------------------------------------------------------

#: The script runs the server finished for each page, counted from its websocket: every ``ForwardMsg`` with
#: ``script_finished`` (a run cut short by a newer one not counted). Counting in the page (a MutationObserver on the
#: script state) missed a run over within one frame, and the wait then sat out its 3 s fallback.
FINISHED: dict = {}


def count_runs(page) -> None:
    """Count the finished script runs of ``page`` (call before it opens the app)."""
    FINISHED[page] = 0
    early = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN

    def on_frame(payload) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        try:
            msg = ForwardMsg.FromString(bytes(payload))
        except DecodeError:
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != early:
            FINISHED[page] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))


async def runs_finished(page) -> int:
    return FINISHED.get(page, 0)


#: True when the page shows the result of its last run: the app's script is not running, no element is stale, every
#: chart has drawn (Vega's SVG or canvas, plotly's SVG) and (with a map) the map frame has drawn its shapes. Polled on
#: every animation frame.
SHOWN = """
([map]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    if (!c.querySelector('svg .mark-group, canvas')) return false;
  }
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!c.querySelector('.main-svg')) return false;
  }
  if (map) {
    const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const d = f && f.contentDocument;
    if (!d || !d.querySelector('path.leaflet-interactive')) return false;
  }
  return true;
}
"""


async def ready(page, map_shapes: bool = False, timeout: float = 60_000, since: int | None = None) -> None:
    """Wait until the script run that an action started is over and the page shows its result. ``since``: the
    count of finished runs before the action (the wait first sees a later run finish, or 3 s pass without one);
    then two animation frames, so the page has applied what the run sent, and the page check."""
    if since is not None:
        t0 = time.perf_counter()
        while FINISHED.get(page, 0) <= since and time.perf_counter() - t0 < 3:
            await asyncio.sleep(0.002)
        await page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    await page.wait_for_function(SHOWN, arg=[map_shapes], polling="raf", timeout=timeout)


async def timed(page, action, map_shapes: bool = False) -> float:
    since = await runs_finished(page)
    t0 = time.perf_counter()
    await action()
    await ready(page, map_shapes, since=since)
    return time.perf_counter() - t0


async def open_page(page, url: str, marker_selector: str = IDLE, map_shapes: bool = False) -> float:
    t0 = time.perf_counter()
    await page.goto(url, wait_until="domcontentloaded")
    await page.wait_for_selector(marker_selector, timeout=120_000)
    await ready(page, map_shapes, timeout=120_000)
    return time.perf_counter() - t0


# --- interactions ------------------------------------------------------------------------------------------------

async def rerun(page) -> None:
    """A rerun in which nothing changes (Streamlit's 'r' shortcut)."""
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    await page.keyboard.press("r")


def slider_step(page, key: str, step: list[int], forward: int = 0):
    """One step of a slider: back and forth between two values, or with ``forward`` = n, n steps to the right
    (a year not shown before, what a user moving through the years meets) and then back and forth."""
    async def act():
        thumb = page.locator(f".st-key-{key} input[type='range']")
        await thumb.focus()
        right = step[0] < forward or (step[0] - forward) % 2 == 0
        await page.keyboard.press("ArrowRight" if right else "ArrowLeft")
        step[0] += 1
    return act


def choose(page, key: str, labels: list[str], step: list[int]):
    async def act():
        box = page.locator(f".st-key-{key}")
        await box.locator("[role='combobox']").click()
        await page.get_by_role("option", name=labels[step[0] % len(labels)], exact=True).click()
        step[0] += 1
    return act


def radio(page, key: str, labels: list[str], step: list[int]):
    async def act():
        await page.locator(f".st-key-{key}").get_by_text(labels[step[0] % len(labels)], exact=True).click()
        step[0] += 1
    return act


async def click_map(page, x_frac: float = 0.5, y_frac: float = 0.5) -> None:
    frame = page.locator(MAP_FRAME).first
    await frame.scroll_into_view_if_needed()  # a click outside the viewport reaches nothing
    box = await frame.bounding_box()
    await page.mouse.click(box["x"] + box["width"] * x_frac, box["y"] + box["height"] * y_frac)


#: In the map's frame: the point (frame coordinates) of an area polygon, i.e. the centre of the largest drawn path
#: whose centre is that path itself (not a facility marker drawn over it, not a neighbour of a concave shape).
AREA_POINT = """
() => {
  const paths = [...document.querySelectorAll('path.leaflet-interactive')].map((p) => [p, p.getBoundingClientRect()])
    .filter(([, r]) => r.width > 12 && r.height > 12)
    .sort((a, b) => b[1].width * b[1].height - a[1].width * a[1].height);
  for (const [p, r] of paths) {
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (document.elementFromPoint(x, y) === p) return {x, y};
  }
  return null;
}
"""


async def area_point(page) -> tuple[float, float]:
    """The page coordinates of an area polygon on the map (a buurt on Overzicht at buurt level), scrolled into
    view: found before the click is timed (a user sees where to click; the bench needs a few round trips)."""
    handle = await page.locator(MAP_FRAME).first.element_handle()
    await handle.scroll_into_view_if_needed()
    frame = await handle.content_frame()
    point = await frame.evaluate(AREA_POINT)
    if point is None:
        raise RuntimeError("no area polygon found on the map")
    box = await handle.bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


# --- the scenario --------------------------------------------------------------------------------------------------

def stats(xs: list[float]) -> dict:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    return {"seconds": xs, "p50": statistics.median(xs), "p95": p95, "n": len(xs)}


GROUPS = ("overview", "click", "explorer", "sharing", "concurrent", "server", "cold", "national")
SINGLE_USER = ("overview", "click", "explorer", "sharing")


async def single_user(browser, base: str, runs: int, only: tuple[str, ...] = GROUPS) -> dict:
    """The interactions of one user; year steps go to a year not shown before (up to 15 steps, then back and
    forth), so the per-year work is measured, not a cache hit."""
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    count_runs(page)
    out: dict[str, list[float]] = {}
    await open_page(page, base + "?type=primary_school&year=2024", map_shapes=True)

    async def measure(name, action, map_shapes=False, n=runs):
        out[name] = [await timed(page, action, map_shapes) for _ in range(n)]

    if "overview" in only:
        sessions = []
        for _ in range(runs):  # a new session on a running server: a colleague opening the link
            fresh = await browser.new_context(viewport={"width": 1400, "height": 1000})
            sessions.append(await open_page(await fresh.new_page(), base + "?type=primary_school&year=2024",
                                            map_shapes=True))
            await fresh.close()
        out["overview_new_session"] = sessions
        await measure("overview_rerun_no_change", lambda: rerun(page), True)
        await measure("overview_year", slider_step(page, "year", [0], forward=15), True)
        await measure("overview_type", choose(page, "type", ["Gymzaal", "Basisschool (plaatsen)"], [0]), True)
        await measure("overview_level", radio(page, "level", ["Wijken", "Buurten"], [0]), True)

    clicks = []
    for _ in range(runs if {"click", "explorer"} & set(only) else 0):
        await open_page(page, base + "?type=primary_school&year=2024&level=buurt", map_shapes=True)
        x, y = await area_point(page)
        since = await runs_finished(page)
        t0 = time.perf_counter()  # from the click itself
        await page.mouse.click(x, y)
        await page.wait_for_url("**/buurtverkenner**", timeout=60_000)
        await ready(page, map_shapes=True, since=since)
        clicks.append(time.perf_counter() - t0)
    if clicks:
        out["overview_map_click_to_explorer"] = clicks
    if "explorer" in only:
        await measure("explorer_rerun_no_change", lambda: rerun(page), True)
        await measure("explorer_year", slider_step(page, "bv_year", [0], forward=15), True)
        await measure("explorer_type", choose(page, "bv_type", ["Gymzaal", "Sporthal"], [0]), True)

    if "sharing" in only:
        await open_page(page, base + "ruimte-delen", map_shapes=True)
        await measure("sharing_rerun_no_change", lambda: rerun(page), True)
        await measure("sharing_year", slider_step(page, "sh_year", [0], forward=15), True)
        await measure("sharing_type", choose(page, "sh_type", ["Gymzaal", "Sporthal"], [0]), True)
        spot = [0]

        async def click_somewhere_new():  # a point not clicked before (the same point again changes nothing)
            spot[0] += 1
            await click_map(page, 0.3 + 0.04 * (spot[0] % 10), 0.35 + 0.03 * (spot[0] // 10))
        await measure("sharing_map_click", click_somewhere_new, True)
    await ctx.close()
    return out


async def concurrent_users(browser, base: str, users: int, steps: int) -> tuple[list[float], list[float]]:
    """``users`` sessions open Overzicht, then all move the year slider (to a later year) at the same time, ``steps``
    times; before each round, one session moves it alone."""
    contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(users)]
    pages = [await c.new_page() for c in contexts]
    for p in pages:
        count_runs(p)
    await asyncio.gather(*(open_page(p, base + "?type=primary_school&year=2024", map_shapes=True) for p in pages))
    single, together = [], []
    for _ in range(steps):  # one step alone first (one session), then all at once; always to a later year
        single.append(await timed(pages[0], slider_step(pages[0], "year", [0], forward=1), True))
        together += await asyncio.gather(*(timed(p, slider_step(p, "year", [0], forward=1), True) for p in pages))
    for c in contexts:
        await c.close()
    return single, together


async def server_users(browser, base: str, users: int, steps: int) -> dict[str, list[float]]:
    """One user in Chromium moves the Overzicht year slider ``steps`` times alone and ``steps`` times while ``users``
    other users (bench.load: the app's websocket, no drawing) move theirs at the same moment: what a user waits
    when ten people in a room use one server, each drawing on their own machine. Also the other users' own waits
    (until their run is over, no drawing)."""
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    count_runs(page)
    query = "type=primary_school&year=2024"
    await open_page(page, base + "?" + query, map_shapes=True)
    others = [load.Session(base, query) for _ in range(users)]
    await asyncio.gather(*(o.open() for o in others))
    for _ in range(18):  # every year once, so no step below is a first computation of a year
        await others[0].step("year")
    alone, together, theirs, step = [], [], [], [0]
    for _ in range(steps):
        alone.append(await timed(page, slider_step(page, "year", step), True))
        both = await asyncio.gather(timed(page, slider_step(page, "year", step), True),
                                    *(o.step("year") for o in others))
        together.append(both[0])
        theirs += both[1:]
    for o in others:
        await o.close()
    await ctx.close()
    return {"server_alone_year": alone, f"server_{users}_users_year": together,
            f"server_{users}_users_their_year": theirs}


async def national_gemeenten(browser, tmp: Path, src: Path, count: int = 10) -> dict:
    """Memory of a server on the national bench data (bench/national.py: 131 gemeenten, 14,541 buurten) while one
    user opens the national Overzicht and then ``count`` gemeenten one after the other (buurt level, each a new
    page load); the server's resident memory (MB) after each, and the load times."""
    files = national.generate(src, tmp / "national_files")
    path = tmp / "national.duckdb"
    national.build_national(files, path, ROOT / "data/raw/duo_scholen_edugis/scholen.geo.json",
                            ROOT / "data/norms_default.csv")
    proc, base = start_server(path, tmp / "national.log")
    try:
        ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await ctx.new_page()
        loads = [await open_page(page, base + "?type=primary_school&year=2030", map_shapes=True)]
        rss = [rss_mb(proc.pid)]
        for i in range(1, count + 1):
            loads.append(await open_page(page, base + f"?type=primary_school&year=2030&gm=GM{i * 7:04d}&level=buurt",
                                         map_shapes=True))
            rss.append(rss_mb(proc.pid))
        await ctx.close()
    finally:
        stop_server(proc)
    return {"national_view_load": stats(loads[:1]), "national_gemeente_load": stats(loads[1:]),
            "national_server_rss_mb": rss}


async def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="vzw_browser_"))
    db_path = tmp / "voorzieningen.duckdb"
    embedded.build(db_path, log=lambda *_: None)
    res: dict = {"when": time.strftime("%Y-%m-%d %H:%M"), "runs": args.runs, "users": args.users}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        only = tuple(args.only.split(","))
        if "cold" in only and not args.skip_cold:
            for label, fresh in (("first_load_after_start", False), ("first_load_with_build", True)):
                times, up = [], []
                for i in range(3):
                    path = tmp / f"cold{label}{i}.duckdb"
                    if not fresh:  # a restart: the base snapshot and the workshop store (with its example case)
                        shutil.copy(db_path, path)
                        shutil.copy(db_path.with_suffix(".workshop.sqlite"), path.with_suffix(".workshop.sqlite"))
                    t0 = time.perf_counter()
                    proc, base = start_server(path, tmp / f"{label}{i}.log")
                    up.append(time.perf_counter() - t0)
                    try:
                        ctx = await browser.new_context()
                        page = await ctx.new_page()
                        await open_page(page, base, map_shapes=True)
                        times.append(time.perf_counter() - t0)
                        await ctx.close()
                    finally:
                        stop_server(proc)
                res[label] = stats(times)
                res[f"{label}_server_up"] = stats(up)  # of which: until the server answers its health check
        if "national" in only:
            res.update(await national_gemeenten(browser, tmp, db_path))
        proc, base = start_server(db_path, tmp / "server.log")
        try:
            if set(SINGLE_USER) & set(only):
                single = await single_user(browser, base, args.runs, only)
                res.update({k: stats(v) for k, v in single.items()})
            if "concurrent" in only:
                alone, together = await concurrent_users(browser, base, args.users, max(3, args.runs // 2))
                res["concurrent_alone_year"] = stats(alone)
                res[f"concurrent_{args.users}_users_year"] = stats(together)
            if "server" in only:
                res.update({k: stats(v) for k, v in (await server_users(browser, base, args.users,
                                                                          max(5, args.runs))).items()})
            res["server_rss_mb"] = rss_mb(proc.pid)
        finally:
            stop_server(proc)
        await browser.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return res


def summary(res: dict) -> str:
    lines = [f"browser benchmark {res['when']} (runs={res['runs']}, users={res['users']})",
             f"{'interaction':<40} {'p50':>8} {'p95':>8}  ratio p50 / no-change rerun of that page"]
    refs = {"overview": "overview_rerun_no_change", "explorer": "explorer_rerun_no_change",
            "sharing": "sharing_rerun_no_change"}
    for key, v in res.items():
        if not isinstance(v, dict) or "p50" not in v:
            continue
        ref = refs.get(key.split("_")[0])
        ratio = f"{v['p50'] / res[ref]['p50']:.2f}×" if ref in res and ref != key else ""
        lines.append(f"{key:<40} {v['p50'] * 1000:7.0f}ms {v['p95'] * 1000:7.0f}ms  {ratio}")
    if "national_server_rss_mb" in res:
        mem = " → ".join(f"{m:.0f}" for m in res["national_server_rss_mb"])
        lines.append(f"national data, server memory (MB) after the national view and each gemeente: {mem}")
    if "server_rss_mb" in res:
        lines.append(f"server memory after the run: {res['server_rss_mb']:.0f} MB")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--users", type=int, default=10)
    ap.add_argument("--skip-cold", action="store_true", help="skip the first-load measurements (server starts)")
    ap.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated subset of {','.join(GROUPS)}")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = ap.parse_args()
    res = asyncio.run(run(args))
    out = Path(args.out)
    allres = json.loads(out.read_text()) if out.exists() else {}
    allres["browser"] = res
    out.write_text(json.dumps(allres, indent=1))
    print(summary(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
