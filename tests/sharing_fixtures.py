"""Small hand-made ``Inputs`` for the sharing tests: buurten on a line (EPSG:28992 metres, y = 0), built
directly as DataFrames. Every expectation in tests/test_sharing*.py is computed by hand from these."""

from __future__ import annotations

import pandas as pd

from lib.core.inputs import Inputs

WIJK = "WK000101"


def make_inputs(buurten: list[tuple[str, float, float]], bands: list[tuple[str, int, int, float]],
                facilities: list[tuple[str, str, str, float, float, float, str]], norms: list[dict],
                distances: list[tuple[str, str, float]] = (), base_year: int = 2024) -> Inputs:
    """buurten: (code, x, y); bands: (code, age_min, age_max, persons); facilities: (id, name, type, x, y, capacity,
    unit), each in the buurt with the nearest centroid; norms: dicts with facility_type, basis, amount, per, unit and
    catchment_m; distances: (code, type, m)."""
    areas = pd.DataFrame({"code": [b[0] for b in buurten], "name": [f"Buurt {b[0]}" for b in buurten],
                          "level": "buurt", "parent_code": WIJK, "woonmilieu": "gemengd stedelijk",
                          "cx": [float(b[1]) for b in buurten], "cy": [float(b[2]) for b in buurten]})
    wijk = pd.DataFrame({"code": [WIJK], "name": ["Wijk 01 Proef"], "level": ["wijk"], "parent_code": ["GM0001"],
                         "woonmilieu": ["gemengd stedelijk"], "cx": [areas["cx"].mean()], "cy": [0.0]})
    areas = pd.concat([areas, wijk], ignore_index=True)
    pop = pd.DataFrame(bands, columns=["area_code", "age_min", "age_max", "persons"]).assign(year=base_year)
    pop["age_max"] = pop["age_max"].astype("Int64")
    pop["persons"] = pop["persons"].astype(float)
    fac = pd.DataFrame(facilities, columns=["id", "name", "type", "x", "y", "capacity", "unit"])
    near = [min(buurten, key=lambda b: (b[1] - x) ** 2 + (b[2] - y) ** 2)[0] for x, y in zip(fac["x"], fac["y"],
                                                                                           strict=True)]
    fac = fac.assign(capacity_note=None, area_code=near if len(fac) else None, source="test")
    nrm = pd.DataFrame([{"woonmilieu": "", "service_level": None, "source": "test", "status": "assumption", **n}
                        for n in norms])
    dist = pd.DataFrame([{"area_code": c, "year": base_year, "facility_type": f, "distance_m": float(m),
                          "source": "test"} for c, f, m in distances],
                        columns=["area_code", "year", "facility_type", "distance_m", "source"])
    empty_plans = pd.DataFrame(columns=["plan_id", "name", "area_code", "year", "dwellings", "dwelling_type"])
    return Inputs(areas=areas, population=pop[["area_code", "year", "age_min", "age_max", "persons"]],
                  dwellings=pd.DataFrame({"area_code": [b[0] for b in buurten], "year": base_year,
                                          "dwellings": 100.0}),
                  facilities=fac, plans=empty_plans, norms=nrm, distances=dist,
                  occupancy=pd.DataFrame(columns=["dwelling_type", "age_min", "age_max", "persons_per_dwelling"]),
                  base_year=base_year)


def school_norm(per: float = 1.0, catchment: float = 1000.0) -> dict:
    """Primary school places per inhabitant (no age apportioning, so no estimate)."""
    return {"facility_type": "primary_school", "basis": "inhabitants", "amount": 1.0, "per": per, "unit": "places",
            "catchment_m": catchment}
