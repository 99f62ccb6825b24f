"""Bulk attach: a ZIP of documents named by invoice number, each put on the claim it names.

``attach_zip`` is a plain function of plain data (ids and an S3 key in, a Report out), so the view
calls it now and a queue worker can call it for very large archives later. Each accepted file is
stored as its own S3 object and document, with a timeline event on its case; the archive itself is
deleted afterwards. A document's id comes from its case, name and content, so attaching the same
file to the same claim again (the same ZIP uploaded twice) adds nothing twice.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from itertools import chain
from typing import BinaryIO

from app.domain.evidence import (
    Document,
    DocumentKind,
    display_name,
    invoice_candidates,
    kind_from_name,
    size_label,
)
from app.domain.file_types import Refused, examine
from app.evidence.archive import ArchiveRefused, CheckedZip, entry_path
from app.services import Services

MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
SPOOL_IN_MEMORY = 16 * 1024 * 1024  # larger archives go to a temporary file (Lambda's /tmp)


@dataclass(frozen=True)
class Attached:
    entry: str  # the path inside the archive
    invoice_number: str
    case_id: str
    kind: DocumentKind
    size: int
    again: bool = False  # the same file was on that claim already: nothing was added

    @property
    def size_label(self) -> str:
        return size_label(self.size)


@dataclass(frozen=True)
class RefusedEntry:
    entry: str
    reason: str


@dataclass(frozen=True)
class Unmatched:
    entry: str
    invoice_number: str  # what the name was read as


@dataclass
class Report:
    archive: str
    attached: list[Attached] = field(default_factory=list)
    refused: list[RefusedEntry] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # hidden files, __MACOSX/, Thumbs.db...
    problem: str = ""  # the archive as a whole could not be used


def bulk_prefix(org_id: str, upload_id: str) -> str:
    return f"evidence/{org_id}/bulk/{upload_id}/"


def attach_zip(services: Services, org_id: str, zip_key: str, actor: str) -> Report:
    """Attach every file of the ZIP at ``zip_key`` to the creditor's claim its name gives."""
    report = Report(archive=display_name(zip_key))
    size = services.storage.size(zip_key)
    if size is None:
        report.problem = (
            f"{report.archive} is not there: it was attached already (its files are on their cases), "
            "or the upload did not finish."
        )
        return report
    try:
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveRefused(f"{report.archive} is {size_label(size)}; the limit is 200 MB. Split it.")
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
            _copy(services.storage.open(zip_key), spool)
            _attach_all(services, org_id, CheckedZip(spool, report.archive), actor, report)
    except ArchiveRefused as exc:
        report.problem = exc.message
    finally:
        services.storage.delete(zip_key)  # the files that were kept are stored on their own
    return report


def _attach_all(services: Services, org_id: str, archive: CheckedZip, actor: str, report: Report) -> None:
    report.skipped = archive.skipped
    names = {info.filename: display_name(entry_path(info)) for info in archive.files}
    candidates = {path: invoice_candidates(name) for path, name in names.items()}
    # One look-up for every invoice number any name may mean, before anything is unpacked.
    cases = services.documents.invoice_cases(org_id, chain.from_iterable(candidates.values()))
    source = f"zip {archive.name}"
    for info in archive.files:
        path, name = entry_path(info), names[info.filename]
        try:
            data = archive.read(info)
            file_type = examine(name, data)
        except Refused as exc:
            report.refused.append(RefusedEntry(path, exc.message))
            continue
        invoice = next((c for c in candidates[info.filename] if c in cases), None)
        if invoice is None:
            report.unmatched.append(Unmatched(path, _as_read(candidates[info.filename])))
            continue
        case_id = cases[invoice]
        digest = hashlib.sha256(data).hexdigest()
        doc_id = hashlib.sha256(f"{case_id}|{invoice}|{name}|{digest}".encode()).hexdigest()[:20]
        kind = kind_from_name(name, invoice)
        now = services.clock.now()
        document = Document(
            doc_id=doc_id,
            case_id=case_id,
            kind=kind,
            filename=name,
            content_type=file_type.content_type,
            size=len(data),
            storage_key=f"evidence/{org_id}/{case_id}/{doc_id}/{name}",
            uploaded_by=actor,
            uploaded_at=now,
            invoice_number=invoice,
        )
        services.storage.put(document.storage_key, data, file_type.content_type)
        added = services.documents.add(org_id, document, source=source, actor=actor, at=now)
        report.attached.append(Attached(path, invoice, case_id, kind, len(data), again=not added))


def _as_read(candidates: list[str]) -> str:
    """The invoice number as people mean it: the name up to its first space or underscore."""
    return min(candidates, key=len, default="")


def _copy(source: BinaryIO, target: BinaryIO) -> None:
    # S3 kept the upload within 200 MB (the form's policy); stop at the limit in case it did not.
    copied = 0
    while chunk := source.read(1024 * 1024):
        copied += len(chunk)
        if copied > MAX_ARCHIVE_BYTES:
            raise ArchiveRefused("The archive is larger than 200 MB. Split it.")
        target.write(chunk)
