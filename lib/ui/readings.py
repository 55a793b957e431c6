"""Gap rows in words: what a status means for one area, for tooltips, tables, exports and the Buurtverkenner.

Distance norms read as distances ("dichtstbijzijnde bibliotheek 1.700 m (norm ≤ 1.500 m)"), never as need,
supply and saldo in metres; a proxy supply reads as "capaciteit onbekend" with the growth of need against the base
year; a data gap names the coverage check; a fragile shortfall gives the supply of each robustness variant.
Numbers through lib.ui.formatting; words from the text catalogues.
"""

from __future__ import annotations

import math

import pandas as pd

from lib.core import sizes
from lib.core import status as st
from lib.text.i18n import STATUS_KEYS, facility_label, status_label, t
from lib.ui.formatting import MISSING, number, quantity
from lib.ui.formatting import amount as fmt_amount

#: Facility types → the noun used in a distance reading ('dichtstbijzijnde bibliotheek').
NOUN_KEYS = {"library": "nr_noun_library", "swimming_pool": "sh_noun_swimming_pool", "gym": "sh_noun_gym",
             "sports_hall": "sh_noun_sports_hall", "primary_school": "sh_noun_primary_school",
             "community_centre": "nr_noun_community_centre"}
#: Coverage checks (lib.core.status) → their explanation.
CHECK_KEYS = {"pe_school": "nr_check_pe_school", "empty_wijk": "nr_check_empty_wijk"}
#: Supply kinds → label keys.
KIND_KEYS = {"capacity": "nr_kind_capacity", "proxy": "nr_kind_proxy", "count": "nr_kind_count",
             "distance": "ov_method_distance"}


def noun(ftype: str, lang: str = "nl") -> str:
    """'bibliotheek', 'zwembad', … (the facility label in lower case when there is no noun)."""
    return t(NOUN_KEYS[ftype], lang) if ftype in NOUN_KEYS else facility_label(ftype, lang).lower()


def kind_word(kind, lang: str = "nl") -> str:
    """A supply kind in words ('echte capaciteit', 'benadering (…)', …); '' when missing."""
    return t(KIND_KEYS[kind], lang) if kind in KIND_KEYS else ("" if kind is None or pd.isna(kind) else str(kind))


def metres(v, lang: str = "nl") -> str:
    """A distance in whole metres ('∞' when no facility is left, '–' when unknown)."""
    if v is None or pd.isna(v):
        return MISSING
    return "∞" if math.isinf(float(v)) else fmt_amount(float(v), "m", lang)


def percent(v, lang: str = "nl") -> str:
    """A signed percentage with one decimal ('+4,2 %')."""
    if v is None or pd.isna(v) or math.isinf(float(v)):
        return MISSING
    return f"{number(100 * float(v), lang, 1, signed=True)} %"


def amount(v, unit: str, lang: str = "nl") -> str:
    """A quantity with its unit, with two decimals below 1 so small gaps do not read as 0 ('0,02 voorzieningen')."""
    if v is None or pd.isna(v):
        return MISSING
    return quantity(v, unit, lang) if abs(float(v)) >= 1 or float(v) == 0 else \
        f"{number(v, lang, 2)} {quantity(1, unit, lang).split(' ', 1)[1]}"


def signed(v, unit: str, lang: str = "nl") -> str:
    return ("+" if v is not None and not pd.isna(v) and v > 0 else "") + amount(v, unit, lang)


def negligible_reason(row, lang: str = "nl") -> str:
    """Why a shortfall is negligible: too few persons in the basis, or a deficit below 0.1 standard unit."""
    basis = row.get("basis_value")
    if basis is not None and not pd.isna(basis) and float(basis) < st.MIN_BASIS:
        return t("nr_negligible_basis", lang).format(basis=number(basis, lang))
    unit = str(row["unit"])
    least = st.NEGLIGIBLE_FRACTION * sizes.unit_size(str(row["facility_type"]), unit)
    return t("nr_negligible", lang).format(gap=amount(row["gap"], unit, lang), min=amount(least, unit, lang))


def check_label(checks: str, lang: str = "nl") -> str:
    """The coverage checks ('pe_school+empty_wijk') in words."""
    parts = [c for c in str(checks or "").split("+") if c]
    return "; ".join(t(CHECK_KEYS[c], lang) if c in CHECK_KEYS else c for c in parts)


def distance_line(row, lang: str = "nl") -> str:
    """'dichtstbijzijnde bibliotheek 1.700 m (norm ≤ 1.500 m)' (a wijk or gemeente: its furthest buurt)."""
    what, norm = noun(str(row["facility_type"]), lang), metres(row["need"], lang)
    if pd.isna(row["supply"]):
        return t("nr_distance_none", lang).format(what=what, norm=norm)
    return t("nr_distance" if row.get("level", "buurt") == "buurt" else "nr_distance_area", lang).format(
        what=what, d=metres(row["supply"], lang), norm=norm)


def growth_line(row, year: int | None, base_year: int | None, lang: str = "nl") -> str:
    """'behoefte 1.200 in 2024 → 1.320 in 2030 (+120 plaatsen, +10 %)' for a proxy row."""
    need, base = float(row["need"]), float(row.get("need_base", float("nan")))
    unit = str(row["unit"])
    if year is None or base_year is None or year == base_year or pd.isna(base):
        return t("nr_need_now", lang).format(need=quantity(need, unit, lang), base_year=base_year or "")
    delta = need - base
    pct = delta / base if base > 0 else float("nan")
    return t("nr_growth", lang).format(base=number(base, lang), base_year=base_year, need=number(need, lang),
                                       year=year, delta=signed(delta, unit, lang), pct=percent(pct, lang))


def lines(row, lang: str = "nl", base_year: int | None = None) -> list[str]:
    """The reading of one gap row (a dict or Series with the gap-table columns) as short lines."""
    status = str(row["status"])
    unit = str(row["unit"])
    year = int(row["year"]) if "year" in row and not pd.isna(row["year"]) else None
    if row.get("method") == "distance":
        out = [distance_line(row, lang)]
        beyond = row.get("persons_beyond")
        if beyond is not None and not pd.isna(beyond) and row.get("level", "buurt") != "buurt":
            basis = float(row.get("basis_value") or 0)
            out.append(t("nr_beyond_share", lang).format(n=number(beyond, lang),
                                                         pct=percent(beyond / basis if basis else 0, lang)
                                                         .lstrip("+")))
    elif row.get("supply_kind") == "proxy":
        out = [t("ov_legend_proxy", lang), growth_line(row, year, base_year, lang)]
    else:
        out = [t("nr_quantities", lang).format(need=amount(row["need"], unit, lang),
                                               supply=amount(row["supply"], unit, lang),
                                               gap=amount(row["gap"], unit, lang))]
    if bool(row.get("supply_mixed", False)):
        out.append(t("nr_mixed", lang))
    if status == "fragile":
        v = {k: amount(row.get(f"supply_{k}"), unit, lang) for k in ("small", "large", "point")}
        out.append(t("nr_fragile", lang).format(**v))
    elif status == "negligible":
        out.append(f"{t('negligible', lang)}: {negligible_reason(row, lang)}")
    elif status == "data_gap":
        out.append(t("nr_data_gap", lang).format(why=check_label(row.get("coverage", ""), lang)))
    elif status == "unknown":
        out.append(t("nr_unknown", lang))
    return out


def status_word(code: str, lang: str = "nl") -> str:
    """The status in words ('tekort', 'onbekend: waarschijnlijk ontbrekende gegevens', …)."""
    return status_label(code if code in STATUS_KEYS else "unknown", lang)
