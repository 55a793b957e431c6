"""The one pipeline behind every screen, command, report and benchmark:

    inputs(con, case)  →  gap_table(inp, years)  →  at_level(table, inp.areas, level, gm)

1. ``inputs``: the base data (``lib.core.inputs.load``) with a workshop case applied as an overlay
   (``lib.core.overlay.apply``); the base tables are never changed by a case.
2. ``gap_table``: need, supply, gap and status per buurt (and per service-level area), facility type and year
   (``lib.core.gaps.compute``; amounts in the norm's unit: places, facilities; distances in metres).
3. ``at_level``: the rows at buurt, wijk or gemeente level (``lib.core.gaps.aggregate``), optionally limited to
   one gemeente (``lib.core.hierarchy``).
"""

from __future__ import annotations

import pandas as pd

from lib.core import gaps, hierarchy, overlay
from lib.core import inputs as base_inputs
from lib.core.gaps import GapResult
from lib.core.inputs import Inputs


def inputs(con, case: str | None = None) -> Inputs:
    """The base data with ``case`` (a case id or name) applied; the base data when case is None.
    Raises ``overlay.UnknownCase`` for a case that does not exist."""
    inp = base_inputs.load(con)
    return overlay.apply(con, inp, case) if case else inp


def with_case(con, base: Inputs, case: str | None) -> Inputs:
    """``base`` (already loaded) with ``case`` applied; ``base`` itself when case is None."""
    return overlay.apply(con, base, case) if case else base


def gap_table(inp: Inputs, years: list[int] | None = None, types: list[str] | None = None) -> GapResult:
    """The gap table (buurt and service-level rows) for ``years`` (default: the base year) and ``types``
    (default: every type with a norm), with the notes on the computation."""
    return gaps.compute(inp, years=years, types=types)


def at_level(table: pd.DataFrame, areas: pd.DataFrame, level: str, gm: str | None = None) -> pd.DataFrame:
    """The gap table at ``level`` (buurt, wijk or gemeente), limited to gemeente ``gm`` when given."""
    rows = gaps.aggregate(table, areas, level)
    if gm:
        rows = rows[rows["area_code"].isin(hierarchy.codes_in(areas, gm))]
    return rows
