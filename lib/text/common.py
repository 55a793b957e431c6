"""Labels shared by several pages (navigation, statuses, gap-table columns), Dutch and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Voorzieningenwijzer", "en": "Voorzieningenwijzer"},
    "language": {"nl": "Taal", "en": "Language"},
    "case_not_found": {"nl": "Werksessie '{case}' bestaat niet; de basissituatie wordt getoond.",
                       "en": "Case '{case}' not found; showing the baseline."},
    "disk_full": {"nl": "Schijf vol: er is niets veranderd. Maak ruimte vrij op de server en probeer het opnieuw.",
                  "en": "Disk full: nothing was changed. Free space on the server and try again."},
    "page_overview": {"nl": "Overzicht", "en": "Overview"},
    "page_explorer": {"nl": "Buurtverkenner", "en": "Neighbourhood explorer"},
    "page_norms": {"nl": "Normen", "en": "Norms"},
    "page_data": {"nl": "Data", "en": "Data"},
    "page_cases": {"nl": "Werksessie", "en": "Workshop case"},
    "page_sharing": {"nl": "Ruimte delen", "en": "Sharing space"},
    "page_agenda": {"nl": "Gebiedsagenda", "en": "Area agenda"},
    "page_sources": {"nl": "Bronnen", "en": "Sources"},
    "year": {"nl": "Jaar", "en": "Year"},
    "facility_type": {"nl": "Voorziening", "en": "Facility type"},
    "level": {"nl": "Niveau", "en": "Level"},
    "need": {"nl": "Behoefte", "en": "Need"},
    "supply": {"nl": "Aanbod", "en": "Supply"},
    "gap": {"nl": "Saldo", "en": "Gap"},
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "status": {"nl": "Status", "en": "Status"},
    "area": {"nl": "Gebied", "en": "Area"},
    "estimate": {"nl": "Schatting", "en": "Estimate"},
    "forecast": {"nl": "Prognose", "en": "Forecast"},
    "basis": {"nl": "Grondslag", "en": "Basis"},
    "shortfall": {"nl": "tekort", "en": "shortfall"},
    "tight": {"nl": "krap", "en": "tight"},
    "sufficient": {"nl": "voldoende", "en": "sufficient"},
    "surplus": {"nl": "overschot", "en": "surplus"},
    "unknown": {"nl": "onbekend: geen gegevens", "en": "unknown: no data"},
    "areas_with_shortfall": {"nl": "Buurten met tekort", "en": "Buurten with a shortfall"},
    "total_need": {"nl": "Totale behoefte", "en": "Total need"},
    "total_supply": {"nl": "Totaal aanbod", "en": "Total supply"},
    "inhabitants": {"nl": "Inwoners", "en": "Inhabitants"},
    "basemap": {"nl": "Achtergrondkaart (PDOK, vraagt internet)", "en": "Basemap (PDOK, needs internet)"},
    "legend": {"nl": "Status", "en": "Status"},
    "gap_explained": {
        "nl": "Saldo = aanbod − behoefte (negatief = tekort). Behoefte = hoeveelheid × grondslag / per. Aanbod via "
              "2SFCA: capaciteit van voorzieningen binnen de verzorgingsafstand, verdeeld naar behoefte.",
        "en": "Gap = supply − need (negative = shortfall). Need = amount × basis / per. Supply by 2SFCA: capacity of "
              "facilities within the catchment, shared in proportion to need."},
    "estimate_note": {
        "nl": "Schatting: leeftijden 4-11 / 6-11 zijn evenredig verdeeld uit de CBS-groep 0-14 jaar.",
        "en": "Estimate: ages 4-11 / 6-11 are apportioned evenly from the CBS 0-14 band."},
    "forecast_note": {
        "nl": "Prognose: het model telt alleen woningbouwplannen (en sloop) mee; buurten zonder plannen blijven "
              "gelijk aan het basisjaar.",
        "en": "Forecast: the model only adds housing plans (and demolition); buurten without plans stay at the "
              "base year."},
    "based_on": {"nl": "Gebaseerd op", "en": "Based on"},
    "notes": {"nl": "Opmerkingen bij de berekening", "en": "Notes on the computation"},
    "provenance": {"nl": "Geladen bestanden", "en": "Files loaded"},
    "quality": {"nl": "Datakwaliteit", "en": "Data quality"},
    "download_csv": {"nl": "Download tabel (CSV)", "en": "Download table (CSV)"},
    "worst_first": {"nl": "Grootste tekorten eerst", "en": "Largest shortfalls first"},
    # the open case follows you on every page (app_pages/shell.py: case_banner)
    "case_banner": {"nl": "U werkt in de case **{name}**", "en": "You are working in the case **{name}**"},
    "case_banner_open": {"nl": "Naar de Werksessie", "en": "Go to the workshop case"},
    "case_banner_close": {"nl": "Terug naar de basis", "en": "Back to the baseline"},
    "case_banner_close_help": {"nl": "Sluit de case op alle pagina's: u ziet dan de basisdata zonder case.",
                               "en": "Closes the case on every page: you then see the base data without a case."},
    "building_db": {"nl": "Database wordt opgebouwd uit de meegeleverde data…",
                    "en": "Building the database from the embedded data…"},
}
