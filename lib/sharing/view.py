"""View models for the page "Ruimte delen": the options map, headline numbers, translated display tables and
the numbers behind one option. No Streamlit here; every data string shown in HTML is escaped."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from lib.core import db, geo
from lib.core import status as st
from lib.sharing import common, hubs, options, siting, spare_capacity, timesharing
from lib.text.i18n import facility_label, t
from lib.ui.formatting import md_escape
from lib.ui.offline_map import add_legend, new_map

COLOURS = {"short": "#fcbba1", "spare": "#2171b5", "hub": "#6a51a3", "time": "#238b45", "site": "#d94801",
           "point": "#111111"}
DOMAIN_OF = {"primary_school": "sociaal", "gym": "sociaal", "sports_hall": "sociaal", "library": "sociaal",
             "swimming_pool": "sociaal"}
MAX_LINES = 400
MAX_HUBS = options.MAX_HUBS   # the hubs that appear in the ranked list


def _wgs(x, y) -> tuple[np.ndarray, np.ndarray]:
    pts = gpd.GeoSeries(gpd.points_from_xy(np.asarray(x, dtype=float), np.asarray(y, dtype=float)), crs=geo.RD)
    pts = pts.to_crs(geo.WGS84)
    return pts.y.to_numpy(), pts.x.to_numpy()


def _esc(v) -> str:
    return html.escape(str(v))


def options_map(shapes: gpd.GeoDataFrame, short_codes: list[str], spare: spare_capacity.SpareResult,
                hub: hubs.HubResult, ts: timesharing.TimeShareResult, proposed: pd.DataFrame | None = None,
                points: pd.DataFrame | None = None, lang: str = "nl", tiles: bool = False,
                height: int = 520) -> folium.Map:
    """Map of the options: buurten with a shortfall, spare-capacity lines facility → buurt, hub sites with their
    programme, free-gym-hour lines gym → buurt, proposed sites and the user's own points (EPSG:28992 input)."""
    minx, miny, maxx, maxy = shapes.total_bounds
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height, zoom_snap=0.25)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    short = shapes[shapes["code"].isin(short_codes)][["code", "name", "geometry"]].copy()
    if len(short):
        short["label"] = short["name"].map(_esc)
        folium.GeoJson(short.__geo_interface__, name=html.escape(t("sh_leg_short", lang)),
                       style_function=lambda f: {"fillColor": COLOURS["short"], "color": "#999999", "weight": 1,
                                                 "fillOpacity": 0.5},
                       tooltip=folium.GeoJsonTooltip(["label"], aliases=[html.escape(t("area", lang))])).add_to(m)
    _lines(m, spare.matches, "absorbed", COLOURS["spare"], t("sh_leg_spare", lang), lang, dash=None)
    tm = ts.matches[ts.matches["block"] == "evening_weekend"] if len(ts.matches) else ts.matches
    _lines(m, tm.assign(unit="h/week", facility_type="gym"), "hours", COLOURS["time"], t("sh_leg_time", lang), lang,
           dash="6 4")
    top = hub.sites.head(MAX_HUBS)
    if len(top):
        layer = folium.FeatureGroup(name=html.escape(t("sh_leg_hub", lang)))
        lat, lon = _wgs(top["x"], top["y"])
        for s, la, lo in zip(top.itertuples(), lat, lon, strict=True):
            prog = hub.programme[hub.programme["site_id"] == s.site_id]
            items = "<br>".join(f"{_esc(options.noun(r.function, lang))}: {r.floor_m2:,.0f} m²"
                                for r in prog.itertuples())
            tip = f"<b>{_esc(s.label)}</b><br>{items}<br>{_esc(t('sh_score', lang))}: {s.score:.1f}"
            folium.CircleMarker([la, lo], radius=6 + 2 * float(s.score), color=COLOURS["hub"], weight=2, fill=True,
                                fill_color=COLOURS["hub"], fill_opacity=0.35, tooltip=tip).add_to(layer)
        layer.add_to(m)
    for frame, colour, label in ((proposed, COLOURS["site"], t("sh_leg_site", lang)),
                                 (points, COLOURS["point"], t("sh_leg_point", lang))):
        if frame is None or frame.empty:
            continue
        layer = folium.FeatureGroup(name=html.escape(label))
        lat, lon = _wgs(frame["x"], frame["y"])
        for lab, la, lo in zip(frame["label"], lat, lon, strict=True):
            folium.CircleMarker([la, lo], radius=9, color=colour, weight=3, fill=True, fill_color=colour,
                                fill_opacity=0.8, tooltip=_esc(lab)).add_to(layer)
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    add_legend(m, [(t("sh_leg_short", lang), COLOURS["short"]), (t("sh_leg_spare", lang), COLOURS["spare"]),
                   (t("sh_leg_time", lang), COLOURS["time"]), (t("sh_leg_hub", lang), COLOURS["hub"]),
                   (t("sh_leg_site", lang), COLOURS["site"]), (t("sh_leg_point", lang), COLOURS["point"])],
               t("sh_legend", lang))
    return m


