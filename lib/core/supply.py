"""What a supply figure is: real capacity, a proxy, a count of facilities, or a distance.

* ``capacity``: places (or another amount) a facility really offers: imported with ``python -m lib import
  capacity`` (lib.ingest.capacity) or set for a facility in a workshop case.
* ``proxy``: a stand-in for capacity. DUO enrolment per school is what schools have, not what they can take, so
  primary-school supply from DUO is a proxy: no status may call it a shortfall, surplus or free places.
* ``count``: the number of facilities (gymzalen, sporthallen) against a norm in facilities.
* ``distance``: metres to the nearest facility (distance norms).

Per facility the kind is stored with it (``facilities.capacity_kind``) or, for older data, derived from its unit
and capacity note. Per area and facility type the kind is decided on the BASE data (before a case is applied), so
a case that closes or adds a facility never turns a proxy status into a real one or back: for catchment norms
the area's kind is ``proxy`` when any facility within its catchment is a proxy (``mixed`` when real ones are in
reach too), the real kind when all are real, and, with nothing in reach, ``proxy`` when the type has any proxy
facility at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core import catchment

KINDS = ("capacity", "proxy", "count", "distance")
COUNT_UNITS = ("facilities", "fields")


def real_kind(unit: str) -> str:
    """The kind of a real supply in a norm's unit: a count for facilities, else capacity."""
    return "count" if unit in COUNT_UNITS else "capacity"


def facility_kinds(fac: pd.DataFrame) -> np.ndarray:
    """capacity | proxy | count per facility (stored ``capacity_kind``, else derived from unit and note)."""
    if fac.empty:
        return np.array([], dtype=object)
    unit = fac["unit"].fillna("").astype(str)
    note = fac["capacity_note"].fillna("").astype(str) if "capacity_note" in fac else pd.Series("", index=fac.index)
    derived = np.where(note.str.contains("proxy", case=False), "proxy",
                       np.where(unit.isin(COUNT_UNITS), "count", "capacity"))
    stored = fac["capacity_kind"] if "capacity_kind" in fac else pd.Series(None, index=fac.index, dtype=object)
    return np.where(stored.notna() & stored.isin(["capacity", "proxy", "count"]), stored, derived).astype(object)


def area_kinds(kinds: np.ndarray, pairs: catchment.Pairs, n_areas: int, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(kind, mixed) per area from the kinds of the facilities within reach (``pairs``; see module docstring)."""
    is_proxy = (np.asarray(kinds) == "proxy").astype("float64")
    proxy_in = np.bincount(pairs.area, weights=is_proxy[pairs.facility], minlength=n_areas) > 0 \
        if len(pairs.area) else np.zeros(n_areas, bool)
    real_in = np.bincount(pairs.area, weights=1.0 - is_proxy[pairs.facility], minlength=n_areas) > 0 \
        if len(pairs.area) else np.zeros(n_areas, bool)
    default = "proxy" if is_proxy.any() else real_kind(unit)
    kind = np.where(proxy_in, "proxy", np.where(real_in, real_kind(unit), default)).astype(object)
    return kind, proxy_in & real_in


def group_kinds(kinds: np.ndarray, group: np.ndarray, n_groups: int, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(kind, mixed) per group (service-level area) from the kinds of the facilities inside it (``group`` index
    per facility, −1 = outside every group)."""
    ok = np.asarray(group) >= 0
    pairs = catchment.Pairs(np.asarray(group)[ok], np.flatnonzero(ok), np.zeros(int(ok.sum())))
    return area_kinds(kinds, pairs, n_groups, unit)
