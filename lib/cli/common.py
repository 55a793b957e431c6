"""What the sub-commands share: the one-line error and the inputs of a database (with a case applied)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lib.core import db, overlay, pipeline
from lib.core.inputs import Inputs


class CliError(Exception):
    """A message for stderr and exit code 2."""


def load_inputs(db_path: str, case: str | None) -> Inputs:
    """The database's inputs with ``case`` applied (read-only); CliError when there is no database or case."""
    if not Path(db_path).exists():
        raise CliError(f"no database at {db_path}: run 'python -m lib build' first")
    con = db.connect(db_path, read_only=True)
    try:
        return pipeline.inputs(con, case)
    except overlay.UnknownCase as exc:
        raise CliError(str(exc)) from exc
    except duckdb.CatalogException:
        raise CliError(f"{db_path} is not a Voorzieningenwijzer database (no data tables): run "
                       "'python -m lib build' or 'python -m lib init' first") from None
    finally:
        con.close()

