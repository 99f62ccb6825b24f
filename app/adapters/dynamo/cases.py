"""Case repository: hand-overs written in batches, case pages and case lists read by key.

Every method takes the organisation id first and builds every key from it, so a creditor's request
can only ever touch that creditor's partition (see models.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pynamodb.exceptions import DoesNotExist, PutError

from app.adapters.dynamo import keys
from app.adapters.dynamo.documents import DocumentItem
from app.adapters.dynamo.mapping import (
    claim_item,
    debtor_attribute,
    to_case,
    to_claim,
    to_document,
    to_event,
)
from app.adapters.dynamo.models import CaseItem, ClaimItem, EventItem, LookupItem, PortalItem
from app.adapters.dynamo.money import to_cents
from app.domain.case import Case, Phase, initial_phase
from app.domain.evidence import DocumentStatus
from app.domain.handover import CaseChange, Incoming, Known, Plan
from app.domain.timeline import EventKind

CASE_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


def new_case_id() -> str:
    return "".join(secrets.choice(CASE_ID_ALPHABET) for _ in range(10))


class ConcurrentChange(Exception):
    """Another hand-over changed the same case at the same moment; retrying reads it afresh."""


@dataclass(frozen=True)
class Applied:
    case_ids: list[str]
    new_cases: int
    claims: int


@dataclass(frozen=True)
class Handover:
    """One hand-over: its id (stable across replays) and the moment it started (also stable)."""

    id: str
    at: datetime
    source: str
    actor: str


class CaseRepository:
    def known(self, org_id: str, incoming: Iterable[Incoming]) -> Known:
        """What the creditor already has of these invoices and debtors: one BatchGetItem per 100."""
        pk = keys.org(org_id)
        wanted: set[tuple[str, str]] = set()
        for item in incoming:
            wanted.add((pk, keys.invoice(item.claim.invoice_number)))
            wanted.update((pk, keys.debtor(k)) for k in item.debtor.match_keys)
        invoices: dict[str, str] = {}
        handed_over_by: dict[str, str] = {}
        cases: dict[str, str] = {}
        for found in LookupItem.batch_get(list(wanted)):
            kind, _, value = found.sk.partition("#")
            if kind == "INVOICE":
                invoices[value] = found.case_id
                handed_over_by[value] = found.handover
            else:
                cases[value] = found.case_id
        headers = self._headers(org_id, set(cases.values()))
        return Known(
            invoices=invoices,
            handed_over_by=handed_over_by,
            cases=cases,
            currencies={case_id: h.currency for case_id, h in headers.items()},
        )

    def apply(self, org_id: str, plan: Plan, handover: Handover, *, today: date, early_days: int) -> Applied:
        """Write the plan in BatchWriteItem calls of 25 items, then bring the headers of cases that
        already existed up to date from their stored claims.

        Every key is derived from the hand-over, so running the same hand-over again (after a crash
        half-way) rewrites the same records and completes the rest; nothing is counted twice because
        existing headers are recomputed from the claims, not incremented.
        """
        pk = keys.org(org_id)
        with PortalItem.batch_write() as batch:
            for change in plan.changes.values():
                case_pk = keys.case_items(org_id, change.case_id)
                for item in change.claims:
                    number = item.claim.invoice_number
                    batch.save(claim_item(case_pk, item.claim, source=handover.source, now=handover.at))
                    batch.save(_claim_event(case_pk, number, item.ref, handover))
                    batch.save(
                        LookupItem(
                            pk=pk, sk=keys.invoice(number), case_id=change.case_id, handover=handover.id
                        )
                    )
                for match_key in change.debtor.match_keys:
                    batch.save(LookupItem(pk=pk, sk=keys.debtor(match_key), case_id=change.case_id))
                batch.save(
                    LookupItem(
                        pk=pk, sk=keys.name(change.debtor.name, change.case_id), case_id=change.case_id
                    )
                )
                if change.is_new:
                    header = _new_header(org_id, change, handover.at, today, early_days)
                    batch.save(header)
        for change in plan.changes.values():
            if not change.is_new:
                self.refresh_header(org_id, change, handover.at, today, early_days)
        return Applied(case_ids=list(plan.changes), new_cases=len(plan.new_cases), claims=plan.accepted)

    def refresh_header(
        self, org_id: str, change: CaseChange, at: datetime, today: date, early_days: int
    ) -> None:
        """Recompute a case header from its stored claims; creates it if a crash left none."""
        pk = keys.org(org_id)
        for _attempt in range(3):
            claims = [
                to_claim(i)
                for i in ClaimItem.query(
                    keys.case_items(org_id, change.case_id), ClaimItem.sk.startswith("CLAIM#")
                )
            ]
            try:
                header = CaseItem.get(pk, keys.case_header(change.case_id))
            except DoesNotExist:
                header = _new_header(org_id, change, at, today, early_days)
                header.version = 0
            version = int(header.version)
            header.outstanding_cents = sum(to_cents(c.outstanding) for c in claims)
            header.claim_count = len(claims)
            header.oldest_due = min(c.due_date for c in claims).isoformat()
            if header.phase == Phase.NOT_YET_DUE.value:
                header.phase = initial_phase(claims, today, early_days).value
            _index(header)
            header.version = version + 1
            condition = CaseItem.version == version if version else CaseItem.pk.does_not_exist()
            try:
                header.save(condition=condition)
                return
            except PutError:
                continue  # changed under us: read again
        raise ConcurrentChange(change.case_id)

    def _headers(self, org_id: str, case_ids: set[str]) -> dict[str, CaseItem]:
        if not case_ids:
            return {}
        pk = keys.org(org_id)
        return {h.case_id: h for h in CaseItem.batch_get([(pk, keys.case_header(c)) for c in case_ids])}

    def get(self, org_id: str, case_id: str) -> Case | None:
        try:
            header = CaseItem.get(keys.org(org_id), keys.case_header(case_id))
        except DoesNotExist:
            return None
        claims, events, documents = [], [], []
        for item in PortalItem.query(keys.case_items(org_id, case_id)):
            if isinstance(item, ClaimItem):
                claims.append(to_claim(item))
            elif isinstance(item, EventItem):
                events.append(to_event(item))
            elif isinstance(item, DocumentItem) and item.status == DocumentStatus.ACCEPTED.value:
                documents.append(to_document(item))  # pending uploads and refused files are not evidence
        events.reverse()  # newest first
        documents.sort(key=lambda d: d.uploaded_at, reverse=True)
        return to_case(header, claims, events, documents)


def _new_header(org_id: str, change: CaseChange, at: datetime, today: date, early_days: int) -> CaseItem:
    claims = [i.claim for i in change.claims]
    header = CaseItem(
        pk=keys.org(org_id),
        sk=keys.case_header(change.case_id),
        case_id=change.case_id,
        org_id=org_id,
        debtor=debtor_attribute(change.debtor),
        phase=initial_phase(claims, today, early_days).value,
        currency=change.currency,
        outstanding_cents=sum(to_cents(c.outstanding) for c in claims),
        claim_count=len(claims),
        oldest_due=min(c.due_date for c in claims).isoformat(),
        opened_at=at,
        version=1,
    )
    _index(header)
    return header


def _claim_event(case_pk: str, invoice_number: str, ref: str, handover: Handover) -> EventItem:
    # The key comes from the hand-over and the invoice, so a replay overwrites instead of adding.
    digest = hashlib.sha256(f"{handover.id}|{invoice_number}".encode()).hexdigest()[:10]
    return EventItem(
        pk=case_pk,
        sk=f"EVENT#{handover.at.isoformat()}#{digest}",
        event_type=EventKind.CLAIM_IMPORTED.value,
        summary=f"Claim {invoice_number} handed over ({handover.source})",
        actor=handover.actor,
        at=handover.at,
        details={"invoice_number": invoice_number, "ref": ref},
    )


def _index(header: CaseItem) -> None:
    """Place the case in its phase's collections, by age (gsi1) and by amount (gsi2)."""
    collection = keys.phase_collection(header.org_id, header.phase)
    header.gsi1pk = collection
    header.gsi1sk = keys.age_order(header.oldest_due, header.case_id)
    header.gsi2pk = collection
    header.gsi2sk = keys.amount_order(int(header.outstanding_cents), header.case_id)
