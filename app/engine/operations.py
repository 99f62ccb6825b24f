"""The worker's part of the engine: take a due case, do what the policy says, write it down.

One due message leads to at most a few actions on one case (a case handed over long overdue may
first move to early collection, then get its first reminder). Each action is safe to repeat:

1. the send record is claimed with a conditional write before anything leaves (sends.py), so a
   duplicate or a retry never sends twice, and a claim whose worker died runs out and is taken over;
2. the timeline entry's key comes from the action, so a retry rewrites the same entry;
3. the case header is written last, conditional on the version read (engine_state.py); a header that
   changed meanwhile is read again, and the repeated action finds its send record already "sent".
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from app.adapters.dynamo import engine_state
from app.adapters.dynamo.due import iso
from app.domain import engine
from app.domain.case import Phase
from app.domain.phases import PAUSED, Facts, transition
from app.domain.schedule import ActionKind
from app.domain.timeline import EventKind

log = logging.getLogger("portal.engine")
MAX_ACTIONS = 5  # per message: enough for a case to catch up, never a loop


class CaseBusy(Exception):
    """Another worker is sending this case's message right now; the queue retries later."""


def run_due(services, message: dict, *, now: datetime) -> str:
    org_id = message["pk"].removeprefix("ORG#")
    case_id = message["sk"].removeprefix("CASE#")
    outcome, org = "not due", None
    for _ in range(MAX_ACTIONS):
        header = engine_state.read(org_id, case_id)
        if header is None:
            return "gone"
        if not header.due_at or header.due_at > iso(now):
            return outcome  # done by an earlier delivery, or moved on meanwhile
        org = org or services.organisations.get(org_id)  # read once, for every action it takes
        if org is None:
            return "gone"
        try:
            outcome = step(services, org, header, now=now)
        except engine_state.Stale:
            continue  # changed under us (a hand-over added a claim): decide again
    return outcome


def step(services, org, header, *, now: datetime) -> str:
    policy = org.policy
    facts = engine_state.facts(header)
    schedule = engine_state.schedule(header)
    action = engine.plan(facts, schedule, policy)
    if action is None:
        engine_state.save(header, schedule.waiting(None, ""), facts.phase)
        return "idle"
    if action.at > now:
        engine_state.save(header, schedule.waiting(action.at, action.key), facts.phase)
        return "planned"
    key = f"{schedule.done}-{action.key}"
    at = now
    if action.kind is ActionKind.SEND:
        from app.engine.delivery import deliver  # rendering and PDFs: only for a send

        delivered = deliver(services, org, header, action, key, now=now)
        if delivered is None:
            raise CaseBusy(header.case_id)
        at = delivered.at
    new, change = engine.performed(action, facts, schedule, policy, at)
    phase = change.target if change else facts.phase
    if change:
        record_change(services, org.org_id, header.case_id, change, key=f"{header.case_id}:{key}:phase")
    if action.kind is ActionKind.PROMISE_CHECK:
        broken = bool(new.follow_up)
        services.timeline.add(
            org.org_id,
            header.case_id,
            kind=EventKind.PROMISE_BROKEN if broken else EventKind.PROMISE_KEPT,
            summary="No payment by the promised date: the promise is broken."
            if broken
            else "Payment received as promised.",
            actor=engine.ENGINE,
            at=at,
            key=f"{header.case_id}:{key}:promise",
        )
    engine_state.save(header, planned(facts, new, policy, phase), phase)
    return action.kind.value


def planned(facts, schedule, policy, phase: Phase):
    """The schedule waiting for whatever the engine plans next for the case in ``phase``."""
    following = engine.plan(replace(facts, phase=phase), schedule, policy)
    return schedule.waiting(following.at if following else None, following.key if following else "")


def _current(org_id: str, case_id: str):
    """The case header as stored now, with the facts and the schedule the engine reads from it."""
    header = engine_state.read(org_id, case_id)
    if header is None:
        raise LookupError(case_id)
    return header, engine_state.facts(header), engine_state.schedule(header)


def record_change(services, org_id: str, case_id: str, change, key: str | None = None) -> None:
    services.timeline.add(
        org_id,
        case_id,
        kind=EventKind.PHASE_CHANGED,
        summary=f"{change.current.label} → {change.target.label}: {change.reason}",
        actor=change.actor,
        at=change.at,
        details={"from": change.current.value, "to": change.target.value},
        key=key,
    )


def after_call(services, org, case_id: str, *, outcome: str, by: str, now: datetime) -> None:
    """A call made counts as a contact (the gap rules, Greece's two days between calls); a dispute
    stops collection until the creditor resolves it; a dead number is not called or texted again."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        schedule = replace(schedule, last_contact_at=now, last_call_at=now)
        phase, change = facts.phase, None
        if outcome == "dispute" and phase not in (Phase.DISPUTE, Phase.CLOSED, Phase.LEGAL):
            change = transition(
                phase, Phase.DISPUTE, actor=by, reason="The debtor disputes the claim.", at=now
            )
            paused = schedule.paused_from if phase in PAUSED else phase
            schedule, phase = replace(schedule, paused_from=paused, promise=None), Phase.DISPUTE
        if outcome == "unreachable":
            schedule = replace(schedule, bad_channels=schedule.bad_channels | {"call", "sms"})
        try:
            engine_state.save(header, planned(facts, schedule, org.policy, phase), phase)
        except engine_state.Stale:
            continue
        if change:
            record_change(services, org.org_id, case_id, change)
        return
    raise engine_state.Stale(case_id)


def resume(services, org, case_id: str, *, by: str, reason: str, now: datetime) -> None:
    """The creditor resolves a dispute or a hardship: collection goes on where it was paused."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        target = schedule.paused_from or Phase.EARLY
        change = transition(
            facts.phase, target, actor=by, reason=reason, at=now, facts=Facts(resume_phase=target)
        )
        schedule = replace(schedule, paused_from=None, promise=None)
        try:
            engine_state.save(header, planned(facts, schedule, org.policy, target), target)
        except engine_state.Stale:
            continue
        record_change(services, org.org_id, case_id, change)
        return
    raise engine_state.Stale(case_id)


def pause_for_promise(
    services, org, case_id: str, *, due, by: str, now: datetime, amount_cents=None, key: str | None = None
) -> None:
    """A promise to pay (from a call, the creditor or, later, the debtor's page)."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        new, change = engine.promise(
            facts, schedule, org.policy, due=due, by=by, now=now, amount_cents=amount_cents
        )
        try:
            engine_state.save(header, planned(facts, new, org.policy, Phase.PROMISE), Phase.PROMISE)
        except engine_state.Stale:
            continue
        services.timeline.add(
            org.org_id,
            case_id,
            kind=EventKind.PROMISE,
            summary=f"Promise to pay by {due.isoformat()}"
            + (f" ({amount_cents / 100:.2f} {header.currency})" if amount_cents else ""),
            actor=by,
            at=now,
            details={"due": due.isoformat()},
            key=f"promise:{key}" if key else None,
        )
        if change:
            record_change(services, org.org_id, case_id, change, key=f"promise-phase:{key}" if key else None)
        return
    raise engine_state.Stale(case_id)
