"""``python -m lib statuses``: how many areas have each status, per facility type (docs/numbers.md).

One table per level (buurt, wijk, gemeente by default) for one year: the counts behind the Overzicht, so a
change in the rules shows up as a change in these numbers.
"""

from __future__ import annotations

import sys

import pandas as pd

from lib.cli.common import CliError, load_inputs
from lib.core import db, kpis, pipeline

NAME = "statuses"
LEVELS = ("buurt", "wijk", "gemeente")


def register(sub) -> None:
    s = sub.add_parser(NAME, help="number of areas per facility type and status (robust, fragile, data gap, …)")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s.add_argument("--year", type=int, help="default: the base year")
    s.add_argument("--level", choices=LEVELS, action="append", help="level(s) to show (default: all three)")
    s.add_argument("--case", help="apply a stored case (name or id)")
    s.add_argument("--format", choices=["text", "csv"], default="text")


def table(inp, year: int, levels=LEVELS):
    """The counts as one long DataFrame: level, facility_type, one column per status, total."""
    gap = pipeline.gap_table(inp, years=[year]).table
    parts = []
    for level in levels:
        c = kpis.status_counts(pipeline.at_level(gap, inp.areas, level), year)
        parts.append(c.reset_index().assign(level=level))
    out = pd.concat(parts, ignore_index=True).fillna(0)
    cols = ["level", "facility_type"] + [c for c in out.columns if c not in ("level", "facility_type")]
    return out[cols]


def run(args) -> int:
    try:
        inp = load_inputs(args.db, args.case)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    year = args.year or inp.base_year
    out = table(inp, year, tuple(args.level or LEVELS))
    if args.format == "csv":
        out.to_csv(sys.stdout, index=False)
        return 0
    print(f"areas per facility type and status, {year}" + (f", case {args.case}" if args.case else ""))
    for level, part in out.groupby("level", sort=False):
        print(f"\n[{level}]")
        part = part.drop(columns=["level"]).set_index("facility_type")
        part = part.loc[:, (part != 0).any(axis=0)].astype(int)
        print(part.to_string())
    return 0
