"""Arrangements that pause a case's collection: a promise to pay, a payment plan, a dispute or hardship.

Each returns the schedule with the arrangement recorded and the phase change it makes; the engine
(engine.py) then checks promises and instalments when they fall due. Nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from app.domain.case import Phase
from app.domain.errors import InvalidField
from app.domain.phases import PAUSED, ForbiddenTransition, Transition, transition
from app.domain.policy import CollectionPolicy
from app.domain.schedule import CaseFacts, PaymentPlan, PlanInstalment, PromiseToPay, Schedule


def promise(
    facts: CaseFacts,
    schedule: Schedule,
    policy: CollectionPolicy,
    *,
    due: date,
    by: str,
    now: datetime,
    amount_cents: int | None = None,
) -> tuple[Schedule, Transition | None]:
    """Record a promise to pay by ``due``: the schedule pauses until then plus the grace period.
    A new promise on a case already waiting for one replaces it without a phase change."""
    today = now.date()
    if due < today:
        raise InvalidField("promise_date", "The promised date is in the past.")
    if due > today + timedelta(days=policy.max_promise_days):
        raise InvalidField(
            "promise_date", f"A promise may reach at most {policy.max_promise_days} days ahead."
        )
    if amount_cents is not None and amount_cents <= 0:
        raise InvalidField("promise_amount", "The promised amount must be more than zero.")
    paused_from = schedule.paused_from if facts.phase in PAUSED else facts.phase
    change = None
    if facts.phase is not Phase.PROMISE:
        change = transition(
            facts.phase, Phase.PROMISE, actor=by, reason=f"Promise to pay by {due.isoformat()}.", at=now
        )
    kept = PromiseToPay(
        due=due, by=by, made_at=now, outstanding_cents=facts.outstanding_cents, amount_cents=amount_cents
    )
    return replace(schedule, promise=kept, plan=None, paused_from=paused_from), change


def start_plan(
    facts: CaseFacts,
    schedule: Schedule,
    policy: CollectionPolicy,
    *,
    instalments,
    by: str,
    now: datetime,
) -> tuple[Schedule, Transition | None]:
    """Record an agreed payment plan: the schedule pauses, and each instalment is checked once its
    date and the grace period have passed. ``instalments``: anything with ``due`` and ``amount_cents``
    (a ``PlanInstalment``, the debtor page's ``plans.Instalment``) or (due, cents) pairs.

    A plan replaces a promise or an earlier plan; a case paused by a side state goes back, once the
    plan ends, to the phase that state interrupted. Whether the plan is within the creditor's rules
    is the caller's decision (the debtor's page, or the creditor approving); the policy's grace
    period decides when each check runs (``plan``)."""
    agreed = tuple(_instalment(i) for i in instalments)
    if not agreed:
        raise InvalidField("instalments", "A payment plan needs at least one instalment.")
    if any(i.amount_cents <= 0 for i in agreed):
        raise InvalidField("instalments", "Every instalment must be more than zero.")
    if agreed[0].due < now.date():
        raise InvalidField("instalments", "The first instalment's date is in the past.")
    if any(later.due <= earlier.due for earlier, later in pairwise(agreed)):
        raise InvalidField("instalments", "Each instalment must fall due after the one before.")
    change = None
    if facts.phase is not Phase.PLAN:
        change = transition(
            facts.phase,
            Phase.PLAN,
            actor=by,
            reason=f"Payment plan of {len(agreed)} {'instalments' if len(agreed) > 1 else 'instalment'}, "
            f"the last by {agreed[-1].due.isoformat()}.",
            at=now,
        )
    paused_from = schedule.paused_from if facts.phase in PAUSED else facts.phase
    plan = PaymentPlan(agreed, by=by, made_at=now, outstanding_cents=facts.outstanding_cents)
    return replace(schedule, plan=plan, promise=None, paused_from=paused_from), change


def _instalment(item) -> PlanInstalment:
    if isinstance(item, PlanInstalment):
        return item
    due, cents = (item.due, item.amount_cents) if hasattr(item, "due") else item
    return PlanInstalment(due, int(cents))


PAUSES = (Phase.DISPUTE, Phase.HARDSHIP)  # side states only the creditor ends (operations.resume)
UNPAUSABLE = {
    Phase.CLOSED: "the case is closed",
    Phase.LEGAL: "the case has gone to legal action, where the court hears the debtor",
}


def pause(
    facts: CaseFacts, schedule: Schedule, *, target: Phase, by: str, reason: str, now: datetime
) -> tuple[Schedule, Transition | None]:
    """A dispute or hardship: the engine plans nothing more until the creditor resumes collection,
    and any promise or plan ends. A case already in ``target`` stays as it is (no change)."""
    if target not in PAUSES:
        raise ForbiddenTransition(facts.phase, target, "only a dispute or hardship pauses collection")
    if facts.phase in UNPAUSABLE:
        raise ForbiddenTransition(facts.phase, target, UNPAUSABLE[facts.phase])
    if facts.phase is target:
        return schedule, None
    change = transition(facts.phase, target, actor=by, reason=reason, at=now)
    paused_from = schedule.paused_from if facts.phase in PAUSED else facts.phase
    return replace(schedule, paused_from=paused_from, promise=None, plan=None), change
