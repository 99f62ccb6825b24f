"""The creditor organisation's profile page, and that one creditor never reaches another's data."""

import re

import pytest

from app.adapters.dynamo.organisations import OrganisationRepository

PROFILE = {
    "legal_name": "Zobna ordinacija Novak d.o.o.",
    "country": "SI",
    "company_number": "5300231",
    "vat_number": "SI15012557",
    "iban": "SI56 1910 0000 0123 438",
    "bic": "BAKOSI2X",
    "street": "Slovenska cesta 1",
    "postcode": "1000",
    "city": "Ljubljana",
    "language": "sl",
    "currency": "EUR",
    "sender_email": "racuni@novak.si",
    "min_days_between_contacts": "2",
    "first_contact_within_hours": "24",
    "early_collection_days": "60",
    "charge_statutory_interest": "y",
    "charge_fixed_compensation": "y",
    "single_payment_below": "200",
    "max_instalments_small": "4",
    "min_instalment": "100",
    "small_plan_limit": "1000",
    "min_instalment_share_percent": "10",
    "max_promise_days": "30",
    "promise_grace_days": "3",
    "link_valid_days": "60",
    "allocation_order": "costs_interest_principal",
    "retention_days_after_close": "1825",
}


def errors(response) -> list[str]:
    return re.findall(r'<span class="error">([^<]*)</span>', response.get_data(as_text=True))


def test_new_profile_shows_the_policy_defaults(client, creditor):
    page = client.get("/organisation").get_data(as_text=True)
    assert 'name="min_days_between_contacts"' in page
    assert re.search(r'id="min_days_between_contacts"[^>]*value="2"', page)
    assert re.search(r'id="link_valid_days"[^>]*value="60"', page)


def test_creditor_saves_the_profile(client, creditor):
    response = client.post("/organisation", data=PROFILE)
    assert response.status_code == 302, errors(response)
    stored = OrganisationRepository().get(creditor["org_id"])
    assert stored.legal_name == PROFILE["legal_name"]
    assert stored.iban == "SI56191000000123438"
    assert stored.updated_by == creditor["email"]
    home = client.get("/").get_data(as_text=True)
    assert "Zobna ordinacija Novak d.o.o." in home
    assert "SI56 1910 0000 0123 438" in home


def test_policy_changes_are_kept(client, creditor):
    client.post("/organisation", data={**PROFILE, "min_days_between_contacts": "5"})
    stored = OrganisationRepository().get(creditor["org_id"])
    assert stored.policy.min_days_between_contacts == 5
    assert stored.policy.charge_fixed_compensation  # the other settings are kept as sent


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "SI56 1910 0000 0123 439", "Not a valid IBAN"),
        ("company_number", "1234567", "Not a valid matična številka"),
        ("bic", "XX", "Not a valid BIC: The number has an invalid length."),
        ("sender_email", "not-an-address", "Invalid email address."),
        ("min_days_between_contacts", "0", "Number must be between 1 and 30."),
    ],
)
def test_a_wrong_value_is_named_and_nothing_is_stored(client, creditor, field, value, message):
    response = client.post("/organisation", data={**PROFILE, field: value})
    assert response.status_code == 200
    assert any(message in e for e in errors(response)), errors(response)
    assert OrganisationRepository().get(creditor["org_id"]) is None


def test_another_creditor_never_sees_or_changes_this_profile(client, auth, create_user, creditor):
    assert client.post("/organisation", data=PROFILE).status_code == 302
    auth.logout()

    other_org = "org-other-" + creditor["org_id"][-6:]
    other = create_user(org_id=other_org)
    auth.login(other)
    page = client.get("/organisation").get_data(as_text=True)
    assert PROFILE["legal_name"] not in page
    assert "SI56" not in page

    # The organisation comes from the verified token only; naming another one in the request
    # (form field or query) changes nothing of it.
    client.post(
        f"/organisation?org_id={creditor['org_id']}",
        data={**PROFILE, "org_id": creditor["org_id"], "legal_name": "Hijacked"},
    )
    assert OrganisationRepository().get(creditor["org_id"]).legal_name == PROFILE["legal_name"]
    assert OrganisationRepository().get(other_org).legal_name == "Hijacked"


def test_a_forged_session_cookie_is_refused(client, creditor, app):
    client.post("/organisation", data=PROFILE)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    payload, _, signature = cookie.value.rpartition(".")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], payload + "." + signature[::-1])
    assert client.get("/organisation").status_code == 302  # back to sign-in


def test_operators_cannot_edit_a_creditor_profile(client, auth, create_user, org_id):
    email = create_user(org_id=org_id, groups=("operator",))
    auth.login(email)
    assert client.get("/organisation").status_code == 403
