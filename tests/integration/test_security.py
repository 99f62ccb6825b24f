"""CSRF, cookies, headers, error pages and logs."""

import io
import json
import logging
import re

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def strict_app(aws):
    """The app as deployed: CSRF on, Secure cookies."""
    from app import create_app

    return create_app({"TESTING": True})


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]


def test_csrf_is_required_on_every_form(strict_app, create_user, org_id):
    client = strict_app.test_client()
    email = create_user(org_id=org_id)
    refused = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert refused.status_code == 400
    assert "The form had expired" in refused.get_data(as_text=True)

    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    accepted = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302

    # Signed in, the profile form and the sign-out button are protected too.
    assert client.post("/organisation", data={"legal_name": "X"}).status_code == 400
    assert client.post("/sign-out").status_code == 400
    assert client.get("/organisation").status_code == 200


def test_session_cookie_is_secure_httponly_and_samesite(strict_app, create_user, org_id):
    client = strict_app.test_client()
    email = create_user(org_id=org_id)
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("portal_session=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie


def test_security_headers(strict_app):
    response = strict_app.test_client().get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client, creditor):
    for path in ("/sign-in", "/organisation"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and "style=" not in page and "<style" not in page


def test_error_pages_show_no_stack_trace(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "Traceback" not in page and "secret internals" not in page
    assert response.headers["X-Request-Id"] in page


def test_not_found_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_logs_are_json_lines_with_the_lambda_request_id(app):
    from app.observability import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("portal.request")
    logger.addHandler(handler)
    try:
        event = {"requestContext": {"requestId": "gw-req-123"}}
        response = app.test_client().get("/sign-in", environ_base={"lambda.event": event})
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert entry["request_id"] == "gw-req-123" == response.headers["X-Request-Id"]
    assert entry["path"] == "/sign-in" and entry["status"] == 200


def test_the_factory_refuses_to_start_without_configuration(monkeypatch):
    from app import create_app

    monkeypatch.delenv("PORTAL_TABLE", raising=False)
    with pytest.raises(RuntimeError, match="PORTAL_TABLE"):
        create_app()


def test_the_session_key_comes_from_secrets_manager(app, aws):
    from app.adapters.clients import client

    secret = client("secretsmanager").get_secret_value(SecretId=aws["SECRET_KEY_ARN"])
    assert app.config["SECRET_KEY"] == secret["SecretString"]
    assert len(app.config["SECRET_KEY"]) >= 32


def test_the_factory_takes_test_config(aws):
    from app import create_app

    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_form_fields_carry_no_empty_attributes(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert '="None"' not in page
    assert 'autocomplete="username"' in page
