"""Readers for the two CSV formats of "initiatives seek space" (README): rooms of facilities and initiatives.

Both validate every row and report every problem as ``file:row:column: message`` (``lib.problems``); they never
touch the database. ``Known`` is what they may know of it (facilities, rooms, the initiatives already stored).

* rooms: ``facility_id,room_id,room_type,area_m2,accessible,bookable_hours_<block>…,booked_hours_<block>…``
  (hours per week; ``booked`` = bookings other than initiatives coupled in this tool). The rooms of every
  facility in the file replace that facility's stored rooms as a set.
* initiatives: ``initiative_id,name,organiser,area_code,activity,participants,hours_per_week,time_block,
  room_type,accessible_required[,max_distance_m][,status,facility_id,room_id]``; rows replace stored rows
  with the same id. ``max_distance_m`` blank or absent = the default (data/initiatives_assumptions.csv).

Optional column ``illustrative`` (true/false) in both marks made-up example rows; it travels with the data
and labels them wherever they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import db
from lib.core import rooms as model
from lib.ingest import validate
from lib.ingest.files import read_csv_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

ROOM_COLUMNS = ["facility_id", "room_id", "room_type", "area_m2", "accessible",
                *[f"bookable_hours_{b}" for b in model.BLOCKS], *[f"booked_hours_{b}" for b in model.BLOCKS]]
INITIATIVE_COLUMNS = ["initiative_id", "name", "organiser", "area_code", "activity", "participants",
                      "hours_per_week", "time_block", "room_type", "accessible_required"]
MAX_TEXT = 200


@dataclass
class Known:
    """What the readers may know of the database (all base data, no case)."""

    facilities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["id", "name", "type"]))
    rooms: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=db.ROOM_FIELDS))
    initiatives: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=db.INITIATIVE_FIELDS))


def known(con) -> Known:
    return Known(db.facility_list(con), db.rooms(con), db.initiatives(con))


def booleans(df: pd.DataFrame, column: str, problems: Problems, default: bool | None = None) -> pd.Series:
    """A true/false column (also ja/nee, yes/no, 1/0); blank = ``default`` (a problem when None)."""
    out = pd.Series(default, index=df.index, dtype=object)
    if column not in df.columns:
        if default is None:
            problems.add(1, column, f"missing column '{column}'")
        return out
    for row, text in df[column].items():
        if text == "" and default is not None:
            continue
        v = model.parse_bool(text)
        if v is None:
            problems.add(int(row), column, f"'{text}' is not true or false")
        out[row] = v
    return out


def _choice(df: pd.DataFrame, column: str, allowed, problems: Problems, what: str) -> None:
    for row in df.index[~df[column].isin(allowed)]:
        shown = df.at[row, column]
        problems.add(int(row), column, f"empty {what}" if shown == "" else
                     f"'{shown}' is not a {what} (use one of: {', '.join(allowed)})")


def _lengths(df: pd.DataFrame, columns, problems: Problems) -> None:
    for col in columns:
        for row in df.index[df[col].str.len() > MAX_TEXT]:
            problems.add(int(row), col, f"longer than {MAX_TEXT} characters")


# --- rooms ------------------------------------------------------------------------------------------------------

def read_rooms(path: Path, ctx: Context, have: Known) -> tuple[Parsed | None, Problems]:
    """Validate a rooms CSV (see the module docstring) into the ``rooms`` table."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, ROOM_COLUMNS, problems):
        return None, problems
    for col in ("facility_id", "room_id"):
        validate.non_empty(df, col, problems)
    _lengths(df, ("facility_id", "room_id"), problems)
    ids = set(have.facilities["id"].astype(str))
    if not ids:
        problems.add(None, "facility_id", "no facilities are loaded yet: import facilities first")
    else:
        for row in df.index[(df["facility_id"] != "") & ~df["facility_id"].isin(ids)]:
            problems.add(int(row), "facility_id", f"unknown facility '{df.at[row, 'facility_id']}'")
    validate.unique(df, ["facility_id", "room_id"], problems)
    _choice(df, "room_type", model.ROOM_TYPES, problems, "room type")
    area = validate.numbers(df, "area_m2", problems, minimum=0, maximum=model.MAX_AREA_M2, what="floor area (m²)")
    for row in df.index[area == 0]:
        problems.add(int(row), "area_m2", "floor area must be greater than 0")
    accessible = booleans(df, "accessible", problems)
    hours = {}
    for b, longest in model.BLOCKS.items():
        for kind in ("bookable", "booked"):
            col = f"{kind}_hours_{b}"
            hours[col] = validate.numbers(df, col, problems, maximum=longest, what="number of hours per week")
        over = hours[f"booked_hours_{b}"] > hours[f"bookable_hours_{b}"]
        for row in df.index[over]:
            problems.add(int(row), f"booked_hours_{b}", f"{hours[f'booked_hours_{b}'][row]:g} hours booked but "
                                                        f"only {hours[f'bookable_hours_{b}'][row]:g} bookable")
    illustrative = booleans(df, "illustrative", problems, default=False)
    if problems:
        return None, problems
    out = pd.DataFrame({"facility_id": df["facility_id"], "room_id": df["room_id"], "room_type": df["room_type"],
                        "area_m2": area, "accessible": accessible.astype(bool), **hours,
                        "illustrative": illustrative.astype(bool), "source": path.name}).reset_index(drop=True)
    _coupled_rooms_kept(df, out, have, problems)
    if problems:
        return None, problems
    n_fac = out["facility_id"].nunique()
    label = " (illustrative)" if out["illustrative"].all() else ""
    return Parsed("rooms", "generic-csv", {"rooms": out},
                  summary=f"{len(out)} rooms in {n_fac} facilities{label}"), problems


