"""Matching initiatives with free room hours: an exact MILP solved with HiGHS (``scipy.optimize.milp``).

Data (hours per week, persons, m², metres in EPSG:28992):

* initiative i (status ``aangemeld``, or coupled to a room that does not exist in the scenario): p_i
  participants, h_i hours in block b_i, a need type T_i, whether it needs an accessible room, and a maximum
  distance D_i from the centre of its area (buurt or wijk centroid);
* room r: type, floor area A_r, accessibility, and free hours F_rb = bookable − booked − hours of coupled
  initiatives in block b (lib.initiatives.rooms).

A pair (i, r) is allowed when the room type serves T_i (``model.FITS``), the room is accessible when needed
(unknown accessibility does not count as accessible), A_r ≥ m²-per-participant(T_i) × p_i
(data/initiatives_assumptions.csv), d_ir ≤ D_i and F_{r,b_i} ≥ h_i. With x_ir ∈ {0, 1}:

    stage 1:  W* = max Σ w_i x_ir,     w_i = p_i × h_i / ¼ h   (participant-hours in quarter hours, an integer)
              s.t. Σ_r x_ir ≤ 1                 every initiative meets in one room, or is not housed
                   Σ_{i: b_i = b} h_i x_ir ≤ F_rb   per room and block
    stage 2:  min Σ d_ir x_ir   s.t. the same and Σ w_i x_ir ≥ W* − ½

Hours are whole quarter hours (checked at import), so every w_i is an integer and any assignment housing fewer
participant-hours than W* has Σ w x ≤ W* − 1: stage 2 keeps exactly the assignments that house the most
participant-hours and, among them, picks the shortest total distance (lexicographic; no weight to tune).

An initiative that is not housed gets the first reason in this order that leaves it no room (``model.REASONS``):
no room of a fitting type within its distance; none of those accessible (when needed); none of those large
enough; none of those with h_i free hours in its block; and otherwise ``hours_taken``: rooms have the hours, but
giving them to it would house fewer participant-hours in total (or farther, at equal participant-hours).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from lib.core import catchment
from lib.core import rooms as model
from lib.initiatives import supply as room_model

SOLVER = "MILP, HiGHS (scipy.optimize.milp), lexicographic: participant-hours, then distance"
TIME_LIMIT_S = 30.0
EPS = 1e-9
ACCEPTED = "accepted"
PROPOSED = "proposed"
STOPPED = "stopped"

COLUMNS = ["initiative_id", "name", "organiser", "status", "area_code", "activity", "participants", "hours",
           "time_block", "room_type", "accessible_required", "max_distance_m", "facility_id", "facility_name",
           "room_id", "matched_room_type", "room_source", "distance_m", "participant_hours", "match", "reason",
           "illustrative", "room_missing", "x", "y", "fx", "fy"]


@dataclass
class MatchResult:
    """One row per initiative (``COLUMNS``), the rooms with held, proposed and remaining free hours per block,
    and how the solver did."""

    rows: pd.DataFrame
    rooms: pd.DataFrame
    status: str = "optimal"
    optimal: bool = True
    housed_participant_hours: float = 0.0       # by the proposals
    stats: dict = field(default_factory=dict)


@dataclass
class Pairs:
    """Initiative–room pairs within reach with the checks of each (arrays aligned)."""

    ini: np.ndarray
    room: np.ndarray
    distance: np.ndarray
    fits: np.ndarray
    accessible: np.ndarray
    large: np.ndarray
    hours: np.ndarray

    @property
    def allowed(self) -> np.ndarray:
        return self.fits & self.accessible & self.large & self.hours


def centres(initiatives: pd.DataFrame, areas: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The centre (EPSG:28992 m) of each initiative's area; NaN when the area is unknown."""
    c = areas.set_index("code")
    return (initiatives["area_code"].map(c["cx"]).to_numpy(dtype="float64"),
            initiatives["area_code"].map(c["cy"]).to_numpy(dtype="float64"))


