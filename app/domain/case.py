"""A case: every claim of one debtor at one creditor, moving through the collection phases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain.claim import Claim
from app.domain.debtor import Debtor
from app.domain.evidence import Document
from app.domain.timeline import ContactEvent


class Phase(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    EARLY = "early_collection"
    LATE = "late_collection"
    AWAITING_APPROVAL = "awaiting_escalation_approval"
    LEGAL = "legal"
    PROMISE = "promise_to_pay"
    PLAN = "payment_plan"
    DISPUTE = "dispute"
    HARDSHIP = "hardship"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.NOT_YET_DUE: "Not yet due",
    Phase.EARLY: "Early collection",
    Phase.LATE: "Late collection",
    Phase.AWAITING_APPROVAL: "Awaiting escalation approval",
    Phase.LEGAL: "Legal",
    Phase.PROMISE: "Promise to pay",
    Phase.PLAN: "Payment plan",
    Phase.DISPUTE: "Dispute",
    Phase.HARDSHIP: "Hardship",
    Phase.CLOSED: "Closed",
}


def initial_phase(claims: list[Claim], today: date, early_days: int = 60) -> Phase:
    """The phase a new case starts in, from its oldest due date."""
    due = [c for c in claims if c.is_due(today)]
    if not due:
        return Phase.NOT_YET_DUE
    oldest = max(c.days_past_due(today) for c in due)
    return Phase.EARLY if oldest <= early_days else Phase.LATE


@dataclass(frozen=True)
class Case:
    case_id: str
    org_id: str
    debtor: Debtor
    phase: Phase
    currency: str
    outstanding: Decimal
    claim_count: int
    oldest_due: date
    opened_at: datetime
    claims: tuple[Claim, ...] = field(default=())
    events: tuple[ContactEvent, ...] = field(default=())  # newest first
    documents: tuple[Document, ...] = field(default=())  # accepted evidence, newest first
    # The creditor revoked the debtor's personal links then: every link issued up to that moment
    # stops working (links issued later, by the next reminder, work again).
    links_revoked_at: datetime | None = None

    def age_days(self, today: date) -> int:
        return max(0, (today - self.oldest_due).days)
