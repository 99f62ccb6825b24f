"""The JSON API: claims in, claims and cases out, per organisation; its OpenAPI document kept true.

Every response of these tests goes through ``SpecClient``, which checks it against the schema the
document gives for that route, method and status.
"""

import dataclasses
import itertools
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.adapters.dynamo.api_keys import new_key_id
from app.adapters.dynamo.organisations import OrganisationRepository
from app.api import spec

_numbers = itertools.count(1)
DOC = "urn:openapi"


def claim_json(debtor=None, **changes) -> dict:
    claim = {
        "invoice_number": f"API-{next(_numbers):05d}",
        "issue_date": "2026-09-01",
        "due_date": "2026-10-01",
        "amount": "1250.00",
        "currency": "EUR",
        "claim_type": "B2B",
        "description": "Kitchen cabinets",
        "debtor": {
            "kind": "company",
            "name": "Mizarstvo Kranjc d.o.o.",
            "country": "SI",
            "id_number": "5300231",
            "email": "racuni@kranjc.si",
            "phone": "041 123 456",
            **(debtor or {}),
        },
    }
    claim.update(changes)
    return claim


def person(name="Zupan Luka", email="luka@zupan.si") -> dict:
    return {"kind": "person", "name": name, "id_number": None, "email": email, "phone": None}


