"""``python -m lib options``: the options for sharing space, ranked, with their numbers (docs/sharing)."""

from __future__ import annotations

import json
import sys

from lib.cli.common import CliError, load_inputs
from lib.core import db
from lib.sharing import options
from lib.ui import safe_export

NAME = "options"
OUT_COLUMNS = ["rank", "kind", "facility_type", "functions", "area_code", "area_name", "amount", "unit", "score",
               "estimate", "assumption", "sentence", "x", "y", "details"]


def register(sub) -> None:
    s = sub.add_parser(NAME, help="options for sharing space (spare capacity, hubs, time-sharing, siting), ranked")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s.add_argument("--year", type=int, help="default: the base year")
    s.add_argument("--type", dest="ftype", help="only options involving this facility type")
    s.add_argument("--kind", choices=["spare_capacity", "timesharing", "hub", "siting", "limit"],
                   help="only options of this kind")
    s.add_argument("--case", help="apply a stored case (name or id)")
    s.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the sentences")
    s.add_argument("--format", choices=["csv", "json"], default="csv",
                   help="csv: text cells quoted, a leading = + - @ neutralised with ' (safe to open in a "
                        "spreadsheet); json: the exact values")


def run(args) -> int:
    try:
        inp = load_inputs(args.db, args.case)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    known = sorted(set(inp.norms["facility_type"]) | set(inp.facilities["type"]))
    if args.ftype and args.ftype not in known:
        print(f"unknown facility type '{args.ftype}' (known: {', '.join(known)})", file=sys.stderr)
        return 2
    year = args.year or inp.base_year
    kinds = (args.kind,) if args.kind else options.KINDS
    table = options.all_options(inp, None, year, args.lang, [args.ftype] if args.ftype else None, kinds)
    table = table.assign(year=year)[["year", *OUT_COLUMNS]]
    if args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1, default_handler=str,
                                       double_precision=15) + "\n")
    else:
        table = table.assign(functions=table["functions"].map("+".join),
                             details=table["details"].map(lambda d: json.dumps(d, default=float)))
        sys.stdout.write(safe_export.csv_text(table))  # full precision, "." decimals, English names, text neutralised
    return 0