def _coupled_rooms_kept(df: pd.DataFrame, out: pd.DataFrame, have: Known, problems: Problems) -> None:
    """Initiatives coupled to a room of a facility in the file keep their room and their hours."""
    held = have.initiatives[have.initiatives["status"].isin(model.HOLDING)]
    held = held[held["facility_id"].isin(out["facility_id"])]
    if held.empty:
        return
    new = out.set_index(["facility_id", "room_id"])
    rows = pd.Series(df.index.to_numpy(), index=pd.MultiIndex.from_frame(out[["facility_id", "room_id"]]))
    for (fid, rid), group in held.groupby(["facility_id", "room_id"]):
        names = ", ".join(group["initiative_id"].astype(str))
        if (fid, rid) not in new.index:
            problems.add(None, "room_id", f"room {fid}/{rid} is missing, but initiative(s) {names} are coupled to "
                                          "it: keep the room or end the coupling first")
            continue
        for b, hours in group.groupby("time_block")["hours_per_week"].sum().items():
            free = new.at[(fid, rid), f"bookable_hours_{b}"] - new.at[(fid, rid), f"booked_hours_{b}"]
            if hours > free + 1e-9:
                problems.add(int(rows[(fid, rid)]), f"booked_hours_{b}",
                             f"leaves {free:g} hours for initiatives, but {names} are coupled to this room for "
                             f"{hours:g} hours")


# --- initiatives ------------------------------------------------------------------------------------------------

