"""View models for the pages and exports: KPIs, ranked lists, per-type summaries, captions and readable
numbers, all built from the gap table (``lib.core.gaps.COLUMNS``; units as in the norm: places, facilities, m)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from lib.core import norms, population, scope
from lib.core import status as st
from lib.core.inputs import Inputs
from lib.core.kpis import ALL_TYPES, kpis, map_rows, rows_for  # noqa: F401  (used by the Overzicht page)
from lib.core.kpis import every as kpi_every
from lib.core.kpis import map_rows_every as map_rows_of_every_year
from lib.text.i18n import facility_label, level_label, t
from lib.ui import readings
from lib.ui.formatting import (
    MISSING,
    amount,
    data_text,
    md_escape,
    metric_delta,
    norm_status,
    number,
    quantity,
    unit_label,
)

LEVELS = ("buurt", "wijk", "gemeente")


# --- selections ---------------------------------------------------------------------------------------------

def year_options(inp: Inputs) -> list[int]:
    """Years the overview offers: the base year … HORIZON (2040), as on every page (``Inputs.offered_years``)."""
    return inp.offered_years


def type_options(table: pd.DataFrame) -> list[str]:
    """'all' (worst of all types) followed by the facility types present in the gap table."""
    return [ALL_TYPES, *sorted(table["facility_type"].unique())]


def type_label(ftype: str, lang: str = "nl") -> str:
    return t("ov_all_types", lang) if ftype == ALL_TYPES else facility_label(ftype, lang)


def inhabitants_by_year(inp: Inputs, years: list[int]) -> pd.Series:
    """Inhabitants (persons, all buurten) per year: imported years as published, later years forecast from
    housing plans (see ``lib.core.scope.inhabitants_by_year``)."""
    return scope.inhabitants_by_year(inp).reindex(years)


def has_forecast(inp: Inputs) -> bool:
    """True when anything moves the population after the base year: housing plans (or demolition) or an
    imported population for a later year (lib.core.population.has_forecast)."""
    return population.has_forecast(inp.population, inp.plans, inp.base_year)


def no_forecast_note(inp: Inputs, lang: str = "nl") -> str | None:
    """'geen prognose geladen: bevolking gelijk aan 2024' when nothing moves the population after the base year
    (shown at the year slider), else None."""
    return None if has_forecast(inp) else t("nr_no_forecast", lang).format(base=inp.base_year)


def inhabitants_kpi(by_year: pd.Series, base_year: int, year: int, lang: str = "nl",
                    forecast: bool = True) -> dict[str, str | None]:
    """KPI texts for inhabitants now (base year) and in ``year``: now, then, delta (signed, None when equal),
    the label of the ``year`` card (marked as forecast after the base year when there is one, else as equal to
    the base year) and other_year (year ≠ base)."""
    now, then = float(by_year.get(base_year, float("nan"))), float(by_year.get(year, float("nan")))
    diff = then - now
    delta = None if pd.isna(diff) or round(diff) == 0 else metric_delta(diff, "persons", lang)
    if year > base_year and not forecast:
        label = t("nr_inhabitants_held", lang).format(year=year, base=base_year)
    else:
        label = t("ov_inhabitants_forecast" if year > base_year else "inhabitants_in", lang).format(year=year)
    return {"now": amount(now, "persons", lang), "then": amount(then, "persons", lang), "delta": delta,
            "label": label, "other_year": year != base_year}


# --- rows for the map ---------------------------------------------------------------------------------------

def growth_text(k: dict, lang: str = "nl") -> str:
    """The growth of need of a proxy type since the base year: '+120 plaatsen (+2,0 %)'."""
    return f"{readings.signed(k['need_growth'], k['unit'], lang)} ({readings.percent(k['need_growth_pct'], lang)})"


def balance_text(k: dict, lang: str = "nl") -> str:
    """The volume balance of a KPI dict in words: '2.100 aanbod − 1.900 behoefte = +200 plaatsen'; for a proxy
    the growth of need; '–' for distance norms."""
    if k["proxy"]:
        return t("nr_growth_short", lang).format(delta=readings.signed(k["need_growth"], k["unit"], lang),
                                                 pct=readings.percent(k["need_growth_pct"], lang))
    if k["distance"] or pd.isna(k["balance"]) or not k["balance_areas"]:
        return MISSING
    return t("nr_kpi_balance_value", lang).format(supply=amount(k["supply"], k["unit"], lang),
                                                  need=amount(k["need"], k["unit"], lang),
                                                  balance=readings.signed(k["balance"], k["unit"], lang))


def by_type(table: pd.DataFrame, year: int, lang: str = "nl", of_every: dict | None = None) -> pd.DataFrame:
    """Per facility type: areas with a robust shortfall / all areas, possible (fragile) shortfalls, tight, data
    missing, total shortfall (norm's unit; for distance norms the inhabitants beyond the distance), the volume
    balance (Σ supply − Σ need; for a proxy the growth of need) and notes (estimate, forecast, capacity unknown).
    A proxy type has no shortfall figures ('–'). ``of_every``: the table's ``kpis.every`` when already made."""
    every = of_every if of_every is not None else kpi_every(table[table["year"] == year])
    return pd.DataFrame([_type_row(ftype, every[(ftype, year)], lang)
                         for ftype in sorted({f for f, y in every if y == year})])


def by_type_every(table: pd.DataFrame, lang: str = "nl", of_every: dict | None = None) -> dict[int, pd.DataFrame]:
    """:func:`by_type` of every year in ``table`` at once, keyed by year (a year without rows is absent): the rows
    of all years in one frame, cut per year; the same frames as one year at a time. ``of_every``: the table's
    ``kpis.every`` when already made."""
    every = of_every if of_every is not None else kpi_every(table)
    keys = sorted(every, key=lambda k: (k[1], k[0]))  # by year, then type
    if not keys:
        return {}
    frame = pd.DataFrame([_type_row(ftype, every[(ftype, year)], lang) for ftype, year in keys])
    years = np.array([year for _, year in keys])
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]]).tolist() + [len(years)]
    return {int(years[a]): frame.iloc[a:b].set_axis(pd.RangeIndex(b - a))
            for a, b in zip(starts[:-1], starts[1:], strict=False)}


