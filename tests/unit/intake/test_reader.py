import io
import zipfile

import openpyxl
import pytest

from app.domain.intake.reader import TableProblem, open_table

from .helpers import HEADERS, ROW, OneWay, csv_bytes


def rows_of(data: bytes, filename: str = "claims.csv"):
    with open_table(io.BytesIO(data), filename) as table:
        return table, list(table.rows())


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file(data):
    with pytest.raises(TableProblem, match="The file is empty"):
        open_table(io.BytesIO(data), "claims.csv")


@pytest.mark.parametrize("data", [csv_bytes([HEADERS]), csv_bytes([HEADERS, [""] * 7, []])])
def test_a_file_with_only_a_header(data):
    with pytest.raises(TableProblem, match="header row but no rows") as caught:
        open_table(io.BytesIO(data), "claims.csv")
    assert caught.value.fix


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bytes(range(256)) * 8, "not a spreadsheet or a CSV"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"Excel 97-2003 workbook \(.xls\)"),
        (b"PK\x03\x04 not really a zip", "damaged"),
    ],
)
def test_binary_files_that_are_not_tables(data, message):
    with pytest.raises(TableProblem, match=message):
        open_table(io.BytesIO(data), "claims.xlsx")


def zipped(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
            "OpenDocument",
        ),
        ({"word/document.xml": b"<x/>"}, "Word document"),
        ({"claims.csv": b"a;b"}, "ZIP archive"),
    ],
)
def test_zip_files_that_are_not_workbooks(names, message):
    with pytest.raises(TableProblem, match=message):
        open_table(io.BytesIO(zipped(names)), "claims.xlsx")


def test_a_damaged_workbook():
    with pytest.raises(TableProblem, match="cannot be read"):
        open_table(io.BytesIO(zipped({"xl/workbook.xml": b"<not xml"})), "claims.xlsx")


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_each_separator_is_recognised_from_the_header(delimiter):
    row = [*ROW[:6], "1234.56" if delimiter == "," else "1234,56"]
    table, rows = rows_of(csv_bytes([HEADERS, row, row], delimiter=delimiter))
    assert table.delimiter == delimiter
    assert table.headers == HEADERS
    assert rows == [(2, row), (3, row)]
    assert any("separated by" in note for note in table.notes)


def test_quoted_cells_keep_separators_quotes_and_line_breaks_and_row_numbers_stay_excels():
    data = (
        b"Debtor name;Description;Amount\r\n"
        b'"Novak; Janez";"Line one\r\nline two";"1,5"\r\n'
        b'"Said ""hello""";plain;2\r\n'
    )
    _, rows = rows_of(data)
    assert rows == [(2, ["Novak; Janez", "Line one\r\nline two", "1,5"]), (3, ['Said "hello"', "plain", "2"])]


def test_a_comma_separated_file_with_decimal_commas_in_quotes():
    data = b'Debtor name,Amount\n"Primer d.o.o.","1.234,56"\nNovak,"12,50"\n'
    table, rows = rows_of(data)
    assert table.delimiter == ","
    assert rows == [(2, ["Primer d.o.o.", "1.234,56"]), (3, ["Novak", "12,50"])]


def test_empty_rows_are_skipped_but_counted():
    data = csv_bytes([HEADERS, ROW, [""] * 7, [], ROW, [" ", "", ""]])
    _, rows = rows_of(data)
    assert [number for number, _ in rows] == [2, 5]


def test_excels_sep_line_names_the_separator_and_is_not_a_row():
    data = b"sep=,\r\n" + csv_bytes([HEADERS, ROW], delimiter=",")
    table, rows = rows_of(data.replace(b"1234,56", b"1234.56"))
    assert table.delimiter == ","
    assert table.header_row == 1
    assert rows[0][0] == 2


def test_blank_lines_above_the_header_count_as_rows():
    table, rows = rows_of(b"\r\n\r\n" + csv_bytes([HEADERS, ROW]))
    assert table.header_row == 3
    assert rows[0][0] == 4


