"""Labels of the Buurtverkenner page and of lib.explorer.explain (Dutch default, English)."""


TEXTS: dict[str, dict[str, str]] = {
    "bv_intro": {"nl": "Kies een buurt of wijk in de lijst (typ om te zoeken) of klik op de kaart.",
                 "en": "Pick a buurt or wijk from the list (type to search) or click on the map."},
    "bv_area": {"nl": "Buurt of wijk", "en": "Buurt or wijk"},
    "bv_map_type": {"nl": "Verzorgingsgebied op de kaart voor", "en": "Catchment on the map for"},
    "bv_population": {"nl": "Bevolking naar leeftijd", "en": "Population by age"},
    "bv_dwellings_in": {"nl": "Woningen {year}", "en": "Dwellings {year}"},
    "bv_woonmilieu": {"nl": "Woonmilieu", "en": "Residential environment (woonmilieu)"},
    "bv_woonmilieu_derived": {"nl": "afgeleid van CBS-stedelijkheid {ste}", "en": "derived from CBS urbanity {ste}"},
    "bv_woonmilieu_unknown": {"nl": "geen CBS-stedelijkheid bekend", "en": "no CBS urbanity known"},
    "bv_woonmilieu_override": {"nl": "handmatig ingesteld (pagina Normen)", "en": "set by hand (Norms page)"},
    "bv_carried": {"nl": "doorgetrokken van {year}", "en": "carried forward from {year}"},
    "bv_plans_added": {"nl": "+ {n} uit woningbouwplannen", "en": "+ {n} from housing plans"},
    "bv_chart_caption": {
        "nl": "Donker: {base} (CBS). Licht met gestreepte rand: prognose {year}. De prognose telt alleen de "
              "woningbouwplannen mee (met de bewoners per woning en leeftijdsopbouw van de buurt); zonder plannen "
              "blijft de bevolking gelijk aan {base}.",
        "en": "Dark: {base} (CBS). Light with a dashed outline: forecast {year}. The forecast only adds housing plans "
              "(with the buurt's persons per dwelling and age mix); without plans the population stays as in "
              "{base}."},
    "bv_chart_caption_base": {
        "nl": "CBS {base}. Kies een later jaar om de prognose ernaast te zien (die telt alleen woningbouwplannen mee).",
        "en": "CBS {base}. Pick a later year to see the forecast next to it (it only adds housing plans)."},
    "bv_chart_age": {"nl": "Leeftijd (CBS-groepen)", "en": "Age (CBS bands)"},
    "bv_chart_forecast": {"nl": "prognose", "en": "forecast"},
    "bv_map": {"nl": "Kaart: het gebied en de voorzieningen in en rond het gebied",
               "en": "Map: the area and the facilities in and near it"},
    "bv_map_caption": {
        "nl": "Cirkel: verzorgingsafstand van {type} ({radius} m, hemelsbreed vanaf het middelpunt van elke buurt). "
              "Voorzieningen tot {near} m van het gebied. Klik op een andere buurt om die te kiezen.",
        "en": "Circle: catchment of {type} ({radius} m, straight line from each buurt centroid). Facilities up to "
              "{near} m from the area. Click another buurt to select it."},
    "bv_map_caption_nocircle": {
        "nl": "{type} wordt per {level} beoordeeld (geen verzorgingsafstand). Voorzieningen tot {near} m van het "
              "gebied. Klik op een andere buurt om die te kiezen.",
        "en": "{type} is assessed per {level} (no catchment distance). Facilities up to {near} m from the area. "
              "Click another buurt to select it."},
    "bv_legend": {"nl": "Kaart", "en": "Map"},
    "bv_legend_area": {"nl": "gekozen gebied", "en": "selected area"},
    "bv_legend_other": {"nl": "andere gebieden (klik)", "en": "other areas (click)"},
    "bv_legend_type": {"nl": "{type} (telt mee)", "en": "{type} (counted)"},
    "bv_legend_type_out": {"nl": "{type} (buiten bereik)", "en": "{type} (out of reach)"},
    "bv_legend_others": {"nl": "andere voorzieningen", "en": "other facilities"},
    "bv_legend_circle": {"nl": "verzorgingsafstand", "en": "catchment"},
    "bv_layer_areas": {"nl": "Gebieden", "en": "Areas"},
    "bv_layer_circles": {"nl": "Verzorgingsgebied per voorziening", "en": "Catchment per facility"},
    "bv_contribution": {"nl": "bijdrage aan dit gebied", "en": "contribution to this area"},
    "bv_per_type": {"nl": "Behoefte, aanbod en saldo per voorziening",
                    "en": "Need, supply and gap per facility type"},
    "bv_explain": {"nl": "Uitleg: {type} — {status}", "en": "Explanation: {type} — {status}"},
    "bv_assessed_area": {"nl": "Beoordeeld gebied", "en": "Assessed area"},
    "bv_download": {"nl": "Tabellen van dit gebied", "en": "Tables of this area"},
    "bv_download_csv": {"nl": "Download saldo per voorziening (CSV)", "en": "Download gaps per facility type (CSV)"},
    "bv_download_xlsx": {"nl": "Download alle tabellen en uitleg (Excel)",
                         "en": "Download all tables and explanations (Excel)"},
    "bv_unknown_area": {"nl": "Gebied '{code}' bestaat niet in de data; het eerste gebied is gekozen.",
                        "en": "Area '{code}' is not in the data; the first area is shown."},
    "bv_no_areas": {"nl": "Er zijn nog geen gebieden geladen (zie Data).", "en": "No areas loaded yet (see Data)."},
    # explain lines
    "bv_need_line": {"nl": "Behoefte = {amount} {unit_one} × {value} {basis} / {per} = {need} {unit}",
                     "en": "Need = {amount} {unit_one} × {value} {basis} / {per} = {need} {unit}"},
    "bv_need_sum": {"nl": "Behoefte = som over {n} buurten (verschillende normen per woonmilieu) = {need} {unit}",
                    "en": "Need = sum over {n} buurten (different norms per woonmilieu) = {need} {unit}"},
    "bv_no_norm_rows": {"nl": "Geen norm voor dit gebied.", "en": "No norm for this area."},
    "bv_years": {"nl": "jaar", "en": "years"},
    "bv_estimate_word": {"nl": "schatting (evenredig verdeeld over de leeftijdsjaren van de CBS-groep)",
                         "en": "estimate (apportioned evenly over the years of the CBS band)"},
    "bv_forecast_source": {"nl": "prognose {year}: {base} + woningbouwplannen",
                           "en": "forecast {year}: {base} + housing plans"},
    "bv_supply_catchment": {
        "nl": "Aanbod (2SFCA) = Σ behoefte × R_j over de {n} voorzieningen binnen {radius} m = {supply} {unit}",
        "en": "Supply (2SFCA) = Σ need × R_j over the {n} facilities within {radius} m = {supply} {unit}"},
    "bv_ratio_rule": {
        "nl": "R_j = S_j / Σ behoefte_k: de capaciteit van voorziening j gedeeld door de behoefte van alle buurten k "
              "die j binnen hun verzorgingsafstand hebben. Bijdrage = behoefte hier × R_j (tabel hieronder).",
        "en": "R_j = S_j / Σ need_k: the capacity of facility j divided by the need of every buurt k that has j "
              "within its catchment. Contribution = need here × R_j (table below)."},
    "bv_supply_service": {"nl": "Aanbod = som van S_j van de {n} voorzieningen in het gebied = {supply} {unit}",
                          "en": "Supply = sum of S_j of the {n} facilities inside the area = {supply} {unit}"},
    "bv_assessed_at": {
        "nl": "Deze norm wordt per {level} beoordeeld: {name} ({code}). Behoefte van alle buurten daarin opgeteld; "
              "aanbod = de voorzieningen die erin liggen.",
        "en": "This norm is assessed per {level}: {name} ({code}). Need summed over its buurten; supply = the "
              "facilities located inside it."},
    "bv_level_buurt": {"nl": "buurt", "en": "buurt"},
    "bv_level_wijk": {"nl": "wijk", "en": "wijk"},
    "bv_level_gemeente": {"nl": "gemeente", "en": "municipality"},
    "bv_capacity_note": {"nl": "Capaciteit S_j: {note}", "en": "Capacity S_j: {note}"},
    "bv_gap_line": {"nl": "Saldo = aanbod − behoefte = {supply} − {need} = {gap} {unit} → {status}",
                    "en": "Gap = supply − need = {supply} − {need} = {gap} {unit} → {status}"},
    "bv_raw_status": {"nl": "op deze getallen alleen: {status}; zie de eindstatus",
                      "en": "on these figures alone: {status}; see the final status"},
    "bv_gap_line_distance": {
        "nl": "Saldo = maximale afstand − afstand = {need} − {supply} = {gap} m → {status}",
        "en": "Gap = maximum distance − distance = {need} − {supply} = {gap} m → {status}"},
    "bv_distance_point": {
        "nl": "Afstand = {d} m tot {name} (dichtstbijzijnde, hemelsbreed vanaf het buurtmiddelpunt)",
        "en": "Distance = {d} m to {name} (nearest, straight line from the buurt centroid)"},
    "bv_distance_cbs": {
        "nl": "Afstand = {d} m volgens {source} (gemiddelde afstand over de weg; CBS nabijheid is volledig en "
              "daarom de standaardbron waar die bestaat, de geladen locaties zijn dat niet)",
        "en": "Distance = {d} m according to {source} (average road distance; CBS nabijheid is complete and so "
              "the default source where it exists, the loaded locations are not)"},
    "bv_distance_none": {"nl": "Geen afstand bekend.", "en": "No distance known."},
    "bv_distance_worst": {"nl": "De wijk telt de verst verwijderde buurt: {name} ({code}).",
                          "en": "The wijk reports its furthest buurt: {name} ({code})."},
    "bv_norm_source": {"nl": "Norm: {source}", "en": "Norm: {source}"},
    "bv_source_point": {"nl": "locatie (hemelsbreed)", "en": "location (straight line)"},
    "bv_table_contributions": {"nl": "Bijdragen per voorziening (2SFCA)", "en": "Contributions per facility (2SFCA)"},
    "bv_table_facilities": {"nl": "Voorzieningen in het gebied", "en": "Facilities inside the area"},
    "bv_table_nearest": {"nl": "Afstand per buurt", "en": "Distance per buurt"},
    # units and bases
    "bv_basis_children": {"nl": "kinderen {lo}-{hi} jaar", "en": "children aged {lo}-{hi}"},
    "bv_basis_age": {"nl": "personen {lo}-{hi} jaar", "en": "persons aged {lo}-{hi}"},
    "bv_basis_age_open": {"nl": "personen van {lo} jaar en ouder", "en": "persons aged {lo} and over"},
    # detail table columns
    "bv_col_id": {"nl": "id", "en": "id"},
    "bv_col_capacity": {"nl": "Capaciteit S_j", "en": "Capacity S_j"},
    "bv_col_counts": {"nl": "Telt mee", "en": "Counted"},
    "bv_col_counted": {"nl": "Meegeteld", "en": "Counted"},
    "bv_col_band": {"nl": "Leeftijd", "en": "Age"},
    "bv_col_demand": {"nl": "Σ behoefte in verzorgingsgebied", "en": "Σ need in catchment"},
    "bv_col_areas_reached": {"nl": "Buurten in verzorgingsgebied", "en": "Buurten in catchment"},
    "bv_col_ratio": {"nl": "R_j", "en": "R_j"},
    "bv_col_need_here": {"nl": "Behoefte hier", "en": "Need here"},
    "bv_col_contribution": {"nl": "Bijdrage", "en": "Contribution"},
    "bv_col_capacity_note": {"nl": "Herkomst capaciteit", "en": "Capacity source"},
    "bv_col_woonmilieu": {"nl": "Woonmilieu (norm)", "en": "Woonmilieu (norm)"},
    "bv_col_max_distance_m": {"nl": "Max. afstand (m)", "en": "Max. distance (m)"},
    "bv_col_facility": {"nl": "Dichtstbijzijnde", "en": "Nearest"},
    "bv_col_source": {"nl": "Bron afstand", "en": "Distance source"},
    "bv_col_age_min": {"nl": "Leeftijd vanaf", "en": "Age from"},
    "bv_col_age_max": {"nl": "Leeftijd tot en met", "en": "Age up to"},
    "bv_col_years_in": {"nl": "Leeftijdsjaren in bereik", "en": "Years of age in range"},
    "bv_col_band_years": {"nl": "Leeftijdsjaren in groep", "en": "Years of age in band"},
    "bv_col_share": {"nl": "Aandeel", "en": "Share"},
    "bv_col_carried": {"nl": "Doorgetrokken", "en": "Carried forward"},
    "bv_col_counted_year": {"nl": "Laatste CBS-jaar", "en": "Latest CBS year"},
    "bv_col_plan_dwellings": {"nl": "Woningen uit plannen", "en": "Dwellings from plans"},
    "bv_col_line": {"nl": "Berekening", "en": "Computation"},
    # export
    "bv_sheet_gaps": {"nl": "saldo", "en": "gaps"},
    "bv_sheet_explain": {"nl": "uitleg", "en": "explanation"},
    "bv_sheet_details": {"nl": "details", "en": "details"},
    "bv_sheet_population": {"nl": "bevolking", "en": "population"},
    "bv_sheet_notes": {"nl": "toelichting", "en": "notes"},
    "bv_export_estimate": {
        "nl": "Schatting: leeftijden die CBS niet publiceert (4-11, 6-11) zijn evenredig verdeeld uit de groep "
              "0-14 jaar (kolom estimate). Basisschoolcapaciteit = DUO-leerlingaantal 2023-24 (benadering).",
        "en": "Estimate: ages CBS does not publish (4-11, 6-11) are apportioned evenly from the 0-14 band "
              "(column estimate). Primary-school capacity = DUO enrolment 2023-24 (a proxy)."},
}