class SpecClient:
    """The Flask test client, with a key, checking every response against the OpenAPI document."""

    def __init__(self, app, secret):
        self.app, self.client, self.secret = app, app.test_client(), secret
        self.doc = spec.document()
        self.registry = Registry().with_resource(
            DOC, Resource.from_contents(self.doc, default_specification=DRAFT202012)
        )

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)

    def request(self, method, path, body=None, headers=None, key=True, **kwargs):
        headers = dict(headers or {})
        if key:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        if body is not None:
            kwargs["json"] = body
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        self.check(method, path, response)
        return response

    def check(self, method, path, response):
        assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
        pointer = self.response_schema(method, path.split("?")[0], response.status_code)
        validator = Draft202012Validator(
            {"$ref": f"{DOC}#{pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())]
        assert not errors, (method, path, response.status_code, errors)

    def response_schema(self, method, path, status) -> str:
        """JSON pointer to the schema of this response in the document (404/405 off the map: Error)."""
        try:
            rule, _ = self.app.url_map.bind("localhost").match(path, method, return_rule=True)
        except Exception:  # an address or method the API does not have
            assert status in (404, 405)
            return "/components/schemas/ErrorResponse"
        operation = self.doc["paths"][openapi_path(rule.rule)][method.lower()]
        assert str(status) in operation["responses"], f"{method} {path} {status} is not in the document"
        response = operation["responses"][str(status)]
        pointer = "/paths/" + _escape(openapi_path(rule.rule)) + f"/{method.lower()}/responses/{status}"
        if "$ref" in response:
            pointer = response["$ref"].removeprefix("#")
        return pointer + "/content/application~1json/schema"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def openapi_path(rule: str) -> str:
    return rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")


def make_organisation(template, org_id: str):
    org = dataclasses.replace(template, org_id=org_id)
    OrganisationRepository().save(org)
    return org


def new_key(services, org_id: str, name="ERP") -> str:
    _key, secret = services.api_keys.create(
        org_id, new_key_id(), name, by="test@example.com", now=datetime(2026, 11, 1, tzinfo=UTC)
    )
    return secret


@pytest.fixture
def api(app, services, organisation):
    """A client of the API with a key of the test's (complete) organisation."""
    return SpecClient(app, new_key(services, organisation.org_id))


@pytest.fixture
def other_api(app, services, organisation):
    """A client with a key of a second organisation."""
    other = make_organisation(organisation, f"org-{uuid.uuid4().hex[:10]}")
    return SpecClient(app, new_key(services, other.org_id))


# The document


def test_the_document_is_valid_openapi():
    validate(spec.document())


def test_the_served_json_is_the_yaml_source():
    assert spec.document() == spec.from_source(), "run: .venv/bin/python -m app.api.spec"


def test_every_api_route_is_in_the_document_with_its_methods_and_nothing_more(app):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            routes.setdefault(openapi_path(rule.rule), set()).update(
                m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}
            )
    documented = {path: set(item) - {"parameters"} for path, item in spec.document()["paths"].items()}
    assert routes == documented


def test_the_document_is_served_without_a_key(app):
    client = SpecClient(app, secret="")
    response = client.get("/api/v1/openapi.json", key=False)
    assert response.status_code == 200
    assert response.get_json() == spec.document()


# Handing claims over


def test_one_claim_is_handed_over_into_a_new_case(api, services, organisation):
    response = api.post("/api/v1/claims", claim_json(invoice_number="2026-0042", amount="1.234,56"))
    assert response.status_code == 201
    body = response.get_json()
    assert body["summary"] == {"accepted": 1, "duplicate": 0, "rejected": 0}
    result = body["results"][0]
    assert result["status"] == "accepted" and result["invoice_number"] == "2026-0042"
    case = services.cases.get(organisation.org_id, result["case_id"])
    assert case.outstanding == Decimal("1234.56")
    assert case.debtor.phone == "+38641123456"
    event = case.events[0]
    assert event.summary == "Claim 2026-0042 handed over (api)" and event.actor == "ERP"


@pytest.mark.parametrize(
    ("amount", "stored"),
    [("1234.56", "1234.56"), (1234.56, "1234.56"), (1234, "1234.00"), (0.1, "0.10"), ("12,50 €", "12.50")],
)
def test_amounts_come_as_strings_or_numbers(api, amount, stored):
    case_id = api.post("/api/v1/claims", claim_json(amount=amount)).get_json()["results"][0]["case_id"]
    assert api.get(f"/api/v1/cases/{case_id}").get_json()["claims"][0]["amount"] == stored


@pytest.mark.parametrize(
    ("changes", "code", "field", "message"),
    [
        ({"amount": 12.345}, "invalid_value", "amount", "has 3 decimals"),
        ({"amount": "1,234"}, "invalid_value", "amount", "ambiguous"),
        ({"amount": True}, "invalid_type", "amount", "number or a string"),
        ({"amount": "-5"}, "invalid_value", "amount", "positive"),
        ({"amount": "100 PLN"}, "invalid_value", "amount", "is in PLN"),
        ({"due_date": "01.10.2026"}, "invalid_value", "due_date", "YYYY-MM-DD"),
        ({"due_date": "2026-02-30"}, "invalid_value", "due_date", "not a date"),
        ({"due_date": "2026-08-01"}, "invalid_value", "due_date", "before the issue date"),
        ({"currency": "USD"}, "invalid_value", "currency", "EUR or PLN"),
        ({"claim_type": "b2b"}, "invalid_value", "claim_type", "B2B, B2C"),
        ({"invoice_number": 42}, "invalid_type", "invoice_number", "is a string"),
        ({"invoice_number": ""}, "required", "invoice_number", "required"),
        ({"amont": "1"}, "unknown_field", "amont", "not a field"),
        ({"debtor": {"id_number": "5300232"}}, "invalid_value", "debtor.id_number", "not a valid"),
        ({"debtor": {"phone": "12"}}, "invalid_value", "debtor.phone", "not a valid phone"),
        ({"debtor": {"id_number": None, "email": None}}, "invalid_value", "debtor.id_number", "e-mail"),
        ({"debtor": {"kind": "firm"}}, "invalid_value", "debtor.kind", "person, company"),
        ({"debtor": "Kranjc"}, "invalid_type", "debtor", "JSON object"),
    ],
)
def test_a_wrong_claim_is_refused_with_the_field_and_nothing_stored(
    api, services, organisation, changes, code, field, message
):
    debtor = changes.get("debtor")
    body = claim_json(
        debtor=debtor if isinstance(debtor, dict) else None,
        **{k: v for k, v in changes.items() if k != "debtor"},
    )
    if isinstance(debtor, str):
        body["debtor"] = debtor
    response = api.post("/api/v1/claims", body)
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"]["code"] == "validation_failed" and data["error"]["field"] == field
    problem = data["results"][0]["error"]
    assert (problem["code"], problem["field"]) == (code, field)
    assert message.lower() in problem["message"].lower()
    assert services.case_list.page(organisation.org_id).cases == []


def test_a_batch_stores_what_it_can_and_reports_the_rest_claim_by_claim(api, services, organisation):
    earlier = api.post("/api/v1/claims", claim_json(invoice_number="OLD-1")).get_json()
    kranjc = earlier["results"][0]["case_id"]
    batch = [
        claim_json(invoice_number="NEW-1"),  # joins Kranjc's case
        claim_json(invoice_number="NEW-2", due_date="2026-13-01"),
        claim_json(invoice_number="OLD-1"),  # handed over before
        claim_json(invoice_number="NEW-3", debtor=person(), amount=99),  # a new debtor
        claim_json(invoice_number="NEW-1"),  # twice in this batch
        claim_json(invoice_number="NEW-4", currency="PLN"),  # Kranjc's case is in euro
        "not a claim",
    ]
    response = api.post("/api/v1/claims", {"claims": batch})
    assert response.status_code == 207
    body = response.get_json()
    assert body["summary"] == {"accepted": 2, "duplicate": 2, "rejected": 3}
    results = body["results"]
    assert [r["index"] for r in results] == list(range(7))
    assert [r["status"] for r in results] == [
        "accepted", "rejected", "duplicate", "accepted", "duplicate", "rejected", "rejected",
    ]  # fmt: skip
    assert results[0]["case_id"] == kranjc and results[3]["case_id"] != kranjc
    assert results[1]["error"]["field"] == "claims[1].due_date"
    assert results[2]["case_id"] == kranjc and "handed over before" in results[2]["reason"]
    assert "claims[0] and claims[4]" in results[4]["reason"]
    assert results[5]["error"] == {
        "code": "currency_mismatch",
        "field": "claims[5].currency",
        "message": "The debtor's other claims are in EUR; hand this one over in EUR too.",
    }
    assert results[6]["error"]["field"] == "claims[6]" and results[6]["invoice_number"] is None
    assert services.cases.get(organisation.org_id, kranjc).claim_count == 2
    assert len(services.case_list.page(organisation.org_id).cases) == 2


def test_a_batch_of_duplicates_only_stores_nothing_new(api):
    claims = [claim_json(), claim_json()]
    assert api.post("/api/v1/claims", {"claims": claims}).status_code == 201
    again = api.post("/api/v1/claims", {"claims": claims})
    assert again.status_code == 200
    assert again.get_json()["summary"] == {"accepted": 0, "duplicate": 2, "rejected": 0}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ([claim_json()], None, "one claim as a JSON object"),
        ({"claims": []}, "claims", "1 to 500"),
        ({"claims": {"a": 1}}, "claims", "1 to 500"),
        ({"claims": [claim_json()] * 501}, "claims", "this one has 501"),
        ({"claims": [claim_json()], "currency": "EUR"}, "currency", "belongs in each claim"),
    ],
)
def test_a_body_that_is_neither_a_claim_nor_a_batch_is_refused(api, body, field, message):
    response = api.post("/api/v1/claims", body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("validation_failed", field)
    assert message in error["message"]


def test_malformed_requests_are_refused_in_json(api):
    def send(data, content_type="application/json", **headers):
        return api.post("/api/v1/claims", data=data, content_type=content_type, headers=headers)

    assert send("{nope").get_json()["error"]["code"] == "invalid_json"
    assert "line 1, column 2" in send("{nope").get_json()["error"]["message"]
    assert send('{"amount": NaN}').get_json()["error"]["code"] == "invalid_json"
    assert send(b"\xff\xfe\x00").status_code == 400
    wrong_type = send("invoice=1", content_type="application/x-www-form-urlencoded")
    assert (wrong_type.status_code, wrong_type.get_json()["error"]["code"]) == (415, "unsupported_media_type")
    too_large = send("[" + "1," * 1_100_000 + "1]")
    assert (too_large.status_code, too_large.get_json()["error"]["code"]) == (413, "payload_too_large")
    bad_key = send(json.dumps(claim_json()), **{"Idempotency-Key": "ä" * 3})
    assert (bad_key.status_code, bad_key.get_json()["error"]["code"]) == (400, "invalid_idempotency_key")


def test_an_incomplete_profile_is_refused(app, services, org_id):
    client = SpecClient(app, new_key(services, org_id))  # no profile stored for org_id
    response = client.post("/api/v1/claims", claim_json())
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "profile_incomplete")


