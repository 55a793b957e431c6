"""Labels of the area-agenda feature (page Gebiedsagenda, its exports and the CLI's sentences), Dutch and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ag_title": {"nl": "Gebiedsagenda: werk met werk", "en": "Area agenda: combine the work"},
    "ag_intro": {
        "nl": "Alle geplande werkzaamheden per gebied naast elkaar — beheer, ruimte en het sociaal domein — met de "
              "tekorten aan voorzieningen. Waar werk samenvalt in plaats en tijd kan één integraal project meerdere "
              "doelen dienen: de straat één keer open in plaats van drie keer.",
        "en": "All planned work per area side by side — management, spatial and social domain — next to the "
              "facility shortfalls. Where work meets in place and time, one integral project can serve several "
              "goals: open the street once instead of three times."},
    "ag_illustrative": {
        "nl": "Illustratieve agenda — geen echte plannen. De projecten zijn bedacht om de werking te laten zien; "
              "laad de echte gebiedsagenda via Data of `python -m lib import agenda`.",
        "en": "Illustrative agenda — not real plans. The projects are made up to show how it works; load the real "
              "area agenda via Data or `python -m lib import agenda`."},
    "ag_illustrative_mark": {"nl": "Illustratief — geen echte plannen", "en": "Illustrative — not real plans"},
    "ag_empty": {"nl": "Er is nog geen gebiedsagenda geladen. Download het sjabloon, vul het in en laad het via "
                       "Data (soort: Gebiedsagenda) of `python -m lib import agenda BESTAND`.",
                 "en": "No area agenda is loaded yet. Download the template, fill it in and load it via Data "
                       "(kind: Area agenda) or `python -m lib import agenda FILE`."},
    "ag_period": {"nl": "Periode", "en": "Period"},
    "ag_window": {"nl": "Mag maximaal zoveel jaar uit elkaar liggen", "en": "May lie at most this many years apart"},
    "ag_window_help": {
        "nl": "0 = alleen werk dat in dezelfde jaren valt; 1 = ook werk dat direct op elkaar volgt.",
        "en": "0 = only work in the same years; 1 = also work that directly follows each other."},
    "ag_neighbours": {"nl": "Ook aangrenzende buurten", "en": "Include neighbouring buurten"},
    "ag_neighbours_help": {"nl": "Buurten waarvan de grenzen elkaar raken.",
                           "en": "Buurten whose boundaries touch."},
    "ag_lvl_wijk": {"nl": "wijk", "en": "wijk (district)"},
    "ag_lvl_buurt": {"nl": "buurt", "en": "buurt (neighbourhood)"},
    "ag_this_gemeente": {"nl": "deze gemeente", "en": "this municipality"},
    "ag_this_wijk": {"nl": "deze wijk", "en": "this wijk"},
    "ag_this_buurt": {"nl": "deze buurt", "en": "this buurt"},
    "ag_timeline": {"nl": "Tijdlijn per domein", "en": "Timeline by domain"},
    "ag_timeline_caption": {
        "nl": "Werk in dit gebied, erbinnen en in het omliggende gebied (bijv. wijkbreed). Gestreept = afgerond.",
        "en": "Work in this area, inside it and in the enclosing area (e.g. wijk-wide). Hatched = finished."},
    "ag_no_items": {"nl": "Geen werk gepland in dit gebied in deze periode.",
                    "en": "No work planned in this area in this period."},
    "ag_shortfalls": {"nl": "Tekorten aan voorzieningen", "en": "Facility shortfalls"},
    "ag_shortfalls_caption": {
        "nl": "Alleen robuuste tekorten tellen mee: aanbod is echte capaciteit (geen proxy zoals leerlingenaantallen), "
              "niet kwetsbaar, niet verwaarloosbaar (minder dan 0,1 standaardvoorziening of minder dan 50 personen) en "
              "geen waarschijnlijk ontbrekende gegevens.",
        "en": "Only robust shortfalls count: supply is real capacity (no proxy such as pupil numbers), not fragile, "
              "not negligible (less than 0.1 of a standard facility or fewer than 50 persons) and no probably "
              "missing data."},
    "ag_no_shortfalls": {"nl": "Geen tekort dat meetelt in deze periode.",
                         "en": "No shortfall that counts in this period."},
    "ag_sharing_here": {"nl": "Opties uit Ruimte delen in dit gebied", "en": "Sharing options in this area"},
    "ag_no_sharing": {"nl": "Ruimte delen noemt hier geen plek.", "en": "Sharing space names no site here."},
    "ag_more_sites": {"nl": "nog {n} plekken", "en": "{n} more sites"},
    "ag_opportunities": {"nl": "Kansen om werk te combineren", "en": "Opportunities to combine work"},
    "ag_opps_caption": {
        "nl": "Score = aantal betrokken domeinen + 1 als er een tekort aan voorzieningen is dat het werk kan helpen "
              "oplossen (of een plek uit Ruimte delen) + een kwart punt per jaar overlap (hoogstens 1). Uitleg: "
              "docs/agenda.md.",
        "en": "Score = number of domains involved + 1 when there is a facility shortfall the work can help solve "
              "(or a site from Sharing space) + a quarter point per year of overlap (at most 1). Method: "
              "docs/agenda.md."},
    "ag_no_opportunities": {"nl": "Geen kansen gevonden met deze instellingen.",
                            "en": "No opportunities found with these settings."},
    "ag_map": {"nl": "Kaart: domeinen met werk gepland", "en": "Map: domains with work planned"},
    "ag_map_level": {"nl": "Kaartniveau", "en": "Map level"},
    "ag_map_legend": {"nl": "Domeinen met werk", "en": "Domains with work"},
    "ag_map_caption": {
        "nl": "Per gebied het aantal domeinen met werk (niet afgerond) in de gekozen periode, in het gebied zelf "
              "of erbinnen. Klik een gebied om het te kiezen.",
        "en": "Per area the number of domains with work (not finished) in the chosen period, in the area itself "
              "or inside it. Click an area to choose it."},
    "ag_n_domains": {"nl": "{n} domeinen", "en": "{n} domains"},
    "ag_n_domain1": {"nl": "1 domein", "en": "1 domain"},
    "ag_n_domains0": {"nl": "geen werk", "en": "no work"},
    "ag_n_domains4": {"nl": "4 of meer domeinen", "en": "4 or more domains"},
    "ag_export": {"nl": "Exporteren voor het gebiedsteam", "en": "Export for the area team"},
    "ag_export_xlsx": {"nl": "Excel (agenda, kansen, tekorten)", "en": "Excel (agenda, opportunities, shortfalls)"},
    "ag_export_pdf": {"nl": "PDF (één pagina)", "en": "PDF (one page)"},
    "ag_template": {"nl": "Sjabloon gebiedsagenda", "en": "Area agenda template"},
    "ag_template_csv": {"nl": "Sjabloon (CSV)", "en": "Template (CSV)"},
    "ag_template_xlsx": {"nl": "Sjabloon (Excel)", "en": "Template (Excel)"},
    "ag_notes": {"nl": "Notities bij deze kans", "en": "Notes on this opportunity"},
    "ag_pick_opportunity": {"nl": "Kans", "en": "Opportunity"},
    "ag_note_add": {"nl": "Notitie toevoegen", "en": "Add note"},
    "ag_note_saved": {"nl": "Notitie opgeslagen.", "en": "Note saved."},
    "ag_note_remove": {"nl": "Verbergen", "en": "Hide"},
    "ag_need_name": {"nl": "Vul eerst links uw naam en domein in; notities en wijzigingen worden op naam "
                           "vastgelegd.",
                     "en": "First enter your name and domain on the left; notes and changes are recorded by name."},
    "ag_case_items": {"nl": "Agenda in deze case aanpassen", "en": "Change the agenda in this case"},
    "ag_case_caption": {
        "nl": "Wijzigingen gelden alleen in de case '{case}' (de basisagenda blijft gelijk), op naam vastgelegd en "
              "terug te draaien onder Werksessie.",
        "en": "Changes apply only in case '{case}' (the base agenda stays as it is), are recorded by name and can "
              "be undone under Workshop case."},
    "ag_no_case": {"nl": "Open een case (Werksessie) om agendapunten toe te voegen of te wijzigen als scenario.",
                   "en": "Open a case (Workshop case) to add or change agenda items as a scenario."},
    "ag_add_item": {"nl": "Agendapunt toevoegen", "en": "Add agenda item"},
    "ag_edit_item": {"nl": "Agendapunt wijzigen of uit de case halen", "en": "Change an agenda item or take it out"},
    "ag_remove": {"nl": "Uit de case halen", "en": "Take out of the case"},
    "ag_undo_last": {"nl": "Laatste agendawijziging ongedaan maken", "en": "Undo the last agenda change"},
    "ag_saved": {"nl": "Opgeslagen in de case.", "en": "Saved in the case."},
    "ag_items": {"nl": "Agendapunten", "en": "Agenda items"},
    "ag_in_case": {"nl": "in case", "en": "in case"},
    "ag_computing": {"nl": "Kansen berekenen…", "en": "Finding opportunities…"},
    # columns
    "ag_col_kind": {"nl": "Soort kans", "en": "Kind"},
    "ag_col_reason": {"nl": "Waarom", "en": "Why"},
    "ag_col_score": {"nl": "Score", "en": "Score"},
    "ag_col_project": {"nl": "Project", "en": "Project"},
    "ag_col_id": {"nl": "Projectnummer", "en": "Project id"},
    "ag_col_budget": {"nl": "Budget", "en": "Budget"},
    "ag_col_start": {"nl": "Start", "en": "Start"},
    "ag_col_end": {"nl": "Einde", "en": "End"},
    "ag_col_year": {"nl": "Eerste jaar", "en": "First year"},
    "ag_col_where": {"nl": "Waar", "en": "Where"},
    "ag_col_who": {"nl": "Wie", "en": "Who"},
    "ag_col_when": {"nl": "Wanneer (UTC)", "en": "When (UTC)"},
    "ag_col_domains": {"nl": "Domeinen", "en": "Domains"},
    # domains, statuses, kinds of opportunity
    "ag_dom_beheer": {"nl": "beheer", "en": "management"},
    "ag_dom_ruimte": {"nl": "ruimte", "en": "spatial"},
    "ag_dom_onderwijs": {"nl": "onderwijs", "en": "education"},
    "ag_dom_sport": {"nl": "sport", "en": "sport"},
    "ag_dom_zorg": {"nl": "zorg", "en": "care"},
    "ag_dom_cultuur": {"nl": "cultuur", "en": "culture"},
    "ag_dom_overig": {"nl": "overig", "en": "other"},
    "ag_st_idee": {"nl": "idee", "en": "idea"},
    "ag_st_gepland": {"nl": "gepland", "en": "planned"},
    "ag_st_in uitvoering": {"nl": "in uitvoering", "en": "under way"},
    "ag_st_afgerond": {"nl": "afgerond", "en": "finished"},
    "ag_kind_pair": {"nl": "Werk met werk", "en": "Work with work"},
    "ag_kind_shortfall": {"nl": "Werk en tekort", "en": "Work and shortfall"},
    "ag_kind_site": {"nl": "Werk en deelplek", "en": "Work and sharing site"},
    # reason sentences
    "ag_r_pair": {"nl": "{a} ({dom_a}, {per_a}) en {b} ({dom_b}, {per_b}) {when} {where}{also}{short}: "
                        "combineer tot één project.",
                  "en": "{a} ({dom_a}, {per_a}) and {b} ({dom_b}, {per_b}) {when} {where}{also}{short}: "
                        "combine them into one project."},
    "ag_r_when_overlap": {"nl": "lopen tegelijk in {period}", "en": "run at the same time in {period}"},
    "ag_r_when_next": {"nl": "volgen direct op elkaar ({end} → {start})",
                       "en": "follow each other directly ({end} → {start})"},
    "ag_r_when_apart": {"nl": "liggen {n} jaar uit elkaar ({end} → {start})",
                        "en": "lie {n} years apart ({end} → {start})"},
    "ag_r_where_same": {"nl": "in {area}", "en": "in {area}"},
    "ag_r_where_within": {"nl": "in {inner} (binnen {outer})", "en": "in {inner} (within {outer})"},
    "ag_r_where_neighbours": {"nl": "in de aangrenzende buurten {a} en {b}",
                              "en": "in the neighbouring buurten {a} and {b}"},
    "ag_r_also": {"nl": "; ook {names} vallen in die periode", "en": "; {names} fall in that period too"},
    "ag_r_also1": {"nl": "; ook {names} valt in die periode", "en": "; {names} falls in that period too"},
    "ag_r_also_more": {"nl": "{names} en nog {n}", "en": "{names} and {n} more"},
    "ag_r_short": {"nl": "; daar speelt ook {list}", "en": "; there is also {list}"},
    "ag_r_shortfall": {"nl": "{a} ({dom}, {per}) in {area} — {list}: combineer.",
                       "en": "{a} ({dom}, {per}) in {area} — {list}: combine."},
    "ag_r_site": {"nl": "{a} ({dom}, {per}) in {area} — Ruimte delen noemt hier een plek: {sentence} Combineer.",
                  "en": "{a} ({dom}, {per}) in {area} — Sharing space names a site here: {sentence} Combine."},
    "ag_and": {"nl": "en", "en": "and"},
    "ag_sf_gym": {"nl": "een gymzaaltekort in {where} ({amount} in {year})",
                  "en": "a gym (gymzaal) shortfall in {where} ({amount} in {year})"},
    "ag_sf_sports_hall": {"nl": "een sporthaltekort in {where} ({amount} in {year})",
                          "en": "a sports-hall shortfall in {where} ({amount} in {year})"},
    "ag_sf_primary_school": {"nl": "een tekort aan basisschoolplaatsen in {where} ({amount} in {year})",
                             "en": "a shortage of primary-school places in {where} ({amount} in {year})"},
    "ag_sf_quantity": {"nl": "een tekort aan {label} in {where} ({amount} in {year})",
                       "en": "a shortfall of {label} in {where} ({amount} in {year})"},
    "ag_sf_library": {"nl": "een bibliotheek verder weg dan de norm in {where} ({dist} m, norm {norm} m)",
                      "en": "a library further away than the norm in {where} ({dist} m, norm {norm} m)"},
    "ag_sf_swimming_pool": {"nl": "een zwembad verder weg dan de norm in {where} ({dist} m, norm {norm} m)",
                            "en": "a swimming pool further away than the norm in {where} ({dist} m, norm {norm} m)"},
    "ag_sf_distance": {"nl": "{label} verder weg dan de norm in {where} ({dist} m, norm {norm} m)",
                       "en": "{label} further away than the norm in {where} ({dist} m, norm {norm} m)"},
    # exports
    "ag_pdf_title": {"nl": "Gebiedsagenda {area}", "en": "Area agenda {area}"},
    "ag_pdf_sub": {"nl": "{level} · periode {period} · {case}", "en": "{level} · period {period} · {case}"},
    "ag_baseline": {"nl": "basisdata (geen case)", "en": "base data (no case)"},
    "ag_case": {"nl": "case: {case}", "en": "case: {case}"},
    "ag_pdf_top": {"nl": "Beste kansen", "en": "Best opportunities"},
    "ag_pdf_more": {"nl": "… en nog {n} kansen (zie de Excel-export).",
                    "en": "… and {n} more opportunities (see the Excel export)."},
    "ag_sheet_summary": {"nl": "Overzicht", "en": "Summary"},
    "ag_sheet_items": {"nl": "Agenda", "en": "Agenda"},
    "ag_sheet_opps": {"nl": "Kansen", "en": "Opportunities"},
    "ag_sheet_short": {"nl": "Tekorten", "en": "Shortfalls"},
    "ag_sheet_method": {"nl": "Werkwijze", "en": "Method"},
    "ag_method_lines": {
        "nl": "Twee agendapunten vormen een kans als hun gebieden elkaar raken (hetzelfde gebied of het ene ligt in "
              "het andere; op verzoek ook aangrenzende buurten), hun perioden overlappen of hoogstens het gekozen "
              "aantal jaren uit elkaar liggen, en ze uit verschillende domeinen komen.|Een agendapunt in een gebied "
              "met een tekort aan voorzieningen, of op een plek die Ruimte delen noemt, is ook een kans.|Afgeronde "
              "punten doen niet mee.|Tekorten komen uit dezelfde berekening als het Overzicht; alleen tekorten op "
              "echte capaciteit die robuust zijn (niet kwetsbaar, niet verwaarloosbaar, geen ontbrekende gegevens) "
              "tellen mee.",
        "en": "Two agenda items form an opportunity when their areas meet (the same area or one inside the other; on "
              "request also neighbouring buurten), their periods overlap or lie at most the chosen number of years "
              "apart, and they come from different domains.|An agenda item in an area with a facility shortfall, or "
              "at a site that Sharing space names, is an opportunity too.|Finished items do not take part.|"
              "Shortfalls come from the same computation as the Overview; only shortfalls on real capacity that "
              "are robust (not fragile, not negligible, no missing data) count."},
    # template explanation (Excel sheet 2)
    "ag_tpl_project_id": {"nl": "Uniek projectnummer (tekst). Opnieuw laden met hetzelfde nummer vervangt het punt.",
                          "en": "Unique project id (text). Loading the same id again replaces the item."},
    "ag_tpl_name": {"nl": "Naam van het project.", "en": "Name of the project."},
    "ag_tpl_domain": {"nl": "beheer, ruimte, sociaal, onderwijs, sport, zorg, cultuur of overig.",
                      "en": "beheer (management), ruimte (spatial), sociaal, onderwijs (education), sport, zorg "
                            "(care), cultuur or overig (other)."},
    "ag_tpl_area_code": {"nl": "CBS-code van een buurt (BU…), wijk (WK…) of gemeente (GM…).",
                         "en": "CBS code of a buurt (BU…), wijk (WK…) or gemeente (GM…)."},
    "ag_tpl_start_year": {"nl": "Eerste jaar van het werk (bijv. 2026).", "en": "First year of the work (e.g. 2026)."},
    "ag_tpl_end_year": {"nl": "Laatste jaar van het werk; niet vóór het startjaar.",
                        "en": "Last year of the work; not before the start year."},
    "ag_tpl_kind": {"nl": "Vrije tekst, bijv. riolering, herinrichting, renovatie school.",
                    "en": "Free text, e.g. riolering (sewer), herinrichting (redesign), renovatie school."},
    "ag_tpl_budget_eur": {"nl": "Optioneel: budget in euro, zonder punten (bijv. 1250000).",
                          "en": "Optional: budget in euro, without separators (e.g. 1250000)."},
    "ag_tpl_status": {"nl": "idee, gepland, in uitvoering of afgerond.",
                      "en": "idee (idea), gepland (planned), in uitvoering (under way) or afgerond (finished)."},
    "ag_tpl_owner": {"nl": "Optioneel: wie is eigenaar (afdeling of organisatie).",
                     "en": "Optional: who owns it (department or organisation)."},
}
