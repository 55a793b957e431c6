"""The three roles and the permission table ``can(role, action)``.

* ``lezer`` (reader): views every page and exports (Excel, PDF, CSV, case files).
* ``deelnemer`` (participant): what a lezer does, plus working in workshop cases: create or import a case, plans,
  facilities and norms *in a case*, agenda items in a case, undo in a case, notes, registering an initiative.
* ``beheerder`` (administrator): everything, including the base norms and woonmilieu, data uploads, the status of
  initiatives in the base data and deleting cases (``case_delete``: no page or command offers deleting a
  case yet; whatever offers it checks this action).

Every write in the app names one of ``ACTIONS`` and is checked with ``can`` before it runs (app_pages/shell.allowed),
not only by hiding its button.
"""

from __future__ import annotations

LEZER, DEELNEMER, BEHEERDER = "lezer", "deelnemer", "beheerder"
#: From the fewest to the most rights.
ROLES = (LEZER, DEELNEMER, BEHEERDER)

#: Every named action and the least role that may do it.
ACTIONS: dict[str, str] = {
    "view": LEZER,                     # every page, every table and map
    "export": LEZER,                   # downloads: Excel, PDF, CSV, case JSON, templates
    "case_create": DEELNEMER,          # a new case, or a case file imported as a new case
    "case_edit": DEELNEMER,            # plans, facilities, norms, agenda items and initiatives in a case; undo
    "note": DEELNEMER,                 # notes in a case and on agenda opportunities
    "initiative_register": DEELNEMER,  # register a residents' initiative
    "initiative_manage": BEHEERDER,    # accept a match or change a status in the base data (no case open)
    "norms_edit": BEHEERDER,           # the base norms: edit, import, reset to the defaults
    "woonmilieu_edit": BEHEERDER,      # woonmilieu overrides per buurt
    "data_upload": BEHEERDER,          # data uploads / imports
    "case_delete": BEHEERDER,          # deleting a case
}


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action``. No role (not logged in) may do nothing; an unknown action is a
    programming error (KeyError), never silently allowed or refused."""
    least = ACTIONS[action]
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(least)


def check_role(role: str) -> str:
    """``role`` when it is one of ROLES, else ValueError naming the valid ones."""
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}' (known: {', '.join(ROLES)})")
    return role
