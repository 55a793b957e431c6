"""CBS statistics: Kerncijfers Wijken en Buurten (KWB, xlsx/csv) and Nabijheid voorzieningen (csv).

KWB gives per buurt the persons in five age bands (0-14, 15-24, 25-44, 45-64, 65+), dwellings
(``a_woning``) and stedelijkheid (``ste_mvs``). Population and dwellings are stored per *buurt* only;
wijk and gemeente figures are sums of their buurten (CBS rounds buurt figures to multiples of 5, so a
sum differs slightly from CBS's own gemeente figure: reported as a data-quality note).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.core import cbs
from lib.ingest import validate
from lib.ingest.files import check_file, check_zip, read_csv_strings
from lib.ingest.parsed import Context, Parsed
from lib.ingest.problems import Problems

LICENCE = "CC BY 4.0 — Bron: CBS"

#: KWB age-band columns → (age_min, age_max inclusive; None = open-ended), persons.
KWB_BANDS = {"a_00_14": (0, 14), "a_15_24": (15, 24), "a_25_44": (25, 44), "a_45_64": (45, 64),
             "a_65_oo": (65, None)}
KWB_REQUIRED = ["a_inw", *KWB_BANDS]
#: CBS stedelijkheid (ste_mvs) classes: 1 very strongly urban … 5 not urban.
STE_MVS = (1, 2, 3, 4, 5)

#: CBS nabijheid column (suffix) → facility type for distance norms; distances are published in km.
NABIJHEID_COLUMNS = {
    "Afstand tot bibliotheek (km)": "library",
    "Afstand tot zwembad (km)": "swimming_pool",
    "Afstand tot huisartsenpraktijk (km)": "gp",
    "Afstand tot grote supermarkt (km)": "supermarket",
    "Afstand tot kinderdagverblijf (km)": "daycare",
}
NABIJHEID_CODE = "Regioaanduiding/Codering (code)"


def year_from_name(path: Path) -> int | None:
    m = re.search(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)", path.name)
    return int(m.group(1)) if m else None


def is_kwb(columns) -> bool:
    cols = {str(c).strip().lower() for c in columns}
    return ("gwb_code_10" in cols or "gwb_code" in cols) and "a_inw" in cols


def is_nabijheid(columns) -> bool:
    return any(str(c).strip().lower() == NABIJHEID_CODE.lower() for c in columns)


def read_table_strings(path: Path, problems: Problems) -> pd.DataFrame | None:
    """xlsx or csv as strings with spreadsheet row numbers as index."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        if not check_file(path, problems) or not check_zip(path, problems):
            return None
        try:
            df = pd.read_excel(path, dtype=object, keep_default_na=False)
        except Exception as exc:
            problems.add(None, None, f"not a readable Excel file: {exc}")
            return None
        df.columns = [str(c).strip().lower() for c in df.columns]
        df = df.apply(lambda s: s.map(_cell_text).str.strip())
        df.index = pd.RangeIndex(2, len(df) + 2)
        df.attrs["decimal"] = None  # text cells in a workbook carry no file convention
        if df.empty:
            problems.add(None, None, "file has a header but no data rows")
            return None
        return df
    return read_csv_strings(path, problems)