def _type_row(ftype: str, k: dict, lang: str) -> dict:
    """One row of :func:`by_type`: the figures of a type's KPI dict (lib.core.kpis) in words."""
    if k["proxy"]:
        total = MISSING
    else:
        total = quantity(k["people_beyond"], "persons_far", lang) if k["distance"] else \
            quantity(k["shortfall_total"], k["unit"], lang)
    flags = [t("proxy", lang)] if k["proxy"] else []
    flags += [t("nr_mixed_flag", lang)] if k["mixed"] else []
    flags += [t("estimate", lang).lower()] if k["estimate"] else []
    flags += [t("forecast", lang).lower()] if k["forecast"] else []
    return {"facility_type": ftype, t("facility_type", lang): facility_label(ftype, lang),
            t("areas_short", lang): MISSING if k["proxy"] else f"{k['areas_shortfall']} / {k['areas']}",
            t("nr_col_fragile", lang): k["areas_fragile"],
            t("ov_col_tight", lang): k["areas_tight"],
            t("nr_col_data_gap", lang): k["areas_data_gap"],
            t("total_shortfall", lang): total,
            t("nr_col_balance", lang): balance_text(k, lang),
            t("note", lang): ", ".join(flags)}


# --- ranked list --------------------------------------------------------------------------------------------

def ranked(table: pd.DataFrame, ftype: str, year: int, n: int = 10) -> pd.DataFrame:
    """The ``n`` areas with the largest shortfall (most negative gap) for a type and year."""
    rows = table[(table["facility_type"] == ftype) & (table["year"] == year) & (table["status"] == "shortfall")]
    return rows.sort_values("gap").head(n)


