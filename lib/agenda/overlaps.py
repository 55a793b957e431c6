"""Where work meets work: opportunities to combine agenda items, as pure functions on DataFrames.

An **opportunity** is one of

* ``pair`` — two items from different domains whose areas meet (the same area, or one inside the other such as a
  buurt inside its wijk; with ``neighbours`` also two touching buurten) and whose periods overlap or lie at most
  ``window`` years apart. Years are inclusive: an item 2025-2026 and one 2027-2028 lie 1 year apart (they follow
  each other), 2025-2026 and 2028 lie 2 years apart. The pair's period is the overlap (first common year … last
  common year) or, when they do not overlap, the bridge (end of the first … start of the second).
* ``shortfall`` — one item in an area with a facility shortfall (``lib.agenda.shortfalls``) during its period.
* ``site`` — one item in an area holding a site that a sharing option names (a multifunctional hub or a new
  location from Ruimte delen).

Only items that are not finished take part (``items.ACTIVE``). Pairs are listed once, ``project_a`` < ``project_b``
(by project_id as text).

**Ranking.** score = number of domains involved + 1 when there is a facility shortfall the work can address (or,
for a single item, a site) + a quarter point per year of overlap (at most 1). For a pair, the domains involved are
those of the two items and of every other item that forms a pair with both of them (a cluster of work in the same
place and time). Higher scores first; ties: more facility types short, earlier start, area code, project ids.
"""

from __future__ import annotations

import pandas as pd

from lib.agenda import items as agenda_items
from lib.agenda.shortfalls import matching
from lib.core import hierarchy

RELATION_ORDER = {"same": 0, "within": 1, "neighbours": 2}
SHORTFALL_POINT = 1.0
OVERLAP_POINT = 0.25
OVERLAP_MAX = 1.0
PAIR_COLUMNS = ["project_a", "project_b", "name_a", "name_b", "domain_a", "domain_b", "area_code_a", "area_code_b",
                "start_a", "end_a", "start_b", "end_b", "area_code", "relation", "start_year", "end_year",
                "overlap_years", "years_apart", "illustrative"]
OPPORTUNITY_COLUMNS = ["rank", "opportunity_id", "kind", "area_code", "relation", "project_a", "project_b", "name_a",
                       "name_b", "domain_a", "domain_b", "area_code_a", "area_code_b", "start_a", "end_a", "start_b",
                       "end_b", "start_year", "end_year", "overlap_years", "years_apart", "domains", "cluster",
                       "shortfalls", "site", "score", "illustrative"]


def active(items: pd.DataFrame) -> pd.DataFrame:
    """Items that can still be combined (status idea, planned or under way)."""
    return items[items["status"].isin(agenda_items.ACTIVE)]


def _side(df: pd.DataFrame, suffix: str) -> pd.DataFrame:
    cols = {"project_id": "project", "name": "name", "domain": "domain", "area_code": "area_code",
            "start_year": "start", "end_year": "end", "illustrative": "illustrative"}
    return df[list(cols)].rename(columns={k: f"{v}_{suffix}" for k, v in cols.items()})


