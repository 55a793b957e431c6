"""Initiatives seek space (issue 15): residents' initiatives matched with free hours in rooms of facilities.

* ``supply`` — rooms on offer with bookable, booked, held and free hours per block (gyms and halls without
  imported rooms: stand-ins with the time-sharing model's hours, handed in by the caller).
* ``matching`` — the exact MILP (HiGHS): most participant-hours housed, then shortest distances; reasons.
* ``store`` — the scenario's initiatives (base data or case overlay), registering, accepting, statuses.
* ``view`` — sentences, tables, the map and the week grid for the page "Initiatieven".

The vocabulary (room types, blocks, statuses, assumptions) is ``lib.core.rooms``; the CSV readers are
``lib.ingest.initiatives``. Method for civil servants: docs/initiatives.md.
"""
