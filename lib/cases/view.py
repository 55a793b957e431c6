"""View models of a workshop case for the page and the reports: the change log in words (with numbers),
"changed by X a minute ago", the case's plans and facilities as tables, notes with names and domains.

No Streamlit here; everything is a DataFrame or a string in the chosen language.
"""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pandas as pd

from lib.cases import store
from lib.core import geo
from lib.text.i18n import domain_label, facility_label, t
from lib.ui.formatting import MISSING, amount, basis_label, data_text, norm_status, number, quantity, unit_label, year

#: Fields of a change → label keys (the change log, conflicts).
FIELD_KEYS = {"dwellings": "dwellings", "year": "year", "name": "col_name", "area_code": "area",
              "capacity": "capacity", "closed": "cs_st_closed", "removed": "cs_st_removed",
              "description": "cs_description", "horizon_year": "cs_horizon", "amount": "amount", "per": "cs_per",
              "catchment_m": "catchment_m", "x": "cs_x", "y": "cs_y", "type": "type", "deleted": "cs_undone",
              "text": "cs_note_text", "unit": "unit", "facility_type": "facility_type", "woonmilieu": "woonmilieu",
              "basis": "basis", "service_level": "service_level", "source": "ov_norm_source",
              "status": "norm_status", "version": "cs_version", "participants": "in_col_participants",
              "hours_per_week": "in_col_hours", "facility_id": "facility", "room_id": "in_col_room",
              "start_year": "cs_start_year", "end_year": "cs_end_year", "budget_eur": "cs_budget",
              "owner": "cs_owner"}
#: Labels of fields whose name means something else on an agenda item (its domain, stage and kind of work).
AGENDA_FIELD_KEYS = {**FIELD_KEYS, "domain": "cs_ag_domain", "status": "cs_ag_status", "kind": "cs_ag_kind"}
#: An initiative's status is its stage (aangemeld, gekoppeld, …), not a norm's status.
INITIATIVE_FIELD_KEYS = {**FIELD_KEYS, "status": "status"}


def ago(at, now: datetime | None = None, lang: str = "nl") -> str:
    """'2 minuten geleden' for a UTC time ``at`` (naive) relative to ``now`` (default: now, UTC)."""
    if at is None or pd.isna(at):
        return ""
    now = now or store.now_utc()
    seconds = (pd.Timestamp(now) - pd.Timestamp(at)).total_seconds()
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if seconds < 45:
        return t("cs_just_now", lang)
    if minutes < 2:
        return t("cs_minute_ago", lang)
    if minutes < 60:
        return t("cs_minutes_ago", lang).format(n=minutes)
    if hours < 2:
        return t("cs_hour_ago", lang)
    if hours < 24:
        return t("cs_hours_ago", lang).format(n=hours)
    if days < 2:
        return t("cs_day_ago", lang)
    return t("cs_days_ago", lang).format(n=days)


def changed_by(last: dict | None, now: datetime | None = None, lang: str = "nl") -> str:
    """'Laatst gewijzigd door Ann (fysiek), een minuut geleden' (empty without changes)."""
    if not last:
        return ""
    return t("cs_changed_by", lang).format(who=last["author"], domain=domain_label(last["domain"], lang),
                                           ago=ago(last["changed_at"], now, lang))


#: How a field's value is shown: a year (no separators), a quantity of a unit, or a plain number.
_FIELD_KINDS = {"year": "year", "horizon_year": "year", "start_year": "year", "end_year": "year",
                "dwellings": "dwellings", "x": "m", "y": "m", "catchment_m": "m", "participants": "persons",
                "hours_per_week": "hours/week"}


def field_label(field: str, lang: str = "nl", kind: str = "") -> str:
    """The label of a field of a case row ('woningen', 'jaar', …; ``kind`` 'agenda' or 'initiative': of an agenda
    item or an initiative); an unknown field as it is."""
    if kind == "agenda":
        return t(AGENDA_FIELD_KEYS[field], lang) if field in AGENDA_FIELD_KEYS else str(field)
    if kind == "initiative":
        return t(INITIATIVE_FIELD_KEYS[field], lang) if field in INITIATIVE_FIELD_KEYS else str(field)
    return t(FIELD_KEYS[field], lang) if field in FIELD_KEYS else str(field)


