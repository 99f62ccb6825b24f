"""The engine walks a case through its phases by the policy and the contact rules."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import arrangements, contact_rules, engine
from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.errors import InvalidField
from app.domain.policy import Channel, CollectionPolicy
from app.domain.schedule import ActionKind, CaseFacts, Schedule

POLICY = CollectionPolicy()
TUESDAY = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)


def facts(**overrides) -> CaseFacts:
    values = dict(
        case_id="CASE1",
        phase=Phase.EARLY,
        oldest_due=date(2026, 11, 10),
        opened_at=TUESDAY,
        outstanding_cents=48_000,
        claim_type=ClaimType.B2C,
        country="SI",
        has_email=True,
        has_phone=True,
        has_address=True,
    )
    values.update(overrides)
    return CaseFacts(**values)


def walk(case: CaseFacts, policy: CollectionPolicy = POLICY, schedule: Schedule | None = None, limit=40):
    """Every action the engine takes if nothing ever happens (no payment, no answer)."""
    schedule = schedule or Schedule()
    actions = []
    for _ in range(limit):
        action = engine.plan(case, schedule, policy)
        if action is None:
            break
        actions.append((action, case.phase))
        schedule, change = engine.performed(action, case, schedule, policy, action.at)
        if change:
            case = replace(case, phase=change.target)
    return actions, case, schedule


def test_a_default_b2c_case_walks_the_ladder_to_awaiting_approval():
    actions, case, _ = walk(facts())
    assert [a.key for a, _ in actions] == [
        "step-0",
        "step-1",
        "step-2",
        "repeat-0",
        "repeat-1",
        "phase-late",
        "step-3",
        "step-4",
        "phase-awaiting",
    ]
    channels = [a.step.channel for a, _ in actions if a.kind is ActionKind.SEND]
    assert channels == [
        Channel.EMAIL,
        Channel.CALL,
        Channel.EMAIL,
        Channel.EMAIL,
        Channel.EMAIL,
        Channel.LETTER,
        Channel.CALL,
    ]
    assert case.phase is Phase.AWAITING_APPROVAL
    assert engine.plan(case, Schedule(), POLICY) is None  # waits for the creditor


def test_first_contact_within_24_hours_of_intake_of_an_overdue_case():
    first, _ = walk(facts())[0][0]
    assert first.key == "step-0"
    assert TUESDAY <= first.at <= TUESDAY + timedelta(hours=24)
    assert first.step.template == "reminder_friendly"


def test_a_case_not_yet_due_is_contacted_once_it_is_due():
    actions, _, _ = walk(facts(phase=Phase.NOT_YET_DUE, oldest_due=date(2026, 11, 30)))
    assert actions[0][0].target is Phase.EARLY
    assert actions[0][0].at == datetime(2026, 12, 1, tzinfo=UTC)
    assert actions[1][0].key == "step-0" and actions[1][0].at.date() == date(2026, 12, 1)


def test_the_call_comes_4_to_10_days_after_the_written_reminder():
    actions, _, _ = walk(facts())
    reminder, call = actions[0][0], actions[1][0]
    assert call.step.channel is Channel.CALL
    assert 4 <= (call.at - reminder.at).days <= 10


def test_tone_follows_claim_type_and_age():
    b2b = walk(facts(claim_type=ClaimType.B2B))[0]
    assert b2b[0][0].step.template == "reminder_b2b"
    # Handed over 100 days past due: straight to late collection's letter after the first contact.
    old = facts(phase=Phase.LATE, oldest_due=date(2026, 8, 9))
    actions, _, _ = walk(old)
    assert actions[0][0].step.template == "demand_letter"
    # A creditor with a longer early collection: past 90 days the reminder is firm.
    long_early = replace(POLICY, early_collection_days=120)
    at_risk = walk(facts(oldest_due=date(2026, 8, 9)), long_early, limit=1)[0]
    assert at_risk[0][0].step.template == "reminder_firm"


def test_small_debts_get_no_call_and_no_phone_means_no_call():
    for case in (facts(outstanding_cents=4_000), facts(has_phone=False)):
        channels = [a.step.channel for a, _ in walk(case)[0] if a.kind is ActionKind.SEND]
        assert Channel.CALL not in channels


def test_a_bounced_address_moves_the_steps_to_the_next_channel():
    schedule = Schedule(bad_channels=frozenset({"email"}))
    first = engine.plan(facts(), schedule, POLICY)
    assert first.step.channel is Channel.LETTER
    nothing_written = engine.plan(facts(has_address=False), schedule, POLICY)
    assert nothing_written.step.channel is Channel.CALL  # the only way left to reach the debtor


def test_a_bounced_step_is_taken_again_on_the_next_channel():
    schedule = Schedule(
        step=1,
        done=1,
        last_step_at=TUESDAY,
        retry_step=0,
        bad_channels=frozenset({"email"}),
        next_at=TUESDAY + timedelta(hours=2),
    )
    action = engine.plan(facts(), schedule, POLICY)
    assert action.key.startswith("retry") and action.step.channel is Channel.LETTER
    after, _ = engine.performed(action, facts(), schedule, POLICY, action.at)
    assert after.retry_step is None and after.step == 1


def test_a_promise_pauses_until_its_date_plus_grace_and_a_broken_one_brings_a_follow_up():
    case = facts()
    now = TUESDAY
    schedule, change = arrangements.promise(
        case, Schedule(step=1, done=1, last_step_at=now), POLICY, due=date(2026, 11, 27), by="debtor", now=now
    )
    assert change.target is Phase.PROMISE
    paused = replace(case, phase=Phase.PROMISE)
    check = engine.plan(paused, schedule, POLICY)
    assert check.kind is ActionKind.PROMISE_CHECK
    assert check.at.date() == date(2026, 11, 27) + timedelta(days=POLICY.promise_grace_days + 1)
    broken, change = engine.performed(check, paused, schedule, POLICY, check.at)
    assert change.target is Phase.EARLY and "broken" in change.reason
    follow_up = engine.plan(case, broken, POLICY)
    assert follow_up.step.template == "promise_broken"
    after, _ = engine.performed(follow_up, case, broken, POLICY, follow_up.at)
    assert engine.plan(case, after, POLICY).key == "step-1"  # the ladder goes on where it was


def test_a_kept_promise_resumes_without_a_follow_up():
    case = facts()
    schedule, _ = arrangements.promise(
        case, Schedule(), POLICY, due=date(2026, 11, 27), by="debtor", now=TUESDAY
    )
    paused = replace(case, phase=Phase.PROMISE, outstanding_cents=0)
    check = engine.plan(paused, schedule, POLICY)
    kept, change = engine.performed(check, paused, schedule, POLICY, check.at)
    assert "kept" in change.reason and not kept.follow_up


@pytest.mark.parametrize("due", [date(2026, 11, 16), date(2026, 11, 17) + timedelta(days=31)])
def test_a_promise_in_the_past_or_beyond_the_limit_is_refused(due):
    with pytest.raises(InvalidField):
        arrangements.promise(facts(), Schedule(), POLICY, due=due, by="debtor", now=TUESDAY)


cases = st.builds(
    facts,
    phase=st.sampled_from([Phase.NOT_YET_DUE, Phase.EARLY]),
    oldest_due=st.dates(date(2026, 1, 1), date(2027, 6, 30)),
    opened_at=st.datetimes(datetime(2026, 1, 1), datetime(2027, 6, 30)).map(lambda d: d.replace(tzinfo=UTC)),
    outstanding_cents=st.integers(1, 5_000_000),
    claim_type=st.sampled_from(list(ClaimType)),
    country=st.sampled_from(["SI", "FI", "PL", "GR", "DE"]),
    has_email=st.booleans(),
    has_phone=st.booleans(),
    has_address=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(case=cases)
def test_on_any_case_the_engine_keeps_the_contact_rules_and_ends_awaiting_approval(case):
    if case.phase is Phase.EARLY and case.oldest_due >= case.opened_at.date():
        case = replace(case, phase=Phase.NOT_YET_DUE)
    elif case.phase is Phase.NOT_YET_DUE and case.oldest_due < case.opened_at.date():
        case = replace(case, phase=Phase.EARLY)
    actions, final, _ = walk(case)
    assert final.phase is Phase.AWAITING_APPROVAL
    last_contact = None
    for action, phase in actions:
        assert action.at >= case.opened_at
        if action.kind is not ActionKind.SEND:
            continue
        channel = action.step.channel
        assert (
            contact_rules.may_contact(
                case.country,
                channel,
                action.at,
                due_date=case.oldest_due,
                last_contact=last_contact,
                min_gap_days=POLICY.min_days_between_contacts,
            )
            is None
        )
        dpd = (action.at.date() - case.oldest_due).days
        if action.step.stage == "late":
            assert phase is Phase.LATE and dpd > POLICY.early_collection_days
        if channel is not Channel.CALL:
            last_contact = action.at
        assert {
            Channel.EMAIL: case.has_email,
            Channel.LETTER: case.has_address,
            Channel.CALL: case.has_phone,
            Channel.SMS: case.has_phone,
        }[channel]


def test_a_step_fee_is_charged_within_the_legal_cap():
    # Finland caps a consumer's reminder fee at EUR 5; the creditor's policy asks for 10.
    policy = replace(POLICY, steps=(replace(POLICY.steps[0], fee=Decimal("10")),))
    first = engine.plan(facts(country="FI"), Schedule(), policy)
    after, _ = engine.performed(first, facts(country="FI"), Schedule(), policy, first.at)
    assert after.fees_cents == 500
    slovenian = engine.performed(first, facts(country="SI"), Schedule(), policy, first.at)[0]
    assert slovenian.fees_cents == 1000  # no cap known there: the policy's fee