def pairs(ini: pd.DataFrame, rooms: pd.DataFrame) -> Pairs:
    """Pairs (initiative, room) with d ≤ max_distance_m, and per pair: type fits, accessible when needed, large
    enough, enough free hours in the initiative's block."""
    x, y = ini["x"].to_numpy(dtype="float64"), ini["y"].to_numpy(dtype="float64")
    radius = np.where(np.isnan(x) | np.isnan(y), -1.0, ini["max_distance_m"].to_numpy(dtype="float64"))
    pr = catchment.pairs_within(np.nan_to_num(x), np.nan_to_num(y), radius, rooms["x"].to_numpy(dtype="float64"),
                                rooms["y"].to_numpy(dtype="float64"))
    i, r = pr.area, pr.facility
    need = ini["room_type"].to_numpy()[i]
    rtype = rooms["room_type"].to_numpy()[r]
    fits = np.array([t in model.FITS.get(n, ()) for n, t in zip(need, rtype, strict=True)], dtype=bool)
    acc_room = rooms["accessible"].to_numpy()[r]
    accessible = ~ini["accessible_required"].to_numpy(dtype=bool)[i] | np.array([a is True or a == True  # noqa: E712
                                                                                 for a in acc_room], dtype=bool)
    m2 = np.array([model.m2_per_participant(n) for n in need], dtype="float64")
    large = rooms["area_m2"].to_numpy(dtype="float64")[r] + EPS >= m2 * ini["participants"].to_numpy(dtype="float64")[i]
    block = ini["time_block"].to_numpy()[i]
    free = np.array([rooms[f"free_{b}"].to_numpy()[k] for b, k in zip(block, r, strict=True)], dtype="float64")
    hours = free + EPS >= ini["hours"].to_numpy(dtype="float64")[i]
    return Pairs(i, r, pr.distance, fits, accessible, large, hours)


def solve(weight: np.ndarray, distance: np.ndarray, ini: np.ndarray, group: np.ndarray, hours: np.ndarray,
          capacity: np.ndarray, time_limit: float = TIME_LIMIT_S) -> tuple[np.ndarray, str, bool]:
    """The lexicographic MILP on allowed pairs: ``weight`` (integer participant quarter-hours), ``distance`` (m),
    ``ini`` (initiative index), ``group`` (room-and-block index into ``capacity``, hours per week) and ``hours``
    per pair. Returns (chosen per pair, solver message, proven optimal)."""
    n = len(weight)
    if n == 0:
        return np.zeros(0, dtype=bool), "optimal (nothing to assign)", True
    cols = np.arange(n)
    _, ini_row = np.unique(ini, return_inverse=True)
    one_room = sp.csr_matrix((np.ones(n), (ini_row, cols)), shape=(ini_row.max() + 1, n))
    used_groups, grp_row = np.unique(group, return_inverse=True)
    per_block = sp.csr_matrix((hours, (grp_row, cols)), shape=(len(used_groups), n))
    cons = [LinearConstraint(one_room, -np.inf, 1.0), LinearConstraint(per_block, -np.inf, capacity[used_groups])]
    opts = {"time_limit": time_limit, "mip_rel_gap": 0.0}
    first = milp(-weight.astype("float64"), constraints=cons, integrality=np.ones(n), bounds=Bounds(0, 1),
                 options=opts)
    if first.x is None:
        return np.zeros(n, dtype=bool), str(first.message), False
    best = float(np.round(np.dot(weight, np.round(first.x))))
    second = milp(distance.astype("float64"),
                  constraints=[*cons, LinearConstraint(weight.astype("float64")[None, :], best - 0.5, np.inf)],
                  integrality=np.ones(n), bounds=Bounds(0, 1), options=opts)
    x = second.x if second.x is not None else first.x
    optimal = first.status == 0 and second.status == 0
    message = "optimal" if optimal else f"best found ({first.message}; {second.message})"
    return np.round(x) > 0.5, message, optimal


