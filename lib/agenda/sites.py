"""Sites that sharing options name (a multifunctional hub, a new location), as places agenda items can meet.

The options come from Ruimte delen (``lib.sharing.options.all_options``), computed by the caller and passed in
as data, so this feature does not depend on that one. Each site gets the buurt that contains its point
(x, y in EPSG:28992 metres).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core import geo

SITE_KINDS = ("hub", "siting")
COLUMNS = ["site_id", "kind", "area_code", "sentence", "x", "y", "functions"]


def from_options(options: pd.DataFrame, buurt_codes, buurt_geoms, proxy_types=()) -> pd.DataFrame:
    """The hub and siting options with a point, each with the code of the buurt containing it (options outside
    every buurt are left out). ``options``: columns kind, x, y, sentence, functions, details (as all_options);
    ``buurt_geoms``: shapely polygons in EPSG:28992, in the order of ``buurt_codes``. Options that serve only
    facility types whose supply is a proxy (``proxy_types``, see ``shortfalls.proxy_types``) are left out: their
    shortfall is not known."""
    if options is None or options.empty:
        return pd.DataFrame(columns=COLUMNS)
    only_proxy = options["functions"].map(lambda fs: bool(fs) and set(fs) <= set(proxy_types))
    o = options[options["kind"].isin(SITE_KINDS) & options["x"].notna() & options["y"].notna() & ~only_proxy]
    if o.empty:
        return pd.DataFrame(columns=COLUMNS)
    where = geo.points_in_areas(o["x"].to_numpy(dtype="float64"), o["y"].to_numpy(dtype="float64"),
                                np.asarray(buurt_codes, dtype=object), np.asarray(buurt_geoms, dtype=object))
    ids = [f"{k}:{(d or {}).get('site_id') or (d or {}).get('cand_id') or f'{x:.0f},{y:.0f}'}"
           for k, d, x, y in zip(o["kind"], o["details"], o["x"], o["y"], strict=True)]
    out = pd.DataFrame({"site_id": ids, "kind": o["kind"].to_numpy(), "area_code": where,
                        "sentence": o["sentence"].to_numpy(), "x": o["x"].to_numpy(), "y": o["y"].to_numpy(),
                        "functions": o["functions"].to_numpy()})
    return out[out["area_code"].notna()].drop_duplicates("site_id").reset_index(drop=True)
