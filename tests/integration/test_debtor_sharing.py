"""What the creditor decides about the debtor's page: which evidence it shows, and revoking the personal
links sent so far; each on the case page and its timeline, each only for the creditor whose case it is."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.adapters.dynamo import engine_state
from app.claims.operations import hand_over
from app.domain.case import Phase
from app.domain.evidence import Document, DocumentKind, DocumentStatus
from app.domain.timeline import EventKind
from tests import factories
from tests.conftest import PASSWORD

NOW = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)


@pytest.fixture
def case_id(creditor, organisation, services, monkeypatch):
    """A case of the signed-in creditor, handed over at 09:00; the clock says 14:00 that day."""
    monkeypatch.setattr(services.clock, "now", lambda: NOW)
    result = hand_over(
        services, organisation, [factories.incoming()], factories.handover(actor=creditor["email"])
    )
    return result.applied.case_ids[0]


@pytest.fixture
def add_document(services, organisation, case_id):
    """Store a piece of evidence on the case as a checked upload leaves it."""

    def add(filename="INV-1.pdf", status=DocumentStatus.ACCEPTED) -> Document:
        doc_id = re.sub(r"\W", "", filename.lower()) + "0" * 8
        document = Document(
            doc_id=doc_id,
            case_id=case_id,
            kind=DocumentKind.INVOICE,
            filename=filename,
            content_type="application/pdf",
            size=2048,
            storage_key=f"evidence/{organisation.org_id}/{case_id}/{doc_id}/{filename}",
            uploaded_by="ana@example.com",
            uploaded_at=datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
            status=status,
        )
        if status is DocumentStatus.ACCEPTED:
            services.documents.add(organisation.org_id, document, source="test", actor="test", at=NOW)
        else:
            services.documents.start(organisation.org_id, document, now=NOW)
        return document

    return add


def evidence_of(page: str) -> str:
    return page[page.index('id="evidence"') : page.index('id="links"')]


def shared_events(services, org_id, case_id):
    return services.timeline.list(org_id, case_id, {EventKind.EVIDENCE_SHARED.value})


def test_sharing_shows_on_the_page_and_the_timeline_and_stops_again(
    client, services, creditor, case_id, add_document
):
    document = add_document()
    share_url = f"/evidence/cases/{case_id}/{document.doc_id}/share"
    before = evidence_of(client.get(f"/cases/{case_id}").get_data(as_text=True))
    assert "Shared with debtor" not in before and ">Share with debtor</button>" in before

    response = client.post(share_url, data={"shared": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case_id}#evidence")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "INV-1.pdf is shared with the debtor." in page
    assert "<strong>Shared with debtor</strong>" in evidence_of(page)
    assert ">Stop sharing</button>" in evidence_of(page)
    assert "Shared with the debtor: invoice INV-1.pdf" in page  # the timeline
    (stored,) = services.cases.get(creditor["org_id"], case_id).documents
    assert stored.shared

    client.post(share_url, data={"shared": "1"})  # sent twice: shared once
    [event] = shared_events(services, creditor["org_id"], case_id)
    assert (event.actor, event.at, event.details["shared"]) == (creditor["email"], NOW, True)

    assert client.post(share_url, data={"shared": "0"}).status_code == 302
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Shared with debtor" not in evidence_of(page)
    assert "No longer shared with the debtor: invoice INV-1.pdf" in page
    assert not services.cases.get(creditor["org_id"], case_id).documents[0].shared
    # The test's clock stands still: both entries at the same moment, in no particular order.
    assert sorted(e.details["shared"] for e in shared_events(services, creditor["org_id"], case_id)) == [
        False,
        True,
    ]


def test_only_accepted_evidence_is_shared_and_only_as_asked(
    client, services, creditor, case_id, add_document
):
    pending = add_document("scan.pdf", status=DocumentStatus.PENDING)
    share_pending = f"/evidence/cases/{case_id}/{pending.doc_id}/share"
    assert client.post(share_pending, data={"shared": "1"}).status_code == 404
    assert client.post(f"/evidence/cases/{case_id}/nothing/share", data={"shared": "1"}).status_code == 404
    accepted = add_document()
    share_url = f"/evidence/cases/{case_id}/{accepted.doc_id}/share"
    assert client.post(share_url, data={"shared": "yes"}).status_code == 400
    assert client.post(share_url).status_code == 400
    assert shared_events(services, creditor["org_id"], case_id) == []


def test_another_creditor_can_neither_share_nor_revoke(
    client, auth, create_user, services, creditor, case_id, add_document
):
    document = add_document()
    auth.logout()
    auth.login(create_user(org_id=f"intruder-{creditor['org_id']}"))

    share = client.post(f"/evidence/cases/{case_id}/{document.doc_id}/share", data={"shared": "1"})
    assert share.status_code == 404
    assert client.post(f"/cases/{case_id}/links/revoke").status_code == 404

    case = services.cases.get(creditor["org_id"], case_id)
    assert not case.documents[0].shared and case.links_revoked_at is None
    kinds = {EventKind.EVIDENCE_SHARED.value, EventKind.LINKS_REVOKED.value}
    assert services.timeline.list(creditor["org_id"], case_id, kinds) == []


def test_revoking_stops_the_links_sent_so_far_but_not_the_next_one(client, services, creditor, case_id):
    org_id = creditor["org_id"]
    sent = services.links.issue(org_id, case_id, now=NOW - timedelta(days=3), valid_days=30)

    response = client.post(f"/cases/{case_id}/links/revoke")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case_id}#links")
    case = services.cases.get(org_id, case_id)
    assert case.links_revoked_at == NOW
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "The debtor&#39;s personal links are revoked." in page
    assert "The links sent up to" in page and "are revoked" in page
    [event] = services.timeline.list(org_id, case_id, {EventKind.LINKS_REVOKED.value})
    assert (event.summary, event.actor, event.at) == (
        "Debtor's personal links revoked",
        creditor["email"],
        NOW,
    )

    before = services.links.resolve(sent.token, now=NOW + timedelta(hours=1))
    assert (before.org_id, before.case_id, before.issued_at) == (org_id, case_id, NOW - timedelta(days=3))
    assert before.revoked_by(case.links_revoked_at)
    next_reminder = services.links.issue(org_id, case_id, now=NOW + timedelta(days=1), valid_days=30)
    after = services.links.resolve(next_reminder.token, now=NOW + timedelta(days=2))
    assert not after.revoked_by(case.links_revoked_at)
    assert not before.revoked_by(None)  # never revoked


def test_a_later_hand_over_keeps_the_revocation(client, services, organisation, creditor, case_id):
    org_id = creditor["org_id"]
    client.post(f"/cases/{case_id}/links/revoke")
    more = hand_over(services, organisation, [factories.incoming()], factories.handover())
    assert more.applied.case_ids == [case_id]  # the same debtor: a claim added to the same case
    case = services.cases.get(org_id, case_id)
    assert case.claim_count == 2 and case.links_revoked_at == NOW


def test_a_hand_over_or_the_engine_that_read_the_header_before_cannot_undo_the_revocation(
    client, services, organisation, creditor, case_id, monkeypatch
):
    org_id = creditor["org_id"]
    read_before = engine_state.read(org_id, case_id)
    headers_before = services.cases._headers(org_id, {case_id})
    client.post(f"/cases/{case_id}/links/revoke")

    # The engine decided on the old header: its write is refused, and it decides again on the new one.
    with pytest.raises(engine_state.Stale):
        engine_state.save(read_before, engine_state.schedule(read_before), Phase(read_before.phase))
    fresh = engine_state.read(org_id, case_id)
    engine_state.save(fresh, engine_state.schedule(fresh), Phase(fresh.phase))

    # A hand-over that read the header before puts it only if unchanged: it reads it again instead.
    monkeypatch.setattr(services.cases, "_headers", lambda _org, ids: headers_before if ids else {})
    hand_over(services, organisation, [factories.incoming()], factories.handover())
    monkeypatch.undo()
    case = services.cases.get(org_id, case_id)
    assert case.claim_count == 2 and case.links_revoked_at == NOW


def test_both_forms_carry_a_csrf_token(services, creditor, case_id, add_document, monkeypatch):
    from app import create_app

    document = add_document()
    strict_app = create_app({"TESTING": True})  # CSRF on, as deployed
    monkeypatch.setattr(strict_app.extensions["portal.services"].clock, "now", lambda: NOW)
    strict = strict_app.test_client()
    sign_in = strict.get("/sign-in").get_data(as_text=True)
    strict.post(
        "/sign-in", data={"email": creditor["email"], "password": PASSWORD, "csrf_token": token_on(sign_in)}
    )
    share_url = f"/evidence/cases/{case_id}/{document.doc_id}/share"
    revoke_url = f"/cases/{case_id}/links/revoke"
    assert strict.post(share_url, data={"shared": "1"}).status_code == 400
    assert strict.post(revoke_url).status_code == 400

    page = strict.get(f"/cases/{case_id}").get_data(as_text=True)
    token = token_on(page)
    assert strict.post(share_url, data={"shared": "1", "csrf_token": token}).status_code == 302
    assert strict.post(revoke_url, data={"csrf_token": token}).status_code == 302
    case = services.cases.get(creditor["org_id"], case_id)
    assert case.documents[0].shared and case.links_revoked_at == NOW


def token_on(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
