"""Generic CSV tables: population, dwellings, plans, norms and facility rules (columns documented in the README)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lib.core import cbs, classification, norms
from lib.ingest import validate
from lib.ingest.files import read_csv_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

MAX_PERSONS = 1_000_000  # per area, year and band
MAX_DWELLINGS = 500_000  # per area or plan
YEARS = (1900, 2100)


def _year(df, problems):
    return validate.numbers(df, "year", problems, minimum=YEARS[0], maximum=YEARS[1], integer=True, what="year")


def _buurt_codes(df: pd.DataFrame, ctx: Context, problems: Problems) -> None:
    validate.known_codes(df, "area_code", ctx.codes, problems)
    buurten = ctx.codes_at("buurt")
    for row in df.index[df["area_code"].isin(ctx.codes) & ~df["area_code"].isin(buurten)]:
        problems.add(int(row), "area_code", f"'{df.at[row, 'area_code']}' is not a buurt: give figures per buurt "
                                            "(wijk and gemeente figures are sums of their buurten)")


def read_population(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """CSV area_code,year,age_min,age_max,persons (age_max inclusive; empty = open-ended)."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, ["area_code", "year", "age_min", "age_max", "persons"],
                                                  problems):
        return None, problems
    _buurt_codes(df, ctx, problems)
    year = _year(df, problems)
    lo = validate.numbers(df, "age_min", problems, maximum=120, integer=True, what="age")
    hi = validate.numbers(df, "age_max", problems, required=False, maximum=120, integer=True, what="age")
    persons = validate.numbers(df, "persons", problems, maximum=MAX_PERSONS, what="number of persons",
                                count=True)
    for row in df.index[hi.notna() & lo.notna() & (hi < lo)]:
        problems.add(int(row), "age_max", f"age_max {hi[row]:g} is below age_min {lo[row]:g}")
    validate.unique(df, ["area_code", "year", "age_min"], problems)
    if problems:
        return None, problems
    out = pd.DataFrame({"area_code": df["area_code"], "year": year.astype(int), "age_min": lo.astype(int),
                        "age_max": hi.astype("Int64"), "persons": persons, "source": path.name})
    ordered = out.sort_values(["area_code", "year", "age_min"])
    prev_max = ordered.groupby(["area_code", "year"])["age_max"].shift(1)
    prev_open = ordered.groupby(["area_code", "year"])["age_max"].shift(1).isna() & \
        ordered.groupby(["area_code", "year"]).cumcount().gt(0)
    overlap = (prev_max.notna() & (ordered["age_min"] <= prev_max)) | prev_open
    for row in ordered.index[overlap.fillna(False).to_numpy()]:
        hi_text = "" if pd.isna(out.at[row, "age_max"]) else out.at[row, "age_max"]
        problems.add(int(row), "age_min", f"age band {out.at[row, 'age_min']}-{hi_text} overlaps another band "
                                          f"of {out.at[row, 'area_code']} in {out.at[row, 'year']}")
    if problems:
        return None, problems
    out = out.reset_index(drop=True)
    return Parsed("population", "generic-csv", {"population": out},
                  summary=f"{len(out)} population rows for {out['area_code'].nunique()} buurten, years "
                          f"{', '.join(map(str, sorted(out['year'].unique())))}"), problems


def read_dwellings(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """CSV area_code,year,dwellings."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, ["area_code", "year", "dwellings"], problems):
        return None, problems
    _buurt_codes(df, ctx, problems)
    year = _year(df, problems)
    dw = validate.numbers(df, "dwellings", problems, maximum=MAX_DWELLINGS, what="number of dwellings",
                          count=True)
    validate.unique(df, ["area_code", "year"], problems)
    if problems:
        return None, problems
    out = pd.DataFrame({"area_code": df["area_code"], "year": year.astype(int), "dwellings": dw,
                        "source": path.name}).reset_index(drop=True)
    return Parsed("dwellings", "generic-csv", {"dwellings": out},
                  summary=f"{len(out)} dwelling counts for {out['area_code'].nunique()} buurten"), problems


def read_plans(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """CSV plan_id,name,area_code,year,dwellings[,demolished][,dwelling_type].

    ``dwellings`` are new dwellings (≥ 0); dwellings taken down go in ``demolished`` (≥ 0), never as a negative
    number. A plan year before the base year is refused: the base year's population already includes it."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, ["plan_id", "name", "area_code", "year", "dwellings"],
                                                  problems):
        return None, problems
    validate.non_empty(df, "plan_id", problems)
    validate.unique(df, ["plan_id"], problems)
    _buurt_codes(df, ctx, problems)
    year = _year(df, problems)
    dw = validate.numbers(df, "dwellings", problems, minimum=None, maximum=MAX_DWELLINGS, what="number of dwellings",
                          count=True)
    gone = validate.numbers(df, "demolished", problems, required=False, maximum=MAX_DWELLINGS,
                            what="number of demolished dwellings", count=True) if "demolished" in df.columns \
        else pd.Series(0.0, index=df.index)
    for row in df.index[dw < 0]:
        problems.add(int(row), "dwellings", "give demolished dwellings in the column 'demolished', not as a "
                                            "negative number")
    if ctx.base_year is not None:
        for row in df.index[(year < ctx.base_year) & (year >= YEARS[0])]:
            problems.add(int(row), "year", f"{int(year[row])} is before the base year {ctx.base_year}: the "
                                           f"{ctx.base_year} population already includes dwellings completed "
                                           "earlier")
    if problems:
        return None, problems
    dtype = df["dwelling_type"] if "dwelling_type" in df.columns else pd.Series("", index=df.index)
    out = pd.DataFrame({"plan_id": df["plan_id"], "name": df["name"], "area_code": df["area_code"],
                        "year": year.astype(int), "dwellings": dw, "demolished": gone.fillna(0.0),
                        "dwelling_type": dtype.where(dtype != "", None),
                        "source": path.name}).reset_index(drop=True)
    return Parsed("plans", "generic-csv", {"plans": out},
                  summary=f"{len(out)} plans, {out['dwellings'].sum():,.0f} dwellings"), problems


