"""Between PynamoDB items and the domain's Case, Claim, Debtor and ContactEvent."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.adapters.dynamo.models import CaseItem, ClaimItem, DebtorAttribute, EventItem
from app.adapters.dynamo.money import from_cents, to_cents
from app.domain.case import Case, Phase
from app.domain.claim import Claim, ClaimType
from app.domain.debtor import Debtor, DebtorKind
from app.domain.evidence import Document, DocumentKind, DocumentStatus
from app.domain.timeline import ContactEvent

if TYPE_CHECKING:  # documents.py maps its items with this module: no import at run time
    from app.adapters.dynamo.documents import DocumentItem


def debtor_attribute(debtor: Debtor) -> DebtorAttribute:
    return DebtorAttribute(
        kind=debtor.kind.value,
        name=debtor.name,
        country=debtor.country,
        id_number=debtor.id_number,
        email=debtor.email,
        phone=debtor.phone,
        street=debtor.street,
        postcode=debtor.postcode,
        city=debtor.city,
        language=debtor.language or "en",
    )


def to_debtor(attr: DebtorAttribute) -> Debtor:
    return Debtor(
        kind=DebtorKind(attr.kind),
        name=attr.name,
        country=attr.country,
        id_number=attr.id_number,
        email=attr.email,
        phone=attr.phone,
        street=attr.street,
        postcode=attr.postcode,
        city=attr.city,
        language=attr.language,
    )


def claim_item(pk: str, claim: Claim, *, source: str, now, handover: str = "") -> ClaimItem:
    return ClaimItem(
        pk=pk,
        sk=f"CLAIM#{claim.invoice_number}",
        invoice_number=claim.invoice_number,
        issue_date=claim.issue_date.isoformat(),
        due_date=claim.due_date.isoformat(),
        principal_cents=to_cents(claim.principal),
        paid_cents=to_cents(claim.paid),
        currency=claim.currency,
        claim_type=claim.claim_type.value,
        description=claim.description,
        contract_reference=claim.contract_reference,
        source=source,
        handover=handover,
        created_at=now,
    )


def to_claim(item: ClaimItem) -> Claim:
    return Claim(
        invoice_number=item.invoice_number,
        issue_date=date.fromisoformat(item.issue_date),
        due_date=date.fromisoformat(item.due_date),
        principal=from_cents(item.principal_cents),
        currency=item.currency,
        claim_type=ClaimType(item.claim_type),
        description=item.description,
        contract_reference=item.contract_reference,
        paid=from_cents(item.paid_cents),
    )


def to_case(item: CaseItem, claims=(), events=(), documents=()) -> Case:
    return Case(
        case_id=item.case_id,
        org_id=item.org_id,
        debtor=to_debtor(item.debtor),
        phase=Phase(item.phase),
        currency=item.currency,
        outstanding=from_cents(item.outstanding_cents),
        claim_count=int(item.claim_count),
        oldest_due=date.fromisoformat(item.oldest_due),
        opened_at=item.opened_at,
        claims=tuple(claims),
        events=tuple(events),
        documents=tuple(documents),
        links_revoked_at=item.links_revoked_at,
    )


def to_event(item: EventItem) -> ContactEvent:
    return ContactEvent(
        event_id=item.sk.rsplit("#", 1)[-1],
        kind=item.event_type,
        summary=item.summary,
        actor=item.actor,
        at=item.at,
        details=item.details.as_dict() if item.details else {},
    )


def to_document(item: DocumentItem) -> Document:
    return Document(
        doc_id=item.doc_id,
        case_id=item.case_id,
        kind=DocumentKind(item.doc_kind),
        filename=item.filename,
        content_type=item.content_type,
        size=int(item.size),
        storage_key=item.s3_key,
        uploaded_by=item.uploaded_by,
        uploaded_at=item.uploaded_at,
        invoice_number=item.invoice_number or "",
        status=DocumentStatus(item.status),
        reason=item.reason,
        shared=bool(item.shared),
    )