def _cell_text(value) -> str:
    """A workbook cell as text. Typed numbers keep their value: whole numbers without '.0', and a fraction that
    would look like a thousands group (1.234) gets a trailing 0 (1.2340) so ``validate.parse_number`` reads it as
    the number it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text + "0" if re.fullmatch(r"-?\d{1,3}\.\d{3}", text) else text


def read_kwb(path: Path, ctx: Context, year: int | None = None) -> tuple[Parsed | None, Problems]:
    """KWB → population and dwellings per buurt, plus names and stedelijkheid of known areas."""
    problems = Problems(path.name)
    df = read_table_strings(path, problems)
    if df is None:
        return None, problems
    code_col = "gwb_code_10" if "gwb_code_10" in df.columns else "gwb_code"
    if not all(c in df.columns for c in KWB_REQUIRED):
        for c in KWB_REQUIRED:
            if c not in df.columns:
                problems.add(1, c, f"missing KWB column '{c}'")
        return None, problems
    year = year or year_from_name(path)
    if year is None:
        problems.add(None, None, "cannot tell the KWB year: put it in the file name (kwb-2024.xlsx) or pass --year")
        return None, problems
    if not ctx.codes:
        problems.add(None, code_col, "no areas are loaded yet: import the buurt polygons first")
        return None, problems

    codes = df[code_col].str.strip()
    df = df.assign(_code=codes, _gm=codes.map(lambda c: "GM" + c[2:6] if cbs.level_of(c) else None))
    loaded_gm = {c for c in ctx.codes if cbs.level_of(c) == "gemeente"} | {
        "GM" + c[2:6] for c in ctx.codes if cbs.level_of(c)}
    notes: list[tuple[str, str, int]] = []
    other = ~df["_gm"].isin(loaded_gm) & df["_code"].map(lambda c: cbs.level_of(c) is not None)
    if other.any():
        notes.append(("skipped", f"{int(other.sum())} rows of municipalities without loaded areas were skipped", int(
            other.sum())))
    for row in df.index[df["_code"].map(lambda c: cbs.level_of(c) is None) & (df["_code"] != "NL00")]:
        problems.add(int(row), code_col, f"'{df.at[row, '_code']}' is not a CBS area code (BU/WK/GM)")
    df = df[~other & df["_code"].map(lambda c: cbs.level_of(c) is not None)]
    for row in df.index[~df["_code"].isin(ctx.codes) & (df["_code"].map(cbs.level_of) == "buurt")]:
        problems.add(int(row), code_col, f"unknown area code '{df.at[row, '_code']}' (not in the loaded areas)")

    parsed: dict[str, pd.Series] = {}
    suppressed: dict[str, int] = {}
    for col in [*KWB_REQUIRED, "a_woning", "ste_mvs"]:
        if col not in df.columns:
            continue
        values, supp = cbs_values(df, col, problems, count=True)
        if col == "ste_mvs":
            for row in df.index[values.notna() & ~values.isin(STE_MVS)]:
                problems.add(int(row), col, f"{values[row]:g} is not a stedelijkheid class: use a whole number 1-5 "
                                            "(1 = very strongly urban … 5 = not urban) or '.' when unknown")
        else:
            for row in df.index[values < 0]:
                problems.add(int(row), col, f"negative count {values[row]:g}")
            for row in df.index[values > 2_000_000]:
                problems.add(int(row), col, f"implausibly large value {values[row]:g}")
        parsed[col] = values
        suppressed[col] = int(supp[df["_code"].map(cbs.level_of) == "buurt"].sum())
    if problems:
        return None, problems

    is_buurt = (df["_code"].map(cbs.level_of) == "buurt") & df["_code"].isin(ctx.codes)
    b = df.index[is_buurt]
    pop_rows = []
    for col, (lo, hi) in KWB_BANDS.items():
        vals = parsed[col][b]
        ok = vals.notna()
        pop_rows.append(pd.DataFrame({"area_code": df.loc[b[ok], "_code"].to_numpy(), "year": year, "age_min": lo,
                                      "age_max": hi, "persons": vals[ok].to_numpy(),
                                      "source": f"CBS KWB {year}"}))
    population = pd.concat(pop_rows, ignore_index=True)
    population["age_max"] = population["age_max"].astype("Int64")
    tables = {"population": population}
    for col, n in suppressed.items():
        if n:
            notes.append(("suppressed", f"KWB {year} column {col}: {n} buurten suppressed/not published ('.')", n))
    if "a_woning" in parsed:
        w = parsed["a_woning"][b]
        ok = w.notna()
        if ok.any():
            tables["dwellings"] = pd.DataFrame({"area_code": df.loc[b[ok], "_code"].to_numpy(), "year": year,
                                                "dwellings": w[ok].to_numpy(), "source": f"CBS KWB {year}"})

    gm_rows = df.index[df["_code"].map(cbs.level_of) == "gemeente"]
    for row in gm_rows:
        gm = df.at[row, "_code"]
        in_gm = df.loc[b, "_code"].str[2:6] == gm[2:6]
        total = parsed["a_inw"][b][in_gm.to_numpy()].sum()
        published = parsed["a_inw"][row]
        if pd.notna(published) and total != published:
            notes.append(("rounding", f"{gm} {year}: buurten sum to {total:,.0f} inhabitants, CBS publishes "
                                      f"{published:,.0f} for the gemeente (buurt figures are rounded to 5)",
                          int(abs(total - published))))

    known = df["_code"].isin(ctx.codes)
    updates = pd.DataFrame({"code": df.loc[known, "_code"].to_numpy()})
    if "regio" in df.columns:
        names = df.loc[known, "regio"].astype("string").fillna("").str.strip()
        unnamed = int((names == "").sum())
        if unnamed:  # an empty region name never blanks the name of a loaded area: the loaded name is kept
            notes.append(("skipped", f"KWB {year}: {unnamed} rows without a region name (regio); the loaded area "
                                     "names were kept", unnamed))
        updates["name"] = names.astype(object).where(names != "", None).to_numpy()
    if "ste_mvs" in parsed:
        updates["ste_mvs"] = parsed["ste_mvs"][known].astype("Int64").to_numpy()
    n_b = len(b)
    return Parsed("kwb", "cbs-kwb", tables, area_updates=updates, notes=notes, licence=LICENCE,
                  summary=f"KWB {year}: {n_b} buurten, {population['persons'].sum():,.0f} persons "
                          f"in {len(KWB_BANDS)} age bands"), problems


def cbs_values(df: pd.DataFrame, col: str, problems: Problems, count: bool = False,
               what: str = "number") -> tuple[pd.Series, pd.Series]:
    """A CBS column as (numbers, suppressed): '.' and blanks are suppressed (missing, never 0); other values are
    read by ``validate.numbers`` (thousands separators, decimal commas; ``count``: whole counts); anything else is
    reported as a problem on its row."""
    text = df[col].astype("string").fillna("").str.strip()
    suppressed = text.isin([".", ""]).astype(bool)
    values = validate.numbers(df.assign(**{col: text.where(~suppressed, "")}), col, problems, required=False,
                              minimum=None, count=count, what=f"{what} (CBS uses '.' for suppressed)")
    return values, suppressed


def read_nabijheid(path: Path, ctx: Context, year: int | None = None) -> tuple[Parsed | None, Problems]:
    """CBS Nabijheid voorzieningen → distance (m) per buurt and facility type."""
    problems = Problems(path.name)
    if not check_file(path, problems):
        return None, problems
    try:
        df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.add(None, None, "file is not UTF-8 encoded; save it as UTF-8 CSV and try again")
        return None, problems
    except Exception as exc:
        problems.add(None, None, f"not a readable CSV file: {exc}")
        return None, problems
    df.index = pd.RangeIndex(2, len(df) + 2)
    df.attrs["decimal"] = ","  # CBS publishes it ';'-separated with decimal commas
    if NABIJHEID_CODE not in df.columns:
        problems.add(1, NABIJHEID_CODE, f"missing column '{NABIJHEID_CODE}'")
        return None, problems
    year = year or year_from_name(path)
    if year is None:
        problems.add(None, None, "cannot tell the year: put it in the file name or pass --year")
        return None, problems
    codes = df[NABIJHEID_CODE].str.strip()  # CBS pads codes with spaces
    is_buurt = codes.map(cbs.level_of) == "buurt"
    known = is_buurt & codes.isin(ctx.codes)
    skipped = int((is_buurt & ~known).sum())
    rows, notes = [], []
    for col in df.columns:
        ftype = next((t for suffix, t in NABIJHEID_COLUMNS.items() if col.endswith(suffix)), None)
        if ftype is None:
            continue
        km, supp = cbs_values(df[known], col, problems, what="distance in km")
        km, supp = km.reindex(df.index), supp.reindex(df.index, fill_value=True)
        ok = known & km.notna()
        if int((known & supp).sum()):
            notes.append(("suppressed", f"nabijheid {year} {ftype}: {int((known & supp).sum())} buurten "
                                        "not published ('.')", int((known & supp).sum())))
        rows.append(pd.DataFrame({"area_code": codes[ok].to_numpy(), "year": year, "facility_type": ftype,
                                  "distance_m": km[ok].to_numpy() * 1000.0,
                                  "source": f"CBS nabijheid {year}"}))
    if problems:
        return None, problems
    if not rows:
        problems.add(1, None, "no known distance columns (e.g. 'Afstand tot bibliotheek (km)') found")
        return None, problems
    out = pd.concat(rows, ignore_index=True)
    if skipped:
        notes.append(("skipped", f"{skipped} buurten of other municipalities skipped", skipped))
    return Parsed("nabijheid", "cbs-nabijheid", {"area_distances": out}, notes=notes, licence=LICENCE,
                  summary=f"CBS nabijheid {year}: {out['area_code'].nunique()} buurten, "
                          f"{out['facility_type'].nunique()} facility types"), problems