def validate_norms(df: pd.DataFrame, problems: Problems) -> pd.DataFrame | None:
    """Check norm rows (strings, spreadsheet row index) → typed norms table, or None with problems."""
    if not validate.require_columns(df, ["facility_type", "basis", "amount", "per", "unit", "catchment_m",
                                         "service_level", "woonmilieu", "source"], problems):
        return None
    df = df.copy()
    for col in ("facility_type", "unit"):
        validate.non_empty(df, col, problems)
    for row in df.index:
        if norms.parse_basis(df.at[row, "basis"]) is None:
            problems.add(int(row), "basis", f"'{df.at[row, 'basis']}' is not a basis: use inhabitants, dwellings "
                                            "or age:A-B (e.g. age:4-11)")
    amount = validate.numbers(df, "amount", problems, minimum=0, maximum=1e9, what="amount")
    distance = df["unit"] == norms.DISTANCE_UNIT
    per_text = df["per"].where(~(distance & (df["per"] == "")), "1")
    per = validate.numbers(df.assign(per=per_text), "per", problems, minimum=0, maximum=1e9, what="number")
    for row in df.index[per == 0]:
        problems.add(int(row), "per", "per must be greater than 0")
    for row in df.index[amount == 0]:
        problems.add(int(row), "amount", "amount must be greater than 0")
    catch = validate.numbers(df, "catchment_m", problems, required=False, minimum=0, maximum=100_000,
                             what="distance in metres")
    level = df["service_level"].str.lower()
    for row in df.index[(level != "") & ~level.isin(cbs.LEVELS)]:
        problems.add(int(row), "service_level", f"'{df.at[row, 'service_level']}' is not buurt, wijk or gemeente")
    both = catch.notna() & (level != "")
    neither = catch.isna() & (level == "") & ~distance
    for row in df.index[both]:
        problems.add(int(row), "catchment_m", "give either catchment_m or service_level, not both")
    for row in df.index[neither]:
        problems.add(int(row), "catchment_m", "give catchment_m (metres) or service_level (buurt/wijk/gemeente)")
    wm = df["woonmilieu"]
    for row in df.index[(wm != "") & ~wm.isin(cbs.WOONMILIEUS)]:
        problems.add(int(row), "woonmilieu", f"unknown woonmilieu '{wm[row]}' (use: {', '.join(cbs.WOONMILIEUS)})")
    validate.unique(df, ["facility_type", "woonmilieu"], problems)
    method = pd.Series(np.where(distance, "distance", np.where(level != "", "service_level:" + level, "catchment")),
                       index=df.index)
    for ftype, idx in df.groupby("facility_type").groups.items():
        for col, values in (("unit", df.loc[idx, "unit"]), ("service_level", method[idx])):
            if values.nunique() > 1:
                first = values.iloc[0]
                for row in values.index[values != first]:
                    problems.add(int(row), col, f"all rows of '{ftype}' must use the same {col.replace('_', ' ')} "
                                                f"and method as row {values.index[0]} ('{first}')")
    if problems:
        return None
    return pd.DataFrame({
        "facility_type": df["facility_type"], "woonmilieu": wm, "basis": df["basis"].str.lower(),
        "amount": amount, "per": per, "unit": df["unit"], "catchment_m": catch,
        "service_level": level.where(level != "", None), "source": df["source"],
        "status": df["status"] if "status" in df.columns else "",
    }).reset_index(drop=True)


def read_norms(path: Path, ctx: Context | None = None) -> tuple[Parsed | None, Problems]:
    """CSV facility_type,basis,amount,per,unit,catchment_m,service_level,woonmilieu,source[,status]."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None:
        return None, problems
    out = validate_norms(df, problems)
    if out is None:
        return None, problems
    return Parsed("norms", "generic-csv", {"norms": out},
                  summary=f"{len(out)} norms for {out['facility_type'].nunique()} facility types"), problems


YES, NO = ("yes", "ja", "true", "1"), ("no", "nee", "false", "0")


def read_facility_rules(path: Path, ctx: Context | None = None) -> tuple[Parsed | None, Problems]:
    """CSV pattern,type,counts,reason,source: which imported sites count for their type (lib.core.classification).

    The file replaces every rule; the order of the rows is the order in which rules are tried."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, ["pattern", "type", "counts", "reason", "source"], problems):
        return None, problems
    for row in df.index:
        why = classification.valid_pattern(df.at[row, "pattern"])
        if why:
            problems.add(int(row), "pattern", why)
    for col in ("type", "reason", "source"):
        validate.non_empty(df, col, problems)
    counts = df["counts"].str.lower()
    for row in df.index[~counts.isin(YES + NO)]:
        problems.add(int(row), "counts", f"'{df.at[row, 'counts']}' is not yes or no")
    if problems:
        return None, problems
    out = pd.DataFrame({"position": np.arange(1, len(df) + 1), "pattern": df["pattern"].to_numpy(),
                        "type": df["type"].to_numpy(), "counts": counts.isin(YES).to_numpy(),
                        "reason": df["reason"].to_numpy(), "source": df["source"].to_numpy()})
    excluded = int((~out["counts"]).sum())
    return Parsed("facility_rules", "generic-csv", {"facility_rules": out},
                  summary=f"{len(out)} facility rules ({excluded} exclusions)"), problems
