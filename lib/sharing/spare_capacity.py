"""Method 1 — spare capacity nearby (catchment norms only; docs/sharing/spare_capacity.md).

* Per facility: spare_j = S_j − used_j, with used_j the need the 2SFCA split allocates to it
  (``common.facility_use``). Units: the norm's unit (places, facilities).
* Per buurt with a shortfall: facilities of the type within ``reach`` = the buurt's catchment × factor
  (default 1.5) or a fixed distance in metres, and how much of the shortfall each could absorb: pairs
  nearest first over the whole municipality, each taking min(shortfall left, spare left), so no spare
  place is promised twice and no buurt receives more than its shortfall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.core.inputs import Inputs
from lib.sharing import common

DEFAULT_REACH_FACTOR = 1.5

FACILITY_COLUMNS = ["facility_type", "id", "name", "x", "y", "capacity", "demand", "used", "spare", "unit"]
MATCH_COLUMNS = ["facility_type", "area_code", "area_name", "wijk_code", "wijk_name", "shortfall", "facility_id",
                 "facility_name", "fx", "fy", "cx", "cy", "distance_m", "reach_m", "spare", "absorbed", "unit",
                 "estimate"]
AREA_COLUMNS = ["facility_type", "area_code", "area_name", "wijk_code", "wijk_name", "shortfall", "absorbed",
                "remaining", "facilities", "max_distance_m", "reach_m", "unit", "estimate"]


@dataclass
class SpareResult:
    facilities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FACILITY_COLUMNS))
    matches: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MATCH_COLUMNS))
    areas: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AREA_COLUMNS))


def facility_spare(tf: common.TypeFrame) -> pd.DataFrame:
    """Per facility: capacity S_j, demand D_j in reach, used_j (2SFCA split) and spare_j (norm unit)."""
    pairs = common.pairs_for(tf)
    use = common.facility_use(tf.areas["need"].to_numpy(dtype="float64"), tf.facilities["capacity"].to_numpy(),
                              pairs)
    f = tf.facilities
    return pd.DataFrame({"facility_type": tf.ftype, "id": f["id"], "name": f["name"], "x": f["x"], "y": f["y"],
                         "capacity": f["capacity"], "demand": use["demand"], "used": use["used"],
                         "spare": use["spare"], "unit": tf.unit})


def matches(tf: common.TypeFrame, spare: pd.DataFrame, reach_factor: float = DEFAULT_REACH_FACTOR,
            reach_m: float | None = None) -> pd.DataFrame:
    """Which facility could absorb how much of which buurt's shortfall (greedy nearest first)."""
    a = tf.areas
    reach = np.full(len(a), float(reach_m)) if reach_m else a["reach_m"].to_numpy(dtype="float64") * reach_factor
    pairs = common.pairs_for(tf, radius=reach)
    short = a["shortfall"].to_numpy(dtype="float64")
    spare_v = spare["spare"].to_numpy(dtype="float64")
    keep = (short[pairs.area] > 0) & (spare_v[pairs.facility] > 0)
    i, j, d = pairs.area[keep], pairs.facility[keep], pairs.distance[keep]
    taken = common.allocate_nearest(short, spare_v, i, j, d)
    out = pd.DataFrame({
        "facility_type": tf.ftype, "area_code": a["area_code"].to_numpy()[i], "area_name": a["area_name"].to_numpy()[i],
        "wijk_code": a["wijk_code"].to_numpy()[i], "wijk_name": a["wijk_name"].to_numpy()[i], "shortfall": short[i],
        "facility_id": spare["id"].to_numpy()[j], "facility_name": spare["name"].to_numpy()[j],
        "fx": spare["x"].to_numpy()[j], "fy": spare["y"].to_numpy()[j], "cx": a["cx"].to_numpy()[i],
        "cy": a["cy"].to_numpy()[i], "distance_m": d, "reach_m": reach[i], "spare": spare_v[j], "absorbed": taken,
        "unit": tf.unit, "estimate": a["estimate"].to_numpy()[i]})
    out = out[out["absorbed"] > 0]
    return out.sort_values(["area_code", "distance_m"]).reset_index(drop=True)[MATCH_COLUMNS]


def area_summary(tf: common.TypeFrame, m: pd.DataFrame, reach_factor: float = DEFAULT_REACH_FACTOR,
                 reach_m: float | None = None) -> pd.DataFrame:
    """Per buurt with a shortfall: shortfall, absorbed, remaining, number of facilities, farthest distance."""
    a = tf.areas[tf.areas["shortfall"] > 0]
    g = m.groupby("area_code")  # one aggregation at a time: pandas' named aggregation costs ~4 ms per call
    out = a[["area_code", "area_name", "wijk_code", "wijk_name", "shortfall", "estimate"]].copy()
    out["absorbed"] = out["area_code"].map(g["absorbed"].sum()).astype("float64").fillna(0.0)
    out["shortfall"] = out["shortfall"].astype("float64")
    out["remaining"] = np.clip(out["shortfall"] - out["absorbed"], 0, None)
    out["facilities"] = out["area_code"].map(g["facility_id"].nunique()).fillna(0).astype(int)
    out["max_distance_m"] = out["area_code"].map(g["distance_m"].max())
    out["reach_m"] = float(reach_m) if reach_m else a["reach_m"].to_numpy() * reach_factor
    out["facility_type"] = tf.ftype
    out["unit"] = tf.unit
    return out.sort_values("shortfall", ascending=False).reset_index(drop=True)[AREA_COLUMNS]


def run(inp: Inputs, table: pd.DataFrame | None, year: int, types: list[str] | None = None,
        reach_factor: float = DEFAULT_REACH_FACTOR, reach_m: float | None = None) -> SpareResult:
    """Spare capacity and absorption for every catchment type (or ``types``) in ``year``."""
    table = common.shared(inp, table)
    fac, mat, areas = [], [], []
    for ftype in common.types_with(inp, table, year, (common.CATCHMENT,)):
        if types and ftype not in types:
            continue
        tf = common.type_frame(inp, table, ftype, year)
        if tf is None:
            continue
        spare = facility_spare(tf)
        m = matches(tf, spare, reach_factor, reach_m)
        fac.append(spare)
        mat.append(m)
        areas.append(area_summary(tf, m, reach_factor, reach_m))
    if not fac:
        return SpareResult()
    return SpareResult(pd.concat(fac, ignore_index=True), pd.concat(mat, ignore_index=True),
                       pd.concat(areas, ignore_index=True))
