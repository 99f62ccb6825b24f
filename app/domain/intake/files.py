"""Opening a spreadsheet and streaming its rows as RowResults (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import BinaryIO

from app.domain.intake.columns import ColumnMap, map_headers
from app.domain.intake.problems import Problem, TableProblem
from app.domain.intake.reader import Table, open_table
from app.domain.intake.rows import (
    Defaults,
    ParsedClaim,
    RejectedRow,
    RowResult,
    parse_row,
)


class ColumnProblem(TableProblem):
    """Required columns are missing, or two headers claim one column; ``problems`` lists each."""

    def __init__(self, column_map: ColumnMap):
        first = column_map.problems[0]
        more = len(column_map.problems) - 1
        super().__init__(first.message + (f" (and {more} more column problems)" if more else ""), first.fix)
        self.column_map = column_map
        self.problems = column_map.problems


class ParsedFile(Iterator[RowResult]):
    """The rows of one file as RowResults, streamed once; ``notes`` say how the file was read."""

    def __init__(self, table: Table, column_map: ColumnMap, defaults: Defaults):
        self.table = table
        self.column_map = column_map
        self.notes = [*table.notes]
        if column_map.unknown:
            self.notes.append("Columns not used: " + ", ".join(f"'{h}'" for h in column_map.unknown) + ".")
        self._results = self._parse(defaults)

    def __next__(self) -> RowResult:
        return next(self._results)

    def close(self) -> None:
        self._results.close()
        self.table.close()

    def _parse(self, defaults: Defaults) -> Iterator[RowResult]:
        seen: dict[str, int] = {}  # invoice number -> first row: an invoice is imported once
        try:
            for number, cells in self.table.rows():
                result = parse_row(number, cells, self.column_map, defaults)
                if isinstance(result, ParsedClaim):
                    first = seen.setdefault(result.claim.invoice_number, number)
                    if first != number:
                        result = _duplicate(result, first, self.column_map)
                yield result
        finally:
            self.table.close()


def _duplicate(result: ParsedClaim, first: int, column_map: ColumnMap) -> RejectedRow:
    problem = Problem(
        result.row_number,
        column_map.header("invoice_number"),
        result.claim.invoice_number,
        f"Invoice {result.claim.invoice_number} is already in row {first}.",
        "Keep one row per invoice; for a partial payment fill in the paid amount instead.",
    )
    return RejectedRow(result.row_number, (*result.warnings, problem))


def parse_file(
    stream: BinaryIO, filename: str, defaults: Defaults, user_mapping: Mapping[str, str] | None = None
) -> ParsedFile:
    """Open, recognise the columns and return the row results as a stream (see the module docstring)."""
    table = open_table(stream, filename, country=defaults.country)
    column_map = map_headers(table.headers, user_mapping, header_row=table.header_row)
    if not column_map.ok:
        table.close()
        raise ColumnProblem(column_map)
    return ParsedFile(table, column_map, defaults)
