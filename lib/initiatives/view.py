"""View models for the page "Initiatieven": sentences, display tables, the map and the week grid per facility.
No Streamlit and no arithmetic on the page: every number shown is made here from a ``MatchResult``. Every data
string that reaches HTML (map tooltips) is escaped.

Units: hours per week, metres (EPSG:28992; the map converts to WGS84 for display only), m², persons.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.core import geo
from lib.core import rooms as model
from lib.initiatives import matching
from lib.initiatives.supply import TIMESHARING
from lib.text.i18n import t
from lib.ui.formatting import MISSING, amount, data_text, norm_status, number, quantity, unit_label
from lib.ui.offline_map import add_legend, new_map

COLOURS = {"accepted": "#1a9850", "proposed": "#2171b5", "unmatched": "#d7301f", "stopped": "#969696",
           "room": "#6a51a3", "stand_in": "#bcbddc", "booked": "#9e9e9e", "held": "#1a9850", "proposed_h": "#6baed6",
           "left": "#e5f5e0"}
DISTANCE_STEP_M = 10   # sentences round distances from an area's centre to 10 m (they are centre-to-door figures)

#: Time blocks of the week → (label, short label) keys.
BLOCK_KEYS = {"weekday_day": ("in_block_weekday_day", "in_block_short_weekday_day"),
              "weekday_evening": ("in_block_weekday_evening", "in_block_short_weekday_evening"),
              "weekend": ("in_block_weekend", "in_block_weekend")}
#: Room types → label keys.
TYPE_KEYS = {"zaal": "in_type_zaal", "gymzaal": "sh_noun_gym", "sporthal": "sh_noun_sports_hall",
             "keuken": "in_type_keuken", "werkplaats": "in_type_werkplaats", "buiten": "in_type_buiten"}
#: Statuses of an initiative → label keys.
STATUS_KEYS = {"aangemeld": "in_status_aangemeld", "gekoppeld": "in_status_gekoppeld",
               "lopend": "in_status_lopend", "gestopt": "in_status_gestopt"}
#: Why an initiative is not housed → (sentence, short) keys.
REASON_KEYS = {"no_room_in_reach": ("in_reason_no_room_in_reach", "in_reason_short_no_room_in_reach"),
               "not_accessible": ("in_reason_not_accessible", "in_reason_short_not_accessible"),
               "too_small": ("in_reason_too_small", "in_reason_short_too_small"),
               "no_free_hours": ("in_reason_no_free_hours", "in_reason_short_no_free_hours"),
               "hours_taken": ("in_reason_hours_taken", "in_reason_short_hours_taken"),
               "stopped": ("in_status_gestopt", "in_status_gestopt")}
#: Outcomes of the matching → label keys.
MATCH_KEYS = {"accepted": "in_match_accepted", "proposed": "in_match_proposed"}
#: Where a room's hours come from → label keys.
SOURCE_KEYS = {"imported": "in_src_imported", "timesharing": "in_src_timesharing"}
#: Parts of a room's week (the week grid) → label keys.
GRID_KEYS = {"booked": "in_grid_booked", "held": "in_grid_held", "proposed": "in_match_proposed",
             "left": "in_free"}
#: Assumptions of the matching → label keys.
ASSUMPTION_KEYS = {"m2_per_participant_zaal": "in_asm_m2_per_participant_zaal",
                   "m2_per_participant_keuken": "in_asm_m2_per_participant_keuken",
                   "m2_per_participant_werkplaats": "in_asm_m2_per_participant_werkplaats",
                   "m2_per_participant_gymzaal": "in_asm_m2_per_participant_gymzaal",
                   "m2_per_participant_sporthal": "in_asm_m2_per_participant_sporthal",
                   "m2_per_participant_buiten": "in_asm_m2_per_participant_buiten",
                   "default_max_distance_m": "in_asm_default_max_distance_m"}


def block_label(block: str, lang: str = "nl", short: bool = False) -> str:
    return t(BLOCK_KEYS[block][1 if short else 0], lang) if block in BLOCK_KEYS else str(block)


def type_label(room_type: str, lang: str = "nl") -> str:
    return t(TYPE_KEYS[room_type], lang) if room_type in TYPE_KEYS else str(room_type)


def status_label(status: str, lang: str = "nl") -> str:
    return t(STATUS_KEYS[status], lang) if status in STATUS_KEYS else str(status)


def reason_label(reason: str, lang: str = "nl", short: bool = False) -> str:
    return t(REASON_KEYS[reason][1 if short else 0], lang) if reason in REASON_KEYS else str(reason)


def match_label(match: str, lang: str = "nl") -> str:
    return t(MATCH_KEYS[match], lang) if match in MATCH_KEYS else MISSING


def hours_text(h: float, lang: str = "nl") -> str:
    return f"{number(h, lang, 1)} {t('in_hours_unit', lang)}"


def distance_text(d: float, lang: str = "nl") -> str:
    return MISSING if pd.isna(d) else quantity(round(float(d) / DISTANCE_STEP_M) * DISTANCE_STEP_M, "m", lang)


def room_label(row, lang: str = "nl") -> str:
    """'Kindercampus Molenpark (zaal aula)', or for a stand-in '… (gymzaal, hours from the time-sharing model)'."""
    rtype = row["matched_room_type"] if "matched_room_type" in row else row["room_type"]
    kind = type_label(rtype, lang)
    if row.get("room_source", row.get("source")) == TIMESHARING:
        return f"{row['facility_name']} ({kind}, {t('in_ts_short', lang)})"
    room = str(row["room_id"])
    same = room.strip().lower() in (kind.lower(), str(rtype).lower())
    return f"{row['facility_name']} ({kind if same else kind + ' ' + room})"


def _flag(row, lang: str) -> str:
    return f" ({t('in_illustrative_short', lang)})" if bool(row.get("illustrative")) else ""


def sentence(row, lang: str = "nl") -> str:
    """A housed initiative in words: 'Repaircafé Lombok: doordeweekse avond 3 uur in Buurthuis X (zaal 1), 450 m'."""
    return t("in_sent_match", lang).format(name=row["name"], block=block_label(row["time_block"], lang),
                                           hours=hours_text(row["hours"], lang), room=room_label(row, lang),
                                           dist=distance_text(row["distance_m"], lang)) + _flag(row, lang)


def reason_sentence(row, area_names: dict[str, str], lang: str = "nl") -> str:
    """Why an initiative is not housed, with the numbers behind the reason."""
    need = row["room_type"]
    fits = ", ".join(type_label(x, lang) for x in model.FITS[need])
    m2pp = model.m2_per_participant(need)
    text = reason_label(row["reason"], lang).format(
        types=fits, dist=amount(row["max_distance_m"], "m", lang),
        area=area_names.get(row["area_code"], row["area_code"]),
        m2=amount(m2pp * row["participants"], "m2", lang), m2pp=number(m2pp, lang),
        hours=hours_text(row["hours"], lang),
        block=block_label(row["time_block"], lang))
    what = t("in_sent_need", lang).format(n=amount(row["participants"], "persons", lang),
                                          hours=hours_text(row["hours"], lang),
                                          block=block_label(row["time_block"], lang), type=type_label(need, lang))
    return f"{row['name']} ({what}): {text}" + _flag(row, lang)


def headline(result: matching.MatchResult) -> dict:
    """Counts and participant-hours per week for the metrics row."""
    r = result.rows
    active = r[r["status"] != "gestopt"]
    return {"initiatives": int(len(active)), "accepted": int((r["match"] == matching.ACCEPTED).sum()),
            "proposed": int((r["match"] == matching.PROPOSED).sum()),
            "unmatched": int(((r["match"] == "") & (r["status"] != "gestopt")).sum()),
            "ph_accepted": float(r.loc[r["match"] == matching.ACCEPTED, "participant_hours"].sum()),
            "ph_proposed": result.housed_participant_hours,
            "ph_housed": float(r["participant_hours"].sum()),
            "ph_asked": float((active["participants"] * active["hours"]).sum())}


def solver_text(result: matching.MatchResult, lang: str = "nl") -> str:
    """How the matching was solved, and whether the optimum is proven."""
    outcome = t("in_optimal", lang) if result.optimal else t("in_not_proven", lang).format(msg=result.status)
    return t("in_solver", lang).format(outcome=outcome,
                                       pairs=amount(result.stats.get("pairs_allowed", 0), "count", lang))


def has_illustrative(result: matching.MatchResult) -> bool:
    return bool(result.rows["illustrative"].any() or result.rooms["illustrative"].any())


def proposed(result: matching.MatchResult) -> pd.DataFrame:
    return result.rows[result.rows["match"] == matching.PROPOSED]


def accepted(result: matching.MatchResult) -> pd.DataFrame:
    return result.rows[result.rows["match"] == matching.ACCEPTED]


def unmatched(result: matching.MatchResult) -> pd.DataFrame:
    r = result.rows
    return r[(r["match"] == "") & (r["status"] != "gestopt")]


def initiative_table(result: matching.MatchResult, area_names: dict[str, str], lang: str = "nl") -> pd.DataFrame:
    """The list of initiatives with status and what the matching says, for the screen."""
    r = result.rows
    outcome = [sentence(x, lang) if x["match"] else
               (status_label("gestopt", lang) if x["status"] == "gestopt" else reason_label(x["reason"], lang, True))
               for x in r.to_dict("records")]
    match = r["match"].map(lambda m: match_label(m, lang))
    return pd.DataFrame({
        t("in_col_name", lang): r["name"], t("in_col_organiser", lang): r["organiser"].fillna(""),
        t("area", lang): r["area_code"].map(lambda c: area_names.get(c, c)),
        t("in_col_activity", lang): r["activity"].fillna(""),
        t("in_col_participants", lang): [amount(v, "persons", lang) for v in r["participants"]],
        t("in_col_hours", lang): [number(h, lang, 1) for h in r["hours"]],
        t("in_col_block", lang): r["time_block"].map(lambda b: block_label(b, lang)),
        t("in_col_type", lang): r["room_type"].map(lambda x: type_label(x, lang)),
        t("status", lang): r["status"].map(lambda s: status_label(s, lang)),
        t("in_col_match", lang): match, t("in_col_outcome", lang): outcome,
        t("in_col_illustrative", lang): r["illustrative"].map(lambda v: t("yes", lang) if v else "")})


def room_tooltip(rooms: pd.DataFrame, lang: str = "nl") -> str:
    """Escaped HTML: the facility and, per room, its type, area and free hours per block (before proposals)."""
    first = rooms.iloc[0]
    lines = [f"<b>{html.escape(str(first['facility_name']))}</b>"]
    for r in rooms.to_dict("records"):
        free = " · ".join(f"{html.escape(block_label(b, lang, short=True))} "
                          f"{html.escape(number(r[f'free_{b}'], lang, 1))}" for b in model.BLOCKS)
        what = (html.escape(t("in_ts_short", lang)) if r["source"] == TIMESHARING
                else html.escape(str(r["room_id"])))
        flag = f" ({html.escape(t('in_illustrative_short', lang))})" if r["illustrative"] else ""
        lines.append(f"{html.escape(type_label(r['room_type'], lang))} {what}, "
                     f"{html.escape(quantity(r['area_m2'], 'm2', lang))}{flag}: "
                     f"{html.escape(t('in_free', lang))} {free}")
    return "<br>".join(lines)


def _wgs(x, y) -> tuple[np.ndarray, np.ndarray]:
    pts = gpd.GeoSeries(gpd.points_from_xy(np.asarray(x, dtype=float), np.asarray(y, dtype=float)), crs=geo.RD)
    pts = pts.to_crs(geo.WGS84)
    return pts.y.to_numpy(), pts.x.to_numpy()


def initiatives_map(result: matching.MatchResult, lang: str = "nl", tiles: bool = False,
                    height: int = 520) -> folium.Map:
    """Offline map: initiatives at the centre of their area (by outcome), facilities with rooms (tooltip: free
    hours per block) and a line from each housed initiative to its room (solid: accepted, dashed: proposed)."""
    r = result.rows[result.rows["x"].notna()]
    rooms = result.rooms
    xs = np.concatenate([r["x"].to_numpy(dtype=float), rooms["x"].to_numpy(dtype=float)])
    ys = np.concatenate([r["y"].to_numpy(dtype=float), rooms["y"].to_numpy(dtype=float)])
    if len(xs):
        lat, lon = _wgs(xs, ys)
        m = new_map((float(np.mean(lat)), float(np.mean(lon))), 13, tiles=tiles, height=height, zoom_snap=0.25)
        m.fit_bounds([[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]])
    else:
        m = new_map((52.09, 5.12), 12, tiles=tiles, height=height)
    if len(rooms):
        layer = folium.FeatureGroup(name=html.escape(t("in_leg_rooms", lang)))
        groups = list(rooms.groupby("facility_id", sort=True))
        first = rooms.drop_duplicates("facility_id").set_index("facility_id")
        lat, lon = _wgs(first.loc[[g for g, _ in groups], "x"], first.loc[[g for g, _ in groups], "y"])
        for (_, g), la, lo in zip(groups, lat, lon, strict=True):
            fill = COLOURS["stand_in"] if (g["source"] == TIMESHARING).all() else COLOURS["room"]
            folium.CircleMarker([la, lo], radius=5, color="#2d1a5c", weight=2, fill=True, fill_color=fill,
                                fill_opacity=0.9, tooltip=room_tooltip(g, lang)).add_to(layer)
        layer.add_to(m)
    housed = r[r["match"] != ""]
    if len(housed):
        layer = folium.FeatureGroup(name=html.escape(t("in_leg_lines", lang)))
        alat, alon = _wgs(housed["x"], housed["y"])
        flat, flon = _wgs(housed["fx"], housed["fy"])
        for row, a, b, c, d in zip(housed.to_dict("records"), alat, alon, flat, flon, strict=True):
            folium.PolyLine([[a, b], [c, d]], color=COLOURS[row["match"]], weight=3,
                            dash_array=None if row["match"] == matching.ACCEPTED else "6 4",
                            tooltip=html.escape(sentence(row, lang))).add_to(layer)
        layer.add_to(m)
    if len(r):
        layer = folium.FeatureGroup(name=html.escape(t("in_leg_initiatives", lang)))
        lat, lon = _wgs(r["x"], r["y"])
        for row, la, lo in zip(r.to_dict("records"), lat, lon, strict=True):
            state = "stopped" if row["status"] == "gestopt" else (row["match"] or "unmatched")
            tip = f"<b>{html.escape(str(row['name']))}</b>{html.escape(_flag(row, lang))}<br>" + html.escape(
                sentence(row, lang) if row["match"] else
                status_label("gestopt", lang) if state == "stopped" else reason_label(row["reason"], lang, True))
            folium.CircleMarker([la, lo], radius=7, color=COLOURS[state], weight=2, fill=True,
                                fill_color=COLOURS[state], fill_opacity=0.8, tooltip=tip).add_to(layer)
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    add_legend(m, [(t("in_match_accepted", lang), COLOURS["accepted"]), (t("in_match_proposed", lang),
                    COLOURS["proposed"]), (t("in_leg_unmatched", lang), COLOURS["unmatched"]),
                   (t("in_status_gestopt", lang), COLOURS["stopped"]), (t("in_leg_rooms", lang), COLOURS["room"]),
                   (t("in_leg_stand_in", lang), COLOURS["stand_in"])],
               t("in_legend", lang))
    return m


def facility_choices(result: matching.MatchResult, lang: str = "nl") -> dict[str, str]:
    """facility_id → label, facilities with imported rooms first (then stand-ins), by name."""
    rooms = result.rooms
    order = rooms.assign(stand_in=rooms["source"] == TIMESHARING).sort_values(["stand_in", "facility_name"])
    out = {}
    for fid, g in order.groupby("facility_id", sort=False):
        n = len(g)
        extra = t("in_ts_short", lang) if (g["source"] == TIMESHARING).all() else \
            t("in_n_rooms", lang).format(n=n)
        out[fid] = f"{g['facility_name'].iloc[0]} ({extra})"
    return out


def week_grid(result: matching.MatchResult, facility_id: str, lang: str = "nl") -> go.Figure:
    """Per room of one facility and per block of the week: hours booked, held by coupled initiatives, proposed
    by the matching and still free (stacked, hours per week; bookable = the sum)."""
    rooms = result.rooms[result.rooms["facility_id"] == facility_id]
    labels = [type_label(r["room_type"], lang) + " " + (t("in_ts_short", lang) if r["source"] == TIMESHARING
                                                         else str(r["room_id"])) for r in rooms.to_dict("records")]
    fig = make_subplots(rows=1, cols=len(model.BLOCKS), shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[block_label(b, lang) for b in model.BLOCKS])
    parts = (("booked", COLOURS["booked"]), ("held", COLOURS["held"]), ("proposed", COLOURS["proposed_h"]),
             ("left", COLOURS["left"]))
    for col, b in enumerate(model.BLOCKS, start=1):
        for part, colour in parts:
            values = rooms[f"{part}_{b}"].to_numpy(dtype=float)
            fig.add_bar(y=labels, x=values, orientation="h", name=t(GRID_KEYS[part], lang), marker_color=colour,
                        marker_line={"color": "#555555", "width": 0.5}, legendgroup=part, showlegend=col == 1,
                        text=[number(v, lang, 1) if v > 0 else "" for v in values], textposition="inside",
                        hovertemplate="%{y}: %{text} " + t("in_hours_unit", lang) + "<extra>" + t(GRID_KEYS[part], lang)
                        + "</extra>", row=1, col=col)
        fig.update_xaxes(title_text=t("unit_hours_week", lang), row=1, col=col)
    fig.update_layout(barmode="stack", height=140 + 40 * max(1, len(rooms)),
                      margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h", "y": -0.25, "x": 0}, separators=",." if lang == "nl" else ".,")
    return fig


def grid_table(result: matching.MatchResult, facility_id: str, lang: str = "nl") -> pd.DataFrame:
    """The week grid's numbers as a table: per room and block bookable, booked, held, proposed, free."""
    rooms = result.rooms[result.rooms["facility_id"] == facility_id]
    rows = []
    for r in rooms.to_dict("records"):
        for b in model.BLOCKS:
            rows.append({t("in_col_room", lang): r["room_id"], t("in_col_block", lang): block_label(b, lang),
                         t("in_grid_bookable", lang): number(r[f"bookable_{b}"], lang, 1),
                         t("in_grid_booked", lang): number(r[f"booked_{b}"], lang, 1),
                         t("in_grid_held", lang): number(r[f"held_{b}"], lang, 1),
                         t("in_match_proposed", lang): number(r[f"proposed_{b}"], lang, 1),
                         t("in_free", lang): number(r[f"left_{b}"], lang, 1)})
    return pd.DataFrame(rows)