def read_initiatives(path: Path, ctx: Context, have: Known) -> tuple[Parsed | None, Problems]:
    """Validate an initiatives CSV (see the module docstring) into the ``initiatives`` table."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, INITIATIVE_COLUMNS, problems):
        return None, problems
    out = check_initiatives(df, ctx, have, problems)
    if out is None:
        return None, problems
    out["source"] = path.name
    label = " (illustrative)" if out["illustrative"].all() else ""
    return Parsed("initiatives", "generic-csv", {"initiatives": out},
                  summary=f"{len(out)} initiatives, {int(out['participants'].sum()):,} participants{label}"), problems


def check_initiatives(df: pd.DataFrame, ctx: Context, have: Known, problems: Problems) -> pd.DataFrame | None:
    """Check initiative rows (strings, index = spreadsheet row) → typed rows, or None with ``problems``.

    The page form goes through here too (one row), so a form and a file are held to the same rules."""
    df = df.copy()
    for col in ("max_distance_m", "status", "facility_id", "room_id", "illustrative"):
        if col not in df.columns:
            df[col] = ""
    for col in ("initiative_id", "name"):
        validate.non_empty(df, col, problems)
    _lengths(df, ("initiative_id", "name", "organiser", "activity", "facility_id", "room_id"), problems)
    validate.unique(df, ["initiative_id"], problems)
    _areas(df, ctx, problems)
    participants = validate.numbers(df, "participants", problems, minimum=1, maximum=model.MAX_PARTICIPANTS,
                                    integer=True, what="number of participants")
    _choice(df, "time_block", tuple(model.BLOCKS), problems, "time block")
    hours = validate.numbers(df, "hours_per_week", problems, minimum=0, maximum=max(model.BLOCKS.values()),
                             what="number of hours per week")
    for row in df.index[hours == 0]:
        problems.add(int(row), "hours_per_week", "hours per week must be greater than 0")
    quarters = hours / model.HOUR_STEP
    for row in df.index[hours.notna() & (np.abs(quarters - np.round(quarters)) > 1e-9)]:
        problems.add(int(row), "hours_per_week", f"{hours[row]:g} is not a whole number of quarter hours "
                                                 "(use e.g. 1.5 or 2.25)")
    for row in df.index[hours.notna() & df["time_block"].isin(model.BLOCKS)]:
        longest = model.BLOCKS[df.at[row, "time_block"]]
        if hours[row] > longest:
            problems.add(int(row), "hours_per_week", f"{hours[row]:g} hours do not fit in the block "
                                                     f"{df.at[row, 'time_block']} ({longest:g} hours a week)")
    _choice(df, "room_type", model.ROOM_TYPES, problems, "room type")
    accessible = booleans(df, "accessible_required", problems)
    dist = validate.numbers(df, "max_distance_m", problems, required=False, minimum=0, maximum=model.MAX_DISTANCE_M,
                            what="distance in metres")
    for row in df.index[dist == 0]:
        problems.add(int(row), "max_distance_m", "max_distance_m must be greater than 0 (or blank for the default)")
    status = df["status"].where(df["status"] != "", "aangemeld").str.lower()
    _choice(df.assign(status=status), "status", model.STATUSES, problems, "status")
    illustrative = booleans(df, "illustrative", problems, default=False)
    if problems:
        return None
    out = pd.DataFrame({
        "initiative_id": df["initiative_id"], "name": df["name"], "organiser": df["organiser"],
        "area_code": df["area_code"], "activity": df["activity"], "participants": participants.astype(int),
        "hours_per_week": hours, "time_block": df["time_block"], "room_type": df["room_type"],
        "accessible_required": accessible.astype(bool),
        "max_distance_m": dist.fillna(model.default_max_distance_m()), "status": status,
        "facility_id": df["facility_id"].where(df["facility_id"] != "", None),
        "room_id": df["room_id"].where(df["room_id"] != "", None), "illustrative": illustrative.astype(bool)})
    _couplings(out, df.index, have, problems)
    if problems:
        return None
    return out.reset_index(drop=True)


def _areas(df: pd.DataFrame, ctx: Context, problems: Problems) -> None:
    validate.known_codes(df, "area_code", ctx.codes, problems)
    level = ctx.areas.set_index("code")["level"] if len(ctx.areas) else pd.Series(dtype=object)
    for row in df.index[df["area_code"].map(level).eq("gemeente")]:
        problems.add(int(row), "area_code", f"'{df.at[row, 'area_code']}' is a gemeente: give the buurt or wijk "
                                            "where the initiative takes place (its centre is the starting point)")


def stand_in_rooms(have: Known) -> set[tuple[str, str]]:
    """(facility_id, 'timesharing') of gyms and halls without imported rooms."""
    f = have.facilities
    halls = set(f.loc[f["type"].isin(tuple(model.STAND_IN)), "id"].astype(str))
    ids = halls - set(have.rooms["facility_id"].astype(str))
    return {(i, model.TIMESHARING_ROOM) for i in ids}


def _couplings(out: pd.DataFrame, rows: pd.Index, have: Known, problems: Problems) -> None:
    """Coupled or running initiatives name an existing room that fits their need and has the hours."""
    out.index = rows
    holding = out["status"].isin(model.HOLDING)
    named = out["facility_id"].notna() | out["room_id"].notna()
    for row in out.index[holding & ~(out["facility_id"].notna() & out["room_id"].notna())]:
        problems.add(int(row), "facility_id" if pd.isna(out.at[row, "facility_id"]) else "room_id",
                     f"status '{out.at[row, 'status']}' needs the facility_id and room_id of the room it uses")
    for row in out.index[~holding & named & (out["status"] == "aangemeld")]:
        problems.add(int(row), "status", "a room is given but the status is 'aangemeld': use 'gekoppeld' or "
                                         "'lopend', or leave facility_id and room_id empty")
    rooms = have.rooms.set_index(["facility_id", "room_id"])
    stand_in = stand_in_rooms(have)
    check = out[holding & out["facility_id"].notna() & out["room_id"].notna()]
    for row, r in check.iterrows():
        key = (r["facility_id"], r["room_id"])
        if key in stand_in:
            room_type = model.STAND_IN[have.facilities.set_index("id").at[r["facility_id"], "type"]]
        elif key in rooms.index:
            room_type = rooms.at[key, "room_type"]
        else:
            problems.add(int(row), "room_id", f"no room {key[0]}/{key[1]} (import rooms first, or use room_id "
                                              f"'{model.TIMESHARING_ROOM}' for a gym or hall without rooms)")
            continue
        if room_type not in model.FITS[r["room_type"]]:
            problems.add(int(row), "room_id", f"room {key[0]}/{key[1]} is a {room_type}, which does not serve a "
                                              f"{r['room_type']} need")
    if problems:
        return
    # hours: coupled initiatives of the file plus those stored (not in the file) must fit each imported room
    kept = have.initiatives[~have.initiatives["initiative_id"].isin(out["initiative_id"])]
    held = pd.concat([kept[kept["status"].isin(model.HOLDING)], check.assign(_row=check.index)],
                     ignore_index=True)
    held = held[held.set_index(["facility_id", "room_id"]).index.isin(rooms.index)]
    for (fid, rid, b), group in held.groupby(["facility_id", "room_id", "time_block"]):
        free = rooms.at[(fid, rid), f"bookable_hours_{b}"] - rooms.at[(fid, rid), f"booked_hours_{b}"]
        if group["hours_per_week"].sum() > free + 1e-9:
            mine = group[group["_row"].notna()] if "_row" in group else group.iloc[:0]
            for row in mine["_row"]:
                problems.add(int(row), "hours_per_week", f"room {fid}/{rid} has {free:g} hours a week for "
                                                         f"initiatives in {b}; the coupled initiatives need "
                                                         f"{group['hours_per_week'].sum():g}")

