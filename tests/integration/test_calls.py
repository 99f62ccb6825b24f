"""The operators' call queue: open calls of every creditor, largest debts first, each with its
script and the form that logs what came of the call."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from app.adapters.dynamo.calls import CallTask
from app.claims.operations import hand_over
from app.domain.case import Phase
from app.domain.timeline import EventKind
from tests import factories

NOW = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)


@pytest.fixture
def operator(create_user, auth):
    """A signed-in operator of the agency: no creditor organisation of their own."""
    email = create_user(org_id=None, groups=("operator",))
    assert auth.login(email).status_code == 302
    return email


def call_task(org_id, case_id, amount_cents, **changes) -> CallTask:
    values = {
        "org_id": org_id,
        "case_id": case_id,
        "action": "0-step-2",
        "debtor_name": f"Debtor {uuid.uuid4().hex[:8]}",
        "phone": "+38641123456",
        "country": "SI",
        "amount_cents": amount_cents,
        "currency": "EUR",
        "step_name": "Friendly call",
        "script_key": "",
        "status": "open",
        "created_at": NOW,
    }
    values.update(changes)
    return CallTask(**values)


def test_the_queue_lists_open_calls_largest_first(client, services, operator, org_id):
    # Amounts far above any other test's, so these lead the queue whatever else is open.
    small, large, middle = (
        call_task(org_id, "CASE1", 9_000_000_000_00),
        call_task(org_id, "CASE2", 9_900_000_000_00),
        call_task(org_id, "CASE3", 9_500_000_000_00),
    )
    for task in (small, large, middle):
        services.calls.open(task)

    response = client.get("/calls")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    positions = [page.index(t.debtor_name) for t in (large, middle, small)]
    assert positions == sorted(positions)
    assert "€9,900,000,000.00" in page and org_id in page and "Friendly call" in page
    assert f'href="/calls/{org_id}/CASE2/0-step-2"' in page


@pytest.fixture
def case_with_call(services, organisation, monkeypatch):
    """A case of ``organisation`` with an open call task and its script; the clock at NOW."""
    monkeypatch.setattr(services.clock, "now", lambda: NOW)
    case_id = hand_over(
        services, organisation, [factories.incoming()], factories.handover()
    ).applied.case_ids[0]
    script_key = f"messages/{organisation.org_id}/{case_id}/0-step-2.json"
    script = {"channel": "call", "to": "+38641123456", "text": "Good morning, this is <Agency> calling."}
    services.storage.put(script_key, json.dumps(script).encode(), "application/json")
    task = call_task(organisation.org_id, case_id, 125000, script_key=script_key)
    services.calls.open(task)
    return task


def test_a_task_shows_its_script(client, operator, case_with_call):
    task = case_with_call
    response = client.get(f"/calls/{task.org_id}/{task.case_id}/{task.action}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<pre>Good morning, this is &lt;Agency&gt; calling.</pre>" in page
    assert task.debtor_name in page and "€1,250.00" in page
    assert '<option value="promise">Promised to pay</option>' in page


def test_logging_a_call_closes_the_task_and_writes_the_timeline(client, services, operator, case_with_call):
    task = case_with_call
    path = f"/calls/{task.org_id}/{task.case_id}/{task.action}"
    response = client.post(path, data={"outcome": "no_answer", "notes": "Rang twice"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/calls"

    [done] = services.calls.for_case(task.org_id, task.case_id)
    assert (done.status, done.outcome) == ("done", "no_answer")
    [call] = services.timeline.list(task.org_id, task.case_id, {EventKind.CALL.value})
    assert (call.summary, call.actor) == ("Call: No answer – Rang twice", f"operator:{operator}")
    assert f'href="{path}"' not in client.get("/calls").get_data(as_text=True)
    # Logged once: the page no longer offers the form.
    assert "This call is logged: No answer." in client.get(path).get_data(as_text=True)


def test_an_operator_logs_a_promise(client, services, operator, case_with_call):
    task = case_with_call
    path = f"/calls/{task.org_id}/{task.case_id}/{task.action}"

    refused = client.post(path, data={"outcome": "promise", "promise_date": "2026-11-21"})
    assert "The promised date is in the past." in refused.get_data(as_text=True)
    assert services.calls.for_case(task.org_id, task.case_id)[0].status == "open"

    assert client.post(path, data={"outcome": "promise", "promise_date": "2026-12-04"}).status_code == 302
    assert services.cases.get(task.org_id, task.case_id).phase is Phase.PROMISE
    [promise] = services.timeline.list(task.org_id, task.case_id, {EventKind.PROMISE.value})
    assert promise.actor == f"operator:{operator}"
    assert services.calls.for_case(task.org_id, task.case_id)[0].outcome == "promise"


def test_an_unknown_task_is_not_found(client, operator, org_id):
    assert client.get(f"/calls/{org_id}/NOCASE/0-step-2").status_code == 404


@pytest.mark.parametrize("path", ["/calls", "/calls/org-x/CASE1/0-step-2"])
def test_creditors_cannot_work_the_queue(client, creditor, path):
    assert client.get(path).status_code == 403
    assert client.post(path, data={"outcome": "no_answer"}).status_code in (403, 405)
