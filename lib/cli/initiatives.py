"""``python -m lib initiatives match``: which room each initiative gets (docs/initiatives.md).

    python -m lib initiatives match [--case NAME] [--format csv|json] [--db PATH]

One row per initiative: ``initiative_id,facility_id,room_id,distance_m,hours,time_block,reason`` followed by
its name, status, participants, the room's type and source (``imported`` or ``timesharing``: hours from the
time-sharing model), ``match`` (accepted / proposed / empty) and ``illustrative``. Facility and room are empty
and ``reason`` says why when an initiative is not housed (no_room_in_reach, not_accessible, too_small,
no_free_hours, hours_taken; stopped for a stopped initiative). Distances in metres, hours per week.
"""

from __future__ import annotations

import sys

import duckdb

from lib.cli.common import CliError, load_inputs
from lib.core import db
from lib.initiatives import store
from lib.sharing import timesharing
from lib.ui import safe_export

NAME = "initiatives"
OUT_COLUMNS = ["initiative_id", "facility_id", "room_id", "distance_m", "hours", "time_block", "reason", "name",
               "status", "area_code", "participants", "room_type", "facility_name", "matched_room_type",
               "room_source", "match", "participant_hours", "illustrative"]


def register(sub) -> None:
    p = sub.add_parser(NAME, help="initiatives seeking space: match them with free room hours")
    acts = p.add_subparsers(dest="initiatives_action", required=True)
    s = acts.add_parser("match", help="propose a room for every open initiative (exact MILP), with reasons")
    s.add_argument("--case", help="apply a stored case (name or id)")
    s.add_argument("--format", choices=["csv", "json"], default="csv")
    s.add_argument("--db", default=str(db.DEFAULT_DB))


def run(args) -> int:
    try:
        inp = load_inputs(args.db, args.case)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        con = db.connect(args.db, read_only=True)
    except duckdb.Error as exc:
        print(f"cannot open {args.db}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    try:
        if not db.has_tables(con, ["rooms", "initiatives"]):
            print(f"{args.db} has no rooms or initiatives yet: import them with 'python -m lib import rooms FILE' "
                  "and 'python -m lib import initiatives FILE' (or rebuild with 'python -m lib build')",
                  file=sys.stderr)
            return 2
        result = store.scenario(con, inp, args.case, timesharing.block_hours(inp, inp.base_year))
    finally:
        con.close()
    table = result.rows[OUT_COLUMNS].copy()
    table["distance_m"] = table["distance_m"].round(0).astype("Int64")
    if table["illustrative"].any():
        print("note: illustrative data (made-up rooms and initiatives, not real requests or bookings) in rows "
              "marked illustrative=True", file=sys.stderr)
    if (table["room_source"] == "timesharing").any():
        print("note: rooms with room_source=timesharing have free hours estimated by the time-sharing model "
              "(no rooms imported for that gym or hall)", file=sys.stderr)
    s = result.stats
    print(f"note: {result.status}; {s['proposed']} proposed, {s['accepted']} accepted, {s['unmatched']} not housed; "
          f"{result.housed_participant_hours:g} participant-hours per week housed by the proposals", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1, double_precision=15) + "\n")
    else:
        sys.stdout.write(safe_export.csv_text(table))  # full precision, text cells neutralised (names from files)
    return 0
