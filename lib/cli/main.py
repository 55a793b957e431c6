"""Command-line interface: ``python -m lib init|build|import|gaps`` (the analyst's and the tests' door)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import sqlalchemy as sa

from lib import embedded
from lib.cli import accounts, agenda, case, initiatives, options, statuses
from lib.cli.common import CliError, load_inputs
from lib.core import db, pipeline
from lib.ingest import importing
from lib.ingest.build import BuildRefused
from lib.ingest.problems import ImportFailed
from lib.ui import safe_export

GAP_COLUMNS = ["area_code", "area_name", "level", "year", "facility_type", "need", "supply", "gap", "unit", "status",
               "method", "basis", "basis_value", "estimate", "forecast", "norm_woonmilieu", "supply_source",
               "supply_kind", "supply_mixed", "need_base", "supply_small", "supply_large", "supply_point", "coverage",
               "persons_beyond"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m lib", description="Voorzieningenwijzer command line")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="create an empty database with the schema")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = sub.add_parser("build", help="(re)build the embedded Utrecht database from data/")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = sub.add_parser("import", help="validate and import a file (nothing changes on any problem)")
    s.add_argument("kind", choices=importing.KINDS)
    s.add_argument("file")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s.add_argument("--year", type=int, help="year of a CBS KWB/nabijheid file when its name does not say")
    s = sub.add_parser("gaps", help="need, supply and gap per area, facility type and year")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s.add_argument("--year", type=int, help="default: the base year")
    s.add_argument("--type", dest="ftype", help="one facility type (default: all with a norm)")
    s.add_argument("--case", help="apply a stored case (name or id)")
    s.add_argument("--format", choices=["csv", "json"], default="csv",
                   help="csv: text cells quoted, a leading = + - @ neutralised with ' (safe to open in a "
                        "spreadsheet); json: the exact values")
    for module in _extensions():
        module.register(sub)
    return p


def _extensions():
    """Sub-command modules (each with ``NAME``, ``register(subparsers)`` and ``run(args) -> int``)."""
    return [case, options, initiatives, agenda, statuses, accounts]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except db.DatabaseInUse as exc:
        print(in_use_message(exc), file=sys.stderr)
        return 2
    except (duckdb.Error, sa.exc.SQLAlchemyError, OSError) as exc:  # one line, never a traceback
        print(f"cannot use the database {getattr(args, 'db', '')}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2


def in_use_message(exc: db.DatabaseInUse) -> str:
    """One line: who holds the database for writing and what to do. The app and this command open the snapshot
    read-only and never hold it like this; a program that opened the file for writing (an older version of the
    app, a DuckDB shell) does."""
    holder = f" (process {exc.pid})" if exc.pid else ""
    return (f"the database {exc.path} is open for writing in another program{holder}: close that program (an older "
            "version of the app or a DuckDB shell) and run this command again")


def _run(args) -> int:
    if args.command == "init":
        if Path(args.db).exists():
            db.connect(args.db, read_only=True).close()  # a database already: leave it as it is
            print(f"{args.db} exists already; nothing was changed")
            return 0
        db.connect(args.db).close()
        print(f"created {args.db}")
        return 0
    if args.command == "build":
        try:
            embedded.build(args.db)
        except BuildRefused as exc:
            print(f"build refused: {exc}", file=sys.stderr)
            return 1
        print(f"built {args.db}")
        return 0
    if args.command == "import":  # a new snapshot, switched in atomically: running apps pick it up on their next rerun
        con = db.connect(args.db, read_only=Path(args.db).exists())
        try:
            parsed = importing.import_file(con, args.kind, Path(args.file), year=args.year)
        except ImportFailed as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            print(f"import failed: {len(exc.problems)} problem(s); nothing was changed", file=sys.stderr)
            return 1
        except db.DiskFull as exc:
            print(f"import failed: {exc}", file=sys.stderr)
            return 1
        finally:
            con.close()
        print(f"imported {Path(args.file).name} as {parsed.kind} ({parsed.fmt}): {parsed.summary}")
        return 0
    for module in _extensions():
        if args.command == module.NAME:
            return module.run(args)
    return _gaps(args)
def _gaps(args) -> int:
    try:
        inp = load_inputs(args.db, args.case)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    types = sorted(inp.norms["facility_type"].unique())
    if args.ftype and args.ftype not in types:
        print(f"no norm for facility type '{args.ftype}' (known: {', '.join(types)})", file=sys.stderr)
        return 2
    year = args.year or inp.base_year
    result = pipeline.gap_table(inp, years=[year], types=[args.ftype] if args.ftype else None)
    for note in result.notes:
        print("note:", note, file=sys.stderr)
    table = result.table[GAP_COLUMNS]
    if args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1, double_precision=15) + "\n")
    else:
        sys.stdout.write(safe_export.csv_text(table))  # full precision (shortest round-trip repr), text neutralised
    return 0
