"""Evidence documents: pk ORG#<org>#CASE#<case>, sk DOC#<id>; the file itself is in S3 at ``s3_key``.

Every method takes the organisation id first and builds every key from it (see models.py), so a
creditor can only ever reach the documents of its own cases. A document is written *pending* before
its upload form is shown, and becomes *accepted* (with its timeline event, in one transaction) or
*refused* when the server has checked what arrived. Pending and refused records expire on their own.
Accepted evidence can be *shared*: the debtor's page shows it; sharing and its timeline entry are
one transaction too.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from app.adapters.dynamo import keys
from app.adapters.dynamo.mapping import to_document
from app.adapters.dynamo.models import EventItem, LookupItem, PortalItem
from app.domain.evidence import Document, DocumentStatus
from app.domain.timeline import EventKind

PENDING_FOR = timedelta(days=1)  # an upload form nobody used: the record goes (DynamoDB TTL)
REFUSED_FOR = timedelta(days=30)  # long enough to show the refusal again, and to look into it


class DocumentItem(PortalItem, discriminator="Document"):
    """Evidence on a case: pk ORG#<org>#CASE#<case>, sk DOC#<id>."""

    doc_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    doc_kind = UnicodeAttribute()  # invoice, contract...: "kind" already names every item's record type
    filename = UnicodeAttribute(default="")
    content_type = UnicodeAttribute(default="")
    size = NumberAttribute(default=0)
    s3_key = UnicodeAttribute()  # while pending: the prefix the upload form may write under
    uploaded_by = UnicodeAttribute()
    uploaded_at = UTCDateTimeAttribute()
    invoice_number = UnicodeAttribute(null=True)  # the claim it belongs to; none for the whole case
    status = UnicodeAttribute()  # pending, accepted, refused
    reason = UnicodeAttribute(default="")  # why it was refused, as the creditor was told
    source = UnicodeAttribute(default="")  # "upload", or "zip <archive>" for a bulk attach
    shared = BooleanAttribute(default=False)  # shown to the debtor on the debtor's page


def doc_key(doc_id: str) -> str:
    return f"DOC#{doc_id}"


