"""UI text in Dutch (default) and English. Code and docs stay English; only labels live here."""

from __future__ import annotations

from lib.text import admin, agenda, cases, common, explorer, initiatives, numbers, overview, sharing

LANGUAGES = {"nl": "Nederlands", "en": "English"}



def _merged(*catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One dictionary of all catalogues; a key defined twice with different text is an error."""
    out: dict[str, dict[str, str]] = {}
    for cat in catalogues:
        clash = {k for k in cat if k in out and out[k] != cat[k]}
        if clash:
            raise ValueError(f"label keys defined twice with different text: {sorted(clash)}")
        out.update(cat)
    return out


TEXT: dict[str, dict[str, str]] = _merged(common.TEXTS, overview.TEXTS, explorer.TEXTS, cases.TEXTS, sharing.TEXTS,
                                          admin.TEXTS, initiatives.TEXTS, agenda.TEXTS, numbers.TEXTS)

FACILITY_TYPES: dict[str, dict[str, str]] = {
    "primary_school": {"nl": "Basisschool (plaatsen)", "en": "Primary school (places)"},
    "gym": {"nl": "Gymzaal", "en": "Gym (gymzaal)"},
    "sports_hall": {"nl": "Sporthal", "en": "Sports hall"},
    "library": {"nl": "Bibliotheek (afstand)", "en": "Library (distance)"},
    "swimming_pool": {"nl": "Zwembad (afstand)", "en": "Swimming pool (distance)"},
    "community_centre": {"nl": "Buurthuis", "en": "Community centre"},
    "sports_field": {"nl": "Sportveld", "en": "Sports field"},
}




def t(key: str, lang: str = "nl") -> str:
    """The label for ``key`` in ``lang`` (falls back to Dutch, then to the key itself)."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["nl"]


def facility_label(ftype: str, lang: str = "nl") -> str:
    entry = FACILITY_TYPES.get(ftype)
    return entry.get(lang, entry["nl"]) if entry else ftype


def domain_label(domain: str, lang: str = "nl") -> str:
    """The label of a participant's domain (fysiek, sociaal, …); the code itself when it has none."""
    return t(f"cs_dom_{domain}", lang) if f"cs_dom_{domain}" in TEXT else str(domain)
