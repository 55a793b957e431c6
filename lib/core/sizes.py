"""One standard unit of a facility type (data/standard_sizes.csv): the yardstick for 'negligible' gaps, for the
coverage check of empty wijken, and for the sharing options' facility-equivalents (lib.sharing.common).

240 primary-school places (median DUO enrolment of a Utrecht school), 1 gymzaal, 1 sporthal, …; a type without a
row, or whose row is in another unit than the norm, counts 1 of the norm's unit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

SIZES_CSV = Path(__file__).resolve().parents[2] / "data" / "standard_sizes.csv"


@lru_cache(maxsize=4)
def _table(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"function": str, "variant": str})


def unit_size(ftype: str, unit: str, path: Path | str = SIZES_CSV) -> float:
    """One standard unit of ``ftype`` in the norm's ``unit`` (default variant); 1.0 when there is none. Looked up
    once per (type, unit, file): the map's tooltips ask it for every negligible shortfall."""
    return _unit_size(ftype, unit, str(path))


@lru_cache(maxsize=256)
def _unit_size(ftype: str, unit: str, path: str) -> float:
    s = _table(path)
    row = s[(s["function"] == ftype) & (s["variant"] == "default") & (s["capacity_unit"] == unit)]
    return float(row["unit_capacity"].iloc[0]) if len(row) else 1.0