def pairs(items: pd.DataFrame, areas: pd.DataFrame, window: int = 1,
          neighbours: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every pair of active items from different domains whose areas meet and whose periods lie at most ``window``
    years apart (0 = they must overlap). ``items``: the agenda (``items.COLUMNS`` + illustrative); ``areas``: code,
    parent_code; ``neighbours``: (code, neighbour) pairs of touching buurten, or None to leave neighbours out.

    Columns ``PAIR_COLUMNS``: ``area_code`` is where they meet (the inner area; for neighbours the area of a),
    ``relation`` same | within | neighbours, ``start_year``/``end_year`` the overlapping or bridging period,
    ``overlap_years`` the number of common years (0 when apart), ``years_apart`` (0 when they overlap)."""
    if window < 0:
        raise ValueError("window must be 0 or more years")
    live = active(items)
    if live.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    a, b = _side(live, "i"), _side(live, "j")
    up = hierarchy.containment(areas)
    inner = a.merge(up, left_on="area_code_i", right_on="code").merge(b, left_on="ancestor", right_on="area_code_j")
    inner["relation"] = inner["depth"].map(lambda d: "same" if d == 0 else "within")
    frames = [inner.drop(columns=["code", "ancestor", "depth"])]
    if neighbours is not None and len(neighbours):
        side = a.merge(neighbours, left_on="area_code_i", right_on="code").merge(
            b, left_on="neighbour", right_on="area_code_j")
        frames.append(side.drop(columns=["code", "neighbour"]).assign(relation="neighbours"))
    p = pd.concat(frames, ignore_index=True)
    p = p[(p["project_i"] != p["project_j"]) & (p["domain_i"] != p["domain_j"])]
    p = p.assign(area_code=p["area_code_i"])  # the inner area (i lies in j's area) or i's buurt for neighbours
    late_start = p[["start_i", "start_j"]].max(axis=1)
    early_end = p[["end_i", "end_j"]].min(axis=1)
    apart = late_start - early_end
    p = p.assign(start_year=late_start.where(apart <= 0, early_end), end_year=early_end.where(apart <= 0, late_start),
                 overlap_years=(-apart + 1).clip(lower=0), years_apart=apart.clip(lower=0))
    p = p[apart <= window]
    # one row per unordered pair, a < b by project_id; the closest relation wins (same, within, neighbours)
    swap = p["project_i"] > p["project_j"]
    out = pd.DataFrame({"area_code": p["area_code"], "relation": p["relation"], "start_year": p["start_year"],
                        "end_year": p["end_year"], "overlap_years": p["overlap_years"],
                        "years_apart": p["years_apart"]})
    for field in ("project", "name", "domain", "area_code", "start", "end", "illustrative"):
        out[f"{field}_a"] = p[f"{field}_j"].where(swap, p[f"{field}_i"])
        out[f"{field}_b"] = p[f"{field}_i"].where(swap, p[f"{field}_j"])
    out["illustrative"] = out["illustrative_a"].astype(bool) | out["illustrative_b"].astype(bool)
    out = out.assign(_rel=out["relation"].map(RELATION_ORDER)).sort_values(["project_a", "project_b", "_rel"])
    out = out.drop_duplicates(["project_a", "project_b"]).drop(columns=["_rel"])
    for c in ("start_year", "end_year", "overlap_years", "years_apart", "start_a", "end_a", "start_b", "end_b"):
        out[c] = out[c].astype("int64")
    return out[PAIR_COLUMNS].reset_index(drop=True)


def clusters(p: pd.DataFrame) -> pd.Series:
    """Per pair (index of ``p``) the sorted project ids of the other items that form a pair with both a and b."""
    links: dict[str, set[str]] = {}
    for x, y in zip(p["project_a"], p["project_b"], strict=True):
        links.setdefault(x, set()).add(y)
        links.setdefault(y, set()).add(x)
    return pd.Series([tuple(sorted(links[x] & links[y])) for x, y in zip(p["project_a"], p["project_b"], strict=True)],
                     index=p.index, dtype=object)


def pair_shortfalls(p: pd.DataFrame, short: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Shortfalls each pair can address during its period: in the area where they meet (for neighbouring buurten:
    in either buurt). Returns ``shortfalls.matching`` rows with key = (project_a, project_b) as 'a|b'."""
    key = p["project_a"] + "|" + p["project_b"]
    req = pd.DataFrame({"key": key, "area_code": p["area_code"], "start_year": p["start_year"],
                        "end_year": p["end_year"]})
    nb = p["relation"] == "neighbours"
    req = pd.concat([req, pd.DataFrame({"key": key[nb], "area_code": p.loc[nb, "area_code_b"],
                                        "start_year": p.loc[nb, "start_year"], "end_year": p.loc[nb, "end_year"]})],
                    ignore_index=True)
    return matching(req, short, areas)


def item_shortfalls(items: pd.DataFrame, short: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Shortfalls each active item can address in its own area (or an enclosing service-level area) during its
    period; key = project_id."""
    live = active(items)
    req = pd.DataFrame({"key": live["project_id"], "area_code": live["area_code"], "start_year": live["start_year"],
                        "end_year": live["end_year"]})
    return matching(req, short, areas)


def site_links(items: pd.DataFrame, sites: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """(project_id, site_id) for every active item whose area holds a site: the site's buurt is the item's area or
    lies inside it. ``sites``: site_id, kind (hub | siting), area_code (the buurt containing the site), sentence."""
    if sites.empty or items.empty:
        return pd.DataFrame(columns=["project_id", "site_id"])
    up = hierarchy.containment(areas)
    hit = sites[["site_id", "area_code"]].merge(up, left_on="area_code", right_on="code")
    hit = hit.merge(active(items)[["project_id", "area_code"]], left_on="ancestor", right_on="area_code",
                    suffixes=("_site", ""))
    return hit[["project_id", "site_id"]].drop_duplicates().sort_values(["project_id", "site_id"]).reset_index(
        drop=True)


def _shortfall_lists(matches: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in matches.sort_values(["key", "facility_type", "area_code"]).to_dict("records"):
        out.setdefault(r.pop("key"), []).append(r)
    return out


def opportunities(items: pd.DataFrame, areas: pd.DataFrame, short: pd.DataFrame, window: int = 1,
                  neighbours: pd.DataFrame | None = None, sites: pd.DataFrame | None = None) -> pd.DataFrame:
    """All opportunities (pairs, item + shortfall, item + site), ranked (module docstring).

    ``short``: robust shortfall rows (``shortfalls.robust`` of the gap table at all levels); ``sites``: as in
    :func:`site_links` (None: no site links). Columns ``OPPORTUNITY_COLUMNS``; ``shortfalls`` is a list of dicts
    (facility_type, area_code, level, year, shortfall, unit, method, need, supply, basis_value), ``site`` a dict
    (site_id, kind, area_code, sentence) or None, ``domains`` and ``cluster`` tuples."""
    rows: list[dict] = []
    p = pairs(items, areas, window, neighbours)
    if len(p):
        by_pair = _shortfall_lists(pair_shortfalls(p, short, areas))
        domain_of = dict(zip(items["project_id"], items["domain"], strict=True))
        for r, cl in zip(p.to_dict("records"), clusters(p), strict=True):
            sf = by_pair.get(f"{r['project_a']}|{r['project_b']}", [])
            domains = tuple(sorted({r["domain_a"], r["domain_b"], *(domain_of[c] for c in cl)}))
            overlap = min(OVERLAP_POINT * r["overlap_years"], OVERLAP_MAX)
            rows.append({**r, "opportunity_id": f"pair:{r['project_a']}|{r['project_b']}", "kind": "pair",
                         "domains": domains, "cluster": cl, "shortfalls": sf, "site": None,
                         "score": len(domains) + SHORTFALL_POINT * bool(sf) + overlap})
    live = active(items).set_index("project_id", drop=False)

    def single(pid: str, kind: str, oid: str, sf: list, site: dict | None) -> dict:
        it = live.loc[pid]
        return {"opportunity_id": oid, "kind": kind, "area_code": it["area_code"], "relation": None,
                "project_a": pid, "project_b": None, "name_a": it["name"], "name_b": None, "domain_a": it["domain"],
                "domain_b": None, "area_code_a": it["area_code"], "area_code_b": None,
                "start_a": int(it["start_year"]), "end_a": int(it["end_year"]), "start_b": None, "end_b": None,
                "start_year": int(it["start_year"]), "end_year": int(it["end_year"]), "overlap_years": 0,
                "years_apart": 0, "domains": (it["domain"],), "cluster": (), "shortfalls": sf, "site": site,
                "score": 1 + SHORTFALL_POINT * bool(sf) + (site is not None),
                "illustrative": bool(it["illustrative"])}

    for pid, sf in _shortfall_lists(item_shortfalls(items, short, areas)).items():
        rows.append(single(pid, "shortfall", f"shortfall:{pid}", sf, None))
    if sites is not None and len(sites):
        info = sites.set_index("site_id")
        for pid, sid in site_links(items, sites, areas).itertuples(index=False):
            site = {"site_id": sid, **{k: info.at[sid, k] for k in ("kind", "area_code", "sentence")}}
            rows.append(single(pid, "site", f"site:{pid}|{sid}", [], site))
    if not rows:
        return pd.DataFrame(columns=OPPORTUNITY_COLUMNS)
    out = pd.DataFrame(rows)
    out["_types"] = out["shortfalls"].map(lambda sf: len({s["facility_type"] for s in sf}))
    out = out.sort_values(["score", "_types", "start_year", "area_code", "project_a", "project_b", "opportunity_id"],
                          ascending=[False, False, True, True, True, True, True], na_position="first", kind="stable")
    out["rank"] = range(1, len(out) + 1)
    return out[OPPORTUNITY_COLUMNS].reset_index(drop=True)


def meets(area_codes: pd.Series, area: str, areas: pd.DataFrame) -> pd.Series:
    """True where an area in ``area_codes`` meets ``area``: the same, inside it, or enclosing it."""
    up = hierarchy.containment(areas)
    inside = set(up.loc[up["ancestor"] == area, "code"])
    around = set(up.loc[up["code"] == area, "ancestor"])
    return area_codes.isin(inside | around)
