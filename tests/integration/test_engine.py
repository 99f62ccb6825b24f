"""The engine against moto: reminders go out exactly once, whatever is delivered twice or dies."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.adapters.dynamo import engine_state
from app.adapters.dynamo.due import DueIndex, shard_for
from app.adapters.dynamo.links import digest
from app.adapters.queue import ActionQueue
from app.domain.case import Phase
from app.domain.timeline import EventKind
from app.engine import feedback
from app.engine.operations import CaseBusy, pause_for_promise, run_due
from functions import scheduler
from tests import factories

# Far from the real clock, so no other test's case is due at these moments by accident of timing.
T0 = datetime(2036, 3, 4, 8, 0, tzinfo=UTC)  # a Tuesday


class Died(Exception):
    """A worker killed half-way (what a Lambda timeout or a crash looks like to the others)."""


@pytest.fixture
def queue(aws):
    from app.adapters.clients import client

    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"engine-{datetime.now().timestamp():.6f}".replace(".", "-"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def sent(services, monkeypatch):
    """Every e-mail SES accepted, by action key (the real SES of moto underneath)."""
    counts: Counter = Counter()
    real = services.mailer.send

    def counting(**kwargs):
        message_id = real(**kwargs)
        counts[kwargs["tags"]["action"]] += 1
        return message_id

    monkeypatch.setattr(services.mailer, "send", counting)
    return counts


@pytest.fixture
def case_id(services, organisation):
    from app.claims.operations import hand_over

    incoming = factories.incoming(due_date=date(2036, 2, 20), issue_date=date(2036, 1, 20))
    result = hand_over(services, organisation, [incoming], factories.handover(at=T0))
    return next(iter(result.plan.changes))


def drain(url):
    from app.adapters.clients import client

    bodies = []
    while True:
        answer = client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        if not answer.get("Messages"):
            return bodies
        for m in answer["Messages"]:
            bodies.append(json.loads(m["Body"]))
            client("sqs").delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


class OrgDue(DueIndex):
    """The due index as the scheduler reads it, limited to one test's organisation: the shared
    emulator also holds every other test's cases, which are all "due" in 2036. Only the shards
    that can hold the organisation's cases are read (moto reads a whole index for every query)."""

    def __init__(self, org_id, case_ids=None):
        super().__init__(16)
        self.pk = f"ORG#{org_id}"
        self.case_ids = case_ids

    def shard_numbers(self):
        if self.case_ids is None:
            return super().shard_numbers()
        return sorted({int(shard_for(f"{self.pk}|CASE#{c}", 16)[4:]) for c in self.case_ids})

    def due(self, now, limit_per_shard=None):
        return (ref for ref in super().due(now, limit_per_shard) if ref.pk == self.pk)


def tick(services, queue, org_id, now, *, twice=True, cases=None):
    """One scheduler run (two when twice: a duplicate run), each message delivered twice."""
    runs = 2 if twice else 1
    for _ in range(runs):
        scheduler.run(now, OrgDue(org_id, cases), ActionQueue(queue))
    mine = drain(queue)
    for message in mine:
        for _ in range(runs):
            run_due(services, message, now=now)
    return mine


def walk(services, queue, org_id, start, days, **kwargs):
    """A scheduler run every morning (T0 is 09:00 in Ljubljana), as the hourly ones would find it."""
    for day in range(days):
        tick(services, queue, org_id, start + timedelta(days=day), **kwargs)


def events(services, org_id, case_id, kind):
    return [e for e in services.timeline.list(org_id, case_id) if e.kind == kind.value]


def test_reminders_go_out_once_per_step_under_duplicate_runs_and_deliveries(
    services, queue, org_id, case_id, sent
):
    walk(services, queue, org_id, T0, 60, cases=[case_id])
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.LATE.value
    emails = events(services, org_id, case_id, EventKind.MESSAGE_SENT)
    assert len(emails) >= 3  # first reminder, second reminder, repeats
    assert set(sent.values()) == {1}  # SES accepted each step's e-mail exactly once
    assert len(sent) == len(emails)
    assert events(services, org_id, case_id, EventKind.CALL_TASK)
    assert events(services, org_id, case_id, EventKind.LETTER_PREPARED)
    phases = [e.details["to"] for e in events(services, org_id, case_id, EventKind.PHASE_CHANGED)]
    # Handed over "before" its due date by the real clock (2026), so it starts not yet due.
    assert phases == [Phase.LATE.value, Phase.EARLY.value]  # newest first
    # First contact within 24 hours of the hand-over, in the debtor's business hours.
    first = min(e.at for e in emails)
    assert first - T0 <= timedelta(hours=24)


