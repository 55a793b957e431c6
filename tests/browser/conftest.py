"""Fixtures for browser tests: a Streamlit server subprocess and headless Debian Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer {url} within {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def streamlit_app(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Start ``streamlit run <script>`` on a free localhost port; returns the app's base URL.

    The script is copied into a temp dir next to a symlink to the repo's ``static/``
    (Streamlit serves ``static/`` from beside the main script), and the repo root is put
    on PYTHONPATH so the script can ``import lib``. Servers are stopped at teardown.
    """
    procs: list[subprocess.Popen] = []

    def start(script: Path, base_url_path: str = "", *extra: str) -> str:
        app_dir = tmp_path / f"app{len(procs)}"
        app_dir.mkdir()
        shutil.copy(script, app_dir / script.name)
        (app_dir / "static").symlink_to(REPO / "static", target_is_directory=True)
        port = _free_port()
        log = app_dir / "streamlit.log"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(app_dir / script.name),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.enableStaticServing", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
            "--global.developmentMode", "false",
        ]
        if base_url_path:
            cmd += ["--server.baseUrlPath", base_url_path]
        cmd += list(extra)
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}/" + (f"{base_url_path.strip('/')}/" if base_url_path else "")
        _wait_healthy(base + "_stcore/health", proc, log)
        return base

    yield start
    for proc in procs:
        stop(proc)


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium driven by Playwright (never downloads a browser)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context and page, closed afterwards."""
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def start_real_app(db_path: Path, log: Path, env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen]:
    """``streamlit run app.py`` from the repo on a free port on ``db_path``; returns (base URL, process).

    ``env``: extra environment variables for the server (e.g. ``VZW_STORE_URL``), on top of this process's."""
    port = _free_port()
    env = {**os.environ, **(env or {}), "VZW_DB": str(db_path)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(base + "_stcore/health", proc, log)
    except RuntimeError:
        stop(proc)
        raise
    return base, proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    """A freshly built Utrecht database for the module's servers."""
    from lib import embedded

    db_path = tmp_path_factory.mktemp("real_db") / "voorzieningen.duckdb"
    embedded.build(db_path, log=lambda *_: None)
    return db_path


@pytest.fixture(scope="module")
def real_app(real_db, tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` from the repo on a free port, on a freshly built Utrecht database."""
    base, proc = start_real_app(real_db, tmp_path_factory.mktemp("real_app") / "streamlit.log")
    try:
        yield base
    finally:
        stop(proc)
