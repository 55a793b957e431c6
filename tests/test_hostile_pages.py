"""Markdown injection (issue 16, failure 5): a case name, description, note, display name, facility name or wijk
name such as ``![x](http://127.0.0.1:9/pixel.png)`` is shown as text on the Werksessie and Ruimte delen pages
(and in the warning for an unknown case in the URL), never as an image the browser fetches or a link.

Streamlit renders markdown in the browser, so the test inspects the markdown source every element sends: the
payload must arrive there with its brackets escaped (``!\\[x\\](…)``), which markdown prints literally."""

from __future__ import annotations

import re

import pytest

from lib.cases import store
from lib.core import db
from lib.ingest import importing

IMAGE = "![x](http://127.0.0.1:9/pixel.png)"
ESCAPED = r"!\[x\](http://127.0.0.1:9/pixel.png)"
#: A markdown link or image: [text](…) with brackets that are not escaped.
LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
#: Elements whose text Streamlit renders as markdown (values, labels).
MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                     "toast", "metric", "expander", "tabs")


def markdown_texts(at) -> list[str]:
    out = []
    for kind in MARKDOWN_ELEMENTS:
        for e in getattr(at, kind):
            for attr in ("value", "label", "body"):
                v = getattr(e, attr, None)
                if isinstance(v, str):
                    out.append(v)
    return out


def assert_shown_as_text(at) -> list[str]:
    """No markdown link or image anywhere; returns the texts that carry the (escaped) payload."""
    texts = markdown_texts(at)
    assert not [v for v in texts if LINK.search(v)], [v for v in texts if LINK.search(v)]
    assert len(at.image) <= 1  # only the share link's QR code (a PNG made here), never an image from markdown
    return [v for v in texts if ESCAPED in v]


@pytest.fixture
def hostile_case(app_db):
    con = db.connect(app_db)
    try:
        who = {"author": IMAGE, "domain": store.DOMAINS[0]}
        cid = store.create_case(con, IMAGE, description=f"Zie {IMAGE} en [klik](http://127.0.0.1:9/)", **who)
        store.add_note(con, cid, IMAGE, **who)
        store.add_facility(con, cid, name=IMAGE, type="gym", x=136000.0, y=455800.0, capacity=1, unit="facilities",
                           **who)
    finally:
        con.close()
    return cid


def _app(query: dict):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def test_werksessie_shows_names_descriptions_and_notes_as_text(hostile_case):
    at = _app({"case": hostile_case})
    at.switch_page("app_pages/cases.py").run()
    assert not at.exception, at.exception
    carrying = assert_shown_as_text(at)
    assert at.title[0].value == ESCAPED  # the case name
    assert any(v.startswith(r"Zie !\[x\]") and r"\[klik\](http" in v for v in carrying)  # the description
    assert any(v.startswith(ESCAPED + " (") for v in carrying)  # a note's author line
    assert IMAGE in [e.value for e in at.text]  # the note itself: st.text, plain by nature


def test_unknown_case_in_the_url_is_shown_as_text(app_db):
    at = _app({"case": IMAGE})  # announced once, on the run that finds the unknown case in the link
    assert any(ESCAPED in w.value for w in at.warning)
    assert_shown_as_text(at)
    at.switch_page("app_pages/cases.py").run()
    assert not at.exception, at.exception
    assert_shown_as_text(at)


def test_ruimte_delen_shows_wijk_and_facility_names_as_text(app_db, tmp_path, hostile_case):
    con = db.connect(app_db)
    try:  # every wijk of Utrecht renamed through the real KWB importer (names of loaded areas are updated)
        wijken = db.table(con, "areas", "level = 'wijk'")["code"].tolist()
        header = "gwb_code_10,regio,a_inw,a_00_14,a_15_24,a_25_44,a_45_64,a_65_oo,a_woning,ste_mvs"
        rows = [f"{w},{IMAGE} {w[-2:]},.,.,.,.,.,.,.,." for w in wijken]
        path = tmp_path / "kwb-2023.csv"
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        importing.import_file(con, "kwb", path)
        assert set(db.table(con, "areas", "level = 'wijk'")["name"].str[:len(IMAGE)]) == {IMAGE}
    finally:
        con.close()
    at = _app({"case": hostile_case})
    at.switch_page("app_pages/sharing.py").run()
    assert not at.exception, at.exception
    carrying = assert_shown_as_text(at)
    assert carrying  # the payload reaches the page (banner, sentences naming the wijken) only escaped
