"""Cases (scenarios): a named overlay of plans, facilities and norm overrides on the base data.

The overlay is applied at query time to an ``Inputs``; the base tables are never changed by a case.
Creating and editing cases (who/when per change, undo, notes, optimistic versions) lives in
``lib.cases.store``.
"""

from __future__ import annotations

import pandas as pd

from lib.core import db
from lib.core.inputs import Inputs


class UnknownCase(LookupError):
    """No case with this id or name."""


def overlay(inp: Inputs, plans: pd.DataFrame, facilities: pd.DataFrame, norm_rows: pd.DataFrame,
            horizon_year: int | None = None) -> Inputs:
    """Inputs with the case's rows applied: same key replaces, ``removed``/``closed`` rows delete."""
    out_plans = inp.plans
    if len(plans):
        out_plans = out_plans[~out_plans["plan_id"].isin(plans["plan_id"])]
        keep = plans[~plans["removed"].fillna(False).astype(bool)]
        if "demolished" not in keep:
            keep = keep.assign(demolished=0.0)
        keep = keep.assign(demolished=keep["demolished"].fillna(0.0).astype("float64"))
        out_plans = pd.concat([out_plans, keep[[c for c in inp.plans.columns if c in keep.columns]]],
                              ignore_index=True)
    out_fac = inp.facilities
    if len(facilities):
        out_fac = out_fac[~out_fac["id"].isin(facilities["id"])]
        keep = facilities[~facilities["closed"].fillna(False).astype(bool)]
        keep = keep.assign(source="case", capacity_note="set in case")
        out_fac = pd.concat([out_fac, keep[[c for c in inp.facilities.columns if c in keep.columns]]],
                            ignore_index=True)
    out_norms = inp.norms
    if len(norm_rows):
        key = ["facility_type", "woonmilieu"]
        idx = pd.MultiIndex.from_frame(norm_rows[key])
        out_norms = out_norms[~pd.MultiIndex.from_frame(out_norms[key]).isin(idx)]
        out_norms = pd.concat([out_norms, norm_rows[list(inp.norms.columns)]], ignore_index=True)
    return inp.with_(plans=out_plans, facilities=out_fac, norms=out_norms, base=inp.reference)


def apply(con, inp: Inputs, name_or_id: str) -> Inputs:
    """Inputs with the stored case applied; UnknownCase when there is no such case."""
    found = db.find_case(con, name_or_id)
    if found.empty:
        raise UnknownCase(f"no case named '{name_or_id}'")
    case_id = found["case_id"].iloc[0]
    return overlay(inp, db.case_rows(con, "case_plans", case_id), db.case_rows(con, "case_facilities", case_id),
                   db.case_rows(con, "case_norms", case_id).drop(columns=["case_id"]))