def _value(v, field: str = "", lang: str = "nl", unit: str | None = None) -> str:
    """A value of a field in the change log: years as digits, quantities with their unit's decimals, flags as
    yes/no, codes of facility types as labels, missing as '–'."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return MISSING
    if isinstance(v, bool):
        return t("yes" if v else "no", lang)
    if field == "type":
        return facility_label(str(v), lang)
    if isinstance(v, (int, float)):
        kind = _FIELD_KINDS.get(field, unit if field == "capacity" else None)
        return year(v) if kind == "year" else (amount(v, kind, lang) if kind else number(v, lang))
    return str(v)


def _diff(before: dict | None, after: dict | None, fields: list[str], names: dict, lang: str,
          kind: str = "") -> str:
    parts = []
    unit = (after or {}).get("unit") or (before or {}).get("unit")
    for f in fields:
        b, a = (before or {}).get(f), (after or {}).get(f)
        if f == "area_code":
            b, a = names.get(b, b), names.get(a, a)
        if f == "unit":
            b, a = unit_label(b, lang) if b else b, unit_label(a, lang) if a else a
        parts.append(f"{field_label(f, lang, kind).lower()} {_value(b, f, lang, unit)} → "
                     f"{_value(a, f, lang, unit)}")
    return ", ".join(parts)


def _capacity(row: dict | None, lang: str = "nl") -> str:
    if not row:
        return MISSING
    return quantity(row.get("capacity"), row.get("unit") or None, lang)


#: Where a share address came from (lib.cases.room.PublicAddress.source) → its label.
SHARE_SOURCE_KEYS = {"setting": "cs_share_source_setting", "config": "cs_share_source_config",
                     "lan": "cs_share_source_lan", "listen": "cs_share_source_listen",
                     "request": "cs_share_source_request"}

#: Yes/no fields that take a row out of the scenario (or a note off the screen): an undo says what it means.
_STATE_WORD_KEYS = {("facility", "closed"): ("cs_undo_reopened", "cs_undo_closed"),
                    ("plan", "removed"): ("cs_undo_back_in", "cs_undo_taken_out"),
                    ("note", "deleted"): ("cs_undo_note_shown", "cs_undo_note_hidden")}


_THING_KEYS = {"plan": "cs_thing_plan", "facility": "cs_thing_facility", "norm": "cs_thing_norm",
               "note": "cs_thing_note", "case": "cs_thing_case"}


def _thing(kind: str, target: str, row: dict, lang: str) -> str:
    """'plan 'Merwede'', 'voorziening 'Maasplein'', 'norm Basisschool (plaatsen)', 'notitie', 'case'."""
    if kind == "norm":
        ftype, _, wm = str(target).partition("|")
        name = facility_label(ftype, lang) + (f" ({wm})" if wm else "")
    else:
        name = row.get("name") or target
    return t(_THING_KEYS[kind], lang).format(name=name)


def _undone(kind: str, target: str, before: dict | None, after: dict | None, fields: list[str], names: dict,
            lang: str) -> str:
    """What an undo did in words: 'voorziening 'Maasplein' weer open', 'plan 'X' weer weggehaald', or the
    fields with their values before → after."""
    thing = _thing(kind, target, after or before or {}, lang)
    if after is None:  # the undo of an addition
        return f"{thing} {t('cs_undo_removed_again', lang)}"
    words = []
    rest = []
    for f in fields:
        if (kind, f) in _STATE_WORD_KEYS:
            words.append(t(_STATE_WORD_KEYS[(kind, f)][1 if after.get(f) else 0], lang))
        else:
            rest.append(f)
    if rest:
        words.append(_diff(before, after, rest, names, lang))
    return f"{thing}{': ' if rest else ' '}{', '.join(words)}"


def describe(change: dict, names: dict[str, str], base: dict[tuple[str, str], dict] | None = None,
             lang: str = "nl") -> str:
    """One change in words with its numbers, e.g. "Plan 'Merwede' toegevoegd: 480 woningen in Transwijk-Zuid, 2028".

    ``names`` maps area codes to names; ``base`` maps (kind, target) to the base-data row (for the name and
    capacity of a base facility the case closes)."""
    before = None if change.get("before_json") in (None, "") or pd.isna(change.get("before_json")) \
        else json.loads(change["before_json"])
    after = None if change.get("after_json") in (None, "") or pd.isna(change.get("after_json")) \
        else json.loads(change["after_json"])
    fields = [f for f in str(change.get("fields") or "").split(",") if f]
    kind, action = change["kind"], change["action"]
    ref = after or before or {}
    base_row = (base or {}).get((kind, change["target"]))
    before_eff = before or base_row
    area = names.get(ref.get("area_code"), ref.get("area_code") or "–")
    if action == "undo":
        return t("cs_ch_undo", lang).format(seq=change["undo_of"],
                                            diff=_undone(kind, change["target"], before, after, fields, names, lang))
    if kind == "case":
        if action == "create":
            return t("cs_ch_create", lang).format(name=ref.get("name"))
        return t("cs_ch_case", lang).format(diff=_diff(before, after, fields, names, lang))
    if kind == "note":
        where = f" ({names.get(ref.get('area_code'), ref.get('area_code'))})" if ref.get("area_code") else ""
        text = str(ref.get("text", ""))
        return t("cs_ch_note_add", lang).format(area=where, text=text if len(text) <= 80 else text[:77] + "…")
    if kind == "plan":
        if action == "add":
            return t("cs_ch_plan_add", lang).format(name=ref.get("name"),
                                                    dwellings=_value(ref.get("dwellings"), "dwellings", lang),
                                                    area=area, year=_value(ref.get("year"), "year", lang))
        if action == "remove":
            return t("cs_ch_plan_remove", lang).format(name=ref.get("name"),
                                                       dwellings=_value(ref.get("dwellings"), "dwellings", lang),
                                                       area=area)
        return t("cs_ch_plan_update", lang).format(name=ref.get("name"),
                                                   diff=_diff(before_eff, after, fields, names, lang))
    if kind == "agenda":
        period = f"{ref.get('start_year')}-{ref.get('end_year')}"
        if action == "add":
            return t("cs_ch_agenda_add", lang).format(name=ref.get("name"), domain=ref.get("domain"), area=area,
                                                      period=period)
        if action == "remove":
            return t("cs_ch_agenda_remove", lang).format(name=ref.get("name"), area=area, period=period)
        return t("cs_ch_agenda_update", lang).format(name=ref.get("name"),
                                                     diff=_diff(before_eff, after, fields, names, lang,
                                                                kind="agenda"))
    if kind == "facility":
        if action == "add":
            return t("cs_ch_facility_add", lang).format(name=ref.get("name"), capacity=_capacity(ref, lang), area=area,
                                                        type=facility_label(ref.get("type"), lang))
        if action == "close":
            return t("cs_ch_facility_close", lang).format(name=ref.get("name"),
                                                          capacity=_capacity(before_eff or ref, lang),
                                                          area=area)
        shown = [f for f in fields if f != "area_code"] or fields
        return t("cs_ch_facility_update", lang).format(name=ref.get("name"),
                                                       diff=_diff(before_eff, after, shown, names, lang))
    if kind == "initiative":
        if action == "add":
            return t("cs_ch_initiative_add", lang).format(name=ref.get("name"), area=area)
        return t("cs_ch_initiative_update", lang).format(name=ref.get("name"),
                                                         diff=_diff(before_eff, after, fields, names, lang,
                                                                    kind="initiative"))
    ftype, _, wm = str(change["target"]).partition("|")
    label = facility_label(ftype, lang) + (f" ({wm})" if wm else "")
    return t("cs_ch_norm_update", lang).format(type=label, diff=_diff(before_eff, after, fields, names, lang))


def base_rows(inp, changes: pd.DataFrame, agenda: pd.DataFrame | None = None) -> dict[tuple[str, str], dict]:
    """Base-data rows (facilities, plans, norms and, given the base ``agenda``, agenda items) the changes refer to,
    keyed by (kind, target)."""
    out: dict[tuple[str, str], dict] = {}
    fac = inp.facilities.set_index("id")
    plans = inp.plans.set_index("plan_id")
    items = (agenda if agenda is not None else pd.DataFrame(columns=["project_id"])).set_index("project_id")
    for kind, target in changes[["kind", "target"]].drop_duplicates().itertuples(index=False):
        if kind == "agenda" and target in items.index:
            out[(kind, target)] = {**items.loc[target].to_dict(), "removed": False}
        elif kind == "facility" and target in fac.index:
            out[(kind, target)] = {**fac.loc[target].to_dict(), "closed": False}
        elif kind == "plan" and target in plans.index:
            out[(kind, target)] = {**plans.loc[target].to_dict(), "removed": False}
        elif kind == "norm":
            ftype, _, wm = target.partition("|")
            n = inp.norms[(inp.norms["facility_type"] == ftype) & (inp.norms["woonmilieu"] == wm)]
            if len(n):
                out[(kind, target)] = n.iloc[0].to_dict()
    return {k: {f: store.plain(v) for f, v in row.items()} for k, row in out.items()}


def change_table(changes: pd.DataFrame, names: dict[str, str], base: dict | None = None,
                 now: datetime | None = None, lang: str = "nl") -> pd.DataFrame:
    """The change log for the screen: nr, when, who, domain, what (in words, with numbers), undone by."""
    cols = [t("cs_col_seq", lang), t("cs_col_when", lang), t("cs_col_who", lang), t("cs_col_domain", lang),
            t("cs_col_what", lang), t("cs_col_undone", lang)]
    if changes.empty:
        return pd.DataFrame(columns=cols)
    rows = [[int(c["seq"]), ago(c["changed_at"], now, lang), c["author"], domain_label(c["domain"], lang),
             describe(c, names, base, lang), "" if pd.isna(c["undone_by"]) else int(c["undone_by"])]
            for c in changes.to_dict("records")]
    return pd.DataFrame(rows, columns=cols)


def undoable(changes: pd.DataFrame) -> list[int]:
    """Change numbers that may be offered for undo (not the creation, not already undone), newest first."""
    if changes.empty:
        return []
    ok = (changes["action"] != "create") & changes["undone_by"].isna()
    return [int(s) for s in changes.loc[ok, "seq"]]


def note_list(notes: pd.DataFrame, now: datetime | None = None, lang: str = "nl") -> list[dict]:
    """Notes newest first as dicts: author, domain (label), ago, area (name or ''), text."""
    out = []
    for n in notes.to_dict("records"):
        out.append({"author": n["author"], "domain": domain_label(n["domain"], lang),
                    "ago": ago(n["created_at"], now, lang), "text": n["text"],
                    "area": "" if n.get("area_code") in (None, "") or pd.isna(n.get("area_code"))
                    else f"{n.get('area_name') or n['area_code']}"})
    return out


def plan_table(plans: pd.DataFrame, names: dict[str, str], lang: str = "nl", for_screen: bool = True) -> pd.DataFrame:
    """The case's plans: name, buurt, year, dwellings, status (added / changed / taken out), version. For the
    screen numbers are text in the language; for a report (``for_screen=False``) they stay numbers."""
    cols = ["plan_id", t("col_name", lang), t("col_buurt", lang), t("year", lang), t("dwellings", lang),
            t("cs_col_status", lang), t("cs_version", lang)]
    if plans.empty:
        return pd.DataFrame(columns=cols)
    status = plans["removed"].fillna(False).astype(bool).map(
        {True: t("cs_st_removed", lang), False: t("cs_st_added", lang)})
    out = pd.DataFrame({cols[0]: plans["plan_id"], cols[1]: plans["name"],
                        cols[2]: plans["area_code"].map(lambda c: f"{names.get(c, c)} ({c})"),
                        cols[3]: plans["year"].astype("Int64"), cols[4]: plans["dwellings"],
                        cols[5]: status, cols[6]: plans["version"].astype("Int64")})
    out = out.sort_values([cols[3], cols[1]]).reset_index(drop=True)
    if for_screen:
        out[cols[3]] = out[cols[3]].map(year)
        out[cols[4]] = out[cols[4]].map(lambda v: amount(v, "dwellings", lang))
        out[cols[6]] = out[cols[6]].map(year)
    return out


def facility_table(facilities: pd.DataFrame, base_ids: set[str], names: dict[str, str],
                   lang: str = "nl", for_screen: bool = True) -> pd.DataFrame:
    """The facilities the case adds, closes or resizes, with capacity (text in the language for the screen, a
    number for a report) and buurt."""
    cols = ["id", t("col_name", lang), t("type", lang), t("capacity", lang), t("unit", lang),
            t("col_buurt", lang), t("cs_col_status", lang), t("cs_version", lang)]
    if facilities.empty:
        return pd.DataFrame(columns=cols)
    closed = facilities["closed"].fillna(False).astype(bool)
    known = facilities["id"].isin(base_ids)
    status = [t("cs_st_closed", lang) if c else (t("cs_st_changed", lang) if k else t("cs_st_added", lang))
              for c, k in zip(closed, known, strict=True)]
    return pd.DataFrame({cols[0]: facilities["id"], cols[1]: facilities["name"],
                         cols[2]: facilities["type"].map(lambda x: facility_label(x, lang)),
                         cols[3]: [amount(c, u, lang) for c, u in zip(facilities["capacity"], facilities["unit"],
                                                                     strict=True)]
                         if for_screen else facilities["capacity"],
                         cols[4]: facilities["unit"].map(lambda u: unit_label(u, lang)),
                         cols[5]: facilities["area_code"].map(lambda c: names.get(c, c) if c else "–"),
                         cols[6]: status, cols[7]: facilities["version"].astype("Int64")})


def case_list(cases: pd.DataFrame, now: datetime | None = None, lang: str = "nl") -> pd.DataFrame:
    """Cases for the chooser: name, horizon, version, last changed by whom and when."""
    cols = [t("col_name", lang), t("cs_horizon", lang), t("cs_version", lang), t("cs_col_who", lang),
            t("cs_col_when", lang)]
    if cases.empty:
        return pd.DataFrame(columns=cols)
    names = [n + (" — " + t("cs_illustrative", lang) if ill else "")
             for n, ill in zip(cases["name"], cases["illustrative"].fillna(False).astype(bool), strict=True)]
    return pd.DataFrame({cols[0]: names, cols[1]: cases["horizon_year"].map(year), cols[2]: cases["version"].map(year),
                         cols[3]: [f"{a} ({domain_label(d, lang)})" if isinstance(a, str) else ""
                                   for a, d in zip(cases["last_author"], cases["last_domain"], strict=True)],
                         cols[4]: [ago(x, now, lang) for x in cases["last_changed_at"]]})


def conflict_message(exc: store.EditConflict, names: dict[str, str], lang: str = "nl") -> str:
    """Why a save was refused, with the current value of the clashing fields."""
    if exc.current is None:
        current = t("cs_st_removed", lang)
    else:
        current = ", ".join(f"{field_label(f, lang).lower()} = "
                            f"{_value(names.get(exc.current.get(f), exc.current.get(f)), f, lang)}"
                            for f in exc.fields)
    fields = ", ".join(field_label(f, lang).lower() for f in exc.fields)
    return t("cs_conflict", lang).format(who=exc.by or "?", domain=domain_label(exc.domain or "", lang),
                                         fields=fields, current=current)


def unit_for(facilities: pd.DataFrame, norms: pd.DataFrame, ftype: str) -> str:
    """The capacity unit new facilities of ``ftype`` get: as existing ones, else the norm's, else 'facilities'."""
    same = facilities.loc[facilities["type"] == ftype, "unit"].dropna()
    if len(same):
        return str(same.mode().iloc[0])
    n = norms.loc[(norms["facility_type"] == ftype) & (norms["unit"] != "max_distance_m"), "unit"]
    return str(n.iloc[0]) if len(n) else "facilities"


