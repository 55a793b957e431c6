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
    return _spare_blocks([tf])[1][0]


def matches(tf: common.TypeFrame, spare: pd.DataFrame, reach_factor: float = DEFAULT_REACH_FACTOR,
            reach_m: float | None = None) -> pd.DataFrame:
    """Which facility could absorb how much of which buurt's shortfall (greedy nearest first)."""
    return _match_blocks([tf], spare, reach_factor, reach_m)[1][0]


def area_summary(tf: common.TypeFrame, m: pd.DataFrame, reach_factor: float = DEFAULT_REACH_FACTOR,
                 reach_m: float | None = None) -> pd.DataFrame:
    """Per buurt with a shortfall: shortfall, absorbed, remaining, number of facilities, farthest distance."""
    return _summary_blocks([tf], m.assign(_b=0), reach_factor, reach_m, [m])[0]


def run(inp: Inputs, table: pd.DataFrame | None, year: int, types: list[str] | None = None,
        reach_factor: float = DEFAULT_REACH_FACTOR, reach_m: float | None = None) -> SpareResult:
    """Spare capacity and absorption for every catchment type (or ``types``) in ``year``: the year's slice of
    ``run_years``."""
    return run_years(inp, table, [year], types, reach_factor, reach_m)[int(year)]


def run_years(inp: Inputs, table: pd.DataFrame | None, years: list[int], types: list[str] | None = None,
              reach_factor: float = DEFAULT_REACH_FACTOR, reach_m: float | None = None) -> dict[int, SpareResult]:
    """``run`` for every year of ``years`` in one pass (year → result). Per type, the frames of all years are one
    block per year (``common.stacked_pairs``): the 2SFCA split, the nearest-first matches and the sums per buurt stay
    within a year's block, so each year's frames are, value for value, those of the year alone."""
    table = common.shared(inp, table)
    years = list(dict.fromkeys(int(y) for y in years))
    held = {y: common.types_with(inp, table, y, (common.CATCHMENT,)) for y in years}
    parts = {y: ([], [], []) for y in years}
    for ftype in sorted({f for fs in held.values() for f in fs}):  # each year's types in its own (sorted) order
        if types and ftype not in types:
            continue
        tfs = {y: common.type_frame(inp, table, ftype, y) for y in years if ftype in held[y]}
        tfs = {y: tf for y, tf in tfs.items() if tf is not None}
        if not tfs:
            continue
        frames = list(tfs.values())
        if all(tf.areas["area_code"].is_unique for tf in frames):
            done = _blocks(frames, reach_factor, reach_m)
        else:  # a buurt code twice in a year: each year on its own (its sums per code are the year's)
            done = [part for tf in frames for part in zip(*_blocks([tf], reach_factor, reach_m), strict=True)]
            done = list(zip(*done, strict=True))
        for b, y in enumerate(tfs):
            for out, part in zip(parts[y], (done[0][b], done[1][b], done[2][b]), strict=True):
                out.append(part)
    return {y: SpareResult(*(pd.concat(f, ignore_index=True) for f in parts[y])) if parts[y][0] else SpareResult()
            for y in years}


def _blocks(tfs: list[common.TypeFrame], reach_factor: float, reach_m: float | None) -> tuple[list, list, list]:
    """(facility_spare, matches, area_summary) of each of ``tfs`` (one type, one block per year)."""
    whole, spare = _spare_blocks(tfs)
    stacked = _stacked_areas(tfs)
    every, mat = _match_blocks(tfs, whole, reach_factor, reach_m, spare, stacked)
    return spare, mat, _summary_blocks(tfs, every, reach_factor, reach_m, mat, stacked)


def _stacked_areas(tfs: list[common.TypeFrame]) -> pd.DataFrame:
    """The areas of ``tfs`` one block after another, with the block number ``_b``."""
    a = tfs[0].areas if len(tfs) == 1 else pd.concat([tf.areas for tf in tfs], ignore_index=True)
    return a.assign(_b=np.repeat(np.arange(len(tfs)), [len(tf.areas) for tf in tfs]))


def _cut(whole: pd.DataFrame, sizes: list[int]) -> list[pd.DataFrame]:
    """``whole`` cut into consecutive blocks of ``sizes`` rows, each with a fresh index."""
    ends = np.cumsum(sizes)
    return [whole.iloc[e - n:e].reset_index(drop=True) for n, e in zip(sizes, ends, strict=True)]