def match(initiatives: pd.DataFrame, offered: pd.DataFrame, areas: pd.DataFrame,
          time_limit: float = TIME_LIMIT_S) -> MatchResult:
    """Propose rooms for the open initiatives (see the module docstring). ``initiatives``: the scenario's
    initiatives (``db.INITIATIVE_FIELDS``); ``offered``: ``rooms.offered``; ``areas``: code, cx, cy."""
    rooms, ini = room_model.with_held(offered, initiatives.reset_index(drop=True))
    ini = ini.rename(columns={"hours_per_week": "hours"})
    ini["x"], ini["y"] = centres(ini, areas)
    accepted = ini["status"].isin(model.HOLDING) & ~ini["room_missing"]
    open_ = (ini["status"] == "aangemeld") | (ini["status"].isin(model.HOLDING) & ini["room_missing"])
    o = ini[open_].reset_index()
    p = pairs(o, rooms)
    ok = p.allowed
    block_idx = {b: k for k, b in enumerate(model.BLOCKS)}
    blocks = o["time_block"].map(block_idx).to_numpy()[p.ini[ok]]
    group = p.room[ok] * len(model.BLOCKS) + blocks
    capacity = np.concatenate([rooms[f"free_{b}"].to_numpy(dtype="float64")[:, None] for b in model.BLOCKS],
                              axis=1).ravel()
    quarters = np.round(o["hours"].to_numpy(dtype="float64") / model.HOUR_STEP)
    weight = (o["participants"].to_numpy(dtype="float64") * quarters)[p.ini[ok]]
    chosen, message, optimal = solve(weight, p.distance[ok], p.ini[ok], group,
                                     o["hours"].to_numpy(dtype="float64")[p.ini[ok]], capacity, time_limit)
    pick_i, pick_r, pick_d = p.ini[ok][chosen], p.room[ok][chosen], p.distance[ok][chosen]

    rows = ini.copy()
    for col in ("facility_name", "matched_room_type", "room_source", "match", "reason"):
        rows[col] = ""
    rows["distance_m"] = np.nan
    rows["fx"], rows["fy"] = np.nan, np.nan
    rows["room_illustrative"] = False
    rk = rooms.set_index("key")
    acc = rows.index[accepted]
    _place(rows, acc, rk.loc[rows.loc[acc, "room_key"]], ACCEPTED)
    rows.loc[open_, ["facility_id", "room_id"]] = None
    prop = o["index"].to_numpy()[pick_i]
    _place(rows, prop, rooms.iloc[pick_r].set_index(pd.Index(prop)), PROPOSED, pick_d)
    rows.loc[rows["status"] == "gestopt", "reason"] = STOPPED
    local = np.setdiff1d(np.arange(len(o)), pick_i)
    unplaced = o["index"].to_numpy()[local]
    rows.loc[unplaced, "reason"] = _reasons(p, len(o))[local]
    housed = rows["match"].isin((ACCEPTED, PROPOSED))
    rows["participant_hours"] = np.where(housed, rows["participants"] * rows["hours"], 0.0)
    rows["illustrative"] = rows["illustrative"].fillna(False).astype(bool) | rows["room_illustrative"]
    rooms = _proposed_hours(rooms, rows)
    stats = {"initiatives": int(len(ini)), "open": int(open_.sum()), "accepted": int(accepted.sum()),
             "proposed": int(len(prop)), "unmatched": int(len(unplaced)), "pairs_in_reach": int(len(p.ini)),
             "pairs_allowed": int(ok.sum()), "rooms": int(len(rooms)), "solver": SOLVER}
    return MatchResult(rows[COLUMNS].reset_index(drop=True), rooms, message, optimal,
                       float(rows.loc[rows["match"] == PROPOSED, "participant_hours"].sum()), stats)


def _place(rows: pd.DataFrame, idx, room: pd.DataFrame, how: str, distance=None) -> None:
    """Write the room ``room`` (rows aligned with ``idx``) into the initiative rows ``idx``."""
    if len(idx) == 0:
        return
    rows.loc[idx, "facility_id"] = room["facility_id"].to_numpy()
    rows.loc[idx, "room_id"] = room["room_id"].to_numpy()
    rows.loc[idx, "facility_name"] = room["facility_name"].to_numpy()
    rows.loc[idx, "matched_room_type"] = room["room_type"].to_numpy()
    rows.loc[idx, "room_source"] = room["source"].to_numpy()
    rows.loc[idx, "room_illustrative"] = room["illustrative"].to_numpy(dtype=bool)
    rows.loc[idx, "fx"] = room["x"].to_numpy()
    rows.loc[idx, "fy"] = room["y"].to_numpy()
    if distance is None:
        distance = np.hypot(rows.loc[idx, "x"].to_numpy(dtype="float64") - room["x"].to_numpy(dtype="float64"),
                            rows.loc[idx, "y"].to_numpy(dtype="float64") - room["y"].to_numpy(dtype="float64"))
    rows.loc[idx, "distance_m"] = distance
    rows.loc[idx, "match"] = how


def _reasons(p: Pairs, n: int) -> np.ndarray:
    """Per open initiative the reason it could not be housed (``model.REASONS`` precedence)."""
    def any_of(mask):
        return np.bincount(p.ini[mask], minlength=n) > 0

    steps = [any_of(p.fits), any_of(p.fits & p.accessible), any_of(p.fits & p.accessible & p.large),
             any_of(p.allowed)]
    out = np.full(n, model.REASONS[-1], dtype=object)
    for reason, has in zip(reversed(model.REASONS[:-1]), reversed(steps), strict=True):
        out[~has] = reason
    return out


def _proposed_hours(rooms: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Rooms with ``proposed_<block>`` (hours the proposals take) and ``left_<block>`` (free after them)."""
    out = rooms.copy()
    prop = rows[rows["match"] == PROPOSED]
    keys = [room_model.key(f, r) for f, r in zip(prop["facility_id"], prop["room_id"], strict=True)]
    prop = prop.assign(room_key=keys)
    for b in model.BLOCKS:
        sums = prop[prop["time_block"] == b].groupby("room_key")["hours"].sum()
        out[f"proposed_{b}"] = out["key"].map(sums).fillna(0.0).astype("float64")
        out[f"left_{b}"] = np.clip(out[f"free_{b}"] - out[f"proposed_{b}"], 0, None)
    return out
