"""One number format and one language per screen (issue 10).

* The text catalogue: every label key used in lib/ and app_pages/ exists in Dutch and English (AST scan of the
  calls of ``t``), keys are literal, no text is stored under two keys, ``t`` raises on a missing key in tests.
* Data texts: every text the embedded data and the importers store (supply sources, licences, summaries,
  data-quality notes, the default norms' sources, the sharing assumptions) has a Dutch and an English version.
* Every page in Dutch and in English, baseline and with the illustrative example case open, shows no word of
  the other language, no 'nan'/'None', no minus zero and no number in the other language's format
  (tests/screen_text.py documents the word lists and what counts as a name).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections import defaultdict

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.cases import example
from lib.core import db, norms, sources
from lib.sharing import common, timesharing
from lib.text import data as data_texts
from lib.text.i18n import FACILITY_TYPES, TEXT, facility_label, t
from lib.ui.formatting import data_text
from tests import screen_text
from tests.conftest import APP, ROOT

CODE = [*sorted((ROOT / "lib").rglob("*.py")), *sorted((ROOT / "app_pages").rglob("*.py")), ROOT / "app.py"]


# --- the catalogue ----------------------------------------------------------------------------------------------

def _keys_tables(tree: ast.Module) -> dict[str, set[str]]:
    """Module-level dicts named ``*_KEYS`` → the string constants among their values (label keys)."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id.endswith("_KEYS"):
                    out[target.id] = {c.value for v in node.value.values for c in ast.walk(v)
                                      if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return out


def _allowed(arg: ast.expr, tables: set[str]) -> list[str] | None:
    """The literal keys an argument of ``t`` can be, or None when it is not literal: a string constant, a
    conditional of literal keys, or a lookup in a ``*_KEYS`` table (whose values are checked separately)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        a, b = _allowed(arg.body, tables), _allowed(arg.orelse, tables)
        return None if a is None or b is None else a + b
    names = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(arg) if isinstance(n, ast.Attribute)}
    return [] if any(n.endswith("_KEYS") for n in names) else None


def used_keys() -> tuple[set[str], list[str]]:
    keys, bad = set(), []
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tables = _keys_tables(tree)
        keys |= {k for ks in tables.values() for k in ks}  # every value of a *_KEYS table is a label key
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                found = _allowed(node.args[0], set(tables))
                if found is None:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: t({ast.unparse(node.args[0])})")
                else:
                    keys |= set(found)
    return keys, bad


def test_every_label_key_is_literal_and_exists_in_both_languages():
    keys, bad = used_keys()
    assert not bad, "label keys must be literal (or come from a *_KEYS table):\n" + "\n".join(bad)
    assert len(keys) > 400
    missing = sorted(k for k in keys if k not in TEXT)
    assert not missing, f"label keys used in code but not in lib/text: {missing}"
    for key, entry in TEXT.items():
        assert set(entry) == {"nl", "en"} and entry["nl"].strip() and entry["en"].strip(), key


def test_no_text_is_stored_under_two_keys():
    by_text = defaultdict(list)
    for key, entry in TEXT.items():
        by_text[(entry["nl"], entry["en"])].append(key)
    assert [keys for keys in by_text.values() if len(keys) > 1] == []


def test_t_raises_on_a_missing_key_in_tests():
    assert os.environ.get("VZW_STRICT_TEXT") == "1"
    with pytest.raises(KeyError):
        t("no_such_label")
    assert t("shortfall", "nl") == "tekort" and t("shortfall", "en") == "shortfall"


def test_facility_types_and_data_texts_have_both_languages():
    for ftype, entry in FACILITY_TYPES.items():
        assert entry["nl"] and entry["en"], ftype
    assert facility_label("primary_school", "en") == "Primary school (places)"
    assert facility_label("my_own_type") == "my_own_type"  # a type from a user's file: its code
    for key, entry in data_texts.TEXTS.items():
        assert set(entry) == {"nl", "en"} and entry["nl"] != entry["en"], key


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, utrecht_db):
    """A private copy of the Utrecht database with the example case (module scope: the pages only read)."""
    path = tmp_path_factory.mktemp("language") / "app.duckdb"
    shutil.copy(utrecht_db, path)
    con = db.connect(path)
    example.ensure(con)
    con.close()
    return path


def test_every_stored_data_text_is_translated(embedded):
    """Everything the embedded build and the shipped data files store as text for people has a Dutch version."""
    con = db.connect(embedded, read_only=True)
    try:
        prov = sources.provenance(con)
        quality = sources.quality(con)
        facilities = db.table(con, "facilities")
        stored_norms = db.table(con, "norms")
    finally:
        con.close()
    texts = [*prov["summary"], *[x for x in prov["licence"] if x], *quality["message"],
             *facilities["capacity_note"].dropna().unique(), *stored_norms["source"],
             *pd.read_csv(norms.DEFAULT_NORMS)["source"],
             *timesharing.assumptions()["source"], *timesharing.assumptions()["unit"],
             *common.standard_sizes()["source"], *common.standard_sizes()["area_kind"]]
    untranslated = [x for x in texts if data_text(x, "nl") == data_text(x, "en") and x != "m"]
    assert untranslated == [], "\n".join(map(str, untranslated))
    assert data_text("KWB 2024: 111 buurten, 374,195 persons in 5 age bands", "nl") == \
        "KWB 2024: 111 buurten, 374.195 personen in 5 leeftijdsgroepen"
    assert data_text("enrolment 2023-24 (DUO) used as capacity proxy", "en") == \
        "enrolment 2023-24 (DUO) used as capacity proxy"
    assert data_text("Bakkerij de Vries", "nl") == "Bakkerij de Vries"  # a name: as it is


def test_sources_is_maintained_in_both_languages():
    """data/SOURCES.nl.md is the Dutch translation of data/SOURCES.md: the same sections, tables, links and files."""
    en, nl = sources.sources_markdown("en"), sources.sources_markdown("nl")
    assert nl != en and "Licenties en naamsvermelding" in nl

    def shape(text):
        lines = text.splitlines()
        return ([ln.count("#") for ln in lines if ln.startswith("#")], sum(ln.startswith("|") for ln in lines),
                sorted(re.findall(r"https?://\S+", text)), sorted(set(re.findall(r"`data/raw/[^`]+`", text))))

    assert shape(nl) == shape(en)


# --- every page, both languages, baseline and with the example case --------------------------------------------

PAGES = ["overview", "explorer", "cases", "sharing", "agenda", "initiatives", "norms", "data", "sources"]
EXAMPLE = example.definition()["case_id"]


@pytest.fixture(scope="module")
def names(embedded):
    return screen_text.names(embedded)


def render(db_path, page: str, lang: str, case: str | None) -> AppTest:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VZW_DB", str(db_path))
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["lang"] = lang
        if case:
            at.query_params["case"] = case
        at.run()
        at.switch_page(f"app_pages/{page}.py")
        at.run()
    return at


@pytest.mark.parametrize("case", [None, EXAMPLE], ids=["baseline", "example-case"])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_one_language_per_screen(embedded, names, page, lang, case):
    at = render(embedded, page, lang, case)
    assert not at.exception, at.exception
    strings = screen_text.texts(at._tree)
    assert len(strings) > 20
    found = screen_text.problems(strings, lang, names)
    assert found == [], f"{page} ({lang}, {case or 'baseline'}):\n" + "\n".join(found)


def test_the_checks_catch_the_old_defects(names):
    """The checks are not empty: the texts issue 10 reported are caught."""
    nl = screen_text.problems(["Totale behoefte (places) 31,517", "jaar 2,028 → 2,029", "nan → nan m",
                               "enrolment 2023-24 (DUO) used as capacity proxy", "(assumption)", "−0 plaatsen",
                               "⟨placeholder⟩"], "nl", names)
    assert len(nl) == 7
    en = screen_text.problems(["Totaal tekort 5.247", "Buurten met tekort", "ja"], "en", names)
    assert len(en) == 3
    assert screen_text.problems(["Het Zand-West", "Totaal tekort 5.247 plaatsen"], "nl", names) == []
