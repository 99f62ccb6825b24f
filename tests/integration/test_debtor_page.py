"""The debtor's page against moto: reaching it safely, what it shows, what the debtor can do."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from app.adapters.dynamo import engine_state
from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.timeline import EventKind
from tests import factories


@pytest.fixture
def case(services, organisation):
    from app.claims.operations import hand_over

    now = services.clock.now()
    debtor = factories.debtor(
        kind="person",
        name="Marija Kovač",
        postcode="2000",
        city="Maribor",
        email="marija@example.si",
        language="sl",
        id_number="",
    )
    first = factories.incoming(
        debtor_changes=debtor.__dict__,
        invoice_number="R-2026-117",
        principal=Decimal("480.00"),
        issue_date=(now - timedelta(days=80)).date(),
        due_date=(now - timedelta(days=50)).date(),
        claim_type=ClaimType.B2C,
    )
    second = factories.incoming(
        debtor_changes=debtor.__dict__,
        invoice_number="R-2026-140",
        principal=Decimal("320.00"),
        issue_date=(now - timedelta(days=60)).date(),
        due_date=(now - timedelta(days=30)).date(),
        claim_type=ClaimType.B2C,
    )
    result = hand_over(
        services, organisation, [first, second], factories.handover(at=now - timedelta(days=1))
    )
    case_id = next(iter(result.plan.changes))
    return services.cases.get(organisation.org_id, case_id)


@pytest.fixture
def link(services, organisation, case):
    return services.links.issue(organisation.org_id, case.case_id, now=services.clock.now(), valid_days=60)


def confirm(client, token, answer="R-2026-117"):
    return client.post(f"/d/{token}/confirm", data={"answer": answer})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_link_asks_for_a_confirmation_before_showing_anything(client, link, case):
    response = client.get(f"/d/{link.token}")
    assert response.status_code == 200
    body = text(response)
    assert "Marija" not in body and "480" not in body and "Zobna" not in body
    assert 'lang="sl"' in body  # the case's language
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "no-store" in response.headers["Cache-Control"]


def test_an_invoice_number_or_the_postcode_opens_the_page(app, link, case):
    for answer in ("r 2026 117", "2000"):
        client = app.test_client()
        response = confirm(client, link.token, answer)
        assert response.status_code == 302
        page = client.get(f"/d/{link.token}")
        body = text(page)
        assert "Zobna ordinacija Novak d.o.o." in body
        assert "R-2026-117" in body and "R-2026-140" in body
        assert "800,00 €" in body  # principal, formatted the Slovenian way


@pytest.mark.parametrize(
    "token, status",
    [("A" * 32, 404), ("not a token!", 404), ("x", 404)],
)
def test_unknown_or_tampered_tokens_get_a_page_that_names_nothing(client, token, status):
    response = client.get(f"/d/{token}")
    assert response.status_code == status
    assert "does not work" in text(response) or "ne deluje" in text(response)


def test_a_tampered_token_does_not_open_the_case(client, link, case):
    tampered = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    response = client.get(f"/d/{tampered}")
    assert response.status_code == 404
    assert "Zobna" not in text(response)


def test_an_expired_link_says_so(services, client, organisation, case):
    old = services.links.issue(
        organisation.org_id, case.case_id, now=services.clock.now() - timedelta(days=61), valid_days=60
    )
    response = client.get(f"/d/{old.token}")
    assert response.status_code == 410
    assert "potekla" in text(response)  # "has expired", in the case's language (sl)


def test_a_revoked_link_stops_working_and_a_newer_one_works(services, client, organisation, case, link):
    services.links.revoke(organisation.org_id, case.case_id, at=services.clock.now())
    assert client.get(f"/d/{link.token}").status_code == 410
    newer = services.links.issue(
        organisation.org_id, case.case_id, now=services.clock.now() + timedelta(seconds=1), valid_days=60
    )
    assert confirm(client, newer.token).status_code == 302


def test_wrong_answers_lock_the_case_across_app_instances(app, aws, link, case, services, organisation):
    from app import create_app

    other = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    clients = [app.test_client(), other.test_client()]
    statuses = [confirm(clients[i % 2], link.token, f"guess-{i}").status_code for i in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    # Locked now, on both instances, even for the right answer and for another link of the case.
    second = services.links.issue(organisation.org_id, case.case_id, now=services.clock.now(), valid_days=60)
    for client in clients:
        response = confirm(client, second.token)
        assert response.status_code == 429
        assert "minut" in text(response)
    assert clients[0].get(f"/d/{link.token}").status_code == 200  # still only the question
    assert "Marija" not in text(clients[0].get(f"/d/{link.token}"))


def test_the_page_makes_a_fixed_number_of_dynamodb_requests(
    app, link, case, services, organisation, count_requests
):
    client = app.test_client()
    confirm(client, link.token)
    for n in range(30):  # a long history must not cost more
        services.timeline.add(
            organisation.org_id,
            case.case_id,
            kind=EventKind.NOTE,
            summary=f"note {n}",
            actor="t",
            at=services.clock.now(),
        )
    with count_requests() as counted:
        response = client.get(f"/d/{link.token}")
    assert response.status_code == 200
    assert dict(counted.by_operation) == {"GetItem": 3, "Query": 1}


def confirmed(app, link):
    client = app.test_client()
    assert confirm(client, link.token).status_code == 302
    return client


def test_a_promise_pauses_the_engine_and_is_confirmed_by_email(app, link, case, services, organisation):
    client = confirmed(app, link)
    today = services.clock.today()
    bad = client.post(
        f"/d/{link.token}/promise", data={"pay_by": (today - timedelta(days=1)).isoformat(), "once": "p0"}
    )
    assert bad.status_code == 400
    too_far = client.post(
        f"/d/{link.token}/promise", data={"pay_by": (today + timedelta(days=31)).isoformat(), "once": "p1"}
    )
    assert too_far.status_code == 400
    due = today + timedelta(days=10)
    for _ in range(2):  # a double tap records once
        response = client.post(f"/d/{link.token}/promise", data={"pay_by": due.isoformat(), "once": "p2"})
        assert response.status_code == 302
    header = engine_state.read(organisation.org_id, case.case_id)
    assert header.phase == Phase.PROMISE.value
    stored = services.cases.get(organisation.org_id, case.case_id)
    promises = [e for e in stored.events if e.kind == EventKind.PROMISE]
    assert len(promises) == 1
    confirmations = [
        e for e in stored.events if e.kind == EventKind.MESSAGE_SENT and "debtor" in e.actor + e.summary
    ]
    assert len(confirmations) == 1
    page = text(client.get(f"/d/{link.token}"))
    assert "Obljubili ste" in page or due.strftime("%Y") in page


def test_a_plan_within_the_rules_is_agreed_at_once_and_pauses_reminders(
    app, link, case, services, organisation
):
    client = confirmed(app, link)
    response = client.post(f"/d/{link.token}/plan", data={"instalments": "4", "once": "plan-1"})
    assert response.status_code == 302
    header = engine_state.read(organisation.org_id, case.case_id)
    assert header.phase == Phase.PLAN.value
    plan = engine_state.schedule(header).plan
    assert len(plan.instalments) == 4
    assert sum(i.amount_cents for i in plan.instalments) > 80000  # principal and interest to today
    page = client.get(f"/d/{link.token}")
    assert page.get_data(as_text=True).count('class="qr"') == 4  # a QR code for each instalment
    assert services.plan_requests.pending(organisation.org_id, case.case_id) is None


def test_a_plan_outside_the_rules_goes_to_the_creditor_who_decides(
    app, link, case, services, organisation, creditor, client
):
    debtor = confirmed(app, link)
    # 800 euro in 10 instalments: above the default 4 instalments for debts up to 1,000.
    assert (
        debtor.post(f"/d/{link.token}/plan", data={"instalments": "10", "once": "plan-2"}).status_code == 302
    )
    assert engine_state.read(organisation.org_id, case.case_id).phase == Phase.EARLY.value
    request = services.plan_requests.pending(organisation.org_id, case.case_id)
    assert request.instalments == 10
    page = text(client.get(f"/cases/{case.case_id}"))
    assert "The debtor asks for a payment plan" in page and "10 monthly instalments" in page
    response = client.post(f"/cases/{case.case_id}/plan-request", data={"decision": "accept"})
    assert response.status_code == 302
    header = engine_state.read(organisation.org_id, case.case_id)
    assert header.phase == Phase.PLAN.value
    assert len(engine_state.schedule(header).plan.instalments) == 10
    assert services.plan_requests.pending(organisation.org_id, case.case_id) is None
    # A second decision (another tab) finds nothing waiting.
    client.post(f"/cases/{case.case_id}/plan-request", data={"decision": "decline"})
    assert engine_state.read(organisation.org_id, case.case_id).phase == Phase.PLAN.value


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_a_dispute_with_an_attachment_pauses_the_engine_and_reaches_the_creditor(
    app, link, case, services, organisation, monkeypatch
):
    import io

    from app.debtor import forms

    monkeypatch.setattr(forms, "ATTACHMENT_MAX", 2048)  # 4 MB in production; a small file shows the rule
    client = confirmed(app, link)
    no_reason = client.post(f"/d/{link.token}/dispute", data={"scope": "case", "reason": " ", "once": "d0"})
    assert no_reason.status_code == 400
    assert "ugovor" in text(no_reason) or "Povejte" in text(no_reason)
    wrong = client.post(
        f"/d/{link.token}/dispute",
        data={
            "scope": "R-2026-140",
            "reason": "Storitev ni bila opravljena.",
            "once": "d1",
            "attachment": (io.BytesIO(b"MZ\x90\x00" * 100), "racun.pdf"),
        },
        content_type="multipart/form-data",
    )
    wrong.close()
    assert wrong.status_code == 400
    assert engine_state.read(organisation.org_id, case.case_id).phase == Phase.EARLY.value  # nothing recorded
    too_big = client.post(
        f"/d/{link.token}/dispute",
        data={
            "scope": "case",
            "reason": "Ne strinjam se.",
            "once": "d2",
            "attachment": (io.BytesIO(PDF + b"0" * 4096), "velik.pdf"),
        },
        content_type="multipart/form-data",
    )
    too_big.close()
    assert too_big.status_code == 400
    response = client.post(
        f"/d/{link.token}/dispute",
        data={
            "scope": "R-2026-140",
            "reason": "Storitev ni bila opravljena.",
            "once": "d3",
            "attachment": (io.BytesIO(PDF), "dokaz.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    header = engine_state.read(organisation.org_id, case.case_id)
    assert header.phase == Phase.DISPUTE.value
    assert header.due_at is None  # out of the due index: the engine sends nothing
    stored = services.cases.get(organisation.org_id, case.case_id)
    assert [d.filename for d in stored.documents] == ["dokaz.pdf"]
    assert stored.documents[0].invoice_number == "R-2026-140"
    disputes = [e for e in stored.events if e.kind == EventKind.DEBTOR_ACTION and "disputes" in e.summary]
    assert len(disputes) == 1 and "Storitev ni bila opravljena" in disputes[0].summary


def test_hardship_pauses_and_contact_details_are_updated(app, link, case, services, organisation):
    client = confirmed(app, link)
    assert client.post(f"/d/{link.token}/hardship", data={"message": "", "once": "h0"}).status_code == 400
    response = client.post(
        f"/d/{link.token}/hardship", data={"message": "Izgubila sem službo.", "once": "h1"}
    )
    assert response.status_code == 302
    assert engine_state.read(organisation.org_id, case.case_id).phase == Phase.HARDSHIP.value
    bad = client.post(f"/d/{link.token}/contact", data={"email": "not-an-address", "once": "c0"})
    assert bad.status_code == 400
    bad_phone = client.post(f"/d/{link.token}/contact", data={"phone": "12", "once": "c00"})
    assert bad_phone.status_code == 400 and "kodo države" in text(bad_phone)
    response = client.post(
        f"/d/{link.token}/contact",
        data={
            "email": "marija.k@example.si",
            "phone": "+38640111222",
            "street": "Gosposka 5",
            "postcode": "2000",
            "city": "Maribor",
            "once": "c1",
        },
    )
    assert response.status_code == 302
    stored = services.cases.get(organisation.org_id, case.case_id)
    assert stored.debtor.email == "marija.k@example.si" and stored.debtor.phone == "+38640111222"
    # A number written the local way is stored with its country code; an emptied field erases nothing.
    client.post(f"/d/{link.token}/contact", data={"phone": "040 222 333", "email": "", "once": "c2"})
    stored = services.cases.get(organisation.org_id, case.case_id)
    assert stored.debtor.phone == "+38640222333" and stored.debtor.email == "marija.k@example.si"
    assert stored.phase is Phase.HARDSHIP  # the details change nothing else


def test_the_statement_downloads_as_a_pdf_in_the_debtors_language(app, link, case):
    import io

    from pypdf import PdfReader

    client = confirmed(app, link)
    response = client.get(f"/d/{link.token}/statement.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "R-2026-117" in content and "RF" in content
    assert "800,00" in content  # Slovenian number format


def test_only_shared_documents_can_be_downloaded_and_the_download_is_recorded(
    app, link, case, services, organisation
):
    from app.domain.evidence import Document, DocumentKind

    now = services.clock.now()
    for doc_id, shared in (("shared1", True), ("private1", False)):
        document = Document(
            doc_id=doc_id,
            case_id=case.case_id,
            kind=DocumentKind.INVOICE,
            filename=f"{doc_id}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            storage_key=f"{organisation.org_id}/{case.case_id}/{doc_id}",
            uploaded_by="t",
            uploaded_at=now,
        )
        services.storage.put(document.storage_key, PDF, "application/pdf")
        services.documents.add(organisation.org_id, document, source="upload", actor="t", at=now)
        if shared:
            services.documents.share(organisation.org_id, case.case_id, doc_id, True, actor="t", at=now)
    client = confirmed(app, link)
    page = text(client.get(f"/d/{link.token}"))
    assert "shared1.pdf" in page and "private1.pdf" not in page
    assert client.get(f"/d/{link.token}/documents/private1").status_code == 404
    response = client.get(f"/d/{link.token}/documents/shared1")
    assert response.status_code == 302 and "X-Amz-Signature" in response.headers["Location"]
    stored = services.cases.get(organisation.org_id, case.case_id)
    assert any(e.kind == EventKind.EVIDENCE_DOWNLOADED and e.actor == "debtor" for e in stored.events)


def test_actions_need_the_confirmation_first(client, link, case, services, organisation):
    response = client.post(f"/d/{link.token}/hardship", data={"message": "x", "once": "n1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/d/{link.token}")
    assert client.get(f"/d/{link.token}/statement.pdf").status_code == 302
    assert engine_state.read(organisation.org_id, case.case_id).phase == Phase.EARLY.value


def test_forms_need_their_csrf_token_and_the_token_stays_out_of_the_logs(aws, link, case):
    import json
    import logging

    from app import create_app
    from app.observability import JsonFormatter

    strict = create_app({"TESTING": True, "SESSION_COOKIE_SECURE": False})  # CSRF on, as in production
    client = strict.test_client()
    response = client.post(f"/d/{link.token}/confirm", data={"answer": "R-2026-117"})
    assert response.status_code == 400
    assert 'lang="sl"' in response.get_data(as_text=True) or "form" in text(response)
    page = client.get(f"/d/{link.token}")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert (
        client.post(f"/d/{link.token}/confirm", data={"answer": "R-2026-117", "csrf_token": csrf}).status_code
        == 302
    )
    with strict.test_request_context(f"/d/{link.token}/confirm", method="POST"):
        record = logging.LogRecord("portal.request", logging.INFO, __file__, 1, "request", None, None)
        logged = JsonFormatter().format(record)
    assert json.loads(logged)["path"] == "/d/<token>/confirm" and link.token not in logged


@pytest.fixture
def mailed(services, monkeypatch):
    """Every e-mail SES accepted (moto's SES underneath), as sent."""
    sent = []
    real = services.mailer.send

    def recording(**kwargs):
        sent.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services.mailer, "send", recording)
    return sent


