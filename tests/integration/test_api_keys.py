"""API keys: created and revoked in the portal, shown once, stored as a hash, refused once revoked."""

import hashlib
import json
import re
import uuid
from datetime import timedelta

import pytest

from app.adapters.clients import client as aws_client
from tests.integration.test_api import SpecClient, new_key


def create_key(client, name="ERP production") -> str:
    page = client.get("/settings/api-keys").get_data(as_text=True)
    key_id = re.search(r'name="key_id" type="hidden" value="([a-z0-9]{8})"', page)[1]
    created = client.post("/settings/api-keys", data={"name": name, "key_id": key_id})
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"  # not kept by the browser or a proxy either
    return re.search(r'id="secret" type="text" readonly value="([^"]+)"', created.get_data(as_text=True))[1]


def table_items(aws, pk: str) -> list[dict]:
    return aws_client("dynamodb").query(
        TableName=aws["PORTAL_TABLE"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": pk}},
        ConsistentRead=True,
    )["Items"]


def test_the_page_is_for_creditors(client, auth, create_user, org_id):
    assert client.get("/settings/api-keys").headers["Location"].startswith("/sign-in")
    auth.login(create_user(org_id=org_id, groups=("operator",)))
    assert client.get("/settings/api-keys").status_code == 403
    assert client.post("/settings/api-keys", data={"name": "x"}).status_code == 403


def test_a_new_key_is_shown_once_and_stored_as_its_hash(client, creditor, aws):
    secret = create_key(client)
    assert re.fullmatch(r"cp_live_[a-z0-9]{8}_[\w-]{43}", secret)
    listing = client.get("/settings/api-keys").get_data(as_text=True)
    assert secret not in listing
    assert "ERP production" in listing and secret[:16] in listing  # the prefix tells keys apart
    assert "Never" in listing and "Revoke" in listing

    hashed = hashlib.sha256(secret.encode()).hexdigest()
    lookup = table_items(aws, f"APIKEY#{hashed}")
    own = [i for i in table_items(aws, f"ORG#{creditor['org_id']}") if i["sk"]["S"].startswith("APIKEY#")]
    assert [i["kind"]["S"] for i in lookup + own] == ["ApiKey", "ApiKeyListing"]
    assert lookup[0]["org_id"]["S"] == creditor["org_id"]
    stored = json.dumps(lookup + own)
    assert secret not in stored and secret.rsplit("_", 1)[1] not in stored


def test_the_creation_form_sent_twice_creates_one_key(client, creditor, services):
    page = client.get("/settings/api-keys").get_data(as_text=True)
    key_id = re.search(r'name="key_id" type="hidden" value="([a-z0-9]{8})"', page)[1]
    form = {"name": "Accounting", "key_id": key_id}
    assert client.post("/settings/api-keys", data=form).status_code == 200
    again = client.post("/settings/api-keys", data=form)
    assert again.headers["Location"] == "/settings/api-keys"
    assert "created already" in client.get("/settings/api-keys").get_data(as_text=True)
    assert [k.key_id for k in services.api_keys.list(creditor["org_id"])] == [key_id]


def test_a_key_needs_a_name(client, creditor, services):
    response = client.post("/settings/api-keys", data={"name": "", "key_id": "abcd1234"})
    assert response.status_code == 200 and "This field is required." in response.get_data(as_text=True)
    assert services.api_keys.list(creditor["org_id"]) == []


def test_a_revoked_key_stops_working_at_once(app, client, creditor, services):
    secret = create_key(client)
    api = SpecClient(app, secret)
    assert api.get("/api/v1/cases").status_code == 200
    key = services.api_keys.list(creditor["org_id"])[0]
    revoked = client.post(f"/settings/api-keys/{key.key_id}/revoke")
    assert revoked.headers["Location"] == "/settings/api-keys"
    assert "is revoked" in client.get("/settings/api-keys").get_data(as_text=True)
    refused = api.get("/api/v1/cases")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert "revoked" in refused.get_json()["error"]["message"]
    listing = client.get("/settings/api-keys").get_data(as_text=True)
    assert "Revoked" in listing and f"/settings/api-keys/{key.key_id}/revoke" not in listing


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer cp_live_00000000_nope", "Bearer {secret}x"],
)
def test_missing_unknown_and_malformed_keys_are_refused(app, services, org_id, authorization):
    secret = new_key(services, org_id)
    api = SpecClient(app, secret)
    headers = {} if authorization is None else {"Authorization": authorization.format(secret=secret)}
    for path in ("/api/v1/claims", "/api/v1/cases", "/api/v1/cases/ABC"):
        response = api.get(path, headers=headers, key=False)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.post("/api/v1/claims", {}, headers=headers, key=False).status_code == 401


def test_last_use_is_noted_at_most_once_an_hour(app, services, org_id, count_requests, monkeypatch):
    api = SpecClient(app, new_key(services, org_id))
    assert services.api_keys.list(org_id)[0].last_used_at is None
    api.get("/api/v1/cases")
    first_use = services.api_keys.list(org_id)[0].last_used_at
    assert first_use is not None
    with count_requests() as metered:
        api.get("/api/v1/cases")
    assert metered.by_operation["UpdateItem"] == 0
    monkeypatch.setattr(services.clock, "offset", timedelta(hours=1, minutes=1))
    api.get("/api/v1/cases")
    assert services.api_keys.list(org_id)[0].last_used_at - first_use >= timedelta(hours=1)


def test_another_organisations_key_cannot_be_revoked(app, client, auth, create_user, services, org_id):
    victim_org = f"org-{uuid.uuid4().hex[:10]}"
    secret = new_key(services, victim_org)
    victim = services.api_keys.list(victim_org)[0]
    auth.login(create_user(org_id=org_id))
    assert client.post(f"/settings/api-keys/{victim.key_id}/revoke").status_code == 404
    assert SpecClient(app, secret).get("/api/v1/claims").status_code == 200
    assert victim.prefix not in client.get("/settings/api-keys").get_data(as_text=True)


def test_the_key_forms_need_their_csrf_token(aws, create_user, org_id, services):
    from app import create_app
    from tests.conftest import PASSWORD
    from tests.integration.test_security import csrf_token

    strict = create_app({"TESTING": True, "SESSION_COOKIE_SECURE": False})
    client = strict.test_client()
    email = create_user(org_id=org_id)
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/settings/api-keys", data={"name": "ERP"}).status_code == 400
    page = client.get("/settings/api-keys").get_data(as_text=True)
    created = client.post("/settings/api-keys", data={"name": "ERP", "csrf_token": csrf_token(page)})
    assert created.status_code == 200 and "API key created" in created.get_data(as_text=True)
    key = services.api_keys.list(org_id)[0]
    assert client.post(f"/settings/api-keys/{key.key_id}/revoke").status_code == 400
    assert not services.api_keys.list(org_id)[0].is_revoked


def test_the_page_links_the_api_description(client, creditor):
    page = client.get("/settings/api-keys").get_data(as_text=True)
    assert 'href="/api/v1/openapi.json"' in page
    assert 'href="/settings/api-keys">API keys</a>' in page  # in the navigation
