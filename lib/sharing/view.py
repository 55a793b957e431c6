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
from lib.ui.formatting import amount, data_text, md_escape, missing, norm_status, number, quantity, unit_label
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
    m = options_base_map(shapes, lang, tiles, height)
    for layer in options_layers(shapes, short_codes, spare, hub, ts, proposed, points, lang):
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def options_base_map(shapes: gpd.GeoDataFrame, lang: str = "nl", tiles: bool = False,
                     height: int = 520) -> folium.Map:
    """The options map without its layers (``options_layers``): bounds of ``shapes``, basemap and legend. A page
    sends the layers on their own (``st_folium(feature_group_to_add=…)``) so a new year or type replaces them in
    the drawn map instead of drawing the map anew."""
    minx, miny, maxx, maxy = shapes.total_bounds
    m = new_map(((miny + maxy) / 2, (minx + maxx) / 2), 12, tiles=tiles, height=height, zoom_snap=0.25)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    add_legend(m, [(t("sh_leg_short", lang), COLOURS["short"]), (t("sh_leg_spare", lang), COLOURS["spare"]),
                   (t("sh_leg_time", lang), COLOURS["time"]), (t("sh_kind_hub", lang), COLOURS["hub"]),
                   (t("sh_leg_site", lang), COLOURS["site"]), (t("sh_leg_point", lang), COLOURS["point"])],
               t("options", lang))
    return m


def options_layers(shapes: gpd.GeoDataFrame, short_codes: list[str], spare: spare_capacity.SpareResult,
                   hub: hubs.HubResult, ts: timesharing.TimeShareResult, proposed: pd.DataFrame | None = None,
                   points: pd.DataFrame | None = None, lang: str = "nl") -> list[folium.FeatureGroup]:
    """The layers of the options map, each a feature group: shortfall buurten, spare-capacity lines, free-gym-hour
    lines, hubs, proposed sites and the user's points (those with something to show)."""
    out = []
    short = shapes[shapes["code"].isin(short_codes)][["code", "name", "geometry"]]
    if len(short):  # object columns: GeoJSON from Arrow-backed strings takes ~30 ms, from objects ~2 ms
        short = short.astype({"code": object, "name": object}).assign(label=short["name"].map(_esc).astype(object))
        layer = folium.FeatureGroup(name=html.escape(t("sh_leg_short", lang)))
        folium.GeoJson(short.__geo_interface__,
                       style_function=lambda f: {"fillColor": COLOURS["short"], "color": "#999999", "weight": 1,
                                                 "fillOpacity": 0.5},
                       tooltip=folium.GeoJsonTooltip(["label"], aliases=[html.escape(t("area", lang))])).add_to(layer)
        out.append(layer)
    out.append(_lines(spare.matches, "absorbed", COLOURS["spare"], t("sh_leg_spare", lang), lang, dash=None))
    tm = ts.matches[ts.matches["block"] == "evening_weekend"] if len(ts.matches) else ts.matches
    out.append(_lines(tm.assign(unit="h/week", facility_type="gym"), "hours", COLOURS["time"], t("sh_leg_time", lang),
                      lang, dash="6 4"))
    top = hub.sites.head(MAX_HUBS)
    if len(top):
        layer = folium.FeatureGroup(name=html.escape(t("sh_kind_hub", lang)))
        lat, lon = _wgs(top["x"], top["y"])
        prog = {}  # the programme rows of each site, in order (one pass)
        for r in hub.programme.itertuples():
            prog.setdefault(r.site_id, []).append(r)
        for s, la, lo in zip(top.itertuples(), lat, lon, strict=True):
            items = "<br>".join(f"{_esc(options.noun(r.function, lang))}: {_esc(quantity(r.floor_m2, 'm2', lang))}"
                                for r in prog.get(s.site_id, []))
            tip = (f"<b>{_esc(s.label)}</b><br>{items}<br>{_esc(t('standard_units', lang))}: "
                   f"{_esc(amount(s.score, 'score', lang))}")
            folium.CircleMarker([la, lo], radius=6 + 2 * float(s.score), color=COLOURS["hub"], weight=2, fill=True,
                                fill_color=COLOURS["hub"], fill_opacity=0.35, tooltip=tip).add_to(layer)
        out.append(layer)
    for frame, colour, label in ((proposed, COLOURS["site"], t("sh_leg_site", lang)),
                                 (points, COLOURS["point"], t("sh_leg_point", lang))):
        if frame is None or frame.empty:
            continue
        layer = folium.FeatureGroup(name=html.escape(label))
        lat, lon = _wgs(frame["x"], frame["y"])
        for lab, la, lo in zip(frame["label"], lat, lon, strict=True):
            folium.CircleMarker([la, lo], radius=9, color=colour, weight=3, fill=True, fill_color=colour,
                                fill_opacity=0.8, tooltip=_esc(lab)).add_to(layer)
        out.append(layer)
    return [layer for layer in out if layer is not None]


def layer_control() -> folium.LayerControl:
    """The layer switch of the options map, for ``st_folium(layer_control=…)`` (it lists the layers sent apart)."""
    return folium.LayerControl(collapsed=True)


def _lines(df: pd.DataFrame, amount: str, colour: str, label: str, lang: str,
           dash: str | None) -> folium.FeatureGroup | None:
    """Lines facility → buurt (weight by amount, tooltip: facility → buurt: amount (distance)) with a dot at each
    facility end: two GeoJSON layers in one group, not one folium element per line and dot (a map with hundreds
    of lines is rendered and drawn in a fraction of the time)."""
    if df is None or df.empty:
        return None
    df = df.nlargest(MAX_LINES, amount)
    layer = folium.FeatureGroup(name=html.escape(label))
    flat, flon = _wgs(df["fx"], df["fy"])
    alat, alon = _wgs(df["cx"], df["cy"])
    lines, dots = [], []
    for r, a, b, c, d in zip(df.itertuples(), flat, flon, alat, alon, strict=True):
        unit = options.amount_text(getattr(r, amount), str(r.unit), str(getattr(r, "facility_type", "")), lang) \
            if r.unit in ("places", "facilities") else quantity(getattr(r, amount), str(r.unit), lang)
        tip = (f"{_esc(r.facility_name)} → {_esc(r.area_name)}: {_esc(unit)} "
               f"({_esc(quantity(r.distance_m, 'm', lang))})")
        lines.append({"type": "Feature", "id": str(len(lines)),  # ids: folium styles each line by its id
                      "geometry": {"type": "LineString", "coordinates": [[b, a], [d, c]]},
                      "properties": {"tip": tip, "weight": 2 + min(4.0, float(getattr(r, amount)))}})
        dots.append({"type": "Feature", "id": str(len(dots)), "geometry": {"type": "Point", "coordinates": [b, a]},
                     "properties": {"tip": _esc(r.facility_name)}})
    style = {"color": colour, "opacity": 0.8, **({"dashArray": dash} if dash else {})}
    folium.GeoJson({"type": "FeatureCollection", "features": lines},
                   style_function=lambda f: {**style, "weight": f["properties"]["weight"]},
                   tooltip=folium.GeoJsonTooltip(["tip"], labels=False)).add_to(layer)
    folium.GeoJson({"type": "FeatureCollection", "features": dots},
                   marker=folium.CircleMarker(radius=3, color=colour, fill=True, fill_color=colour, fill_opacity=1.0),
                   style_function=lambda f: {"color": colour, "fillColor": colour, "fillOpacity": 1.0},
                   tooltip=folium.GeoJsonTooltip(["tip"], labels=False)).add_to(layer)
    return layer


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


