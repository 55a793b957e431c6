"""Labels of "initiatives seek space" (page "Initiatieven", lib/initiatives), Dutch and English; merged by
lib/text/i18n.py."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "in_unknown": {"nl": "onbekend", "en": "unknown"},
    "page_initiatives": {"nl": "Initiatieven", "en": "Initiatives"},
    "nd_kind_rooms": {"nl": "Ruimtes van voorzieningen (CSV)", "en": "Rooms of facilities (CSV)"},
    "nd_kind_initiatives": {"nl": "Initiatieven van bewoners (CSV)", "en": "Residents' initiatives (CSV)"},
    "nd_tbl_rooms": {"nl": "Ruimtes", "en": "Rooms"},
    # vocabulary
    "in_block_weekday_day": {"nl": "doordeweeks overdag", "en": "weekday daytime"},
    "in_block_weekday_evening": {"nl": "doordeweekse avond", "en": "weekday evening"},
    "in_block_weekend": {"nl": "weekend", "en": "weekend"},
    "in_block_short_weekday_day": {"nl": "overdag", "en": "day"},
    "in_block_short_weekday_evening": {"nl": "avond", "en": "evening"},
    "in_type_zaal": {"nl": "zaal", "en": "meeting room"},
    "in_type_keuken": {"nl": "keuken", "en": "kitchen"},
    "in_type_werkplaats": {"nl": "werkplaats", "en": "workshop"},
    "in_type_buiten": {"nl": "buitenruimte", "en": "outdoor space"},
    "in_status_aangemeld": {"nl": "aangemeld", "en": "registered"},
    "in_status_gekoppeld": {"nl": "gekoppeld", "en": "coupled"},
    "in_status_lopend": {"nl": "lopend", "en": "running"},
    "in_status_gestopt": {"nl": "gestopt", "en": "stopped"},
    "in_match_accepted": {"nl": "geaccepteerd", "en": "accepted"},
    "in_match_proposed": {"nl": "voorgesteld", "en": "proposed"},
    "in_hours_unit": {"nl": "uur", "en": "h"},
    "in_ts_short": {"nl": "uren volgens tijdsdelingsmodel", "en": "hours from the time-sharing model"},
    "in_illustrative_short": {"nl": "illustratief", "en": "illustrative"},
    "in_src_imported": {"nl": "ingelezen ruimte", "en": "imported room"},
    "in_src_timesharing": {"nl": "tijdsdelingsmodel (schatting)", "en": "time-sharing model (estimate)"},
    "in_col_area_m2": {"nl": "Oppervlakte (m²)", "en": "Area (m²)"},
    "in_col_accessible": {"nl": "Toegankelijk", "en": "Accessible"},
    "in_col_hours_from": {"nl": "Uren volgens", "en": "Hours from"},
    "in_free": {"nl": "vrij", "en": "free"},
    "in_n_rooms": {"nl": "{n} ruimte(s)", "en": "{n} room(s)"},
    # sentences
    "in_sent_match": {"nl": "{name}: {block} {hours} in {room}, {dist}",
                      "en": "{name}: {block} {hours} in {room}, {dist}"},
    "in_sent_need": {"nl": "{n} deelnemers, {hours} {block}, {type}",
                     "en": "{n} participants, {hours} {block}, {type}"},
    "in_reason_no_room_in_reach": {
        "nl": "geen ruimte van een passend type ({types}) binnen {dist} m van het midden van {area}",
        "en": "no room of a fitting type ({types}) within {dist} m of the centre of {area}"},
    "in_reason_not_accessible": {
        "nl": "de passende ruimtes binnen {dist} m zijn niet toegankelijk (of het is niet bekend)",
        "en": "the fitting rooms within {dist} m are not accessible (or it is not known)"},
    "in_reason_too_small": {
        "nl": "de passende, bereikbare ruimtes zijn te klein: nodig is {m2} m² ({m2pp} m² per deelnemer, een aanname)",
        "en": "the fitting rooms in reach are too small: it needs {m2} m² ({m2pp} m² per participant, an assumption)"},
    "in_reason_no_free_hours": {
        "nl": "geen passende ruimte binnen bereik heeft {hours} vrij op {block}",
        "en": "no fitting room in reach has {hours} free on {block}"},
    "in_reason_hours_taken": {
        "nl": "er zijn wel vrije uren, maar die gaan naar initiatieven die samen meer deelnemer-uren huisvesten",
        "en": "there are free hours, but they go to initiatives that together house more participant-hours"},
    "in_reason_short_no_room_in_reach": {"nl": "geen passende ruimte in de buurt", "en": "no fitting room nearby"},
    "in_reason_short_not_accessible": {"nl": "niet toegankelijk", "en": "not accessible"},
    "in_reason_short_too_small": {"nl": "te klein", "en": "too small"},
    "in_reason_short_no_free_hours": {"nl": "geen vrije uren in dat dagdeel", "en": "no free hours in that block"},
    "in_reason_short_hours_taken": {"nl": "vrije uren gaan naar anderen", "en": "free hours go to others"},
    # table columns
    "in_col_name": {"nl": "Initiatief", "en": "Initiative"},
    "in_col_organiser": {"nl": "Organisator", "en": "Organiser"},
    "in_col_activity": {"nl": "Activiteit", "en": "Activity"},
    "in_col_participants": {"nl": "Deelnemers", "en": "Participants"},
    "in_col_hours": {"nl": "Uur per week", "en": "Hours per week"},
    "in_col_block": {"nl": "Dagdeel", "en": "Block"},
    "in_col_type": {"nl": "Soort ruimte", "en": "Room type"},
    "in_col_match": {"nl": "Koppeling", "en": "Match"},
    "in_col_outcome": {"nl": "Uitkomst", "en": "Outcome"},
    "in_col_illustrative": {"nl": "Illustratief", "en": "Illustrative"},
    "in_col_room": {"nl": "Ruimte", "en": "Room"},
    "in_col_source": {"nl": "Bron / onderbouwing", "en": "Source / reasoning"},
    "in_asm_m2_per_participant_zaal": {"nl": "m² per deelnemer, zaal", "en": "m² per participant, meeting room"},
    "in_asm_m2_per_participant_keuken": {"nl": "m² per deelnemer, keuken", "en": "m² per participant, kitchen"},
    "in_asm_m2_per_participant_werkplaats": {"nl": "m² per deelnemer, werkplaats",
                                             "en": "m² per participant, workshop"},
    "in_asm_m2_per_participant_gymzaal": {"nl": "m² per deelnemer, gymzaal", "en": "m² per participant, gym"},
    "in_asm_m2_per_participant_sporthal": {"nl": "m² per deelnemer, sporthal",
                                           "en": "m² per participant, sports hall"},
    "in_asm_m2_per_participant_buiten": {"nl": "m² per deelnemer, buitenruimte",
                                         "en": "m² per participant, outdoor space"},
    "in_asm_default_max_distance_m": {"nl": "Standaard maximale afstand", "en": "Default maximum distance"},
    # map and week grid
    "in_leg_rooms": {"nl": "Voorziening met ruimtes", "en": "Facility with rooms"},
    "in_leg_stand_in": {"nl": "Gymzaal/sporthal (uren volgens tijdsdelingsmodel)",
                        "en": "Gym/sports hall (hours from the time-sharing model)"},
    "in_leg_lines": {"nl": "Koppelingen", "en": "Matches"},
    "in_leg_initiatives": {"nl": "Initiatieven (midden van hun gebied)", "en": "Initiatives (centre of their area)"},
    "in_leg_unmatched": {"nl": "geen ruimte gevonden", "en": "no room found"},
    "in_legend": {"nl": "Initiatieven en ruimtes", "en": "Initiatives and rooms"},
    "in_grid_bookable": {"nl": "boekbaar", "en": "bookable"},
    "in_grid_booked": {"nl": "geboekt", "en": "booked"},
    "in_grid_held": {"nl": "gekoppelde initiatieven", "en": "coupled initiatives"},
    # page
    "in_title": {"nl": "Initiatieven zoeken ruimte", "en": "Initiatives seeking space"},
    "in_intro": {
        "nl": "Bewonersinitiatieven (een repaircafé, huiswerkklas, wandelgroep, buurtkeuken) zoeken vooral ruimte "
              "op een vast moment. Hier worden ze gekoppeld aan vrije uren in ruimtes van voorzieningen: zo veel "
              "mogelijk deelnemer-uren per week, en bij gelijke uitkomst de kortste afstanden.",
        "en": "Residents' initiatives (a repair café, homework club, walking group, neighbourhood kitchen) mostly "
              "need space at a set time. Here they are matched with free hours in rooms of facilities: as many "
              "participant-hours a week as possible, and the shortest distances among equal outcomes."},
    "in_illustrative_banner": {
        "nl": "Illustratieve gegevens: de meegeleverde ruimtes, boekingen en initiatieven zijn verzonnen voorbeelden "
              "bij echte voorzieningen en buurten in Utrecht — geen echte aanvragen of roosters. Ze zijn "
              "gemarkeerd met 'illustratief'.",
        "en": "Illustrative data: the shipped rooms, bookings and initiatives are made-up examples at real "
              "facilities and buurten of Utrecht — not real requests or timetables. They are marked "
              "'illustrative'."},
    "in_ts_note": {
        "nl": "Gymzalen en sporthallen zonder ingelezen ruimtes tellen met de vrije uren van het tijdsdelingsmodel "
              "(Ruimte delen): een schatting, aangeduid met 'uren volgens tijdsdelingsmodel'; hun toegankelijkheid "
              "is onbekend.",
        "en": "Gyms and sports halls without imported rooms count with the free hours of the time-sharing model "
              "(Sharing space): an estimate, marked 'hours from the time-sharing model'; their accessibility is "
              "unknown."},
    "in_case_banner": {
        "nl": "Werksessie '{name}': aanmeldingen en koppelingen worden in deze case bewaard; de basisgegevens "
              "veranderen niet.",
        "en": "Workshop case '{name}': registrations and matches are stored in this case; the base data does not "
              "change."},
    "in_base_banner": {
        "nl": "Zonder case: aanmeldingen en koppelingen worden in de basisgegevens vastgelegd.",
        "en": "Without a case: registrations and matches are recorded in the base data."},
    "in_m_initiatives": {"nl": "Initiatieven (actief)", "en": "Initiatives (active)"},
    "in_m_accepted": {"nl": "Gekoppeld of lopend", "en": "Coupled or running"},
    "in_m_proposed": {"nl": "Voorstellen", "en": "Proposals"},
    "in_m_unmatched": {"nl": "Geen ruimte gevonden", "en": "No room found"},
    "in_m_ph": {"nl": "Deelnemer-uren per week gehuisvest", "en": "Participant-hours a week housed"},
    "in_m_ph_help": {
        "nl": "Gekoppeld plus voorgesteld, van {asked} gevraagd (deelnemers × uur per week).",
        "en": "Coupled plus proposed, of {asked} asked (participants × hours per week)."},
    "in_solver": {
        "nl": "Methode: exacte optimalisatie (MILP met HiGHS) over {pairs} mogelijke koppelingen: eerst zo veel "
              "mogelijk deelnemer-uren, dan de kortste afstanden; {outcome}. Zie docs/initiatives.md.",
        "en": "Method: exact optimisation (MILP with HiGHS) over {pairs} possible matches: first as many "
              "participant-hours as possible, then the shortest distances; {outcome}. See docs/initiatives.md."},
    "in_optimal": {"nl": "bewezen optimaal", "en": "proven optimal"},
    "in_not_proven": {"nl": "beste gevonden oplossing, niet bewezen optimaal ({msg})",
                      "en": "best solution found, not proven optimal ({msg})"},
    "in_list": {"nl": "Alle initiatieven", "en": "All initiatives"},
    "in_no_proposals": {"nl": "Geen nieuwe voorstellen.", "en": "No new proposals."},
    "in_accepted_h": {"nl": "Gekoppeld en lopend", "en": "Coupled and running"},
    "in_unmatched_h": {"nl": "Geen ruimte gevonden — en waarom", "en": "No room found — and why"},
    "in_reason_order": {
        "nl": "De reden is de eerste die opgaat, in deze volgorde: geen passend type binnen de afstand → niet "
              "toegankelijk → te klein → geen vrije uren in dat dagdeel → vrije uren gaan naar anderen.",
        "en": "The reason is the first that applies, in this order: no fitting type within the distance → not "
              "accessible → too small → no free hours in that block → free hours go to others."},
    "in_room_missing": {
        "nl": "{name} was gekoppeld aan een ruimte die in dit scenario niet bestaat (gesloten voorziening?) en "
              "wordt opnieuw gekoppeld.",
        "en": "{name} was coupled to a room that does not exist in this scenario (a closed facility?) and is "
              "matched again."},
    "in_accept": {"nl": "Accepteren", "en": "Accept"},
    "in_accepted_ok": {"nl": "Gekoppeld: {sentence}", "en": "Coupled: {sentence}"},
    "in_grid": {"nl": "Weekrooster per voorziening", "en": "Week grid per facility"},
    "in_grid_caption": {
        "nl": "Per ruimte en dagdeel: geboekt (door anderen), gekoppelde initiatieven, voorgesteld en wat daarna "
              "vrij blijft (uur per week). Samen is dat het aantal boekbare uren.",
        "en": "Per room and block: booked (by others), coupled initiatives, proposed and what stays free after "
              "that (hours per week). Together they make the bookable hours."},
    "in_status_h": {"nl": "Status wijzigen", "en": "Change status"},
    "in_status_new": {"nl": "Nieuwe status", "en": "New status"},
    "in_status_save": {"nl": "Status opslaan", "en": "Save status"},
    "in_status_ok": {"nl": "Status van {name}: {status}", "en": "Status of {name}: {status}"},
    "in_form_h": {"nl": "Initiatief aanmelden", "en": "Register an initiative"},
    "in_form_caption": {
        "nl": "Wat een bewoner vraagt, ingevuld door een medewerker. Dezelfde regels als bij het inlezen van een "
              "CSV-bestand.",
        "en": "What a resident asks, entered by a civil servant. The same rules as when importing a CSV file."},
    "in_f_name": {"nl": "Naam van het initiatief", "en": "Name of the initiative"},
    "in_f_hours": {"nl": "Uur per week (in kwartieren)", "en": "Hours per week (in quarter hours)"},
    "in_f_accessible": {"nl": "Toegankelijke ruimte nodig", "en": "Needs an accessible room"},
    "in_f_distance": {"nl": "Maximale afstand (m)", "en": "Maximum distance (m)"},
    "in_f_submit": {"nl": "Aanmelden", "en": "Register"},
    "in_added": {"nl": "Aangemeld: {name}", "en": "Registered: {name}"},
    "in_form_problems": {"nl": "Niet aangemeld; verbeter eerst:", "en": "Not registered; first correct:"},
    "in_assumptions": {"nl": "Aannames en methode", "en": "Assumptions and method"},
    "in_rooms_h": {"nl": "Ruimtes en vrije uren", "en": "Rooms and free hours"},
    "in_need_name": {"nl": "Vul links uw naam en domein in; in een werksessie wordt elke wijziging op naam "
                           "vastgelegd.",
                     "en": "Enter your name and domain on the left; in a workshop case every change is recorded by "
                           "name."},
    "in_refused_no_hours": {"nl": "Niet gekoppeld: iemand anders heeft de vrije uren intussen genomen ({detail}).",
                            "en": "Not coupled: someone else took the free hours in the meantime ({detail})."},
    "in_none": {"nl": "Nog geen initiatieven.", "en": "No initiatives yet."},
}
