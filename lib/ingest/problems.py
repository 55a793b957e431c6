"""Validation problems reported as ``file:row:column: message``.

Row numbers are 1-based data rows as a person sees them in a spreadsheet: for a CSV with a header,
the first data line is row 2. For GeoJSON/GeoPackage the row is the 1-based feature number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        return f"{self.file}:{row}:{col}: {self.message}"


class ImportFailed(Exception):
    """Raised when an input fails validation; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems for one file and raises them all at once."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.items.append(Problem(self.file, row, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items)
