"""UI text in Dutch (default) and English. Code and docs stay English; only labels live here."""

from __future__ import annotations

import os

from lib.text import access, admin, agenda, cases, common, explorer, initiatives, numbers, overview, sharing

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
                                          admin.TEXTS, initiatives.TEXTS, agenda.TEXTS, numbers.TEXTS,
                                          access.TEXTS)

FACILITY_TYPES: dict[str, dict[str, str]] = {
    "primary_school": {"nl": "Basisschool (plaatsen)", "en": "Primary school (places)"},
    "gym": {"nl": "Gymzaal", "en": "Gym (gymzaal)"},
    "sports_hall": {"nl": "Sporthal", "en": "Sports hall"},
    "library": {"nl": "Bibliotheek (afstand)", "en": "Library (distance)"},
    "swimming_pool": {"nl": "Zwembad (afstand)", "en": "Swimming pool (distance)"},
    "community_centre": {"nl": "Buurthuis", "en": "Community centre"},
    "sports_field": {"nl": "Sportveld", "en": "Sports field"},
    "sports_room": {"nl": "Sportzaal", "en": "Sports room"},
    "special_school": {"nl": "Speciaal onderwijs", "en": "Special school"},
    "special_primary_school": {"nl": "Speciaal basisonderwijs", "en": "Special primary school"},
    "gp": {"nl": "Huisartsenpraktijk", "en": "GP practice"},
    "supermarket": {"nl": "Supermarkt", "en": "Supermarket"},
    "daycare": {"nl": "Kinderdagverblijf", "en": "Day care"},
}



def strict() -> bool:
    """Missing labels raise (``KeyError``) when $VZW_STRICT_TEXT is set (the tests set it); otherwise the key is
    shown, so a label missing after a merge never stops a page in front of a user."""
    return os.environ.get("VZW_STRICT_TEXT", "") not in ("", "0")


def t(key: str, lang: str = "nl") -> str:
    """The label for ``key`` in ``lang`` ('nl' or 'en'; Dutch for anything else)."""
    entry = TEXT.get(key)
    if entry is None:
        if strict():
            raise KeyError(f"no label '{key}' in lib/text")
        return key
    return entry["en"] if lang == "en" else entry["nl"]


def facility_label(ftype: str, lang: str = "nl") -> str:
    """The label of a facility type (``FACILITY_TYPES``); a type nobody labelled (from a user's file) as its code."""
    entry = FACILITY_TYPES.get(ftype)
    if entry is None:
        return str(ftype)
    return entry["en"] if lang == "en" else entry["nl"]


DOMAIN_KEYS = {"fysiek": "cs_dom_fysiek", "sociaal": "cs_dom_sociaal", "wijkaanpak": "cs_dom_wijkaanpak",
               "other": "cs_dom_other"}


def domain_label(domain: str, lang: str = "nl") -> str:
    """The label of a participant's domain (fysiek, sociaal, …); the code itself when it has none."""
    return t(DOMAIN_KEYS[domain], lang) if domain in DOMAIN_KEYS else str(domain)


#: Status codes of the gap table (lib.core.gaps) → their label keys.
STATUS_KEYS = {"shortfall": "shortfall", "fragile": "fragile", "tight": "tight", "sufficient": "sufficient",
               "surplus": "surplus", "negligible": "negligible", "proxy_growth": "proxy_growth", "proxy": "proxy",
               "data_gap": "data_gap", "unknown": "unknown"}


def status_label(status, lang: str = "nl") -> str:
    """A gap status in words ('tekort', …); '–' when missing, an unknown code as it is."""
    if not isinstance(status, str):
        return "–"
    return t(STATUS_KEYS[status], lang) if status in STATUS_KEYS else status


#: Area levels → (plural label key, singular label key).
LEVEL_KEYS = {"buurt": ("buurten", "col_buurt"), "wijk": ("wijken", "wijk"),
              "gemeente": ("municipality", "municipality")}


def level_label(level: str, lang: str = "nl", plural: bool = True) -> str:
    """'Buurten' / 'Wijken' / 'Gemeente' (plural=False: 'Buurt', 'Wijk', 'Gemeente')."""
    return t(LEVEL_KEYS[level][0 if plural else 1], lang) if level in LEVEL_KEYS else str(level)


#: Kinds of imported files (lib.ingest.importing.KINDS) → short label keys.
KIND_KEYS = {"areas": "bv_layer_areas", "population": "population", "dwellings": "dwellings",
             "facilities": "facilities", "plans": "nd_tbl_plans", "norms": "page_norms", "kwb": "kind_kwb",
             "nabijheid": "kind_nabijheid"}


def kind_label(kind, lang: str = "nl") -> str:
    """The short label of a kind of imported file ('Gebieden', 'CBS Kerncijfers wijken en buurten', …)."""
    return t(KIND_KEYS[kind], lang) if kind in KIND_KEYS else str(kind)
