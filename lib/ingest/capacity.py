"""Real capacities for existing facilities: ``python -m lib import capacity FILE`` and the Data page.

CSV ``facility_id,capacity,unit,source`` (other columns, e.g. ``name`` from the template, are ignored):

* ``facility_id``: an existing facility, e.g. ``DUO-00AA00`` for a DUO school location;
* ``capacity`` > 0 in ``unit``; the unit must have a stated conversion to the norm's unit for the facility's type
  in data/capacity_conversions.csv (places as given; classrooms × 23.1 pupils per group, derived from the DUO
  average group size; m² × 1/7 places, an assumption; gymzalen from m² × 1/252, the VNG stichtingsnorm). Any other
  unit is refused: nothing is converted without a stated factor;
* ``source``: where the figure comes from (e.g. "IHP Utrecht 2024").

Every problem is reported as file:row:column and nothing is written when there is one. A facility with an imported
capacity counts as real capacity (lib.core.supply): its type's statuses become real shortfall/surplus statuses in
the areas where every facility in reach has one. Re-importing a facility id replaces its capacity.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib.ingest import validate
from lib.ingest.files import read_csv_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

CONVERSIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "capacity_conversions.csv"
COLUMNS = ["facility_id", "capacity", "unit", "source"]
MAX_VALUE = 1_000_000


@lru_cache(maxsize=4)
def _conversions(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"facility_type": str, "unit": str, "to_unit": str, "source": str,
                                    "status": str})


def conversions(path: Path | str = CONVERSIONS_CSV) -> pd.DataFrame:
    """facility_type, unit, to_unit, factor, source, status (sourced / derived / assumption)."""
    return _conversions(str(path)).copy()


def read_capacities(path: Path, ctx: Context) -> tuple[Parsed | None, Problems]:
    """Validate a capacity file against the loaded facilities and the conversions (see the module docstring)."""
    problems = Problems(path.name)
    df = read_csv_strings(path, problems)
    if df is None or not validate.require_columns(df, COLUMNS, problems):
        return None, problems
    validate.non_empty(df, "facility_id", problems)
    validate.non_empty(df, "source", problems)
    validate.unique(df, ["facility_id"], problems)
    value = validate.numbers(df, "capacity", problems, minimum=0, maximum=MAX_VALUE, what="capacity")
    for row in df.index[value == 0]:
        problems.add(int(row), "capacity", "capacity must be greater than 0")
    fac = ctx.facilities.set_index("id") if ctx.facilities is not None and len(ctx.facilities) else None
    conv = conversions()
    factors, to_units, notes = {}, {}, {}
    for row in df.index:
        fid, unit = df.at[row, "facility_id"], df.at[row, "unit"].strip().lower()
        if not fid:
            continue
        if fac is None or fid not in fac.index:
            problems.add(int(row), "facility_id", f"unknown facility '{fid}' (import the facility points first; "
                                                  "ids look like DUO-00AA00 or MUL-123-gym)")
            continue
        ftype = str(fac.at[fid, "type"])
        ok = conv[conv["facility_type"] == ftype]
        hit = ok[ok["unit"] == unit]
        if hit.empty:
            accepted = ", ".join(ok["unit"]) or "none: no capacity conversion is defined for this type"
            problems.add(int(row), "unit", f"cannot use unit '{df.at[row, 'unit']}' for {ftype} '{fid}' "
                                           f"(accepted: {accepted})")
            continue
        h = hit.iloc[0]
        factors[row], to_units[row] = float(h["factor"]), str(h["to_unit"])
        notes[row] = "" if unit == h["to_unit"] else f"× {float(h['factor']):g} {h['to_unit']} per {unit} " \
                                                     f"({h['status']}: {h['source']})"
    if problems:
        return None, problems
    out = pd.DataFrame({
        "facility_id": df["facility_id"].to_numpy(),
        "capacity": [value[r] * factors[r] for r in df.index],
        "unit": [to_units[r] for r in df.index],
        "value": value.to_numpy(dtype="float64"), "value_unit": df["unit"].str.strip().str.lower().to_numpy(),
        "conversion": [notes[r] for r in df.index], "source": df["source"].to_numpy()})
    converted = int((out["conversion"] != "").sum())
    return Parsed("capacity", "generic-csv", {"capacities": out},
                  notes=[("capacity", f"{len(out)} real capacities imported ({converted} converted from another "
                                      "unit)", len(out))],
                  summary=f"{len(out)} real capacities ({converted} converted)"), problems


def template_csv(facilities: pd.DataFrame) -> str:
    """A capacity file to fill in: one row per facility whose type has a conversion, with its name for
    orientation (the importer ignores the name column); capacity and source are left empty."""
    conv = conversions()
    fac = facilities[facilities["type"].isin(conv["facility_type"])].sort_values(["type", "name", "id"])
    unit = fac["type"].map(conv.drop_duplicates("facility_type").set_index("facility_type")["to_unit"])
    out = pd.DataFrame({"facility_id": fac["id"], "capacity": "", "unit": unit, "source": "",
                        "name": fac["name"], "type": fac["type"]})
    buf = io.StringIO()
    out.to_csv(buf, index=False)
    return buf.getvalue()
