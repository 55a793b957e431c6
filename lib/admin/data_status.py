"""What is loaded, from where, under which licence, what its quality notes say, and uploads (the Data page).

Uploads go through the CLI's importers (``lib.ingest.importing``): the whole file is validated, then written in
one transaction; on any problem nothing is written and every problem is returned as file:row:column.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from lib.core import coverage, db, hierarchy, sources
from lib.core.inputs import Inputs
from lib.ingest import capacity, importing
from lib.ingest.problems import ImportFailed, Problem
from lib.text.i18n import facility_label, kind_label, t
from lib.ui import readings
from lib.ui.formatting import amount, data_text, norm_status, number, unit_label, when

#: Tables with a year column, for "years present".
YEAR_TABLES = ("population", "dwellings", "area_distances", "plans")
#: Quality topics in display order (others follow under their own name).
TOPICS = ("illustrative", "suppressed", "outside", "duplicates", "proxy", "coverage", "capacity", "geometry",
          "skipped", "aggregated", "rounding")
#: Upload stages reported to the progress callback, with the fraction done when each starts.
STAGES = {"saving": 0.05, "validating": 0.15, "writing": 0.70, "done": 1.0, "failed": 1.0}
STAGE_KEYS = {"saving": "nd_stage_saving", "validating": "nd_stage_validating", "writing": "nd_stage_writing",
              "done": "nd_stage_done", "failed": "nd_stage_failed"}
#: What may be uploaded (lib.ingest.importing.KINDS) → label keys for the chooser.
UPLOAD_KIND_KEYS = {"areas": "nd_kind_areas", "population": "nd_kind_population", "dwellings": "nd_kind_dwellings",
                    "facilities": "nd_kind_facilities", "plans": "nd_kind_plans", "norms": "nd_kind_norms",
                    "kwb": "nd_kind_kwb", "nabijheid": "nd_kind_nabijheid"}
#: Data tables (lib.core.db.KEYS) → label keys.
TABLE_KEYS = {"areas": "nd_tbl_areas", "population": "nd_tbl_population", "dwellings": "dwellings",
              "facilities": "facilities", "plans": "nd_tbl_plans", "norms": "page_norms",
              "area_distances": "nd_tbl_area_distances", "occupancy": "nd_tbl_occupancy"}
#: Data-quality topics → (title key, explanation key).
TOPIC_KEYS = {"suppressed": ("nd_q_suppressed", "nd_q_suppressed_help"),
              "outside": ("nd_q_outside", "nd_q_outside_help"),
              "duplicates": ("nd_q_duplicates", "nd_q_duplicates_help"), "proxy": ("nd_q_proxy", "nd_q_proxy_help"),
              "coverage": ("nd_q_coverage", "nd_q_coverage_help"), "capacity": ("nd_q_capacity", "nd_q_capacity_help"),
              "geometry": ("nd_q_geometry", "nd_q_geometry_help"), "skipped": ("nd_q_skipped", "nd_q_skipped_help"),
              "aggregated": ("nd_q_aggregated", "nd_q_aggregated_help"),
              "rounding": ("nd_q_rounding", "nd_q_rounding_help")}


def stage_label(stage: str, lang: str = "nl") -> str:
    return t(STAGE_KEYS[stage], lang) if stage in STAGE_KEYS else stage


def upload_kind_label(kind: str, lang: str = "nl") -> str:
    return t(UPLOAD_KIND_KEYS[kind], lang) if kind in UPLOAD_KIND_KEYS else kind


def table_label(name: str, lang: str = "nl") -> str:
    return t(TABLE_KEYS[name], lang) if name in TABLE_KEYS else name


def loaded_tables(con, lang: str = "nl") -> pd.DataFrame:
    """One row per data table: label, number of rows and the years present (e.g. '2023, 2024')."""
    counts = db.table_counts(con)
    rows = []
    for name, n in counts.items():
        years = ""
        if name in YEAR_TABLES and n:
            years = ", ".join(str(int(y)) for y in sorted(db.table(con, name)["year"].dropna().unique()))
        rows.append({t("nd_table", lang): table_label(name, lang), t("nd_rows", lang): number(n, lang),
                     t("nd_years", lang): years})
    return pd.DataFrame(rows)


def municipalities(con, lang: str = "nl") -> pd.DataFrame:
    """The loaded municipalities with their number of wijken and buurten (parents follow CBS codes)."""
    areas = db.table(con, "areas")[["code", "name", "level", "parent_code"]]
    gm = areas[areas["level"] == "gemeente"]
    wijken = areas[areas["level"] == "wijk"]
    buurten = areas[areas["level"] == "buurt"]
    buurt_gm = buurten["parent_code"].map(wijken.set_index("code")["parent_code"])
    return pd.DataFrame({
        "code": gm["code"], t("nd_municipalities", lang): gm["name"],
        t("wijken", lang): gm["code"].map(wijken["parent_code"].value_counts()).fillna(0).astype(int),
        t("buurten", lang): gm["code"].map(buurt_gm.value_counts()).fillna(0).astype(int),
    }).reset_index(drop=True)


def facilities_by_type(con, lang: str = "nl") -> pd.DataFrame:
    """Facility points per type with their summed capacity, its unit and what the capacity is (e.g. a proxy)."""
    fac = db.table(con, "facilities")
    def distinct(s: pd.Series) -> str:
        return "; ".join(sorted(map(str, s.dropna().unique())))

    out = fac.groupby("type", dropna=False).agg(n=("id", "size"), capacity=("capacity", "sum"),
                                                unit=("unit", distinct), note=("capacity_note", distinct))
    out = out.reset_index()
    one_unit = out["unit"].where(~out["unit"].str.contains(";"), None)
    out["capacity"] = [amount(c, u, lang) for c, u in zip(out["capacity"], one_unit, strict=True)]
    out["unit"] = out["unit"].map(lambda us: "; ".join(unit_label(u, lang) for u in us.split("; ")) if us else "–")
    out["note"] = out["note"].map(lambda ns: "; ".join(data_text(n, lang) for n in ns.split("; ")) if ns else "")
    out["type"] = out["type"].map(lambda x: facility_label(x, lang))
    out["n"] = out["n"].map(lambda n: number(n, lang))
    return out.rename(columns={
        "type": t("facility_type", lang), "n": t("nd_locations", lang), "capacity": t("nd_capacity", lang),
        "unit": t("unit", lang), "note": t("nd_capacity_note", lang)})


def base_year(con) -> str:
    return db.get_setting(con, "base_year", "") or ""


def provenance_table(con, lang: str = "nl") -> pd.DataFrame:
    """Files loaded, newest last, with licence; an unknown licence is flagged 'demo use only'."""
    p = sources.provenance(con).copy()
    unknown = p["licence"].fillna("").str.upper().str.startswith("UNKNOWN")
    empty = p["licence"].fillna("") == ""
    p["licence"] = [t("nd_licence_none", lang) if e else data_text(x, lang) for x, e in zip(p["licence"], empty,
                                                                                           strict=True)]
    p.loc[unknown, "licence"] = t("nd_licence_unknown", lang) + " " + p.loc[unknown, "licence"]
    p["sha256"] = p["sha256"].fillna("").str[:12]
    p["summary"] = p["summary"].map(lambda x: data_text(x, lang))
    p["file"] = p["file"].map(lambda x: data_text(x, lang))
    p["kind"] = p["kind"].map(lambda k: kind_label(k, lang))
    p["imported_at"] = p["imported_at"].map(lambda x: when(x, lang))
    p["rows"] = p["rows"].map(lambda n: number(n, lang))
    return p.rename(columns={"imported_at": t("nd_prov_imported_at", lang), "kind": t("kind", lang),
                             "file": t("nd_file", lang), "format": t("nd_prov_format", lang),
                             "rows": t("nd_rows", lang), "licence": t("nd_prov_licence", lang),
                             "summary": t("summary", lang), "sha256": t("nd_prov_sha256", lang)})


def has_unknown_licence(con) -> bool:
    return bool(sources.provenance(con)["licence"].fillna("").str.upper().str.startswith("UNKNOWN").any())


@dataclass
class QualityGroup:
    """Data-quality notes of one topic: a readable title, what it means, the notes (file, message, count)."""

    topic: str
    title: str
    explanation: str
    notes: pd.DataFrame
    total: int


def quality_groups(con, lang: str = "nl") -> list[QualityGroup]:
    """The ``quality`` table grouped by topic in a fixed, readable order."""
    q = sources.quality(con)
    order = list(TOPICS) + sorted(set(q["topic"].dropna()) - set(TOPICS))
    groups = []
    for topic in order:
        part = q[q["topic"] == topic]
        if part.empty:
            continue
        known = topic in TOPIC_KEYS
        title = t(TOPIC_KEYS[topic][0], lang) if known else f"{t('nd_q_other', lang)}: {topic}"
        expl = t(TOPIC_KEYS[topic][1], lang) if known else ""
        notes = part[["kind", "file", "message", "count"]].assign(
            kind=part["kind"].map(lambda k: kind_label(k, lang)), message=part["message"].map(
                lambda m: data_text(m, lang)), count=part["count"].map(lambda n: number(n, lang)))
        notes = notes.rename(columns={
            "kind": t("kind", lang), "file": t("nd_file", lang), "message": t("nd_message", lang),
            "count": t("nd_count", lang)}).reset_index(drop=True)
        groups.append(QualityGroup(topic, title, expl, notes, int(part["count"].fillna(0).sum())))
    return groups


# --- uploads ------------------------------------------------------------------------------------------------------

@dataclass
class UploadResult:
    """Outcome of an upload: ok with the importer's summary, or the problems (nothing written)."""

    ok: bool
    kind: str
    summary: str = ""
    problems: list[Problem] = field(default_factory=list)

    def problems_frame(self, lang: str = "nl") -> pd.DataFrame:
        """File, row, column, message — one row per problem (row/column empty when not about one cell)."""
        out = pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column or "", "message": p.message}
                            for p in self.problems], columns=["file", "row", "column", "message"])
        return out.astype({"row": "Int64"}).rename(columns={
            "file": t("nd_file", lang), "row": t("nd_row", lang), "column": t("nd_column", lang),
            "message": t("nd_message", lang)})

    def problems_text(self) -> str:
        """The problems exactly as the CLI prints them: ``file:row:column: message``, one a line."""
        return "\n".join(str(p) for p in self.problems)


