"""Two app processes and the CLI on one data set (issue 16), in headless Chromium.

Two ``streamlit run app.py`` servers (different ports) share one copy of the Utrecht database and its workshop
store: the SQLite file beside it by default, PostgreSQL when ``$VZW_TEST_PG_URL`` is set (both servers and the CLI
get it as ``$VZW_STORE_URL``). Ann (process A) and Bram (process B) open the illustrative example case through its
``?case=`` link; Ann's note shows on Bram's screen within 3 seconds without Bram doing anything. While both run,
``python -m lib case export`` writes the case with the note, and ``python -m lib import norms`` with one changed
norm (sports hall: one per 16,500 instead of 17,500 inhabitants) switches in a new snapshot that both processes
show on their next rerun (the Normen page's table and its "last change" line).

The propagation times are printed and written to test-output/two_process_propagation.json (one entry per store).
"""

from __future__ import annotations

import csv
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from lib.cases import live
from lib.core import db_work
from tests.browser.conftest import REPO, start_real_app, stop
from tests.browser.test_live_workshop_browser import _form_with, _idle
from tests.browser.test_offline_map_browser import OUT
from tests.conftest import empty_postgres_store

LIVE_SECONDS = 3.0
CASE = "voorbeeld-merwede-leidsche-rijn"
CASE_NAME = "Illustratief voorbeeld: Merwede en Leidsche Rijn 2027-2032"
PG_URL = os.environ.get("VZW_TEST_PG_URL", "")
NORMS_FILE = "normen_gewijzigd.csv"
TIMINGS = OUT / "two_process_propagation.json"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request) -> dict[str, str]:
    """The environment that points servers and the CLI at the workshop store under test: nothing for the SQLite
    file beside the database; ``VZW_STORE_URL`` for PostgreSQL, on empty tables (skipped without
    ``$VZW_TEST_PG_URL``, failed instead under ``$VZW_REQUIRE_PG``)."""
    if request.param == "sqlite":
        return {}
    return {db_work.STORE_URL_ENV: empty_postgres_store("the PostgreSQL run")}


# Records when the first element matching ``selector`` contains ``text`` (Date.now(), the browsers' one clock).
_WATCH = """([text, selector]) => { if (window.__watch) window.__watch.disconnect(); window.__seen = null;
    const check = () => { if (window.__seen) return;
        for (const e of document.querySelectorAll(selector)) if (e.textContent.includes(text)) {
            window.__seen = Date.now(); window.__watch.disconnect(); return; } };
    window.__watch = new MutationObserver(check);
    window.__watch.observe(document.body, {subtree: true, childList: true, characterData: true});
    check(); }"""
_CLICKS = """() => { window.__click = null; document.addEventListener('mousedown',
    () => { window.__click = window.__click || Date.now(); }, true); }"""
NOTE_SELECTOR = '[data-testid="stText"]'  # a note's text in the Notities tab (never the text area being typed in)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib", *args], cwd=REPO, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=300)


