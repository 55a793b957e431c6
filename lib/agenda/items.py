"""Agenda items as the method sees them: the format's constants (``lib.ingest.agenda``) and a case's overlay.

Years are inclusive calendar years, budgets euro. No Streamlit, no SQL here.
"""

from __future__ import annotations

import pandas as pd

from lib.ingest.agenda import (  # noqa: F401  (the format, re-exported for the method and the page)
    ACTIVE,
    COLUMNS,
    DOMAINS,
    FIELDS,
    MAX_BUDGET_EUR,
    REQUIRED,
    STATUSES,
    check,
    normalised,
)


def overlay(base: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The agenda a case sees: its rows replace base items with the same project_id (or add new ones); rows
    marked ``removed`` take the item out. ``base``: the ``agenda`` table; ``rows``: the case's ``case_agenda``
    rows. Returns the base columns plus ``in_case`` (True for items the case added or changed), by project_id."""
    out = base.assign(in_case=False)
    if len(rows):
        out = out[~out["project_id"].isin(rows["project_id"])]
        keep = rows[~rows["removed"].fillna(False).astype(bool)].assign(in_case=True, source="case")
        cols = [c for c in out.columns if c in keep.columns]
        out = pd.concat([out, keep[cols]], ignore_index=True) if len(out) else keep[cols]
    out = out.astype({"start_year": "int64", "end_year": "int64"}) if len(out) else out
    out["illustrative"] = out["illustrative"].fillna(False).astype(bool) if len(out) else out["illustrative"]
    return out.sort_values("project_id").reset_index(drop=True)
