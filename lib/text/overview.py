"""UI and export labels of the Overzicht page (aldermen) and its exports, in Dutch and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ov_best_options": {"nl": "Beste opties om ruimte te delen", "en": "Best options for sharing space"},
    "ov_best_options_pick": {"nl": "Kies een gemeente om de opties te zien.",
                             "en": "Choose a municipality to see the options."},
    "ov_best_options_show": {"nl": "Toon de beste opties", "en": "Show the best options"},
    "ov_best_options_off": {"nl": "Zet dit aan om de beste opties voor {year} te berekenen (duurt even).",
                            "en": "Switch this on to compute the best options for {year} (takes a moment)."},
    "ov_best_options_none": {"nl": "Geen opties gevonden.", "en": "No options found."},
    "ov_best_options_note": {
        "nl": "Indicatief: opties uit Ruimte delen (vrije capaciteit, multifunctioneel gebouw, dubbelgebruik, nieuwe "
              "locatie), met aannames en schattingen zoals daar gelabeld.",
        "en": "Indicative: options from Sharing space (spare capacity, multifunctional building, time-sharing, new "
              "site), with assumptions and estimates as labelled there."},
    "ov_best_options_link": {"nl": "Alle opties en de cijfers erachter → Ruimte delen",
                             "en": "All options and the numbers behind them → Sharing space"},
    "ov_all_municipalities": {"nl": "Alle gemeenten (landelijk overzicht)", "en": "All municipalities (national view)"},
    "ov_subtitle": {"nl": "Waar dreigen tekorten aan voorzieningen, nu en straks?",
                    "en": "Where are facilities falling short, now and later?"},
    "ov_all_types": {"nl": "Alle (slechtste status)", "en": "All (worst status)"},
    "ov_all_norms": {"nl": "normen van alle voorzieningen (zie 'Tekorten per voorziening')",
                     "en": "the norms of all facility types (see 'Shortfalls per facility type')"},
    "ov_short_wijk": {"nl": "Wijken met tekort", "en": "Wijken with a shortfall"},
    "ov_short_gemeente": {"nl": "Gemeente met tekort", "en": "Municipality with a shortfall"},
    "ov_short_any_buurt": {"nl": "Buurten met enig tekort", "en": "Buurten short of anything"},
    "ov_short_any_wijk": {"nl": "Wijken met enig tekort", "en": "Wijken short of anything"},
    "ov_short_any_gemeente": {"nl": "Gemeente met enig tekort", "en": "Municipality short of anything"},
    "ov_inhabitants_forecast": {"nl": "Inwoners {year} (prognose)", "en": "Inhabitants {year} (forecast)"},
    "ov_inhabitants_help": {
        "nl": "Som van de buurten (CBS KWB {base}). Na {base} telt alleen mee wat woningbouwplannen toevoegen.",
        "en": "Sum of the buurten (CBS KWB {base}). After {base} only housing plans add people."},
    "ov_people_beyond": {"nl": "Inwoners verder dan de norm", "en": "Inhabitants beyond the norm distance"},
    "ov_people_beyond_help": {
        "nl": "Inwoners van gebieden waar de dichtstbijzijnde voorziening verder weg ligt dan de norm.",
        "en": "Inhabitants of areas whose nearest facility is further away than the norm."},
    "ov_shortfall_help": {"nl": "Opgeteld tekort van de gebieden met een tekort, in de eenheid van de norm.",
                          "en": "Sum of the shortfalls of the areas that fall short, in the norm's unit."},
    "ov_types_table": {"nl": "Tekorten per voorziening", "en": "Shortfalls per facility type"},
    "ov_col_tight": {"nl": "Krap", "en": "Tight"},
    "ov_col_types_short": {"nl": "Tekort aan", "en": "Short of"},
    "ov_attention": {"nl": "Gebieden die aandacht vragen", "en": "Areas that need attention"},
    "ov_attention_help": {
        "nl": "Gebieden met een tekort, het grootste tekort eerst (in de eenheid van de norm).",
        "en": "Areas with a shortfall, the largest shortfall first (in the norm's unit)."},
    "ov_attention_all_help": {
        "nl": "Gebieden met een tekort aan de meeste voorzieningen eerst.",
        "en": "Areas short of the most facility types first."},
    "ov_attention_none": {"nl": "Geen gebied met een tekort in dit jaar.",
                          "en": "No area falls short in this year."},
    "ov_show_n": {"nl": "Aantal in de lijst", "en": "Rows in the list"},
    "ov_map_count": {"nl": "{n} gebieden op de kaart ({level}).", "en": "{n} areas on the map ({level})."},
    "ov_click_hint": {"nl": "Klik op een gebied om het in de Buurtverkenner te openen.",
                      "en": "Click an area to open it in the neighbourhood explorer."},
    "ov_show_facilities": {"nl": "Voorzieningen op de kaart", "en": "Facilities on the map"},
    "ov_map_title": {"nl": "Voorzieningenwijzer — {what}, {year}", "en": "Voorzieningenwijzer — {what}, {year}"},
    "ov_legend_shortfall": {"nl": "tekort: minder aanbod dan de norm vraagt",
                            "en": "shortfall: less supply than the norm asks"},
    "ov_legend_tight": {"nl": "krap: net genoeg (minder dan 10 % over)",
                        "en": "tight: just enough (less than 10 % to spare)"},
    "ov_legend_sufficient": {"nl": "voldoende: 10 tot 50 % over", "en": "sufficient: 10 to 50 % to spare"},
    "ov_legend_surplus": {"nl": "overschot: meer dan 50 % over", "en": "surplus: more than 50 % to spare"},
    "ov_legend_distance": {
        "nl": "Bij een afstandsnorm: tekort = de dichtstbijzijnde voorziening ligt verder dan de norm, krap = "
              "verder dan 80 % van de norm.",
        "en": "For a distance norm: shortfall = the nearest facility is further away than the norm, tight = "
              "further than 80 % of the norm."},
    "ov_legend_worst": {
        "nl": "Elk gebied krijgt de slechtste status over alle voorzieningen; de tooltip noemt de voorziening "
              "die dat bepaalt.",
        "en": "Each area shows its worst status over all facility types; the tooltip names the type that "
              "causes it."},
    "ov_level_sum_note": {
        "nl": "Op {level}niveau zijn behoefte en aanbod van de buurten opgeteld: tekorten en overschotten binnen "
              "een gebied vallen tegen elkaar weg. Afstandsnormen tonen de verste buurt.",
        "en": "At {level} level the buurten's need and supply are summed: shortfalls and surpluses inside an "
              "area cancel out. Distance norms show the buurt furthest away."},
    "ov_cause": {"nl": "Bepaald door", "en": "Caused by"},
    "ov_year_label": {"nl": "jaar {year}", "en": "year {year}"},
    "ov_year_forecast": {"nl": "jaar {year}, prognose (basisjaar {base} + woningbouwplannen)",
                         "en": "year {year}, forecast (base year {base} + housing plans)"},
    "ov_estimate_yes": {"nl": "bevat schattingen (leeftijden verdeeld uit CBS-groep 0-14)",
                        "en": "includes estimates (ages apportioned from the CBS 0-14 band)"},
    "ov_map_source": {"nl": "Kaart: CBS / Kadaster (CC BY 4.0)", "en": "Map: CBS / Kadaster (CC BY 4.0)"},
    "ov_norm": {"nl": "norm", "en": "norm"},
    "ov_supply_from": {"nl": "aanbod", "en": "supply"},
    "ov_case": {"nl": "scenario", "en": "case"},
    "ov_baseline": {"nl": "basisgegevens (geen scenario)", "en": "base data (no case)"},
    "ov_exports": {"nl": "Downloads", "en": "Downloads"},
    "ov_export_png": {"nl": "Kaart (PNG)", "en": "Map (PNG)"},
    "ov_export_html": {"nl": "Kaart (HTML, werkt offline)", "en": "Map (HTML, works offline)"},
    "ov_export_pdf": {"nl": "Samenvatting (PDF)", "en": "Summary (PDF)"},
    "ov_export_xlsx": {"nl": "Alle tabellen (Excel)", "en": "All tables (Excel)"},
    "ov_export_note": {
        "nl": "De downloads volgen het gekozen jaar, niveau, voorziening en scenario.",
        "en": "The downloads follow the chosen year, level, facility type and case."},
    "ov_pdf_title": {"nl": "Voorzieningenwijzer — overzicht", "en": "Voorzieningenwijzer — overview"},
    "ov_pdf_top": {"nl": "Top 10: gebieden die aandacht vragen", "en": "Top 10: areas that need attention"},
    "ov_pdf_sources": {"nl": "Bronnen en kanttekeningen", "en": "Sources and caveats"},
    "ov_generated": {"nl": "Gemaakt met Voorzieningenwijzer op {date}",
                     "en": "Made with Voorzieningenwijzer on {date}"},
    "ov_sheet_notes": {"nl": "Toelichting", "en": "Notes"},
    "ov_attribution": {"nl": "Licenties en naamsvermelding", "en": "Licences and attribution"},
    "ov_norms_in_force": {"nl": "Normen die gelden", "en": "Norms in force"},
    "ov_basis_value": {"nl": "Waarde grondslag", "en": "Basis value"},
    "ov_norm_woonmilieu": {"nl": "Woonmilieu van de norm", "en": "Norm's woonmilieu"},
    "ov_norm_source": {"nl": "Bron norm", "en": "Norm source"},
    "ov_supply_source": {"nl": "Bron aanbod", "en": "Supply source"},
    "ov_method_catchment": {"nl": "verzorgingsgebied (2SFCA)", "en": "catchment (2SFCA)"},
    "ov_method_service_level": {"nl": "verzorgingsniveau", "en": "service level"},
    "ov_method_distance": {"nl": "afstand", "en": "distance"},
    "ov_item": {"nl": "Onderdeel", "en": "Item"},
    "ov_made_for": {"nl": "Selectie", "en": "Selection"},
    "ov_mulier_warning": {
        "nl": "Sportaccommodaties: extract van de Mulier Database SportAanbod, licentie onbekend (alleen demo) en "
              "waarschijnlijk onvolledig; een tekort kan een gat in de data zijn.",
        "en": "Sports facilities: an extract of the Mulier Database SportAanbod, licence unknown (demo only) and "
              "probably incomplete; a shortfall may be a data gap."},
    "ov_proxy_note": {
        "nl": "Capaciteit basisscholen = DUO-leerlingaantal 2023-24 (benadering, geen echte capaciteit).",
        "en": "Primary-school capacity = DUO enrolment 2023-24 (a proxy, not real capacity)."},
    "ov_status_rule": {
        "nl": "Status uit aanbod/behoefte: < 1 tekort, < 1,10 krap, < 1,5 voldoende, anders overschot.",
        "en": "Status from supply/need: < 1 shortfall, < 1.10 tight, < 1.5 sufficient, else surplus."},
    "ov_case_note": {
        "nl": "Scenario '{case}' is toegepast als laag over de basisgegevens; de basisgegevens zelf zijn niet "
              "gewijzigd.",
        "en": "Case '{case}' is applied as an overlay on the base data; the base data itself is unchanged."},
    "ov_basis1_age": {"nl": "persoon van {ages} jaar", "en": "person aged {ages}"},
    "ov_basisn_age": {"nl": "personen van {ages} jaar", "en": "persons aged {ages}"},
    "ov_basis1_child": {"nl": "kind van {ages} jaar", "en": "child aged {ages}"},
    "ov_basisn_child": {"nl": "kinderen van {ages} jaar", "en": "children aged {ages}"},
    "ov_within": {"nl": "binnen", "en": "within"},
    "ov_max_distance": {"nl": "hoogstens {d} m tot de dichtstbijzijnde voorziening",
                        "en": "at most {d} m to the nearest facility"},
}
