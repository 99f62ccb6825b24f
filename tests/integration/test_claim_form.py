"""Handing over one claim through the web form, and the case pages it leads to."""

import re

import pytest

from app.adapters.dynamo.organisations import OrganisationRepository

CLAIM = {
    "handover_id": "nonce-1",
    "debtor_kind": "company",
    "debtor_name": "Mizarstvo Kranjc d.o.o.",
    "debtor_id": "5300231",
    "email": "racuni@kranjc.si",
    "phone": "041 123 456",
    "street": "Tržaška 2",
    "postcode": "1000",
    "city": "Ljubljana",
    "country": "SI",
    "language": "sl",
    "invoice_number": "2026-0042",
    "issue_date": "2026-09-01",
    "due_date": "2026-10-01",
    "amount": "1.234,56",
    "currency": "EUR",
    "paid_amount": "",
    "claim_type": "B2B",
    "description": "Kitchen cabinets",
    "contract_reference": "Order 77",
}


def errors(response) -> list[str]:
    return re.findall(r'<span class="error">([^<]*)</span>', response.get_data(as_text=True))


@pytest.fixture
def creditor_with_profile(creditor, organisation):
    return creditor


def test_the_form_needs_a_complete_profile_first(client, creditor):
    response = client.get("/claims/new")
    assert response.headers["Location"] == "/organisation"


def test_the_form_proposes_the_organisation_defaults(client, creditor_with_profile):
    page = client.get("/claims/new").get_data(as_text=True)
    assert re.search(r'id="country"[^>]*value="SI"', page)
    assert re.search(r'name="handover_id" type="hidden" value="[\w-]{20,}"', page)


def test_a_claim_handed_over_opens_its_case(client, creditor_with_profile):
    response = client.post("/claims/new", data=CLAIM)
    assert response.status_code == 302, errors(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Claim 2026-0042 is handed over." in page
    assert "Mizarstvo Kranjc d.o.o." in page
    assert "€1,234.56" in page
    assert "+38641123456" in page
    assert "Claim 2026-0042 handed over (form)" in page  # the timeline


def test_the_same_form_sent_twice_stores_the_claim_once(client, creditor_with_profile, services):
    first = client.post("/claims/new", data=CLAIM)
    second = client.post("/claims/new", data=CLAIM)
    assert first.headers["Location"] == second.headers["Location"]
    case_id = first.headers["Location"].rsplit("/", 1)[-1]
    case = services.cases.get(creditor_with_profile["org_id"], case_id)
    assert case.claim_count == 1


def test_a_second_claim_of_the_debtor_is_proposed_for_the_existing_case(
    client, creditor_with_profile, services
):
    case_url = client.post("/claims/new", data=CLAIM).headers["Location"]
    case_id = case_url.rsplit("/", 1)[-1]
    second = {**CLAIM, "handover_id": "nonce-2", "invoice_number": "2026-0043", "email": ""}
    proposal = client.post("/claims/new", data=second)
    page = proposal.get_data(as_text=True)
    assert proposal.status_code == 200
    assert "This debtor already has a case" in page and case_id in page
    confirmed = client.post("/claims/new", data={**second, "confirm_case": case_id})
    assert confirmed.headers["Location"] == case_url
    case = services.cases.get(creditor_with_profile["org_id"], case_id)
    assert case.claim_count == 2


def test_a_handed_over_invoice_number_is_refused_with_its_case(client, creditor_with_profile):
    case_id = client.post("/claims/new", data=CLAIM).headers["Location"].rsplit("/", 1)[-1]
    again = client.post(
        "/claims/new", data={**CLAIM, "handover_id": "nonce-3", "debtor_name": "Someone Else"}
    )
    assert any("was handed over before" in e and case_id in e for e in errors(again))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "1,234"}, "ambiguous"),
        ({"amount": "-5"}, "positive"),
        ({"debtor_id": "5300232"}, "is not a valid matična številka or davčna številka"),
        ({"phone": "12"}, "is not a valid phone number"),
        ({"due_date": "2026-08-01"}, "The due date is before the issue date."),
        ({"debtor_id": "", "email": ""}, "identification number or e-mail"),
        ({"currency": "USD"}, "Not a valid choice"),
    ],
)
def test_wrong_values_are_named_and_nothing_is_stored(
    client, creditor_with_profile, services, changes, message
):
    response = client.post("/claims/new", data={**CLAIM, **changes})
    assert response.status_code == 200
    assert any(message.lower() in e.lower() for e in errors(response)), errors(response)
    assert services.case_list.page(creditor_with_profile["org_id"]).cases == []


def test_another_creditors_case_is_not_found(client, auth, create_user, creditor_with_profile, organisation):
    case_url = client.post("/claims/new", data=CLAIM).headers["Location"]
    auth.logout()
    other = create_user(org_id="org-intruder")
    auth.login(other)
    assert client.get(case_url).status_code == 404
    assert "Kranjc" not in client.get("/cases").get_data(as_text=True)
    assert OrganisationRepository().get("org-intruder") is None


def test_case_list_filters_and_sorts(client, creditor_with_profile):
    client.post("/claims/new", data=CLAIM)
    client.post(
        "/claims/new",
        data={
            **CLAIM,
            "handover_id": "n2",
            "invoice_number": "X-1",
            "debtor_name": "Zupan Luka",
            "debtor_kind": "person",
            "debtor_id": "",
            "email": "luka@zupan.si",
            "amount": "99,00",
            "claim_type": "B2C",
        },
    )
    by_amount = client.get("/cases?sort=amount").get_data(as_text=True)
    assert by_amount.index("Kranjc") < by_amount.index("Zupan")
    only_zupan = client.get("/cases?debtor=zup").get_data(as_text=True)
    assert "Zupan Luka" in only_zupan and "Kranjc" not in only_zupan
    assert "No cases match" in client.get("/cases?phase=legal").get_data(as_text=True)
    assert client.get("/cases?after=%%%").status_code == 400