def test_the_debtor_is_answered_in_their_language_and_the_creditor_is_told(app, link, case, mailed):
    client = confirmed(app, link)
    response = client.post(
        f"/d/{link.token}/dispute",
        data={"scope": "R-2026-117", "reason": "Računa nisem prejela.", "once": "m1"},
    )
    assert response.status_code == 302
    to_debtor = [m for m in mailed if m["to"] == "marija@example.si"]
    to_creditor = [m for m in mailed if m["to"] == "racuni@novak.si"]
    assert len(to_debtor) == 1 and len(to_creditor) == 1
    assert "ugovor" in to_debtor[0]["text"].lower() and "Računa nisem prejela." in to_debtor[0]["text"]
    assert f"/d/{link.token}" in to_debtor[0]["text"]  # back to the page in one tap
    assert to_debtor[0]["reply_to"] == "racuni@novak.si"
    assert "disputes invoice R-2026-117" in to_creditor[0]["text"]
    assert f"/cases/{case.case_id}" in to_creditor[0]["text"]


def test_a_dispute_on_a_case_gone_to_court_is_recorded_without_moving_it(
    app, link, case, services, organisation
):
    header = engine_state.read(organisation.org_id, case.case_id)
    header.update(actions=[type(header).phase.set(Phase.LEGAL.value)])
    client = confirmed(app, link)
    response = client.post(
        f"/d/{link.token}/dispute", data={"scope": "case", "reason": "Že plačano.", "once": "l1"}
    )
    assert response.status_code == 302
    stored = services.cases.get(organisation.org_id, case.case_id)
    assert stored.phase is Phase.LEGAL
    assert any("Že plačano." in e.summary for e in stored.events if e.kind == EventKind.DEBTOR_ACTION)


def test_a_bounce_of_the_creditors_notice_does_not_mark_the_debtors_address_bad(
    app, link, case, services, organisation, mailed
):
    from app.engine.feedback import record

    client = confirmed(app, link)
    client.post(f"/d/{link.token}/hardship", data={"message": "Bolezen.", "once": "b1"})
    notice = next(m for m in mailed if m["to"] == "racuni@novak.si")
    event = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Permanent"},
        "mail": {
            "messageId": "m-1",
            "destination": [notice["to"]],
            "tags": {name: [value] for name, value in notice["tags"].items()},
        },
    }
    assert record(services, event, now=services.clock.now()) == "not ours"
    schedule = engine_state.schedule(engine_state.read(organisation.org_id, case.case_id))
    assert "email" not in schedule.bad_channels