#: Capacity units offered for a new facility (labels in lib.ui.formatting.unit_label).
UNITS = ("places", "facilities", "fields")


def unit_choices(facilities: pd.DataFrame, norms: pd.DataFrame, ftype: str) -> list[str]:
    """The capacity units a new facility of ``ftype`` may get: the usual one (``unit_for``) first, then the others."""
    first = unit_for(facilities, norms, ftype)
    return [first, *(u for u in UNITS if u != first)]


def default_point(areas: pd.DataFrame, area_code: str | None) -> tuple[float, float]:
    """Where a new facility starts (EPSG:28992 m): the centroid of the case's area, else of all buurten."""
    a = areas.set_index("code")
    if area_code and area_code in a.index and pd.notna(a.loc[area_code, "cx"]):
        return float(a.loc[area_code, "cx"]), float(a.loc[area_code, "cy"])
    b = areas[areas["level"] == "buurt"]
    return float(b["cx"].mean()), float(b["cy"].mean())


def facility_options(facilities: pd.DataFrame, ftype: str, lang: str = "nl") -> dict[str, str]:
    """{id: 'name — capacity unit'} of the facilities of one type (as the case sees them), by name."""
    f = facilities[facilities["type"] == ftype].sort_values("name")
    return {i: f"{n} — {quantity(store.plain(c), u or None, lang)}"
            for i, n, c, u in zip(f["id"], f["name"], f["capacity"], f["unit"], strict=True)}


