"""Shared fixtures.

AWS is moto's server on loopback, started once per test session, with the real CloudFormation
template deployed into it: the same way ``make run`` works, so the portal under test talks HTTP to
an emulated AWS exactly as it talks to the real one. Each test works in its own organisation, which
also keeps tests independent without wiping the emulator between them.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_REGION": "eu-central-1",
    "AWS_DEFAULT_REGION": "eu-central-1",
}
PASSWORD = "Correct-Horse-42!"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def aws():
    """Moto's server with the stack deployed; returns the environment the portal needs."""
    from local import emulator

    saved = dict(os.environ)
    os.environ.update(FAKE_AWS)
    env = emulator.start(port=free_port(), stack_name="portal-test")
    try:
        yield env
    finally:
        emulator.stop()
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def app(aws):
    from app import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def org_id():
    return f"org-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def create_user(aws):
    """Create a Cognito user the way an administrator does in the console."""
    from local import emulator

    def create(email=None, org_id=None, groups=("creditor",), password=PASSWORD, permanent=True):
        email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
        emulator.create_user(
            aws, email=email, org_id=org_id, groups=groups, password=password, permanent=permanent
        )
        return email

    return create


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=PASSWORD):
        return self.client.post("/sign-in", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/sign-out")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def creditor(create_user, org_id, auth):
    """A signed-in creditor of a fresh organisation."""
    email = create_user(org_id=org_id)
    response = auth.login(email)
    assert response.status_code == 302
    return {"email": email, "org_id": org_id}


@pytest.fixture
def organisation(app, org_id):
    """A complete creditor profile stored for org_id."""
    from datetime import UTC, datetime

    from app.adapters.dynamo.organisations import OrganisationRepository
    from app.domain.organisation import Address, Organisation

    org = Organisation.new(org_id).updated(
        by="fixture",
        at=datetime(2026, 11, 1, tzinfo=UTC),
        legal_name="Zobna ordinacija Novak d.o.o.",
        country="SI",
        company_number="5300231",
        iban="SI56 1910 0000 0123 438",
        address=Address("Slovenska 1", "1000", "Ljubljana"),
        language="sl",
        sender_email="racuni@novak.si",
    )
    OrganisationRepository().save(org)
    return org


@pytest.fixture
def services(app):
    return app.extensions["portal.services"]


@pytest.fixture
def count_requests(app):
    from app.adapters.dynamo.metering import metered

    return metered
