"""Rooms on offer and their free hours per block of the week (hours per week).

    free = bookable − booked − hours of coupled initiatives        (never below 0 for the matching)

* Imported rooms (``rooms`` table) count for facilities that exist in the scenario (a facility closed in a case
  takes its rooms with it; a moved facility moves them).
* A gym, sports hall or sportzaal without imported rooms gets one stand-in room (room id ``timesharing``) whose
  hours come from the time-sharing model (``lib.sharing.timesharing.block_hours``, docs/sharing/timesharing.md),
  handed in by the caller as ``stand_ins``: daytime hours minus the PE use the model assigns, evening and weekend
  hours minus the share let to clubs (gyms) or the club use the model assigns (halls). Its floor area is the
  standard size of one unit (data/standard_sizes.csv) and its accessibility is unknown, so it never serves an
  initiative that needs an accessible room. Those rooms are labelled ``timesharing``.
* Coupled and running initiatives hold their room's hours; an initiative whose coupled room does not exist in
  the scenario holds nothing (``room_missing``) and is matched again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core import rooms as model
from lib.core.inputs import Inputs

IMPORTED = "imported"
TIMESHARING = "timesharing"
BLOCKS = tuple(model.BLOCKS)
#: Columns of ``stand_ins``: per gym or hall (facility id) the hours per block and the floor area of one unit.
STAND_IN_COLUMNS = ["id", "type", "floor_m2", *[f"{k}_{b}" for b in BLOCKS for k in ("bookable", "booked")]]

COLUMNS = ["key", "facility_id", "facility_name", "facility_type", "x", "y", "room_id", "room_type", "area_m2",
           "accessible", "source", "illustrative",
           *[f"bookable_{b}" for b in BLOCKS], *[f"booked_{b}" for b in BLOCKS], *[f"held_{b}" for b in BLOCKS],
           *[f"free_{b}" for b in BLOCKS]]


def key(facility_id, room_id) -> str:
    return f"{facility_id}/{room_id}"


def no_stand_ins() -> pd.DataFrame:
    return pd.DataFrame(columns=STAND_IN_COLUMNS)


def offered(inp: Inputs, imported: pd.DataFrame, stand_ins: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every room on offer in the scenario ``inp``: imported rooms plus a stand-in for each gym or hall of
    ``stand_ins`` (``STAND_IN_COLUMNS``) without imported rooms, with bookable and booked hours per block (before
    coupled initiatives), area (m²) and accessibility (True, False or None = unknown). x/y are the facility's
    EPSG:28992 metres."""
    fac = inp.facilities.set_index(inp.facilities["id"].astype(str))
    r = imported[imported["facility_id"].isin(fac.index)].reset_index(drop=True)
    own = pd.DataFrame({
        "facility_id": r["facility_id"].astype(str), "room_id": r["room_id"].astype(str), "room_type": r["room_type"],
        "area_m2": r["area_m2"].astype("float64"), "accessible": r["accessible"].astype(object),
        "source": IMPORTED, "illustrative": r["illustrative"].fillna(False).astype(bool),
        **{f"bookable_{b}": r[f"bookable_hours_{b}"].astype("float64") for b in BLOCKS},
        **{f"booked_{b}": r[f"booked_hours_{b}"].astype("float64") for b in BLOCKS}})
    s = stand_ins if stand_ins is not None else no_stand_ins()
    s = s[s["id"].astype(str).isin(fac.index) & ~s["id"].astype(str).isin(own["facility_id"])
          & s["type"].isin(tuple(model.STAND_IN))].reset_index(drop=True)
    stand = pd.DataFrame({
        "facility_id": s["id"].astype(str), "room_id": model.TIMESHARING_ROOM,
        "room_type": s["type"].map(model.STAND_IN),
        "area_m2": s["floor_m2"].astype("float64"), "accessible": None, "source": TIMESHARING, "illustrative": False,
        **{f"{k}_{b}": s[f"{k}_{b}"].astype("float64") for b in BLOCKS for k in ("bookable", "booked")}})
    parts = [f for f in (own, stand) if len(f)]
    out = pd.concat(parts, ignore_index=True) if parts else own.iloc[:0].copy()
    out["key"] = [key(f, rid) for f, rid in zip(out["facility_id"], out["room_id"], strict=True)]
    out["facility_name"] = out["facility_id"].map(fac["name"]).fillna("").astype(str)
    out["facility_type"] = out["facility_id"].map(fac["type"])
    out["x"] = out["facility_id"].map(fac["x"]).astype("float64")
    out["y"] = out["facility_id"].map(fac["y"]).astype("float64")
    return out.sort_values(["facility_id", "room_id"]).reset_index(drop=True)


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