def row_version(rows: pd.DataFrame, key_col: str, key: str) -> int:
    """Version of an overlay row (0 when the case has no row for it yet)."""
    hit = rows.loc[rows[key_col] == key, "version"] if len(rows) else []
    return int(hit.iloc[0]) if len(hit) else 0


def picked_point(clicked: dict | None, areas_names: dict[str, str], con) -> dict | None:
    """A map click {lat, lng} → {x, y (EPSG:28992 m), area_code, area (name)}."""
    if not clicked or clicked.get("lat") is None:
        return None
    x, y = store.rd_from_lonlat(clicked["lng"], clicked["lat"])
    code = store.buurt_at(con, x, y)
    return {"x": round(x, 1), "y": round(y, 1), "area_code": code, "area": areas_names.get(code, code or "–")}


def norm_row(norms: pd.DataFrame, overlay: pd.DataFrame, ftype: str, woonmilieu: str = "") -> tuple[dict, int]:
    """The norm of a type/woonmilieu as the case sees it ({} when none) and its overlay version (0 = base)."""
    n = norms[(norms["facility_type"] == ftype) & (norms["woonmilieu"] == woonmilieu)]
    row = {k: store.plain(v) for k, v in n.iloc[0].to_dict().items()} if len(n) else {}
    if overlay.empty:
        return row, 0
    hit = overlay[(overlay["facility_type"] == ftype) & (overlay["woonmilieu"] == woonmilieu)]
    return row, int(hit["version"].iloc[0]) if len(hit) else 0


