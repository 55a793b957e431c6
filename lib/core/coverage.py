"""Coverage checks: where the facility data is probably incomplete, so a shortfall may be an artefact of missing
data (status ``data_gap``, "onbekend: waarschijnlijk ontbrekende gegevens"; lib.core.status).

The checks run on the BASE data (``Inputs.reference``): facility points as imported, the population of the base
year and the base norms. A workshop case therefore never moves a buurt into or out of a data gap (closing a
facility cannot turn a red buurt grey). Two checks, each documented in docs/numbers.md:

1. ``pe_school`` (gymzalen). Physical education is compulsory (2 lessons, 90 minutes a week since 1 August 2023,
   Impuls bewegingsonderwijs), so every school location needs gym time nearby. A school location is implausible
   when the listed gymzalen within the gym norm's catchment cannot give it that time even if fully used for
   school PE: with 2SFCA over school locations, PE demand = ``PE_SHARE`` (0.75: groups 3-8 of 8) × DUO pupils and
   a gymzaal's PE capacity = ``PE_PUPILS_PER_GYM`` (440 pupils: 35 slots of 45 minutes a week, 2 lessons per group
   of 25, the derivation of the default gym norm), the school's access Σ R_j < 1. Every buurt with such a school
   within its gym catchment is flagged for gyms.
2. ``empty_wijk`` (every type with facility points). A wijk whose need in the base year is at least
   ``EMPTY_WIJK_UNITS`` (2) standard units (lib.core.sizes: 2 gymzalen, 2 sporthallen, 480 school places) and
   that holds no facility of the type at all is more likely missing from the data than from reality; all its
   buurten are flagged for that type.

Flags are not statuses: lib.core.status turns a flagged shortfall or tight status into ``data_gap`` and leaves a
sufficient or surplus status alone (missing facilities can only add supply).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core import catchment, hierarchy, sizes

PE_TYPE = "gym"
SCHOOL_TYPES = ("primary_school", "special_primary_school", "special_school")
PE_SHARE = 0.75
PE_PUPILS_PER_GYM = 440.0
EMPTY_WIJK_UNITS = 2.0
CHECKS = ("pe_school", "empty_wijk")
FLAG_COLUMNS = ["facility_type", "area_code", "check", "count"]
SCHOOL_COLUMNS = ["id", "name", "area_code", "pupils", "pe_demand", "gyms_in_reach", "pe_access", "implausible"]


def pe_schools(facilities: pd.DataFrame, radius_m: float) -> pd.DataFrame:
    """School locations with their PE access: pupils (DUO), pe_demand (pupils × 0.75), gyms_in_reach (gymzalen
    within ``radius_m``), pe_access = Σ R_j over those gyms with R_j = 440 × gymzalen_j / Σ pe_demand in reach of
    j, and implausible (pe_access < 1)."""
    sch = facilities[facilities["type"].isin(SCHOOL_TYPES)].reset_index(drop=True)
    gyms = facilities[facilities["type"] == PE_TYPE].reset_index(drop=True)
    pupils = sch["capacity"].astype("float64").fillna(0.0).to_numpy()
    demand = PE_SHARE * pupils
    pairs = catchment.pairs_within(sch["x"].to_numpy(dtype="float64"), sch["y"].to_numpy(dtype="float64"),
                                   np.full(len(sch), float(radius_m)), gyms["x"].to_numpy(dtype="float64"),
                                   gyms["y"].to_numpy(dtype="float64"))
    cap = PE_PUPILS_PER_GYM * gyms["capacity"].astype("float64").fillna(1.0).to_numpy()
    supply, _ = catchment.two_step(demand, cap, pairs)
    with np.errstate(divide="ignore", invalid="ignore"):
        access = np.where(demand > 0, supply / demand, np.inf)
    n_gyms = np.bincount(pairs.area, weights=gyms["capacity"].astype("float64").fillna(1.0).to_numpy()[pairs.facility],
                         minlength=len(sch)) if len(pairs.area) else np.zeros(len(sch))
    return pd.DataFrame({"id": sch["id"], "name": sch["name"], "area_code": sch["area_code"], "x": sch["x"],
                         "y": sch["y"], "pupils": pupils, "pe_demand": demand, "gyms_in_reach": n_gyms,
                         "pe_access": access, "implausible": (demand > 0) & (access < 1)})


def flags(areas: pd.DataFrame, codes: np.ndarray, facilities: pd.DataFrame,
          needs: dict[str, tuple[np.ndarray, np.ndarray, str, str]], wijk: np.ndarray | None = None) -> pd.DataFrame:
    """Coverage flags per (facility_type, buurt) on base data.

    ``codes``: the buurten to check; ``needs``: per point-based facility type (catchment or service-level norm) a
    tuple (need per buurt in the base year, catchment radius per buurt in m (NaN for service-level norms), the
    norm's unit, the method), in the order of ``codes``; ``wijk``: the wijk of each buurt (looked up when None).
    Returns facility_type, area_code, check, count (implausible school locations in reach; 0 for an empty wijk).
    """
    codes = np.asarray(codes, dtype=object)
    buurten = areas.set_index("code").loc[codes].reset_index()
    if wijk is None:
        wijk = hierarchy.ancestors(areas, buurten["code"], "wijk").to_numpy()
    out = []
    if PE_TYPE in needs and len(buurten):
        need, radius, _, method = needs[PE_TYPE]
        if method == "catchment" and np.isfinite(radius).any():
            sch = pe_schools(facilities, float(np.nanmax(radius)))
            bad = sch[sch["implausible"]]
            pairs = catchment.pairs_within(buurten["cx"].to_numpy(), buurten["cy"].to_numpy(),
                                           np.nan_to_num(radius, nan=-1.0), bad["x"].to_numpy(dtype="float64"),
                                           bad["y"].to_numpy(dtype="float64"))
            n_bad = np.bincount(pairs.area, minlength=len(codes)) if len(pairs.area) else np.zeros(len(codes), int)
            hit = n_bad > 0
            out.append(pd.DataFrame({"facility_type": PE_TYPE, "area_code": codes[hit], "check": "pe_school",
                                     "count": n_bad[hit]}))
    for ftype, (need, _, unit, _) in needs.items():
        size = sizes.unit_size(ftype, unit)
        per_wijk = pd.Series(need, index=wijk).groupby(level=0).sum()
        fac = facilities[facilities["type"] == ftype]
        held = set(pd.Series(wijk, index=codes).reindex(fac["area_code"].dropna().unique()).dropna())
        empty = per_wijk[(per_wijk >= EMPTY_WIJK_UNITS * size) & ~per_wijk.index.isin(held)]
        hit = pd.Series(wijk).isin(empty.index).to_numpy()
        if hit.any():
            out.append(pd.DataFrame({"facility_type": ftype, "area_code": codes[hit], "check": "empty_wijk",
                                     "count": 0}))
    if not out:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    return pd.concat(out, ignore_index=True)[FLAG_COLUMNS]


def flagged_checks(flag_rows: pd.DataFrame, ftype: str, codes: np.ndarray) -> np.ndarray:
    """Per buurt code (in ``codes`` order) the checks that flag it for ``ftype``, joined with '+' ('' = none)."""
    f = flag_rows[flag_rows["facility_type"] == ftype]
    out = np.full(len(codes), "", dtype=object)
    if f.empty:
        return out
    index = pd.Index(codes)
    for check in CHECKS:  # in a fixed order, so the joined text is the same wherever it is made
        hit = np.zeros(len(codes), bool)
        pos = index.get_indexer(f.loc[f["check"] == check, "area_code"])
        hit[pos[pos >= 0]] = True
        out = np.where(hit, np.where(out == "", check, out + "+" + check), out)
    return out.astype(object)
