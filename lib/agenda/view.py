"""The agenda for people: reasons in plain Dutch (or English), tables for the page and the exports, the items and
shortfalls of one area, and the number of domains with work per area (for the map).

Numbers are computed without language in ``lib.agenda.overlaps``; sentences are made from them here. Dutch number
formats (31.517; 2,46; € 1.250.000). No Streamlit.
"""

from __future__ import annotations

import pandas as pd

from lib.agenda import items as agenda_items
from lib.agenda.overlaps import meets  # noqa: F401  (re-exported for the page)
from lib.core import hierarchy
from lib.text.i18n import domain_label as participant_domain
from lib.text.i18n import facility_label, t
from lib.ui.formatting import MISSING, amount, missing, number, quantity, when

MAX_ALSO = 3

#: Agenda domains → label keys.
DOMAIN_KEYS = {"beheer": "ag_dom_beheer", "ruimte": "ag_dom_ruimte", "sociaal": "cs_dom_sociaal",
               "onderwijs": "ag_dom_onderwijs", "sport": "ag_dom_sport", "zorg": "ag_dom_zorg",
               "cultuur": "ag_dom_cultuur", "overig": "ag_dom_overig"}
#: Stages of an item → label keys.
STATUS_KEYS = {"idee": "ag_st_idee", "gepland": "ag_st_gepland", "in uitvoering": "ag_st_in uitvoering",
               "afgerond": "ag_st_afgerond"}
#: Kinds of opportunity → label keys.
KIND_KEYS = {"pair": "ag_kind_pair", "shortfall": "ag_kind_shortfall", "site": "ag_kind_site"}
#: Levels of an area → label keys ('buurt', 'wijk', 'gemeente').
LEVEL_KEYS = {"buurt": "ag_lvl_buurt", "wijk": "ag_lvl_wijk", "gemeente": "bv_level_gemeente"}
#: 'deze buurt', 'deze wijk', 'deze gemeente'.
THIS_KEYS = {"buurt": "ag_this_buurt", "wijk": "ag_this_wijk", "gemeente": "ag_this_gemeente"}
#: Facility types counted in facilities → (one, many) noun keys.
NOUN_KEYS = {"gym": ("sh_noun_gym", "sh_nouns_gym"), "sports_hall": ("sh_noun_sports_hall", "sh_nouns_sports_hall")}
#: A shortfall in words per facility type; "distance" and "quantity" for the other types.
SHORTFALL_KEYS = {"gym": "ag_sf_gym", "sports_hall": "ag_sf_sports_hall", "primary_school": "ag_sf_primary_school",
                  "library": "ag_sf_library", "swimming_pool": "ag_sf_swimming_pool", "distance": "ag_sf_distance",
                  "quantity": "ag_sf_quantity"}


def domain_label(domain: str, lang: str = "nl") -> str:
    """The label of an agenda domain (beheer → management in English); the code itself when it has none."""
    return t(DOMAIN_KEYS[domain], lang) if domain in DOMAIN_KEYS else str(domain)


def status_label(status: str, lang: str = "nl") -> str:
    """The label of an item's stage (idee, gepland, in uitvoering, afgerond)."""
    return t(STATUS_KEYS[status], lang) if status in STATUS_KEYS else str(status)


def level_name(level: str, lang: str = "nl") -> str:
    """An area level in words ('buurt', 'wijk', 'gemeente'; English with the Dutch word explained)."""
    return t(LEVEL_KEYS[level], lang) if level in LEVEL_KEYS else str(level)


def kind_label(kind: str, lang: str = "nl") -> str:
    """The label of a kind of opportunity (werk met werk, tekort, locatie)."""
    return t(KIND_KEYS[kind], lang) if kind in KIND_KEYS else str(kind)


def period(start, end) -> str:
    """'2027' or '2026–2028' (inclusive years)."""
    start, end = int(start), int(end)
    return str(start) if start == end else f"{start}–{end}"


def euro(v, lang: str = "nl") -> str:
    """'€ 1.250.000' (whole euros), '–' when missing."""
    return MISSING if v is None or pd.isna(v) else f"€ {number(float(v), lang, 0)}"


def score_text(v, lang: str = "nl") -> str:
    """A score in quarter points without trailing zeros: '4,5', '3,25', '2'."""
    v = float(v)
    return number(v, lang, 1 if abs(v * 10 - round(v * 10)) < 1e-9 else 2)