def test_a_busy_organisation_is_told_to_retry(api, services, organisation, monkeypatch):
    monkeypatch.setattr(services.locks, "wait_seconds", 0)
    headers = {"Idempotency-Key": "busy-1"}
    with services.locks.hold(organisation.org_id, "handover"):
        response = api.post("/api/v1/claims", claim_json(invoice_number="B-1"), headers=headers)
    assert (response.status_code, response.get_json()["error"]["code"]) == (503, "busy")
    assert response.headers["Retry-After"] == "5"
    # A busy answer is not kept as the key's response: the retry does the work.
    assert api.post("/api/v1/claims", claim_json(invoice_number="B-1"), headers=headers).status_code == 201


# Idempotency


def test_a_repeat_with_the_same_idempotency_key_gets_the_first_response(api, services, organisation):
    body = {"claims": [claim_json(), claim_json(debtor=person())]}
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post("/api/v1/claims", body, headers=headers)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    # The same JSON with its keys in another order and other spacing is the same request.
    reordered = json.dumps({"claims": [dict(reversed(c.items())) for c in body["claims"]]}, indent=2)
    again = api.post("/api/v1/claims", data=reordered, content_type="application/json", headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert len(services.case_list.page(organisation.org_id).cases) == 2
    # Without the key, the same claims are duplicates.
    assert api.post("/api/v1/claims", body).get_json()["summary"]["duplicate"] == 2


def test_an_idempotency_key_with_another_body_is_refused(api, services, organisation):
    headers = {"Idempotency-Key": "batch-2026-11-22"}
    assert api.post("/api/v1/claims", claim_json(), headers=headers).status_code == 201
    other = api.post("/api/v1/claims", claim_json(), headers=headers)
    assert other.status_code == 422
    assert other.get_json()["error"]["code"] == "idempotency_key_reused"
    assert services.case_list.page(organisation.org_id).cases[0].claim_count == 1


def test_keys_are_per_organisation(api, other_api):
    headers = {"Idempotency-Key": "shared-key"}
    assert api.post("/api/v1/claims", claim_json(), headers=headers).status_code == 201
    assert other_api.post("/api/v1/claims", claim_json(), headers=headers).status_code == 201


def test_a_request_that_died_half_way_is_completed_by_sending_it_again(
    api, services, organisation, monkeypatch, aws
):
    from pynamodb.models import BatchWrite

    body = {"claims": [claim_json(amount="10.00") for _ in range(20)]}  # 60+ writes: three batches
    headers = {"Idempotency-Key": "nightly-export-17"}
    real_commit = BatchWrite.commit
    calls = {"n": 0}

    def dies_on_the_second_batch(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("Lambda timed out: secret internals")
        return real_commit(self)

    monkeypatch.setattr(BatchWrite, "commit", dies_on_the_second_batch)
    crashed = api.post("/api/v1/claims", body, headers=headers)
    monkeypatch.setattr(BatchWrite, "commit", real_commit)
    assert crashed.status_code == 500
    assert crashed.get_json()["error"]["code"] == "internal_error"
    assert "secret internals" not in crashed.get_data(as_text=True)
    assert crashed.headers["X-Request-Id"] in crashed.get_json()["error"]["message"]

    record = _table_item(aws, f"IDEM#{organisation.org_id}#nightly-export-17", "IDEM")
    assert "response" not in record  # no response kept: the retry runs again
    started = datetime.fromisoformat(record["started_at"]["S"]).timestamp()
    assert abs(int(record["expires_at"]["N"]) - started - 86400) < 1  # TTL: a day after it started

    # The dead request's lease keeps hand-overs out until it runs out, then the retry completes it.
    busy = api.post("/api/v1/claims", body, headers=headers)
    assert busy.status_code == 503 and busy.get_json()["error"]["code"] == "busy"
    assert busy.headers["Retry-After"]
    import time

    monkeypatch.setattr(services.locks, "clock", lambda: time.time() + services.locks.lease_seconds + 1)
    retried = api.post("/api/v1/claims", body, headers=headers)
    assert retried.status_code == 201
    assert retried.get_json()["summary"] == {"accepted": 20, "duplicate": 0, "rejected": 0}
    case_id = retried.get_json()["results"][0]["case_id"]
    case = services.cases.get(organisation.org_id, case_id)
    assert case.claim_count == 20 and case.outstanding == Decimal("200.00")
    assert len([e for e in case.events if e.kind == "claim_imported"]) == 20  # none twice
    replayed = api.post("/api/v1/claims", body, headers=headers)
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert replayed.get_json() == retried.get_json()


def _table_item(aws, pk, sk) -> dict:
    from app.adapters.clients import client

    return client("dynamodb").get_item(
        TableName=aws["PORTAL_TABLE"], Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True
    )["Item"]


# Reading claims and cases


def test_claims_are_listed_a_page_at_a_time_by_invoice_number(api, count_requests):
    api.post("/api/v1/claims", {"claims": [claim_json(invoice_number=n) for n in ("C-2", "C-1")]})
    api.post("/api/v1/claims", claim_json(invoice_number="C-3", debtor=person()))
    with count_requests() as metered:
        first = api.get("/api/v1/claims?limit=2").get_json()
    assert metered.requests == 3  # the key, the invoice look-ups, the claims
    assert [c["invoice_number"] for c in first["claims"]] == ["C-1", "C-2"]
    assert first["claims"][0]["outstanding"] == "1250.00"
    second = api.get(f"/api/v1/claims?limit=2&cursor={first['next_cursor']}").get_json()
    assert [c["invoice_number"] for c in second["claims"]] == ["C-3"]
    assert second["next_cursor"] is None
    assert second["claims"][0]["case_id"] != first["claims"][0]["case_id"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("cursor=%25%25", "cursor")],
)
@pytest.mark.parametrize("path", ["/api/v1/claims", "/api/v1/cases"])
def test_wrong_list_parameters_are_named(api, path, query, field):
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] | {"message": ""} == {
        "code": "validation_failed",
        "field": field,
        "message": "",
    }