def safe_filename(name: str) -> str:
    """The base name of an uploaded file with only safe characters (its suffix tells the importer the format)."""
    base = Path(str(name).replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._\- ]", "_", base).strip(" .")
    return base or "upload"


def import_upload(con, kind: str, filename: str, data: bytes, year: int | None = None,
                  progress: Callable[[str, float], None] | None = None) -> UploadResult:
    """Import an uploaded file through the CLI's importer for ``kind`` (see ``importing.KINDS``).

    The bytes are saved under their own (sanitised) name in a private temporary folder, because importers
    read the name (format, year of a CBS file, provenance). ``progress(stage, fraction)`` is called at each
    stage (``STAGES``). On success the data version is bumped so every page recomputes.
    """
    def report(stage: str) -> None:
        if progress:
            progress(stage, STAGES[stage])

    name = safe_filename(filename)
    report("saving")
    with tempfile.TemporaryDirectory(prefix="vzw-upload-") as tmp:
        path = Path(tmp) / name
        try:
            path.write_bytes(data)
        except OSError as exc:  # e.g. the temporary folder's disk is full; the database was not touched
            report("failed")
            message = db.DiskFull.MESSAGE if db.is_disk_full(exc) else f"could not store the upload: {exc}"
            return UploadResult(False, kind, problems=[Problem(name, None, None, message)])
        report("validating")
        try:
            parsed = importing.parse(con, kind, path, year)
        except ImportFailed as exc:
            report("failed")
            return UploadResult(False, kind, problems=exc.problems)
        except Exception as exc:  # noqa: BLE001 - a reader's unexpected error is a problem with this file
            report("failed")
            return UploadResult(False, kind, problems=[Problem(name, None, None, f"could not read the file: {exc}")])
        report("writing")
        try:
            importing.write(con, parsed, path)
        except db.DiskFull as exc:  # rolled back: nothing changed
            report("failed")
            return UploadResult(False, parsed.kind, problems=[Problem(name, None, None, str(exc))])
        except duckdb.Error as exc:  # the transaction was rolled back: nothing changed
            report("failed")
            return UploadResult(False, parsed.kind, problems=[Problem(name, None, None,
                                                                      f"writing failed, nothing changed: {exc}")])
    report("done")
    return UploadResult(True, parsed.kind, summary=parsed.summary)


