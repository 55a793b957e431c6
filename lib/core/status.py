"""The status vocabulary and how a gap row's status is decided (codes only; the words are in lib.text).

Every screen, export and test uses these codes. A status is decided per row, vectorised, in this order
(the first rule that applies wins; docs/numbers.md explains each rule for a civil servant):

1. ``unknown``       no supply figure at all (e.g. no CBS distance and no facility points).
2. ``proxy`` / ``proxy_growth``   the supply is a proxy, not a capacity (primary schools: DUO enrolment). No
                     shortfall, surplus or free places is claimed; only the growth of need against the base year
                     is shown: ``proxy_growth`` when need grew by at least ``GROWTH_FLAG`` (10 %) and by at least
                     ``NEGLIGIBLE_FRACTION`` of a standard unit, else ``proxy``.
3. the raw status from the numbers (``raw``): quantity norms r = supply/need: r < 1 shortfall, < 1.10 tight,
   < 1.5 sufficient, else surplus; distance norms: nearest > maximum shortfall, > 80 % of it tight, else
   sufficient.
4. ``data_gap``      a raw shortfall or tight status where a coverage check (lib.core.coverage) says the facility
                     data is probably incomplete. Missing facilities can only add supply, so sufficient and surplus
                     stay as they are.
5. ``negligible``    a raw shortfall whose basis population is below ``MIN_BASIS`` (50 persons), or (quantity
                     norms) whose deficit need − supply is below ``NEGLIGIBLE_FRACTION`` (0.1) of one standard
                     unit (data/standard_sizes.csv: 240 primary-school places, 1 gymzaal, 1 sporthal).
6. ``fragile``       a raw shortfall that does not hold in every robustness variant (lib.core.robustness:
                     catchment × 0.75, × 1.5, and the buurt's representative point instead of its centroid).
7. otherwise the raw status; a ``shortfall`` that survives all of the above is robust.

A wijk or gemeente row of a distance norm is judged by its people, not by its furthest buurt (``area_distance``):
shortfall when at least ``AREA_SHARE_SHORT`` (half) of the inhabitants live in buurten beyond the distance,
tight when at least ``AREA_SHARE_TIGHT`` (a tenth) do, else sufficient. So one far-off business park does not
turn a whole wijk red, and the people beyond the distance add up to the same figure at every level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Display order (legend, tables).
STATUSES = ("shortfall", "fragile", "tight", "sufficient", "surplus", "negligible", "proxy_growth", "proxy",
            "data_gap", "unknown")
#: Raw statuses from the numbers alone.
RAW = ("shortfall", "tight", "sufficient", "surplus")
#: Worst first, for "the worst status over all facility types": known problems, then what is not known, then
#: what is fine. A fragile shortfall ranks below a robust one; a proxy says nothing about shortfall.
RANK = {"shortfall": 0, "fragile": 1, "tight": 2, "data_gap": 3, "unknown": 4, "proxy_growth": 5,
        "sufficient": 6, "surplus": 7, "proxy": 8, "negligible": 9}
#: Statuses that say "less supply than the norm asks" (robust or not).
SHORT = ("shortfall", "fragile")

TIGHT_BELOW = 1.10       # supply/need in [1, 1.10) → tight
SURPLUS_FROM = 1.50      # supply/need ≥ 1.5 → surplus
DISTANCE_TIGHT = 0.80    # distance norms: nearest > 80 % of the maximum → tight
NEGLIGIBLE_FRACTION = 0.10   # of one standard unit (places or facilities)
MIN_BASIS = 50.0         # persons of the norm's basis (children 4-11, inhabitants, …)
GROWTH_FLAG = 0.10       # proxy rows: need ≥ 10 % above the base year → proxy_growth
AREA_SHARE_SHORT = 0.50  # wijk/gemeente, distance norms: ≥ half of the inhabitants beyond → shortfall
AREA_SHARE_TIGHT = 0.10  # … ≥ a tenth → tight


_CODE = {s: i for i, s in enumerate(STATUSES)}


def _raw_codes(need: np.ndarray, supply: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """Integer codes (index into ``STATUSES``) of the raw status; 'unknown' where supply is missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(need > 0, supply / need, np.inf)
    c = _CODE
    q = np.select([r < 1, r < TIGHT_BELOW, r < SURPLUS_FROM], [c["shortfall"], c["tight"], c["sufficient"]],
                  c["surplus"])
    q = np.where((need <= 0) & (supply <= 0), c["sufficient"], q)
    d = np.select([supply > need, supply > DISTANCE_TIGHT * need], [c["shortfall"], c["tight"]], c["sufficient"])
    out = np.where(distance, d, q)
    return np.where(np.isnan(supply), c["unknown"], out).astype(np.int8)


