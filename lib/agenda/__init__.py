"""Gebiedsagenda: all planned work per area over five years, and where to combine it ("werk met werk").

* ``items`` — the agenda format (domains, statuses, columns), validation of one item, the case overlay.
* ``ingest`` — the importer (CSV or Excel, every problem as file:row:column) and the template.
* ``overlaps`` — the method (pure functions): pairs of items whose areas meet and whose periods overlap or lie
  at most ``window`` years apart, links to facility shortfalls and to sites named by sharing options, ranking.
* ``shortfalls`` — which rows of the gap table count as a facility shortfall an item can address.
* ``neighbours`` — touching buurten from the geometry (computed once per areas import).
* ``store`` — the database side: items with a case applied, case edits, notes per opportunity.
* ``view``, ``charts``, ``area_map``, ``export`` — sentences, tables, the Gantt chart, the map, Excel and PDF.

Years are calendar years (inclusive), budgets euro, distances metres in EPSG:28992. Documented for a civil
servant in docs/agenda.md.
"""