#: Table columns → label keys.
COLUMN_KEYS = {"shortfall": "sh_col_shortfall", "spare": "sh_col_spare", "absorbed": "sh_col_absorbed",
               "children_6_11": "sh_col_children_6_11", "pe_h": "sh_col_pe_h",
               "day_available_h": "sh_col_day_available_h", "day_short_h": "sh_col_day_short_h",
               "day_matched_h": "sh_col_day_matched_h", "day_unsolved_h": "sh_col_day_unsolved_h",
               "club_hall_h": "sh_col_club_hall_h", "club_available_hall_h": "sh_col_club_available_hall_h",
               "club_short_hall_h": "sh_col_club_short_hall_h", "gym_h_matched": "sh_col_gym_h_matched",
               "club_matched_hall_h": "sh_col_club_matched_hall_h",
               "club_unsolved_hall_h": "sh_col_club_unsolved_hall_h", "gyms": "sh_col_gyms",
               "max_distance_m": "sh_col_max_distance_m", "verdict": "sh_col_verdict", "function": "sh_col_function",
               "existing": "sh_col_existing", "covered": "sh_col_covered", "covered_unit": "sh_col_covered_unit",
               "units": "sh_col_units", "capacity_unit": "sh_col_capacity_unit", "floor_m2": "sh_col_floor_m2",
               "floor_m2_alt": "sh_col_floor_m2_alt", "source": "sh_col_source", "demand": "sh_col_demand",
               "used": "sh_col_used", "remaining": "sh_col_remaining", "reach_m": "sh_col_reach_m",
               "need_in_reach": "sh_col_need_in_reach", "functions": "sh_col_functions", "day_h": "sh_col_day_h",
               "day_used_h": "sh_col_day_used_h", "day_free_h": "sh_col_day_free_h", "evening_h": "sh_col_evening_h",
               "weekend_h": "sh_col_weekend_h", "evening_weekend_used_h": "sh_col_evening_weekend_used_h",
               "evening_weekend_free_h": "sh_col_evening_weekend_free_h", "matched_h": "sh_col_matched_h",
               "school_use_h_per_year": "sh_col_school_use_h_per_year", "key": "sh_col_key", "share": "sh_col_share",
               "capacity_per_site": "sh_col_capacity_per_site", "before": "sh_col_before", "after": "sh_col_after",
               "reduction": "sh_col_reduction", "cand_id": "sh_col_cand_id", "solver": "sh_col_solver",
               "area_name": "col_buurt", "distance_m": "col_distance_m", "name": "col_name", "capacity": "capacity",
               "type": "type", "facility_name": "facility", "facilities": "facilities", "estimate": "estimate",
               "facility_type": "facility_type", "inhabitants": "inhabitants", "flags": "note", "rank": "rank",
               "buurten": "buurten", "method": "method", "shortfall_total": "total_shortfall", "value": "value",
               "status": "status", "label": "site", "wijk_name": "wijk", "kind": "kind", "sentence": "option",
               "score": "standard_units", "equivalents": "standard_units", "unit": "unit"}
#: Numeric columns in the unit of another column of the same row (decimals of that unit).
UNIT_OF = {"capacity": ("capacity_unit", "unit"), "covered": ("covered_unit", "unit"), "units": ("unit",),
           "shortfall": ("unit",), "spare": ("unit",), "absorbed": ("unit",), "demand": ("unit",),
           "used": ("unit",), "remaining": ("unit",), "before": ("unit",), "after": ("unit",),
           "reduction": ("unit",), "shortfall_total": ("unit",), "capacity_per_site": ("unit",)}
#: Other numeric columns by kind (lib.ui.formatting.DECIMALS); columns ending in '_h' are hours.
KIND = {"distance_m": "m", "max_distance_m": "m", "reach_m": "m", "floor_m2": "m2", "floor_m2_alt": "m2",
        "score": "score", "equivalents": "score", "need_in_reach": "score", "children_6_11": "persons",
        "inhabitants": "persons", "gyms": "count", "buurten": "count", "facilities": "count", "rank": "count",
        "share": "percent", "school_use_h_per_year": "hours"}
UNIT_COLUMNS = ("unit", "capacity_unit", "covered_unit")
#: Option kinds, verdicts, siting methods → label keys.
OPTION_KIND_KEYS = {"spare_capacity": "sh_kind_spare_capacity", "timesharing": "sh_kind_timesharing",
                    "hub": "sh_kind_hub", "siting": "sh_kind_siting", "limit": "sh_kind_limit"}
VERDICT_KEYS = {"day_not_by_evenings": "sh_verdict_day_not_by_evenings", "evening_solved": "sh_verdict_evening_solved",
                "evening_partly": "sh_verdict_evening_partly", "evening_not_solved": "sh_verdict_evening_not_solved",
                "day_solved": "sh_verdict_day_solved", "ok": "sh_verdict_ok"}
