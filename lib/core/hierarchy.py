"""The area hierarchy buurt → wijk → gemeente: levels, names, ancestors, the buurten inside an area, centres.

Every walk up or down the hierarchy goes through this module. Areas are the ``Inputs.areas`` table
(``code``, ``name``, ``level``, ``parent_code``, ``cx``, ``cy`` in EPSG:28992 metres, ``woonmilieu``).
"""

from __future__ import annotations

import pandas as pd

LEVELS = ("buurt", "wijk", "gemeente")


def ancestors(areas: pd.DataFrame, codes: pd.Series, level: str) -> pd.Series:
    """For each code in ``codes`` the area at ``level`` that contains it (the code itself when it is at that
    level; missing when it has none). Keeps the index of ``codes``."""
    a = areas.set_index("code")
    lvl, parent = a["level"], a["parent_code"]
    out = pd.Series(codes, copy=True).astype(object)
    for _ in range(len(LEVELS) - 1):
        out = out.where(out.map(lvl) == level, out.map(parent))
    return out.where(out.map(lvl) == level)


def containment(areas: pd.DataFrame) -> pd.DataFrame:
    """Every (code, ancestor, depth) pair: each area with itself (depth 0) and with every area that contains it
    (its wijk at depth 1, its gemeente at depth 1 or 2). Which areas lie inside which, in one table."""
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    own = areas["level"].map(rank)
    frames = []
    for level in LEVELS:
        up = ancestors(areas, areas["code"], level)
        ok = up.notna().to_numpy() & (own <= rank[level]).to_numpy()
        frames.append(pd.DataFrame({"code": areas["code"].to_numpy()[ok], "ancestor": up.to_numpy()[ok],
                                    "depth": (rank[level] - own).to_numpy()[ok].astype(int)}))
    return pd.concat(frames, ignore_index=True)


def ancestor(areas: pd.DataFrame, code: str, level: str) -> str | None:
    """The area at ``level`` that contains ``code`` (``code`` itself when it is at that level), or None: what
    :func:`ancestors` finds for one code, walking up its parents."""
    own = areas["code"].to_numpy()
    lvl, parent = dict(zip(own, areas["level"], strict=True)), dict(zip(own, areas["parent_code"], strict=True))
    for _ in LEVELS:
        if code not in lvl:
            return None
        if lvl[code] == level:
            return str(code)
        code = parent[code]
        if not isinstance(code, str):
            return None
    return None


def level_of(areas: pd.DataFrame, code: str) -> str:
    return str(areas.set_index("code").at[code, "level"])


def name_of(areas: pd.DataFrame, code: str) -> str:
    return str(areas.set_index("code").at[code, "name"])


def names(areas: pd.DataFrame) -> dict[str, str]:
    """{code: name} of every area."""
    return dict(zip(areas["code"], areas["name"], strict=True))


def buurten_of(areas: pd.DataFrame, code: str) -> list[str]:
    """The buurt codes inside an area (the buurt itself for a buurt), sorted: for a wijk the buurten whose parent it
    is, for a gemeente those whose parent it is or whose parent is one of its wijken (what :func:`ancestors` finds,
    without mapping every buurt up the tree: the Buurtverkenner asks this several times per rerun)."""
    level = areas.loc[areas["code"] == code, "level"]
    if level.empty:
        return []
    level = level.iloc[0]
    if level == "buurt":
        return [code]
    b = areas[areas["level"] == "buurt"]
    inside = b["parent_code"] == code
    if level == "gemeente":
        wijken = areas.loc[(areas["level"] == "wijk") & (areas["parent_code"] == code), "code"]
        inside |= b["parent_code"].isin(wijken)
    return sorted(b.loc[inside, "code"])


def buurt_centres(areas: pd.DataFrame, code: str) -> list[tuple[float, float]]:
    """The centroids (x, y; EPSG:28992 m) of the buurten in an area: where 2SFCA measures distances from."""
    b = areas[areas["code"].isin(buurten_of(areas, code))]
    return list(zip(b["cx"].astype(float), b["cy"].astype(float), strict=True))


def options(areas: pd.DataFrame, levels: tuple[str, ...] = ("buurt",)) -> dict[str, str]:
    """{code: 'name (code)'} for the areas of ``levels``, level by level, each sorted by name (select boxes)."""
    out: dict[str, str] = {}
    for level in levels:
        sel = areas[areas["level"] == level].sort_values("name")
        out.update({c: f"{n} ({c})" for c, n in zip(sel["code"], sel["name"], strict=True)})
    return out


def gemeente_of(areas: pd.DataFrame) -> pd.Series:
    """For every area code the code of its gemeente (itself for a gemeente; NaN when it has none)."""
    codes = areas["code"]
    return pd.Series(ancestors(areas, codes, "gemeente").to_numpy(), index=pd.Index(codes, name="code"),
                     dtype=object)


def codes_in(areas: pd.DataFrame, gm: str | None) -> set[str]:
    """Area codes inside gemeente ``gm`` (the gemeente, its wijken and buurten); every code when gm is None."""
    if not gm:
        return set(areas["code"])
    g = gemeente_of(areas)
    return set(g.index[g == gm])


def municipalities(areas: pd.DataFrame) -> pd.DataFrame:
    """code, name of every gemeente-level area, by name."""
    g = areas.loc[areas["level"] == "gemeente", ["code", "name"]]
    return g.sort_values(["name", "code"]).reset_index(drop=True)