def scenario_changes(changes: pd.DataFrame) -> pd.DataFrame:
    """The changes that shape the scenario now: to plans, facilities and norms, and not undone."""
    if changes.empty:
        return changes
    keep = changes["kind"].isin(["plan", "facility", "norm"]) & changes["undone_by"].isna()
    return changes[keep]


def year_choices(inp, horizon: int | None = None) -> dict[str, int]:
    """Bounds and defaults for the year inputs: the horizon of a new case (base year … last year, default
    2030) and the completion year of a plan (from the base year on: a plan in the base year counts from that year;
    default the case's horizon)."""
    last = max(inp.years)
    first_plan = inp.base_year
    return {"first": inp.base_year, "last": last, "horizon": min(2030, last), "first_plan": first_plan,
            "plan": min(last, max(first_plan, horizon or first_plan))}


def undo_choices(changes: pd.DataFrame, names: dict[str, str], base: dict | None = None,
                 lang: str = "nl") -> dict[int, str]:
    """{seq: 'seq: what'} of the changes that may be undone, newest first."""
    records = {int(c["seq"]): c for c in changes.to_dict("records")}
    return {s: f"{s}: {describe(records[s], names, base, lang)}" for s in undoable(changes)}


# --- the live workshop: presence, notices of others' changes, the effect's caption --------------------------------
# (local times: lib.ui.formatting.when, stored times are UTC)