def _lines(m, df: pd.DataFrame, amount: str, colour: str, label: str, lang: str, dash: str | None) -> None:
    if df is None or df.empty:
        return
    df = df.nlargest(MAX_LINES, amount)
    layer = folium.FeatureGroup(name=html.escape(label))
    flat, flon = _wgs(df["fx"], df["fy"])
    alat, alon = _wgs(df["cx"], df["cy"])
    for r, a, b, c, d in zip(df.itertuples(), flat, flon, alat, alon, strict=True):
        unit = options.amount_text(getattr(r, amount), str(r.unit), str(getattr(r, "facility_type", "")), lang) \
            if r.unit in ("places", "facilities") else f"{getattr(r, amount):.1f} {_esc(r.unit)}"
        tip = f"{_esc(r.facility_name)} → {_esc(r.area_name)}: {_esc(unit)} ({r.distance_m:,.0f} m)"
        folium.PolyLine([[a, b], [c, d]], color=colour, weight=2 + min(4.0, float(getattr(r, amount))),
                        opacity=0.8, dash_array=dash, tooltip=tip).add_to(layer)
        folium.CircleMarker([a, b], radius=3, color=colour, fill=True, fill_opacity=1.0,
                            tooltip=_esc(r.facility_name)).add_to(layer)
    layer.add_to(m)


def headline(opts: pd.DataFrame) -> dict:
    """Numbers for the page's metric cards."""
    k = opts["kind"] if len(opts) else pd.Series(dtype=str)
    ts = opts[(k == "timesharing") & (opts["unit"] == "hours/week")] if len(opts) else opts
    return {"options": int((k != "limit").sum()), "spare_units": float(opts.loc[k == "spare_capacity", "score"].sum()),
            "shared_hours": float(ts["amount"].sum()) if len(ts) else 0.0, "hubs": int((k == "hub").sum()),
            "limits": int((k == "limit").sum())}


def short_codes(inp, table: pd.DataFrame, year: int, types: list[str] | None) -> list[str]:
    """Buurten with a shortfall in any of ``types`` (catchment and distance norms) in ``year``."""
    rows = common.year_rows(inp, table, year)
    rows = rows[rows["status"].isin(st.SHORT) & rows["method"].isin([common.CATCHMENT, common.DISTANCE])]
    if types:
        rows = rows[rows["facility_type"].isin(types)]
    return sorted(rows["area_code"].unique())


def _cols(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: t("sh_col_" + c, lang) if t("sh_col_" + c, lang) != "sh_col_" + c else c
                              for c in df.columns})


