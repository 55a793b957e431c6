"""Options for sharing space: spare capacity nearby, hubs, time-sharing of gyms and halls, siting.

Every method reads the ``Inputs`` (with a case applied, when one is open) and the buurt rows of the gap
table (``lib.core.gaps.compute``). Distances are Euclidean in EPSG:28992 metres; amounts are in the norm's
unit (places, facilities) or, for distance norms, persons. The methods are documented in ``docs/sharing``.

* ``spare_capacity`` — capacity a facility has beyond the need the 2SFCA split allocates to it, and which
  shortfall areas within reach could use it.
* ``hubs`` — sites (existing facilities, clusters within walking distance) where one combined building
  would cover unmet need of several functions, with an indicative floor-area programme.
* ``timesharing`` — weekly hours per block (weekday daytime, evening, weekend) required and available;
  free evening/weekend hours in school gyms matched to sports-hall shortfalls nearby.
* ``siting`` — where k new (shared) facilities cover the most unmet need (maximal covering, exact MILP or
  greedy).
* ``options`` — all of the above ranked into plain-language sentences.
"""
