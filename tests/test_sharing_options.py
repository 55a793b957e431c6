"""Ranked options in plain language (lib.sharing.options), the CLI ``python -m lib options`` and the map."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lib.core import db, inputs
from lib.sharing import options, view
from lib.ui.formatting import number
from lib.ui.offline_map import offline_problems
from tests.test_sharing_methods import hub_inputs, spare_inputs, ts_inputs

ROOT = Path(__file__).resolve().parent.parent


def test_number_format():
    # one formatter for every page (lib.ui.formatting, issue 10): facilities one decimal, whole values without
    # decimals, rounding half up for people (options.fmt and its 1-2 decimals for facilities are gone)
    assert number(1234.5, "nl", 0) == "1.235" and number(1234.4, "en", 0) == "1,234"
    assert number(0.45, "nl") == "0,5" and number(12.25, "en", 2) == "12.25"
    assert options.amount_text(0.25, "facilities", "gym", "nl") == "0,3 gymzalen"
    assert options.amount_text(1, "facilities", "gym", "nl") == "1 gymzaal"
    assert options.amount_text(2.5, "facilities", "sports_hall", "en") == "2.5 sports halls"
    assert options.place("Wijk 09 Leidsche Rijn") == "Leidsche Rijn"


def test_spare_capacity_sentence_hand_computed():
    """spare_inputs: A short 60, B short 100 (wijk 'Proef'); F2 could give B 90 places from 1.5 km."""
    o = options.all_options(spare_inputs(), None, 2024, "nl", kinds=("spare_capacity",))
    assert len(o) == 1
    assert o.at[0, "sentence"] == ("Basisschool-tekort in Proef (160 plaatsen): 90 plaatsen vrij bij 1 basisschool "
                                   "binnen 1,5 km (56 % van het tekort).")
    assert o.at[0, "score"] == pytest.approx(90 / 240) and o.at[0, "amount"] == pytest.approx(90)
    en = options.all_options(spare_inputs(), None, 2024, "en", kinds=("spare_capacity",))
    assert en.at[0, "sentence"].startswith("Primary school shortfall in Proef (160 places): 90 places spare at 1 ")


def test_timesharing_sentences_and_the_limit():
    """ts_inputs: A's 3.125 hall hours short are matched with 7.8 gym hours at 0 m; B's 30 daytime PE hours and
    D's 7.5 are not solvable by evenings (default match distance 1 km): one 'limit' row of 37.5 hours, last."""
    o = options.all_options(ts_inputs(), None, 2024, "nl", kinds=("timesharing", "limit"))
    assert o["kind"].tolist() == ["timesharing", "limit"]
    assert o.at[0, "sentence"] == ("Sporthal-tekort in Proef (≈ 3 zaaluren per week): 8 avond- en weekenduren per "
                                   "week vrij in 1 schoolgymzaal binnen 0 km.")  # whole: no ",0"
    assert o.at[0, "score"] == pytest.approx(3.125 / 41)
    assert o.at[1, "amount"] == pytest.approx(37.5) and "lossen dit niet op" in o.at[1, "sentence"]


def test_hub_sentence():
    o = options.all_options(hub_inputs(), None, 2024, "nl", kinds=("hub",))
    assert o.at[0, "sentence"] == ("Multifunctioneel gebouw bij School Een + Sportveld (Proef): gymzaal + "
                                   "bibliotheekpunt + basisschool (uitbreiding, 100 plaatsen); ca. 1.252 m², dekt 1,9 "
                                   "standaardeenheden onvervulde behoefte.")


@pytest.fixture(scope="module")
def utrecht(utrecht_db):
    con = db.connect(utrecht_db, read_only=True)
    inp = inputs.load(con)
    con.close()
    from lib.core import gaps

    return inp, gaps.compute(inp, years=[inp.base_year]).table


