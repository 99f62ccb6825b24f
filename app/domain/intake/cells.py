"""One row's cells, read by column key, and the problems found in them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from app.domain.intake.columns import ColumnMap
from app.domain.intake.problems import Problem, Severity, ValueProblem


def shown(value: object) -> str:
    """A cell as text: dates as 2026-01-31, whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class RowCells:
    """One row's cells read by column key, collecting the row's problems."""

    def __init__(self, number: int, cells: Sequence[object], columns: ColumnMap):
        self.number = number
        self.cells = cells
        self.columns = columns
        self.problems: list[Problem] = []

    def raw(self, key: str) -> object:
        return self.columns.value(self.cells, key)

    def text(self, key: str) -> str:
        value = self.raw(key)
        return value.strip() if isinstance(value, str) else shown(value)

    def add(self, key: str, message: str, fix: str, severity: Severity = "error") -> None:
        """A problem with the cell of column ``key`` (its header and value are filled in)."""
        written = shown(self.raw(key))
        self.problems.append(Problem(self.number, self.columns.header(key), written, message, fix, severity))

    def value_problem(self, key: str, problem: ValueProblem) -> None:
        self.add(key, problem.message, problem.fix)

    def has_error(self, *keys: str) -> bool:
        headers = {self.columns.header(key) for key in keys}
        return any(p.is_error and p.column in headers for p in self.problems)
