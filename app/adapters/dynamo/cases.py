"""Case repository: hand-overs written in batches, case pages and case lists read by key.

Every method takes the organisation id first and builds every key from it, so a creditor's request
can only ever touch that creditor's partition (see models.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from pynamodb.exceptions import DoesNotExist, PutError

from app.adapters.dynamo import keys
from app.adapters.dynamo.documents import DocumentItem
from app.adapters.dynamo.engine_state import first_visit
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


@dataclass
class HeldHeaders:
    """Headers of the cases created while one hand-over lease is held.

    A large import meets the same debtor again in later chunks; rather than a conditional put per
    case and chunk, the chunks add to these in memory and ``CaseRepository.flush`` writes them in
    batches. Only the lease holder creates or changes claims of these brand-new cases, and the
    lease's journal names them, so a crash before the flush is repaired by recomputing them.
    The flush's unconditional put could only lose a revocation of the debtor's links made in the
    meantime, and that would have revoked nothing: the engine issues a case's first link only after
    this invocation is over (engine_state.first_visit).
    """

    items: dict[str, CaseItem] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)


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
        currencies: dict[str, str] = {}
        for found in LookupItem.batch_get(list(wanted)):
            kind, _, value = found.sk.partition("#")
            if kind == "INVOICE":
                invoices[value] = found.case_id
                handed_over_by[value] = found.handover
            else:
                cases[value] = found.case_id
                if found.currency:  # kept on the debtor look-up so no header needs reading
                    currencies[found.case_id] = found.currency
        unknown = set(cases.values()) - set(currencies)
        currencies.update({case_id: h.currency for case_id, h in self._headers(org_id, unknown).items()})
        return Known(invoices=invoices, handed_over_by=handed_over_by, cases=cases, currencies=currencies)

    def apply(
        self,
        org_id: str,
        plan: Plan,
        handover: Handover,
        *,
        today: date,
        early_days: int,
        held: HeldHeaders | None = None,
    ) -> Applied:
        """Write the plan in BatchWriteItem calls of 25 items, then update the headers of the cases
        that already existed (one conditional PutItem each).

        Every key is derived from the hand-over, so running the same hand-over again rewrites the
        same records. New cases' headers go first, so a crash can leave a header ahead of its claims
        but never claims without a header; the caller's journal (locks.py) names the cases to
        recompute after a crash, and claims a replay had already stored are not counted again.

        With ``held``, the headers of cases created under the same lease stay in memory and later
        hand-overs add to them there; ``flush`` writes them in batches (see HeldHeaders).
        """
        pk = keys.org(org_id)
        with PortalItem.batch_write() as batch:
            for change in plan.new_cases:
                header = _new_header(org_id, change, handover.at, today, early_days)
                batch.save(header)
                if held is not None:
                    held.items[change.case_id] = header
            for change in plan.changes.values():
                case_pk = keys.case_items(org_id, change.case_id)
                for item in change.claims:
                    number = item.claim.invoice_number
                    batch.save(
                        claim_item(
                            case_pk, item.claim, source=handover.source, now=handover.at, handover=handover.id
                        )
                    )
                    batch.save(_claim_event(case_pk, number, item.ref, handover))
                    batch.save(
                        LookupItem(
                            pk=pk, sk=keys.invoice(number), case_id=change.case_id, handover=handover.id
                        )
                    )
                replay = any(i.claim.invoice_number in plan.replayed for i in change.claims)
                # Look-ups the creditor already has are not written again (a debtor recurs often).
                for match_key in change.new_keys:
                    batch.save(
                        LookupItem(
                            pk=pk, sk=keys.debtor(match_key), case_id=change.case_id, currency=change.currency
                        )
                    )
                if change.is_new or replay:
                    name = keys.name(change.debtor.name, change.case_id)
                    batch.save(LookupItem(pk=pk, sk=name, case_id=change.case_id))
        existing = []
        for change in (c for c in plan.changes.values() if not c.is_new):
            replay = any(i.claim.invoice_number in plan.replayed for i in change.claims)
            if held is not None and change.case_id in held.items and not replay:
                _added(held.items[change.case_id], [i.claim for i in change.claims], today, early_days)
                held.dirty.add(change.case_id)
            else:
                existing.append(change)
        headers = self._headers(org_id, {c.case_id for c in existing})
        additions = []
        for change in existing:
            header = headers.get(change.case_id)
            if header is None or any(i.claim.invoice_number in plan.replayed for i in change.claims):
                # A replay cannot know which of its claims were counted before: count them all.
                self.recompute(
                    org_id, change.case_id, today, early_days, debtor_change=change, at=handover.at
                )
            else:
                additions.append((header, [i.claim for i in change.claims]))
        self._add_to_headers(org_id, additions, today, early_days)
        return Applied(case_ids=list(plan.changes), new_cases=len(plan.new_cases), claims=plan.accepted)

    def flush(self, held: HeldHeaders) -> int:
        """Write the held headers that changed, 25 to a BatchWriteItem; returns how many."""
        with PortalItem.batch_write() as batch:
            for case_id in sorted(held.dirty):
                batch.save(held.items[case_id])
        written, held.dirty = len(held.dirty), set()
        return written

    def _add_to_headers(
        self, org_id: str, additions: list[tuple[CaseItem, list]], today: date, early_days: int
    ):
        """Add new claims to existing headers, each put only if its version is still the one read (the
        engine may change a case meanwhile); a header changed meanwhile is read again. The put writes
        the whole header as read, so what others set on it (the engine's schedule, the time the
        debtor's links were revoked) is carried over; both count the version up when they write.

        One conditional PutItem per case. TransactWriteItems could group 100 of them, but moto copies
        every table on each transaction, which would make the local portal and the tests crawl.
        """
        for header, claims in additions:
            version = int(header.version)
            _added(header, claims, today, early_days)
            try:
                header.save(condition=CaseItem.version == version)
            except PutError:
                self._add_to_header(org_id, header.case_id, claims, today, early_days)

    def _add_to_header(self, org_id: str, case_id: str, claims, today: date, early_days: int) -> None:
        for _attempt in range(3):
            header = CaseItem.get(keys.org(org_id), keys.case_header(case_id))
            version = int(header.version)
            _added(header, claims, today, early_days)
            try:
                header.save(condition=CaseItem.version == version)
                return
            except PutError:
                continue  # changed meanwhile: read again
        raise ConcurrentChange(case_id)

    def recompute(
        self,
        org_id: str,
        case_id: str,
        today: date,
        early_days: int,
        *,
        debtor_change: CaseChange | None = None,
        at: datetime | None = None,
    ) -> None:
        """Rebuild a case header from its stored claims (after a crash; see locks.py), and give every
        stored claim its invoice look-up, which a crash between the two writes may have left out."""
        pk = keys.org(org_id)
        for _attempt in range(3):
            items = list(ClaimItem.query(keys.case_items(org_id, case_id), ClaimItem.sk.startswith("CLAIM#")))
            self._restore_invoice_lookups(org_id, case_id, items)
            claims = [to_claim(i) for i in items]
            try:
                header = CaseItem.get(pk, keys.case_header(case_id))
            except DoesNotExist:
                if debtor_change is None or not claims:
                    return  # nothing was stored for it, so there is nothing to repair
                header = _new_header(org_id, debtor_change, at, today, early_days)
                header.version = 0
            if not claims:
                return
            version = int(header.version)
            header.outstanding_cents = sum(to_cents(c.outstanding) for c in claims)
            header.claim_count = len(claims)
            header.claim_type = _claim_type(claims, "B2C")
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
        raise ConcurrentChange(case_id)

    def _restore_invoice_lookups(self, org_id: str, case_id: str, items: list[ClaimItem]) -> None:
        pk = keys.org(org_id)
        wanted = {keys.invoice(i.invoice_number): i.handover for i in items}
        present = {i.sk for i in LookupItem.batch_get([(pk, sk) for sk in wanted])}
        with PortalItem.batch_write() as batch:
            for sk in sorted(set(wanted) - present):
                batch.save(LookupItem(pk=pk, sk=sk, case_id=case_id, handover=wanted[sk]))

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
        claim_type=_claim_type(claims, "B2C"),
    )
    _index(header)
    first_visit(header, at)
    return header


def _added(header: CaseItem, claims, today: date, early_days: int) -> None:
    """The header with new claims counted in, its version one higher."""
    header.outstanding_cents = int(header.outstanding_cents) + sum(to_cents(c.outstanding) for c in claims)
    header.claim_count = int(header.claim_count) + len(claims)
    header.claim_type = _claim_type(claims, header.claim_type)
    header.oldest_due = min(header.oldest_due, *(c.due_date.isoformat() for c in claims))
    if header.phase == Phase.NOT_YET_DUE.value:
        header.phase = initial_phase(claims, today, early_days).value
    _index(header)
    header.version = int(header.version) + 1


def _claim_type(claims, current: str) -> str:
    return "B2B" if current == "B2B" or any(c.claim_type.value == "B2B" for c in claims) else "B2C"


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