def _one_unit(tfs: list[common.TypeFrame], sizes: list[int]):
    """The unit of ``tfs`` for a column: one string when every block has the same (as a block alone has)."""
    units = [tf.unit for tf in tfs]
    return units[0] if len(set(units)) == 1 else np.repeat(np.asarray(units, dtype=object), sizes)


def _block_pairs(tfs: list[common.TypeFrame], radii: list[np.ndarray]):
    """``common.pairs_for`` of each block with its radii, stacked (``common.stacked_pairs``); a block with the
    buurten, radii and facilities of the block before it reuses that block's pairs (the same pairs)."""
    parts = []
    for b, (tf, radius) in enumerate(zip(tfs, radii, strict=True)):
        prev = tfs[b - 1] if b else None
        same = prev is not None and prev.facilities is tf.facilities and len(prev.areas) == len(tf.areas) and \
            np.array_equal(radii[b - 1], radius, equal_nan=True) and \
            all(np.array_equal(prev.areas[c].to_numpy(), tf.areas[c].to_numpy()) for c in ("cx", "cy"))
        parts.append(parts[-1] if same else common.pairs_for(tf, radius=radius))
    return common.stacked_pairs(parts, [len(tf.areas) for tf in tfs], [len(tf.facilities) for tf in tfs])


def _spare_blocks(tfs: list[common.TypeFrame]) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """``facility_spare`` of each of ``tfs`` (one type, one block per year): (all blocks in one frame, per block)."""
    sizes = [len(tf.facilities) for tf in tfs]
    pairs = _block_pairs(tfs, [tf.areas["reach_m"].to_numpy() for tf in tfs])
    need = np.concatenate([tf.areas["need"].to_numpy(dtype="float64") for tf in tfs])
    f = tfs[0].facilities if len(tfs) == 1 else pd.concat([tf.facilities for tf in tfs], ignore_index=True)
    use = common.facility_use(need, f["capacity"].to_numpy(), pairs)
    whole = pd.DataFrame({"facility_type": tfs[0].ftype, "id": f["id"], "name": f["name"], "x": f["x"], "y": f["y"],
                          "capacity": f["capacity"], "demand": use["demand"], "used": use["used"],
                          "spare": use["spare"], "unit": _one_unit(tfs, sizes)})
    return whole, ([whole] if len(tfs) == 1 else _cut(whole, sizes))


