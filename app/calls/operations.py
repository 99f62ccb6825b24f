"""Calls to debtors: what came of one, written down once whoever made it (creditor or operator)."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.errors import InvalidField
from app.domain.organisation import Organisation
from app.domain.timeline import CallOutcome, EventKind
from app.services import Services

OUTCOME_LABELS = {
    CallOutcome.REACHED: "Reached the debtor",
    CallOutcome.PROMISE: "Promised to pay",
    CallOutcome.PAYMENT_SENT: "Says they have paid",
    CallOutcome.DISPUTE: "Disputes the claim",
    CallOutcome.VOICEMAIL: "Left a voicemail",
    CallOutcome.NO_ANSWER: "No answer",
    CallOutcome.UNREACHABLE: "Wrong or dead number",
}


def log_call(
    services: Services,
    org: Organisation,
    case_id: str,
    *,
    outcome: CallOutcome,
    notes: str,
    promise_date: date | None,
    by: str,
    now: datetime,
    once: str = "",
) -> int:
    """Write the call on the case's timeline and close the case's open call tasks; returns how many
    were closed. A promise pauses the case first, so a refused date leaves nothing half written."""
    # The engine (contact rules, interest data, message rendering) loads on first use, not with
    # every page of the portal: it is most of a cold start otherwise.
    from app.engine.operations import after_call, pause_for_promise

    if outcome is CallOutcome.PROMISE:
        if promise_date is None:
            raise InvalidField("promise_date", "Say by which date the debtor promised to pay.")
        pause_for_promise(services, org, case_id, due=promise_date, by=by, now=now, key=once or None)
    after_call(services, org, case_id, outcome=outcome.value, by=by, now=now)
    label = OUTCOME_LABELS[outcome]
    services.timeline.add(
        org.org_id,
        case_id,
        kind=EventKind.CALL,
        summary=f"Call: {label} – {notes}" if notes else f"Call: {label}",
        actor=by,
        at=now,
        key=f"call:{once}" if once else None,
        details={
            "outcome": outcome.value,
            "promise_date": promise_date.isoformat() if outcome is CallOutcome.PROMISE else None,
        },
    )
    closed = 0
    for task in services.calls.for_case(org.org_id, case_id):
        if task.status == "open" and services.calls.close(
            org.org_id, case_id, task.action, by=by, at=now, outcome=outcome.value
        ):
            closed += 1
    return closed
