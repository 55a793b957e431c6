"""View models for the pages: KPIs, ranked lists and display tables built from the gap table."""

from __future__ import annotations

import pandas as pd

from lib.i18n import t


def kpis(table: pd.DataFrame, ftype: str, year: int) -> dict:
    """Numbers for the KPI cards of one facility type and year (units as in the norm)."""
    rows = table[(table["facility_type"] == ftype) & (table["year"] == year)]
    short = rows[rows["status"] == "shortfall"]
    distance = (rows["method"] == "distance").any()
    return {
        "areas": int(len(rows)),
        "areas_shortfall": int(len(short)),
        "need": float(rows["need"].sum()) if not distance else float("nan"),
        "supply": float(rows["supply"].sum()) if not distance else float("nan"),
        "shortfall_total": float(-short["gap"].sum()) if not distance else float("nan"),
        "unit": rows["unit"].iloc[0] if len(rows) else "",
        "estimate": bool(rows["estimate"].any()),
        "forecast": bool(rows["forecast"].any()),
        "level": rows["level"].iloc[0] if len(rows) else "",
    }


def rows_for(table: pd.DataFrame, ftype: str, year: int) -> pd.DataFrame:
    return table[(table["facility_type"] == ftype) & (table["year"] == year)]


def based_on(rows: pd.DataFrame) -> str:
    """One line naming the supply source(s) and the norm's source for a set of gap rows."""
    if rows.empty:
        return ""
    src = "; ".join(sorted(map(str, rows["supply_source"].dropna().unique())))
    return f"{src} · norm: {rows['norm_source'].iloc[0]} ({rows['norm_status'].iloc[0]})"


def ranked(table: pd.DataFrame, ftype: str, year: int, n: int = 10) -> pd.DataFrame:
    """The ``n`` areas with the largest shortfall (most negative gap) for a type and year."""
    rows = table[(table["facility_type"] == ftype) & (table["year"] == year) & (table["status"] == "shortfall")]
    return rows.sort_values("gap").head(n)


DISPLAY = ["area_code", "area_name", "level", "year", "need", "supply", "gap", "unit", "status", "basis",
           "estimate", "forecast"]


def display(rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Rounded, translated table for the screen (numbers to 1 decimal, status in words)."""
    out = rows[DISPLAY].copy()
    for c in ("need", "supply", "gap"):
        out[c] = out[c].round(1)
    out["status"] = out["status"].map(lambda s: t(s, lang))
    names = {"area_code": "code", "area_name": t("area", lang), "level": t("level", lang), "year": t("year", lang),
             "need": t("need", lang), "supply": t("supply", lang), "gap": t("gap", lang), "unit": t("unit", lang),
             "status": t("status", lang), "basis": t("basis", lang), "estimate": t("estimate", lang),
             "forecast": t("forecast", lang)}
    return out.rename(columns=names)


def inhabitants(pop: pd.DataFrame, year: int) -> float:
    return float(pop.loc[pop["year"] == year, "persons"].sum())
