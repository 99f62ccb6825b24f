"""Open an uploaded spreadsheet, XLSX or CSV, and stream its rows without loading the whole file.

The kind is decided by the content, not the name: XLSX is a ZIP (``PK\\x03\\x04``) holding
``xl/workbook.xml``; other ZIPs, old ``.xls``, PDFs and other binary files are refused by name; the
rest is CSV text (encoding per ``encoding.detect_encoding``, separator ``;``, ``,`` or tab from the
header line, or from Excel's ``sep=;`` first line). Row numbers are those the user sees in Excel: the
header is row 1 (in a workbook, the row it is on); fully empty rows are skipped but counted.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

from app.domain.intake.encoding import detect_encoding
from app.domain.intake.problems import TableProblem
from app.domain.intake.table import Row, Table, blank, trimmed
from app.domain.intake.xlsx import open_xlsx

__all__ = ["Row", "Table", "TableProblem", "open_table"]

SAVE_AS_CSV = (
    "Save it from Excel or your accounting software as .xlsx or as CSV (semicolon- or comma-separated)."
)
DELIMITERS = (";", "\t", ",")  # in order of preference when counts tie
DELIMITER_NAMES = {";": "semicolon (;)", ",": "comma (,)", "\t": "tab", "|": "vertical bar (|)"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SPOOL = 1 << 20


def open_table(stream: BinaryIO, filename: str, *, country: str | None = None) -> Table:
    """Open ``stream`` as a table, or raise TableProblem saying why it cannot be read.

    ``country`` (the creditor's) only breaks ties when guessing a legacy text encoding. The stream is
    read from its beginning and left open; a non-seekable stream is first spooled to a temporary file.
    Reading the rows can still raise TableProblem for a CSV quote left open or a workbook damaged
    part-way.
    """
    if getattr(stream, "seekable", lambda: False)():
        return _open(stream, filename, country)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 - the table closes it
    try:
        shutil.copyfileobj(stream, spool, 1 << 16)
        spool.seek(0)
        table = _open(spool, filename, country)  # type: ignore[arg-type]
    except BaseException:
        spool.close()
        raise
    table.close_also(spool.close)
    return table


def _open(stream: BinaryIO, filename: str, country: str | None) -> Table:
    head = stream.read(8)
    stream.seek(0)
    if _empty(stream):
        raise TableProblem(
            "The file is empty.", "Choose the file with your unpaid invoices and upload it again."
        )
    suffix = PurePath(filename or "").suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return open_xlsx(stream, _zip_kind(stream), suffix)
    _refuse_binary(stream, head)
    table = _open_csv(stream, country)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        table.notes.append(f"The file is named {suffix} but holds CSV text; it was read as CSV.")
    return table


def _empty(stream: BinaryIO) -> bool:
    """Nothing but spaces, line breaks and a byte-order mark."""
    first = True
    while chunk := stream.read(1 << 16):
        if first and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        first = False
        if chunk.strip(b" \t\r\n"):
            stream.seek(0)
            return False
    stream.seek(0)
    return True


def _zip_kind(stream: BinaryIO) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(stream)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableProblem("The file looks like an Excel workbook but is damaged.", SAVE_AS_CSV) from None
    if "xl/workbook.xml" in names:
        return archive
    if "content.xml" in names:
        raise TableProblem(
            "This is an OpenDocument file (LibreOffice or OpenOffice), not an Excel workbook.",
            "In LibreOffice choose File > Save As and pick 'Excel 2007-365 (.xlsx)' or 'Text CSV'.",
        )
    if "word/document.xml" in names:
        raise TableProblem("This is a Word document, not a spreadsheet.", SAVE_AS_CSV)
    raise TableProblem(
        "This is a ZIP archive, not an Excel workbook.", "Unpack it and upload the spreadsheet."
    )


def _refuse_binary(stream: BinaryIO, head: bytes) -> None:
    if head.startswith(OLE2):
        raise TableProblem(
            "This is an old Excel 97-2003 workbook (.xls), which the import does not read.",
            "Open it in Excel and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'.",
        )
    if head.startswith(b"%PDF"):
        raise TableProblem("This is a PDF, not a spreadsheet.", SAVE_AS_CSV)
    sample = stream.read(8192)
    stream.seek(0)
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableProblem("This is not a spreadsheet or a CSV text file.", SAVE_AS_CSV)


class _Borrowed(io.RawIOBase):
    """Reads the caller's stream without ever closing it (a TextIOWrapper closes what it wraps)."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _open_csv(stream: BinaryIO, country: str | None) -> Table:
    encoding, encoding_note = detect_encoding(stream, country)
    text = io.TextIOWrapper(io.BufferedReader(_Borrowed(stream), 1 << 16), encoding=encoding, newline="")
    header_row = 1
    first = text.readline()
    forced = _excel_separator(first)
    if forced:
        first = text.readline()  # Excel's "sep=;" line: Excel does not show it as a row
    while first and not first.strip():
        header_row += 1  # blank lines above the header are rows in Excel
        first = text.readline()
    delimiter = forced or _delimiter(first)
    lines = _chain(first, text)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = trimmed(next(reader, []))
    except csv.Error as error:
        raise TableProblem(f"The header row cannot be read as CSV: {error}.", SAVE_AS_CSV) from None
    if not any(header):
        raise TableProblem("The file has no header row.", "Put the column names in the first row.")
    if len(header) == 1:
        raise _one_column(header[0], delimiter)
    rows = _csv_rows(reader, header_row)
    first_row = next(rows, None)
    if first_row is None:
        raise TableProblem(
            "The file has a header row but no rows of claims below it.", "Add one row per unpaid invoice."
        )
    _check_first_row(*first_row, header, delimiter)
    notes = [encoding_note, f"Columns separated by {_name(delimiter)}."]
    return Table("csv", header, header_row, _prepend(first_row, rows), text.close, encoding, delimiter, notes)


def _excel_separator(line: str) -> str:
    """The separator named by Excel's optional first line ``sep=;``, else ""."""
    stripped = line.strip("\r\n").strip('"')
    if stripped.lower().startswith("sep=") and len(stripped) == 5:
        return stripped[4]
    return ""


def _delimiter(line: str) -> str:
    """The separator of a header line: the most frequent of ; tab , outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def _one_column(header: str, delimiter: str) -> TableProblem:
    fix = "Save the file again as CSV with semicolons (;) or commas (,) between the columns."
    for sign in (";", ",", "\t", "|"):
        if sign in header:
            name = _name(sign)
            if sign in DELIMITERS:
                return TableProblem(
                    f"The header row was read as a single column ('{header[:60]}'): it is one quoted "
                    f"text with the {name} separators inside the quotes.",
                    fix,
                )
            return TableProblem(
                f"The header row was read as a single column ('{header[:60]}'): the columns are "
                f"separated by a {name}, which the import does not read.",
                fix,
            )
    return TableProblem(
        f"The header row has only one column ('{header[:60]}'): either the file has one column, or its "
        "columns are separated by something other than a semicolon, comma or tab.",
        fix,
    )


def _check_first_row(number: int, cells: list[object], header: list[str], delimiter: str) -> None:
    """A header with ',' over rows with ';' (or the other way round) reads as one-cell rows."""
    if len(cells) != 1 or not isinstance(cells[0], str):
        return
    for other in DELIMITERS:
        if other != delimiter and cells[0].count(other) >= len(header) - 1:
            raise TableProblem(
                f"The header row is separated by {_name(delimiter)} but row {number} by "
                f"{_name(other)}, so the rows read as a single column.",
                f"Use one separator in the whole file: save it again as CSV with {_name(other)}.",
            )


def _chain(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _prepend(first: Row, rows: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rows


def _csv_rows(reader: Iterator[list[str]], header_row: int) -> Iterator[Row]:
    number = header_row
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TableProblem(
                f'Row {number + 1} cannot be read as CSV: {error}. Often a quote (") that is not closed.',
                "Check the quotes in that row, or save the file again as CSV from Excel.",
            ) from None
        number += 1
        if not blank(cells):
            yield number, trimmed(cells)


def _name(delimiter: str) -> str:
    return DELIMITER_NAMES.get(delimiter, f"'{delimiter}'")