METHOD_KEYS = {"exact": "sh_method_exact", "greedy": "sh_method_greedy"}


def kind_label(kind: str, lang: str = "nl") -> str:
    """An option kind in words ('Vrije capaciteit', …)."""
    return t(OPTION_KIND_KEYS[kind], lang) if kind in OPTION_KIND_KEYS else str(kind)


def column_label(column: str, lang: str = "nl") -> str:
    return t(COLUMN_KEYS[column], lang) if column in COLUMN_KEYS else str(column)


def _cols(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table for the screen: every number as text with the decimals of its quantity (Streamlit's formats are
    not locale aware), units, statuses, sources and flags in words, columns labelled."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if c in UNIT_COLUMNS:
            out[c] = s.map(lambda u: "–" if missing(u) else unit_label(u, lang))
        elif pd.api.types.is_bool_dtype(s) or (len(s) and s.map(lambda v: isinstance(v, (bool, np.bool_))).all()):
            out[c] = s.map(lambda v: t("yes", lang) if bool(v) else t("no", lang))
        elif pd.api.types.is_numeric_dtype(s):
            ucol = next((u for u in UNIT_OF.get(c, ()) if u in df.columns), None)
            if ucol:
                out[c] = [amount(v, u, lang) for v, u in zip(s, df[ucol], strict=True)]
            else:
                kind = KIND.get(c, "hours" if c.endswith("_h") else None)
                out[c] = [amount(v, kind, lang) if kind else number(v, lang, 2) for v in s]
        elif c == "status":
            out[c] = s.map(lambda v: norm_status(v, lang) if v in NORM_STATUSES else ("–" if missing(v) else str(v)))
        else:
            out[c] = s.map(lambda v: "–" if missing(v) else data_text(v, lang))
    return out.rename(columns={c: column_label(c, lang) for c in out.columns}).reset_index(drop=True)


NORM_STATUSES = ("policy", "derived", "assumption", "sourced")


def option_table(opts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rank, kind, sentence, score (1 decimal) and labels for estimates/assumptions."""
    out = pd.DataFrame({"rank": opts["rank"], "kind": opts["kind"].map(lambda k: kind_label(k, lang)),
                        "sentence": opts["sentence"], "score": opts["score"],
                        "flags": [" · ".join(x for x in (t("estimate", lang) if e else "",
                                                         t("status_assumption", lang) if a else "") if x)
                                  for e, a in zip(opts["estimate"], opts["assumption"], strict=True)]})
    return _cols(out, lang)


def best_lines(opts: pd.DataFrame, lang: str, n: int = 8) -> list[str]:
    """Markdown lines of the best options: at most two per kind (so the list stays varied), best first, each
    with its kind, score and labels for estimates and assumptions. Never a 'limit' row."""
    picked = options.varied(opts[opts["kind"] != "limit"], n)
    lines = []
    for r in picked.itertuples():
        flags = [t("estimate", lang).lower()] if r.estimate else []
        flags += [t("status_assumption", lang)] if r.assumption else []
        note = f" _({', '.join(flags)})_" if flags else ""
        lines.append(f"{int(r.rank)}. **{kind_label(r.kind, lang)}** · {md_escape(r.sentence)} "
                     f"`{amount(r.score, 'score', lang)}`{note}")
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
    facts = [(column_label(k, lang), _fact(k, v, opt["unit"], lang))
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
        table = rows[cols + ["verdict"]].assign(verdict=rows["verdict"].map(
            lambda v: t(VERDICT_KEYS[v], lang) if v in VERDICT_KEYS else v))
    elif kind == "hub":
        prog = hub.programme[hub.programme["site_id"] == d.get("site_id")]
        table = prog[["function", "existing", "covered", "covered_unit", "units", "capacity", "capacity_unit",
                      "floor_m2", "floor_m2_alt", "status", "source"]].assign(
            function=prog["function"].map(lambda x: facility_label(x, lang)))
    else:
        table = pd.DataFrame([d]).drop(columns=[c for c in d if isinstance(d[c], (list, dict))], errors="ignore")
        if "unit" in opt and "unit" not in table:
            table["unit"] = opt["unit"]
    return facts, _cols(table, lang)


def _fact(key: str, v, unit: str, lang: str) -> str:
    """One number behind an option, with the decimals of its quantity (the option's unit for amounts)."""
    if key in UNIT_OF or key in ("absorbed", "shortfall", "capacity"):
        return amount(v, unit, lang)
    kind = KIND.get(key, "hours" if key.endswith("_h") else None)
    return amount(v, kind, lang) if kind else number(v, lang, 2)


def spare_tables(res: spare_capacity.SpareResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facilities with spare capacity, buurten with a shortfall and how much could be absorbed)."""
    f = res.facilities[res.facilities["spare"] > 1e-9].sort_values("spare", ascending=False)
    f = f[["facility_type", "name", "capacity", "demand", "used", "spare", "unit"]].assign(
        facility_type=f["facility_type"].map(lambda x: facility_label(x, lang)))
    a = res.areas[["facility_type", "area_name", "wijk_name", "shortfall", "absorbed", "remaining", "facilities",
                   "max_distance_m", "reach_m", "unit", "estimate"]]
    a = a.assign(facility_type=a["facility_type"].map(lambda x: facility_label(x, lang)))
    return _cols(f, lang), _cols(a, lang)


def hub_tables(res: hubs.HubResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ranked sites, their programme with sources and status labels)."""
    s = res.sites
    sites = pd.DataFrame({"label": s["label"], "kind": s["kind"], "wijk_name": s["wijk_name"],
                          "functions": s["functions"].map(lambda fs: " + ".join(options.noun(f, lang) for f in fs)),
                          "score": s["score"], "need_in_reach": s["need_in_reach"],
                          "floor_m2": s["floor_m2"], "buurten": s["areas_served"].map(len)})
    p = res.programme.merge(s[["site_id", "label"]], on="site_id")
    prog = p[["label", "function", "existing", "covered", "covered_unit", "units", "capacity", "capacity_unit",
              "floor_m2", "floor_m2_alt", "status", "source"]].assign(
        function=p["function"].map(lambda x: facility_label(x, lang)))
    sites["kind"] = sites["kind"].map(lambda k: t(KIND_KEYS[k], lang) if k in KIND_KEYS else k)
    return _cols(sites, lang), _cols(prog, lang)


def timesharing_tables(res: timesharing.TimeShareResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per wijk hours required/available/matched, per facility hours per block)."""
    w = timesharing.by_wijk(res.areas, res.matches).drop(columns=["wijk_code"])
    f = res.facilities.drop(columns=["id", "x", "y"])
    f = f.assign(type=f["type"].map(lambda x: facility_label(x, lang)))
    return _cols(w, lang), _cols(f, lang)


def median_school_use(res: timesharing.TimeShareResult) -> float:
    g = res.facilities[res.facilities["type"] == timesharing.GYM]
    return float(g["school_use_h_per_year"].median()) if len(g) else float("nan")


def assumption_table(lang: str) -> pd.DataFrame:
    """The time-sharing assumptions and standard sizes with their status label (sourced/derived/assumption)."""
    a = timesharing.assumptions()
    value = [amount(v, ASSUMPTION_UNIT_KINDS.get(u), lang) if u in ASSUMPTION_UNIT_KINDS else number(v, lang, 2)
             for v, u in zip(a["value"], a["unit"], strict=True)]
    a = pd.DataFrame({"key": a["key"].map(lambda k: t(ASSUMPTION_KEYS[k], lang) if k in ASSUMPTION_KEYS else k),
                      "value": value, "unit": a["unit"].map(lambda u: unit_label(u, lang)),
                      "status": a["status"].map(lambda x: norm_status(x, lang)),
                      "source": a["source"].map(lambda x: data_text(x, lang))})
    s = common.standard_sizes()
    s = pd.DataFrame({"key": [f"{facility_label(f, lang)} ({v})" for f, v in zip(s["function"], s["variant"],
                                                                                 strict=True)],
                      "value": s["floor_m2"].map(lambda v: amount(v, "m2", lang)),
                      "unit": "m² " + s["area_kind"].map(lambda x: data_text(x, lang)),
                      "status": s["status"].map(lambda x: norm_status(x, lang)),
                      "source": s["source"].map(lambda x: data_text(x, lang))})
    return _cols(pd.concat([a, s], ignore_index=True), lang)


#: Units of the time-sharing assumptions → the decimals kind of their values.
ASSUMPTION_UNIT_KINDS = {"hours/week": "hours", "minutes/week": "count", "children": "persons", "persons": "persons",
                         "weeks/year": "count", "m": "m", "share of inhabitants": "ratio", "share of hours": "ratio"}
#: The time-sharing assumptions (data/timesharing_assumptions.csv) → label keys.
ASSUMPTION_KEYS = {"day_hours_per_unit": "sh_a_day_hours_per_unit", "evening_hours_per_unit": "sh_a_evening_hours",
                   "weekend_hours_per_unit": "sh_a_weekend_hours", "pe_minutes_per_group": "sh_a_pe_minutes",
                   "pupils_per_group": "sh_a_pupils_per_group", "club_participation": "sh_a_club_participation",
                   "club_hours_per_participant": "sh_a_club_hours",
                   "participants_per_hour_sports_hall": "sh_a_hall_participants",
                   "participants_per_hour_sports_room": "sh_a_room_participants",
                   "participants_per_hour_gym": "sh_a_gym_participants",
                   "gym_evening_booked_share": "sh_a_booked_share", "school_weeks_per_year": "sh_a_school_weeks",
                   "match_distance_m": "sh_a_match_distance"}


def steps(first: float, last: float, step: float) -> list[float]:
    """The values of a slider from ``first`` to ``last`` (inclusive) by ``step``, rounded so 0.1 is 0.1."""
    n = int(round((last - first) / step))
    return [round(first + i * step, 6) for i in range(n + 1)]


def siting_types(inp, table: pd.DataFrame, year: int) -> list[str]:
    return common.types_with(inp, table, year)


def default_capacity(ftype: str) -> tuple[float, str]:
    """(capacity of one standard unit, its unit) for the siting form."""
    s = common.size_of(ftype)
    return float(s["unit_capacity"]), str(s["capacity_unit"])


def siting_tables(res: siting.SitingResult, check: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(chosen sites with covered need per function, per function: total shortfall, covered, share, engine
    check before/after)."""
    sites = res.sites.drop(columns=["x", "y"])
    sites["kind"] = sites["kind"].map(lambda k: t(KIND_KEYS[k], lang) if k in KIND_KEYS else k)
    sites = sites.rename(columns={f"covered_{f}": f"{t('sh_coverage', lang)}: {facility_label(f, lang)}"
                                  for f in res.params["functions"]})
    summ = res.summary.merge(check[["function", "before", "after", "reduction"]], on="function", how="left")
    summ = summ.assign(function=summ["function"].map(lambda x: facility_label(x, lang)), share=100 * summ["share"])
    return _cols(sites, lang), _cols(summ, lang)


SOLVER_KEYS = {siting.SOLVER: "sh_solver_milp", siting.ENUMERATION: "sh_solver_enum", "greedy": "sh_solver_greedy"}
KIND_KEYS = {"centroid": "sh_cand_centroid", "facility": "sh_cand_facility", "point": "sh_cand_point"}


def method_label(res: siting.SitingResult, lang: str) -> str:
    """'exact — MILP, HiGHS (optimaal)': which method ran, with which solver, and its status."""
    solver = res.params["solver"]
    solver = t(SOLVER_KEYS[solver], lang) if solver in SOLVER_KEYS else solver
    status = t("sh_optimal", lang) if res.status == "optimal" else res.status
    method = t(METHOD_KEYS[res.method], lang) if res.method in METHOD_KEYS else res.method
    return f"{method} — {solver} ({status})"


def clicked_points(points: list[tuple[float, float]], lang: str = "nl") -> pd.DataFrame:
    """User-clicked (lon, lat) points as candidate sites in EPSG:28992 (label 'punt n' / 'point n')."""
    if not points:
        return pd.DataFrame(columns=["x", "y", "label"])
    lon, lat = zip(*points, strict=True)
    x, y = geo.lonlat_to_rd(np.asarray(lon), np.asarray(lat))
    return pd.DataFrame({"x": x, "y": y, "label": [t("sh_point", lang).format(n=i + 1) for i in range(len(points))]})


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
