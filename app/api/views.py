"""The JSON API under /api/v1: claims in, claims and cases out, for the key's organisation only.

Every route is described in openapi.yaml; tests/integration/test_api.py keeps the two in step.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

from flask import Blueprint, jsonify, request

from app.adapters.dynamo.case_list import SORTS, InvalidCursor
from app.adapters.dynamo.cases import ConcurrentChange
from app.adapters.dynamo.idempotency import KeyReused
from app.adapters.dynamo.locks import Busy
from app.api import auth, errors, operations, serialise, spec
from app.api.errors import ApiError
from app.domain.case import Phase
from app.extensions import csrf
from app.organisation.operations import load_profile
from app.services import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # authenticated by a bearer key, never by the session cookie (see auth.py)
errors.init_blueprint(bp)
bp.before_request(auth.authenticate)

MAX_BODY = 2 * 1024 * 1024  # 500 claims with every field filled in stay well below this
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")  # visible ASCII, as a UUID or a job id is
PHASES = {p.value: p for p in Phase}


@bp.post("/claims")
def create_claims():
    payload = _json_body()
    idempotency_key = _idempotency_key()
    key = auth.current_key()
    org = load_profile(services().organisations, key.org_id)
    if not org.is_complete:
        raise ApiError(
            409,
            "profile_incomplete",
            "Complete your organisation's profile in the portal before you hand over claims.",
        )
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    fingerprint = hashlib.sha256(f"POST {request.path}\n{canonical}".encode()).hexdigest()
    try:
        outcome = operations.submit(services(), org, key, payload, idempotency_key, fingerprint)
    except KeyReused:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for a different request in the last 24 hours; use a new key.",
        ) from None
    except (Busy, ConcurrentChange):
        raise ApiError(
            503,
            "busy",
            "Another hand-over of your organisation is being stored right now; send this again shortly.",
            headers={"Retry-After": "5"},
        ) from None
    response = jsonify(outcome.body)
    response.status_code = outcome.status
    if outcome.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get("/claims")
def list_claims():
    try:
        page = services().claim_list.page(
            auth.current_key().org_id, cursor=request.args.get("cursor") or None, limit=_limit()
        )
    except InvalidCursor:
        raise _bad_cursor() from None
    return {
        "claims": [serialise.claim(c.claim, c.case_id) for c in page.claims],
        "next_cursor": page.next_cursor,
    }


@bp.get("/cases")
def list_cases():
    phase = request.args.get("phase") or None
    if phase is not None and phase not in PHASES:
        raise _invalid("phase", "'phase' is one of: " + ", ".join(PHASES) + ".")
    sort = request.args.get("sort", "age")
    if sort not in SORTS:
        raise _invalid("sort", "'sort' is one of: " + ", ".join(SORTS) + ".")
    debtor = request.args.get("debtor", "").strip()
    if len(debtor) > 80:
        raise _invalid("debtor", "'debtor' is the start of a name, at most 80 characters.")
    try:
        page = services().case_list.page(
            auth.current_key().org_id,
            phase=PHASES[phase] if phase else None,
            sort=sort,
            debtor=debtor,
            cursor=request.args.get("cursor") or None,
            limit=_limit(),
        )
    except InvalidCursor:
        raise _bad_cursor() from None
    return {"cases": [serialise.case_summary(c) for c in page.cases], "next_cursor": page.next_cursor}


@bp.get("/cases/<case_id>")
def show_case(case_id: str):
    case = services().cases.get(auth.current_key().org_id, case_id)
    if case is None:
        # Also when another organisation has a case of that id: nothing says it exists.
        raise ApiError(404, "not_found", f"Your organisation has no case {case_id}.")
    return serialise.case_detail(case)


@bp.get("/openapi.json")
def openapi():
    return spec.document()


def _json_body():
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send JSON, with 'Content-Type: application/json'.")
    too_large = ApiError(413, "payload_too_large", f"The body is larger than {MAX_BODY // 1024} KiB.")
    if (request.content_length or 0) > MAX_BODY:
        raise too_large
    request.max_content_length = MAX_BODY  # also bounds a body sent without a Content-Length
    try:
        # Decimals, not floats: 0.1 + 0.2 is not an amount anyone owes.
        return json.loads(request.get_data(cache=True), parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = f"The body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."
        raise ApiError(400, "invalid_json", message) from None
    except (ValueError, RecursionError):
        message = "The body is not valid JSON (text in UTF-8; NaN and Infinity are not numbers)."
        raise ApiError(400, "invalid_json", message) from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _idempotency_key() -> str:
    value = request.headers.get("Idempotency-Key", "")
    if value and not IDEMPOTENCY_KEY.match(value):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "The Idempotency-Key header is 1 to 128 visible ASCII characters, e.g. a UUID.",
        )
    return value


def _limit() -> int:
    raw = request.args.get("limit", "")
    if not raw:
        return 50
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise _invalid("limit", "'limit' is a whole number from 1 to 100.")
    return int(raw)


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(400, "validation_failed", message, field)


def _bad_cursor() -> ApiError:
    return _invalid("cursor", "This cursor is not one the API gave out; start again without it.")
