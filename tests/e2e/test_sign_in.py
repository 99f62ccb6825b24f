"""A creditor signs in with a real browser, completes the organisation profile and signs out."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_creditor_signs_in_edits_the_profile_and_signs_out(portal, page, screenshot, create_user, org_id):
    email = create_user(org_id=org_id)
    page.goto(portal + "/")
    assert page.url.startswith(portal + "/sign-in")
    screenshot("sign-in")

    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(portal + "/organisation")
    assert page.get_by_text("Complete your organisation's profile").is_visible()
    page.get_by_label("Legal name").fill("Terveyspalvelu Virtanen Oy")
    page.get_by_label("Country").select_option("FI")
    page.get_by_label("Company registration number").fill("2077474-0")
    page.get_by_label("IBAN").fill("FI21 1234 5600 0007 85")
    page.get_by_label("Street and number").fill("Mannerheimintie 1")
    page.get_by_label("Postcode").fill("00100")
    page.get_by_label("City").fill("Helsinki")
    page.get_by_label("Default language").select_option("fi")
    page.get_by_label("Sender e-mail").fill("laskutus@virtanen.fi")

    # A wrong IBAN first: the page names the field and keeps everything typed.
    page.get_by_label("IBAN").fill("FI21 1234 5600 0007 86")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Not a valid IBAN").is_visible()
    assert page.get_by_label("Legal name").input_value() == "Terveyspalvelu Virtanen Oy"
    screenshot("profile-error")

    page.get_by_label("IBAN").fill("FI21 1234 5600 0007 85")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("The organisation's profile is saved.").is_visible()

    page.get_by_role("link", name="Overview").click()
    assert page.get_by_role("heading", name="Terveyspalvelu Virtanen Oy").is_visible()
    assert page.get_by_text("FI21 1234 5600 0007 85").is_visible()
    assert page.get_by_text("2077474-0").is_visible()
    screenshot("overview")

    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You are signed out.").is_visible()
    page.goto(portal + "/organisation")
    assert page.url.startswith(portal + "/sign-in")


def test_wrong_password_is_explained(portal, page, create_user, org_id):
    email = create_user(org_id=org_id)
    page.goto(portal + "/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("Wrong-Password-1!")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "The e-mail address or password is not correct."