# --- issue 11: what counts, where data is probably missing, real capacity ---------------------------------------

def excluded_sites(inp: Inputs, lang: str = "nl") -> pd.DataFrame:
    """The sites a facility rule (data/facility_rules.csv) leaves out, with the reason and its source."""
    ex = inp.excluded
    return pd.DataFrame({
        t("col_name", lang): ex["name"],
        t("facility_type", lang): ex["type"].map(lambda f: facility_label(str(f), lang)), "id": ex["id"],
        t("nr_col_reason", lang): ex["reason"].map(lambda x: data_text(x, lang)),
        t("sh_col_source", lang): ex["source"].map(lambda x: data_text(x, lang))}).reset_index(drop=True)


def data_gaps(inp: Inputs, table: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Per facility type and wijk: the buurten whose status is 'data probably missing' in the base year, and which
    coverage check (lib.core.coverage) flags them. ``table``: the gap table (buurt rows of the base year)."""
    rows = table[(table["year"] == inp.base_year) & (table["level"] == "buurt")
                 & (table["status"].astype(str) == "data_gap")]
    if rows.empty:
        return pd.DataFrame(columns=[t("facility_type", lang), t("wijk", lang), t("buurten", lang),
                                     t("nr_col_check", lang)])
    wijk = hierarchy.ancestors(inp.areas, rows["area_code"].astype(str), "wijk")
    names = inp.areas.set_index("code")["name"]
    g = rows.assign(wijk=wijk.to_numpy()).groupby(["facility_type", "wijk"], observed=True)
    out = g.agg(n=("area_code", "size"), buurten=("area_name", lambda s: ", ".join(sorted(map(str, s)))),
                check=("coverage", lambda s: "+".join(sorted({c for v in s for c in str(v).split("+") if c}))))
    out = out.reset_index()
    return pd.DataFrame({
        t("facility_type", lang): out["facility_type"].map(lambda f: facility_label(str(f), lang)),
        t("wijk", lang): out["wijk"].map(names).fillna(out["wijk"]),
        t("buurten", lang): out["n"].astype(str) + ": " + out["buurten"],
        t("nr_col_check", lang): out["check"].map(lambda c: readings.check_label(c, lang))})


def schools_without_gym(inp: Inputs, lang: str = "nl") -> pd.DataFrame:
    """School locations whose compulsory PE cannot fit in the listed gymzalen within the gym catchment (the
    'pe_school' coverage check, on the base data)."""
    ref = inp.reference
    radius = ref.norms.loc[ref.norms["facility_type"] == coverage.PE_TYPE, "catchment_m"].dropna()
    if radius.empty:
        return pd.DataFrame()
    s = coverage.pe_schools(ref.facilities, float(radius.max()))
    s = s[s["implausible"]].sort_values(["pe_access", "name"])
    names = inp.areas.set_index("code")["name"]
    return pd.DataFrame({t("col_name", lang): s["name"], t("area", lang): s["area_code"].map(names),
                         t("nr_col_pupils", lang): [amount(v, "pupils", lang) for v in s["pupils"]],
                         t("nr_col_gyms", lang): [amount(v, "facilities", lang) for v in s["gyms_in_reach"]],
                         t("nr_col_pe_access", lang): [number(v, lang, 2) for v in s["pe_access"]]}
                        ).reset_index(drop=True)


def capacity_template(inp: Inputs) -> str:
    """The CSV to fill in for ``python -m lib import capacity`` (lib.ingest.capacity.template_csv)."""
    return capacity.template_csv(inp.facilities)


def _factor(v: float, lang: str) -> str:
    """A conversion factor: whole, one decimal (23,1) or four (0,1429; 1/252 = 0,0040)."""
    v = float(v)
    return number(v, lang, 0 if v.is_integer() else (1 if abs(v * 10 - round(v * 10)) < 1e-9 else 4))


def conversions_table(lang: str = "nl") -> pd.DataFrame:
    """The accepted capacity units per facility type with their conversion and its source."""
    c = capacity.conversions()
    return pd.DataFrame({t("facility_type", lang): c["facility_type"].map(lambda f: facility_label(str(f), lang)),
                         t("unit", lang): c["unit"].map(lambda u: unit_label(u, lang)),
                         t("nr_col_unit_to", lang): c["to_unit"].map(lambda u: unit_label(u, lang)),
                         t("nr_col_factor", lang): [_factor(v, lang) for v in c["factor"]],
                         t("status", lang): c["status"].map(lambda x: norm_status(x, lang)),
                         t("sh_col_source", lang): c["source"].map(lambda x: data_text(x, lang))})
