"""A summary of a parsed file for the preview step: counts, totals and the first problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.intake.problems import Problem
from app.domain.intake.rows import ParsedClaim, RejectedRow, RowResult


@dataclass
class Preview:
    """Fed one RowResult at a time (``add``), so it can run alongside storing the rows."""

    limit: int = 50
    sample_size: int = 5
    valid_rows: int = 0
    error_rows: int = 0
    warnings: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first ``limit``, in row order
    problems_left_out: int = 0
    sample: list[ParsedClaim] = field(default_factory=list)  # the first valid rows, to show
    outstanding: dict[str, Decimal] = field(default_factory=dict)  # currency -> sum of valid rows
    notes: list[str] = field(default_factory=list)  # how the file was read

    @property
    def rows(self) -> int:
        return self.valid_rows + self.error_rows

    @property
    def can_import(self) -> bool:
        return self.valid_rows > 0

    def add(self, result: RowResult) -> None:
        if isinstance(result, RejectedRow):
            self.error_rows += 1
            found = result.problems
        else:
            self.valid_rows += 1
            found = result.warnings
            claim = result.claim
            self.outstanding[claim.currency] = (
                self.outstanding.get(claim.currency, Decimal("0")) + claim.outstanding
            )
            if len(self.sample) < self.sample_size:
                self.sample.append(result)
        self.warnings += sum(1 for p in found if not p.is_error)
        room = max(0, self.limit - len(self.problems))
        self.problems.extend(found[:room])
        self.problems_left_out += max(0, len(found) - room)


def build_preview(results: Iterable[RowResult], limit: int = 50, notes: Iterable[str] = ()) -> Preview:
    """Run through ``results`` (e.g. parse_file(...)) and summarise them."""
    preview = Preview(limit=limit, notes=list(notes))
    for result in results:
        preview.add(result)
    if not preview.notes:
        preview.notes = list(getattr(results, "notes", []))
    return preview