def test_trailing_empty_cells_are_dropped():
    table, rows = rows_of(b"A;B;C;;\r\n1;2;;;\r\n")
    assert table.headers == ["A", "B", "C"]
    assert rows == [(2, ["1", "2"])]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Name|Invoice|Amount\nA|1|2\n", r"separated by a vertical bar \(\|\)"),
        (b'"Name;Invoice;Amount"\n"A;1;2"\n', "one quoted text with the semicolon"),
        (b'"Name,Invoice,Amount"\n"A,1,2"\n', "one quoted text with the comma"),
        (b"Name\nA\n", "only one column"),
    ],
)
def test_a_header_read_as_one_column_names_the_separator_problem(data, message):
    with pytest.raises(TableProblem, match=message) as caught:
        open_table(io.BytesIO(data), "claims.csv")
    assert "separat" in caught.value.message
    assert "semicolons (;) or commas (,)" in caught.value.fix


def test_a_header_and_rows_with_different_separators():
    data = b"Name,Invoice,Amount\nNovak;1;2\n"
    with pytest.raises(TableProblem, match=r"header row is separated by comma \(,\) but row 2 by semicolon"):
        open_table(io.BytesIO(data), "claims.csv")


def test_an_unclosed_quote_is_reported_with_its_row():
    data = b'A;B\n1;2\n3;"4\n' + b"x" * 200_000 + b"\n"
    table = open_table(io.BytesIO(data), "claims.csv")
    with pytest.raises(TableProblem, match="Row 3 cannot be read as CSV"):
        list(table.rows())


def test_a_stream_that_cannot_seek_is_spooled():
    with open_table(OneWay(csv_bytes([HEADERS, ROW])), "claims.csv") as table:
        assert list(table.rows()) == [(2, ROW)]


def test_the_callers_stream_stays_open_and_rows_are_read_once():
    stream = io.BytesIO(csv_bytes([HEADERS, ROW]))
    with open_table(stream, "claims.csv") as table:
        list(table.rows())
        with pytest.raises(RuntimeError, match="once"):
            table.rows()
    assert not stream.closed


def workbook_bytes(rows, *, sheets=("Claims",)) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheets[0]
    for title in sheets[1:]:
        workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_is_recognised_by_content_not_by_name():
    data = workbook_bytes([HEADERS, ROW], sheets=("Odprte postavke", "Drugo"))
    table, rows = rows_of(data, "export.csv")
    assert table.kind == "xlsx"
    assert table.headers == HEADERS
    assert rows == [(2, ROW)]
    assert "first sheet, 'Odprte postavke', of 2" in table.notes[0]
    assert "named .csv but is an Excel workbook" in table.notes[1]


def test_csv_named_xlsx_is_read_as_csv():
    table, _ = rows_of(csv_bytes([HEADERS, ROW]), "export.xlsx")
    assert table.kind == "csv"
    assert "holds CSV text" in table.notes[-1]


def test_xlsx_rows_keep_excels_numbers_and_skip_empty_rows():
    data = workbook_bytes([["Title of the export"], [], HEADERS, ROW, [None] * 7, ROW])
    table, rows = rows_of(data, "claims.xlsx")
    assert table.header_row == 1  # the first non-empty row is the header
    assert table.headers[0] == "Title of the export"
    assert [number for number, _ in rows] == [3, 4, 6]


def test_xlsx_cells_right_of_the_header_are_left_out():
    _, rows = rows_of(workbook_bytes([HEADERS, [*ROW, None, "a note"]]), "claims.xlsx")
    assert rows == [(2, ROW)]


def test_an_empty_workbook_and_one_with_only_a_header():
    with pytest.raises(TableProblem, match=r"first sheet .* is empty"):
        open_table(io.BytesIO(workbook_bytes([])), "claims.xlsx")
    with pytest.raises(TableProblem, match="header row but no rows"):
        open_table(io.BytesIO(workbook_bytes([HEADERS])), "claims.xlsx")
