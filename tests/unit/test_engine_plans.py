"""The debtor's arrangements in the engine: payment plans checked instalment by instalment, and
disputes or hardship that stop collection until the creditor resumes it."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from app.domain import arrangements, engine
from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.errors import InvalidField
from app.domain.phases import Facts, ForbiddenTransition, transition
from app.domain.policy import CollectionPolicy
from app.domain.schedule import ActionKind, CaseFacts, PlanInstalment, Schedule

POLICY = CollectionPolicy()
TUESDAY = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
DUES = (date(2026, 11, 27), date(2026, 12, 27), date(2027, 1, 27))
THREE = tuple((due, 10_000) for due in DUES)  # EUR 100 each, of a EUR 480 balance
UNDER_WAY = Schedule(step=1, done=1, last_step_at=TUESDAY, last_contact_at=TUESDAY)


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


def agreed(case: CaseFacts, schedule: Schedule = UNDER_WAY, instalments=THREE):
    """The plan agreed on TUESDAY, and the case as the engine then sees it."""
    schedule, change = arrangements.start_plan(
        case, schedule, POLICY, instalments=instalments, by="debtor", now=TUESDAY
    )
    return replace(case, phase=change.target if change else case.phase), schedule, change


def check(case: CaseFacts, schedule: Schedule, *, outstanding: int):
    """The next instalment's check, carried out when it is due, with the balance at ``outstanding``."""
    action = engine.plan(case, schedule, POLICY)
    assert action.kind is ActionKind.PLAN_CHECK
    after, change = engine.performed(
        action, replace(case, outstanding_cents=outstanding), schedule, POLICY, action.at
    )
    return action, after, change


def test_a_plan_pauses_the_case_until_the_first_instalment_and_its_grace_period():
    case, schedule, change = agreed(facts())
    assert (change.current, change.target, change.actor) == (Phase.EARLY, Phase.PLAN, "debtor")
    assert schedule.paused_from is Phase.EARLY
    assert schedule.plan.outstanding_cents == 48_000 and schedule.plan.total_cents == 30_000
    first = engine.plan(case, schedule, POLICY)
    assert first.key == "plan-1-2026-11-27"
    assert first.at == datetime.combine(
        DUES[0] + timedelta(days=POLICY.promise_grace_days + 1), engine.PROMISE_CHECK_HOUR, tzinfo=UTC
    )


def test_a_plan_kept_instalment_by_instalment_resumes_the_ladder_where_it_was():
    case, schedule, _ = agreed(facts())
    keys = []
    for n, outstanding in enumerate((38_000, 28_000), start=1):
        action, schedule, change = check(case, schedule, outstanding=outstanding)
        keys.append(action.key)
        assert change is None and schedule.plan.checked == n and not schedule.follow_up
    action, schedule, change = check(case, schedule, outstanding=18_000)
    keys.append(action.key)
    assert keys == [f"plan-{n}-{due.isoformat()}" for n, due in enumerate(DUES, start=1)]
    assert (change.current, change.target) == (Phase.PLAN, Phase.EARLY)
    assert change.reason == "The payment plan was completed." and change.actor == engine.ENGINE
    assert schedule.plan is None and schedule.paused_from is None and not schedule.follow_up
    assert engine.plan(replace(case, phase=Phase.EARLY), schedule, POLICY).key == "step-1"


def test_paying_ahead_counts_towards_the_later_instalments():
    case, schedule, _ = agreed(facts())
    _, schedule, _ = check(case, schedule, outstanding=28_000)  # two instalments at once
    _, schedule, change = check(case, schedule, outstanding=28_000)  # nothing more: still on track
    assert change is None and schedule.plan.checked == 2


def test_a_balance_paid_in_full_completes_the_plan_at_the_next_check():
    case, schedule, _ = agreed(facts())
    _, schedule, change = check(case, schedule, outstanding=0)
    assert change.target is Phase.EARLY and "completed" in change.reason and schedule.plan is None


