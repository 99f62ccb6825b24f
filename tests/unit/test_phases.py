"""The transition table: every allowed move, every forbidden one, and the guards."""

from datetime import UTC, datetime

import pytest

from app.domain.case import Phase
from app.domain.phases import TABLE, Closure, Facts, ForbiddenTransition, allowed_targets, transition

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
OPEN = [Phase.NOT_YET_DUE, Phase.EARLY, Phase.LATE, Phase.AWAITING_APPROVAL]
SIDE = [Phase.PROMISE, Phase.PLAN, Phase.DISPUTE, Phase.HARDSHIP]

# Facts under which every guard of the table passes, whatever the pair.
PERMISSIVE = {
    "days_past_due": 400,
    "late_steps_done": True,
    "approved_by_creditor": True,
    "closure": Closure.WITHDRAWN,
}


def _facts_for(current: Phase, target: Phase) -> Facts:
    return Facts(**PERMISSIVE, resume_phase=target if current in SIDE else None)


@pytest.mark.parametrize("current", list(Phase))
@pytest.mark.parametrize("target", list(Phase))
def test_a_move_is_allowed_exactly_when_the_table_lists_it(current, target):
    if (current, target) in TABLE:
        change = transition(
            current, target, actor="engine", reason="test", at=AT, facts=_facts_for(current, target)
        )
        assert (change.current, change.target, change.actor, change.reason, change.at) == (
            current,
            target,
            "engine",
            "test",
            AT,
        )
    else:
        with pytest.raises(ForbiddenTransition):
            transition(
                current, target, actor="engine", reason="test", at=AT, facts=_facts_for(current, target)
            )


def test_closed_and_legal_lead_nowhere_but_closed():
    assert allowed_targets(Phase.CLOSED) == []
    assert allowed_targets(Phase.LEGAL) == [Phase.CLOSED]


def test_every_open_phase_can_be_paused_and_closed():
    for phase in OPEN:
        assert set(SIDE) | {Phase.CLOSED} <= set(allowed_targets(phase))


def test_early_collection_lasts_sixty_days():
    with pytest.raises(ForbiddenTransition, match="60 days"):
        transition(
            Phase.EARLY, Phase.LATE, actor="engine", reason="age", at=AT, facts=Facts(days_past_due=60)
        )
    assert transition(
        Phase.EARLY, Phase.LATE, actor="engine", reason="age", at=AT, facts=Facts(days_past_due=61)
    )


def test_escalation_needs_the_late_steps_done_and_the_creditors_approval():
    with pytest.raises(ForbiddenTransition, match="deadline"):
        transition(Phase.LATE, Phase.AWAITING_APPROVAL, actor="engine", reason="r", at=AT, facts=Facts())
    with pytest.raises(ForbiddenTransition, match="approved"):
        transition(Phase.AWAITING_APPROVAL, Phase.LEGAL, actor="creditor:a@b.si", reason="r", at=AT)
    approved = Facts(approved_by_creditor=True)
    assert transition(
        Phase.AWAITING_APPROVAL, Phase.LEGAL, actor="creditor:a@b.si", reason="r", at=AT, facts=approved
    )
    with pytest.raises(ForbiddenTransition, match="connect"):
        transition(Phase.LATE, Phase.LEGAL, actor="engine", reason="r", at=AT, facts=approved)


def test_closing_says_why_and_paid_means_nothing_is_left():
    with pytest.raises(ForbiddenTransition, match="why"):
        transition(Phase.EARLY, Phase.CLOSED, actor="creditor:x", reason="r", at=AT)
    with pytest.raises(ForbiddenTransition, match="not paid"):
        transition(
            Phase.EARLY,
            Phase.CLOSED,
            actor="x",
            reason="r",
            at=AT,
            facts=Facts(closure=Closure.PAID, outstanding_cents=1),
        )
    change = transition(
        Phase.EARLY, Phase.CLOSED, actor="x", reason="r", at=AT, facts=Facts(closure=Closure.PAID)
    )
    assert change.details == {"closure": "paid"}


def test_a_side_state_resumes_the_phase_it_paused():
    paused_early = Facts(resume_phase=Phase.EARLY)
    assert transition(Phase.PROMISE, Phase.EARLY, actor="engine", reason="kept", at=AT, facts=paused_early)
    with pytest.raises(ForbiddenTransition, match="paused in Early"):
        transition(Phase.PROMISE, Phase.LATE, actor="engine", reason="kept", at=AT, facts=paused_early)


def test_every_change_needs_a_reason():
    with pytest.raises(ForbiddenTransition, match="reason"):
        transition(Phase.EARLY, Phase.DISPUTE, actor="debtor", reason="  ", at=AT)