def attention(table: pd.DataFrame, ftype: str, year: int, n: int | None = 10) -> pd.DataFrame:
    """Areas that need attention, worst first. One type: the shortfall areas by gap (largest shortfall first).
    'all': areas short of at least one type, most types short first, then most types tight.

    Columns: area_code, area_name, status, gap, unit, types_short (list of types), n_short, n_tight.
    """
    rows = table[table["year"] == year]
    if ftype != ALL_TYPES:
        rows = rows[(rows["facility_type"] == ftype) & (rows["status"] == "shortfall")]
        out = rows.sort_values(["gap", "area_code"]).assign(
            types_short=[[ftype]] * len(rows), n_short=1, n_tight=0)
    else:
        short = rows[rows["status"] == "shortfall"]
        flags = rows.assign(n_short=rows["status"].eq("shortfall").astype(int),
                            n_tight=rows["status"].eq("tight").astype(int))
        out = flags.groupby("area_code").agg(area_name=("area_name", "first"), n_short=("n_short", "sum"),
                                             n_tight=("n_tight", "sum")).reset_index()
        out["types_short"] = out["area_code"].map(short.groupby("area_code")["facility_type"].agg(sorted)).map(
            lambda v: v if isinstance(v, list) else [])
        out = out[out["n_short"] > 0].sort_values(["n_short", "n_tight", "area_code"],
                                                  ascending=[False, False, True])
        out = out.assign(status="shortfall", gap=np.nan, unit="", method="", need=np.nan, supply=np.nan,
                         facility_type="", level="")
    out = out[["area_code", "area_name", "status", "gap", "unit", "types_short", "n_short", "n_tight", "method",
               "need", "supply", "facility_type", "level"]]
    return (out if n is None else out.head(n)).reset_index(drop=True)


def attention_display(att: pd.DataFrame, ftype: str, lang: str = "nl") -> pd.DataFrame:
    """The attention list as a readable table (rank, area, code, and shortfall or the types short)."""
    out = pd.DataFrame({t("rank", lang): range(1, len(att) + 1), t("area", lang): att["area_name"],
                        t("code", lang): att["area_code"]})
    if ftype == ALL_TYPES:
        out[t("ov_col_types_short", lang)] = att["types_short"].map(
            lambda v: ", ".join(facility_label(x, lang) for x in v))
    else:
        distance = bool((att["method"] == "distance").any())
        out[t("nr_details" if distance else "gap", lang)] = [
            readings.distance_line(r, lang) if r["method"] == "distance" else quantity(r["gap"], r["unit"], lang)
            for r in att.to_dict("records")]
    return out


def attention_every(table: pd.DataFrame, ftype: str, n: int | None = 10, lang: str = "nl") -> dict[int, pd.DataFrame]:
    """``attention_display(attention(table, ftype, year, n), ftype, lang)`` of every year in ``table`` at once,
    keyed by year; a year without areas that need attention is absent. One filter and one sort (for 'all' one
    count per area and year with numpy) over the rows of all years instead of one per year; the same frames as
    one year at a time."""
    if ftype != ALL_TYPES:
        keep = ((table["facility_type"] == ftype) & (table["status"] == "shortfall")).to_numpy()
        cols = ["year", "gap", "area_code", "area_name", "method", "facility_type", "need", "supply", "level", "unit"]
        rows = table.loc[keep, cols].sort_values(["year", "gap", "area_code"])
    else:
        rows = _areas_short(table)
    years = rows["year"].to_numpy()
    rank = np.arange(len(years)) - np.searchsorted(years, years) + 1
    if n is not None:
        rows, years, rank = rows[rank <= n], years[rank <= n], rank[rank <= n]
    if rows.empty:
        return {}
    names = rows["area_name"].reset_index(drop=True)
    out = {t("rank", lang): rank, t("area", lang): names, t("code", lang): rows["area_code"].reset_index(drop=True)}
    if ftype == ALL_TYPES:
        out[t("ov_col_types_short", lang)] = [", ".join(facility_label(x, lang) for x in v) for v in rows["types"]]
        headers = {}
    else:
        distance = (rows["method"] == "distance").to_numpy()
        cols = ["facility_type", "need", "supply", "level", "gap", "unit"]
        out["text"] = [readings.distance_line(dict(zip(cols, r, strict=True)), lang) if far else
                       quantity(r[4], r[5], lang)
                       for far, r in zip(distance, rows[cols].itertuples(index=False, name=None), strict=True)]
        far_years = set(years[distance].tolist())
        headers = {y: t("nr_details" if y in far_years else "gap", lang) for y in set(years.tolist())}
        if len(set(headers.values())) == 1:  # the same header in every year (one method): named once
            out[headers.popitem()[1]] = out.pop("text")
            headers = {}
    frame = pd.DataFrame(out)
    starts = np.flatnonzero(rank == 1).tolist() + [len(rank)]
    parts = {}
    for a, b in zip(starts[:-1], starts[1:], strict=False):
        part = frame.iloc[a:b].set_axis(pd.RangeIndex(b - a))
        if headers:
            part = part.set_axis([*part.columns[:-1], headers[int(years[a])]], axis=1)
        parts[int(years[a])] = part
    return parts


