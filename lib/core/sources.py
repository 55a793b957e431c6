"""Provenance, data-quality notes and the attribution text (data/SOURCES.md) for display and export."""

from __future__ import annotations

import pandas as pd

from lib.core import db

SOURCES_MD = db.ROOT / "data" / "SOURCES.md"


def provenance(con) -> pd.DataFrame:
    p = db.table(con, "provenance")
    return p[["imported_at", "kind", "file", "format", "rows", "licence", "summary", "sha256"]].sort_values(
        "imported_at")


def quality(con) -> pd.DataFrame:
    return db.table(con, "quality")[["kind", "file", "topic", "message", "count"]]


def sources_markdown() -> str:
    return SOURCES_MD.read_text(encoding="utf-8")
