"""Rooms on offer and their free hours per block of the week (hours per week).

    free = bookable − booked − hours of coupled initiatives        (never below 0 for the matching)

* Imported rooms (``rooms`` table) count for facilities that exist in the scenario (a facility closed in a case
  takes its rooms with it; a moved facility moves them).
* A gym, sports hall or sportzaal without imported rooms gets one stand-in room (room id ``timesharing``) whose
  hours come from the time-sharing model (lib/sharing/timesharing.py, docs/sharing/timesharing.md): daytime
  hours minus the PE use the model assigns, evening and weekend hours minus the share let to clubs (gyms) or
  the club use the model assigns (halls; split over evening and weekend in proportion to their hours). Its
  floor area is the standard size of one unit (data/standard_sizes.csv) and its accessibility is unknown, so
  it never serves an initiative that needs an accessible room. Those rooms are labelled ``timesharing``.
* Coupled and running initiatives hold their room's hours; an initiative whose coupled room does not exist in
  the scenario holds nothing (``room_missing``) and is matched again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.initiatives import model
from lib.inputs import Inputs
from lib.sharing import timesharing
from lib.sharing.common import size_of

IMPORTED = "imported"
TIMESHARING = "timesharing"
BLOCKS = tuple(model.BLOCKS)

COLUMNS = ["key", "facility_id", "facility_name", "facility_type", "x", "y", "room_id", "room_type", "area_m2",
           "accessible", "source", "illustrative",
           *[f"bookable_{b}" for b in BLOCKS], *[f"booked_{b}" for b in BLOCKS], *[f"held_{b}" for b in BLOCKS],
           *[f"free_{b}" for b in BLOCKS]]


def key(facility_id, room_id) -> str:
    return f"{facility_id}/{room_id}"


def offered(inp: Inputs, imported: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Every room on offer in the scenario ``inp``: imported rooms plus time-sharing stand-ins, with their
    bookable and booked hours per block (before coupled initiatives), area (m²) and accessibility (True,
    False or None = unknown). x/y are the facility's EPSG:28992 metres."""
    fac = inp.facilities.set_index(inp.facilities["id"].astype(str))
    r = imported[imported["facility_id"].isin(fac.index)].reset_index(drop=True)
    own = pd.DataFrame({
        "facility_id": r["facility_id"].astype(str), "room_id": r["room_id"].astype(str), "room_type": r["room_type"],
        "area_m2": r["area_m2"].astype("float64"), "accessible": r["accessible"].astype(object),
        "source": IMPORTED, "illustrative": r["illustrative"].fillna(False).astype(bool),
        **{f"bookable_{b}": r[f"bookable_hours_{b}"].astype("float64") for b in BLOCKS},
        **{f"booked_{b}": r[f"booked_hours_{b}"].astype("float64") for b in BLOCKS}})
    stand_in = _stand_ins(inp, set(own["facility_id"]), year or inp.base_year)
    out = pd.concat([f for f in (own, stand_in) if len(f)], ignore_index=True) if len(own) + len(stand_in) \
        else own.iloc[:0].copy()
    out["key"] = [key(f, rid) for f, rid in zip(out["facility_id"], out["room_id"], strict=True)]
    out["facility_name"] = out["facility_id"].map(fac["name"]).fillna("").astype(str)
    out["facility_type"] = out["facility_id"].map(fac["type"])
    out["x"] = out["facility_id"].map(fac["x"]).astype("float64")
    out["y"] = out["facility_id"].map(fac["y"]).astype("float64")
    return out.sort_values(["facility_id", "room_id"]).reset_index(drop=True)


def _stand_ins(inp: Inputs, with_rooms: set[str], year: int) -> pd.DataFrame:
    """One room per gym / hall without imported rooms, its hours from the time-sharing model."""
    ts = timesharing.run(inp, year).facilities
    ts = ts[~ts["id"].astype(str).isin(with_rooms)].reset_index(drop=True)
    ew = (ts["evening_h"] + ts["weekend_h"]).to_numpy(dtype="float64")
    used = ts["evening_weekend_used_h"].to_numpy(dtype="float64")
    share = np.divide(used, ew, out=np.zeros_like(ew), where=ew > 0)
    return pd.DataFrame({
        "facility_id": ts["id"].astype(str), "room_id": model.TIMESHARING_ROOM,
        "room_type": ts["type"].map(model.STAND_IN),
        "area_m2": [float(size_of(t)["floor_m2"]) for t in ts["type"]], "accessible": None,
        "source": TIMESHARING, "illustrative": False,
        "bookable_weekday_day": ts["day_h"].astype("float64"), "booked_weekday_day": ts["day_used_h"].astype("float64"),
        "bookable_weekday_evening": ts["evening_h"].astype("float64"),
        "booked_weekday_evening": ts["evening_h"].to_numpy(dtype="float64") * share,
        "bookable_weekend": ts["weekend_h"].astype("float64"),
        "booked_weekend": ts["weekend_h"].to_numpy(dtype="float64") * share})


def with_held(rooms: pd.DataFrame, initiatives: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rooms with ``held_<block>`` = hours of coupled/running initiatives and ``free_<block>``, initiatives with
    ``room_key`` and ``room_missing``). Free hours are clipped at 0 (an overbooked room shows held > bookable −
    booked)."""
    ini = initiatives.copy()
    ini["room_key"] = [key(f, r) if isinstance(f, str) and isinstance(r, str) else None
                       for f, r in zip(ini["facility_id"], ini["room_id"], strict=True)]
    holding = ini["status"].isin(model.HOLDING) & ini["room_key"].notna()
    ini["room_missing"] = holding & ~ini["room_key"].isin(rooms["key"])
    held = ini[holding & ~ini["room_missing"]]
    out = rooms.copy()
    for b in BLOCKS:
        sums = held[held["time_block"] == b].groupby("room_key")["hours_per_week"].sum()
        out[f"held_{b}"] = out["key"].map(sums).fillna(0.0).astype("float64")
        out[f"free_{b}"] = np.clip(out[f"bookable_{b}"] - out[f"booked_{b}"] - out[f"held_{b}"], 0, None)
    return out[COLUMNS], ini
