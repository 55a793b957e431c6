"""Everything the computation needs, loaded from the database into DataFrames (EPSG:28992 metres)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from lib.core import db
from lib.core.norms import effective_woonmilieu

#: Last year the UI and forecasts offer.
HORIZON = 2040


@dataclass(frozen=True)
class Inputs:
    """Base data (or base data with a case applied). Never written back."""

    areas: pd.DataFrame        # code, name, level, parent_code, woonmilieu (effective), cx, cy
    population: pd.DataFrame   # area_code, year, age_min, age_max, persons
    dwellings: pd.DataFrame    # area_code, year, dwellings
    facilities: pd.DataFrame   # id, name, type, x, y, capacity, unit, capacity_note, area_code, source
    plans: pd.DataFrame        # plan_id, name, area_code, year, dwellings, dwelling_type
    norms: pd.DataFrame        # facility_type, woonmilieu, basis, amount, per, unit, catchment_m, service_level…
    distances: pd.DataFrame    # area_code, year, facility_type, distance_m, source
    occupancy: pd.DataFrame    # dwelling_type, age_min, age_max, persons_per_dwelling
    base_year: int

    def with_(self, **changes) -> Inputs:
        return replace(self, **changes)

    @property
    def years(self) -> list[int]:
        """Base year … HORIZON (and any earlier imported years)."""
        earlier = sorted(y for y in self.population["year"].unique() if y < self.base_year)
        return [int(y) for y in earlier] + self.offered_years

    @property
    def offered_years(self) -> list[int]:
        """The years every page offers to look at: the base year … HORIZON (the same range everywhere)."""
        return list(range(self.base_year, max(HORIZON, self.base_year) + 1))


def base_year_of(con, population: pd.DataFrame) -> int:
    """The 'base_year' setting, else the latest population year not after this calendar year."""
    setting = db.get_setting(con, "base_year")
    if setting:
        return int(setting)
    years = [int(y) for y in population["year"].unique() if y <= dt.date.today().year]
    return max(years) if years else dt.date.today().year


def load(con) -> Inputs:
    areas = db.table(con, "areas").drop(columns=["geom", "geom_simple"])
    areas["woonmilieu"] = effective_woonmilieu(areas)
    population = db.table(con, "population")
    population["age_max"] = population["age_max"].astype("Int64")
    return Inputs(
        areas=areas, population=population, dwellings=db.table(con, "dwellings"),
        facilities=db.table(con, "facilities"), plans=db.table(con, "plans"), norms=db.table(con, "norms"),
        distances=db.table(con, "area_distances"), occupancy=db.table(con, "occupancy"),
        base_year=base_year_of(con, population),
    )
