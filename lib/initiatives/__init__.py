"""Initiatives seek space (issue 15): residents' initiatives matched with free hours in rooms of facilities.

* ``model`` — room types, time blocks, statuses, which room serves which need, labelled assumptions.
* ``importer`` — the rooms and initiatives CSV readers (validation as file:row:column).
* ``rooms`` — rooms on offer with bookable, booked, held and free hours per block (time-sharing stand-ins).
* ``matching`` — the exact MILP (HiGHS): most participant-hours housed, then shortest distances; reasons.
* ``store`` — the scenario's initiatives (base data or case overlay), registering, accepting, statuses.
* ``view`` — sentences, tables, the map and the week grid for the page "Initiatieven".

Method for civil servants: docs/initiatives.md.
"""
