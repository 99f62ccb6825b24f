"""Excel workbooks (.xlsx): the first sheet, streamed with openpyxl's read-only mode.

Cells arrive as Excel stored them: text, int, float, datetime (date-formatted cells), bool. Formulas
give their last calculated value (``data_only``). The header is the first non-empty row; its row
number and those below are the ones Excel shows. A workbook whose unpacked size is out of proportion
(a "ZIP bomb"), or whose shared-strings table alone would fill the memory, is refused before reading.
Cells to the right of the last header are left out.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from app.domain.intake.problems import TableProblem
from app.domain.intake.table import Row, Table, blank, trimmed

MAX_UNPACKED = 1 << 30  # 1 GiB of XML is far beyond any 100,000-row sheet
MAX_SHARED_STRINGS = 100 << 20  # openpyxl keeps the shared strings in memory
DAMAGED = (
    "The Excel file cannot be read; it may be damaged or password-protected.",
    "Open it in Excel and save it again as .xlsx, or as 'CSV UTF-8'.",
)


def open_xlsx(stream: BinaryIO, archive: zipfile.ZipFile, suffix: str) -> Table:
    try:
        _check_sizes(archive)
    finally:
        archive.close()
    stream.seek(0)
    import openpyxl  # on first use: importing it costs every cold start of the portal ~50 ms otherwise

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises KeyError, XML and ZIP errors for damaged files
        raise TableProblem(*DAMAGED) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong sheet size; read what is there
        rows = _rows(sheet.iter_rows(values_only=True))
        header = next(rows, None)
        if header is None:
            raise TableProblem(
                f"The first sheet ('{sheet.title}') of the workbook is empty.",
                "Put the invoices on the first sheet, one row per invoice below a header row.",
            )
        first_row = next(rows, None)
        if first_row is None:
            raise TableProblem(
                "The file has a header row but no rows of claims below it.", "Add one row per unpaid invoice."
            )
    except TableProblem:
        workbook.close()
        raise
    except Exception:
        workbook.close()
        raise TableProblem(*DAMAGED) from None
    header_row, headers = header
    notes = [f"Read the sheet '{sheet.title}'."]
    if len(workbook.sheetnames) > 1:
        notes[0] = (
            f"Read the first sheet, '{sheet.title}', of {len(workbook.sheetnames)}; the others are ignored."
        )
    if suffix == ".csv":
        notes.append("The file is named .csv but is an Excel workbook; it was read as a workbook.")
    # Unlike CSV, where they mean a separator inside a value, cells right of the last header are just
    # unnamed columns in a workbook (a note, a sum): left out like any column the import does not use.
    width = len(headers)
    rows = ((number, cells[:width]) for number, cells in _chain(first_row, rows))
    return Table("xlsx", headers, header_row, rows, workbook.close, notes=notes)


def _check_sizes(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    strings = sum(info.file_size for info in infos if info.filename == "xl/sharedStrings.xml")
    if unpacked > MAX_UNPACKED or strings > MAX_SHARED_STRINGS:
        raise TableProblem(
            "The workbook is too large to import in one go.",
            "Split it into files of up to 100,000 rows, or save it as CSV.",
        )


def _rows(values: Iterator[tuple[object, ...]]) -> Iterator[Row]:
    number = 0
    try:
        for number, cells in enumerate(values, start=1):
            if not blank(cells):
                yield number, trimmed(cells)
    except Exception:  # openpyxl raises XML and ZIP errors for a sheet damaged part-way
        raise TableProblem(
            f"The workbook cannot be read after row {number}; it may be damaged.", DAMAGED[1]
        ) from None


def _chain(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest
