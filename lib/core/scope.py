"""Municipality scope for a database with several gemeenten: the national view and drill-down to one gemeente."""

from __future__ import annotations

import pandas as pd

from lib.core import population
from lib.core.hierarchy import codes_in, gemeente_of, municipalities  # noqa: F401  (scope's API)
from lib.core.inputs import Inputs


def rows_in(table: pd.DataFrame, codes: set[str] | None) -> pd.DataFrame:
    """Gap (or shape) rows whose ``area_code``/``code`` is in ``codes`` (all rows when codes is None)."""
    if codes is None:
        return table
    col = "area_code" if "area_code" in table.columns else "code"
    return table[table[col].isin(codes)]


def inhabitants_by_year(inp: Inputs, codes: set[str] | None = None) -> pd.Series:
    """Persons per year (imported years, then the forecast from plans) in ``codes`` (all buurten when None)."""
    buurten = inp.areas.loc[inp.areas["level"] == "buurt", "code"]
    if codes is not None:
        buurten = buurten[buurten.isin(codes)]
    pt = population.tensor(inp.population, inp.dwellings, inp.plans, inp.years, inp.base_year, inp.occupancy,
                           buurten.to_numpy())
    return pd.Series(pt.persons.sum(axis=(0, 2)), index=pd.Index(pt.years, name="year"), dtype="float64")


def default_level(n_municipalities: int, gm: str | None) -> tuple[str, ...]:
    """Levels offered: the national view (several gemeenten, none chosen) starts at gemeente and offers wijk
    too, never 14,500 buurt polygons at once; one gemeente offers buurt, wijk and gemeente."""
    if n_municipalities > 1 and not gm:
        return ("gemeente", "wijk")
    return ("buurt", "wijk", "gemeente")


def facilities_in(facilities: pd.DataFrame, areas: pd.DataFrame, gm: str | None, n_municipalities: int):
    """Facilities to draw: those in gemeente ``gm``; none in the national view (tens of thousands of points)."""
    if n_municipalities > 1 and not gm:
        return None
    if not gm:
        return facilities
    return facilities[facilities["area_code"].isin(codes_in(areas, gm))]


def inputs_in(inp: Inputs, gm: str | None) -> Inputs:
    """The inputs of one gemeente (areas, people, dwellings, plans, facilities, distances); all when gm is None."""
    if not gm:
        return inp
    codes = codes_in(inp.areas, gm)

    def keep(df: pd.DataFrame, col: str = "area_code") -> pd.DataFrame:
        return df[df[col].isin(codes)]

    return inp.with_(areas=keep(inp.areas, "code"), population=keep(inp.population), dwellings=keep(inp.dwellings),
                     plans=keep(inp.plans), facilities=keep(inp.facilities), distances=keep(inp.distances))
