"""UI text of the sharing options (page "Ruimte delen", option sentences), Dutch and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # nouns per function (singular / plural), used inside sentences
    "sh_noun_primary_school": {"nl": "basisschool", "en": "primary school"},
    "sh_nouns_primary_school": {"nl": "basisscholen", "en": "primary schools"},
    "sh_noun_gym": {"nl": "gymzaal", "en": "gym"},
    "sh_nouns_gym": {"nl": "gymzalen", "en": "gyms"},
    "sh_noun_sports_hall": {"nl": "sporthal", "en": "sports hall"},
    "sh_nouns_sports_hall": {"nl": "sporthallen", "en": "sports halls"},
    "sh_noun_sports_room": {"nl": "sportzaal", "en": "sports room"},
    "sh_nouns_sports_room": {"nl": "sportzalen", "en": "sports rooms"},
    "sh_noun_library": {"nl": "bibliotheekpunt", "en": "library point"},
    "sh_nouns_library": {"nl": "bibliotheekpunten", "en": "library points"},
    "sh_noun_swimming_pool": {"nl": "zwembad", "en": "swimming pool"},
    "sh_nouns_swimming_pool": {"nl": "zwembaden", "en": "swimming pools"},
    "sh_noun_community_centre": {"nl": "buurtruimte", "en": "community space"},
    "sh_nouns_community_centre": {"nl": "buurtruimtes", "en": "community spaces"},
    # option sentences
    "sh_sent_spare": {
        "nl": "{Noun}-tekort in {area} ({short}): {absorbed} vrij bij {n} {nouns} binnen {dist} km "
              "({pct} % van het tekort).",
        "en": "{Noun} shortfall in {area} ({short}): {absorbed} spare at {n} {nouns} within {dist} km "
              "({pct} % of the shortfall)."},
    "sh_sent_evening": {
        "nl": "Sporthal-tekort in {area} (≈ {short} zaaluren per week): {hours} avond- en weekenduren per week vrij "
              "in {n} {gyms} binnen {dist} km.",
        "en": "Sports-hall shortfall in {area} (≈ {short} hall hours a week): {hours} evening and weekend hours a "
              "week free in {n} {gyms} within {dist} km."},
    "sh_sent_day": {
        "nl": "Gymtekort overdag in {area} ({short} lesuren per week): {hours} daguren per week vrij in {n} {gyms} "
              "binnen {dist} km.",
        "en": "Daytime PE shortfall in {area} ({short} lesson hours a week): {hours} daytime hours a week free in "
              "{n} {gyms} within {dist} km."},
    "sh_sent_limit": {
        "nl": "Gymtekort overdag in {area} ({short} lesuren per week): vrije avond- en weekenduren lossen dit niet op; "
              "alleen vrije daguren in andere gymzalen of een nieuwe gymzaal helpen.",
        "en": "Daytime PE shortfall in {area} ({short} lesson hours a week): free evening and weekend hours do not "
              "solve this; only free daytime hours in other gyms or a new gym help."},
    "sh_sent_hub": {
        "nl": "Multifunctioneel gebouw bij {site} ({area}): {programme}; ca. {m2} m², dekt {score} "
              "standaardeenheden onvervulde behoefte.",
        "en": "Multifunctional building at {site} ({area}): {programme}; about {m2} m², covers {score} standard "
              "units of unmet need."},
    "sh_sent_site": {
        "nl": "Nieuwe {noun} bij {site} ({area}): dekt {covered} van het tekort ({pct} % van het totale tekort).",
        "en": "New {noun} at {site} ({area}): covers {covered} of the shortfall ({pct} % of the total shortfall)."},
    "sh_sent_site_centroid": {
        "nl": "Nieuwe {noun} midden in {site} ({area}): dekt {covered} van het tekort ({pct} % van het totale "
              "tekort).",
        "en": "New {noun} in the middle of {site} ({area}): covers {covered} of the shortfall ({pct} % of the total "
              "shortfall)."},
    "sh_school_gym": {"nl": "schoolgymzaal", "en": "school gym"},
    "sh_school_gyms": {"nl": "schoolgymzalen", "en": "school gyms"},
    "sh_other_gym": {"nl": "andere gymzaal", "en": "other gym"},
    "sh_other_gyms": {"nl": "andere gymzalen", "en": "other gyms"},
    "sh_solver_milp": {"nl": "MILP, HiGHS (scipy.optimize.milp)", "en": "MILP, HiGHS (scipy.optimize.milp)"},
    "sh_solver_enum": {"nl": "alle kandidaten doorgerekend (k = 1)", "en": "every candidate evaluated (k = 1)"},
    "sh_solver_greedy": {"nl": "gretig: grootste winst eerst", "en": "greedy: largest gain first"},
    "sh_optimal": {"nl": "optimaal", "en": "optimal"},
    "sh_cand_centroid": {"nl": "buurtmidden", "en": "buurt centroid"},
    "sh_cand_facility": {"nl": "bestaande voorziening", "en": "existing facility"},
    "sh_cand_point": {"nl": "eigen punt", "en": "own point"},
    "sh_existing": {"nl": "uitbreiding", "en": "extension"},
    # page
    "sh_intro": {
        "nl": "Opties om tekorten op te lossen door ruimte te delen: vrije capaciteit in de buurt, "
              "multifunctionele gebouwen, dubbelgebruik van gymzalen en sporthallen, en de beste plek voor "
              "een nieuw (gedeeld) gebouw. Het is een menu: opties kunnen dezelfde tekorten aanpakken.",
        "en": "Options to solve shortfalls by sharing space: spare capacity nearby, multifunctional buildings, "
              "time-sharing of gyms and sports halls, and the best place for a new (shared) building. It is a "
              "menu: options may address the same shortfalls."},
    "sh_all_options": {"nl": "Alle opties ({n}), met cijfers", "en": "All options ({n}), with numbers"},
    "sh_all_types": {"nl": "Alle voorzieningen", "en": "All facility types"},
    "sh_best": {"nl": "Beste opties", "en": "Best options"},
    "sh_no_options": {"nl": "Geen opties gevonden voor deze keuze.", "en": "No options found for this selection."},
    "sh_kind_spare_capacity": {"nl": "Vrije capaciteit", "en": "Spare capacity"},
    "sh_kind_timesharing": {"nl": "Dubbelgebruik", "en": "Time-sharing"},
    "sh_kind_hub": {"nl": "Multifunctioneel gebouw", "en": "Multifunctional building"},
    "sh_kind_siting": {"nl": "Nieuwe locatie", "en": "New site"},
    "sh_kind_limit": {"nl": "Niet op te lossen door delen", "en": "Not solvable by sharing"},
    "sh_score_help": {
        "nl": "Rangorde in standaardeenheden: de aangepakte behoefte gedeeld door de omvang van één standaard "
              "voorziening (240 basisschoolplaatsen, 1 gymzaal, 1 sporthal, 41 zaaluren per week; zie "
              "data/standard_sizes.csv).",
        "en": "Ranked in standard units: the need addressed divided by the size of one standard facility (240 "
              "primary-school places, 1 gym, 1 sports hall, 41 hall hours a week; see data/standard_sizes.csv)."},
    "sh_explain": {"nl": "Cijfers achter de optie", "en": "Numbers behind the option"},
    "sh_pick_option": {"nl": "Kies een optie", "en": "Pick an option"},
    "sh_reach_factor": {"nl": "Zoekafstand vrije capaciteit (× verzorgingsafstand)",
                        "en": "Search distance for spare capacity (× catchment)"},
    "sh_walk_m": {"nl": "Loopafstand tussen voorzieningen in één cluster (m)",
                  "en": "Walking distance between facilities in one cluster (m)"},
    "sh_extra": {"nl": "Voeg toe aan elk multifunctioneel gebouw", "en": "Add to every multifunctional building"},
    "sh_booked": {"nl": "Deel avond-/weekenduren schoolgymzalen al verhuurd (aanname)",
                  "en": "Share of school-gym evening/weekend hours already let (assumption)"},
    "sh_participation": {"nl": "Deelname zaalsport in clubverband (aandeel inwoners, aanname)",
                         "en": "Indoor club-sport participation (share of inhabitants, assumption)"},
    "sh_map": {"nl": "Kaart van de opties", "en": "Map of the options"},
    "sh_leg_short": {"nl": "Buurt met tekort", "en": "Buurt with a shortfall"},
    "sh_leg_spare": {"nl": "Vrije capaciteit → tekort", "en": "Spare capacity → shortfall"},
    "sh_leg_time": {"nl": "Vrije gymzaaluren → tekort", "en": "Free gym hours → shortfall"},
    "sh_leg_site": {"nl": "Voorgestelde locatie", "en": "Proposed site"},
    "sh_leg_point": {"nl": "Eigen punt (klik)", "en": "Own point (click)"},
    "sh_tab_hubs": {"nl": "Multifunctionele gebouwen", "en": "Multifunctional buildings"},
    "sh_tab_time": {"nl": "Dubbelgebruik gymzalen en sporthallen", "en": "Time-sharing of gyms and halls"},
    "sh_tab_siting": {"nl": "Nieuwe locatie kiezen", "en": "Choose a new site"},
    "sh_spare_caption": {
        "nl": "Vrije capaciteit = capaciteit − de behoefte die de 2SFCA-verdeling aan de voorziening toewijst. "
              "Per buurt met tekort: voorzieningen binnen de zoekafstand, dichtstbijzijnde eerst; nooit meer dan "
              "de vrije capaciteit of het tekort.",
        "en": "Spare capacity = capacity − the need the 2SFCA split allocates to the facility. Per buurt with a "
              "shortfall: facilities within the search distance, nearest first; never more than the spare "
              "capacity or the shortfall."},
    "sh_hub_caption": {
        "nl": "Buurten met tekorten in twee of meer functies. Kandidaten: bestaande voorzieningen en clusters "
              "binnen loopafstand. Programma indicatief: maten uit data/standard_sizes.csv (gymzaal 252 m² VNG / "
              "308 m² KVLO; overige maten zijn aannames).",
        "en": "Buurten with shortfalls in two or more functions. Candidates: existing facilities and clusters "
              "within walking distance. Programme indicative: sizes from data/standard_sizes.csv (gym 252 m² VNG "
              "/ 308 m² KVLO; other sizes are assumptions)."},
    "sh_time_caption": {
        "nl": "Uren per week per blok. Overdag: gymlessen (90 min per groep per week sinds 1 aug 2023; groepen van "
              "25 kinderen 6-11, leeftijden geschat uit CBS 0-14). Avond/weekend: clubsport uit inwoners met een "
              "aangenomen deelname. Een tekort overdag wordt niet opgelost door vrije avonden.",
        "en": "Hours per week per block. Daytime: PE (90 min per group per week since 1 Aug 2023; groups of 25 "
              "children 6-11, ages estimated from CBS 0-14). Evening/weekend: club sport from inhabitants with an "
              "assumed participation. A daytime shortfall is not solved by free evenings."},
    "sh_time_areas": {"nl": "Per wijk: uren nodig en beschikbaar", "en": "Per wijk: hours required and available"},
    "sh_time_facilities": {"nl": "Per gymzaal en sporthal: uren per blok", "en": "Per gym and hall: hours per block"},
    "sh_school_use": {
        "nl": "Schoolgebruik per gymzaal (mediaan, model): {h} uur per jaar — bron: scholen gebruiken een gymzaal "
              "vaak minder dan 800 uur per jaar.",
        "en": "School use per gym (median, model): {h} hours a year — source: schools often use a gym less than "
              "800 hours a year."},
    "sh_assumptions": {"nl": "Aannames (gelabeld)", "en": "Assumptions (labelled)"},
    "sh_siting_caption": {
        "nl": "Kies functies, capaciteit en aantal locaties. Kandidaten: buurtcentra, bestaande "
              "voorzieningen (co-locatie) en punten die u op de kaart aanklikt. Bestaande voorzieningen blijven.",
        "en": "Choose functions, capacity and number of sites. Candidates: buurt centroids, existing facilities "
              "(co-location) and points you click on the map. Existing facilities stay."},
    "sh_functions": {"nl": "Functies (meer dan één = multifunctioneel)",
                     "en": "Functions (more than one = multifunctional)"},
    "sh_capacity": {"nl": "Capaciteit per locatie: {f} ({u})", "en": "Capacity per site: {f} ({u})"},
    "sh_k": {"nl": "Aantal nieuwe locaties", "en": "Number of new sites"},
    "sh_method_exact": {"nl": "exact", "en": "exact"},
    "sh_method_greedy": {"nl": "gretig (benadering)", "en": "greedy (approximation)"},
    "sh_coverage": {"nl": "Gedekt tekort", "en": "Shortfall covered"},
    "sh_engine": {"nl": "Controle met de rekenkern (2SFCA): tekort voor en na",
                  "en": "Check with the engine (2SFCA): shortfall before and after"},
    "sh_clicked": {"nl": "Eigen punten: {n}", "en": "Own points: {n}"},
    "sh_clear_points": {"nl": "Wis eigen punten", "en": "Clear own points"},
    "sh_add_to_case": {"nl": "Voeg toe aan werksessie", "en": "Add to workshop case"},
    "sh_display_name": {"nl": "Naam op de kaart", "en": "Display name"},
    "sh_author": {"nl": "Voorgesteld door", "en": "Proposed by"},
    "sh_added": {"nl": "Toegevoegd aan de werksessie: {name}", "en": "Added to the workshop case: {name}"},
    "sh_no_case": {"nl": "Open eerst een werksessie (Werksessie-pagina) om een locatie toe te voegen.",
                   "en": "Open a workshop case first (Workshop page) to add a site."},
    "sh_cases_missing": {"nl": "Werksessies zijn nog niet beschikbaar in deze versie.",
                         "en": "Workshop cases are not available in this version yet."},
    "sh_estimate_note": {
        "nl": "⚠ Schattingen en aannames: kinderen 6-11 zijn verdeeld uit CBS 0-14; capaciteit basisscholen is "
              "DUO-leerlingaantal; Mulier-sportdata lijkt onvolledig (vooral Leidsche Rijn en Vleuten-De Meern); "
              "maten en uren met 'aanname' zijn te kalibreren.",
        "en": "⚠ Estimates and assumptions: children 6-11 are apportioned from CBS 0-14; primary-school capacity is "
              "DUO enrolment; the Mulier sports data look incomplete (notably Leidsche Rijn and Vleuten-De Meern); "
              "sizes and hours marked 'assumption' need local calibration."},
    "sh_verdict_day_not_by_evenings": {"nl": "tekort overdag blijft: vrije avonden helpen niet",
                                       "en": "daytime shortfall remains: free evenings do not help"},
    "sh_verdict_evening_solved": {"nl": "opgelost met vrije gymzaaluren", "en": "solved with free gym hours"},
    "sh_verdict_evening_partly": {"nl": "deels opgelost met vrije gymzaaluren",
                                  "en": "partly solved with free gym hours"},
    "sh_verdict_evening_not_solved": {"nl": "geen vrije gymzaaluren in de buurt", "en": "no free gym hours nearby"},
    "sh_verdict_day_solved": {"nl": "opgelost met vrije daguren elders",
                              "en": "solved with free daytime hours elsewhere"},
    "sh_verdict_ok": {"nl": "geen tekort", "en": "no shortfall"},
    "sh_docs": {"nl": "Uitleg van de methoden: docs/sharing/ (formules, aannames, voorbeelden).",
                "en": "How the methods work: docs/sharing/ (formulas, assumptions, examples)."},
    # column labels of the display tables
    "sh_col_shortfall": {"nl": "Tekort", "en": "Shortfall"},
    "sh_col_spare": {"nl": "Vrij", "en": "Spare"},
    "sh_col_absorbed": {"nl": "Op te vangen", "en": "Could absorb"},
    "sh_col_children_6_11": {"nl": "Kinderen 6-11 (schatting)", "en": "Children 6-11 (estimate)"},
    "sh_col_pe_h": {"nl": "Gymuren nodig", "en": "PE hours needed"},
    "sh_col_day_available_h": {"nl": "Daguren beschikbaar", "en": "Daytime hours available"},
    "sh_col_day_short_h": {"nl": "Tekort overdag (uur)", "en": "Daytime shortfall (h)"},
    "sh_col_day_matched_h": {"nl": "Daguren elders vrij", "en": "Daytime hours free elsewhere"},
    "sh_col_day_unsolved_h": {"nl": "Tekort overdag blijft (uur)", "en": "Daytime shortfall left (h)"},
    "sh_col_club_hall_h": {"nl": "Zaaluren clubsport nodig", "en": "Club hall hours needed"},
    "sh_col_club_available_hall_h": {"nl": "Zaaluren beschikbaar", "en": "Hall hours available"},
    "sh_col_club_short_hall_h": {"nl": "Tekort zaaluren", "en": "Hall-hour shortfall"},
    "sh_col_gym_h_matched": {"nl": "Vrije gymzaaluren ingezet", "en": "Free gym hours used"},
    "sh_col_club_matched_hall_h": {"nl": "Opgevangen zaaluren", "en": "Hall hours covered"},
    "sh_col_club_unsolved_hall_h": {"nl": "Tekort zaaluren blijft", "en": "Hall-hour shortfall left"},
    "sh_col_gyms": {"nl": "Gymzalen", "en": "Gyms"},
    "sh_col_max_distance_m": {"nl": "Verste afstand (m)", "en": "Farthest distance (m)"},
    "sh_col_verdict": {"nl": "Oordeel", "en": "Verdict"},
    "sh_col_function": {"nl": "Functie", "en": "Function"},
    "sh_col_existing": {"nl": "Al aanwezig", "en": "Already there"},
    "sh_col_covered": {"nl": "Gedekte behoefte", "en": "Need covered"},
    "sh_col_covered_unit": {"nl": "Eenheid behoefte", "en": "Need unit"},
    "sh_col_units": {"nl": "Eenheden", "en": "Units"},
    "sh_col_capacity_unit": {"nl": "Eenheid capaciteit", "en": "Capacity unit"},
    "sh_col_floor_m2": {"nl": "m² (indicatief)", "en": "m² (indicative)"},
    "sh_col_floor_m2_alt": {"nl": "m² KVLO-advies", "en": "m² KVLO advice"},
    "sh_col_source": {"nl": "Bron", "en": "Source"},
    "sh_col_demand": {"nl": "Behoefte binnen bereik", "en": "Demand in reach"},
    "sh_col_used": {"nl": "Gebruikt (2SFCA)", "en": "Used (2SFCA)"},
    "sh_col_remaining": {"nl": "Tekort blijft", "en": "Shortfall left"},
    "sh_col_reach_m": {"nl": "Zoekafstand (m)", "en": "Search distance (m)"},
    "sh_col_need_in_reach": {"nl": "Behoefte binnen bereik (eenheden)", "en": "Need in reach (units)"},
    "sh_col_functions": {"nl": "Functies", "en": "Functions"},
    "sh_col_day_h": {"nl": "Daguren", "en": "Daytime hours"},
    "sh_col_day_used_h": {"nl": "Daguren gebruikt (gym)", "en": "Daytime hours used (PE)"},
    "sh_col_day_free_h": {"nl": "Daguren vrij", "en": "Daytime hours free"},
    "sh_col_evening_h": {"nl": "Avonduren", "en": "Evening hours"},
    "sh_col_weekend_h": {"nl": "Weekenduren", "en": "Weekend hours"},
    "sh_col_evening_weekend_used_h": {"nl": "Avond/weekend gebruikt", "en": "Evening/weekend used"},
    "sh_col_evening_weekend_free_h": {"nl": "Avond/weekend vrij", "en": "Evening/weekend free"},
    "sh_col_matched_h": {"nl": "Gedeeld (uur)", "en": "Shared (h)"},
    "sh_col_school_use_h_per_year": {"nl": "Schoolgebruik (uur/jaar)", "en": "School use (h/year)"},
    "sh_col_key": {"nl": "Aanname", "en": "Assumption"},
    "sh_col_share": {"nl": "Gedekt (%)", "en": "Covered (%)"},
    "sh_col_capacity_per_site": {"nl": "Capaciteit per locatie", "en": "Capacity per site"},
    "sh_col_before": {"nl": "Tekort voor (2SFCA)", "en": "Shortfall before (2SFCA)"},
    "sh_col_after": {"nl": "Tekort na (2SFCA)", "en": "Shortfall after (2SFCA)"},
    "sh_col_reduction": {"nl": "Afname", "en": "Reduction"},
    "sh_col_cand_id": {"nl": "Kandidaat", "en": "Candidate"},
    "sh_col_solver": {"nl": "Oplosser", "en": "Solver"},
    # the time-sharing assumptions (data/timesharing_assumptions.csv)
    "sh_a_day_hours_per_unit": {"nl": "Daguren per gymzaal", "en": "Daytime hours per gym"},
    "sh_a_evening_hours": {"nl": "Avonduren per zaal", "en": "Evening hours per hall"},
    "sh_a_weekend_hours": {"nl": "Weekenduren per zaal", "en": "Weekend hours per hall"},
    "sh_a_pe_minutes": {"nl": "Minuten bewegingsonderwijs per groep", "en": "Minutes of PE per group"},
    "sh_a_pupils_per_group": {"nl": "Leerlingen per groep", "en": "Pupils per group"},
    "sh_a_club_participation": {"nl": "Deelname verenigingssport binnen", "en": "Indoor club sport participation"},
    "sh_a_club_hours": {"nl": "Uren verenigingssport per deelnemer", "en": "Club sport hours per participant"},
    "sh_a_hall_participants": {"nl": "Deelnemers tegelijk in een sporthal",
                               "en": "Participants at once in a sports hall"},
    "sh_a_room_participants": {"nl": "Deelnemers tegelijk in een sportzaal",
                               "en": "Participants at once in a sports room"},
    "sh_a_gym_participants": {"nl": "Deelnemers tegelijk in een gymzaal", "en": "Participants at once in a gym"},
    "sh_a_booked_share": {"nl": "Deel van de avond- en weekenduren al verhuurd",
                          "en": "Share of evening and weekend hours already let"},
    "sh_a_school_weeks": {"nl": "Schoolweken per jaar", "en": "School weeks per year"},
    "sh_a_match_distance": {"nl": "Grootste afstand buurt → schoolgymzaal",
                            "en": "Largest distance buurt → school gym"},
    "sh_point": {"nl": "punt {n}", "en": "point {n}"},
}
