"""Which text encoding a CSV file is in, read in chunks (never the whole file at once).

UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM (Excel's "Unicode text") are taken
as they are. Anything else is one of the Windows code pages that Excel and accounting software use
for "CSV" in the four markets: 1250 (Central European: Slovenian, Polish), 1252 (Western: Finnish) or
1253 (Greek). The file is decoded with each, and each reading is scored on the first megabyte: +1 for
every letter of the alphabet expected in that code page (č š ž ć đ ł ą ę ń ś ź ż; ä ö å; Greek), -2 for
every character that is improbable in a name or address (symbols such as ³ ¹ ¤, control characters,
words mixing Greek and Latin letters). A reading that fails to decode is out. Ties go to the code
page of the creditor's country, then 1250, 1252, 1253.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import BinaryIO

from app.domain.intake.problems import TableProblem

CHUNK = 1 << 16
SAMPLE = 1 << 20
LEGACY = ("cp1250", "cp1252", "cp1253")
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16",
    "cp1250": "Windows-1250 (Central European)",
    "cp1252": "Windows-1252 (Western European)",
    "cp1253": "Windows-1253 (Greek)",
}
COUNTRY_CODE_PAGE = {"SI": "cp1250", "PL": "cp1250", "HR": "cp1250", "FI": "cp1252", "GR": "cp1253"}
CENTRAL_EUROPEAN = set("čšžćđłąęńśźżČŠŽĆĐŁĄĘŃŚŹŻ")
NORDIC = set("äöåÄÖÅ")
PLAUSIBLE_SYMBOLS = set("\u00a0€«»„“”‘’‚–—…·°§&")
WORD = re.compile(r"[^\W\d_]{2,}")


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff"


def _hits(encoding: str, text: str) -> int:
    if encoding == "cp1253":
        return sum(1 for c in text if _is_greek(c))
    letters = CENTRAL_EUROPEAN if encoding == "cp1250" else NORDIC
    return sum(1 for c in text if c in letters)


def _improbable(text: str) -> int:
    odd = 0
    for char in text:
        if char < "\x80":
            odd += char < " " and char not in "\t\r\n"
        elif char not in PLAUSIBLE_SYMBOLS and not unicodedata.category(char).startswith("L"):
            odd += 1
    for word in WORD.findall(text):
        if any(_is_greek(c) for c in word) and any(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word):
            odd += 1
    return odd


def score(encoding: str, text: str) -> int:
    """How plausible ``text`` is as names and addresses written in ``encoding``."""
    return _hits(encoding, text) - 2 * _improbable(text)


def detect_encoding(stream: BinaryIO, country: str | None = None) -> tuple[str, str]:
    """(Python codec name, a note for the user) for the seekable ``stream``; leaves it at 0."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = ""
    decoders = {
        name: codecs.getincrementaldecoder(name)()
        for name in ((encoding,) if encoding else ("utf-8", *LEGACY))
    }
    samples = {name: [] for name in decoders}
    failed: dict[str, int] = {}
    offset = 0
    while chunk := stream.read(CHUNK):
        for name, decoder in decoders.items():
            if name in failed:
                continue
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                failed[name] = offset + error.start
                continue
            if offset < SAMPLE:
                samples[name].append(text)
        offset += len(chunk)
    for name, decoder in decoders.items():
        if name not in failed:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                failed[name] = offset
    stream.seek(0)
    if encoding:
        if encoding in failed:
            raise TableProblem(
                f"The file starts as {NAMES[encoding]} but is not valid {NAMES[encoding]} "
                f"(at byte {failed[encoding]}).",
                "Save it again as 'CSV UTF-8' from Excel or your accounting software.",
            )
        return encoding, f"Text encoding: {NAMES[encoding]}."
    if "utf-8" not in failed:
        return "utf-8", f"Text encoding: {NAMES['utf-8']}."
    readable = [name for name in LEGACY if name not in failed]
    if not readable:
        raise TableProblem(
            "The file's text encoding is not one the import reads (UTF-8, Windows-1250, 1252 or 1253).",
            "Save it again as 'CSV UTF-8' from Excel or your accounting software.",
        )
    preferred = COUNTRY_CODE_PAGE.get((country or "").upper())
    scores = {name: score(name, "".join(samples[name])) for name in readable}
    best = max(readable, key=lambda name: (scores[name], name == preferred, -LEGACY.index(name)))
    note = (
        f"The file is not UTF-8; it was read as {NAMES[best]}. If names look wrong in the preview, "
        "save the file as 'CSV UTF-8' and upload it again."
    )
    return best, note
