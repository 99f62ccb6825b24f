"""The same names written by Excel and accounting software in each market's encoding read back intact."""

import codecs
import io

import pytest

from app.domain.intake.encoding import detect_encoding
from app.domain.intake.reader import TableProblem, open_table

from .helpers import csv_bytes

HEADER = ["Naziv dolžnika", "Kraj", "Opis"]
SLOVENIAN = [
    ["Čebelarstvo Žužek d.o.o.", "Šoštanj", "Med in čebelji izdelki"],
    ["Ćiril Đurić s.p.", "Črnomelj", "Storitve, ključavničarstvo"],
]
POLISH = [
    ["Zażółć Gęślą Jaźń sp. z o.o.", "Łódź", "Usługi księgowe"],
    ["Spółdzielnia Źródło", "Świętochłowice", "Dostawa węgla"],
]
GREEK = [
    ["Παπαδόπουλος Γεώργιος", "Θεσσαλονίκη", "Συντήρηση λεβήτων"],
    ["ΑΛΦΑ ΤΕΧΝΙΚΗ Α.Ε.", "Ηράκλειο", "Ενοίκιο Ιανουαρίου"],
]
FINNISH = [
    ["Äänekosken Öljy Oy", "Hämeenlinna", "Lämmitysöljy, tammikuu"],
    ["Åbo Fönster Ab", "Jyväskylä", "Ikkunoiden pesu"],
]


def read(data: bytes, country: str | None = None):
    with open_table(io.BytesIO(data), "claims.csv", country=country) as table:
        return table, [cells for _, cells in table.rows()]


@pytest.mark.parametrize(
    ("rows", "encoding", "name"),
    [
        (SLOVENIAN, "cp1250", "Windows-1250"),
        (POLISH, "cp1250", "Windows-1250"),
        (GREEK, "cp1253", "Windows-1253"),
        (FINNISH, "cp1252", "Windows-1252"),
    ],
)
def test_legacy_code_pages_are_recognised_and_reported(rows, encoding, name):
    header = ["Επωνυμία", "Πόλη", "Περιγραφή"] if rows is GREEK else ["Nimi", "Kaupunki", "Kuvaus"]
    if rows in (SLOVENIAN, POLISH):
        header = HEADER
    table, read_rows = read(csv_bytes([header, *rows], encoding=encoding))
    assert table.encoding == encoding
    assert table.headers == header
    assert read_rows == rows
    assert any(f"read as {name}" in note for note in table.notes)


@pytest.mark.parametrize("rows", [SLOVENIAN, POLISH, GREEK, FINNISH])
@pytest.mark.parametrize(
    ("encoding", "reported"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("utf-16", "utf-16")]
)
def test_unicode_files_with_and_without_a_bom(rows, encoding, reported):
    delimiter = "\t" if encoding == "utf-16" else ";"  # Excel's "Unicode text" is UTF-16 with tabs
    table, read_rows = read(csv_bytes([HEADER, *rows], delimiter=delimiter, encoding=encoding))
    assert table.encoding == reported
    assert table.headers == HEADER  # no BOM left on the first header
    assert read_rows == rows


def test_a_letter_beyond_the_first_megabyte_is_still_checked():
    # UTF-8 everywhere except one cp1250 byte near the end: the file is not UTF-8.
    rows = [HEADER] + [["Novak", "Maribor", "x" * 100]] * 12_000 + [["Žužek", "Šoštanj", "y"]]
    data = csv_bytes(rows[:-1]) + csv_bytes(rows[-1:], encoding="cp1250")
    assert len(data) > 1 << 20
    table, read_rows = read(data)
    assert table.encoding == "cp1250"
    assert read_rows[-1] == ["Žužek", "Šoštanj", "y"]


def test_the_creditors_country_breaks_a_tie():
    # "€" alone is the same byte in all three code pages: nothing to tell them apart.
    data = "Naziv;Znesek\r\nNovak;12 \u20ac\r\n".encode("cp1252")
    assert read(data, "GR")[0].encoding == "cp1253"
    assert read(data, "FI")[0].encoding == "cp1252"
    assert read(data, "SI")[0].encoding == "cp1250"
    assert read(data)[0].encoding == "cp1250"


def test_a_file_no_code_page_can_read():
    # 0x81 is undefined in Windows-1250, 1252 and 1253, and is not UTF-8 on its own.
    with pytest.raises(TableProblem, match="encoding"):
        read(b"Naziv;Znesek\r\nNovak\x81;12\r\n")


def test_a_file_that_starts_as_utf8_but_is_not():
    with pytest.raises(TableProblem, match="not valid UTF-8"):
        read(codecs.BOM_UTF8 + "Naziv;Znesek\r\nŽužek;12\r\n".encode("cp1250"))


def test_detection_leaves_the_stream_at_the_start():
    stream = io.BytesIO("Naziv;Kraj\r\nŽužek;Šoštanj\r\n".encode("cp1250"))
    assert detect_encoding(stream)[0] == "cp1250"
    assert stream.tell() == 0
