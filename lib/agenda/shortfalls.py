"""Which rows of the gap table count as a facility shortfall an agenda item can address, and which of them lie
in an item's area during its period.

The gap table comes from the one pipeline (inputs → case overlay → ``lib.core.gaps.compute`` → ``gaps.aggregate``
per level); nothing is recomputed or re-judged here. The status of every row is decided once, by
``lib.core.status`` (docs/numbers.md): unknown → proxy → the numbers → data gap → negligible → fragile. A row
counts when

* its status is a **robust** ``shortfall`` (``COUNTED``): issue 14 asks for "a (robust) facility shortfall", and
  docs/numbers.md counts robust shortfalls only ("buurten met tekort", the ranked list). So never ``proxy`` /
  ``proxy_growth`` (the supply is not a capacity, e.g. DUO enrolment), ``negligible`` (less than a tenth of a
  standard unit short, or fewer than 50 persons in the basis), ``data_gap`` (facility data probably incomplete)
  or ``unknown``; and not ``fragile`` either: a shortfall that disappears with a 25 % smaller or 50 % larger
  catchment or from another point of the buurt is too weak a reason to combine projects around;
* and its supply is not a proxy (``supply_kind`` 'proxy', or a supply source that says 'proxy' in a table
  without ``supply_kind``): a second guard, so a proxy can never be offered as a shortfall even in a table
  whose status was set by hand.

Units: the norm's unit (places, facilities); distance norms in metres (``need`` = the maximum distance,
``supply`` = the distance found, ``shortfall`` = metres beyond the maximum) with persons in ``basis_value``.
"""

from __future__ import annotations

import pandas as pd

from lib.core import hierarchy, pipeline
from lib.core import status as st

#: Statuses (codes of ``lib.core.status.STATUSES``) that count as a shortfall an item can address: robust only.
COUNTED = tuple(s for s in st.SHORT if s != "fragile")
#: Statuses that say the supply is a proxy (no shortfall is known).
PROXY = ("proxy", "proxy_growth")
LEVELS = ("buurt", "wijk", "gemeente")
COLUMNS = ["area_code", "level", "year", "facility_type", "method", "unit", "need", "supply", "shortfall",
           "basis_value"]


def is_proxy(rows: pd.DataFrame) -> pd.Series:
    """True where a row's supply is a stand-in for capacity: ``supply_kind`` 'proxy' or a proxy status (issue 11),
    or, in a table without ``supply_kind``, a ``supply_source`` that says 'proxy'."""
    text = rows["supply_source"].astype("string").fillna("").str.contains("proxy", case=False) \
        if "supply_source" in rows.columns else pd.Series(False, index=rows.index)
    if "supply_kind" in rows.columns:
        text = text | (rows["supply_kind"].astype("string") == "proxy").fillna(False)
    if "status" in rows.columns:
        text = text | rows["status"].astype("string").isin(PROXY).fillna(False)
    return text.astype(bool)


def proxy_types(table: pd.DataFrame) -> set[str]:
    """Facility types whose supply in the gap table is a proxy anywhere (their shortfalls are not known)."""
    if table.empty:
        return set()
    return set(table.loc[is_proxy(table).to_numpy(), "facility_type"].astype(str))


def robust(rows: pd.DataFrame) -> pd.DataFrame:
    """The shortfall rows that count (module docstring), with ``shortfall`` = the amount short (norm unit; metres
    beyond the maximum for distance norms). ``rows``: gap-table rows of any levels (``lib.core.gaps.COLUMNS``)."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    r = rows.astype({c: object for c in rows.columns if isinstance(rows[c].dtype, pd.CategoricalDtype)})
    keep = (r["status"].isin(COUNTED) & ~is_proxy(r)).to_numpy()
    # gap < 0 is short for both kinds (quantity: supply − need; distance: maximum − distance)
    out = r.loc[keep].assign(shortfall=-r.loc[keep, "gap"].astype("float64"))
    return out[COLUMNS].reset_index(drop=True)


def matching(requests: pd.DataFrame, short: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The shortfalls each request can address: in its area (any method) or in an enclosing area whose row is a
    service-level norm judged at that level (e.g. sports halls per wijk), in a year of its period.

    ``requests``: key, area_code, start_year, end_year (inclusive years); ``short``: rows of :func:`robust`.
    Returns key + ``COLUMNS``: per (key, facility type, area) the first year in the period with a shortfall."""
    cols = ["key", *COLUMNS]
    if requests.empty or short.empty:
        return pd.DataFrame(columns=cols)
    anc = hierarchy.containment(areas)
    up = requests.merge(anc, left_on="area_code", right_on="code").drop(columns=["code"])
    hit = up.merge(short.rename(columns={"area_code": "ancestor"}), on="ancestor")
    own = hit["depth"] == 0
    hit = hit[(own | (hit["method"] == "service_level"))
              & (hit["year"] >= hit["start_year"]) & (hit["year"] <= hit["end_year"])]
    if hit.empty:
        return pd.DataFrame(columns=cols)
    hit = hit.drop(columns=["area_code"]).rename(columns={"ancestor": "area_code"})
    first = hit.sort_values(["key", "facility_type", "area_code", "year"]).drop_duplicates(
        ["key", "facility_type", "area_code"])
    return first[cols].reset_index(drop=True)


def from_levels(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The counted shortfalls (:func:`robust`) of gap tables at several levels (as ``lib.core.pipeline.at_level`` makes
    them). Distance norms count at buurt level only: a wijk or gemeente distance row is judged by the share of its
    inhabitants beyond the distance and shows the distance of its furthest buurt, so it restates its buurten's
    rows (already counted where the people live) rather than adding a shortfall of its own."""
    rows = pd.concat([x for x in tables if len(x)], ignore_index=True) if any(len(x) for x in tables) \
        else pd.DataFrame()
    if len(rows):
        rows = rows[(rows["method"] != "distance") | (rows["level"] == "buurt")]
    return robust(rows)


def from_gap_table(table: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """:func:`from_levels` of a gap table at every level: buurt rows as computed, wijk and gemeente rows as
    ``lib.core.gaps.aggregate`` makes them (the Overzicht's numbers), service-level rows where they are judged."""
    return from_levels([pipeline.at_level(table, areas, level) for level in LEVELS])