class DocumentRepository:
    def start(self, org_id: str, document: Document, *, now: datetime) -> None:
        """The pending record of an upload form about to be shown."""
        item = _item(org_id, document, source="upload")
        item.expires_at = int((now + PENDING_FOR).timestamp())
        item.save(condition=DocumentItem.pk.does_not_exist())

    def get(self, org_id: str, case_id: str, doc_id: str) -> Document | None:
        try:
            item = DocumentItem.get(keys.case_items(org_id, case_id), doc_key(doc_id), consistent_read=True)
        except DoesNotExist:
            return None
        return to_document(item)

    def accept(self, org_id: str, document: Document, *, actor: str, at: datetime) -> bool:
        """A checked upload becomes evidence; False when it was no longer pending (confirmed twice)."""
        item = _item(org_id, document, source="upload")
        return _with_event(org_id, item, DocumentItem.status == DocumentStatus.PENDING.value, actor, at)

    def add(self, org_id: str, document: Document, *, source: str, actor: str, at: datetime) -> bool:
        """Store evidence that was checked already (bulk attach); False when it is there already."""
        item = _item(org_id, document, source=source)
        return _with_event(org_id, item, DocumentItem.pk.does_not_exist(), actor, at)

    def share(
        self, org_id: str, case_id: str, doc_id: str, shared: bool, *, actor: str, at: datetime
    ) -> Document | None:
        """Show accepted evidence to the debtor, or stop showing it; the document as it is then.

        None when the case has no such accepted document, which includes another organisation's:
        the key starts with ``org_id``. Asking for what already is writes nothing, and the update is
        conditional on the state just read, so a double click or two people at once make one entry.
        """
        document = self.get(org_id, case_id, doc_id)
        if document is None or document.status is not DocumentStatus.ACCEPTED:
            return None
        if document.shared == shared:
            return document
        was = DocumentItem.shared == document.shared
        if not document.shared:
            was = was | DocumentItem.shared.does_not_exist()  # stored before evidence could be shared
        item = DocumentItem(pk=keys.case_items(org_id, case_id), sk=doc_key(doc_id))
        summary = document.sharing_summary(shared)
        event = _event(org_id, document, EventKind.EVIDENCE_SHARED, summary, actor, at, shared=shared)
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.update(
                    item,
                    [DocumentItem.shared.set(shared)],
                    condition=(DocumentItem.status == DocumentStatus.ACCEPTED.value) & was,
                )
                transaction.save(event)
        except TransactWriteError as exc:
            if exc.cause_response_code != "TransactionCanceledException":
                raise
            # Changed by another request at the same moment: that one wrote it.
            again = self.get(org_id, case_id, doc_id)
            return again if again and again.status is DocumentStatus.ACCEPTED else None
        return replace(document, shared=shared)

    def refuse(self, org_id: str, document: Document, *, now: datetime) -> None:
        item = _item(org_id, document, source="upload")
        item.expires_at = int((now + REFUSED_FOR).timestamp())
        item.save()

    def downloaded(self, org_id: str, document: Document, *, by: str, at: datetime) -> None:
        _event(
            org_id, document, EventKind.EVIDENCE_DOWNLOADED, document.downloaded_summary(by), by, at
        ).save()

    def invoice_cases(self, org_id: str, numbers: Iterable[str]) -> dict[str, str]:
        """Invoice number -> case id for those of the creditor's invoices that exist."""
        pk = keys.org(org_id)
        wanted = sorted({n for n in numbers if n})
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 100):
            batch = [(pk, keys.invoice(n)) for n in wanted[start : start + 100]]
            for item in LookupItem.batch_get(batch):
                found[item.sk.removeprefix("INVOICE#")] = item.case_id
        return found


def _item(org_id: str, document: Document, *, source: str) -> DocumentItem:
    return DocumentItem(
        pk=keys.case_items(org_id, document.case_id),
        sk=doc_key(document.doc_id),
        doc_id=document.doc_id,
        case_id=document.case_id,
        doc_kind=document.kind.value,
        filename=document.filename,
        content_type=document.content_type,
        size=document.size,
        s3_key=document.storage_key,
        uploaded_by=document.uploaded_by,
        uploaded_at=document.uploaded_at,
        invoice_number=document.invoice_number or None,
        status=document.status.value,
        reason=document.reason,
        source=source,
        shared=document.shared,
    )


def _with_event(org_id: str, item: DocumentItem, condition: Condition, actor: str, at: datetime) -> bool:
    document = to_document(item)
    event = _event(org_id, document, EventKind.EVIDENCE_ADDED, document.added_summary(), actor, at)
    try:
        with TransactWrite(connection=_connection()) as transaction:
            transaction.save(item, condition=condition)
            transaction.save(event)
    except TransactWriteError as exc:
        if exc.cause_response_code == "TransactionCanceledException":
            return False
        raise
    return True


def _event(
    org_id: str, document: Document, kind: EventKind, summary: str, actor: str, at: datetime, **details
):
    # An evidence_added event is keyed by its document, so storing the document again cannot add a
    # second one; downloads are each their own event.
    event_id = document.doc_id if kind is EventKind.EVIDENCE_ADDED else secrets.token_hex(6)
    return EventItem(
        pk=keys.case_items(org_id, document.case_id),
        sk=f"EVENT#{at.isoformat()}#{event_id}",
        event_type=kind.value,
        summary=summary,
        actor=actor,
        at=at,
        details={
            "doc_id": document.doc_id,
            "document_kind": document.kind.value,
            "filename": document.filename,
            "size": document.size,
            "invoice_number": document.invoice_number,
            **details,
        },
    )


def _connection():
    # Transactions take a connection; the model's own one is already bound to the configured table.
    return DocumentItem._get_connection().connection
