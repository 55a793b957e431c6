"""Rooms of facilities and the initiatives that seek them: room types, time blocks, statuses, which room fits
which need, and the labelled assumptions (data/initiatives_assumptions.csv). Pure data, no database, no labels;
the readers (lib.ingest.initiatives) and the matching (lib.initiatives) share it.

Units: hours per week, m² floor area, persons (participants), metres in EPSG:28992.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"
ASSUMPTIONS_CSV = DATA / "initiatives_assumptions.csv"

#: Room types a facility can offer (and an initiative can ask for).
ROOM_TYPES = ("zaal", "gymzaal", "sporthal", "keuken", "werkplaats", "buiten")

#: Time blocks of the week with the longest a block can be (hours per week): weekday daytime is Monday-Friday
#: 06:00-18:00 (5 × 12 h), weekday evening Monday-Friday 18:00-24:00 (5 × 6 h), the weekend Saturday and Sunday
#: (2 × 24 h). Hours above these are refused as impossible.
BLOCKS: dict[str, float] = {"weekday_day": 60.0, "weekday_evening": 30.0, "weekend": 48.0}

#: Which room types serve a need (the initiative's ``room_type``): a room of the same type always fits;
#: a meeting room (zaal) serves meetings only; gymzaal and sporthal both serve sport (the room's area decides
#: whether the group fits).
FITS: dict[str, tuple[str, ...]] = {
    "zaal": ("zaal",),
    "gymzaal": ("gymzaal", "sporthal"),
    "sporthal": ("sporthal", "gymzaal"),
    "keuken": ("keuken",),
    "werkplaats": ("werkplaats",),
    "buiten": ("buiten",),
}

#: Status of an initiative: registered (waiting for space), coupled (a room accepted), running, stopped.
STATUSES = ("aangemeld", "gekoppeld", "lopend", "gestopt")
#: Statuses whose accepted room hours are taken (they reduce the room's free hours for everyone else).
HOLDING = ("gekoppeld", "lopend")

#: Hours are counted in quarter hours: participant-hours are then multiples of 1/4, which makes the
#: lexicographic second stage of the matching exact (see lib.initiatives.matching).
HOUR_STEP = 0.25
MAX_PARTICIPANTS = 1000
MAX_DISTANCE_M = 50_000.0
MAX_AREA_M2 = 50_000.0

#: Room id of the stand-in room of a gym or hall without imported rooms (free hours from the time-sharing model).
TIMESHARING_ROOM = "timesharing"
#: Facility types that get a stand-in room when none is imported, with the room type it stands for.
STAND_IN: dict[str, str] = {"gym": "gymzaal", "sports_hall": "sporthal", "sports_room": "sporthal"}

#: Why an initiative was not housed, in the order they are checked (the first check that leaves no room
#: is the reason; docs/initiatives.md): geography first, then the group's hard needs, then the calendar.
REASONS = ("no_room_in_reach", "not_accessible", "too_small", "no_free_hours", "hours_taken")

TRUE = ("true", "ja", "yes", "1", "waar", "y", "j")
FALSE = ("false", "nee", "no", "0", "onwaar", "n")


def parse_bool(text) -> bool | None:
    """'true'/'false' (also ja/nee, yes/no, 1/0) → bool; anything else → None."""
    s = str(text).strip().lower()
    return True if s in TRUE else False if s in FALSE else None


@lru_cache(maxsize=4)
def _assumptions(path: str) -> pd.DataFrame:
    return pd.read_csv(path)


def assumptions(path: Path | str = ASSUMPTIONS_CSV) -> pd.DataFrame:
    """The labelled assumptions: key, value, unit, status (sourced / derived / assumption), source."""
    return _assumptions(str(path)).copy()


def value(key: str) -> float:
    a = assumptions()
    return float(a.loc[a["key"] == key, "value"].iloc[0])


def m2_per_participant(room_type: str) -> float:
    """Floor area a participant of an activity needing ``room_type`` takes (m² per person)."""
    return value(f"m2_per_participant_{room_type}")


def default_max_distance_m() -> float:
    return value("default_max_distance_m")
