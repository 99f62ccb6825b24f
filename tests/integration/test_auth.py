"""Sign-in through Cognito (moto's, deployed from the template), as a creditor experiences it."""

import pytest
from flask import session

from tests.conftest import PASSWORD

NEW_PASSWORD = "Another-Secret-77?"


def test_sign_in_page_renders(client):
    response = client.get("/sign-in")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Sign in</h1>" in page
    assert 'name="email"' in page and 'type="password"' in page


@pytest.mark.parametrize("path", ["/", "/organisation"])
def test_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_creditor_signs_in_and_lands_on_the_profile_to_complete(client, auth, create_user, org_id):
    email = create_user(org_id=org_id)
    response = auth.login(email)
    assert response.status_code == 302
    with client:
        page = client.get("/", follow_redirects=True)
        assert session["identity"]["org_id"] == org_id
        assert session["identity"]["groups"] == ["creditor"]
        assert PASSWORD not in str(dict(session))  # the portal never keeps the password
    assert page.request.path == "/organisation"
    assert "Complete your organisation" in page.get_data(as_text=True)


def test_sign_in_returns_to_the_page_asked_for(client, auth, create_user, org_id):
    email = create_user(org_id=org_id)
    client.get("/sign-in?next=/organisation")
    assert auth.login(email).headers["Location"] == "/organisation"


def test_sign_in_never_redirects_to_another_site(client, auth, create_user, org_id):
    email = create_user(org_id=org_id)
    client.get("/sign-in?next=//evil.example/steal")
    assert auth.login(email).headers["Location"] == "/"


@pytest.mark.parametrize("who", ["wrong password", "unknown user"])
def test_wrong_credentials_get_one_message_that_reveals_nothing(client, auth, create_user, org_id, who):
    email = create_user(org_id=org_id)
    if who == "wrong password":
        response = auth.login(email, "Not-The-Password-1!")
    else:
        response = auth.login("nobody@example.com")
    assert response.status_code == 200
    assert "The e-mail address or password is not correct." in response.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "identity" not in s


def test_first_sign_in_asks_for_a_new_password(client, auth, create_user, org_id):
    email = create_user(org_id=org_id, permanent=False)
    response = auth.login(email)
    assert response.headers["Location"] == "/sign-in/new-password"
    page = client.get("/sign-in/new-password").get_data(as_text=True)
    assert email in page

    mismatch = client.post("/sign-in/new-password", data={"password": NEW_PASSWORD, "confirm": "different"})
    assert "The two passwords differ." in mismatch.get_data(as_text=True)

    done = client.post("/sign-in/new-password", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    with client.session_transaction() as s:
        assert s["identity"]["email"] == email
        assert "challenge" not in s

    auth.logout()
    assert auth.login(email, NEW_PASSWORD).status_code == 302


def test_forgotten_password_is_reset_with_the_emailed_code(client, auth, create_user, org_id):
    email = create_user(org_id=org_id)
    response = client.post("/forgot-password", data={"email": email})
    assert response.headers["Location"].startswith("/reset-password")
    # moto accepts any code that is not one it generated itself; Cognito would e-mail the real one.
    reset = client.post(
        "/reset-password",
        data={"email": email, "code": "123456", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert reset.headers["Location"] == "/sign-in"
    assert auth.login(email, PASSWORD).status_code == 200  # the old password no longer works
    assert auth.login(email, NEW_PASSWORD).status_code == 302


def test_forgot_password_for_an_unknown_address_looks_the_same(client):
    response = client.post("/forgot-password", data={"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/reset-password")


def test_sign_out_ends_the_session(client, auth, creditor):
    assert client.get("/organisation").status_code == 200
    response = auth.logout()
    assert response.headers["Location"] == "/sign-in"
    assert client.get("/organisation").status_code == 302


def test_a_disabled_user_cannot_sign_in(client, auth, create_user, org_id, aws):
    from app.adapters.clients import client as aws_client

    email = create_user(org_id=org_id)
    aws_client("cognito-idp").admin_disable_user(UserPoolId=aws["COGNITO_USER_POOL_ID"], Username=email)
    response = auth.login(email)
    assert response.status_code == 200
    assert "not correct" in response.get_data(as_text=True)


def test_a_user_linked_to_nothing_is_told_to_ask_the_administrator(client, auth, create_user):
    email = create_user(org_id=None, groups=())
    response = auth.login(email)
    assert "not linked to an organisation" in response.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "identity" not in s


def test_an_expired_session_asks_for_sign_in_again(client, creditor):
    with client.session_transaction() as s:
        s["identity"]["exp"] = 1_000
    assert client.get("/organisation").status_code == 302