def test_first_contact_carries_the_gdpr_notice_and_a_personal_link_stored_hashed(
    services, queue, org_id, case_id, sent
):
    walk(services, queue, org_id, T0, 35, twice=False, cases=[case_id])
    emails = sorted(events(services, org_id, case_id, EventKind.MESSAGE_SENT), key=lambda e: e.at)
    stored = [json.loads(services.storage.open(e.details["message_key"]).read()) for e in emails]
    assert "www.ip-rs.si" in stored[0]["text"]  # the SI supervisory authority, in the notice
    assert all("www.ip-rs.si" not in s["text"] for s in stored[1:])
    link = next(w for w in stored[0]["text"].split() if "/d/" in w)
    token = link.rsplit("/d/", 1)[1].strip(".,)>")
    target = services.links.resolve(token, now=T0 + timedelta(days=2))
    assert (target.org_id, target.case_id) == (org_id, case_id)
    from app.adapters.dynamo.links import DebtorLinkItem

    assert DebtorLinkItem.get(f"LINK#{digest(token)}", "LINK").case_id == case_id
    assert services.links.resolve(token + "x", now=T0) is None


@pytest.mark.parametrize("where", ["before_send", "after_send", "before_timeline", "before_header"])
def test_a_worker_dying_half_way_neither_repeats_nor_skips_the_step(
    services, queue, org_id, case_id, sent, monkeypatch, where
):
    now = T0 + timedelta(hours=1)  # the case is due for its first contact
    targets = {
        "before_send": (services.mailer, "send"),
        "after_send": (services.sends, "sent"),
        "before_timeline": (services.timeline, "add"),
        "before_header": (engine_state, "save"),
    }
    owner, name = targets[where]
    real = getattr(owner, name)
    calls = {"n": 0}

    def dies_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise Died(where)  # for "after_send": SES has accepted the message, its mark is lost
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, dies_once)
    scheduler.run(now, OrgDue(org_id, [case_id]), ActionQueue(queue))
    message = next(m for m in drain(queue) if m["sk"] == f"CASE#{case_id}")
    with pytest.raises(Died):
        run_due(services, message, now=now)
    if where == "after_send":
        # SES accepted the message; its "Send" event reaches the feedback function within seconds.
        send = next(iter(sent))
        feedback.record(services, _ses_event("Send", org_id, case_id, send), now=now)
    later = now + timedelta(minutes=1)
    if where in ("before_send", "after_send"):
        if where == "before_send":
            with pytest.raises(CaseBusy):  # the dead worker's claim still holds: nobody sends
                run_due(services, message, now=later)
        later = now + timedelta(minutes=6)  # the claim's lease has run out
    run_due(services, message, now=later)
    run_due(services, message, now=later)  # and a redelivery on top
    assert sum(sent.values()) == 1
    assert len(events(services, org_id, case_id, EventKind.MESSAGE_SENT)) == 1
    schedule = engine_state.schedule(engine_state.read(org_id, case_id))
    assert schedule.step == 1 and schedule.last_contact_at is not None


def _ses_event(kind, org_id, case_id, action, **extra):
    return {
        "eventType": kind,
        "mail": {
            "messageId": f"ses-{action}",
            "destination": ["racuni@kranjc.si"],
            "tags": {"org": [org_id], "case": [case_id], "action": [action]},
        },
        **extra,
    }


def test_a_hard_bounce_marks_the_address_bad_and_the_step_goes_out_as_a_letter(
    services, queue, org_id, case_id, sent
):
    walk(services, queue, org_id, T0, 2, cases=[case_id])
    action = next(iter(sent))
    now = T0 + timedelta(days=2)
    bounce = _ses_event("Bounce", org_id, case_id, action, bounce={"bounceType": "Permanent"})
    assert feedback.record(services, bounce, now=now) == "bounced"
    assert feedback.record(services, bounce, now=now) == "bounced"  # SNS may deliver twice
    schedule = engine_state.schedule(engine_state.read(org_id, case_id))
    assert "email" in schedule.bad_channels
    walk(services, queue, org_id, now, 2, cases=[case_id])
    letters = events(services, org_id, case_id, EventKind.LETTER_PREPARED)
    assert len(letters) == 1 and letters[0].details["step"] == "First reminder"
    pdf = services.storage.open(letters[0].details["message_key"].replace(".json", ".pdf")).read()
    assert pdf.startswith(b"%PDF")
    assert len(events(services, org_id, case_id, EventKind.MESSAGE_BOUNCED)) == 1
    assert sum(sent.values()) == 1  # no more e-mail to a dead address


