"""UI labels of the Normen and Data pages (Dutch default, English). Registered with lib.text.i18n at import."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- Normen: the norms table -------------------------------------------------------------------------------
    "nd_norms_intro": {
        "nl": "De normen die nu gelden voor alle pagina's. Pas cellen aan, voeg onderaan rijen toe of verwijder ze, "
              "en klik op **Normen opslaan**. Eerst wordt de hele tabel gecontroleerd; bij een fout verandert er "
              "niets. Een werksessie-case kan normen voor die case overschrijven; deze tabel is de basis.",
        "en": "The norms in force on every page. Edit cells, add rows at the bottom or delete them, then click "
              "**Save norms**. The whole table is checked first; on any problem nothing changes. A workshop case "
              "may override norms for that case; this table is the base."},
    "nd_norms_howto": {
        "nl": "Behoefte = hoeveelheid × grondslag / per (bijv. 1 sporthal per 17.500 inwoners). Geef óf een "
              "verzorgingsafstand in meters (aanbod via 2SFCA) óf een verzorgingsniveau (buurt/wijk/gemeente). "
              "Eenheid `max_distance_m` maakt een afstandsnorm: hoeveelheid = maximale afstand in meters. "
              "Een rij met een woonmilieu geldt in buurten met dat woonmilieu in plaats van de algemene rij.",
        "en": "Need = amount × basis / per (e.g. 1 sports hall per 17,500 inhabitants). Give either a catchment "
              "distance in metres (supply by 2SFCA) or a service level (buurt/wijk/gemeente). Unit "
              "`max_distance_m` makes a distance norm: amount = the maximum distance in metres. A row with a "
              "woonmilieu applies in buurten of that woonmilieu instead of the general row."},
    "nd_col_facility_type": {"nl": "Voorziening (type)", "en": "Facility type"},
    "nd_col_source": {"nl": "Bron en toelichting", "en": "Source and rationale"},
    "nd_help_facility_type": {"nl": "Type zoals in de voorzieningentabel, bijv. primary_school, sports_hall",
                              "en": "Type as in the facilities table, e.g. primary_school, sports_hall"},
    "nd_help_basis": {"nl": "inhabitants, dwellings of age:A-B (leeftijd A t/m B, bijv. age:4-11)",
                      "en": "inhabitants, dwellings or age:A-B (ages A to B inclusive, e.g. age:4-11)"},
    "nd_help_amount": {"nl": "Hoeveel eenheden per 'per' personen/woningen; bij max_distance_m de afstand in m",
                       "en": "Units needed per 'per' persons/dwellings; for max_distance_m the distance in m"},
    "nd_help_per": {"nl": "Aantal personen of woningen waarvoor de hoeveelheid geldt (groter dan 0)",
                    "en": "Number of persons or dwellings the amount is for (greater than 0)"},
    "nd_help_unit": {"nl": "places, facilities, m² … of max_distance_m (afstandsnorm)",
                     "en": "places, facilities, m² … or max_distance_m (distance norm)"},
    "nd_help_catchment_m": {"nl": "Meters; leeg laten als een verzorgingsniveau geldt",
                            "en": "Metres; leave empty when a service level applies"},
    "nd_help_service_level": {"nl": "buurt, wijk of gemeente; leeg laten bij een verzorgingsafstand",
                              "en": "buurt, wijk or gemeente; leave empty when a catchment applies"},
    "nd_help_woonmilieu": {"nl": "Leeg = algemene rij; anders geldt de rij alleen in dat woonmilieu",
                           "en": "Empty = general row; otherwise the row applies only in that woonmilieu"},
    "nd_status_legend": {
        "nl": "Status: **beleid** = vastgesteld beleid of een gepubliceerde norm; **afgeleid** = berekend uit een "
              "bron; **aanname** = een aanname die lokaal geijkt moet worden. Schattingen worden zo getoond naast "
              "elk getal dat erop rust.",
        "en": "Status: **policy** = adopted policy or a published norm; **derived** = computed from a source; "
              "**assumption** = an assumption to calibrate locally. Numbers resting on it are marked as such."},
    "nd_unsaved": {"nl": "Niet-opgeslagen wijzigingen in {n} rij(en): klik op Normen opslaan om ze te laten gelden.",
                   "en": "Unsaved changes in {n} row(s): click Save norms to put them into force."},
    "nd_save_norms": {"nl": "Normen opslaan", "en": "Save norms"},
    "nd_saved_norms": {"nl": "Opgeslagen: {n} normen. Alle pagina's rekenen nu met deze normen.",
                       "en": "Saved: {n} norms. Every page now computes with these norms."},
    "nd_not_saved": {"nl": "Niet opgeslagen: {n} probleem/problemen. Er is niets veranderd; pas de rijen aan en "
                           "probeer opnieuw.",
                     "en": "Not saved: {n} problem(s). Nothing has changed; correct the rows and try again."},
    "nd_row": {"nl": "Rij", "en": "Row"},
    "nd_column": {"nl": "Kolom", "en": "Column"},
    "nd_message": {"nl": "Probleem", "en": "Problem"},
    "nd_file": {"nl": "Bestand", "en": "File"},
    "nd_row_n": {"nl": "rij {n}", "en": "row {n}"},
    "nd_whole_table": {"nl": "hele tabel", "en": "whole table"},
    "nd_export_norms": {"nl": "Normen downloaden (CSV)", "en": "Download norms (CSV)"},
    "nd_import_norms": {"nl": "Normen importeren uit CSV", "en": "Import norms from CSV"},
    "nd_import_norms_help": {
        "nl": "Het bestand vervangt álle normen. Kolommen: `facility_type, basis, amount, per, unit, catchment_m, "
              "service_level, woonmilieu, source[, status]` (zoals de download). Eerst wordt het hele bestand "
              "gecontroleerd; bij een fout verandert er niets.",
        "en": "The file replaces all norms. Columns: `facility_type, basis, amount, per, unit, catchment_m, "
              "service_level, woonmilieu, source[, status]` (as in the download). The whole file is checked "
              "first; on any problem nothing changes."},
    "nd_choose_csv": {"nl": "Kies een CSV-bestand", "en": "Choose a CSV file"},
    "nd_imported_norms": {"nl": "Geïmporteerd: {summary}. Alle pagina's rekenen nu met deze normen.",
                          "en": "Imported: {summary}. Every page now computes with these norms."},
    "nd_reset": {"nl": "Standaardnormen herstellen", "en": "Restore the default norms"},
    "nd_reset_help": {
        "nl": "Vervangt alle normen door de meegeleverde standaardnormen (data/norms_default.csv, 6 rijen). "
              "Eigen wijzigingen gaan verloren; download ze eerst als je ze wilt bewaren.",
        "en": "Replaces all norms by the shipped defaults (data/norms_default.csv, 6 rows). Your own changes "
              "are lost; download them first to keep them."},
    "nd_reset_confirm": {"nl": "Ja, vervang alle normen door de standaardnormen",
                         "en": "Yes, replace all norms by the defaults"},
    "nd_reset_button": {"nl": "Herstellen", "en": "Restore"},
    "nd_reset_done": {"nl": "De standaardnormen gelden weer ({n} normen).",
                      "en": "The default norms apply again ({n} norms)."},
    "nd_last_change": {"nl": "Laatste wijziging van de normen", "en": "Last change of the norms"},
    # --- Normen: woonmilieu per buurt --------------------------------------------------------------------------
    "nd_wm_header": {"nl": "Woonmilieu per buurt", "en": "Woonmilieu per buurt"},
    "nd_wm_intro": {
        "nl": "Afgeleid uit de CBS-stedelijkheid (ste_mvs): 1 centrum-stedelijk, 2-3 gemengd stedelijk, 4-5 "
              "groen-blauw. Kies in de kolom **Overschrijving** een ander woonmilieu (leeg = afgeleid); dan geldt "
              "voor die buurt de normregel van dat woonmilieu. De laatste kolom toont de normregels die nu "
              "specifiek voor de buurt gelden.",
        "en": "Derived from CBS urbanity (ste_mvs): 1 centrum-stedelijk, 2-3 gemengd stedelijk, 4-5 groen-blauw. "
              "Pick another woonmilieu in the **Override** column (empty = derived); the norm row of that "
              "woonmilieu then applies to the buurt. The last column shows the norm rows that apply "
              "specifically to the buurt now."},
    "nd_wm_ste": {"nl": "Stedelijkheid (CBS)", "en": "Urbanity (CBS)"},
    "nd_wm_derived": {"nl": "Afgeleid woonmilieu", "en": "Derived woonmilieu"},
    "nd_wm_override": {"nl": "Overschrijving", "en": "Override"},
    "nd_wm_effective": {"nl": "Geldt", "en": "In force"},
    "nd_wm_norms": {"nl": "Specifieke normregels", "en": "Specific norm rows"},
    "nd_wm_save": {"nl": "Woonmilieus opslaan", "en": "Save woonmilieus"},
    "nd_wm_saved": {"nl": "Opgeslagen: {n} buurt(en) gewijzigd.", "en": "Saved: {n} buurt(en) changed."},
    "nd_wm_unchanged": {"nl": "Geen wijzigingen.", "en": "No changes."},
    "nd_none": {"nl": "—", "en": "—"},
    # --- Data page ---------------------------------------------------------------------------------------------
    "nd_data_intro": {
        "nl": "Welke gegevens de berekeningen gebruiken, waar ze vandaan komen en onder welke licentie, wat er "
              "aan de kwaliteit opviel, en nieuwe bestanden laden.",
        "en": "Which data the computations use, where it comes from and under which licence, what was noticed "
              "about its quality, and loading new files."},
    "nd_loaded": {"nl": "Wat is geladen", "en": "What is loaded"},
    "nd_table": {"nl": "Tabel", "en": "Table"},
    "nd_rows": {"nl": "Rijen", "en": "Rows"},
    "nd_years": {"nl": "Jaren", "en": "Years"},
    "nd_municipalities": {"nl": "Gemeenten", "en": "Municipalities"},
    "nd_base_year": {"nl": "Basisjaar", "en": "Base year"},
    "nd_tbl_areas": {"nl": "Gebieden (buurt, wijk, gemeente)", "en": "Areas (buurt, wijk, gemeente)"},
    "nd_tbl_population": {"nl": "Bevolking (rijen per buurt, jaar, leeftijdsgroep)",
                          "en": "Population (rows per buurt, year, age band)"},
    "nd_tbl_plans": {"nl": "Woningbouwplannen", "en": "Housing plans"},
    "nd_tbl_area_distances": {"nl": "Afstanden (CBS nabijheid)", "en": "Distances (CBS nabijheid)"},
    "nd_tbl_occupancy": {"nl": "Woningbezetting", "en": "Occupancy"},
    "nd_tbl_agenda": {"nl": "Gebiedsagenda (gepland werk)", "en": "Area agenda (planned work)"},
    "nd_facilities_by_type": {"nl": "Voorzieningen per type", "en": "Facilities by type"},
    "nd_count": {"nl": "Aantal", "en": "Count"},
    "nd_topic": {"nl": "Onderwerp", "en": "Topic"},
    "nd_locations": {"nl": "Locaties", "en": "Locations"},
    "nd_capacity": {"nl": "Capaciteit (som)", "en": "Capacity (sum)"},
    "nd_capacity_note": {"nl": "Wat de capaciteit is", "en": "What the capacity is"},
    "nd_prov_header": {"nl": "Herkomst en licentie per bestand", "en": "Provenance and licence per file"},
    "nd_prov_imported_at": {"nl": "Geladen op", "en": "Loaded at"},
    "nd_prov_format": {"nl": "Herkend formaat", "en": "Recognised format"},
    "nd_prov_licence": {"nl": "Licentie", "en": "Licence"},
    "nd_prov_sha256": {"nl": "SHA-256", "en": "SHA-256"},
    "nd_licence_unknown": {"nl": "⚠ Licentie onbekend: alleen voor demonstratie.",
                           "en": "⚠ Licence unknown: demo use only."},
    "nd_licence_none": {"nl": "(geen licentie opgegeven)", "en": "(no licence given)"},
    "nd_quality_intro": {
        "nl": "Wat de importeurs opmerkten. De meldingen zelf zijn in het Engels, zoals in de CLI.",
        "en": "What the importers noticed. The messages are as printed by the CLI."},
    "nd_no_quality": {"nl": "Geen meldingen.", "en": "No notes."},
    "nd_q_suppressed": {"nl": "Onderdrukte of niet gepubliceerde waarden",
                        "en": "Suppressed or unpublished values"},
    "nd_q_suppressed_help": {
        "nl": "CBS publiceert '.' voor geheime of onbekende waarden; die tellen als ontbrekend, nooit als 0.",
        "en": "CBS publishes '.' for confidential or unknown values; they count as missing, never as 0."},
    "nd_q_outside": {"nl": "Voorzieningen buiten de gebieden", "en": "Facilities outside the areas"},
    "nd_q_outside_help": {
        "nl": "Punten die in geen enkele geladen buurt liggen, tellen niet mee (vaak: een andere gemeente of "
              "verkeerde coördinaten).",
        "en": "Points outside every loaded buurt are not counted (often: another municipality or wrong "
              "coordinates)."},
    "nd_q_duplicates": {"nl": "Dubbele rijen verwijderd", "en": "Duplicates removed"},
    "nd_q_duplicates_help": {"nl": "Van herhaalde sleutels is de eerste rij bewaard.",
                             "en": "For repeated keys the first row is kept."},
    "nd_q_proxy": {"nl": "Benaderingen (proxy) gebruikt", "en": "Proxies used"},
    "nd_q_proxy_help": {"nl": "Een vervangende maat waar de echte niet bestaat; getallen erop zijn schattingen.",
                        "en": "A stand-in where the real measure is not available; numbers using it are "
                              "estimates."},
    "nd_q_rounding": {"nl": "Afronding", "en": "Rounding"},
    "nd_q_rounding_help": {"nl": "CBS rondt buurtcijfers af; de som wijkt iets af van het gemeentecijfer.",
                           "en": "CBS rounds buurt figures; their sum differs slightly from the gemeente figure."},
    "nd_q_aggregated": {"nl": "Samengevoegd", "en": "Aggregated"},
    "nd_q_aggregated_help": {"nl": "Meerdere bronrijen zijn tot één voorziening samengevoegd.",
                             "en": "Several source rows were combined into one facility."},
    "nd_q_coverage": {"nl": "Dekking", "en": "Coverage"},
    "nd_q_coverage_help": {"nl": "De bron lijkt onvolledig: een tekort kan een gat in de data zijn.",
                           "en": "The source looks incomplete: a shortfall may be a gap in the data."},
    "nd_q_skipped": {"nl": "Overgeslagen rijen", "en": "Rows skipped"},
    "nd_q_skipped_help": {"nl": "Rijen van gebieden die niet geladen zijn.",
                          "en": "Rows of areas that are not loaded."},
    "nd_q_geometry": {"nl": "Ontbrekende geometrie", "en": "Missing geometry"},
    "nd_q_geometry_help": {"nl": "Rijen zonder bruikbaar punt zijn overgeslagen.",
                           "en": "Rows without a usable point were skipped."},
    "nd_q_capacity": {"nl": "Ontbrekende capaciteit", "en": "Missing capacity"},
    "nd_q_capacity_help": {"nl": "Voorzieningen zonder capaciteit tellen niet mee in het aanbod.",
                           "en": "Facilities without capacity do not count towards supply."},
    "nd_q_illustrative": {"nl": "Illustratieve gegevens (geen echte plannen)",
                          "en": "Illustrative data (not real plans)"},
    "nd_q_illustrative_help": {
        "nl": "Bedacht voor de demonstratie; overal als illustratief gemarkeerd. Een echte gebiedsagenda laden "
              "vervangt ze.",
        "en": "Made up for the demonstration and marked illustrative everywhere. Loading a real area agenda "
              "replaces them."},
    "nd_q_other": {"nl": "Overig", "en": "Other"},
    "nd_q_count": {"nl": "{n} melding(en)", "en": "{n} note(s)"},
    "nd_attr_header": {"nl": "Naamsvermelding en licenties", "en": "Attribution and licences"},
    "nd_attr_text": {
        "nl": "- **CBS en Kadaster** (gebiedsindeling, Kerncijfers Wijken en Buurten, Nabijheid voorzieningen): "
              "CC BY 4.0 — vermeld *Bron: CBS* (kaarten: *CBS / Kadaster*).\n"
              "- **DUO** (scholen, leerlingaantallen): CC0 — vrij te gebruiken; leerlingaantallen dienen als "
              "benadering van de capaciteit.\n"
              "- **Mulier Instituut** (sportaccommodaties): licentie **onbekend** — alleen voor demonstratie "
              "tot de licentie is bevestigd; de dekking lijkt onvolledig.\n"
              "- **Normen**: zie per rij de bron en status op de pagina Normen.\n\n"
              "Meer over herkomst en kanttekeningen: pagina *Bronnen* (data/SOURCES.md).",
        "en": "- **CBS and Kadaster** (area boundaries, Kerncijfers Wijken en Buurten, Nabijheid voorzieningen): "
              "CC BY 4.0 — credit *Bron: CBS* (maps: *CBS / Kadaster*).\n"
              "- **DUO** (schools, pupil counts): CC0 — free to use; pupil counts serve as a proxy for "
              "capacity.\n"
              "- **Mulier Instituut** (sports facilities): licence **unknown** — demo use only until the licence "
              "is confirmed; coverage looks incomplete.\n"
              "- **Norms**: see the source and status of each row on the Norms page.\n\n"
              "More on origin and caveats: the *Sources* page (data/SOURCES.md)."},
    "nd_upload_header": {"nl": "Nieuw bestand laden", "en": "Load a new file"},
    "nd_upload_intro": {
        "nl": "Dezelfde importeurs als de opdrachtregel (`python -m lib import`). Het hele bestand wordt eerst "
              "gecontroleerd en daarna in één keer geschreven: bij een probleem verandert er niets en zie je "
              "elk probleem als bestand:rij:kolom. Rijen met dezelfde sleutel worden vervangen.",
        "en": "The same importers as the command line (`python -m lib import`). The whole file is checked first "
              "and then written at once: on any problem nothing changes and every problem is listed as "
              "file:row:column. Rows with the same key are replaced."},
    "nd_kind": {"nl": "Soort bestand", "en": "Kind of file"},
    "nd_kind_areas": {"nl": "Gebieden (GeoJSON/GeoPackage)", "en": "Areas (GeoJSON/GeoPackage)"},
    "nd_kind_population": {"nl": "Bevolking (CSV of CBS KWB)", "en": "Population (CSV or CBS KWB)"},
    "nd_kind_dwellings": {"nl": "Woningen (CSV of CBS KWB)", "en": "Dwellings (CSV or CBS KWB)"},
    "nd_kind_facilities": {"nl": "Voorzieningen (CSV/GeoJSON, DUO, Mulier)",
                           "en": "Facilities (CSV/GeoJSON, DUO, Mulier)"},
    "nd_kind_plans": {"nl": "Woningbouwplannen (CSV)", "en": "Housing plans (CSV)"},
    "nd_kind_norms": {"nl": "Normen (CSV; rijen met dezelfde sleutel worden vervangen)",
                      "en": "Norms (CSV; rows with the same key are replaced)"},
    "nd_kind_kwb": {"nl": "CBS Kerncijfers Wijken en Buurten (xlsx/csv)",
                    "en": "CBS Kerncijfers Wijken en Buurten (xlsx/csv)"},
    "nd_kind_nabijheid": {"nl": "CBS Nabijheid voorzieningen (csv)", "en": "CBS Nabijheid voorzieningen (csv)"},
    "nd_kind_agenda": {"nl": "Gebiedsagenda (CSV of Excel)", "en": "Area agenda (CSV or Excel)"},
    "nd_year_optional": {"nl": "Jaar (optioneel; voor CBS-bestanden zonder jaar in de naam)",
                         "en": "Year (optional; for CBS files without a year in the name)"},
    "nd_choose_file": {"nl": "Kies een bestand", "en": "Choose a file"},
    "nd_stage_saving": {"nl": "Bestand ontvangen…", "en": "Receiving the file…"},
    "nd_stage_validating": {"nl": "Controleren…", "en": "Validating…"},
    "nd_stage_writing": {"nl": "Schrijven…", "en": "Writing…"},
    "nd_stage_done": {"nl": "Klaar", "en": "Done"},
    "nd_stage_failed": {"nl": "Niet geïmporteerd", "en": "Not imported"},
    "nd_upload_ok": {"nl": "Geïmporteerd: {summary}", "en": "Imported: {summary}"},
    "nd_upload_failed": {"nl": "Niet geïmporteerd: {n} probleem/problemen. Er is niets veranderd.",
                         "en": "Not imported: {n} problem(s). Nothing has changed."},
    "nd_problem_text": {"nl": "Als tekst (bestand:rij:kolom: melding)", "en": "As text (file:row:column: message)"},
}