def presence_list(present: pd.DataFrame, lang: str = "nl") -> list[str]:
    """Who has the case open: ['Ann (fysiek)', 'Bram (sociaal)', '2 zonder naam'], one entry per name and
    domain (the same person in two browser tabs counts once)."""
    named = present[present["author"].notna()] if len(present) else present
    people = list(dict.fromkeys(f"{a} ({domain_label(d, lang) if isinstance(d, str) else '–'})"
                                for a, d in zip(named["author"], named["domain"], strict=True))) if len(named) else []
    unnamed = len(present) - len(named)
    if unnamed:
        people.append(t("cs_present_unnamed", lang).format(n=unnamed))
    return people


def live_notices(changes: pd.DataFrame, names: dict[str, str], base: dict | None = None, lang: str = "nl",
                 limit: int = 3) -> list[str]:
    """Short notices of changes others made ('Ann (fysiek): Plan 'Merwede' toegevoegd: …'), oldest first; at
    most ``limit``, then one line saying how many more."""
    rows = changes.to_dict("records")
    out = []
    for c in rows[:limit]:
        what = describe(c, names, base, lang)
        what = what if len(what) <= 140 else what[:139] + "…"
        out.append(f"{c['author']} ({domain_label(c['domain'], lang)}): {what}")
    if len(rows) > limit:
        out.append(t("cs_live_more", lang).format(n=len(rows) - limit))
    return out


