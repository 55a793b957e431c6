"""Which rows of the gap table count as a facility shortfall an agenda item can address, and which of them lie
in an item's area during its period.

The gap table comes from the one pipeline (inputs → case overlay → ``lib.gaps.compute`` → ``gaps.aggregate`` per
level); nothing is recomputed here. A row counts (``robust``) when

* its status is ``shortfall``;
* its supply is real: a supply that is a proxy (e.g. DUO enrolment standing in for school capacity) never
  counts as a shortfall — the tool does not know the capacity;
* it is not negligible: for quantity norms the shortfall is at least ``NEGLIGIBLE_SHARE`` of one standard
  facility (data/standard_sizes.csv: a quarter gymzaal, a quarter sporthal, 60 of 240 school places); for
  distance norms at least ``MIN_PERSONS`` inhabitants live beyond the distance;
* and, when the table carries a ``robust`` column (robust statuses, issue 11), that column is true.

Units: the norm's unit (places, facilities); distance norms in metres (``need`` = the maximum distance,
``supply`` = the distance found) with persons in ``basis_value``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import hierarchy, pipeline

SIZES_CSV = Path(__file__).resolve().parents[2] / "data" / "standard_sizes.csv"
NEGLIGIBLE_SHARE = 0.25
MIN_PERSONS = 100
LEVELS = ("buurt", "wijk", "gemeente")
COLUMNS = ["area_code", "level", "year", "facility_type", "method", "unit", "need", "supply", "shortfall",
           "basis_value"]


@lru_cache(maxsize=1)
def standard_units() -> dict[tuple[str, str], float]:
    """{(facility_type, unit): size of one standard facility in that unit} (default variants)."""
    s = pd.read_csv(SIZES_CSV)
    s = s[s["variant"] == "default"]
    return {(f, u): float(c) for f, u, c in zip(s["function"], s["capacity_unit"], s["unit_capacity"], strict=True)}


def is_proxy(supply_source: pd.Series) -> pd.Series:
    """True where the supply is a stand-in for capacity (the importers say 'proxy' in the capacity note)."""
    return supply_source.astype("string").fillna("").str.contains("proxy", case=False)


def proxy_types(table: pd.DataFrame) -> set[str]:
    """Facility types whose supply in the gap table is a proxy (their shortfalls are not known)."""
    if table.empty:
        return set()
    return set(table.loc[is_proxy(table["supply_source"]).to_numpy(), "facility_type"].astype(str))


def robust(rows: pd.DataFrame, units: dict[tuple[str, str], float] | None = None) -> pd.DataFrame:
    """The shortfall rows that count (module docstring), with ``shortfall`` = the amount short (norm unit; metres
    beyond the maximum for distance norms). ``rows``: gap-table rows of any levels (``COLUMNS`` of lib.gaps)."""
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    units = standard_units() if units is None else units
    r = rows.astype({c: object for c in rows.columns if isinstance(rows[c].dtype, pd.CategoricalDtype)})
    distance = (r["method"] == "distance").to_numpy()
    gap = r["gap"].to_numpy(dtype="float64")
    short = -gap  # gap < 0 is short for both kinds (quantity: supply − need; distance: need − supply)
    size = np.array([units.get((f, u), np.nan) for f, u in zip(r["facility_type"], r["unit"], strict=True)])
    big_enough = np.where(distance, r["basis_value"].to_numpy(dtype="float64") >= MIN_PERSONS,
                          np.isnan(size) | (short >= NEGLIGIBLE_SHARE * np.nan_to_num(size)))
    keep = (r["status"] == "shortfall").to_numpy() & ~is_proxy(r["supply_source"]).to_numpy() & big_enough
    if "robust" in r.columns:
        keep &= r["robust"].fillna(False).astype(bool).to_numpy()
    out = r.loc[keep].assign(shortfall=short[keep])
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
    them). Distance norms count at buurt level only: a wijk's distance row is its worst buurt, already counted."""
    rows = pd.concat([x for x in tables if len(x)], ignore_index=True) if any(len(x) for x in tables) \
        else pd.DataFrame()
    if len(rows):
        rows = rows[(rows["method"] != "distance") | (rows["level"] == "buurt")]
    return robust(rows)


def from_gap_table(table: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """:func:`from_levels` of a gap table at every level: buurt rows as computed, wijk and gemeente rows as
    ``lib.gaps.aggregate`` makes them (the Overzicht's numbers), service-level rows where they are judged."""
    return from_levels([pipeline.at_level(table, areas, level) for level in LEVELS])
