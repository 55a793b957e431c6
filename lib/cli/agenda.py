"""``python -m lib agenda overlaps|opportunities|template``: the area agenda on the command line.

    python -m lib agenda overlaps [--window N] [--neighbours] [--case NAME] [--format csv|json] [--db PATH]
    python -m lib agenda opportunities [...]           # pairs, item + shortfall and item + sharing site, ranked
    python -m lib agenda template [--out agenda.xlsx]  # the file to fill in (CSV to stdout without --out)

Importing an agenda is ``python -m lib import agenda FILE``. Problems give a one-line message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lib.agenda import export, overlaps, shortfalls, sites, store, view
from lib.cli.common import CliError, load_inputs
from lib.core import db, geo, neighbours, pipeline
from lib.sharing import options
from lib.ui import safe_export

NAME = "agenda"
OVERLAP_COLUMNS = ["rank", "area_code", "area_name", "project_a", "project_b", "domain_a", "domain_b", "start_year",
                   "end_year", "relation", "overlap_years", "years_apart", "name_a", "name_b", "shortfalls", "score",
                   "illustrative", "reason"]
OPPORTUNITY_COLUMNS = ["rank", "kind", "area_code", "area_name", "project_a", "project_b", "domains", "start_year",
                       "end_year", "shortfalls", "site", "score", "illustrative", "reason"]


def register(sub) -> None:
    p = sub.add_parser(NAME, help="the area agenda: where planned work meets other work or a shortfall")
    acts = p.add_subparsers(dest="agenda_action", required=True)
    for action, text in (("overlaps", "pairs of agenda items from different domains that meet in place and time"),
                         ("opportunities", "all opportunities (pairs, item + shortfall, item + sharing site), ranked")):
        s = acts.add_parser(action, help=text)
        s.add_argument("--window", type=int, default=1, help="years two items may lie apart (default 1; 0 = overlap)")
        s.add_argument("--neighbours", action="store_true", help="also pair items in neighbouring buurten")
        s.add_argument("--case", help="apply a stored case (name or id)")
        s.add_argument("--format", choices=["csv", "json"], default="csv")
        s.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the reasons")
        s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = acts.add_parser("template", help="write the agenda template (.csv or .xlsx) with two example rows")
    s.add_argument("--out", help="output file, .csv or .xlsx (default: CSV on stdout)")
    s.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of the explanation sheet")
    s.add_argument("--db", default=str(db.DEFAULT_DB))


def run(args) -> int:
    try:
        if args.agenda_action == "template":
            return _template(args)
        return _list(args)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2


def _open(path: str):
    if not Path(path).exists():
        raise CliError(f"no database at {path}: run 'python -m lib build' first")
    return db.connect(path, read_only=True)


def compute(db_path: str, case: str | None, window: int, with_neighbours: bool, with_sites: bool, lang: str = "nl"):
    """(opportunities with reasons, items) for a database and case: the one pipeline (inputs → case overlay → gap
    table → levels) for the shortfalls, the sharing options of the base year for the sites."""
    if window < 0:
        raise CliError(f"--window must be 0 or more years, not {window}")
    inp = load_inputs(db_path, case)
    table = pipeline.gap_table(inp, years=inp.years).table
    con = _open(db_path)
    try:
        try:
            items = store.load(con, case)
        except store.UnknownCase as exc:
            raise CliError(str(exc)) from exc
        pairs_of = neighbours.pairs(con) if with_neighbours else None
        site_rows = None
        if with_sites:
            opts = options.all_options(inp, table, inp.base_year, lang, kinds=sites.SITE_KINDS)
            shapes = db.area_geoms(con, "buurt")
            site_rows = sites.from_options(opts, shapes["code"], geo.from_wkb(shapes["geom"]),
                                           shortfalls.proxy_types(table))
    finally:
        con.close()
    short = shortfalls.from_gap_table(table, inp.areas)
    opps = overlaps.opportunities(items, inp.areas, short, window, pairs_of, site_rows)
    names = dict(zip(inp.areas["code"], inp.areas["name"], strict=True))
    return view.with_reasons(opps, names, dict(zip(items["project_id"], items["name"], strict=True)), lang), \
        items, names


def _list(args) -> int:
    pairs_only = args.agenda_action == "overlaps"
    opps, items, names = compute(args.db, args.case, args.window, args.neighbours, with_sites=not pairs_only,
                                 lang=args.lang)
    if items.empty:
        print("note: no agenda items loaded: import one with 'python -m lib import agenda FILE'", file=sys.stderr)
    elif items["illustrative"].any():
        print("note: the agenda holds illustrative items (made up, not real plans)", file=sys.stderr)
    if pairs_only:
        opps = opps[opps["kind"] == "pair"].reset_index(drop=True)
        opps["rank"] = range(1, len(opps) + 1)
    out = opps.assign(area_name=opps["area_code"].map(names),
                      shortfalls=opps["shortfalls"].map(lambda s: "+".join(sorted({x["facility_type"] for x in s}))),
                      domains=opps["domains"].map("+".join),
                      site=opps["site"].map(lambda s: s["site_id"] if s else ""),
                      score=opps["score"].astype(float).round(2))
    out = out[OVERLAP_COLUMNS if pairs_only else OPPORTUNITY_COLUMNS]
    if args.format == "json":
        sys.stdout.write(json.dumps(out.astype(object).where(out.notna(), None).to_dict("records"),
                                    ensure_ascii=False, indent=1, default=_plain) + "\n")
    else:
        sys.stdout.write(safe_export.csv_text(out))  # text cells neutralised (names come from files)
    return 0


def _plain(v):
    return v.item() if hasattr(v, "item") else str(v)


def _template(args) -> int:
    con = _open(args.db)
    try:
        areas = db.area_names(con)
    finally:
        con.close()
    if not args.out:
        sys.stdout.write(export.template_csv(areas).decode("utf-8"))
        return 0
    out = Path(args.out)
    if out.suffix.lower() == ".xlsx":
        data = export.template_xlsx(areas, export.template_notes(args.lang))
    elif out.suffix.lower() == ".csv":
        data = export.template_csv(areas)
    else:
        raise CliError(f"unknown template format '{out.suffix}': use .csv or .xlsx")
    out.write_bytes(data)
    print(f"wrote {out}")
    return 0