def area_name(code, names: dict[str, str]) -> str:
    """An area's name for a sentence (CBS 'Wijk 08 Zuidwest' becomes 'wijk Zuidwest')."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return MISSING
    name = str(names.get(code, code))
    if name.startswith("Wijk ") and name[5:7].isdigit():
        return "wijk " + name[8:]
    return name


def _amount(s: dict, lang: str) -> str:
    v, unit, ftype = float(s["shortfall"]), str(s["unit"]), s["facility_type"]
    if unit == "facilities" and ftype in NOUN_KEYS:
        noun = t(NOUN_KEYS[ftype][0 if round(v, 1) <= 1 else 1], lang)
        return f"{amount(v, unit, lang)} {noun}"
    return quantity(v, unit, lang)


def shortfall_phrase(s: dict, here: str | None, names: dict[str, str], lang: str = "nl") -> str:
    """One shortfall in words: 'een gymzaaltekort in deze buurt (1,4 gymzaal in 2027)'. ``here`` is the area the
    sentence is about (its shortfalls read 'deze buurt'); ``s`` a row of ``shortfalls.matching``."""
    level = s.get("level") or "buurt"
    where = t(THIS_KEYS[level], lang) if s["area_code"] == here else area_name(s["area_code"], names)
    ftype = s["facility_type"]
    if s["method"] == "distance":
        return t(SHORTFALL_KEYS.get(ftype, SHORTFALL_KEYS["distance"]), lang).format(
            where=where, dist=amount(float(s["supply"]), "m", lang), norm=amount(float(s["need"]), "m", lang),
            label=facility_label(ftype, lang))
    return t(SHORTFALL_KEYS.get(ftype, SHORTFALL_KEYS["quantity"]), lang).format(
        where=where, amount=_amount(s, lang), year=int(s["year"]), label=facility_label(ftype, lang).lower())


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('ag_and', lang)} " + parts[-1]


def reason(row: dict, names: dict[str, str], project_names: dict[str, str] | None = None, lang: str = "nl") -> str:
    """Why an opportunity (a row of ``overlaps.opportunities``) is one, in one plain sentence."""
    shorts = [shortfall_phrase(s, row["area_code"], names, lang) for s in (row.get("shortfalls") or [])]
    dom_a, per_a = domain_label(row["domain_a"], lang), period(row["start_a"], row["end_a"])
    if row["kind"] == "shortfall":
        return t("ag_r_shortfall", lang).format(a=row["name_a"], dom=dom_a, per=per_a,
                                                area=area_name(row["area_code"], names), list=_join(shorts, lang))
    if row["kind"] == "site":
        sentence = str((row.get("site") or {}).get("sentence") or "").strip()
        return t("ag_r_site", lang).format(a=row["name_a"], dom=dom_a, per=per_a,
                                           area=area_name(row["area_code"], names), sentence=sentence)
    if row["years_apart"] == 0:
        when = t("ag_r_when_overlap", lang).format(period=period(row["start_year"], row["end_year"]))
    elif row["years_apart"] == 1:
        when = t("ag_r_when_next", lang).format(end=row["start_year"], start=row["end_year"])
    else:
        when = t("ag_r_when_apart", lang).format(n=int(row["years_apart"]), end=row["start_year"],
                                                 start=row["end_year"])
    if row["relation"] == "neighbours":
        where = t("ag_r_where_neighbours", lang).format(a=area_name(row["area_code_a"], names),
                                                        b=area_name(row["area_code_b"], names))
    elif row["relation"] == "within":
        outer = row["area_code_b"] if row["area_code"] == row["area_code_a"] else row["area_code_a"]
        where = t("ag_r_where_within", lang).format(inner=area_name(row["area_code"], names),
                                                    outer=area_name(outer, names))
    else:
        where = t("ag_r_where_same", lang).format(area=area_name(row["area_code"], names))
    also = ""
    cluster = list(row.get("cluster") or ())
    if cluster:
        shown = [(project_names or {}).get(c, c) for c in cluster[:MAX_ALSO]]
        listed = _join(shown, lang) if len(cluster) <= MAX_ALSO else \
            t("ag_r_also_more", lang).format(names=", ".join(shown), n=len(cluster) - MAX_ALSO)
        also = t("ag_r_also1" if len(cluster) == 1 else "ag_r_also", lang).format(names=listed)
    short = t("ag_r_short", lang).format(list=_join(shorts, lang)) if shorts else ""
    return t("ag_r_pair", lang).format(a=row["name_a"], dom_a=dom_a, per_a=per_a, b=row["name_b"],
                                       dom_b=domain_label(row["domain_b"], lang),
                                       per_b=period(row["start_b"], row["end_b"]), when=when, where=where, also=also,
                                       short=short)


def with_reasons(opps: pd.DataFrame, names: dict[str, str], project_names: dict[str, str],
                 lang: str = "nl") -> pd.DataFrame:
    """``opps`` with a ``reason`` column."""
    out = opps.copy()
    out["reason"] = [reason(r, names, project_names, lang) for r in opps.to_dict("records")]
    return out


def opportunity_label(row: dict, lang: str = "nl") -> str:
    """A short label for choosing an opportunity: '3. Werk met werk: Riolering X + Renovatie Y (2027)'."""
    what = row["name_a"] if missing(row.get("name_b")) or not row.get("name_b") else \
        f"{row['name_a']} + {row['name_b']}"
    return f"{int(row['rank'])}. {kind_label(row['kind'], lang)}: {what} " \
           f"({period(row['start_year'], row['end_year'])})"


def opportunity_table(opps: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Opportunities (with ``reason``) for the screen: #, kind, why, score, period, illustrative."""
    cols = [t("rank", lang), t("ag_col_kind", lang), t("ag_col_reason", lang), t("ag_col_score", lang),
            t("ag_period", lang), t("in_col_illustrative", lang)]
    if opps.empty:
        return pd.DataFrame(columns=cols)
    yes, no = t("yes", lang), t("no", lang)
    return pd.DataFrame({
        cols[0]: opps["rank"].astype(int).to_numpy(),
        cols[1]: [kind_label(k, lang) for k in opps["kind"]],
        cols[2]: opps["reason"].to_numpy(),
        cols[3]: [score_text(v, lang) for v in opps["score"]],
        cols[4]: [period(a, b) for a, b in zip(opps["start_year"], opps["end_year"], strict=True)],
        cols[5]: [yes if v else no for v in opps["illustrative"]],
    })


