"""UI text in Dutch (default) and English. Code and docs stay English; only labels live here."""

from __future__ import annotations

LANGUAGES = {"nl": "Nederlands", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
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
    "unknown": {"nl": "onbekend", "en": "unknown"},
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
        "nl": "Na het basisjaar telt het model alleen woningbouwplannen mee; zonder plannen blijft de bevolking "
              "gelijk.",
        "en": "After the base year the model only adds housing plans; without plans the population stays the same."},
    "based_on": {"nl": "Gebaseerd op", "en": "Based on"},
    "notes": {"nl": "Opmerkingen bij de berekening", "en": "Notes on the computation"},
    "provenance": {"nl": "Geladen bestanden", "en": "Files loaded"},
    "quality": {"nl": "Datakwaliteit", "en": "Data quality"},
    "download_csv": {"nl": "Download tabel (CSV)", "en": "Download table (CSV)"},
    "worst_first": {"nl": "Grootste tekorten eerst", "en": "Largest shortfalls first"},
    "building_db": {"nl": "Database wordt opgebouwd uit de meegeleverde data…",
                    "en": "Building the database from the embedded data…"},
}

FACILITY_TYPES: dict[str, dict[str, str]] = {
    "primary_school": {"nl": "Basisschool (plaatsen)", "en": "Primary school (places)"},
    "gym": {"nl": "Gymzaal", "en": "Gym (gymzaal)"},
    "sports_hall": {"nl": "Sporthal", "en": "Sports hall"},
    "library": {"nl": "Bibliotheek (afstand)", "en": "Library (distance)"},
    "swimming_pool": {"nl": "Zwembad (afstand)", "en": "Swimming pool (distance)"},
    "community_centre": {"nl": "Buurthuis", "en": "Community centre"},
    "sports_field": {"nl": "Sportveld", "en": "Sports field"},
}


def register(texts: dict[str, dict[str, str]]) -> None:
    """Add a feature module's labels ({key: {"nl": …, "en": …}}); call at import of that module."""
    clash = {k for k in texts if k in TEXT and TEXT[k] != texts[k]}
    if clash:
        raise ValueError(f"label keys defined twice with different text: {sorted(clash)}")
    TEXT.update(texts)


def t(key: str, lang: str = "nl") -> str:
    """The label for ``key`` in ``lang`` (falls back to Dutch, then to the key itself)."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["nl"]


def facility_label(ftype: str, lang: str = "nl") -> str:
    entry = FACILITY_TYPES.get(ftype)
    return entry.get(lang, entry["nl"]) if entry else ftype


def _register_catalogues() -> None:
    """Catalogues that import nothing themselves are registered here, explicitly (no import side effects)."""
    from lib import text_initiatives

    register(text_initiatives.TEXTS)


_register_catalogues()