def test_a_missed_second_instalment_ends_the_plan_with_a_follow_up_naming_its_date():
    case, schedule, _ = agreed(facts())
    _, schedule, _ = check(case, schedule, outstanding=38_000)
    action, broken, change = check(case, schedule, outstanding=33_000)  # half of the second one
    assert action.key == "plan-2-2026-12-27"
    assert (change.current, change.target) == (Phase.PLAN, Phase.EARLY)
    assert "2026-12-27" in change.reason and "broken" in change.reason
    assert broken.plan is None and broken.paused_from is None
    assert (broken.follow_up, broken.broken_due) == ("promise_broken", DUES[1])
    resumed = replace(case, phase=Phase.EARLY)
    follow_up = engine.plan(resumed, broken, POLICY)
    assert follow_up.kind is ActionKind.SEND and follow_up.step.template == "promise_broken"
    assert follow_up.at >= action.at
    after, _ = engine.performed(follow_up, resumed, broken, POLICY, follow_up.at)
    assert not after.follow_up and after.broken_due is None  # said once
    assert engine.plan(resumed, after, POLICY).key == "step-1"


def test_a_broken_promise_also_names_its_date_for_the_follow_up():
    case = facts()
    schedule, _ = arrangements.promise(case, UNDER_WAY, POLICY, due=DUES[0], by="debtor", now=TUESDAY)
    paused = replace(case, phase=Phase.PROMISE)
    action = engine.plan(paused, schedule, POLICY)
    broken, _ = engine.performed(action, paused, schedule, POLICY, action.at)
    assert broken.broken_due == DUES[0]


@pytest.mark.parametrize("paused", [Phase.LATE, Phase.AWAITING_APPROVAL])
def test_a_completed_plan_resumes_the_phase_it_paused(paused):
    case, schedule, _ = agreed(facts(phase=paused, oldest_due=date(2026, 8, 1)), instalments=THREE[:1])
    assert schedule.paused_from is paused
    _, after, change = check(case, schedule, outstanding=38_000)
    assert change.target is paused and after.plan is None


def test_a_plan_while_in_a_promise_replaces_the_promise_and_keeps_the_paused_phase():
    case = facts(phase=Phase.LATE, oldest_due=date(2026, 8, 1))
    promised, _ = arrangements.promise(case, UNDER_WAY, POLICY, due=DUES[0], by="debtor", now=TUESDAY)
    case, schedule, change = agreed(replace(case, phase=Phase.PROMISE), promised)
    assert (change.current, change.target) == (Phase.PROMISE, Phase.PLAN)
    assert schedule.promise is None and schedule.plan is not None
    assert schedule.paused_from is Phase.LATE  # not the promise: where collection was
    assert engine.plan(case, schedule, POLICY).kind is ActionKind.PLAN_CHECK


def test_a_new_plan_replaces_the_old_one_without_a_phase_change():
    case, schedule, _ = agreed(facts())
    _, schedule, _ = check(case, schedule, outstanding=38_000)
    case, again, change = agreed(replace(case, outstanding_cents=38_000), schedule, THREE[1:])
    assert change is None and again.plan.checked == 0 and again.plan.outstanding_cents == 38_000
    assert again.paused_from is Phase.EARLY


def test_a_promise_while_in_a_plan_replaces_the_plan():
    case, schedule, _ = agreed(facts())
    promised, change = arrangements.promise(case, schedule, POLICY, due=DUES[0], by="debtor", now=TUESDAY)
    assert change.target is Phase.PROMISE
    assert promised.plan is None and promised.paused_from is Phase.EARLY


@pytest.mark.parametrize(
    ("instalments", "message"),
    [
        ((), "at least one instalment"),
        (((DUES[0], 0),), "more than zero"),
        (((date(2026, 11, 16), 10_000),), "in the past"),
        (((DUES[1], 10_000), (DUES[0], 10_000)), "after the one before"),
        (((DUES[0], 10_000), (DUES[0], 10_000)), "after the one before"),
    ],
)
def test_a_plan_that_makes_no_sense_is_refused(instalments, message):
    with pytest.raises(InvalidField, match=message):
        arrangements.start_plan(
            facts(), Schedule(), POLICY, instalments=instalments, by="debtor", now=TUESDAY
        )


def test_instalments_may_be_given_as_anything_with_a_date_and_an_amount():
    offered = SimpleNamespace(number=2, due=DUES[1], amount_cents=20_000)  # like the page's plans.Instalment
    given = [PlanInstalment(DUES[0], 20_000), offered, (DUES[2], 8_000)]
    schedule, _ = arrangements.start_plan(
        facts(), Schedule(), POLICY, instalments=given, by="debtor", now=TUESDAY
    )
    assert schedule.plan.instalments == (
        PlanInstalment(DUES[0], 20_000),
        PlanInstalment(DUES[1], 20_000),
        PlanInstalment(DUES[2], 8_000),
    )


