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
from app.domain import arrangements, engine
from app.domain.case import Phase
from app.domain.phases import Facts, Transition, transition
from app.domain.schedule import ActionKind, PlanInstalment
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
    if action.kind is ActionKind.PLAN_CHECK:
        record_instalment(
            services, org.org_id, header, schedule.plan, new, at=at, key=f"{header.case_id}:{key}:plan"
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


def record_instalment(services, org_id: str, header, plan, new, *, at: datetime, key: str) -> None:
    """The timeline entry of a plan's instalment check: paid (perhaps the last) or missed."""
    instalment = plan.current
    amount = f"{instalment.amount_cents / 100:.2f} {header.currency} due {instalment.due.isoformat()}"
    which = f"Instalment {plan.checked + 1} of {len(plan.instalments)} ({amount})"
    missed = bool(new.follow_up) and new.plan is None
    if missed:
        summary = f"{which} not paid: the payment plan is broken."
    elif new.plan is None:
        summary = f"{which} paid: the payment plan is complete."
    else:
        summary = f"{which} paid."
    services.timeline.add(
        org_id,
        header.case_id,
        kind=EventKind.INSTALMENT_MISSED if missed else EventKind.INSTALMENT_PAID,
        summary=summary,
        actor=engine.ENGINE,
        at=at,
        details={"instalment": plan.checked + 1, "due": instalment.due.isoformat()},
        key=key,
    )


def after_call(services, org, case_id: str, *, outcome: str, by: str, now: datetime) -> None:
    """A call made counts as a contact (the gap rules, Greece's two days between calls); a dispute
    stops collection until the creditor resolves it; a dead number is not called or texted again."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        schedule = replace(schedule, last_contact_at=now, last_call_at=now)
        phase, change = facts.phase, None
        if outcome == "dispute" and facts.phase not in arrangements.UNPAUSABLE:
            # A closed case or one in court stays as it is: the call's own entry records the dispute.
            schedule, change = arrangements.pause(
                facts, schedule, target=Phase.DISPUTE, by=by, reason="The debtor disputes the claim.", now=now
            )
            phase = change.target if change else phase
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
        schedule = replace(schedule, paused_from=None, promise=None, plan=None)
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
        new, change = arrangements.promise(
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


def pause(
    services, org, case_id: str, *, target: Phase, by: str, reason: str, now: datetime, key: str | None = None
) -> Transition | None:
    """The debtor disputes the claim or reports hardship (``target``: DISPUTE or HARDSHIP): any promise
    or plan ends and the engine plans nothing until the creditor resumes collection (``resume``).
    Returns the phase change, or None when the case was already there: a repeated submit writes
    nothing. A closed case or one in legal action raises ForbiddenTransition."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        new, change = arrangements.pause(facts, schedule, target=target, by=by, reason=reason, now=now)
        if change is None:
            return None
        try:
            engine_state.save(header, planned(facts, new, org.policy, target), target)
        except engine_state.Stale:
            continue
        record_change(services, org.org_id, case_id, change, key=f"pause-phase:{key}" if key else None)
        return change
    raise engine_state.Stale(case_id)


def start_plan(
    services, org, case_id: str, *, instalments, by: str, now: datetime, key: str | None = None
) -> None:
    """An agreed payment plan (from the debtor's page, or the creditor accepting one): reminders
    pause; each instalment is checked after its date and the grace period (``step``)."""
    for _ in range(3):
        header, facts, schedule = _current(org.org_id, case_id)
        new, change = arrangements.start_plan(
            facts, schedule, org.policy, instalments=instalments, by=by, now=now
        )
        try:
            engine_state.save(header, planned(facts, new, org.policy, Phase.PLAN), Phase.PLAN)
        except engine_state.Stale:
            continue
        plan = new.plan
        services.timeline.add(
            org.org_id,
            case_id,
            kind=EventKind.PAYMENT_PLAN,
            summary=f"Payment plan: {_instalments(plan.instalments, header.currency)}",
            actor=by,
            at=now,
            details={
                "instalments": [
                    {"due": i.due.isoformat(), "amount_cents": i.amount_cents} for i in plan.instalments
                ]
            },
            key=f"plan:{key}" if key else None,
        )
        if change:
            record_change(services, org.org_id, case_id, change, key=f"plan-phase:{key}" if key else None)
        return
    raise engine_state.Stale(case_id)


def _instalments(instalments: tuple[PlanInstalment, ...], currency: str) -> str:
    return "; ".join(f"{i.amount_cents / 100:.2f} {currency} by {i.due.isoformat()}" for i in instalments)


# Which channels new contact details make worth trying again after a bounce or a dead number.
RETRY_CHANNELS = {
    "email": {"email"},
    "phone": {"sms", "call"},
    "street": {"letter"},
    "postcode": {"letter"},
    "city": {"letter"},
}


def contact_changed(services, org, case_id: str, changed: dict[str, str], *, by: str, now: datetime) -> None:
    """The debtor's new contact details (from their page): stored on the case header together with
    the engine's plan, which may now choose a channel it could not use before."""
    for _ in range(3):
        header, _facts, schedule = _current(org.org_id, case_id)
        for name, value in changed.items():
            setattr(header.debtor, name, value)
        retry = set().union(*(RETRY_CHANNELS.get(name, set()) for name in changed))
        schedule = replace(schedule, bad_channels=schedule.bad_channels - retry)
        facts = engine_state.facts(header)
        try:
            engine_state.save(
                header, planned(facts, schedule, org.policy, facts.phase), facts.phase, debtor=changed
            )
        except engine_state.Stale:
            continue
        return
    raise engine_state.Stale(case_id)
