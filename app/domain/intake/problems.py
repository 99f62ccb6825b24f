"""What the import refuses or warns about, always as two strings: what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.domain.errors import DomainError

Severity = Literal["error", "warning"]


class IntakeProblem(DomainError):
    """Base of the import's exceptions: ``message`` says what is wrong, ``fix`` what to do about it."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} {self.fix}"


class ValueProblem(IntakeProblem):
    """One cell's value cannot be read (an amount, a date)."""


class TableProblem(IntakeProblem):
    """The file as a whole cannot be read: empty, not a spreadsheet, wrong separator, bad encoding."""


@dataclass(frozen=True)
class Problem:
    """A problem in one row, pointing at the cell the user sees.

    ``row`` is the 1-based spreadsheet row (the header is row 1), ``column`` the header as written in
    the file (or the column's English name when the file has no such column). Errors reject the row;
    warnings do not.
    """

    row: int
    column: str
    value: str
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
