"""What a file really is: the allowed types of evidence, recognised from their content.

A file is kept only when its content is one of the allowed types *and* the type its name says.
The content is recognised from its first bytes (magic numbers) and, for Word and Excel files, from
the ZIP directory; the name is never trusted on its own, and a program is refused whatever its name.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from app.domain.errors import DomainError


@dataclass(frozen=True)
class FileType:
    name: str  # short, as people say it: "PDF"
    label: str  # in a sentence: "a PDF"
    content_type: str
    extensions: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other Content-Types browsers and mail clients send for it


PDF = FileType("PDF", "a PDF", "application/pdf", (".pdf",), ("application/x-pdf",))
PNG = FileType("PNG", "a PNG image", "image/png", (".png",))
JPEG = FileType("JPEG", "a JPEG image", "image/jpeg", (".jpg", ".jpeg"), ("image/jpg", "image/pjpeg"))
TEXT = FileType("text", "a text file", "text/plain", (".txt",))
EML = FileType("EML", "an e-mail (EML)", "message/rfc822", (".eml",))
DOCX = FileType(
    "DOCX",
    "a Word document (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "XLSX",
    "an Excel workbook (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
ALLOWED = (PDF, PNG, JPEG, TEXT, EML, DOCX, XLSX)
ACCEPT = ",".join(ext for t in ALLOWED for ext in t.extensions)  # for <input type=file accept=...>
ALLOWED_NAMES = "PDF, PNG, JPEG, text (.txt), e-mail (.eml), Word (.docx) or Excel (.xlsx)"

# Said by a client that does not know the type: no claim either way.
GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}

PROGRAMS = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "a macOS program"),
    (b"\xfe\xed\xfa\xcf", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java program"),
    (b"#!", "a script"),
)
PROGRAM_EXTENSIONS = {
    ".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".dll", ".ps1", ".vbs", ".js", ".jar", ".sh",
    ".app", ".apk", ".lnk", ".pif", ".cpl",
}  # fmt: skip
# Types people send by mistake, named so the refusal says what the file is.
OTHER_FORMATS = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc/.xls)"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXT_ENCODINGS = ("utf-8-sig", "cp1250", "cp1252", "cp1253")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # tab, LF, FF and CR are text
HEADER_LINE = re.compile(rb"([!-9;-~]+):")  # an RFC 5322 field name: printable ASCII but the colon
MAIL_HEADERS = {b"from", b"received", b"mime-version", b"subject", b"date", b"to", b"message-id"}
MAIL_HEADERS |= {b"return-path", b"delivered-to", b"reply-to", b"cc"}


class Refused(DomainError):
    """The file is not kept; the message says why, naming the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def examine(filename: str, data: bytes, browser_type: str = "") -> FileType:
    """The file's type when its content is allowed and matches its name (and the browser's type)."""
    program = _program(data)
    declared = declared_type(filename, program)
    if program:
        raise Refused(f"{filename} is {program}, not {declared.label}; it was not kept.")
    if not data:
        raise Refused(f"{filename} is empty; it was not kept.")
    said = browser_type.split(";", 1)[0].strip().lower()
    if said not in GENERIC_TYPES and said not in (declared.content_type, *declared.aliases):
        raise Refused(f"{filename} was sent as {said}, which is not {declared.label}; it was not kept.")
    problem = _problem(declared, data)
    if problem is None:
        return declared
    actual = identify(data)
    if actual and actual != declared.label:
        raise Refused(f"{filename} is {actual}, not {declared.label}; it was not kept.")
    raise Refused(f"{filename} is not {declared.label}: {problem}; it was not kept.")


def declared_type(filename: str, program: str | None = None) -> FileType:
    """The allowed type the file's name claims, from its extension."""
    stem, dot, extension = filename.rpartition(".")
    extension = f".{extension.lower()}" if dot and stem else ""
    for file_type in ALLOWED:
        if extension in file_type.extensions:
            return file_type
    if program:
        raise Refused(f"{filename} is {program}; programs are never kept.")
    if extension in PROGRAM_EXTENSIONS:
        raise Refused(f"{filename} is a program ({extension}); programs are never kept.")
    if not extension:
        raise Refused(f"{filename} has no extension such as .pdf, so it cannot be checked; it was not kept.")
    raise Refused(f"{filename}: {extension} files are not accepted. Evidence can be {ALLOWED_NAMES}.")


def identify(data: bytes) -> str | None:
    """What the content is, in a sentence ("a PNG image"), whether allowed or not; None if unknown."""
    program = _program(data)
    if program:
        return program
    for file_type in (PDF, PNG, JPEG):
        if _problem(file_type, data) is None:
            return file_type.label
    names = _zip_names(data)
    if names is not None:
        return _office_label(names) or "a ZIP archive"
    for magic, label in OTHER_FORMATS:
        if data.startswith(magic):
            return label
    for file_type in (EML, TEXT):
        if _problem(file_type, data) is None:
            return file_type.label
    return None


def type_name(content_type: str) -> str:
    """The short name ("PDF") of a content type: how the list of evidence names a file's format."""
    return next((t.name for t in ALLOWED if t.content_type == content_type), content_type)


def _program(data: bytes) -> str | None:
    return next((label for magic, label in PROGRAMS if data.startswith(magic)), None)


def _problem(file_type: FileType, data: bytes) -> str | None:
    """None when the content is of this type, else why not (as the end of a sentence)."""
    if file_type is PDF:
        return None if data.startswith(b"%PDF-") else "it does not start with %PDF-"
    if file_type is PNG:
        return None if data.startswith(PNG_SIGNATURE) else "it has no PNG signature"
    if file_type is JPEG:
        return None if data.startswith(b"\xff\xd8\xff") else "it has no JPEG signature"
    if file_type in (DOCX, XLSX):
        names = _zip_names(data)
        if names is None:
            return "it is not a ZIP-based Office file"
        return None if _office_label(names) == file_type.label else "it has no parts of one inside"
    if file_type is EML:
        return _mail_problem(data)
    return _text_problem(data)


def _zip_names(data: bytes) -> set[str] | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return None


def _office_label(names: set[str]) -> str | None:
    if "[Content_Types].xml" not in names:
        return None
    for folder, file_type, what in (("word/", DOCX, "a Word document"), ("xl/", XLSX, "an Excel workbook")):
        if any(n.startswith(folder) for n in names):
            # Macros are programs: a macro-enabled file renamed to .docx or .xlsx is refused.
            return f"{what} with macros" if f"{folder}vbaProject.bin" in names else file_type.label
    return None


def _text_problem(data: bytes) -> str | None:
    if b"\x00" in data:
        return "it contains NUL bytes, which text never does"
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL_CHARACTERS.search(text):
            return "it contains control characters, which text never does"
        return None
    return "it is not in a text encoding the portal reads (UTF-8, Windows-1250, -1252 or -1253)"


def _mail_problem(data: bytes) -> str | None:
    """An e-mail starts with header lines (``Name: value``, folded lines indented) before a blank line."""
    if b"\x00" in data:
        return "it contains NUL bytes"
    seen: set[bytes] = set()
    for number, line in enumerate(data[:65536].splitlines()[:200]):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and number:
            continue
        match = HEADER_LINE.match(line)
        if not match:
            return "it does not start with e-mail header lines (From:, Subject:...)"
        seen.add(match[1].lower())
    if not seen & MAIL_HEADERS:
        return "it has none of the headers of an e-mail (From:, Received:, Subject:...)"
    return None
