"""The case's timeline: every event, in and out, written down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    CLAIM_IMPORTED = "claim_imported"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_DOWNLOADED = "evidence_downloaded"
    EVIDENCE_SHARED = "evidence_shared"  # shown to the debtor, or no longer (details: shared)
    NOTE = "note"
    PHASE_CHANGED = "phase_changed"
    MESSAGE_SENT = "message_sent"  # e-mail or SMS handed to SES / SNS
    MESSAGE_DELIVERED = "message_delivered"
    MESSAGE_BOUNCED = "message_bounced"  # bounces and complaints: the address is marked bad
    LETTER_PREPARED = "letter_prepared"
    CALL_TASK = "call_task"  # a call for an operator to make
    CALL = "call"  # a call made, with its outcome
    PROMISE = "promise"
    PROMISE_BROKEN = "promise_broken"
    PROMISE_KEPT = "promise_kept"
    PAYMENT_PLAN = "payment_plan"  # a payment plan agreed
    INSTALMENT_PAID = "instalment_paid"  # the last one paid: the plan is complete
    INSTALMENT_MISSED = "instalment_missed"  # the plan is broken
    DEBTOR_ACTION = "debtor_action"
    PAYMENT = "payment"
    LINKS_REVOKED = "links_revoked"  # the creditor revoked the debtor's personal links

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# The timeline's filter groups on the case page.
EVENT_GROUPS: dict[str, tuple[EventKind, ...]] = {
    "messages": (
        EventKind.MESSAGE_SENT,
        EventKind.MESSAGE_DELIVERED,
        EventKind.MESSAGE_BOUNCED,
        EventKind.LETTER_PREPARED,
        EventKind.LINKS_REVOKED,  # the links the messages carried
    ),
    "calls": (EventKind.CALL_TASK, EventKind.CALL),
    "arrangements": (
        EventKind.PROMISE,
        EventKind.PROMISE_BROKEN,
        EventKind.PROMISE_KEPT,
        EventKind.PAYMENT_PLAN,
        EventKind.INSTALMENT_PAID,
        EventKind.INSTALMENT_MISSED,
        EventKind.DEBTOR_ACTION,
        EventKind.PAYMENT,
    ),
    "phases": (EventKind.PHASE_CHANGED,),
    "notes": (EventKind.NOTE,),
    "claims": (
        EventKind.CLAIM_IMPORTED,
        EventKind.EVIDENCE_ADDED,
        EventKind.EVIDENCE_DOWNLOADED,
        EventKind.EVIDENCE_SHARED,
    ),
}


class CallOutcome(StrEnum):
    """What came of a call (OCA's outcomes)."""

    REACHED = "reached"
    PROMISE = "promise"
    PAYMENT_SENT = "payment_sent"  # the debtor says they have paid
    DISPUTE = "dispute"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    UNREACHABLE = "unreachable"  # wrong or dead number


@dataclass(frozen=True)
class ContactEvent:
    event_id: str
    kind: str
    summary: str
    actor: str
    at: datetime
    details: dict = field(default_factory=dict)