def test_best_options_on_utrecht(utrecht):
    inp, table = utrecht
    best = options.best_options(inp, table, inp.base_year, n=5, lang="nl")
    assert len(best) == 5 and best["rank"].tolist() == [1, 2, 3, 4, 5]
    assert (best["score"].diff().dropna() <= 1e-12).all()
    assert best["kind"].value_counts().max() <= 2 and "limit" not in set(best["kind"])
    assert best["sentence"].str.len().min() > 40
    every = options.all_options(inp, table, inp.base_year, "nl")
    # no 'limit' any more: the daytime PE shortfall of Vleuten-De Meern (266 hours) rested on a data gap (no
    # gymzaal in the Mulier file), which sharing options leave out (issue 11)
    assert set(every["kind"]) == {"spare_capacity", "timesharing", "hub", "siting"}
    assert not every["area_name"].eq("Wijk 10 Vleuten-De Meern").any()
    assert not every["functions"].map(lambda f: "primary_school" in f).any()  # enrolment is not spare capacity
    ts = every[(every["kind"] == "timesharing") & (every["area_name"] == "Wijk 09 Leidsche Rijn") &
               (every["facility_type"] == "sports_hall")].iloc[0]
    # Leidsche Rijn: 123.3 hall hours of club sport asked, 108.0 within reach of halls (Mulier data); the 25.19
    # hall hours short are all matched now that Vleuten-De Meern's (data-gap) club shortfall no longer competes
    # for the same gyms: 25.19 hall hours × 30 / 12 participants per hour = 62.97 gym hours
    assert ts["details"]["club_hall_h"] == pytest.approx(49310 * 0.05 * 1.5 / 30)
    assert ts["details"]["club_unsolved_hall_h"] == pytest.approx(0)
    assert ts["details"]["gyms"] == 3 and ts["amount"] == pytest.approx(ts["details"]["club_short_hall_h"] * 30 / 12)
    assert ts["amount"] == pytest.approx(62.97, abs=0.005)


def test_options_map_is_offline_and_escaped(utrecht, utrecht_db):
    inp, table = utrecht
    con = db.connect(utrecht_db, read_only=True)
    from lib.ui import maps

    shapes = maps.shapes_wgs84(db.area_shapes(con, "buurt"))
    con.close()
    res = options.results(inp, table, inp.base_year)
    res.spare.matches.loc[res.spare.matches.index[0], "facility_name"] = "<b>Evil</b> & co"
    m = view.options_map(shapes, view.short_codes(inp, table, inp.base_year, ["gym"]), res.spare, res.hub, res.ts,
                         None, pd.DataFrame({"x": [136000.0], "y": [455000.0], "label": ["<script>x</script>"]}))
    html = m.get_root().render()
    assert offline_problems(m) == []
    assert "<b>Evil</b>" not in html  # the lines' tooltips are GeoJSON data (JSON-escaped), shown as HTML text:
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; co →" in html.replace("\\u0026", "&").replace("\\u2192", "→")
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "vzw-legend" in html and "Vrije capaciteit" in html


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "lib", "options", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)


def test_cli_options_json_on_utrecht(utrecht_db):
    out = run_cli("--db", str(utrecht_db), "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) >= 20
    assert {r["kind"] for r in rows} == {"spare_capacity", "timesharing", "hub", "siting"}  # no data-gap limit
    for r in rows:
        assert isinstance(r["score"], float) and isinstance(r["amount"], float) and r["sentence"]
        assert r["year"] == 2024 and isinstance(r["details"], dict)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_cli_options_csv_filters(utrecht_db):
    import io

    out = run_cli("--db", str(utrecht_db), "--type", "sports_hall", "--kind", "timesharing", "--lang", "en")
    assert out.returncode == 0, out.stderr
    t = pd.read_csv(io.StringIO(out.stdout))
    assert set(t["kind"]) == {"timesharing"} and t["sentence"].str.startswith("Sports-hall shortfall").all()
    assert run_cli("--db", str(utrecht_db), "--type", "nope").returncode == 2
    assert run_cli("--db", str(ROOT / "no-such.duckdb")).returncode == 2