def rooms_table(result: matching.MatchResult, lang: str = "nl") -> pd.DataFrame:
    """Every room on offer: facility, room, type, area (m²), accessibility, where its hours come from, and the
    free hours per block before the proposals (bookable − booked − coupled initiatives)."""
    r = result.rooms
    access = r["accessible"].map(lambda a: t("yes", lang) if a is True else t("in_unknown", lang) if a is None
                                 else t("no", lang))
    out = pd.DataFrame({t("facility", lang): r["facility_name"], t("in_col_room", lang): r["room_id"],
                        t("in_col_type", lang): r["room_type"].map(lambda x: type_label(x, lang)),
                        t("in_col_area_m2", lang): [amount(v, "m2", lang) for v in r["area_m2"]],
                        t("in_col_accessible", lang): access,
                        t("in_col_hours_from", lang): r["source"].map(
                            lambda s: t(SOURCE_KEYS[s], lang) if s in SOURCE_KEYS else str(s))})
    for b in model.BLOCKS:
        out[f"{t('in_free', lang)}: {block_label(b, lang)}"] = [number(v, lang, 1) for v in r[f"free_{b}"]]
    out[t("in_col_illustrative", lang)] = r["illustrative"].map(lambda v: t("yes", lang) if v else "")
    return out


def assumption_table(lang: str = "nl") -> pd.DataFrame:
    a = model.assumptions()
    return pd.DataFrame({t("sh_col_key", lang): a["key"].map(
        lambda k: t(ASSUMPTION_KEYS[k], lang) if k in ASSUMPTION_KEYS else str(k)),
                         t("value", lang): [amount(v, u, lang) for v, u in zip(a["value"], a["unit"],
                                                                                     strict=True)],
                         t("unit", lang): a["unit"].map(lambda u: unit_label(u, lang)),
                         t("kind", lang): a["status"].map(lambda s: norm_status(s, lang)),
                         t("in_col_source", lang): a["source"].map(lambda x: data_text(x, lang))})


def area_names(areas: pd.DataFrame) -> dict[str, str]:
    return dict(zip(areas["code"], areas["name"], strict=True))


def area_options(areas: pd.DataFrame) -> dict[str, str]:
    """Buurten and wijken for the form (code → 'name (wijk)' / 'name'), wijken after their buurten, by name."""
    a = areas[areas["level"].isin(("buurt", "wijk"))]
    names = area_names(areas)
    label = [f"{n} ({names.get(p, p)})" if lvl == "buurt" else str(n)
             for n, lvl, p in zip(a["name"], a["level"], a["parent_code"], strict=True)]
    out = pd.Series(label, index=a["code"].to_numpy()).sort_values()
    return out.to_dict()
