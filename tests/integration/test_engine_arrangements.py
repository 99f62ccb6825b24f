"""The debtor's arrangements against moto: a payment plan pauses the reminders and a missed instalment
brings the follow-up; a dispute stops the engine until the creditor resumes collection."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from app.adapters.dynamo import engine_state
from app.adapters.dynamo.due import iso
from app.adapters.dynamo.models import CaseItem
from app.domain.case import Phase
from app.domain.schedule import PlanInstalment
from app.domain.timeline import EventKind
from app.engine.operations import pause, resume, run_due, start_plan
from app.messages.formatting import day
from tests.integration import test_engine
from tests.integration.test_engine import T0, events, tick, walk

# The engine tests' fixtures: one case handed over at T0 (13 days past due), the queue the scheduler
# fills, and the e-mails SES accepted, by action.
case_id, queue, sent = test_engine.case_id, test_engine.queue, test_engine.sent

AGREED = T0 + timedelta(days=2)  # after the first reminder
FIRST, SECOND = date(2036, 3, 16), date(2036, 4, 15)


def check_time(due: date) -> datetime:
    # The policy's default grace period of 3 days, then the morning check.
    return datetime.combine(due + timedelta(days=4), datetime.min.time(), tzinfo=UTC) + timedelta(hours=6)


def paid(org_id: str, case_id: str, cents: int) -> None:
    """A payment lowers the case's balance (a stand-in for payment matching, which writes it later)."""
    header = engine_state.read(org_id, case_id)
    header.update(
        actions=[
            CaseItem.outstanding_cents.set(int(header.outstanding_cents) - cents),
            CaseItem.version.set(int(header.version) + 1),
        ]
    )


def message(org_id: str, case_id: str):
    return {"pk": f"ORG#{org_id}", "sk": f"CASE#{case_id}"}


def test_a_plan_pauses_the_reminders_and_a_missed_instalment_sends_the_follow_up_with_its_date(
    services, queue, org_id, organisation, case_id, sent
):
    walk(services, queue, org_id, T0, 2, twice=False, cases=[case_id])
    assert sum(sent.values()) == 1
    instalments = [PlanInstalment(FIRST, 50_000), PlanInstalment(SECOND, 75_000)]
    for _ in range(2):  # a double submit: the same key, the same moment
        start_plan(
            services, organisation, case_id, instalments=instalments, by="debtor", now=AGREED, key="p1"
        )
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.PLAN.value
    plan = engine_state.schedule(header).plan
    assert (plan.instalments, plan.outstanding_cents, plan.checked) == (tuple(instalments), 125_000, 0)
    assert header.due_at == iso(check_time(FIRST))  # the due index wakes the case for the check only
    [agreed] = events(services, org_id, case_id, EventKind.PAYMENT_PLAN)
    assert "500.00 EUR by 2036-03-16" in agreed.summary and agreed.actor == "debtor"
    phases = events(services, org_id, case_id, EventKind.PHASE_CHANGED)  # newest first
    assert [e.details["to"] for e in phases[:2]] == [Phase.PLAN.value, Phase.EARLY.value]

    # Before the first instalment's check nothing goes out: no second reminder, no call task.
    for moment in (AGREED + timedelta(days=5), AGREED + timedelta(days=13)):
        tick(services, queue, org_id, moment, twice=False, cases=[case_id])
        assert run_due(services, message(org_id, case_id), now=moment) == "not due"
    assert sum(sent.values()) == 1
    assert not events(services, org_id, case_id, EventKind.CALL_TASK)

    paid(org_id, case_id, 50_000)
    tick(services, queue, org_id, check_time(FIRST) + timedelta(hours=2), cases=[case_id])
    [kept] = events(services, org_id, case_id, EventKind.INSTALMENT_PAID)
    assert kept.summary.startswith("Instalment 1 of 2")
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.PLAN.value and engine_state.schedule(header).plan.checked == 1
    assert header.due_at == iso(check_time(SECOND))

    # The second instalment is not paid: the plan ends, the follow-up waits for Monday's business hours.
    tick(services, queue, org_id, check_time(SECOND) + timedelta(hours=2), cases=[case_id])
    [missed] = events(services, org_id, case_id, EventKind.INSTALMENT_MISSED)
    assert "2036-04-15" in missed.summary and "broken" in missed.summary
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.EARLY.value and sum(sent.values()) == 1
    follow_up_at = datetime.fromisoformat(header.due_at.replace("Z", "+00:00"))
    assert follow_up_at.date() == date(2036, 4, 21)  # the check ran on a Saturday
    tick(services, queue, org_id, follow_up_at, cases=[case_id])
    follow_ups = [
        e
        for e in events(services, org_id, case_id, EventKind.MESSAGE_SENT)
        if "follow-up" in e.details["action"]
    ]
    assert [e.details["template"] for e in follow_ups] == ["promise_broken"]
    text = json.loads(services.storage.open(follow_ups[0].details["message_key"]).read())["text"]
    assert f"do {day(SECOND, 'sl_SI')}" in text  # "sporočili ste nam, da boste plačali do 15. 4. 2036"
    assert set(sent.values()) == {1} and sum(sent.values()) == 2
    assert engine_state.schedule(engine_state.read(org_id, case_id)).broken_due is None


def test_a_dispute_from_the_debtors_page_stops_the_engine_until_the_creditor_resumes(
    services, queue, org_id, organisation, case_id, sent
):
    walk(services, queue, org_id, T0, 2, twice=False, cases=[case_id])
    reason = "The debtor disputes the claim: the cabinets were never delivered."
    change = pause(
        services,
        organisation,
        case_id,
        target=Phase.DISPUTE,
        by="debtor",
        reason=reason,
        now=AGREED,
        key="d1",
    )
    assert (change.current, change.target) == (Phase.EARLY, Phase.DISPUTE)
    again = pause(
        services,
        organisation,
        case_id,
        target=Phase.DISPUTE,
        by="debtor",
        reason=reason,
        now=AGREED,
        key="d1",
    )
    assert again is None  # a double submit writes once
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.DISPUTE.value and header.due_at is None  # out of the due index
    assert engine_state.schedule(header).paused_from is Phase.EARLY
    disputes = [
        e for e in events(services, org_id, case_id, EventKind.PHASE_CHANGED) if e.details["to"] == "dispute"
    ]
    assert len(disputes) == 1 and disputes[0].actor == "debtor" and reason in disputes[0].summary

    # Past the second reminder's day (30 days past due): nothing goes out, no call task is made.
    later = AGREED + timedelta(days=20)
    tick(services, queue, org_id, later, twice=False, cases=[case_id])
    assert run_due(services, message(org_id, case_id), now=later) == "not due"
    assert sum(sent.values()) == 1 and not events(services, org_id, case_id, EventKind.CALL_TASK)

    resume(
        services, organisation, case_id, by="creditor:ana@example.com", reason="Delivery proven.", now=later
    )
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.EARLY.value and header.due_at is not None
    walk(services, queue, org_id, later, 2, twice=False, cases=[case_id])
    [call] = events(services, org_id, case_id, EventKind.CALL_TASK)  # the ladder goes on where it was
    assert call.details["step"] == "Call"
