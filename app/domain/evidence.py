"""Evidence: the files a creditor attaches to a case or to one of its claims.

What a file is and whether it may be kept is decided in file_types; this module holds the document
itself, its kinds, and how files in a bulk ZIP name the invoice they belong to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.file_types import CONTROL_CHARACTERS, type_name

MAX_BYTES = 25 * 1024 * 1024


class DocumentKind(StrEnum):
    INVOICE = "invoice"
    CONTRACT = "contract"
    CORRESPONDENCE = "correspondence"
    DELIVERY_PROOF = "delivery_proof"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class DocumentStatus(StrEnum):
    PENDING = "pending"  # an upload form was handed out; nothing has arrived or been checked yet
    ACCEPTED = "accepted"
    REFUSED = "refused"


def too_large(filename: str, size: int) -> str:
    shown, limit = size_label(size), size_label(MAX_BYTES)
    if shown == limit:  # just over: "25 MB; the limit is 25 MB" would make no sense
        shown, limit = f"{size:,} bytes", f"{limit} ({MAX_BYTES:,} bytes)"
    return f"{filename} is {shown}; the limit is {limit}; it was not kept."


def size_label(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


@dataclass(frozen=True)
class Document:
    """One piece of evidence on a case, for the whole case or for one of its claims."""

    doc_id: str
    case_id: str
    kind: DocumentKind
    filename: str
    content_type: str
    size: int
    storage_key: str
    uploaded_by: str
    uploaded_at: datetime
    invoice_number: str = ""  # the claim it belongs to; empty for the whole case
    status: DocumentStatus = DocumentStatus.ACCEPTED
    reason: str = ""  # why it was refused
    shared: bool = False  # the creditor shows it to the debtor on the debtor's page

    @property
    def size_label(self) -> str:
        return size_label(self.size)

    @property
    def type_name(self) -> str:
        return type_name(self.content_type)

    def added_summary(self) -> str:
        return f"Evidence added: {self.kind.label} {self.filename} ({self.size_label})"

    def downloaded_summary(self, by: str) -> str:
        return f"Evidence downloaded by {by}: {self.kind.label} {self.filename}"

    def sharing_summary(self, shared: bool) -> str:
        if shared:
            return f"Shared with the debtor: {self.kind.label} {self.filename}"
        return f"No longer shared with the debtor: {self.kind.label} {self.filename}"


def display_name(raw: str) -> str:
    """The last part of a path as people see it (NFC, no folders, no control characters), ≤ 200."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    return CONTROL_CHARACTERS.sub("", name).strip()[:200]


# The naming rule of a bulk ZIP. Each file is named after the invoice it belongs to, optionally
# followed by words that say what it is: "2026-0042.pdf" is invoice 2026-0042 itself,
# "2026-0043 delivery.pdf" the delivery proof of invoice 2026-0043. The invoice number is the whole
# name without its extension when such an invoice exists, else the part before the first space,
# else the part before the first underscore. Folders inside the archive are ignored.
KIND_WORDS = {
    DocumentKind.INVOICE: "invoice inv racun lasku faktura τιμολογιο",
    DocumentKind.CONTRACT: "contract agreement pogodba sopimus umowa συμβαση",
    DocumentKind.CORRESPONDENCE: "correspondence letter mail email reminder dopis kirje sahkoposti pismo "
    "αλληλογραφια επιστολη",
    DocumentKind.DELIVERY_PROOF: "delivery proof pod dobavnica toimitus dostawa παραδοση",
}
KIND_OF_WORD = {word: kind for kind, words in KIND_WORDS.items() for word in words.split()}


def invoice_candidates(filename: str) -> list[str]:
    """The invoice numbers a file's name may stand for, the most specific first."""
    stem = _stem(filename)
    found: list[str] = []
    for candidate in (stem, stem.split(" ", 1)[0], stem.split("_", 1)[0]):
        candidate = candidate.strip()
        if candidate and candidate not in found:
            found.append(candidate)
    return found


def kind_from_name(filename: str, invoice_number: str) -> DocumentKind:
    """What the words after the invoice number say the file is; no words: the invoice itself."""
    rest = _stem(filename)[len(invoice_number) :]
    words = [w for w in re.split(r"[\W_]+", _folded(rest)) if w and not w.isdigit()]
    if not words:
        return DocumentKind.INVOICE
    return next((KIND_OF_WORD[w] for w in words if w in KIND_OF_WORD), DocumentKind.OTHER)


def _stem(filename: str) -> str:
    stem, dot, _extension = filename.rpartition(".")
    return (stem if dot and stem else filename).strip()


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