def test_cases_are_listed_by_phase_age_amount_and_debtor(api):
    api.post("/api/v1/claims", claim_json(amount="5000.00"))
    api.post("/api/v1/claims", claim_json(debtor=person(), amount="99.00", due_date="2026-09-15"))
    by_amount = api.get("/api/v1/cases?sort=amount").get_json()["cases"]
    assert [c["debtor"]["name"] for c in by_amount] == ["Mizarstvo Kranjc d.o.o.", "Zupan Luka"]
    assert by_amount[0]["outstanding"] == "5000.00"
    by_age = api.get("/api/v1/cases?sort=age").get_json()["cases"]
    assert [c["debtor"]["name"] for c in by_age] == ["Zupan Luka", "Mizarstvo Kranjc d.o.o."]
    assert [c["debtor"]["name"] for c in api.get("/api/v1/cases?debtor=zup").get_json()["cases"]] == [
        "Zupan Luka"
    ]
    assert api.get("/api/v1/cases?phase=legal").get_json() == {"cases": [], "next_cursor": None}
    first = api.get("/api/v1/cases?limit=1").get_json()
    second = api.get(f"/api/v1/cases?limit=1&cursor={first['next_cursor']}").get_json()
    assert first["cases"][0]["case_id"] != second["cases"][0]["case_id"]
    for query, field in (("phase=lost", "phase"), ("sort=name", "sort"), ("debtor=" + "x" * 81, "debtor")):
        assert api.get(f"/api/v1/cases?{query}").get_json()["error"]["field"] == field