def _areas_short(table: pd.DataFrame) -> pd.DataFrame:
    """Per year the areas short of at least one type (what :func:`attention` ranks for 'all'), most types short
    first, then most types tight, then by code: year, area_code, area_name (the first given), types (the types
    short, sorted)."""
    areas, codes = pd.factorize(table["area_code"], sort=True)
    years, year_values = pd.factorize(table["year"], sort=True)
    groups, inverse = np.unique(years.astype(np.int64) * len(codes) + areas, return_inverse=True)
    status = table["status"].to_numpy()
    n_short = np.bincount(inverse, weights=status == "shortfall", minlength=len(groups))
    n_tight = np.bincount(inverse, weights=status == "tight", minlength=len(groups))
    named = table["area_name"].notna().to_numpy()
    with_name, at = np.unique(inverse[named], return_index=True)
    first = np.full(len(groups), -1)
    first[with_name] = np.flatnonzero(named)[at]  # the first row with a name of every group (-1: none)
    chosen = np.flatnonzero(n_short > 0)
    chosen = chosen[np.lexsort((groups[chosen] % len(codes), -n_tight[chosen], -n_short[chosen],
                                groups[chosen] // len(codes)))]
    short = status == "shortfall"
    types: dict[int, list] = {}
    for g, ftype in zip(inverse[short].tolist(), table["facility_type"].to_numpy()[short].tolist(), strict=True):
        types.setdefault(g, []).append(ftype)
    all_names = table["area_name"].to_numpy()
    names = np.array([all_names[i] if i >= 0 else None for i in first[chosen].tolist()], dtype=object)
    year, area = groups[chosen] // len(codes), groups[chosen] % len(codes)
    return pd.DataFrame({"year": year_values.to_numpy()[year], "area_code": codes.to_numpy()[area],
                         "area_name": pd.Series(names, dtype=table["area_name"].dtype),
                         "types": [sorted(types[g]) for g in chosen.tolist()]})


# --- captions -----------------------------------------------------------------------------------------------

def supply_sources(rows: pd.DataFrame, lang: str = "nl") -> str:
    """The supply source(s) of gap rows in words, joined with ';'."""
    return _sources_words(rows["supply_source"].dropna().unique(), lang)


def _sources_words(sources, lang: str) -> str:
    """Distinct supply sources (not missing) in words, sorted and joined with ';'."""
    return "; ".join(sorted({data_text(s, lang) for s in sources}))


def based_on(rows: pd.DataFrame, lang: str = "nl") -> str:
    """One line naming the supply source(s) and the norm's source (and status) for a set of gap rows."""
    if rows.empty:
        return ""
    return (f"{supply_sources(rows, lang)} · {t('ov_norm', lang)}: {data_text(rows['norm_source'].iloc[0], lang)} "
            f"({norm_status(rows['norm_status'].iloc[0], lang)})")


#: (basis kind, per == 1) → label key of the basis in a norm formula.
BASIS_WORD_KEYS = {("inhabitants", True): "unit_persons_1", ("inhabitants", False): "unit_persons",
                   ("dwellings", True): "unit_dwellings_1", ("dwellings", False): "unit_dwellings",
                   ("age", True): "ov_basis1_age", ("age", False): "ov_basisn_age",
                   ("child", True): "ov_basis1_child", ("child", False): "ov_basisn_child"}


def _basis_words(basis: str, per: float, lang: str) -> str:
    """'per 1 kind van 4-11 jaar' style words for a norm basis (singular when per == 1)."""
    b = norms.parse_basis(basis)
    if b is None:
        return f"{number(per, lang)} {basis}"
    one = per == 1
    kind = "child" if b.kind == "age" and b.age_max is not None and b.age_max < 18 else b.kind
    ages = "" if b.kind != "age" else (f"{b.age_min}-{b.age_max}" if b.age_max is not None else f"{b.age_min}+")
    words = t(BASIS_WORD_KEYS[(kind, one)], lang).format(ages=ages) if (kind, one) in BASIS_WORD_KEYS else basis
    return words if one else f"{number(per, lang)} {words}"


#: The columns of a gap row that make up its norm (what :func:`norm_formula` puts in words).
NORM_COLUMNS = ["method", "unit", "amount", "per", "basis", "catchment_m", "service_level", "norm_status"]


def norm_formula(rows: pd.DataFrame, lang: str = "nl") -> str:
    """The norm(s) behind gap ``rows`` in words, e.g. '1 plaats per kind van 4-11 jaar binnen 1.000 m
    (assumption)'; several woonmilieu rows are joined with ';'."""
    if rows.empty:
        return ""
    return _norms_words(rows[NORM_COLUMNS].drop_duplicates().itertuples(index=False, name=None), lang)


def _norms_words(norms_: Iterable[tuple], lang: str, memo: dict | None = None) -> str:
    """Distinct norms (tuples of :data:`NORM_COLUMNS`, in order of appearance) in words, joined with ';'.
    ``memo``: words of norms already put in words (a norm repeats in every year)."""
    parts = []
    for norm in norms_:
        if memo is None:
            parts.append(_norm_words(*norm, lang=lang))
            continue
        key = tuple(("nan",) if isinstance(v, float) and v != v else v for v in norm)  # NaN never equals NaN
        if key not in memo:
            memo[key] = _norm_words(*norm, lang=lang)
        parts.append(memo[key])
    return "; ".join(dict.fromkeys(parts))


def _norm_words(method, unit, amount_, per, basis, catchment_m, service_level, norm_status_, lang: str) -> str:
    """One norm in words: '1 plaats per kind van 4-11 jaar binnen 1.000 m (aanname)' (distances in m)."""
    if method == "distance":
        text = t("ov_max_distance", lang).format(d=amount(amount_, "m", lang))
    else:
        unit_words = unit_label(unit, lang, one=amount_ == 1)
        text = f"{number(amount_, lang)} {unit_words} per {_basis_words(basis, per, lang)}"
        if not pd.isna(catchment_m):
            text += f" {t('ov_within', lang)} {amount(catchment_m, 'm', lang)} m"
        elif service_level:
            text += f" ({t('service_level', lang).lower()}: {level_label(service_level, lang, False).lower()})"
    return f"{text} ({norm_status(norm_status_, lang)})" if norm_status_ else text


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a long source text, cut at ``limit`` characters."""
    text = str(text or "").strip()
    m = re.search(r"(?<=[.!?])\s", text)
    s = text[: m.start()] if m else text
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def year_label(rows: pd.DataFrame, year: int, base_year: int, lang: str = "nl") -> str:
    """'jaar 2030, prognose (…)' when plans changed figures, 'jaar 2030, geen prognose geladen: bevolking gelijk
    aan 2024' when nothing did, 'jaar 2024' in the base year."""
    forecast = bool(rows["forecast"].any()) if len(rows) else False
    return _year_words(year, base_year, forecast, forecast and bool(rows["forecast"].all()), lang)


def _year_words(year: int, base_year: int, forecast: bool, all_forecast: bool, lang: str) -> str:
    """:func:`year_label` from its facts: any row a forecast, every row a forecast."""
    if year <= base_year and not forecast:
        return t("ov_year_label", lang).format(year=year)
    if not forecast:
        return t("nr_year_held", lang).format(year=year, base=base_year)
    if year > base_year and not all_forecast:
        return t("nr_year_partly", lang).format(year=year, base=base_year)
    return t("ov_year_forecast", lang).format(year=year, base=base_year)


def caption(rows: pd.DataFrame, ftype: str, year: int, base_year: int, lang: str = "nl",
            level: str = "buurt") -> str:
    """What a figure is based on: year (forecast, partly, or held at the base year), supply source (and 'capacity
    unknown' for a proxy), norm, estimate or not, level note."""
    if rows.empty:
        return ""
    forecast = bool(rows["forecast"].any())
    facts = {"forecast": forecast, "all_forecast": forecast and bool(rows["forecast"].all()),
             "estimate": bool(rows["estimate"].any())}
    if ftype != ALL_TYPES:
        facts.update(sources=supply_sources(rows, lang), norms=norm_formula(rows, lang),
                     proxy="supply_kind" in rows and bool((rows["supply_kind"] == "proxy").any()))
    return _caption_words(facts, ftype, year, base_year, lang, level)


def _caption_words(facts: dict, ftype: str, year: int, base_year: int, lang: str, level: str) -> str:
    """:func:`caption` from the facts of its rows: forecast, all_forecast, estimate (bools) and, for one type,
    sources and norms (in words) and proxy (bool)."""
    parts = [_year_words(year, base_year, facts["forecast"], facts["all_forecast"], lang)]
    if ftype != ALL_TYPES:
        parts.append(f"{t('ov_supply_from', lang)}: {facts['sources']}")
        if facts["proxy"]:
            parts.append(t("ov_legend_proxy", lang))
        parts.append(f"{t('ov_norm', lang)}: {facts['norms']}")
    else:
        parts.append(t("ov_all_norms", lang))
    if facts["estimate"]:
        parts.append(t("ov_estimate_yes", lang))
    parts.append(t("ov_map_source", lang))
    if level != "buurt":
        parts.append(t("ov_level_sum_note", lang).format(level=level))
    return " · ".join(parts)


def types_caption(table: pd.DataFrame, year: int, base_year: int, lang: str = "nl") -> str:
    """What the per-type table is based on: the year (forecast or not), the supply sources, estimates."""
    rows = table[table["year"] == year]
    if rows.empty:
        return ""
    return _types_caption_words(year, base_year, year_label(rows, year, base_year, lang),
                                supply_sources(rows, lang), bool(rows["estimate"].any()), lang)


def _types_caption_words(year: int, base_year: int, year_words: str, sources: str, estimate: bool,
                         lang: str) -> str:
    """:func:`types_caption` from its facts: the year in words, the supply sources in words, any estimate."""
    parts = [year_words, f"{t('ov_supply_from', lang)}: {sources}"]
    if estimate:
        parts.append(t("ov_estimate_yes", lang))
    return " · ".join(parts)


def captions_every(table: pd.DataFrame, ftype: str, base_year: int, lang: str = "nl", level: str = "buurt",
                   map_rows_by_year: dict[int, pd.DataFrame] | None = None) -> dict[int, str]:
    """:func:`caption` of ``map_rows(table, ftype, year)`` of every year at once, keyed by year: one pass over the
    rows of all years (grouped by year with numpy), the same words as one year at a time. A year without rows of
    ``ftype`` is absent (its caption is empty). ``map_rows_by_year``: ``lib.core.kpis.map_rows_every(table,
    ftype)`` when already made (only read for 'all')."""
    if table.empty:
        return {}
    if ftype == ALL_TYPES:
        worst = map_rows_by_year if map_rows_by_year is not None else map_rows_of_every_year(table, ftype)
        facts = {}
        for y, part in worst.items():
            f, e = part["forecast"].to_numpy(dtype=bool), part["estimate"].to_numpy(dtype=bool)
            facts[y] = {"forecast": bool(f.any()), "all_forecast": bool(f.any() and f.all()),
                        "estimate": bool(e.any())}
    else:
        proxy = "supply_kind" in table
        cols = ["year", "forecast", "estimate", "supply_source", *NORM_COLUMNS, *(["supply_kind"] if proxy else [])]
        rows = table.loc[(table["facility_type"] == ftype).to_numpy(), cols]
        flags = {"forecast": rows["forecast"], "estimate": rows["estimate"]}
        if proxy:
            flags["proxy"] = rows["supply_kind"] == "proxy"
        sources = _distinct_by_year(rows["year"], rows["supply_source"])
        firsts = rows.loc[~rows.duplicated(["year", *NORM_COLUMNS]), ["year", *NORM_COLUMNS]]
        norms_of: dict[int, list[tuple]] = {}
        for y, *norm in firsts.itertuples(index=False, name=None):
            norms_of.setdefault(int(y), []).append(tuple(norm))
        memo: dict = {}
        facts = {y: {"forecast": f["forecast"] > 0, "all_forecast": 0 < f["forecast"] == f["n"],
                     "estimate": f["estimate"] > 0, "proxy": f.get("proxy", 0) > 0,
                     "sources": _sources_words(sources.get(y, ()), lang),
                     "norms": _norms_words(norms_of.get(y, ()), lang, memo)}
                 for y, f in _by_year(rows, flags).items()}
    return {y: _caption_words(f, ftype, y, base_year, lang, level) for y, f in facts.items()}


def types_captions_every(table: pd.DataFrame, base_year: int, lang: str = "nl") -> dict[int, str]:
    """:func:`types_caption` of every year in ``table`` at once, keyed by year (a year without rows is absent: its
    caption is empty); one pass over the rows of all years, the same words as one year at a time."""
    if table.empty:
        return {}
    sources = _distinct_by_year(table["year"], table["supply_source"])
    return {y: _types_caption_words(y, base_year, _year_words(y, base_year, f["forecast"] > 0,
                                                                f["forecast"] == f["n"], lang),
                                    _sources_words(sources.get(y, ()), lang), f["estimate"] > 0, lang)
            for y, f in _by_year(table, {"forecast": table["forecast"], "estimate": table["estimate"]}).items()}


def _by_year(rows: pd.DataFrame, flags: dict[str, pd.Series]) -> dict[int, dict[str, int]]:
    """Per year of ``rows``: the number of rows (``n``) and of rows where each flag is true (missing as false)."""
    years, inverse = np.unique(rows["year"].to_numpy(), return_inverse=True)
    counts = {k: np.bincount(inverse, weights=np.asarray(v.fillna(False), dtype=bool), minlength=len(years))
              for k, v in flags.items()}
    n = np.bincount(inverse, minlength=len(years))
    return {int(y): {"n": int(n[i]), **{k: int(c[i]) for k, c in counts.items()}} for i, y in enumerate(years)}


def _distinct_by_year(years: pd.Series, values: pd.Series) -> dict[int, list]:
    """Per year the distinct values that are not missing (e.g. the supply sources of every year)."""
    codes, uniques = pd.factorize(values)
    keep = codes >= 0
    pairs = np.unique(years.to_numpy()[keep].astype(np.int64) * max(len(uniques), 1) + codes[keep])
    out: dict[int, list] = {}
    for pair in pairs.tolist():
        out.setdefault(pair // len(uniques), []).append(uniques[pair % len(uniques)])
    return out


def legend_note(ftype: str, distance: bool, lang: str = "nl", proxy: bool = False) -> str:
    """The plain-language rule behind the colours for this selection."""
    if ftype == ALL_TYPES:
        return f"{t('ov_legend_worst', lang)} {t('ov_status_rule_full', lang)}"
    if proxy:
        return t("ov_legend_proxy_note", lang)
    return t("ov_legend_distance" if distance else "ov_status_rule_full", lang)


def legend_items(lang: str = "nl", statuses=None) -> list[tuple[str, str]]:
    """(plain-language label, status) pairs for the map legend: the statuses in ``statuses`` (e.g. those on the
    map; all of ``lib.core.status.STATUSES`` when None), in display order."""
    present = set(map(str, statuses)) if statuses is not None else set(st.STATUSES)
    return [(t(LEGEND_KEYS[s], lang), s) for s in st.STATUSES if s in present] or \
        [(t(LEGEND_KEYS[s], lang), s) for s in st.STATUSES]


#: Statuses → their legend text (what the colour means).
LEGEND_KEYS = {"shortfall": "ov_legend_shortfall", "fragile": "ov_legend_fragile", "tight": "ov_legend_tight",
               "sufficient": "ov_legend_sufficient", "surplus": "ov_legend_surplus",
               "negligible": "ov_legend_negligible", "proxy_growth": "ov_legend_proxy_growth",
               "proxy": "ov_legend_proxy", "data_gap": "ov_legend_data_gap", "unknown": "unknown"}
#: (worst of all types, level) → label key of the 'areas short' KPI.
SHORT_KEYS = {(False, "buurt"): "areas_with_shortfall", (False, "wijk"): "ov_short_wijk",
              (False, "gemeente"): "ov_short_gemeente", (True, "buurt"): "ov_short_any_buurt",
              (True, "wijk"): "ov_short_any_wijk", (True, "gemeente"): "ov_short_any_gemeente"}


def short_label(all_types: bool, level: str, lang: str = "nl") -> str:
    """'Buurten met tekort' / 'Wijken met enig tekort' …"""
    return t(SHORT_KEYS[(bool(all_types), level)], lang)


def explorer_params(props: dict, year: int, ftype: str, case: str | None, lang: str) -> dict[str, str]:
    """Query parameters that open the Buurtverkenner for a clicked area (its properties from the map): area,
    year, type (the chosen type; for 'all' the type that causes the area's worst status), case, lang."""
    out = {"area": str(props["code"]), "year": str(year), "lang": lang}
    chosen = ftype if ftype != ALL_TYPES else props.get("facility_type")
    if chosen:
        out["type"] = str(chosen)
    if case:
        out["case"] = case
    return out


# --- screen tables ------------------------------------------------------------------------------------------

DISPLAY = ["area_code", "area_name", "level", "year", "need", "supply", "gap", "unit", "status", "basis",
           "estimate", "forecast"]


def display(rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Rounded, translated table for the screen (numbers to 1 decimal, status in words). Need, supply and gap are
    left empty for distance norms, supply and gap for proxies; the reading column says what the row means
    (distances as distances, 'capacity unknown' with the growth of need)."""
    out = rows[DISPLAY].copy()
    distance = rows["method"] == "distance"
    proxy = rows.get("supply_kind", pd.Series("", index=rows.index)) == "proxy"
    out["need"] = out["need"].astype("float64").round(1).where(~distance)
    for c in ("supply", "gap"):
        out[c] = out[c].astype("float64").round(1).where(~distance & ~proxy)
    out["reading"] = [" · ".join(readings.lines(r, lang)) for r in rows.to_dict("records")]
    out["status"] = out["status"].map(lambda s: readings.status_word(str(s), lang))
    names = {"area_code": "code", "area_name": t("area", lang), "level": t("level", lang), "year": t("year", lang),
             "need": t("need", lang), "supply": t("supply", lang), "gap": t("gap", lang), "unit": t("unit", lang),
             "status": t("status", lang), "basis": t("basis", lang), "estimate": t("estimate", lang),
             "forecast": t("forecast", lang), "reading": t("nr_details", lang)}
    return out.rename(columns=names)


def option_lines(best: pd.DataFrame, lang: str = "nl") -> list[str]:
    """Numbered Markdown lines for the best sharing options (area names from data escaped for Markdown)."""
    lines = []
    for row in best.itertuples():
        flag = f" *({t('estimate', lang).lower()})*" if bool(getattr(row, "estimate", False)) else ""
        lines.append(f"{row.rank}. {md_escape(str(row.sentence))}{flag}")
    return lines