def option_table(opts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rank, kind, sentence, score (1 decimal) and labels for estimates/assumptions."""
    out = pd.DataFrame({"rank": opts["rank"], "kind": opts["kind"].map(lambda k: t("sh_kind_" + k, lang)),
                        "sentence": opts["sentence"], "score": opts["score"].round(1),
                        "flags": [" · ".join(x for x in (t("estimate", lang) if e else "",
                                                         t("sh_status_assumption", lang) if a else "") if x)
                                  for e, a in zip(opts["estimate"], opts["assumption"], strict=True)]})
    return _cols(out, lang)


def best_lines(opts: pd.DataFrame, lang: str, n: int = 8) -> list[str]:
    """Markdown lines of the best options: at most two per kind (so the list stays varied), best first, each
    with its kind, score and labels for estimates and assumptions. Never a 'limit' row."""
    picked = options.varied(opts[opts["kind"] != "limit"], n)
    lines = []
    for r in picked.itertuples():
        flags = [t("estimate", lang).lower()] if r.estimate else []
        flags += [t("sh_status_assumption", lang)] if r.assumption else []
        note = f" _({', '.join(flags)})_" if flags else ""
        lines.append(f"{int(r.rank)}. **{t('sh_kind_' + r.kind, lang)}** · {md_escape(r.sentence)} "
                     f"`{options.fmt(r.score, lang, 1)}`{note}")
    limits = opts[opts["kind"] == "limit"].head(3)
    lines += [f"⚠ {md_escape(r.sentence)}" for r in limits.itertuples()]
    return lines


def option_label(row: pd.Series) -> str:
    s = str(row["sentence"])
    return f"{int(row['rank'])}. " + (s if len(s) <= 110 else s[:107] + "…")


def explain(opt: pd.Series, spare: spare_capacity.SpareResult, hub: hubs.HubResult,
            ts: timesharing.TimeShareResult, lang: str) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    """The numbers behind one option: (label, value) facts and the rows it was computed from."""
    d = opt["details"] if isinstance(opt["details"], dict) else {}
    facts = [(t("sh_col_" + k, lang) if t("sh_col_" + k, lang) != "sh_col_" + k else k, _fmt_fact(v, lang))
             for k, v in d.items() if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)]
    kind, code, f = opt["kind"], opt["area_code"], opt["facility_type"]
    if kind == "spare_capacity":
        rows = spare.matches[(spare.matches["facility_type"] == f) & (spare.matches["wijk_code"] == code)]
        table = rows[["area_name", "shortfall", "facility_name", "distance_m", "spare", "absorbed", "unit"]]
    elif kind in ("timesharing", "limit"):
        rows = ts.areas[ts.areas["wijk_code"] == code]
        cols = ["area_name", "children_6_11", "pe_h", "day_available_h", "day_short_h", "day_matched_h",
                "day_unsolved_h"] if f == "gym" else ["area_name", "inhabitants", "club_hall_h",
                                                       "club_available_hall_h", "club_short_hall_h", "gym_h_matched",
                                                       "club_unsolved_hall_h", "gyms", "max_distance_m"]
        table = rows[cols + ["verdict"]].assign(verdict=rows["verdict"].map(lambda v: t("sh_verdict_" + v, lang)))
    elif kind == "hub":
        prog = hub.programme[hub.programme["site_id"] == d.get("site_id")]
        table = prog[["function", "existing", "covered", "covered_unit", "units", "capacity", "capacity_unit",
                      "floor_m2", "floor_m2_alt", "status", "source"]].assign(
            function=prog["function"].map(lambda x: facility_label(x, lang)),
            status=prog["status"].map(lambda s: t("sh_status_" + s, lang)))
    else:
        table = pd.DataFrame([d]).drop(columns=[c for c in d if isinstance(d[c], (list, dict))], errors="ignore")
    return facts, _cols(table.round(2), lang)


def _fmt_fact(v, lang: str) -> str:
    if isinstance(v, (bool, np.bool_)):
        return t("sh_yes" if v else "sh_no", lang)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return options.fmt(float(v), lang, 0 if abs(float(v)) >= 100 else 2)
    return str(v)


def spare_tables(res: spare_capacity.SpareResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facilities with spare capacity, buurten with a shortfall and how much could be absorbed)."""
    f = res.facilities[res.facilities["spare"] > 1e-9].sort_values("spare", ascending=False)
    f = f[["facility_type", "name", "capacity", "demand", "used", "spare", "unit"]].assign(
        facility_type=f["facility_type"].map(lambda x: facility_label(x, lang)))
    a = res.areas[["facility_type", "area_name", "wijk_name", "shortfall", "absorbed", "remaining", "facilities",
                   "max_distance_m", "reach_m", "unit", "estimate"]]
    a = a.assign(facility_type=a["facility_type"].map(lambda x: facility_label(x, lang)))
    return _cols(f.round(2), lang), _cols(a.round(2), lang)


def hub_tables(res: hubs.HubResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ranked sites, their programme with sources and status labels)."""
    s = res.sites
    sites = pd.DataFrame({"label": s["label"], "kind": s["kind"], "wijk_name": s["wijk_name"],
                          "functions": s["functions"].map(lambda fs: " + ".join(options.noun(f, lang) for f in fs)),
                          "score": s["score"].round(2), "need_in_reach": s["need_in_reach"].round(2),
                          "floor_m2": s["floor_m2"].round(0), "buurten": s["areas_served"].map(len)})
    p = res.programme.merge(s[["site_id", "label"]], on="site_id")
    prog = p[["label", "function", "existing", "covered", "covered_unit", "units", "capacity", "capacity_unit",
              "floor_m2", "floor_m2_alt", "status", "source"]].assign(
        function=p["function"].map(lambda x: facility_label(x, lang)),
        status=p["status"].map(lambda x: t("sh_status_" + x, lang)))
    return _cols(sites, lang), _cols(prog.round(2), lang)


def timesharing_tables(res: timesharing.TimeShareResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per wijk hours required/available/matched, per facility hours per block)."""
    w = timesharing.by_wijk(res.areas, res.matches).drop(columns=["wijk_code"])
    f = res.facilities.drop(columns=["id", "x", "y"])
    f = f.assign(type=f["type"].map(lambda x: facility_label(x, lang)))
    return _cols(w.round(1), lang), _cols(f.round(1), lang)


def median_school_use(res: timesharing.TimeShareResult) -> float:
    g = res.facilities[res.facilities["type"] == timesharing.GYM]
    return float(g["school_use_h_per_year"].median()) if len(g) else float("nan")


def assumption_table(lang: str) -> pd.DataFrame:
    """The time-sharing assumptions and standard sizes with their status label (sourced/derived/assumption)."""
    a = timesharing.assumptions()
    a = a.assign(status=a["status"].map(lambda s: t("sh_status_" + s, lang)))
    s = common.standard_sizes()
    s = pd.DataFrame({"key": s["function"] + " (" + s["variant"] + ")", "value": s["floor_m2"],
                      "unit": "m² " + s["area_kind"], "status": s["status"].map(lambda x: t("sh_status_" + x, lang)),
                      "source": s["source"]})
    return _cols(pd.concat([a, s], ignore_index=True), lang)


def siting_types(inp, table: pd.DataFrame, year: int) -> list[str]:
    return common.types_with(inp, table, year)


def default_capacity(ftype: str) -> tuple[float, str]:
    """(capacity of one standard unit, its unit) for the siting form."""
    s = common.size_of(ftype)
    return float(s["unit_capacity"]), str(s["capacity_unit"])


def siting_tables(res: siting.SitingResult, check: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(chosen sites with covered need per function, per function: total shortfall, covered, share, engine
    check before/after)."""
    sites = res.sites.drop(columns=["x", "y"]).round(2)
    sites["kind"] = sites["kind"].map(lambda k: t(KIND_KEYS.get(k, k), lang))
    sites = sites.rename(columns={f"covered_{f}": f"{t('sh_coverage', lang)}: {facility_label(f, lang)}"
                                  for f in res.params["functions"]})
    summ = res.summary.merge(check[["function", "before", "after", "reduction"]], on="function", how="left")
    summ = summ.assign(function=summ["function"].map(lambda x: facility_label(x, lang)),
                       share=(100 * summ["share"]).round(1))
    return _cols(sites, lang), _cols(summ.round(2), lang)


SOLVER_KEYS = {siting.SOLVER: "sh_solver_milp", siting.ENUMERATION: "sh_solver_enum", "greedy": "sh_solver_greedy"}
KIND_KEYS = {"centroid": "sh_cand_centroid", "facility": "sh_cand_facility", "point": "sh_cand_point"}


def method_label(res: siting.SitingResult, lang: str) -> str:
    """'exact — MILP, HiGHS (optimaal)': which method ran, with which solver, and its status."""
    solver = SOLVER_KEYS.get(res.params["solver"])
    status = t("sh_optimal", lang) if res.status == "optimal" else res.status
    return f"{t('sh_method_' + res.method, lang)} — {t(solver, lang) if solver else res.params['solver']} ({status})"


def clicked_points(points: list[tuple[float, float]]) -> pd.DataFrame:
    """User-clicked (lon, lat) points as candidate sites in EPSG:28992 (label 'punt n')."""
    if not points:
        return pd.DataFrame(columns=["x", "y", "label"])
    lon, lat = zip(*points, strict=True)
    x, y = geo.lonlat_to_rd(np.asarray(lon), np.asarray(lat))
    return pd.DataFrame({"x": x, "y": y, "label": [f"punt {i + 1}" for i in range(len(points))]})


def proposed_frame(res: siting.SitingResult | None) -> pd.DataFrame | None:
    return None if res is None else res.sites[["x", "y", "label"]]


def case_id_of(con, name_or_id: str | None) -> str | None:
    """The case id for a case name or id (None when there is none)."""
    if not name_or_id:
        return None
    found = db.find_case(con, name_or_id)
    return None if found.empty else str(found["case_id"].iloc[0])


def facilities_for_case(res: siting.SitingResult, cand_id: str, functions: list[str], capacity: dict[str, float],
                        units: dict[str, str], name: str) -> list[dict]:
    """One proposed facility per function at the chosen site (keyword arguments for cases.add_facility, without
    the author and domain); distance-norm functions get no capacity."""
    s = res.sites[res.sites["cand_id"] == cand_id].iloc[0]
    many = len(functions) > 1
    return [{"name": f"{name} — {options.noun(f, 'nl')}" if many else name, "type": f, "x": float(s["x"]),
             "y": float(s["y"]), "capacity": None if units.get(f) == "m" else float(capacity[f]),
             "unit": "facilities" if units.get(f) == "m" else units[f]} for f in functions]


def norm_units(inp, table: pd.DataFrame, year: int, functions: list[str]) -> dict[str, str]:
    """The norm unit per function ('m' for distance norms)."""
    out = {}
    for f in functions:
        tf = common.type_frame(inp, table, f, year)
        out[f] = tf.unit if tf is not None else "facilities"
    return out
