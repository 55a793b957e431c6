"""Labels shared by several pages (navigation, statuses, gap-table columns), Dutch and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Voorzieningenwijzer", "en": "Voorzieningenwijzer"},
    "language": {"nl": "Taal", "en": "Language"},
    "page_overview": {"nl": "Overzicht", "en": "Overview"},
    "page_explorer": {"nl": "Buurtverkenner", "en": "Neighbourhood explorer"},
    "page_norms": {"nl": "Normen", "en": "Norms"},
    "page_data": {"nl": "Data", "en": "Data"},
    "page_cases": {"nl": "Werksessie", "en": "Workshop case"},
    "page_sharing": {"nl": "Ruimte delen", "en": "Sharing space"},
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
    "building_db": {"nl": "Database wordt opgebouwd uit de meegeleverde data…",
                    "en": "Building the database from the embedded data…"},
}
