"""Evidence uploads and downloads.

The browser sends the file straight to S3 with a presigned POST: the key is the server's, under a
prefix that names the organisation, the case and the pending document, ending in S3's own
``${filename}`` so the original name arrives without any script on the page. S3 then sends the
browser back to the confirm page, which checks what arrived before anything becomes evidence.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import replace

from app.adapters.storage import Storage, UploadForm
from app.domain.evidence import (
    MAX_BYTES,
    Document,
    DocumentKind,
    DocumentStatus,
    display_name,
    too_large,
)
from app.domain.file_types import Refused, examine
from app.services import Services

DOWNLOAD_SECONDS = 60


class NotArrived(Exception):
    """S3 sent the browser back, but no file of this upload is in the bucket."""


def upload_prefix(org_id: str, case_id: str, doc_id: str) -> str:
    return f"evidence/{org_id}/{case_id}/{doc_id}/"


def start_upload(
    services: Services, org_id: str, case_id: str, kind: DocumentKind, invoice_number: str, actor: str
) -> Document:
    """Write the pending document an upload form is about to be shown for."""
    now = services.clock.now()
    doc_id = secrets.token_hex(10)
    document = Document(
        doc_id=doc_id,
        case_id=case_id,
        kind=kind,
        filename="",
        content_type="",
        size=0,
        storage_key=upload_prefix(org_id, case_id, doc_id),
        uploaded_by=actor,
        uploaded_at=now,
        invoice_number=invoice_number,
        status=DocumentStatus.PENDING,
    )
    services.documents.start(org_id, document, now=now)
    return document


def upload_form(services: Services, document: Document, redirect_to: str) -> UploadForm:
    # S3 replaces ${filename} with the chosen file's name; the policy only lets it write under the prefix.
    key = document.storage_key + "${filename}"
    return services.storage.upload_form(key, max_bytes=MAX_BYTES, redirect_to=redirect_to)


def confirm_upload(services: Services, org_id: str, document: Document, key: str, actor: str) -> Document:
    """Check the file S3 says arrived at ``key``: the document comes back accepted or refused.

    ``key`` comes from the browser (S3 appends it to the redirect), so it is only believed within
    the pending document's own prefix.
    """
    if document.status is not DocumentStatus.PENDING:
        return document
    prefix = document.storage_key
    if not key.startswith(prefix) or len(key) == len(prefix):
        raise NotArrived(key)
    size = services.storage.size(key)
    if size is None:
        raise NotArrived(key)
    filename = display_name(key[len(prefix) :]) or "The file"
    now = services.clock.now()
    arrived = replace(
        document, filename=filename, size=size, storage_key=key, uploaded_by=actor, uploaded_at=now
    )
    try:
        data = read_checked(services.storage, key, filename, size)
        file_type = examine(filename, data)
    except Refused as exc:
        services.storage.delete(key)
        refused = replace(arrived, status=DocumentStatus.REFUSED, reason=exc.message)
        services.documents.refuse(org_id, refused, now=now)
        return refused
    accepted = replace(arrived, content_type=file_type.content_type, status=DocumentStatus.ACCEPTED)
    if services.documents.accept(org_id, accepted, actor=actor, at=now):
        return accepted
    # Confirmed by another request at the same moment (a double click): that one wrote it.
    return services.documents.get(org_id, document.case_id, document.doc_id) or accepted


def read_checked(storage: Storage, key: str, filename: str, size: int) -> bytes:
    """The whole object (at most 25 MB): text and Office files are only known from all of it."""
    if size > MAX_BYTES:
        raise Refused(too_large(filename, size))
    data = storage.open(key).read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # replaced by a larger file since it was measured
        raise Refused(too_large(filename, len(data)))
    return data


def download_url(services: Services, org_id: str, document: Document, actor: str) -> str:
    """Note the download on the case's timeline, then a link to the file that works for a minute."""
    services.documents.downloaded(org_id, document, by=actor, at=services.clock.now())
    return services.storage.download_url(
        document.storage_key, ascii_name(document.filename), document.content_type, DOWNLOAD_SECONDS
    )


def share(
    services: Services, org_id: str, case_id: str, doc_id: str, shared: bool, actor: str
) -> Document | None:
    """Show a piece of evidence to the debtor, or stop; None when the case has no such evidence."""
    return services.documents.share(org_id, case_id, doc_id, shared, actor=actor, at=services.clock.now())


def ascii_name(filename: str) -> str:
    """The name for Content-Disposition's plain filename parameter, which only carries ASCII."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    stem, extension = _ascii(stem) or "evidence", _ascii(extension)
    return f"{stem}.{extension}" if extension else stem


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isprintable() and ch not in '"\\;').strip()
