"""Which imported sites count for their facility type: the editable rules of data/facility_rules.csv.

A rule is (position, pattern, type, counts, reason, source). ``pattern`` is a case-insensitive regular
expression searched in the facility's name; ``type`` limits the rule to one facility type ('*' = any). For each
facility the first matching rule (by position) decides; a facility no rule matches counts. Excluded facilities
are left out of every computation (need, supply, sharing, maps) and listed with their reason and source on the
Data page. The rules apply to the base data; a facility a workshop case adds always counts (someone put it there
on purpose).

Example (Utrecht, data/SOURCES.md "Findings"): the Mulier sports file lists 'zwemmen' at Sauna La Mar, De
Hoogstraat Revalidatie, David Lloyd, UMC Utrecht and Medicort, none of which is a public swimming pool.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

RULE_COLUMNS = ["position", "pattern", "type", "counts", "reason", "source"]
EXCLUDED_COLUMNS = ["id", "name", "type", "area_code", "reason", "source", "pattern"]
ANY_TYPE = "*"


def empty_rules() -> pd.DataFrame:
    return pd.DataFrame(columns=RULE_COLUMNS)


def decide(facilities: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Per facility (same index): counts (bool), reason, source and pattern of the deciding rule ('' = none)."""
    out = pd.DataFrame({"counts": True, "reason": "", "source": "", "pattern": ""}, index=facilities.index)
    if rules is None or rules.empty or facilities.empty:
        return out
    names = facilities["name"].fillna("").astype(str)
    undecided = pd.Series(True, index=facilities.index)
    for rule in rules.sort_values("position").itertuples(index=False):
        applies = undecided & (facilities["type"].eq(rule.type) if rule.type != ANY_TYPE else True)
        hit = applies & names.str.contains(rule.pattern, flags=re.IGNORECASE, regex=True)
        if hit.any():
            out.loc[hit, ["counts", "reason", "source", "pattern"]] = [bool(rule.counts), rule.reason, rule.source,
                                                                        rule.pattern]
            undecided &= ~hit
    out["counts"] = out["counts"].astype(bool)
    return out


def split(facilities: pd.DataFrame, rules: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(counted facilities, excluded facilities with id, name, type, area_code, reason, source, pattern)."""
    d = decide(facilities, rules)
    keep = d["counts"].to_numpy(dtype=bool)
    excluded = facilities.loc[~keep, ["id", "name", "type", "area_code"]].join(d.loc[~keep, ["reason", "source",
                                                                                            "pattern"]])
    return facilities[keep].reset_index(drop=True), excluded.reset_index(drop=True)[EXCLUDED_COLUMNS]


def valid_pattern(pattern: str) -> str | None:
    """None when ``pattern`` is a usable regular expression, else the reason it is not."""
    if not str(pattern).strip():
        return "empty pattern"
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        return f"not a valid pattern: {exc}"
    return None


def counted_mask(facilities: pd.DataFrame, rules: pd.DataFrame) -> np.ndarray:
    return decide(facilities, rules)["counts"].to_numpy(dtype=bool)
