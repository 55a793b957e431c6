"""Labels of the status vocabulary and the rules behind it (issue 11, docs/numbers.md), Dutch and English.

Status codes come from lib.core.status; the words live here. Literal keys only.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- statuses (codes of lib.core.status.STATUSES) ---------------------------------------------------------
    "fragile": {"nl": "mogelijk tekort (niet robuust)", "en": "possible shortfall (not robust)"},
    "negligible": {"nl": "verwaarloosbaar", "en": "negligible"},
    "proxy": {"nl": "capaciteit onbekend", "en": "capacity unknown"},
    "proxy_growth": {"nl": "capaciteit onbekend, behoefte groeit", "en": "capacity unknown, need growing"},
    "data_gap": {"nl": "onbekend: waarschijnlijk ontbrekende gegevens", "en": "unknown: data probably missing"},
    # --- legend ------------------------------------------------------------------------------------------------
    "ov_legend_fragile": {
        "nl": "mogelijk tekort: alleen bij de standaardaannames, niet bij een kleinere/grotere afstand of ander "
              "middelpunt (gearceerd)",
        "en": "possible shortfall: only under the standard assumptions, not with a smaller/larger catchment or "
              "another centre point (hatched)"},
    "ov_legend_negligible": {
        "nl": "verwaarloosbaar: tekort kleiner dan 0,1 standaardeenheid of minder dan 50 personen",
        "en": "negligible: shortfall below 0.1 standard unit or fewer than 50 persons"},
    "ov_legend_proxy": {
        "nl": "capaciteit onbekend: aanbod = huidig leerlingenaantal",
        "en": "capacity unknown: supply = current enrolment"},
    "ov_legend_proxy_growth": {
        "nl": "capaciteit onbekend, behoefte groeit 10 % of meer t.o.v. het basisjaar",
        "en": "capacity unknown, need grows 10 % or more against the base year"},
    "ov_legend_data_gap": {
        "nl": "onbekend: waarschijnlijk ontbrekende gegevens (grijs gearceerd)",
        "en": "unknown: data probably missing (grey, hatched)"},
    "ov_status_rule_full": {
        "nl": "Status uit aanbod/behoefte: < 1 tekort, < 1,10 krap, < 1,5 voldoende, anders overschot. Een tekort "
              "telt alleen als het ook geldt bij 0,75× en 1,5× de verzorgingsafstand en vanuit een ander middelpunt "
              "van de buurt; anders 'mogelijk tekort'. Kleine tekorten zijn verwaarloosbaar, gebieden met "
              "waarschijnlijk ontbrekende gegevens zijn grijs. Zie docs/numbers.md.",
        "en": "Status from supply/need: < 1 shortfall, < 1.10 tight, < 1.5 sufficient, else surplus. A shortfall "
              "only counts when it also holds at 0.75× and 1.5× the catchment and from another centre point of "
              "the buurt; otherwise 'possible shortfall'. Small shortfalls are negligible, areas with data "
              "probably missing are grey. See docs/numbers.md."},
    "ov_legend_proxy_note": {
        "nl": "Capaciteit onbekend: het aanbod is het huidige leerlingenaantal (DUO), geen capaciteit. Er wordt "
              "geen tekort of overschot getoond, alleen de groei van de behoefte t.o.v. het basisjaar. Importeer "
              "echte capaciteit op de pagina Data.",
        "en": "Capacity unknown: supply is current enrolment (DUO), not capacity. No shortfall or surplus is "
              "shown, only the growth of need against the base year. Import real capacity on the Data page."},
    # --- tooltips and readings of a row -------------------------------------------------------------------------
    "nr_details": {"nl": "Toelichting", "en": "Details"},
    "nr_quantities": {"nl": "behoefte {need} · aanbod {supply} · saldo {gap}",
                      "en": "need {need} · supply {supply} · gap {gap}"},
    "nr_distance": {"nl": "dichtstbijzijnde {what} {d} m (norm ≤ {norm} m)",
                    "en": "nearest {what} {d} m (norm ≤ {norm} m)"},
    "nr_distance_area": {"nl": "verste buurt tot een {what}: {d} m (norm ≤ {norm} m)",
                         "en": "buurt furthest from a {what}: {d} m (norm ≤ {norm} m)"},
    "nr_distance_none": {"nl": "geen afstand bekend tot een {what} (norm ≤ {norm} m)",
                         "en": "no distance known to a {what} (norm ≤ {norm} m)"},
    "nr_beyond_share": {
        "nl": "{n} inwoners ({pct}) wonen verder dan de norm; een wijk of gemeente telt als tekort vanaf de helft, "
              "als krap vanaf een tiende",
        "en": "{n} inhabitants ({pct}) live beyond the norm; a wijk or municipality counts as short from half, as "
              "tight from a tenth"},
    "nr_growth": {"nl": "behoefte {base} in {base_year} → {need} in {year} ({delta}, {pct})",
                  "en": "need {base} in {base_year} → {need} in {year} ({delta}, {pct})"},
    "nr_need_now": {"nl": "behoefte {need} (basisjaar {base_year})", "en": "need {need} (base year {base_year})"},
    "nr_mixed": {"nl": "deels echte capaciteit, deels leerlingenaantal binnen bereik",
                 "en": "partly real capacity, partly enrolment within reach"},
    "nr_fragile": {"nl": "tekort niet robuust: aanbod bij 0,75× afstand {small}, bij 1,5× {large}, vanuit ander "
                         "middelpunt {point}",
                   "en": "shortfall not robust: supply at 0.75× catchment {small}, at 1.5× {large}, from another "
                         "centre point {point}"},
    "nr_robust": {"nl": "tekort robuust: ook bij 0,75× afstand ({small}), 1,5× ({large}) en vanuit ander "
                        "middelpunt ({point})",
                  "en": "robust shortfall: also at 0.75× catchment ({small}), 1.5× ({large}) and from another "
                        "centre point ({point})"},
    "nr_negligible": {"nl": "tekort {gap} is kleiner dan {min} (0,1 standaardeenheid)",
                      "en": "shortfall {gap} is smaller than {min} (0.1 standard unit)"},
    "nr_negligible_basis": {"nl": "grondslag {basis} is minder dan 50 personen",
                            "en": "basis {basis} is fewer than 50 persons"},
    "nr_data_gap": {"nl": "waarschijnlijk ontbrekende gegevens: {why}", "en": "data probably missing: {why}"},
    "nr_check_pe_school": {
        "nl": "schoollocaties in de buurt kunnen met de bekende gymzalen geen verplichte gymles krijgen",
        "en": "school locations nearby cannot get their compulsory PE in the gymzalen on record"},
    "nr_check_empty_wijk": {
        "nl": "de wijk heeft volgens de norm minstens 2 voorzieningen nodig maar er staat er geen enkele in de data",
        "en": "by the norm the wijk needs at least 2 facilities but the data lists none at all"},
    "nr_unknown": {"nl": "geen gegevens", "en": "no data"},
    "nr_noun_library": {"nl": "bibliotheek", "en": "library"},
    "nr_noun_community_centre": {"nl": "buurthuis", "en": "community centre"},
    # --- KPIs, per-type table, captions -----------------------------------------------------------------------
    "nr_kpi_fragile": {"nl": "Mogelijk tekort (niet robuust)", "en": "Possible shortfall (not robust)"},
    "nr_kpi_data_gap": {"nl": "Onbekend (ontbrekende gegevens)", "en": "Unknown (data missing)"},
    "nr_kpi_balance": {"nl": "Balans totaal ({unit})", "en": "Overall balance ({unit})"},
    "nr_kpi_balance_value": {"nl": "{supply} aanbod − {need} behoefte = {balance}",
                             "en": "{supply} supply − {need} need = {balance}"},
    "nr_kpi_balance_help": {
        "nl": "Σ aanbod tegen Σ behoefte over alle gebieden met bruikbare gegevens ({n} gebieden; gebieden met "
              "waarschijnlijk ontbrekende gegevens tellen niet mee). Een positieve balans naast tekorten betekent "
              "dat het aanbod op de verkeerde plek staat, niet dat er te weinig is.",
        "en": "Σ supply against Σ need over all areas with usable data ({n} areas; areas with data probably "
              "missing are left out). A positive balance beside shortfalls means supply is in the wrong place, "
              "not that there is too little."},
    "nr_kpi_growth": {"nl": "Groei behoefte sinds {base} ({unit})", "en": "Growth of need since {base} ({unit})"},
    "nr_kpi_growth_help": {
        "nl": "Capaciteit onbekend (aanbod = huidig leerlingenaantal): geen tekort of overschot, alleen hoeveel "
              "de behoefte groeit t.o.v. het basisjaar.",
        "en": "Capacity unknown (supply = current enrolment): no shortfall or surplus, only how much need grows "
              "against the base year."},
    "nr_kpi_people_help": {
        "nl": "Inwoners van de buurten waar de dichtstbijzijnde voorziening verder weg ligt dan de norm; hetzelfde "
              "getal op buurt-, wijk- en gemeenteniveau.",
        "en": "Inhabitants of the buurten whose nearest facility is further away than the norm; the same figure "
              "at buurt, wijk and municipality level."},
    "nr_attention_proxy": {
        "nl": "Capaciteit onbekend (aanbod = huidig leerlingenaantal): er worden geen tekorten bepaald. Importeer "
              "echte capaciteit op de pagina Data.",
        "en": "Capacity unknown (supply = current enrolment): no shortfalls are determined. Import real capacity "
              "on the Data page."},
    "nr_col_fragile": {"nl": "Mogelijk tekort", "en": "Possible shortfall"},
    "nr_col_data_gap": {"nl": "Ontbrekende gegevens", "en": "Data missing"},
    "nr_col_balance": {"nl": "Balans (aanbod − behoefte)", "en": "Balance (supply − need)"},
    "nr_growth_short": {"nl": "groei behoefte {delta} ({pct})", "en": "need growth {delta} ({pct})"},
    "nr_mixed_flag": {"nl": "deels echte capaciteit", "en": "partly real capacity"},
    "nr_no_forecast": {"nl": "geen prognose geladen: bevolking gelijk aan {base}",
                       "en": "no forecast loaded: population equal to {base}"},
    "nr_chart_held": {"nl": "gelijk aan {base}, geen prognose", "en": "equal to {base}, no forecast"},
    "nr_chart_caption_held": {
        "nl": "Donker: {base} (CBS). Licht: {year}, maar er is geen prognose geladen (geen woningbouwplannen): de "
              "bevolking blijft gelijk aan {base}.",
        "en": "Dark: {base} (CBS). Light: {year}, but no forecast is loaded (no housing plans): the population "
              "stays equal to {base}."},
    "nr_inhabitants_held": {"nl": "Inwoners {year} (gelijk aan {base}: geen prognose)",
                            "en": "Inhabitants {year} (equal to {base}: no forecast)"},
    "nr_year_held": {"nl": "jaar {year}, geen prognose geladen: bevolking gelijk aan {base}",
                     "en": "year {year}, no forecast loaded: population equal to {base}"},
    "nr_year_partly": {"nl": "jaar {year}, prognose alleen voor buurten met woningbouwplannen; overige buurten "
                             "gelijk aan {base}",
                       "en": "year {year}, forecast only for buurten with housing plans; other buurten equal "
                             "to {base}"},
    "nr_col_norm_m": {"nl": "Norm: hoogstens (m)", "en": "Norm: at most (m)"},
    "nr_col_margin_m": {"nl": "Marge tot de norm (m)", "en": "Margin to the norm (m)"},
    "nr_col_enrolment": {"nl": "Aanbod = leerlingenaantal (geen capaciteit)",
                         "en": "Supply = enrolment (not capacity)"},
    "nr_col_supply_kind": {"nl": "Soort aanbod", "en": "Kind of supply"},
    "nr_col_coverage": {"nl": "Dekkingscontrole", "en": "Coverage check"},
    "nr_col_persons_beyond": {"nl": "Inwoners verder dan de norm", "en": "Inhabitants beyond the norm"},
    "nr_col_need_base": {"nl": "Behoefte basisjaar", "en": "Need in base year"},
    "nr_col_supply_small": {"nl": "Aanbod bij 0,75× afstand", "en": "Supply at 0.75× catchment"},
    "nr_col_supply_large": {"nl": "Aanbod bij 1,5× afstand", "en": "Supply at 1.5× catchment"},
    "nr_col_supply_point": {"nl": "Aanbod vanuit representatief punt", "en": "Supply from representative point"},
    "nr_kind_capacity": {"nl": "echte capaciteit", "en": "real capacity"},
    "nr_kind_proxy": {"nl": "benadering (leerlingenaantal)", "en": "proxy (enrolment)"},
    "nr_kind_count": {"nl": "aantal voorzieningen", "en": "count of facilities"},
    "nr_kpi_line_balance": {"nl": "Balans totaal", "en": "Overall balance"},
    # --- explanation (Buurtverkenner) --------------------------------------------------------------------------
    "nr_bv_distance_line": {"nl": "{reading} → {status}", "en": "{reading} → {status}"},
    "nr_bv_proxy_line": {
        "nl": "Capaciteit onbekend: aanbod = huidig leerlingenaantal ({supply} leerlingen binnen bereik, 2SFCA). "
              "Daarom geen tekort of overschot; behoefte {base} in {base_year} → {need} in {year} ({delta}, "
              "{pct}) → {status}",
        "en": "Capacity unknown: supply = current enrolment ({supply} pupils within reach, 2SFCA). So no "
              "shortfall or surplus; need {base} in {base_year} → {need} in {year} ({delta}, {pct}) → {status}"},
    "nr_bv_proxy_base": {
        "nl": "Capaciteit onbekend: aanbod = huidig leerlingenaantal ({supply} leerlingen binnen bereik, 2SFCA). "
              "Daarom geen tekort of overschot; behoefte {need} in het basisjaar {base_year} → {status}",
        "en": "Capacity unknown: supply = current enrolment ({supply} pupils within reach, 2SFCA). So no "
              "shortfall or surplus; need {need} in the base year {base_year} → {status}"},
    "nr_bv_variants": {
        "nl": "Robuustheid: aanbod bij {r_small} m: {small}, bij {r_large} m: {large}, vanuit het representatieve "
              "punt van de buurt: {point} (behoefte {need})",
        "en": "Robustness: supply at {r_small} m: {small}, at {r_large} m: {large}, from the buurt's "
              "representative point: {point} (need {need})"},
    "nr_bv_final": {"nl": "Eindstatus: {status}", "en": "Final status: {status}"},
    "nr_bv_profile": {
        "nl": "Nieuwbouw in deze buurt: {ppd} personen per woning, {rule}",
        "en": "New construction in this buurt: {ppd} persons per dwelling, {rule}"},
    "nr_profile_own": {"nl": "het eigen profiel van de buurt (≥ 1.000 woningen, binnen de grenzen)",
                       "en": "the buurt's own profile (≥ 1,000 dwellings, within the bounds)"},
    "nr_profile_few_dwellings": {
        "nl": "het gemeentelijke profiel (de buurt heeft minder dan 1.000 woningen)",
        "en": "the municipality's profile (the buurt has fewer than 1,000 dwellings)"},
    "nr_profile_persons_per_dwelling": {
        "nl": "het gemeentelijke profiel (personen per woning van de buurt wijkt meer dan 2× af)",
        "en": "the municipality's profile (the buurt's persons per dwelling differ more than 2×)"},
    "nr_profile_children": {
        "nl": "het gemeentelijke profiel (het aandeel kinderen van de buurt wijkt meer dan 2× af)",
        "en": "the municipality's profile (the buurt's share of children differs more than 2×)"},
    "nr_profile_no_data": {"nl": "het gemeentelijke profiel (geen woningen of inwoners bekend)",
                           "en": "the municipality's profile (no dwellings or inhabitants known)"},
    # --- Data page --------------------------------------------------------------------------------------------
    "nr_excluded_header": {"nl": "Uitgesloten locaties", "en": "Excluded sites"},
    "nr_excluded_intro": {
        "nl": "Deze locaties staan in de geïmporteerde bestanden maar tellen niet mee, volgens de regels in "
              "data/facility_rules.csv (aan te passen en opnieuw te importeren als 'facility_rules').",
        "en": "These sites are in the imported files but do not count, by the rules in data/facility_rules.csv "
              "(edit it and import it again as 'facility_rules')."},
    "nr_excluded_none": {"nl": "Geen locaties uitgesloten.", "en": "No sites excluded."},
    "nr_col_reason": {"nl": "Reden", "en": "Reason"},
    "nr_col_check": {"nl": "Controle", "en": "Check"},
    "nr_gaps_header": {"nl": "Waarschijnlijk ontbrekende gegevens", "en": "Data probably missing"},
    "nr_gaps_intro": {
        "nl": "Gebieden waar een dekkingscontrole zegt dat de gegevens over voorzieningen waarschijnlijk "
              "onvolledig zijn. Een tekort of krapte is daar 'onbekend' (grijs gearceerd op de kaart) en telt niet "
              "mee in tellingen, ranglijsten en opties om ruimte te delen. Zie docs/numbers.md.",
        "en": "Areas where a coverage check says the facility data is probably incomplete. A shortfall or tight "
              "status there is 'unknown' (grey, hatched on the map) and is left out of counts, rankings and "
              "sharing options. See docs/numbers.md."},
    "nr_gaps_none": {"nl": "Geen gebieden met waarschijnlijk ontbrekende gegevens.",
                     "en": "No areas with data probably missing."},
    "nr_schools_header": {"nl": "Schoollocaties zonder gymzaal binnen bereik",
                          "en": "School locations without a gym in reach"},
    "nr_col_pupils": {"nl": "Leerlingen", "en": "Pupils"},
    "nr_col_gyms": {"nl": "Gymzalen binnen bereik", "en": "Gymzalen in reach"},
    "nr_col_pe_access": {"nl": "Gymtijd beschikbaar (deel van nodig)", "en": "PE time available (share of needed)"},
    "nr_capacity_header": {"nl": "Echte capaciteit importeren", "en": "Import real capacity"},
    "nr_capacity_intro": {
        "nl": "Basisscholen tellen nu met hun leerlingenaantal (DUO) als benadering van capaciteit. Vul de "
              "capaciteit in (plaatsen, lokalen of m² met een vermelde omrekening) in het sjabloon en importeer het "
              "als 'capacity'. Scholen met echte capaciteit krijgen echte tekort/overschot-statussen waar alle "
              "scholen binnen bereik die hebben.",
        "en": "Primary schools now count with their enrolment (DUO) as a proxy for capacity. Fill in the capacity "
              "(places, classrooms or m² with a stated conversion) in the template and import it as 'capacity'. "
              "Schools with real capacity get real shortfall/surplus statuses where every school in reach has "
              "one."},
    "nr_capacity_template": {"nl": "Sjabloon capaciteit (CSV)", "en": "Capacity template (CSV)"},
    "nr_conversions": {"nl": "Omrekeningen naar de eenheid van de norm", "en": "Conversions to the norm's unit"},
    "nr_col_unit_to": {"nl": "Naar", "en": "To"},
    "nr_col_factor": {"nl": "Factor", "en": "Factor"},
    "nd_kind_capacity": {"nl": "Capaciteit (echte capaciteit per voorziening)",
                         "en": "Capacity (real capacity per facility)"},
    "nd_kind_facility_rules": {"nl": "Regels voor voorzieningen (wat telt mee)",
                               "en": "Facility rules (what counts)"},
    "nd_tbl_capacities": {"nl": "Echte capaciteit", "en": "Real capacity"},
    "nd_tbl_facility_rules": {"nl": "Regels voor voorzieningen", "en": "Facility rules"},
    "cs_kpi_enrolment": {"nl": "Aanbod = leerlingenaantal, geen capaciteit",
                         "en": "Supply = enrolment, not capacity"},
    # --- sharing ------------------------------------------------------------------------------------------------
    "nr_sharing_real_only": {
        "nl": "Alleen voorzieningen met echte capaciteit of een aantal tellen mee; basisscholen met alleen een "
              "leerlingenaantal (capaciteit onbekend) en gebieden met waarschijnlijk ontbrekende gegevens niet.",
        "en": "Only facilities with real capacity or a count take part; primary schools with only an enrolment "
              "figure (capacity unknown) and areas with data probably missing do not."},
}
