"""A case's timeline on the case page: newest first, filtered, exported; notes, logged calls and the
messages that went out, each only for the creditor whose case it is."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from app.adapters.dynamo.calls import CallTask
from app.claims.operations import hand_over
from app.domain.case import Phase
from app.domain.timeline import EventKind
from tests import factories

NOW = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)


@pytest.fixture
def case_id(creditor, organisation, services, monkeypatch):
    """A case of the signed-in creditor, handed over at 09:00; the clock says 14:00 that day."""
    monkeypatch.setattr(services.clock, "now", lambda: NOW)
    result = hand_over(
        services, organisation, [factories.incoming()], factories.handover(actor=creditor["email"])
    )
    return result.applied.case_ids[0]


def add(services, org_id, case_id, kind, summary, hour, **details):
    return services.timeline.add(
        org_id,
        case_id,
        kind=kind,
        summary=summary,
        actor="engine",
        at=datetime(2026, 11, 22, hour, 0, tzinfo=UTC),
        details=details,
    )


def in_order(page: str, *texts: str) -> bool:
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


def test_the_timeline_is_newest_first_and_filters_by_group(client, services, organisation, case_id):
    org_id = organisation.org_id
    add(services, org_id, case_id, EventKind.NOTE, "Spoke to the accountant", 10)
    add(services, org_id, case_id, EventKind.MESSAGE_SENT, "Reminder: E-mail sent to racuni@kranjc.si", 11)
    add(services, org_id, case_id, EventKind.PHASE_CHANGED, "Not yet due → Early collection", 12)

    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert in_order(
        page, "Not yet due → Early collection", "Reminder: E-mail sent", "Spoke to the accountant"
    )
    assert "Message sent" in page and "Phase changed" in page  # each entry says what kind it is

    messages = client.get(f"/cases/{case_id}?show=messages").get_data(as_text=True)
    assert "Reminder: E-mail sent" in messages
    assert "Spoke to the accountant" not in messages and "Not yet due → Early" not in messages
    assert 'aria-current="page">Messages<' in messages

    everything = client.get(f"/cases/{case_id}?show=nonsense").get_data(as_text=True)
    assert "Spoke to the accountant" in everything  # an unknown group shows all


def test_a_note_appears_on_the_timeline(client, services, creditor, case_id):
    response = client.post(f"/cases/{case_id}/notes", data={"note": "  Debtor asked for a copy.  "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case_id}#timeline")

    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Debtor asked for a copy." in page
    [note] = services.timeline.list(creditor["org_id"], case_id, {EventKind.NOTE.value})
    assert (note.summary, note.actor, note.at) == ("Debtor asked for a copy.", creditor["email"], NOW)


def test_a_long_note_is_kept_whole_and_an_empty_one_is_refused(client, services, creditor, case_id):
    long_note = "x" * 1990 + " the end"
    assert client.post(f"/cases/{case_id}/notes", data={"note": long_note}).status_code == 302
    assert long_note in client.get(f"/cases/{case_id}").get_data(as_text=True)

    empty = client.post(f"/cases/{case_id}/notes", data={"note": "   "})
    assert empty.status_code == 200 and "Write the note first." in empty.get_data(as_text=True)
    too_long = client.post(f"/cases/{case_id}/notes", data={"note": "y" * 2001})
    assert "at most 2000" in too_long.get_data(as_text=True).replace(",", "")
    assert len(services.timeline.list(creditor["org_id"], case_id, {EventKind.NOTE.value})) == 1


def test_the_csv_export_escapes_formulas_and_follows_the_filter(client, services, creditor, case_id):
    client.post(f"/cases/{case_id}/notes", data={"note": '=HYPERLINK("http://evil.example","pay here")'})
    add(services, creditor["org_id"], case_id, EventKind.MESSAGE_SENT, "-1 reminder", 12)

    response = client.get(f"/cases/{case_id}/timeline.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="case-{case_id}-timeline.csv"'
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["time", "kind", "summary", "actor"]
    assert rows[1] == [
        NOW.isoformat(),
        "note",
        '\'=HYPERLINK("http://evil.example","pay here")',
        creditor["email"],
    ]
    assert rows[2][1:] == ["message_sent", "'-1 reminder", "engine"]
    assert rows[3][1] == "claim_imported"
    assert len(rows) == 4

    notes = client.get(f"/cases/{case_id}/timeline.csv?show=notes")
    assert 'filename="case-' in notes.headers["Content-Disposition"]
    note_rows = list(csv.reader(io.StringIO(notes.data.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in note_rows[1:]] == ["note"]


def test_the_case_page_links_the_export_with_its_filter(client, case_id):
    page = client.get(f"/cases/{case_id}?show=calls").get_data(as_text=True)
    assert f"/cases/{case_id}/timeline.csv?show=calls" in page


def stored_message(services, key, **changes):
    record = {
        "channel": "email",
        "to": "racuni@kranjc.si",
        "subject": "Reminder: invoice 2026-00001",
        "text": "Dear customer,\nplease pay <b>today</b>.",
        "html": "<p>Dear customer, <script>alert('only-in-html')</script></p>",
        **changes,
    }
    services.storage.put(key, json.dumps(record).encode(), "application/json")


def test_a_sent_message_is_shown_as_text(client, services, creditor, case_id):
    key = f"messages/{creditor['org_id']}/{case_id}/0-step-0.json"
    stored_message(services, key)
    event_id = add(services, creditor["org_id"], case_id, EventKind.MESSAGE_SENT, "Sent", 11, message_key=key)

    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    link = f"/cases/{case_id}/messages/{event_id}"
    assert f'href="{link}">view</a>' in page

    response = client.get(link)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<pre>Dear customer,\nplease pay &lt;b&gt;today&lt;/b&gt;.</pre>" in body
    assert "Reminder: invoice 2026-00001" in body and "racuni@kranjc.si" in body
    assert "only-in-html" not in body


def test_a_message_key_outside_the_case_is_not_shown(client, services, creditor, case_id):
    elsewhere = f"messages/org-someone-else/{case_id}/0-step-0.json"
    stored_message(services, elsewhere)
    event_id = add(
        services, creditor["org_id"], case_id, EventKind.MESSAGE_SENT, "Sent", 11, message_key=elsewhere
    )
    note_id = add(services, creditor["org_id"], case_id, EventKind.NOTE, "A note", 12)
    assert client.get(f"/cases/{case_id}/messages/{event_id}").status_code == 404
    assert client.get(f"/cases/{case_id}/messages/{note_id}").status_code == 404
    assert client.get(f"/cases/{case_id}/messages/nothing").status_code == 404


def test_a_call_with_a_promise_pauses_the_case_and_closes_its_call_tasks(client, services, creditor, case_id):
    org_id = creditor["org_id"]
    services.calls.open(
        CallTask(
            org_id=org_id,
            case_id=case_id,
            action="0-step-2",
            debtor_name="Mizarstvo Kranjc d.o.o.",
            phone="+38641123456",
            country="SI",
            amount_cents=125000,
            currency="EUR",
            step_name="Call",
            script_key="",
            status="open",
            created_at=NOW,
        )
    )
    response = client.post(
        f"/cases/{case_id}/calls",
        data={"outcome": "promise", "promise_date": "2026-12-01", "notes": "Pays after the holidays"},
    )
    assert response.status_code == 302

    assert services.cases.get(org_id, case_id).phase is Phase.PROMISE
    [call] = services.timeline.list(org_id, case_id, {EventKind.CALL.value})
    assert call.summary == "Call: Promised to pay – Pays after the holidays"
    assert call.actor == f"creditor:{creditor['email']}"
    [promise] = services.timeline.list(org_id, case_id, {EventKind.PROMISE.value})
    assert promise.actor == f"creditor:{creditor['email']}" and "2026-12-01" in promise.summary
    [task] = services.calls.for_case(org_id, case_id)
    assert (task.status, task.outcome) == ("done", "promise")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"outcome": "promise", "promise_date": "2026-11-01"}, "The promised date is in the past."),
        ({"outcome": "promise", "promise_date": ""}, "Say by which date the debtor promised to pay."),
        ({"outcome": "promise", "promise_date": "2027-03-01"}, "at most 30 days ahead"),
        ({"outcome": "hung_up"}, "Not a valid choice"),
    ],
)
def test_a_refused_call_shows_why_and_writes_nothing(client, services, creditor, case_id, data, error):
    response = client.post(f"/cases/{case_id}/calls", data=data)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert services.cases.get(creditor["org_id"], case_id).phase is not Phase.PROMISE
    assert services.timeline.list(creditor["org_id"], case_id, {"call", "promise"}) == []


def test_a_call_without_a_promise_is_logged(client, services, creditor, case_id):
    response = client.post(f"/cases/{case_id}/calls", data={"outcome": "no_answer", "promise_date": ""})
    assert response.status_code == 302
    [call] = services.timeline.list(creditor["org_id"], case_id, {EventKind.CALL.value})
    assert call.summary == "Call: No answer"
    assert services.cases.get(creditor["org_id"], case_id).phase is not Phase.PROMISE


@pytest.fixture
def foreign_case(client, services, organisation, create_user, auth):
    """A case of ``organisation``, and a creditor of another organisation signed in."""
    case_id = hand_over(
        services, organisation, [factories.incoming()], factories.handover()
    ).applied.case_ids[0]
    key = f"messages/{organisation.org_id}/{case_id}/0-step-0.json"
    stored_message(services, key)
    event_id = add(
        services, organisation.org_id, case_id, EventKind.MESSAGE_SENT, "Sent", 11, message_key=key
    )
    auth.login(create_user(org_id="org-another-creditor"))
    return case_id, event_id


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/cases/{case}"),
        ("get", "/cases/{case}/timeline.csv"),
        ("get", "/cases/{case}/messages/{event}"),
        ("post", "/cases/{case}/notes"),
        ("post", "/cases/{case}/calls"),
    ],
)
def test_another_creditors_case_is_not_found(client, services, organisation, foreign_case, method, path):
    case_id, event_id = foreign_case
    data = {"note": "Mine now", "outcome": "no_answer"} if method == "post" else None
    response = getattr(client, method)(path.format(case=case_id, event=event_id), data=data)
    assert response.status_code == 404
    assert services.timeline.list(organisation.org_id, case_id, {"note", "call"}) == []


def test_a_note_or_a_call_submitted_twice_is_written_once(client, services, creditor, case_id):
    org_id = creditor["org_id"]
    note = {"note": "Called back", "once": "f" * 32}
    call = {"outcome": "promise", "promise_date": "2026-12-01", "notes": "Pays Monday", "once": "c" * 32}
    for _ in range(2):  # a double click, or the browser resending the POST
        assert client.post(f"/cases/{case_id}/notes", data=note).status_code == 302
        assert client.post(f"/cases/{case_id}/calls", data=call).status_code == 302
    kinds = [e.kind for e in services.timeline.list(org_id, case_id)]
    assert kinds.count(EventKind.NOTE.value) == 1
    assert kinds.count(EventKind.CALL.value) == 1
    assert kinds.count(EventKind.PROMISE.value) == 1
    assert kinds.count(EventKind.PHASE_CHANGED.value) == 1
    another = {**note, "once": "a" * 32}  # a new form is a new note, even with the same words
    client.post(f"/cases/{case_id}/notes", data=another)
    assert [e.kind for e in services.timeline.list(org_id, case_id)].count(EventKind.NOTE.value) == 2


def test_a_dispute_on_a_call_stops_collection_until_the_creditor_resumes_it(
    client, services, creditor, case_id
):
    from app.adapters.dynamo import engine_state

    org_id = creditor["org_id"]
    client.post(
        f"/cases/{case_id}/calls", data={"outcome": "dispute", "notes": "Says the cabinets were damaged"}
    )
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.DISPUTE.value
    assert header.due_at is None  # out of the scheduler's index: nothing goes out
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "collection is paused" in page

    refused = client.post(f"/cases/{case_id}/resume", data={"reason": "  "})
    assert "Say how it was resolved" in refused.get_data(as_text=True)
    assert engine_state.read(org_id, case_id).phase == Phase.DISPUTE.value

    done = client.post(f"/cases/{case_id}/resume", data={"reason": "Replacement doors delivered"})
    assert done.status_code == 302
    header = engine_state.read(org_id, case_id)
    assert header.phase == Phase.EARLY.value  # where it was when the dispute came
    assert header.due_at is not None  # the schedule goes on
    changes = [e.summary for e in services.timeline.list(org_id, case_id, {EventKind.PHASE_CHANGED.value})]
    assert set(changes) == {  # the test's clock stands still: both at the same moment
        "Early collection → Dispute: The debtor disputes the claim.",
        "Dispute → Early collection: Replacement doors delivered",
    }
    assert client.post(f"/cases/{case_id}/resume", data={"reason": "again"}).status_code == 409


def test_a_prepared_letter_can_be_downloaded_to_print(client, services, creditor, case_id):
    import urllib.request

    key = f"messages/{creditor['org_id']}/{case_id}/3-step-3.json"
    stored_message(services, key, channel="letter", subject="Demand for payment")
    services.storage.put(key.replace(".json", ".pdf"), b"%PDF-1.7 letter", "application/pdf")
    event_id = add(
        services, creditor["org_id"], case_id, EventKind.LETTER_PREPARED, "Letter", 12, message_key=key
    )

    body = client.get(f"/cases/{case_id}/messages/{event_id}").get_data(as_text=True)
    link = body.split('<a class="button" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    with urllib.request.urlopen(link) as answer:  # noqa: S310  (a presigned URL of the test's moto)
        assert answer.read() == b"%PDF-1.7 letter"