@pytest.mark.parametrize("target", [Phase.DISPUTE, Phase.HARDSHIP])
@pytest.mark.parametrize("arrangement", ["none", "promise", "plan"])
def test_a_dispute_or_hardship_ends_any_arrangement_and_the_engine_plans_nothing(target, arrangement):
    case, schedule = facts(), UNDER_WAY
    if arrangement == "promise":
        schedule, _ = arrangements.promise(case, schedule, POLICY, due=DUES[0], by="debtor", now=TUESDAY)
        case = replace(case, phase=Phase.PROMISE)
    elif arrangement == "plan":
        case, schedule, _ = agreed(case, schedule)
    paused, change = arrangements.pause(
        case, schedule, target=target, by="debtor", reason="Not mine.", now=TUESDAY
    )
    assert (change.current, change.target, change.reason) == (case.phase, target, "Not mine.")
    assert paused.promise is None and paused.plan is None
    assert paused.paused_from is Phase.EARLY
    assert engine.plan(replace(case, phase=target), paused, POLICY) is None


def test_resuming_after_a_dispute_goes_on_with_the_ladder():
    paused, _ = arrangements.pause(
        facts(), UNDER_WAY, target=Phase.DISPUTE, by="debtor", reason="Not mine.", now=TUESDAY
    )
    # What operations.resume does once the creditor has resolved the dispute.
    back = transition(
        Phase.DISPUTE,
        paused.paused_from,
        actor="creditor:ana@example.com",
        reason="Resolved.",
        at=TUESDAY,
        facts=Facts(resume_phase=paused.paused_from),
    )
    resumed = replace(paused, paused_from=None)
    assert back.target is Phase.EARLY
    assert engine.plan(facts(), resumed, POLICY).key == "step-1"


def test_pausing_twice_changes_nothing_and_hardship_after_a_dispute_keeps_the_paused_phase():
    case = facts(phase=Phase.LATE, oldest_due=date(2026, 8, 1))
    disputed, _ = arrangements.pause(
        case, UNDER_WAY, target=Phase.DISPUTE, by="debtor", reason="No.", now=TUESDAY
    )
    in_dispute = replace(case, phase=Phase.DISPUTE)
    again, change = arrangements.pause(
        in_dispute, disputed, target=Phase.DISPUTE, by="debtor", reason="No.", now=TUESDAY
    )
    assert change is None and again == disputed
    hardship, change = arrangements.pause(
        in_dispute, disputed, target=Phase.HARDSHIP, by="debtor", reason="Lost my job.", now=TUESDAY
    )
    assert change.target is Phase.HARDSHIP and hardship.paused_from is Phase.LATE


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.LEGAL])
@pytest.mark.parametrize("target", [Phase.DISPUTE, Phase.HARDSHIP])
def test_a_closed_case_or_one_in_legal_action_cannot_be_paused(phase, target):
    with pytest.raises(ForbiddenTransition, match=phase.label):
        arrangements.pause(
            facts(phase=phase), Schedule(), target=target, by="debtor", reason="No.", now=TUESDAY
        )


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.LEGAL])
def test_a_closed_case_or_one_in_legal_action_gets_no_plan(phase):
    with pytest.raises(ForbiddenTransition):
        agreed(facts(phase=phase))


def test_only_a_dispute_or_hardship_pauses_this_way():
    with pytest.raises(ForbiddenTransition):
        arrangements.pause(facts(), Schedule(), target=Phase.PROMISE, by="debtor", reason="No.", now=TUESDAY)


def test_the_plan_and_the_missed_date_are_stored_on_the_case_header_and_read_back():
    from app.adapters.dynamo import engine_state  # plain mapping: no AWS involved

    _, schedule, _ = agreed(facts())
    schedule = replace(schedule, plan=replace(schedule.plan, checked=1), broken_due=DUES[0])
    stored = engine_state.to_map(schedule)
    assert stored["plan"]["instalments"][0] == {"due": "2026-11-27", "amount_cents": 10_000}
    assert engine_state.schedule(SimpleNamespace(schedule=stored)) == schedule
    older = {k: v for k, v in stored.items() if k not in ("plan", "broken_due")}  # before plans existed
    assert engine_state.schedule(SimpleNamespace(schedule=older)) == replace(
        schedule, plan=None, broken_due=None
    )
