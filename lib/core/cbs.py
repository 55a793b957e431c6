"""CBS conventions: area codes (BU gggg ww bb → WK gggg ww → GM gggg) and published values.

CBS publishes '.' for "not available or suppressed"; it is read as missing, never as 0
(``lib.ingest.cbs_tables.cbs_values``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

BUURT_RE = re.compile(r"^BU\d{8}$")
WIJK_RE = re.compile(r"^WK\d{6}$")
GEMEENTE_RE = re.compile(r"^GM\d{4}$")

LEVELS = ("buurt", "wijk", "gemeente")


def level_of(code: str) -> str | None:
    """'buurt', 'wijk' or 'gemeente' for a CBS code; None when it is not a CBS code."""
    if BUURT_RE.match(code):
        return "buurt"
    if WIJK_RE.match(code):
        return "wijk"
    if GEMEENTE_RE.match(code):
        return "gemeente"
    return None


def parent_of(code: str) -> str | None:
    """The CBS parent code: buurt → wijk, wijk → gemeente, gemeente → None."""
    level = level_of(code)
    if level == "buurt":
        return "WK" + code[2:8]
    if level == "wijk":
        return "GM" + code[2:6]
    return None


def woonmilieu_from_ste_mvs(ste_mvs: pd.Series) -> pd.Series:
    """CBS stedelijkheid → woonmilieu: 1 centrum-stedelijk, 2-3 gemengd stedelijk, 4-5 groen-blauw."""
    mapping = {1: "centrum-stedelijk", 2: "gemengd stedelijk", 3: "gemengd stedelijk", 4: "groen-blauw",
               5: "groen-blauw"}
    out = pd.Series(np.nan, index=ste_mvs.index, dtype="object")
    for k, v in mapping.items():
        out[ste_mvs == k] = v
    return out.where(out.notna(), None)


WOONMILIEUS = ("centrum-stedelijk", "gemengd stedelijk", "groen-blauw")
