"""Small builders shared by the intake tests."""

from __future__ import annotations

import io

from app.domain.intake import Defaults

SI = Defaults(country="SI", currency="EUR", language="sl")
HEADERS = ["Debtor name", "Debtor ID", "E-mail", "Invoice number", "Issue date", "Due date", "Amount"]
ROW = ["Primer d.o.o.", "15012557", "racuni@primer.si", "2026-001", "15.01.2026", "14.02.2026", "1234,56"]


def csv_bytes(
    rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8", newline: str = "\r\n"
) -> bytes:
    """Rows joined as CSV, quoting cells that need it."""

    def cell(value: str) -> str:
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    text = newline.join(delimiter.join(cell(v) for v in row) for row in rows) + newline
    return text.encode(encoding)


class OneWay(io.RawIOBase):
    """A stream that cannot seek, like a request body read straight from the socket."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