def test_a_broken_promise_is_written_down_and_the_next_contact_goes_out(
    services, queue, org_id, case_id, organisation, sent
):
    walk(services, queue, org_id, T0, 2, cases=[case_id])
    now = T0 + timedelta(days=2)
    pause_for_promise(
        services, organisation, case_id, due=now.date() + timedelta(days=5), by="debtor", now=now
    )
    assert engine_state.read(org_id, case_id).phase == Phase.PROMISE.value
    before = sum(sent.values())
    walk(services, queue, org_id, now, 5, cases=[case_id])
    assert sum(sent.values()) == before  # paused until the date and the grace period
    # The check runs after the date and the grace period, on a Saturday; the follow-up waits for Monday.
    walk(services, queue, org_id, now + timedelta(days=5), 8, cases=[case_id])
    assert events(services, org_id, case_id, EventKind.PROMISE_BROKEN)
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.EARLY.value
    sent_events = events(services, org_id, case_id, EventKind.MESSAGE_SENT)
    follow_ups = [e.details["template"] for e in sent_events if "follow-up" in e.details["action"]]
    assert follow_ups == ["promise_broken"]


def test_the_scheduler_puts_the_largest_debts_first_when_capacity_is_short(
    services, queue, org_id, organisation
):
    from app.claims.operations import hand_over

    amounts = ["100.00", "9000.00", "450.00", "12000.00"]
    incoming = [
        factories.incoming(
            {"name": f"Debtor {n}", "id_number": "", "email": f"d{n}@example.com"},
            principal=Decimal(a),
            due_date=date(2036, 2, 20),
            issue_date=date(2036, 1, 20),
        )
        for n, a in enumerate(amounts)
    ]
    hand_over(services, organisation, incoming, factories.handover(at=T0 + timedelta(days=400)))
    now = T0 + timedelta(days=400, hours=1)
    counts = scheduler.run(now, OrgDue(org_id), ActionQueue(queue), capacity=2)
    mine = drain(queue)
    assert counts["due"] == 2
    headers = [engine_state.read(org_id, m["sk"].removeprefix("CASE#")) for m in mine]
    assert sorted(int(h.outstanding_cents) for h in headers) == [900_000, 1_200_000]


def test_an_engine_write_never_loses_a_claim_the_hand_over_adds_meanwhile(
    services, org_id, case_id, organisation
):
    from app.claims.operations import hand_over

    header = engine_state.read(org_id, case_id)  # the engine read the case ...
    more = factories.incoming(
        due_date=date(2036, 2, 25),
        issue_date=date(2036, 1, 25),
        principal=Decimal("10.00"),
    )
    hand_over(services, organisation, [more], factories.handover(at=T0 + timedelta(minutes=1)))
    schedule = replace(engine_state.schedule(header), step=3)
    with pytest.raises(engine_state.Stale):  # ... and its decision on the stale header is refused
        engine_state.save(header, schedule, Phase.EARLY)
    fresh = engine_state.read(org_id, case_id)
    assert int(fresh.claim_count) == 2


def test_a_policy_with_an_sms_step_texts_the_debtor_through_sns_without_the_amount(
    services, queue, org_id, organisation, monkeypatch
):
    from app.claims.operations import hand_over
    from app.domain.policy import Channel, PolicyStep

    texted = []
    real = services.texter.send

    def counting(**kwargs):
        texted.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services.texter, "send", counting)
    steps = (PolicyStep("Text message", Channel.SMS, days_past_due=1, template="sms_reminder"),)
    services.organisations.save(replace(organisation, policy=replace(organisation.policy, steps=steps)))
    incoming = factories.incoming(due_date=date(2036, 2, 20), issue_date=date(2036, 1, 20))
    result = hand_over(services, organisation, [incoming], factories.handover(at=T0))
    case_id = next(iter(result.plan.changes))
    walk(services, queue, org_id, T0, 2, cases=[case_id])
    assert [t["to"] for t in texted] == ["+38641123456"]
    assert "1.250" not in texted[0]["text"] and "€" not in texted[0]["text"]
    sms = events(services, org_id, case_id, EventKind.MESSAGE_SENT)
    assert [e.details["channel"] for e in sms] == ["sms"]