def based_on(rows: pd.DataFrame, formula: str, overridden: bool, lang: str = "nl") -> str:
    """The line under a case's effect: the supply source(s) and the norm in force in the case, in words
    (``formula``, with its catchment distance), marked when the case changed it. The base norm's own source
    text is quoted only when the case did not change the norm (it describes the base norm, e.g. '1,000 m')."""
    if rows.empty:
        return ""
    src = "; ".join(sorted(data_text(x, lang) for x in rows["supply_source"].dropna().unique()))
    if overridden:
        norm = f"{formula} ({t('cs_norm_changed', lang)})"
    else:
        source = rows["norm_source"].dropna()
        norm = formula + (f" — {data_text(source.iloc[0], lang)}" if len(source) else "")
    return f"{src} · {t('ov_norm', lang)}: {norm}"


def lat_lon(x: float | None, y: float | None) -> tuple[float, float] | None:
    """Latitude, longitude (WGS84) of a point in EPSG:28992 metres, for a map marker; None when missing."""
    if x is None or y is None or pd.isna(x) or pd.isna(y):
        return None
    lon, lat = geo.rd_to_lonlat(np.array([float(x)]), np.array([float(y)]))
    return float(lat[0]), float(lon[0])


def norm_caption(norm: dict, overridden: bool, lang: str = "nl") -> str:
    """The line above a norm's form: basis, unit and catchment as the case has them; the base norm's source
    text only while the case has not changed the norm (the text describes the base norm's numbers)."""
    parts = [f"{t('basis', lang)}: {basis_label(norm.get('basis'), lang)}",
             f"{t('unit', lang)}: {unit_label(norm.get('unit'), lang)}"]
    if norm.get("catchment_m") is not None:
        parts.append(f"{t('catchment_m', lang)}: {amount(norm['catchment_m'], 'm', lang)}")
    if overridden:
        parts.append(t("cs_norm_changed", lang))
    elif norm.get("source"):
        parts.append(f"{data_text(norm.get('source'), lang)} ({norm_status(norm.get('status'), lang)})"
                     if norm.get("status") else data_text(norm.get("source"), lang))
    return " · ".join(p for p in parts if p)