def _match_blocks(tfs: list[common.TypeFrame], spare: pd.DataFrame, reach_factor: float, reach_m: float | None,
                  spare_per: list[pd.DataFrame] | None = None,
                  stacked: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """``matches`` of each of ``tfs`` (``spare``: their ``_spare_blocks`` frame, ``spare_per`` its blocks): (the
    matches of every block with its number ``_b``, sorted by block, buurt and distance; the matches per block). A
    block without a single pair to match is answered on its own, as the block alone builds it (the column types of a
    frame without rows follow from how it was built). ``stacked``: ``_stacked_areas(tfs)`` when made already."""
    a = _stacked_areas(tfs) if stacked is None else stacked
    reach = np.full(len(a), float(reach_m)) if reach_m else a["reach_m"].to_numpy(dtype="float64") * reach_factor
    sizes = [len(tf.areas) for tf in tfs]
    starts = np.cumsum([0, *sizes[:-1]])
    pairs = _block_pairs(tfs, [reach[s:s + n] for n, s in zip(sizes, starts, strict=True)])
    short = a["shortfall"].to_numpy(dtype="float64")
    spare_v = spare["spare"].to_numpy(dtype="float64")
    keep = (short[pairs.area] > 0) & (spare_v[pairs.facility] > 0)
    i, j, d = pairs.area[keep], pairs.facility[keep], pairs.distance[keep]
    taken = common.allocate_nearest(short, spare_v, i, j, d)
    block = a["_b"].to_numpy()
    out = pd.DataFrame({
        "facility_type": tfs[0].ftype, "area_code": a["area_code"].to_numpy()[i],
        "area_name": a["area_name"].to_numpy()[i], "wijk_code": a["wijk_code"].to_numpy()[i],
        "wijk_name": a["wijk_name"].to_numpy()[i], "shortfall": short[i], "facility_id": spare["id"].to_numpy()[j],
        "facility_name": spare["name"].to_numpy()[j], "fx": spare["x"].to_numpy()[j],
        "fy": spare["y"].to_numpy()[j], "cx": a["cx"].to_numpy()[i], "cy": a["cy"].to_numpy()[i], "distance_m": d,
        "reach_m": reach[i], "spare": spare_v[j], "absorbed": taken,
        "unit": _one_unit(tfs, np.bincount(block[i], minlength=len(tfs))), "estimate": a["estimate"].to_numpy()[i],
        "_b": block[i], "_r": i})
    out = out[out["absorbed"] > 0]
    out = out.sort_values(["_b", "area_code", "distance_m"] if len(tfs) > 1 else ["area_code", "distance_m"])
    out = out.reset_index(drop=True)
    if len(tfs) == 1:
        return out, [out[MATCH_COLUMNS]]
    per = _cut(out[MATCH_COLUMNS], list(np.bincount(out["_b"].to_numpy(), minlength=len(tfs))))
    paired = np.bincount(block[i], minlength=len(tfs))
    empty = {}  # unit → the frame of a block without pairs (no rows: the same for every such block of a unit)
    for b in np.flatnonzero(paired == 0):
        if tfs[b].unit not in empty:
            empty[tfs[b].unit] = _match_blocks([tfs[b]], spare_per[b], reach_factor, reach_m)[1][0]
        per[b] = empty[tfs[b].unit].copy()
    return out, per


def _summary_blocks(tfs: list[common.TypeFrame], m: pd.DataFrame, reach_factor: float, reach_m: float | None,
                    m_per: list[pd.DataFrame], stacked: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """``area_summary`` of each of ``tfs`` from the matches of every block ``m`` (with ``_b``; ``m_per``: per block).
    Sums per (block, buurt) add a block's matches in their order, as the block alone does; each block is sorted on
    its own (the same sort as the block alone); a block without a buurt in shortfall is answered on its own."""
    stacked = _stacked_areas(tfs) if stacked is None else stacked
    a = stacked[stacked["shortfall"] > 0]
    one = len(tfs) == 1
    # a block's buurt by its row in the stacked frame (``_r`` of the matches): what its code is in the block alone
    key = a["area_code"] if one else pd.Series(np.flatnonzero(stacked["shortfall"].to_numpy() > 0), index=a.index)
    mkey = m["area_code"] if one else m["_r"]
    g = m.groupby(mkey)  # one aggregation at a time: pandas' named aggregation costs ~4 ms per call
    out = a[["area_code", "area_name", "wijk_code", "wijk_name", "shortfall", "estimate"]].copy()
    out["absorbed"] = key.map(g["absorbed"].sum()).astype("float64").fillna(0.0)
    out["shortfall"] = out["shortfall"].astype("float64")
    out["remaining"] = np.clip(out["shortfall"] - out["absorbed"], 0, None)
    out["facilities"] = key.map(g["facility_id"].nunique()).fillna(0).astype(int)
    out["max_distance_m"] = key.map(g["distance_m"].max())
    out["reach_m"] = float(reach_m) if reach_m else a["reach_m"].to_numpy() * reach_factor
    out["facility_type"] = tfs[0].ftype
    counts = np.bincount(a["_b"].to_numpy(), minlength=len(tfs))
    out["unit"] = _one_unit(tfs, counts)
    if one:
        return [out.sort_values("shortfall", ascending=False).reset_index(drop=True)[AREA_COLUMNS]]
    # each block sorted as sort_values("shortfall", ascending=False) sorts the block alone (pandas' nargsort without
    # missing values: quicksort of the reversed values, reversed back), in one take for every block
    short = out["shortfall"].to_numpy()
    ends = np.cumsum(counts)
    order = np.concatenate([np.zeros(0, dtype=np.intp)] + [
        s + np.arange(e - s)[::-1][short[s:e][::-1].argsort(kind="quicksort")][::-1]
        for s, e in zip(ends - counts, ends, strict=True)])
    per = _cut(out.take(order)[AREA_COLUMNS], list(counts))
    empty = {}  # unit → the frame of a block without a buurt in shortfall (no rows: the same for every such block)
    for b in np.flatnonzero(counts == 0):
        if tfs[b].unit not in empty:
            empty[tfs[b].unit] = area_summary(tfs[b], m_per[b], reach_factor, reach_m)
        per[b] = empty[tfs[b].unit].copy()
    return per