def items_table(items: pd.DataFrame, names: dict[str, str], lang: str = "nl") -> pd.DataFrame:
    """Agenda items for the screen and the exports: id, name, domain, area, period, kind, stage, budget, owner,
    illustrative."""
    cols = [t("ag_col_id", lang), t("ag_col_project", lang), t("cs_ag_domain", lang), t("area", lang),
            t("ag_period", lang), t("cs_ag_kind", lang), t("cs_ag_status", lang),
            t("ag_col_budget", lang), t("cs_owner", lang), t("in_col_illustrative", lang)]
    if items.empty:
        return pd.DataFrame(columns=cols)
    yes, no = t("yes", lang), t("no", lang)
    return pd.DataFrame({
        cols[0]: items["project_id"].to_numpy(), cols[1]: items["name"].to_numpy(),
        cols[2]: [domain_label(d, lang) for d in items["domain"]],
        cols[3]: [f"{names.get(c, c)} ({c})" for c in items["area_code"]],
        cols[4]: [period(a, b) for a, b in zip(items["start_year"], items["end_year"], strict=True)],
        cols[5]: items["kind"].fillna("").to_numpy(),
        cols[6]: [status_label(s, lang) for s in items["status"]],
        cols[7]: [euro(v, lang) for v in items["budget_eur"]],
        cols[8]: items["owner"].fillna("").to_numpy(),
        cols[9]: [yes if v else no for v in items["illustrative"]],
    })


def inside(area: str, areas: pd.DataFrame) -> set[str]:
    """Codes of ``area`` and every area inside it."""
    up = hierarchy.containment(areas)
    return set(up.loc[up["ancestor"] == area, "code"])


