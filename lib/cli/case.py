"""``python -m lib case list|export|import|report|example``: workshop cases on the command line.

    python -m lib case export NAME --out case.json     # the case as a re-importable JSON file
    python -m lib case import case.json [--name NEW] [--new-id] [--replace]
    python -m lib case report NAME --out report.xlsx   # Excel report (.pdf: PDF, needs matplotlib)
    python -m lib case list
    python -m lib case example                          # create the illustrative example case
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from lib.cases import document, example, report, store
from lib.core import db

NAME = "case"


def register(sub) -> None:
    p = sub.add_parser(NAME, help="list, export, import or report workshop cases")
    acts = p.add_subparsers(dest="case_action", required=True)
    s = acts.add_parser("export", help="write a case as JSON (re-importable)")
    s.add_argument("case", help="case name or id")
    s.add_argument("--out", help="output file (default: stdout)")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = acts.add_parser("import", help="import a case from a JSON file written by 'case export'")
    s.add_argument("file")
    s.add_argument("--name", help="import under this name")
    s.add_argument("--new-id", action="store_true", help="import as a copy with a fresh id")
    s.add_argument("--replace", action="store_true", help="replace an existing case with the same id")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = acts.add_parser("report", help="write a case report (.xlsx, or .pdf)")
    s.add_argument("case", help="case name or id")
    s.add_argument("--out", required=True)
    s.add_argument("--year", type=int, help="default: the case's horizon year")
    s.add_argument("--lang", choices=["nl", "en"], default="nl")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = acts.add_parser("list", help="list the cases")
    s.add_argument("--db", default=str(db.DEFAULT_DB))
    s = acts.add_parser("example", help="create the illustrative example case (embedded Utrecht data)")
    s.add_argument("--db", default=str(db.DEFAULT_DB))


def run(args) -> int:
    if args.case_action != "import" and not Path(args.db).exists():
        print(f"no database at {args.db}: run 'python -m lib build' first", file=sys.stderr)
        return 2
    if args.case_action == "import":  # read and parse before opening the database: garbage never gets that far
        try:
            args.doc = document.read(args.file)
        except document.CaseFileError as exc:
            return _refused(exc)
    try:
        con = db.connect(args.db, read_only=True)  # cases live in the workshop store; the base data is only read
    except duckdb.Error as exc:
        print(f"cannot open the database {args.db}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    try:
        return _ACTIONS[args.case_action](con, args)
    except store.UnknownCase as exc:
        print(exc, file=sys.stderr)
        return 2
    except document.CaseFileError as exc:
        return _refused(exc)
    except db.DiskFull as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        con.close()


def _refused(exc: document.CaseFileError) -> int:
    for p in exc.problems:
        print(p, file=sys.stderr)
    print("import failed; nothing was changed", file=sys.stderr)
    return 1


def _export(con, args) -> int:
    text = document.dumps(document.export_case(con, args.case)) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"exported {args.case} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _import(con, args) -> int:
    cid = document.import_case(con, args.doc, name=args.name, new_id=args.new_id, replace=args.replace,
                                source=args.file)
    case = store.get_case(con, cid)
    print(f"imported '{case['name']}' as case {cid} (version {case['version']}); open it with ?case={cid}")
    return 0


def _report(con, args) -> int:
    out = Path(args.out)
    if out.suffix.lower() == ".pdf":
        data = report.pdf(con, args.case, args.lang, args.year)
    else:
        data = report.excel(con, args.case, args.lang, args.year)
    out.write_bytes(data)
    print(f"wrote {out}")
    return 0


def _list(con, args) -> int:
    df = store.list_cases(con)
    for r in df.to_dict("records"):
        flag = "  [illustrative]" if r.get("illustrative") else ""
        print(f"{r['case_id']}\t{r['name']}\tversion {r['version']}\tlast change {r['last_changed_at']} by "
              f"{r['last_author']}{flag}")
    return 0


def _example(con, args) -> int:
    cid = example.ensure(con)
    if cid is None:
        print("the example case needs the embedded Utrecht data (python -m lib build)", file=sys.stderr)
        return 2
    print(f"example case: {cid}")
    return 0


_ACTIONS = {"export": _export, "import": _import, "report": _report, "list": _list, "example": _example}
