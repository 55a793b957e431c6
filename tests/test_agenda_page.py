"""AppTest of the page "Gebiedsagenda" on the embedded Utrecht data with the illustrative agenda: it renders in Dutch
and English, says the agenda is illustrative, follows the chosen area and window, stores notes per opportunity
under a name, offers the exports and the template, and edits the agenda of an open case."""

from __future__ import annotations

import pytest

from lib.agenda import store

PAGE = "app_pages/agenda.py"
CASE = "voorbeeld-merwede-leidsche-rijn"


@pytest.fixture(scope="module")
def page_db(utrecht_db, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("agenda_app") / "app.duckdb"
    shutil.copy(utrecht_db, path)
    return path


def start(page_db, monkeypatch, case=None, **params):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    monkeypatch.setenv("VZW_DB", str(page_db))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in {**params, **({"case": case} if case else {})}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def server_cursor(path):
    """A cursor on the app's own connection (the server holds the database file open for writing)."""
    from app_pages import shell

    return shell.root().cursor()


def opportunity_lines(at) -> list[str]:
    return [m.value for m in at.markdown if m.value[:1].isdigit() and ". **" in m.value[:6]]


def test_page_renders_the_illustrative_agenda(page_db, monkeypatch):
    at = start(page_db, monkeypatch)
    assert at.title[0].value == "Gebiedsagenda: werk met werk"
    assert at.warning[0].value.startswith("Illustratieve agenda — geen echte plannen.")
    assert len(at.get("plotly_chart")) == 1
    lines = opportunity_lines(at)
    assert len(lines) == 10
    # score 3 domains + 1 shortfall + 3 × 0.25 overlap = 4.75, worked out in
    # tests/test_agenda_cli.py::test_embedded_utrecht_agenda (the 0.175 sporthal short in Leidsche Rijn-Centrum
    # counts since issue 11: ≥ 0.1 of a standard unit)
    assert lines[0].startswith("1. **Werk met werk** · Beweegprogramma jeugd Leidsche Rijn (sport, 2025–2028) en "
                               "Woningbouw Leidsche Rijn-Centrum fase 3 (ruimte, 2026–2030) lopen tegelijk in "
                               "2026–2028 in Leidsche Rijn-Centrum (binnen wijk Leidsche Rijn)")
    table = at.dataframe[-1].value
    assert list(table.columns) == ["#", "Soort kans", "Waarom", "Score", "Periode", "Illustratief"]
    assert (table["Illustratief"] == "ja").all() and table["Score"].iloc[0] == "4,75"
    assert [b.label for b in at.get("download_button")] == ["Excel (agenda, kansen, tekorten)", "PDF (één pagina)",
                                                            "Sjabloon (CSV)", "Sjabloon (Excel)"]
    assert at.info[-1].value.startswith("Open een case (Werksessie)")
    assert at.query_params["area"] == "GM0344"


def test_a_buurt_with_its_shortfalls_sites_and_opportunities(page_db, monkeypatch):
    at = start(page_db, monkeypatch, area="BU03440931")
    assert at.selectbox(key="ag_level").value == "buurt"
    short = at.dataframe[0].value
    assert list(short.columns) == ["Voorziening", "Waar", "Tekort", "Eerste jaar"]
    rows = dict(zip(short["Voorziening"] + " | " + short["Waar"], short["Tekort"], strict=True))
    # sporthallen: need 3,870 inhabitants / 17,500 = 0.221, 2SFCA supply 0.046 → 0.175 short (≥ 0.1: counts) → "0,2"
    assert rows["Sporthal | Leidsche Rijn-Centrum (BU03440931)"] == "0,2 sporthal"
    # the pool: CBS distance 3,600 m against the norm of 3,000 m, for 3,870 inhabitants
    assert rows["Zwembad (afstand) | Leidsche Rijn-Centrum (BU03440931)"] == "3.600 m (norm 3.000 m)"
    assert len(rows) == 2
    assert any(m.value.startswith("- Multifunctioneel gebouw bij Eben-Haëzer school + KBS Onder De Bogen") for m in
               at.markdown)
    lines = opportunity_lines(at)
    assert any("Woningbouw Leidsche Rijn-Centrum fase 3 (ruimte, 2026–2030) in Leidsche Rijn-Centrum — een "
               "sporthaltekort in deze buurt (0,2 sporthal in 2026) en een zwembad verder weg dan de norm in deze "
               "buurt (3.600 m, norm 3.000 m): combineer." in line for line in lines)


def test_a_data_gap_is_no_shortfall_on_the_page(page_db, monkeypatch):
    # Vleuterweide lies in Vleuten-De Meern, a wijk without any sporthal in the data and with schools whose gymzaal
    # is probably missing: its gym and sports-hall shortfalls are data gaps (issue 11) and are not offered
    at = start(page_db, monkeypatch, area="BU03441022")
    assert "Geen tekort dat meetelt in deze periode." in [i.value for i in at.info]
    lines = opportunity_lines(at)
    assert lines and not any("tekort" in line for line in lines)


def test_window_and_kanaleneiland(page_db, monkeypatch):
    at = start(page_db, monkeypatch, area="BU03440832")
    lines = opportunity_lines(at)
    assert len(lines) == 6 and all("Kanaleneiland-Noord" in line for line in lines)
    at.number_input(key="ag_window").set_value(0).run()
    assert not at.exception
    assert at.query_params["window"] == "0"
    # with window 0 the sewer (2026-2027) still shares 2027 with the others: the same six pairs
    assert len(opportunity_lines(at)) == 6
    at.slider(key="ag_period").set_value((2029, 2030)).run()
    # only the wijk-wide approach (2025-2029) still runs; the buurt's own work ends in 2028: nothing to combine
    assert not opportunity_lines(at)
    assert "Geen kansen gevonden met deze instellingen." in [i.value for i in at.info]


def test_english(page_db, monkeypatch):
    at = start(page_db, monkeypatch, lang="en", area="BU03440832")
    assert at.title[0].value == "Area agenda: combine the work"
    assert at.warning[0].value.startswith("Illustrative agenda — not real plans.")
    assert opportunity_lines(at)[0].startswith("1. **Work with work** · Vervanging riolering Kanaleneiland-Noord "
                                               "(management, 2026–2027) and Wijkaanpak Zuidwest")


def test_notes_per_opportunity_need_a_name(page_db, monkeypatch):
    at = start(page_db, monkeypatch, area="BU03440832")
    at.text_area(key="ag_note_text").input("Eén keer de straat open: bel Stadsbedrijven.")
    at.button[[b.label for b in at.button].index("Notitie toevoegen")].click().run()   # a form: input + submit
    assert at.warning[-1].value.startswith("Vul eerst links uw naam en domein in")
    at.sidebar.text_input(key="who_name").input("Ann").run()
    at.text_area(key="ag_note_text").input("Eén keer de straat open: bel Stadsbedrijven.")
    at.button[[b.label for b in at.button].index("Notitie toevoegen")].click().run()
    assert not at.exception
    assert any(m.value.startswith("**Ann** (fysiek, ") and m.value.endswith("Eén keer de straat open: bel "
                                                                            "Stadsbedrijven.") for m in at.markdown)
    n = store.notes(server_cursor(page_db))
    picked = at.selectbox(key="ag_pick").value
    assert list(n["opportunity_id"]) == [picked] and picked.startswith("pair:ILL-KAN-01|ILL-KAN-04")


def test_agenda_in_a_case(page_db, monkeypatch):
    at = start(page_db, monkeypatch, case=CASE, area="BU03440831")
    assert any("Illustratief" in c.value or "Wijzigingen gelden alleen in de case" in c.value for c in at.caption)
    at.sidebar.text_input(key="who_name").input("Bo").run()
    at.text_input(key="ag_new_name").input("Buurtsportcoach Kanaleneiland-Zuid")
    at.selectbox(key="ag_new_domain").set_value("sport")
    at.number_input(key="ag_new_start").set_value(2028)
    at.number_input(key="ag_new_end").set_value(2029)
    at.button[[b.label for b in at.button].index("Opslaan")].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "Opgeslagen in de case."
    lines = opportunity_lines(at)
    assert any("Buurtsportcoach Kanaleneiland-Zuid (sport, 2028–2029)" in line for line in lines)
    cur = server_cursor(page_db)
    assert "Buurtsportcoach Kanaleneiland-Zuid" in set(store.load(cur, CASE)["name"])
    assert "Buurtsportcoach Kanaleneiland-Zuid" not in set(store.load(cur)["name"])   # the base agenda is unchanged
    undo = [b for b in at.button if b.label.startswith("Laatste agendawijziging ongedaan maken")]
    undo[0].click().run()
    assert not any("Buurtsportcoach" in line for line in opportunity_lines(at))