def _changed_norms(folder: Path) -> Path:
    """data/norms_default.csv with one number changed: a sports hall per 16,500 inhabitants (default 17,500)."""
    with open(REPO / "data" / "norms_default.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    changed = [r for r in rows if r["facility_type"] == "sports_hall" and not r["woonmilieu"]]
    assert len(changed) == 1 and changed[0]["per"] == "17500"
    changed[0]["per"] = "16500"
    out = folder / NORMS_FILE
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def _go(page, name: str, marker: str) -> None:
    """Switch page through the sidebar link (a rerun of the same session, no reload)."""
    _idle(page)
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_text(marker).first.wait_for(timeout=90_000)
    _idle(page)


def _sports_hall_per(page) -> set[str]:
    """The 'per' numbers of the sports-hall rows in the Normen page's norms table, digits only."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator('[data-testid="glide-cell-1-0"]').wait_for(state="attached", timeout=60_000)
    out, row = set(), 0
    while grid.locator(f'[data-testid="glide-cell-1-{row}"]').count():
        if grid.locator(f'[data-testid="glide-cell-1-{row}"]').inner_text().strip() == "sports_hall":
            out.add(re.sub(r"\D", "", grid.locator(f'[data-testid="glide-cell-5-{row}"]').inner_text()))
        row += 1
    return out


def _record(store: str, timing: dict) -> None:
    OUT.mkdir(exist_ok=True)
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[store] = timing
    TIMINGS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.browser
def test_two_processes_and_the_cli_share_one_data_set(real_db, tmp_path, chromium, store_env, request):
    store = request.node.callspec.params["store_env"]
    path = tmp_path / "gedeeld.duckdb"
    shutil.copy(real_db, path)
    servers = []
    contexts = []
    try:
        for name in ("a", "b"):
            servers.append(start_real_app(path, tmp_path / f"streamlit_{name}.log", env=store_env))
        (base_a, _), (base_b, _) = servers
        assert base_a != base_b

        contexts = [chromium.new_context(viewport={"width": 1300, "height": 1100}) for _ in range(2)]
        for ctx in contexts:
            ctx.set_default_timeout(90_000)  # generous for setup: the machine is shared
        ann, bram = (ctx.new_page() for ctx in contexts)
        for page, base, who in ((ann, base_a, "Ann"), (bram, base_b, "Bram")):
            page.goto(f"{base}werksessie?case={CASE}&wie={who}&domein=fysiek&tab=notities",
                      wait_until="domcontentloaded")
            page.get_by_role("heading", name=CASE_NAME).wait_for(timeout=120_000)
            _idle(page)
            assert page.get_by_role("tab", selected=True).first.inner_text().strip() == "Notities"

        # 1. Ann (process A) posts a note; Bram (process B) sees it without doing anything
        note = f"Twee processen ({store}): schoolbestuur belt terug {secrets.token_hex(3)}"
        assert not bram.get_by_text(note).count()
        form = _form_with(ann, "Notitie")
        form.get_by_label("Notitie", exact=True).fill(note)
        for page in (ann, bram):
            page.evaluate(_WATCH, [note, NOTE_SELECTOR])
        ann.evaluate(_CLICKS)
        form.get_by_role("button", name="Notitie plaatsen").click()
        ann.locator(NOTE_SELECTOR).filter(has_text=note).first.wait_for(state="attached", timeout=30_000)
        bram.locator(NOTE_SELECTOR).filter(has_text=note).first.wait_for(state="attached", timeout=30_000)
        clicked, saved = ann.evaluate("window.__click"), ann.evaluate("window.__seen")
        seen = bram.evaluate("window.__seen")
        timing = {"after the save": round((seen - saved) / 1000, 2),
                  "after the click": round((seen - clicked) / 1000, 2),
                  "save round trip in A": round((saved - clicked) / 1000, 2)}
        print(f"two processes, {store} store: seconds until process B showed the note: {timing}")
        _record(store, {**timing, "poll_seconds": live.poll_seconds(os.environ.get("VZW_POLL_SECONDS")),
                        "measured": "Date.now() in Chromium: from the note appearing on A's own screen (the save "
                                    "is done and A's page reran) or from the mouse-down on 'Notitie plaatsen' in "
                                    "A, until the note text appears on B's screen"})
        assert timing["after the save"] <= LIVE_SECONDS, timing
        assert timing["after the click"] <= 2 * LIVE_SECONDS, timing  # adds A's own round trip: a sanity bound
        bram.get_by_text(re.compile(r"Ann \(fysiek\): Notitie")).first.wait_for(timeout=30_000)  # the notice
        OUT.mkdir(exist_ok=True)
        for who, page in (("a", ann), ("b", bram)):
            page.locator(NOTE_SELECTOR).filter(has_text=note).first.scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / f"two_process_{store}_{who}.png"))

        # 2. while both run: the CLI exports the case, with the note
        out = tmp_path / "case.json"
        done = _cli(store_env, "case", "export", CASE, "--db", str(path), "--out", str(out))
        assert done.returncode == 0, done.stderr
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["case"]["case_id"] == CASE
        assert [n["text"] for n in doc["notes"] if n["text"] == note] == [note]
        # ... and the note is where the store under test keeps it (both servers and the CLI used that store)
        sqlite_file = tmp_path / "gedeeld.workshop.sqlite"
        assert sqlite_file.exists() == (store == "sqlite")
        engine = sa.create_engine(store_env.get(db_work.STORE_URL_ENV) or f"sqlite:///{sqlite_file}")
        with engine.connect() as conn:
            stored = conn.execute(sa.select(db_work.CASE_NOTES.c.author).where(
                db_work.CASE_NOTES.c.case_id == CASE, db_work.CASE_NOTES.c.text == note)).scalars().all()
        engine.dispose()
        assert stored == ["Ann"]

        # ... and imports norms with one changed number: both processes show it on their next rerun
        for page in (ann, bram):
            _go(page, "Normen", "Woonmilieu per buurt")
            assert _sports_hall_per(page) == {"17500", "12500"}
        before = os.stat(path).st_ino
        done = _cli(store_env, "import", "norms", str(_changed_norms(tmp_path)), "--db", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
        assert os.stat(path).st_ino != before  # a new snapshot was switched in
        for page in (ann, bram):
            _go(page, "Bronnen", "Bronnen")
            _go(page, "Normen", "Woonmilieu per buurt")
            assert _sports_hall_per(page) == {"16500", "12500"}
            page.get_by_text(re.compile(rf"Laatste wijziging van de normen: .*{re.escape(NORMS_FILE)}")).first.wait_for(
                timeout=30_000)
        for who, page in (("a", ann), ("b", bram)):
            page.screenshot(path=str(OUT / f"two_process_{store}_{who}_normen.png"))

        # the note is still there in both (the workshop store is not part of the snapshot)
        for page, base in ((ann, base_a), (bram, base_b)):
            page.goto(f"{base}werksessie?case={CASE}&tab=notities", wait_until="domcontentloaded")
            page.locator(NOTE_SELECTOR).filter(has_text=note).first.wait_for(state="attached", timeout=90_000)
        for _, proc in servers:
            assert proc.poll() is None  # neither server fell over
    finally:
        for ctx in contexts:
            ctx.close()
        for _, proc in servers:
            stop(proc)
