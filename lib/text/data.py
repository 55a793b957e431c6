"""Texts that come from data and importers, in Dutch and English (shown through ``lib.ui.formatting.data_text``).

The importers, the engine and the shipped data files write English text into the database (supply sources,
capacity notes, licences, import summaries, data-quality notes, the default norms' sources); the CLI and the
logs show it as it is. On screens and in exports for people it is shown in the chosen language: an ``en`` text
here that equals the stored text (or, with ``{name}`` placeholders, matches it; numbers inside are re-formatted
for the language) is replaced by the ``nl``/``en`` text. Text nobody wrote here (names, what users typed) is
shown as it is. Keys are literal; every key has both languages (tests/test_language.py).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- supply sources and capacity notes (lib.ingest.facilities, lib.core.gaps, lib.core.overlay) ---
    "d_cap_duo": {"en": "enrolment 2023-24 (DUO) used as capacity proxy",
                  "nl": "leerlingaantal 2023-24 (DUO) als benadering van de capaciteit"},
    "d_cap_mulier": {"en": "count of halls/fields at the accommodation (Mulier DSA)",
                     "nl": "aantal zalen/velden per accommodatie (Mulier DSA)"},
    "d_cap_case": {"en": "set in case", "nl": "ingesteld in de werksessie"},
    "d_src_point": {"en": "nearest facility point (straight line from buurt centroid)",
                    "nl": "dichtstbijzijnde locatie (hemelsbreed vanaf het buurtmiddelpunt)"},
    "d_src_cbs_road": {"en": "CBS nabijheid {year} (road distance)",
                       "nl": "CBS nabijheid {year} (afstand over de weg)"},
    "d_src_cbs": {"en": "CBS nabijheid {year} (road distance, no facility points)",
                  "nl": "CBS nabijheid {year} (afstand over de weg, geen locaties geladen)"},
    "d_src_case": {"en": "facility added in case (straight line from buurt centroid)",
                   "nl": "voorziening toegevoegd in de werksessie (hemelsbreed vanaf het buurtmiddelpunt)"},
    "d_src_none": {"en": "no data", "nl": "geen gegevens"},
    "d_src_no_fac": {"en": "no facilities loaded", "nl": "geen voorzieningen geladen"},
    "d_src_as_imported": {"en": "facility capacities as imported", "nl": "capaciteit zoals geïmporteerd"},
    # --- the assumptions of the initiatives matching (data/initiatives_assumptions.csv, lib.core.rooms) ---
    "d_asm_unit": {"en": "m2 per participant", "nl": "m² per deelnemer"},
    "d_asm_zaal": {"en": "Meeting or course seated at tables (about 1.5 m2 per seated person plus tables and "
                         "walkways); no standard in data/SOURCES.md, calibrate locally",
                   "nl": "Bijeenkomst of cursus aan tafels (ongeveer 1,5 m² per zittende persoon plus tafels en "
                         "looppaden); geen norm in data/SOURCES.md, lokaal ijken"},
    "d_asm_keuken": {"en": "Cooking together at shared worktops; no standard in data/SOURCES.md, calibrate locally",
                     "nl": "Samen koken aan gedeelde werkbladen; geen norm in data/SOURCES.md, lokaal ijken"},
    "d_asm_werkplaats": {"en": "Working at a bench with tools (repair café, bicycle workshop); no standard in "
                               "data/SOURCES.md, calibrate locally",
                         "nl": "Werken aan een werkbank met gereedschap (repaircafé, fietswerkplaats); geen norm in "
                               "data/SOURCES.md, lokaal ijken"},
    "d_asm_gymzaal": {"en": "252 m2 gymzaal sports floor (data/standard_sizes.csv, sourced) / 12 participants a "
                            "gymzaal holds at once (data/timesharing_assumptions.csv, an assumption)",
                      "nl": "252 m² sportvloer van een gymzaal (data/standard_sizes.csv, met bron) / 12 deelnemers "
                            "tegelijk in een gymzaal (data/timesharing_assumptions.csv, een aanname)"},
    "d_asm_sporthal": {"en": "1,300 m2 sporthal sports floor / 30 participants a sporthal holds at once (both "
                             "assumptions: data/standard_sizes.csv, data/timesharing_assumptions.csv)",
                       "nl": "1.300 m² sportvloer van een sporthal / 30 deelnemers tegelijk in een sporthal (beide "
                             "aannames: data/standard_sizes.csv, data/timesharing_assumptions.csv)"},
    "d_asm_buiten": {"en": "Outdoor activity in a schoolyard or on a field (moving around, games); calibrate locally",
                     "nl": "Activiteit buiten op een schoolplein of veld (bewegen, spelen); lokaal ijken"},
    "d_asm_distance": {"en": "Farthest distance from the centre of the initiative's area to a room when the "
                             "initiative states none (about 12-15 minutes' walk; issue 15)",
                       "nl": "Grootste afstand van het midden van het gebied van het initiatief tot een ruimte als "
                             "het initiatief er geen noemt (ongeveer 12-15 minuten lopen; issue 15)"},
    # --- the share address (lib.cases.room) ---
    "d_room_bad_url": {"en": "VZW_PUBLIC_URL={value} is not an http(s) address",
                       "nl": "VZW_PUBLIC_URL={value} is geen http(s)-adres"},
    # --- issue 11: facility rules, capacity conversions, the illustrative agenda, rooms and initiatives ---
    "d_sum_rules": {"en": "{n} facility rules ({m} exclusions)",
                    "nl": "{n} regels voor voorzieningen ({m} uitsluitingen)"},
    "d_sum_rooms": {"en": "{n} rooms in {m} facilities (illustrative)",
                    "nl": "{n} ruimtes in {m} voorzieningen (illustratief)"},
    "d_sum_initiatives": {"en": "{n} initiatives, {m} participants (illustrative)",
                          "nl": "{n} initiatieven, {m} deelnemers (illustratief)"},
    "d_sum_agenda_ill": {"en": "ILLUSTRATIVE (made up, not real plans): {n} agenda items ({domains}), {period}, "
                               "{areas} areas",
                         "nl": "ILLUSTRATIEF (bedacht, geen echte plannen): {n} agendapunten ({domains}), {period}, "
                               "{areas} gebieden"},
    "d_q_agenda_ill": {"en": "{n} of {m} agenda items are illustrative (made up, not real plans)",
                       "nl": "{n} van {m} agendapunten zijn illustratief (bedacht, geen echte plannen)"},
    "d_lic_illustrative": {"en": "Illustrative — made up for the demonstration, not real plans (no source)",
                           "nl": "Illustratief — bedacht voor de demonstratie, geen echte plannen (geen bron)"},
    "d_norm_pool": {
        "en": "Assumption: a swimming pool within 3,000 m; no national standard was found. Supply: CBS nabijheid 2023 "
              "average road distance (complete); the Mulier list of sites offering 'zwemmen' is incomplete and "
              "included non-public sites (data/SOURCES.md), so it is used only for what a case adds or closes.",
        "nl": "Aanname: een zwembad binnen 3.000 m; er is geen landelijke norm gevonden. Aanbod: CBS nabijheid 2023, "
              "gemiddelde afstand over de weg (volledig); de Mulier-lijst van locaties met 'zwemmen' is onvolledig en "
              "bevatte niet-openbare locaties (data/SOURCES.md), dus die wordt alleen gebruikt voor wat een werksessie "
              "toevoegt of sluit."},
    "d_rule_sauna": {"en": "A sauna (Sauna La Mar), not a public swimming pool",
                     "nl": "Een sauna (Sauna La Mar), geen openbaar zwembad"},
    "d_rule_revalidatie": {"en": "Therapy pool of a rehabilitation centre (De Hoogstraat Revalidatie), not open to "
                                 "the public",
                           "nl": "Therapiebad van een revalidatiecentrum (De Hoogstraat Revalidatie), niet open voor "
                                 "publiek"},
    "d_rule_club": {"en": "Pool of a private members' club (David Lloyd), not a public pool",
                    "nl": "Zwembad van een besloten club voor leden (David Lloyd), geen openbaar zwembad"},
    "d_rule_umc": {"en": "Pool of a hospital (UMC Utrecht), not a public pool",
                   "nl": "Zwembad van een ziekenhuis (UMC Utrecht), geen openbaar zwembad"},
    "d_rule_medicort": {"en": "Pool of a sports-medical centre (Medicort / zwembad Waterwijs), not a public pool",
                        "nl": "Zwembad van een sportmedisch centrum (Medicort / zwembad Waterwijs), geen openbaar "
                              "zwembad"},
    "d_rule_public": {"en": "Public swimming pool by name (De Krommerijn, Aquacenter Den Hommel, De Kwakel, "
                            "Sportpark Maarschalkerweerd outdoor pool)",
                      "nl": "Openbaar zwembad op naam (De Krommerijn, Aquacenter Den Hommel, De Kwakel, buitenbad "
                            "Sportpark Maarschalkerweerd)"},
    "d_rule_src9": {"en": "data/SOURCES.md, Findings (2026-11-29): name check of the 9 Mulier sites with sport "
                          "'zwemmen'; verify locally",
                    "nl": "data/SOURCES.md, Bevindingen (2026-11-29): naamcontrole van de 9 Mulier-locaties met sport "
                          "'zwemmen'; lokaal nagaan"},
    "d_rule_src": {"en": "data/SOURCES.md, Findings (2026-11-29): name check of the Mulier 'zwemmen' sites; verify "
                         "locally",
                   "nl": "data/SOURCES.md, Bevindingen (2026-11-29): naamcontrole van de Mulier-locaties met "
                         "'zwemmen'; lokaal nagaan"},
    "d_rule_src_public": {"en": "data/SOURCES.md, Findings (2026-11-29); not verified against the municipality's "
                                "own list",
                          "nl": "data/SOURCES.md, Bevindingen (2026-11-29); niet gecontroleerd met de eigen lijst van "
                                "de gemeente"},
    "d_conv_places": {"en": "Places as given (e.g. the permanent capacity in the municipality's Integraal "
                            "Huisvestingsplan)",
                      "nl": "Plaatsen zoals opgegeven (bijvoorbeeld de permanente capaciteit in het Integraal "
                            "Huisvestingsplan van de gemeente)"},
    "d_conv_classrooms": {
        "en": "Average group size in Dutch primary schools: 23.1 pupils per group (DUO sample 2017, Kamerbrief 31 293 "
              "nr. 385, 19 January 2018, https://zoek.officielebekendmakingen.nl/staatscourant/kst-31293-385.html); "
              "one classroom (groepslokaal) per group. An average, not a maximum: calibrate with local figures",
        "nl": "Gemiddelde groepsgrootte op Nederlandse basisscholen: 23,1 leerlingen per groep (DUO-steekproef 2017, "
              "Kamerbrief 31 293 nr. 385, 19 januari 2018, "
              "https://zoek.officielebekendmakingen.nl/staatscourant/kst-31293-385.html); één groepslokaal per groep. "
              "Een gemiddelde, geen maximum: ijken met lokale cijfers"},
    "d_conv_m2": {
        "en": "Assumption: 7 m2 gross floor area (BVO) per place, as in data/standard_sizes.csv (240 places = 1,680 "
              "m2); the VNG model ordinance's floor-area formula could not be read offline. Replace with the local "
              "ordinance's figure",
        "nl": "Aanname: 7 m² bruto vloeroppervlak (BVO) per plaats, zoals in data/standard_sizes.csv (240 plaatsen = "
              "1.680 m²); de vloeroppervlakteformule van de VNG-modelverordening kon offline niet worden gelezen. "
              "Vervang door het cijfer uit de lokale verordening"},
    "d_conv_gyms": {"en": "Gymzalen as counted", "nl": "Gymzalen zoals geteld"},
    "d_conv_gym_m2": {"en": "One gymzaal = 252 m2 sports floor (VNG model ordinance, stichtingsnorm 12 x 21 m; "
                            "canonlo.nl, see data/SOURCES.md): factor 1/252",
                      "nl": "Eén gymzaal = 252 m² sportvloer (VNG-modelverordening, stichtingsnorm 12 x 21 m; "
                            "canonlo.nl, zie data/SOURCES.md): factor 1/252"},
    "d_conv_halls": {"en": "Sporthallen as counted", "nl": "Sporthallen zoals geteld"},
    "d_sum_capacity": {"en": "{n} real capacities ({m} converted)", "nl": "{n} echte capaciteiten ({m} omgerekend)"},
    "d_q_capacity": {"en": "{n} real capacities imported ({m} converted from another unit)",
                     "nl": "{n} echte capaciteiten geïmporteerd ({m} omgerekend uit een andere eenheid)"},
    # --- licences (lib.ingest) ---
    "d_lic_cbs": {"en": "CC BY 4.0 — Source: CBS", "nl": "CC BY 4.0 — Bron: CBS"},
    "d_lic_cbs_kadaster": {"en": "CC BY 4.0 — Source: CBS / Kadaster", "nl": "CC BY 4.0 — Bron: CBS / Kadaster"},
    "d_lic_duo": {"en": "CC0 — DUO open onderwijsdata (geocoded by edugis against BAG, CC0)",
                  "nl": "CC0 — DUO open onderwijsdata (door edugis gegeocodeerd met de BAG, CC0)"},
    "d_lic_mulier": {"en": "UNKNOWN — Mulier Instituut DSA extract; demo use only until the licence is confirmed",
                     "nl": "ONBEKEND — extract uit de DSA van het Mulier Instituut; alleen voor demonstratie tot de "
                           "licentie is bevestigd"},
    # --- import summaries (lib.ingest) ---
    "d_sum_areas": {"en": "{n} areas ({levels})", "nl": "{n} gebieden ({levels})"},
    "d_sum_kwb": {"en": "KWB {year}: {n} buurten, {persons} persons in {bands} age bands",
                  "nl": "KWB {year}: {n} buurten, {persons} personen in {bands} leeftijdsgroepen"},
    "d_sum_nabijheid": {"en": "CBS nabijheid {year}: {n} buurten, {types} facility types",
                        "nl": "CBS nabijheid {year}: {n} buurten, {types} soorten voorzieningen"},
    "d_sum_duo": {"en": "{n} DUO school locations ({primary} primary, {pupils} pupils)",
                  "nl": "{n} DUO-schoollocaties ({primary} basisscholen, {pupils} leerlingen)"},
    "d_sum_mulier": {"en": "Mulier sports facilities: {counts}", "nl": "Mulier-sportaccommodaties: {counts}"},
    "d_sum_facilities": {"en": "{n} facilities ({types} types)", "nl": "{n} voorzieningen ({types} soorten)"},
    "d_sum_population": {"en": "{n} population rows for {buurten} buurten, years {years}",
                         "nl": "{n} bevolkingsrijen voor {buurten} buurten, jaren {years}"},
    "d_sum_dwellings": {"en": "{n} dwelling counts for {buurten} buurten",
                        "nl": "{n} woningaantallen voor {buurten} buurten"},
    "d_sum_plans": {"en": "{n} plans, {dwellings} dwellings", "nl": "{n} plannen, {dwellings} woningen"},
    "d_sum_norms_edited": {"en": "{n} norms for {types} facility types, edited on the Normen page",
                           "nl": "{n} normen voor {types} soorten voorzieningen, bewerkt op de pagina Normen"},
    "d_sum_norms_replacing": {"en": "{n} norms for {types} facility types, replacing all norms",
                              "nl": "{n} normen voor {types} soorten voorzieningen, alle normen vervangen"},
    "d_sum_norms": {"en": "{n} norms for {types} facility types",
                    "nl": "{n} normen voor {types} soorten voorzieningen"},
    "d_norms_edited_file": {"en": "Normen (edited in the app)", "nl": "Normen (bewerkt in de app)"},
    # --- data-quality notes (lib.ingest) ---
    "d_q_skipped_rows": {"en": "{n} rows of municipalities without loaded areas were skipped",
                         "nl": "{n} rijen van gemeenten zonder geladen gebieden overgeslagen"},
    "d_q_kwb_suppressed": {"en": "KWB {year} column {col}: {n} buurten suppressed/not published ('.')",
                           "nl": "KWB {year} kolom {col}: {n} buurten geheimgehouden/niet gepubliceerd ('.')"},
    "d_q_rounding": {"en": "{gm} {year}: buurten sum to {total} inhabitants, CBS publishes {published} for the "
                           "gemeente (buurt figures are rounded to 5)",
                     "nl": "{gm} {year}: de buurten tellen op tot {total} inwoners, CBS publiceert {published} voor "
                           "de gemeente (buurtcijfers zijn afgerond op 5)"},
    "d_q_nabijheid_suppressed": {"en": "nabijheid {year} {type}: {n} buurten not published ('.')",
                                 "nl": "nabijheid {year} {type}: {n} buurten niet gepubliceerd ('.')"},
    "d_q_skipped_buurten": {"en": "{n} buurten of other municipalities skipped",
                            "nl": "{n} buurten van andere gemeenten overgeslagen"},
    "d_q_outside_kept": {"en": "{n} facilities lie outside every buurt (kept; within {km} km)",
                         "nl": "{n} voorzieningen liggen buiten elke buurt (behouden; binnen {km} km)"},
    "d_q_duo_geometry": {"en": "{n} DUO rows without a usable point skipped",
                         "nl": "{n} DUO-rijen zonder bruikbaar punt overgeslagen"},
    "d_q_duo_duplicates": {"en": "{n} repeated DUO vestigingscode removed ({names}); the first point is kept",
                           "nl": "{n} dubbele DUO-vestigingscode verwijderd ({names}); het eerste punt is behouden"},
    "d_q_duo_capacity": {"en": "{n} schools have no pupil count (capacity unknown)",
                         "nl": "{n} scholen zonder leerlingaantal (capaciteit onbekend)"},
    "d_q_duo_outside": {"en": "{n} schools outside the loaded areas were not imported",
                        "nl": "{n} scholen buiten de geladen gebieden zijn niet geïmporteerd"},
    "d_q_duo_proxy": {"en": "primary-school capacity = DUO enrolment 2023-24 (a proxy, not real capacity)",
                      "nl": "capaciteit basisscholen = leerlingaantal DUO 2023-24 (een benadering, niet de echte "
                            "capaciteit)"},
    "d_q_mulier_aggregated": {"en": "{rows} rows (accommodation × sport) aggregated to {n} accommodations with max "
                                    "per count",
                              "nl": "{rows} rijen (accommodatie × sport) samengevoegd tot {n} accommodaties (per "
                                    "aantal het maximum)"},
    "d_q_mulier_outside": {"en": "accommodations outside the loaded areas not imported (coordinates look wrong): "
                                 "{names}",
                           "nl": "accommodaties buiten de geladen gebieden niet geïmporteerd (coördinaten lijken "
                                 "fout): {names}"},
    "d_q_mulier_coverage": {"en": "Mulier coverage looks incomplete (e.g. no gym or hall in Vleuten-De Meern): "
                                  "shortfalls may be data gaps",
                            "nl": "De Mulier-gegevens lijken onvolledig (bijv. geen gymzaal of sporthal in "
                                  "Vleuten-De Meern): tekorten kunnen gaten in de data zijn"},
    # --- computation notes (lib.core.gaps) ---
    "d_n_unit": {"en": "{n} {type} facilities not counted: their unit does not match the norm's unit '{unit}' "
                       "({names})",
                 "nl": "{n} voorzieningen ({type}) niet meegeteld: hun eenheid past niet bij de eenheid van de norm "
                       "'{unit}' ({names})"},
    "d_n_no_capacity": {"en": "{n} {type} facilities not counted: no capacity ({names})",
                        "nl": "{n} voorzieningen ({type}) niet meegeteld: geen capaciteit ({names})"},
    "d_n_none_loaded": {"en": "no {type} facilities loaded: supply is 0",
                        "nl": "geen voorzieningen ({type}) geladen: het aanbod is 0"},
    "d_n_outside": {"en": "{n} {type} facilities lie outside every area and are not counted",
                    "nl": "{n} voorzieningen ({type}) liggen buiten elk gebied en tellen niet mee"},
    "d_n_no_distance": {"en": "no {type} facility points and no CBS nabijheid distances: status unknown",
                        "nl": "geen locaties ({type}) en geen afstanden uit CBS nabijheid: status onbekend"},
    # --- the default norms' sources (data/norms_default.csv) ---
    "d_norm_primary_school": {
        "en": "Assumption to calibrate locally: one primary-school place per child aged 4-11 within about 1,000 m "
              "(walking distance). Supply: DUO enrolment 2023-24 used as a capacity proxy.",
        "nl": "Aanname, lokaal te ijken: één plaats op een basisschool per kind van 4-11 jaar binnen ongeveer "
              "1.000 m (loopafstand). Aanbod: leerlingaantal DUO 2023-24 als benadering van de capaciteit."},
    "d_norm_gym": {
        "en": "Derived: 90 min of PE per week per group since 1 Aug 2023 (Impuls bewegingsonderwijs: 2 x 45 min), "
              "groups of about 25 pupils, about 35 lesson slots of 45 min per gymzaal per week: 35 / 2 = 17.5 "
              "groups x 25 = about 440 children aged 6-11 per gymzaal. Catchment 1,000 m is an assumption.",
        "nl": "Afgeleid: sinds 1 augustus 2023 90 minuten bewegingsonderwijs per week per groep (Impuls "
              "bewegingsonderwijs: 2 x 45 min), groepen van ongeveer 25 leerlingen, ongeveer 35 lesuren van 45 min "
              "per gymzaal per week: 35 / 2 = 17,5 groepen x 25 = ongeveer 440 kinderen van 6-11 jaar per gymzaal. "
              "De verzorgingsafstand van 1.000 m is een aanname."},
    "d_norm_sports_hall": {
        "en": "Policy: Utrecht, 1 sporthal per 17,500 inhabitants for organised indoor sport (Mulier Instituut "
              "report on Utrecht zaalsport; Mulier 2020: 10,000-17,500 in urban areas). Catchment 2,500 m is an "
              "assumption.",
        "nl": "Beleid: Utrecht, 1 sporthal per 17.500 inwoners voor georganiseerde zaalsport (rapport van het "
              "Mulier Instituut over de Utrechtse zaalsport; Mulier 2020: 10.000-17.500 in stedelijk gebied). De "
              "verzorgingsafstand van 2.500 m is een aanname."},
    "d_norm_sports_hall_green": {
        "en": "Derived: Mulier Instituut 2020, Binnensportaccommodaties in Nederland: 6,250-12,500 inhabitants per "
              "sporthal in less urban areas (the upper bound is used). Catchment 2,500 m is an assumption.",
        "nl": "Afgeleid: Mulier Instituut 2020, Binnensportaccommodaties in Nederland: 6.250-12.500 inwoners per "
              "sporthal in minder stedelijk gebied (de bovengrens is gebruikt). De verzorgingsafstand van 2.500 m "
              "is een aanname."},
    "d_norm_library": {
        "en": "Assumption: a public library within 1,500 m of home; no national standard was found. Supply: CBS "
              "nabijheid 2023 average road distance (no library locations are available).",
        "nl": "Aanname: een openbare bibliotheek binnen 1.500 m van huis; er is geen landelijke norm gevonden. "
              "Aanbod: gemiddelde afstand over de weg uit CBS nabijheid 2023 (er zijn geen locaties van "
              "bibliotheken beschikbaar)."},
    "d_norm_swimming_pool": {
        "en": "Assumption: a swimming pool within 3,000 m; no national standard was found. Supply: straight-line "
              "distance to the nearest Mulier accommodation offering 'zwemmen'.",
        "nl": "Aanname: een zwembad binnen 3.000 m; er is geen landelijke norm gevonden. Aanbod: afstand "
              "hemelsbreed tot de dichtstbijzijnde Mulier-accommodatie met 'zwemmen'."},
    # --- the sharing assumptions and standard sizes (data/timesharing_assumptions.csv, data/standard_sizes.csv) ---
    "d_ts_day_hours": {
        "en": "35 lesson slots of 45 min per gymzaal per week, as in the gym norm (data/norms_default.csv); weekday "
              "daytime",
        "nl": "35 lesuren van 45 min per gymzaal per week, als in de gymzaalnorm (data/norms_default.csv); overdag "
              "op schooldagen"},
    "d_ts_evening_hours": {
        "en": "Weekday evenings Monday-Friday 18:00-23:00 (5 x 5 h); calibrate with the booking system",
        "nl": "Doordeweekse avonden maandag-vrijdag 18:00-23:00 (5 x 5 uur); ijken met het verhuursysteem"},
    "d_ts_weekend_hours": {
        "en": "Saturday and Sunday 09:00-17:00 (2 x 8 h); calibrate with the booking system",
        "nl": "Zaterdag en zondag 09:00-17:00 (2 x 8 uur); ijken met het verhuursysteem"},
    "d_ts_pe_minutes": {
        "en": "Physical education: at least 90 minutes per week per group since 1 August 2023 (Impuls "
              "bewegingsonderwijs, data/SOURCES.md)",
        "nl": "Bewegingsonderwijs: sinds 1 augustus 2023 ten minste 90 minuten per week per groep (Impuls "
              "bewegingsonderwijs, data/SOURCES.md)"},
    "d_ts_pupils_per_group": {
        "en": "About 25 pupils aged 6-11 per group, as in the gym norm (data/norms_default.csv); children 6-11 are "
              "apportioned from the CBS 0-14 band (estimate)",
        "nl": "Ongeveer 25 leerlingen van 6-11 jaar per groep, als in de gymzaalnorm (data/norms_default.csv); "
              "kinderen van 6-11 jaar zijn verdeeld uit de CBS-groep 0-14 jaar (schatting)"},
    "d_ts_club_participation": {
        "en": "Share of inhabitants doing organised indoor club sport every week; no figure in data/SOURCES.md, "
              "calibrate locally",
        "nl": "Aandeel inwoners dat elke week georganiseerd binnen sport bij een vereniging; geen cijfer in "
              "data/SOURCES.md, lokaal ijken"},
    "d_ts_club_hours": {"en": "Hours of indoor club sport per participant per week",
                        "nl": "Uren binnensport bij een vereniging per deelnemer per week"},
    "d_ts_hall_participants": {"en": "Participants a sporthal holds at once (about three groups of ten)",
                               "nl": "Deelnemers die tegelijk in een sporthal passen (ongeveer drie groepen van tien)"},
    "d_ts_room_participants": {"en": "Participants a sportzaal holds at once",
                               "nl": "Deelnemers die tegelijk in een sportzaal passen"},
    "d_ts_gym_participants": {
        "en": "Participants a gymzaal holds at once (one training group; small sports, no matches)",
        "nl": "Deelnemers die tegelijk in een gymzaal passen (één trainingsgroep; kleine sporten, geen wedstrijden)"},
    "d_ts_booked_share": {
        "en": "Share of school-gym evening and weekend hours already let to clubs; no booking data loaded",
        "nl": "Aandeel van de avond- en weekenduren van schoolgymzalen dat al aan verenigingen is verhuurd; geen "
              "verhuurgegevens geladen"},
    "d_ts_school_weeks": {
        "en": "School weeks per year, to compare school use with 'schools often use a gymzaal for less than 800 "
              "hours per year' (data/SOURCES.md)",
        "nl": "Schoolweken per jaar, om het schoolgebruik te vergelijken met 'scholen gebruiken een gymzaal vaak "
              "minder dan 800 uur per jaar' (data/SOURCES.md)"},
    "d_ts_match_distance": {
        "en": "Farthest distance from a buurt centroid to a school gym whose free evening/weekend hours can take "
              "its club sport",
        "nl": "Grootste afstand van een buurtmiddelpunt tot een schoolgymzaal waarvan de vrije avond- en "
              "weekenduren de verenigingssport van de buurt kunnen opvangen"},
    "d_size_gym": {
        "en": "VNG model ordinance (stichtingsnorm): gymzaal 12 x 21 x 5 m = 252 m2 (canonlo.nl, see "
              "data/SOURCES.md)",
        "nl": "VNG-modelverordening (stichtingsnorm): gymzaal 12 x 21 x 5 m = 252 m2 (canonlo.nl, zie "
              "data/SOURCES.md)"},
    "d_size_gym_kvlo": {"en": "KVLO advice: at least 14 x 22 x 5.5 m = 308 m2 (canonlo.nl, see data/SOURCES.md)",
                        "nl": "Advies KVLO: ten minste 14 x 22 x 5,5 m = 308 m2 (canonlo.nl, zie data/SOURCES.md)"},
    "d_size_sports_hall": {
        "en": "Assumption: one sporthal of about 1,300 m2 sports floor; no sourced size in data/SOURCES.md, "
              "calibrate locally",
        "nl": "Aanname: één sporthal van ongeveer 1.300 m2 sportvloer; geen maat met bron in data/SOURCES.md, "
              "lokaal ijken"},
    "d_size_sports_room": {
        "en": "Assumption: one sportzaal of about 600 m2 sports floor; no sourced size in data/SOURCES.md",
        "nl": "Aanname: één sportzaal van ongeveer 600 m2 sportvloer; geen maat met bron in data/SOURCES.md"},
    "d_size_primary_school": {
        "en": "Unit of 240 places: median DUO enrolment of a Utrecht school is about 242 pupils (data/SOURCES.md). "
              "Floor area: assumption of 7 m2 gross floor area per place",
        "nl": "Eenheid van 240 plaatsen: de mediaan van het DUO-leerlingaantal van een Utrechtse school is "
              "ongeveer 242 leerlingen (data/SOURCES.md). Vloeroppervlak: aanname van 7 m2 bruto vloeroppervlak "
              "per plaats"},
    "d_size_library": {
        "en": "Assumption: a library point (bibliotheekpunt) of about 300 m2 serving about 10,000 inhabitants; no "
              "national standard found (data/SOURCES.md)",
        "nl": "Aanname: een bibliotheekpunt van ongeveer 300 m2 voor ongeveer 10.000 inwoners; geen landelijke "
              "norm gevonden (data/SOURCES.md)"},
    "d_size_community_centre": {
        "en": "Assumption: a community space (buurthuis) of about 400 m2 serving about 10,000 inhabitants; no "
              "dataset or standard in data/SOURCES.md",
        "nl": "Aanname: een buurthuis van ongeveer 400 m2 voor ongeveer 10.000 inwoners; geen dataset of norm in "
              "data/SOURCES.md"},
    "d_size_swimming_pool": {
        "en": "Assumption: a neighbourhood pool of about 2,000 m2 serving about 30,000 inhabitants; no standard in "
              "data/SOURCES.md",
        "nl": "Aanname: een buurtzwembad van ongeveer 2.000 m2 voor ongeveer 30.000 inwoners; geen norm in "
              "data/SOURCES.md"},
    "d_unit_minutes_week": {"en": "minutes/week", "nl": "minuten per week"},
    "d_unit_hours_week": {"en": "hours/week", "nl": "uur per week"},
    "d_unit_share_inhabitants": {"en": "share of inhabitants", "nl": "aandeel inwoners"},
    "d_unit_share_hours": {"en": "share of hours", "nl": "aandeel uren"},
    "d_unit_weeks_year": {"en": "weeks/year", "nl": "weken per jaar"},
    "d_unit_children": {"en": "children", "nl": "kinderen"},
    "d_unit_persons": {"en": "persons", "nl": "personen"},
    "d_area_sports_floor": {"en": "sports floor", "nl": "sportvloer"},
    "d_area_gross_floor": {"en": "gross floor area", "nl": "bruto vloeroppervlak"},
}
