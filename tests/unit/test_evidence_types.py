"""What a file really is: every allowed type from real minimal bytes, and the refusals."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from app.domain import file_types
from app.domain.evidence import (
    DocumentKind,
    display_name,
    invoice_candidates,
    kind_from_name,
    size_label,
    too_large,
)
from app.domain.file_types import Refused, examine, identify

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EML = (
    b"Received: from mail.kranjc.si by mx.example.com; Mon, 2 Nov 2026 09:00:00 +0100\r\n"
    b"From: Mizarstvo Kranjc <racuni@kranjc.si>\r\n"
    b"To: billing@novak.si\r\n"
    b"Subject: Re: invoice 2026-0042\r\n"
    b" (continued subject line)\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"We received the cabinets and will pay next week.\r\n"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)
WINDOWS_PROGRAM = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48) + b"This program cannot be run"
)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")  # filter byte + one black pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def office(folder: str, *extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        main = "document.xml" if folder == "word" else "workbook.xml"
        z.writestr(f"{folder}/{main}", '<?xml version="1.0"?><root/>')
        for name in extra:
            z.writestr(name, b"\x00\x01")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "content_type"),
    [
        ("INV-1.pdf", PDF, "application/pdf"),
        ("scan.PNG", png(), "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("dogovor.txt", "Dogovor: račun 2026-0042 bo plačan do petka.\r\n".encode(), "text/plain"),
        ("dogovor-1250.txt", "Plačilo: 120,00 € – hvala.\n".encode("cp1250"), "text/plain"),
        ("sopimus.txt", "Ευχαριστούμε για την πληρωμή.\n".encode("cp1253"), "text/plain"),
        ("reply.eml", EML, "message/rfc822"),
        ("contract.docx", office("word"), file_types.DOCX.content_type),
        ("ledger.xlsx", office("xl"), file_types.XLSX.content_type),
    ],
)
def test_each_allowed_type_is_recognised_from_its_content(filename, data, content_type):
    assert examine(filename, data).content_type == content_type


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("report.pdf", WINDOWS_PROGRAM, "report.pdf is a Windows program, not a PDF; it was not kept."),
        ("photo.pdf", png(), "photo.pdf is a PNG image, not a PDF; it was not kept."),
        ("invoice.png", PDF, "invoice.png is a PDF, not a PNG image; it was not kept."),
        ("notes.txt", ELF, "notes.txt is a Linux program, not a text file; it was not kept."),
        ("notes.txt", b"#!/bin/sh\nrm -rf ~\n", "notes.txt is a script, not a text file; it was not kept."),
        ("setup.exe", WINDOWS_PROGRAM, "setup.exe is a Windows program; programs are never kept."),
        ("run.bat", b"@echo off\r\n", "run.bat is a program (.bat); programs are never kept."),
        ("contract.xlsx", office("word"), "contract.xlsx is a Word document (DOCX), not an Excel workbook"),
        ("contract.docx", office("word", "word/vbaProject.bin"), "is a Word document with macros, not"),
        ("contract.docx", plain_zip(), "contract.docx is a ZIP archive, not a Word document (DOCX)"),
        ("letter.eml", b"Dear Sir,\nplease pay.\n", "letter.eml is a text file, not an e-mail (EML)"),
        ("scan.jpg", b"\x00\x01garbage", "scan.jpg is not a JPEG image: it has no JPEG signature"),
        ("empty.pdf", b"", "empty.pdf is empty; it was not kept."),
        ("photo.gif", b"GIF89a\x01\x00", "photo.gif: .gif files are not accepted."),
        ("README", b"hello", "README has no extension"),
    ],
)
def test_refusals_name_the_file_and_say_why(filename, data, message):
    with pytest.raises(Refused) as refused:
        examine(filename, data)
    assert message in refused.value.message


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"Hello\x00world", "NUL bytes"),
        (b"Hello \x1b[31mred\x1b[0m", "control characters"),
        ("Plačilo\u0085".encode(), "control characters"),  # a C1 control character in UTF-8
    ],
)
def test_text_with_binary_content_is_refused(data, why):
    with pytest.raises(Refused) as refused:
        examine("notes.txt", data)
    assert why in refused.value.message
    assert refused.value.message.startswith("notes.txt ")


def test_a_text_that_starts_like_an_email_is_still_a_text_file():
    assert examine("notes.txt", EML).name == "text"


def test_an_eml_with_nul_bytes_is_refused():
    with pytest.raises(Refused, match="NUL bytes"):
        examine("reply.eml", EML + b"\x00")


@pytest.mark.parametrize("said", ["", "application/octet-stream", "application/pdf", "application/pdf; x=1"])
def test_the_browsers_type_agrees_or_says_nothing(said):
    assert examine("INV-1.pdf", PDF, said).name == "PDF"


def test_the_browsers_type_must_match_the_name():
    with pytest.raises(Refused, match=r"INV-1\.pdf was sent as image/png, which is not a PDF"):
        examine("INV-1.pdf", PDF, "image/png")


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"\xcf\xfa\xed\xfe" + bytes(28), "a macOS program"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "an old Word or Excel file (.doc/.xls)"),
        (b"Rar!\x1a\x07\x01\x00", "a RAR archive"),
        (b"\x00\x00\x00\x18ftypheic", None),
    ],
)
def test_identify_names_what_is_not_allowed(data, label):
    assert identify(data) == label


def test_sizes_read_like_a_file_manager():
    assert size_label(900) == "900 bytes"
    assert size_label(120 * 1024) == "120 KB"
    assert size_label(25 * 1024 * 1024) == "25 MB"
    assert size_label(3_500_000) == "3.3 MB"
    assert too_large("big.pdf", 26 * 1024 * 1024) == "big.pdf is 26 MB; the limit is 25 MB; it was not kept."
    assert too_large("big.pdf", 25 * 1024 * 1024 + 1) == (
        "big.pdf is 26,214,401 bytes; the limit is 25 MB (26,214,400 bytes); it was not kept."
    )


@pytest.mark.parametrize(
    ("filename", "candidates"),
    [
        ("2026-0042.pdf", ["2026-0042"]),
        ("2026-0043 delivery.pdf", ["2026-0043 delivery", "2026-0043"]),
        ("2026-0043_contract signed.pdf", ["2026-0043_contract signed", "2026-0043_contract", "2026-0043"]),
        ("INV 7.pdf", ["INV 7", "INV"]),
        ("no-extension", ["no-extension"]),
    ],
)
def test_bulk_names_give_the_invoice_number(filename, candidates):
    assert invoice_candidates(filename) == candidates


@pytest.mark.parametrize(
    ("filename", "invoice", "kind"),
    [
        ("2026-0042.pdf", "2026-0042", DocumentKind.INVOICE),
        ("2026-0043 delivery.pdf", "2026-0043", DocumentKind.DELIVERY_PROOF),
        ("2026-0043_Pogodba.pdf", "2026-0043", DocumentKind.CONTRACT),
        ("2026-0043 e-mail from debtor.eml", "2026-0043", DocumentKind.CORRESPONDENCE),
        ("2026-0043 Sähköposti.eml", "2026-0043", DocumentKind.CORRESPONDENCE),
        ("2026-0043 photo of the site.jpg", "2026-0043", DocumentKind.OTHER),
        ("2026-0043 (2).pdf", "2026-0043", DocumentKind.INVOICE),
    ],
)
def test_the_words_after_the_invoice_number_give_the_kind(filename, invoice, kind):
    assert kind_from_name(filename, invoice) == kind


def test_display_names_drop_folders_and_control_characters():
    assert display_name("march/sub\\INV\x07-1.pdf") == "INV-1.pdf"
    assert display_name("Rac\u030cun.pdf") == "Račun.pdf"  # macOS decomposed accents, composed again