def _arrays(need, supply, distance):
    need = np.asarray(need, dtype="float64")
    supply = np.asarray(supply, dtype="float64")
    return need, supply, np.broadcast_to(np.asarray(distance, dtype=bool), need.shape)


def raw(need, supply, distance) -> np.ndarray:
    """shortfall / tight / sufficient / surplus from the numbers alone ('unknown' where supply is missing).

    Quantity: r = supply/need; with no need: surplus when there is supply, else sufficient. Distance (need =
    the maximum distance, supply = the distance in metres): supply > need shortfall, > 80 % of need tight.
    """
    return np.asarray(STATUSES, dtype=object)[_raw_codes(*_arrays(need, supply, distance))]


def decide_codes(need, supply, distance, *, proxy=None, need_base=None, unit_size=None, basis=None, flagged=None,
                 variants=()) -> np.ndarray:
    """``decide`` as integer codes (index into ``STATUSES``): fast on a million rows."""
    need, supply, distance = _arrays(need, supply, distance)
    c = _CODE
    out = _raw_codes(need, supply, distance)
    if flagged is not None:  # before 'negligible': where data is probably missing nothing about the deficit is known
        bad = (out == c["shortfall"]) | (out == c["tight"])
        out[bad & np.asarray(flagged, dtype=bool)] = c["data_gap"]
    raw_short = out == c["shortfall"]
    if basis is not None:
        small = np.asarray(basis, dtype="float64") < MIN_BASIS
        if unit_size is not None:
            small = small | (~distance & (need - supply < NEGLIGIBLE_FRACTION * np.asarray(unit_size, dtype="float64")))
        out[raw_short & small] = c["negligible"]
    if len(variants):
        holds = np.ones(need.shape, bool)
        for v in variants:
            v = np.asarray(v, dtype="float64")
            holds &= np.isnan(v) | (_raw_codes(need, v, distance) == c["shortfall"])
        out[(out == c["shortfall"]) & ~holds] = c["fragile"]
    if proxy is not None:
        proxy = np.asarray(proxy, dtype=bool) & ~np.isnan(supply)
        base = np.asarray(need_base if need_base is not None else need, dtype="float64")
        growth = need - base
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(base > 0, growth / base, np.where(growth > 0, np.inf, 0.0))
        size = np.asarray(unit_size, dtype="float64") if unit_size is not None else 0.0
        grows = (pct >= GROWTH_FLAG) & (growth >= NEGLIGIBLE_FRACTION * size)
        out[proxy] = np.where(grows[proxy] if np.ndim(grows) else grows, c["proxy_growth"], c["proxy"])
    return out


def area_distance_codes(beyond, basis, supply) -> np.ndarray:
    """Status codes of wijk/gemeente rows of a distance norm from the persons beyond the distance and the basis
    population: share ≥ AREA_SHARE_SHORT shortfall, ≥ AREA_SHARE_TIGHT tight, else sufficient; negligible below
    MIN_BASIS persons; unknown when no distance is known."""
    beyond = np.asarray(beyond, dtype="float64")
    basis = np.asarray(basis, dtype="float64")
    c = _CODE
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(basis > 0, beyond / basis, 0.0)
    out = np.select([share >= AREA_SHARE_SHORT, share >= AREA_SHARE_TIGHT], [c["shortfall"], c["tight"]],
                    c["sufficient"])
    out = np.where((out == c["shortfall"]) & (basis < MIN_BASIS), c["negligible"], out)
    return np.where(np.isnan(np.asarray(supply, dtype="float64")), c["unknown"], out).astype(np.int8)


def decide(need, supply, distance, **kw) -> np.ndarray:
    """The final status per row (see the module docstring for the order of the rules).

    ``proxy`` (bool): the supply is a proxy; ``need_base``: the need in the base year (proxy growth);
    ``unit_size``: one standard unit in the norm's unit; ``basis``: the basis population (persons);
    ``flagged`` (bool): a coverage check marks the facility data as probably incomplete; ``variants``: supply
    arrays of the robustness variants (NaN = variant not applicable to that row).
    """
    return np.asarray(STATUSES, dtype=object)[decide_codes(need, supply, distance, **kw)]


def categorical(codes: np.ndarray):
    """Status codes as a pandas Categorical over ``STATUSES`` (cheap on a million rows)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int8), categories=list(STATUSES))


def rank(statuses) -> np.ndarray:
    """``RANK`` of each status (0 = worst); unknown codes rank with 'unknown'."""
    return pd.Series(statuses, dtype=object).map(RANK).fillna(RANK["unknown"]).to_numpy(dtype=np.int64)