def test_one_case_with_its_claims_and_timeline(api):
    posted = api.post("/api/v1/claims", {"claims": [claim_json(invoice_number="T-1"), claim_json()]})
    case_id = posted.get_json()["results"][0]["case_id"]
    case = api.get(f"/api/v1/cases/{case_id}").get_json()
    assert case["case_id"] == case_id and case["claim_count"] == 2
    assert case["outstanding"] == "2500.00" and case["debtor"]["id_number"] == "5300231"
    assert {c["invoice_number"] for c in case["claims"]} >= {"T-1"}
    assert [e["kind"] for e in case["events"]] == ["claim_imported", "claim_imported"]
    assert case["opened_at"].endswith("Z")


def test_a_key_reads_and_writes_its_own_organisation_only(api, other_api):
    posted = api.post("/api/v1/claims", claim_json(invoice_number="MINE-1"))
    case_id = posted.get_json()["results"][0]["case_id"]
    missing = other_api.get(f"/api/v1/cases/{case_id}")
    assert (missing.status_code, missing.get_json()["error"]["code"]) == (404, "not_found")
    assert other_api.get("/api/v1/claims").get_json() == {"claims": [], "next_cursor": None}
    assert other_api.get("/api/v1/cases").get_json()["cases"] == []
    # The same invoice number at another creditor is that creditor's own claim, not a duplicate.
    theirs = other_api.post("/api/v1/claims", claim_json(invoice_number="MINE-1"))
    assert theirs.get_json()["results"][0]["status"] == "accepted"
    assert theirs.get_json()["results"][0]["case_id"] != case_id


# Errors are JSON everywhere under /api/


def test_unknown_addresses_and_methods_answer_in_json(api):
    for method, path, status, code in [
        ("GET", "/api/v1/invoices", 404, "not_found"),
        ("POST", "/api/v1/invoices", 404, "not_found"),  # no CSRF page either
        ("GET", "/api/v2/claims", 404, "not_found"),
        ("DELETE", "/api/v1/claims", 405, "method_not_allowed"),
        ("POST", "/api/v1/cases", 405, "method_not_allowed"),
    ]:
        response = api.request(method, path)
        assert (response.status_code, response.get_json()["error"]["code"]) == (status, code), path
    assert set(api.request("DELETE", "/api/v1/claims").headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_an_unexpected_error_is_json_without_internals(api, services, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services.case_list, "page", broken)
    response = api.get("/api/v1/cases")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_pages_outside_the_api_keep_their_html_errors(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
