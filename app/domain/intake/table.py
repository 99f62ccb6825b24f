"""A table being read: its header and a one-pass stream of its rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Literal

Row = tuple[int, list[object]]  # (the 1-based row number the user sees, the cells)


def blank(cells: Sequence[object]) -> bool:
    """True when no cell holds anything but spaces."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def trimmed(cells: Sequence[object]) -> list[object]:
    """The cells with None as "" and without the empty cells at the end of the row."""
    values = ["" if cell is None else cell for cell in cells]
    while values and isinstance(values[-1], str) and not values[-1].strip():
        values.pop()
    return values


class Table:
    """An opened spreadsheet: ``headers``, and ``rows()`` yielding (row number, cells) once.

    CSV cells are strings; XLSX cells are what Excel stored (str, int, float, datetime, bool).
    ``notes`` tell the user how the file was read (encoding, separator, sheet). Close the table (or use
    it as a context manager) when done; the caller's stream itself is left open.
    """

    def __init__(
        self,
        kind: Literal["csv", "xlsx"],
        headers: list[object],
        header_row: int,
        rows: Iterator[Row],
        close: Callable[[], None],
        encoding: str | None = None,
        delimiter: str | None = None,
        notes: list[str] | None = None,
    ):
        self.kind = kind
        self.headers = [str(h).strip() for h in headers]
        self.header_row = header_row
        self.encoding = encoding
        self.delimiter = delimiter
        self.notes = notes or []
        self._rows: Iterator[Row] | None = rows
        self._closers = [close]

    def rows(self) -> Iterator[Row]:
        """The data rows below the header, fully empty rows left out. One pass only."""
        if self._rows is None:
            raise RuntimeError("The rows of a table can be read once; open the file again.")
        rows, self._rows = self._rows, None
        return rows

    def close(self) -> None:
        for close in self._closers:
            close()

    def close_also(self, close: Callable[[], None]) -> None:
        """Run ``close`` too when the table is closed (e.g. for a temporary copy of the upload)."""
        self._closers.append(close)

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
