"""The collection engine: from a case's facts, its schedule and the creditor's policy, what happens
next and when; and how the schedule moves on once it has happened.

It walks the policy's ladder: early steps while the debt is young, the last early reminder repeated
while it has no effect, late collection (the demand letter) once early collection is over, then the
case waits for the creditor to approve an escalation. Every moment it proposes already obeys the
contact rules of the debtor's country, so the scheduler can simply fetch what is due. The engine
never reads a clock: ``now`` is always an argument.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from app.domain import contact_rules
from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.phases import Facts, Transition, transition
from app.domain.policy import Channel, CollectionPolicy, PolicyStep
from app.domain.schedule import (
    Action,
    ActionKind,
    CaseFacts,
    Schedule,
)

ENGINE = "engine"
PROMISE_CHECK_HOUR = time(6, 0)  # UTC: before the morning's reminders go out
WRITTEN = (Channel.EMAIL, Channel.LETTER, Channel.SMS)
PRINTABLE = ("demand_letter", "reminder_firm")  # the templates laid out for a printed letter

# Where a step goes when its channel cannot reach the debtor (no address, or a hard bounce).
FALLBACKS = {
    Channel.EMAIL: (Channel.EMAIL, Channel.LETTER),
    Channel.SMS: (Channel.SMS, Channel.EMAIL, Channel.LETTER),
    Channel.LETTER: (Channel.LETTER, Channel.EMAIL),
    Channel.CALL: (Channel.CALL,),
}


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def late_from(facts: CaseFacts, policy: CollectionPolicy) -> datetime:
    return midnight(facts.oldest_due + timedelta(days=policy.early_collection_days + 1))


def plan(facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy) -> Action | None:
    """The next thing to do for this case, or None while nothing is to be done (paused, closed,
    waiting for the creditor's approval). Nothing is ever due before the case was handed over."""
    action = _plan(facts, schedule, policy)
    if action is not None and action.at < facts.opened_at:
        action = replace(action, at=facts.opened_at)
    return action


def _plan(facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy) -> Action | None:
    if facts.phase is Phase.PROMISE and schedule.promise:
        check = schedule.promise.due + timedelta(days=policy.promise_grace_days + 1)
        return Action(
            ActionKind.PROMISE_CHECK,
            f"promise-{schedule.promise.due.isoformat()}",
            datetime.combine(check, PROMISE_CHECK_HOUR, tzinfo=UTC),
            reason="the promised date and the grace period have passed",
        )
    if facts.phase is Phase.PLAN and schedule.plan and schedule.plan.current:
        instalment = schedule.plan.current
        check = instalment.due + timedelta(days=policy.promise_grace_days + 1)
        return Action(
            ActionKind.PLAN_CHECK,
            f"plan-{schedule.plan.checked + 1}-{instalment.due.isoformat()}",
            datetime.combine(check, PROMISE_CHECK_HOUR, tzinfo=UTC),
            reason="the instalment's date and the grace period have passed",
        )
    if facts.phase is Phase.NOT_YET_DUE:
        return Action(
            ActionKind.TRANSITION,
            "phase-early",
            midnight(facts.oldest_due + timedelta(days=1)),
            target=Phase.EARLY,
            reason="The due date has passed.",
        )
    if facts.phase not in (Phase.EARLY, Phase.LATE):
        return None
    if schedule.follow_up:
        step = PolicyStep("Follow-up", Channel.EMAIL, days_after_previous=0, template=schedule.follow_up)
        return _send(facts, schedule, policy, step, None, f"follow-up-{schedule.done}", _now_ish(schedule))
    if schedule.retry_step is not None and schedule.retry_step < len(policy.steps):
        step = policy.steps[schedule.retry_step]
        action = _send(
            facts, schedule, policy, step, schedule.retry_step, f"retry-{schedule.done}", _now_ish(schedule)
        )
        if action:
            return action
    if facts.phase is Phase.EARLY:
        return _early(facts, schedule, policy)
    return _late(facts, schedule, policy)


def _now_ish(schedule: Schedule) -> datetime:
    # A follow-up or a retry is due at once: "once" being the moment the event that caused it
    # was recorded, which the caller stored as next_at.
    return schedule.next_at or schedule.last_step_at or datetime(2000, 1, 1, tzinfo=UTC)


def _early(facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy) -> Action:
    ends = late_from(facts, policy)
    for index in range(schedule.step, len(policy.steps)):
        step = policy.steps[index]
        if step.stage != "early":
            break
        action = _send(
            facts, schedule, policy, step, index, f"step-{index}", _step_time(facts, schedule, step)
        )
        if action is None:
            continue  # e.g. a call on a small debt: skipped, the ladder goes on
        if action.at < ends:
            return action
        break
    repeat = _repeat(facts, schedule, policy)
    if repeat is not None and repeat.at < ends:
        return repeat
    return Action(
        ActionKind.TRANSITION,
        "phase-late",
        ends,
        target=Phase.LATE,
        reason=f"More than {policy.early_collection_days} days past due without payment.",
    )


def _repeat(facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy) -> Action | None:
    """The last written early step once more, while reminders have had no effect."""
    if schedule.last_step_at is None:
        return None
    written = [
        (i, s)
        for i, s in enumerate(policy.steps[: schedule.step])
        if s.stage == "early" and s.channel in WRITTEN
    ]
    if not written:
        return None
    index, step = written[-1]
    at = schedule.last_step_at + timedelta(days=policy.repeat_every_days)
    step = replace(step, name=f"{step.name} (repeated)")
    return _send(facts, schedule, policy, step, index, f"repeat-{schedule.repeats}", at)


def _late(facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy) -> Action:
    starts = late_from(facts, policy)
    for index in range(schedule.step, len(policy.steps)):
        step = policy.steps[index]
        if step.stage != "late":
            continue
        at = max(_step_time(facts, schedule, step), starts)
        action = _send(facts, schedule, policy, step, index, f"step-{index}", at)
        if action is not None:
            return action
    last = schedule.last_step_at or starts
    return Action(
        ActionKind.TRANSITION,
        "phase-awaiting",
        last + timedelta(days=policy.demand_deadline_days),
        target=Phase.AWAITING_APPROVAL,
        reason=(
            "The demand letter's deadline passed without payment; escalation needs the creditor's approval."
        ),
    )


def _step_time(facts: CaseFacts, schedule: Schedule, step: PolicyStep) -> datetime:
    if step.days_past_due is not None:
        at = midnight(facts.oldest_due + timedelta(days=step.days_past_due))
    else:
        at = (schedule.last_step_at or facts.opened_at) + timedelta(days=step.days_after_previous or 0)
    if schedule.last_step_at is None:
        # First contact within 24 hours of intake: a case handed over already overdue does not wait
        # for the ladder's first day; one handed over before its due date is contacted once it is due.
        at = min(at, max(facts.opened_at, midnight(facts.oldest_due + timedelta(days=1))))
    return max(at, facts.opened_at)  # never before the creditor handed the case over


def _send(
    facts: CaseFacts,
    schedule: Schedule,
    policy: CollectionPolicy,
    step: PolicyStep,
    index: int | None,
    key: str,
    at: datetime,
) -> Action | None:
    channel = _channel(step, facts, schedule, policy)
    if channel is None:
        return None
    at = contact_rules.next_contact_time(
        facts.country,
        channel,
        at,
        due_date=facts.oldest_due,
        last_contact=schedule.last_contact_at,
        last_same_channel=schedule.last_call_at if channel is Channel.CALL else None,
        min_gap_days=policy.min_days_between_contacts,
    )
    adapted = replace(step, channel=channel, template=_template(step, channel, facts, policy, at.date()))
    return Action(ActionKind.SEND, key, at, step=adapted, step_index=index, reason=step.name)


def _channel(
    step: PolicyStep, facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy
) -> Channel | None:
    if step.channel is Channel.CALL and facts.outstanding_cents < int(policy.call_min_amount * 100):
        return None  # a call costs more than such a debt brings
    reachable = {
        Channel.EMAIL: facts.has_email,
        Channel.SMS: facts.has_phone,
        Channel.LETTER: facts.has_address,
        Channel.CALL: facts.has_phone,
    }
    for channel in FALLBACKS[step.channel]:
        if reachable[channel] and channel.value not in schedule.bad_channels:
            return channel
    return None


def _template(step: PolicyStep, channel: Channel, facts: CaseFacts, policy, on: date) -> str:
    """The tone follows the debt: business-like for B2B, firm once the debt is at risk."""
    if channel is Channel.SMS:
        return "sms_reminder"  # an SMS never tells the debt to whoever sees the phone
    if channel is Channel.CALL:
        return "call_script"
    if channel is Channel.LETTER and step.template not in PRINTABLE:
        return "reminder_firm"  # a reminder that has to go by post is printed as the firm one
    if step.template in ("reminder", "reminder_friendly", "reminder_b2b"):
        if facts.days_past_due(on) >= policy.at_risk_days:
            return "reminder_firm"
        return "reminder_b2b" if facts.claim_type is ClaimType.B2B else "reminder_friendly"
    return step.template


def performed(
    action: Action, facts: CaseFacts, schedule: Schedule, policy: CollectionPolicy, at: datetime
) -> tuple[Schedule, Transition | None]:
    """The schedule once ``action`` has been carried out at ``at``, and the phase change it made."""
    done = replace(schedule, done=schedule.done + 1, next_at=None, next_key="")
    if action.kind is ActionKind.SEND:
        assert action.step is not None
        contact = action.step.channel is not Channel.CALL  # a call task is not yet a contact
        follow_up = action.key.startswith("follow-up")
        done = replace(
            done,
            fees_cents=done.fees_cents + step_fee_cents(action, facts),
            last_step_at=at,
            last_contact_at=at if contact else done.last_contact_at,
            follow_up="" if follow_up else done.follow_up,
            broken_due=None if follow_up else done.broken_due,
        )
        if action.key.startswith("repeat"):
            return replace(done, repeats=done.repeats + 1), None
        if action.key.startswith("retry"):
            return replace(done, retry_step=None), None
        if action.step_index is not None and not follow_up:
            return replace(done, step=action.step_index + 1), None
        return done, None
    if action.kind is ActionKind.TRANSITION:
        assert action.target is not None
        change = transition(
            facts.phase,
            action.target,
            actor=ENGINE,
            reason=action.reason,
            at=at,
            facts=Facts(
                days_past_due=facts.days_past_due(at.date()),
                early_collection_days=policy.early_collection_days,
                late_steps_done=True,
            ),
        )
        if action.target is Phase.LATE:
            first_late = next((i for i, s in enumerate(policy.steps) if s.stage == "late"), len(policy.steps))
            done = replace(done, step=max(done.step, first_late))
        return done, change
    if action.kind is ActionKind.PLAN_CHECK:
        return _plan_checked(done, facts, schedule, at)
    # The promise check: kept, the schedule resumes; broken, a follow-up goes out first.
    promise = schedule.promise
    assert promise is not None
    resume = schedule.paused_from or Phase.EARLY
    broken = not promise.kept(facts.outstanding_cents)
    change = transition(
        Phase.PROMISE,
        resume,
        actor=ENGINE,
        reason="The promise to pay was broken." if broken else "The promise to pay was kept.",
        at=at,
        facts=Facts(resume_phase=resume),
    )
    done = replace(
        done,
        promise=None,
        paused_from=None,
        follow_up="promise_broken" if broken else "",
        broken_due=promise.due if broken else None,
        next_at=at if broken else None,
    )
    return done, change


def _plan_checked(
    done: Schedule, facts: CaseFacts, schedule: Schedule, at: datetime
) -> tuple[Schedule, Transition | None]:
    """An instalment paid: the plan waits for the next one, or ends once the last is paid. An
    instalment missed ends the plan like a broken promise: a follow-up naming its date goes out."""
    plan = schedule.plan
    assert plan is not None and plan.current is not None
    instalment = plan.current
    kept = plan.kept(facts.outstanding_cents)
    if kept and facts.outstanding_cents > 0 and plan.checked + 1 < len(plan.instalments):
        return replace(done, plan=replace(plan, checked=plan.checked + 1)), None
    resume = schedule.paused_from or Phase.EARLY
    change = transition(
        Phase.PLAN,
        resume,
        actor=ENGINE,
        reason="The payment plan was completed."
        if kept
        else f"The instalment due {instalment.due.isoformat()} was not paid: the payment plan is broken.",
        at=at,
        facts=Facts(resume_phase=resume),
    )
    done = replace(
        done,
        plan=None,
        paused_from=None,
        follow_up="" if kept else "promise_broken",
        broken_due=None if kept else instalment.due,
        next_at=None if kept else at,
    )
    return done, change


def step_fee_cents(action: Action, facts: CaseFacts) -> int:
    """The step's fee, never above the legal cap for such a claim in the debtor's country."""
    if action.step is None or action.step.fee <= 0 or action.step.channel is Channel.CALL:
        return 0
    from app.domain.interest import fee_cap  # the rates data loads only when a fee is charged

    fee = action.step.fee
    cap = fee_cap(facts.country, facts.claim_type, Decimal(facts.outstanding_cents) / 100, "reminder")
    if cap is not None:
        fee = min(fee, cap)
    return int(fee * 100)
