"""Shared fixtures: a four-buurt test municipality (GM9999) imported through the real importers.

Geometry (EPSG:28992, 1 km squares): Alfa (centroid 130500,450500), Bravo (131500,450500) and
Charlie (132500,450500) side by side; Delta (140500,450500) far east, out of every catchment and
woonmilieu groen-blauw. Wijk WK999901 = Alfa+Bravo, WK999902 = Charlie+Delta.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lib.core import db
from lib.ingest import importing

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

# A label key missing from lib/text raises KeyError in every test (lib.text.i18n.strict).
os.environ.setdefault("VZW_STRICT_TEXT", "1")


def load_fixture_db(con, with_plans: bool = False):
    importing.import_file(con, "areas", FIXTURES / "areas.geojson")
    importing.import_file(con, "population", FIXTURES / "population.csv")
    importing.import_file(con, "dwellings", FIXTURES / "dwellings.csv")
    importing.import_file(con, "facilities", FIXTURES / "facilities.csv")
    importing.import_file(con, "norms", FIXTURES / "norms.csv")
    if with_plans:
        importing.import_file(con, "plans", FIXTURES / "plans.csv")
    db.set_setting(con, "base_year", "2024")
    return con


@pytest.fixture
def con():
    c = db.connect(":memory:")
    load_fixture_db(c)
    yield c
    c.close()


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory) -> Path:
    """The four-buurt fixture as a database file, built once per module (tests copy it: ``file_con``)."""
    path = tmp_path_factory.mktemp("template") / "fixture.duckdb"
    c = db.connect(path)
    load_fixture_db(c)
    db.checkpoint(c)
    c.close()
    return path


@pytest.fixture
def file_con(fixture_file, tmp_path):
    """A writable file copy of the four-buurt fixture database (for tests that need a real file)."""
    path = tmp_path / "fixture.duckdb"
    shutil.copy(fixture_file, path)
    c = db.connect(path)
    yield c
    c.close()


@pytest.fixture
def empty_con():
    c = db.connect(":memory:")
    yield c
    c.close()


@pytest.fixture
def fixture_dir(tmp_path):
    """A writable copy of the fixture files."""
    out = tmp_path / "fx"
    shutil.copytree(FIXTURES, out)
    return out


@pytest.fixture(scope="session")
def utrecht_db(tmp_path_factory):
    """The embedded Utrecht database, built once per test session from data/."""
    from lib import embedded

    path = tmp_path_factory.mktemp("utrecht") / "voorzieningen.duckdb"
    embedded.build(path, log=lambda *_: None)
    return path


APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(utrecht_db, tmp_path, monkeypatch):
    """A private copy of the Utrecht database for one test, set as $VZW_DB (the app holds a read-write
    connection to it). Write to it (e.g. import plans) before the first ``AppTest.run``."""
    import shutil

    db_copy = tmp_path / "app.duckdb"
    shutil.copy(utrecht_db, db_copy)
    monkeypatch.setenv("VZW_DB", str(db_copy))
    return db_copy


@pytest.fixture
def app(app_db):
    """AppTest of app.py on a private copy of the Utrecht database, after its first run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def empty_postgres_store(what: str) -> str:
    """``$VZW_TEST_PG_URL`` with the workshop tables dropped (the test starts on empty tables). Skips the test
    when it is not set, fails it instead under ``$VZW_REQUIRE_PG`` (set by .ci/run): ``what`` would not run."""
    import os

    import sqlalchemy as sa

    from lib.core import db_work

    url = os.environ.get("VZW_TEST_PG_URL", "")
    if not url:
        if os.environ.get("VZW_REQUIRE_PG"):
            pytest.fail(f"VZW_REQUIRE_PG is set but VZW_TEST_PG_URL is not: {what} would not run")
        pytest.skip("no PostgreSQL configured (VZW_TEST_PG_URL)")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        db_work.meta.drop_all(conn)
    engine.dispose()
    return url