def in_period(items: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Items whose period overlaps the years ``first`` … ``last`` (inclusive)."""
    return items[(items["start_year"] <= last) & (items["end_year"] >= first)]


def area_items(items: pd.DataFrame, area: str, areas: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Items in ``area``, inside it or in an area enclosing it, overlapping ``first`` … ``last``; ordered by domain,
    start year and name."""
    hit = items[meets(items["area_code"], area, areas)]
    hit = in_period(hit, first, last)
    order = {d: i for i, d in enumerate(agenda_items.DOMAINS)}
    return hit.assign(_d=hit["domain"].map(order)).sort_values(["_d", "start_year", "name"]).drop(columns="_d")


def area_opportunities(opps: pd.DataFrame, area: str, areas: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Opportunities that touch ``area`` (where the work meets — for neighbouring buurten either buurt — is the
    area, lies inside it or encloses it) and whose period overlaps ``first`` … ``last``; ranks renumbered from 1."""
    if opps.empty:
        return opps
    hit = meets(opps["area_code"], area, areas)
    neighbours = (opps["relation"] == "neighbours").to_numpy()
    if neighbours.any():
        hit |= neighbours & meets(opps["area_code_b"].fillna(""), area, areas)
    out = opps[hit & (opps["start_year"] <= last) & (opps["end_year"] >= first)].copy()
    out["rank"] = range(1, len(out) + 1)
    return out.reset_index(drop=True)


def area_shortfalls(short: pd.DataFrame, area: str, areas: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The counted shortfalls of ``area`` and the areas inside it in ``first`` … ``last``: per area and facility
    type the largest shortfall and its first year."""
    if short.empty:
        return short
    rows = short[short["area_code"].isin(inside(area, areas)) & short["year"].between(first, last)]
    if rows.empty:
        return rows
    first_year = rows.groupby(["area_code", "facility_type"])["year"].min().rename("first_year")
    worst = rows.sort_values("shortfall", ascending=False).drop_duplicates(["area_code", "facility_type"])
    worst = worst.merge(first_year, on=["area_code", "facility_type"])
    lvl = {"gemeente": 0, "wijk": 1, "buurt": 2}
    return worst.assign(_l=worst["level"].map(lvl)).sort_values(["_l", "facility_type", "area_code"]).drop(
        columns="_l").reset_index(drop=True)


def shortfall_table(rows: pd.DataFrame, names: dict[str, str], lang: str = "nl") -> pd.DataFrame:
    """Shortfalls of an area for the screen: facility, where, shortfall (with unit), first year."""
    cols = [t("facility", lang), t("ag_col_where", lang), t("sh_col_shortfall", lang), t("ag_col_year", lang)]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    amounts = []
    for r in rows.to_dict("records"):
        if r["method"] == "distance":
            amounts.append(f"{quantity(r['supply'], 'm', lang)} "
                           f"({t('ov_norm', lang)} {quantity(r['need'], 'm', lang)})")
        else:
            amounts.append(_amount(r, lang))
    return pd.DataFrame({cols[0]: [facility_label(f, lang) for f in rows["facility_type"]],
                         cols[1]: [f"{names.get(c, c)} ({c})" for c in rows["area_code"]],
                         cols[2]: amounts, cols[3]: rows["first_year"].astype(int).to_numpy()})


def domains_per_area(items: pd.DataFrame, areas: pd.DataFrame, level: str, first: int, last: int) -> pd.DataFrame:
    """Per area of ``level``: the number of domains with active work (not finished) in ``first`` … ``last`` in the
    area itself or inside it, and which domains. Columns code, n_domains, domains (sorted tuple)."""
    codes = areas.loc[areas["level"] == level, "code"]
    live = in_period(items[items["status"].isin(agenda_items.ACTIVE)], first, last)
    up = hierarchy.containment(areas)
    hit = live[["domain", "area_code"]].merge(up, left_on="area_code", right_on="code")
    hit = hit[hit["ancestor"].isin(set(codes))]
    doms = hit.groupby("ancestor")["domain"].agg(lambda s: tuple(sorted(set(s))))
    out = pd.DataFrame({"code": codes.to_numpy()})
    out["domains"] = out["code"].map(doms).map(lambda v: v if isinstance(v, tuple) else ())
    out["n_domains"] = out["domains"].map(len).astype(int)
    return out[["code", "n_domains", "domains"]]


def note_rows(notes: pd.DataFrame, opportunity_id: str, lang: str = "nl") -> list[dict]:
    """Notes on one opportunity, newest first: note_id, author, domain (label), when (local time), text."""
    rows = notes[notes["opportunity_id"] == opportunity_id] if len(notes) else notes
    return [{"note_id": n["note_id"], "author": n["author"], "domain": participant_domain(n["domain"], lang),
             "when": when(n["created_at"], lang), "text": n["text"]}
            for n in rows.to_dict("records")]


def years_window(base_year: int, n: int = 5) -> tuple[int, int]:
    """The default period of the page: the base year and the four years after it (five years)."""
    return base_year, base_year + n - 1
