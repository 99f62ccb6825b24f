"""Claims sent to the API: read, handed over, reported claim by claim; repeatable with a key.

A batch is not all-or-nothing: the claims that can be read are stored and every other one is
reported with the field at fault, as the spreadsheet import does with its rows. A creditor's system
that sends 500 invoices with one wrong date then fixes and resends that one; resending the whole
batch is harmless too, since stored invoices come back as duplicates.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass

from app.adapters.dynamo.api_keys import ApiKey
from app.adapters.dynamo.cases import Handover
from app.adapters.dynamo.idempotency import StoredResponse
from app.api.errors import error_body
from app.api.intake import MAX_BATCH, Rejection, read_claims
from app.claims.operations import hand_over
from app.domain.handover import Plan
from app.domain.organisation import Organisation
from app.services import Services


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool = False


def submit(
    services: Services,
    org: Organisation,
    key: ApiKey,
    payload: object,
    idempotency_key: str,
    fingerprint: str,
) -> Outcome:
    """Hand the payload's claims over; with an idempotency key, at most once (see idempotency.py).

    Raises KeyReused when the key came with another request, and Busy when another hand-over of
    the organisation holds the lock for too long; neither is kept as the key's response.
    """
    now = services.clock.now()
    if not idempotency_key:
        handover = Handover(id=f"api#{secrets.token_urlsafe(16)}", at=now, source="api", actor=key.name)
        return _hand_over(services, org, payload, handover)
    attempt = services.idempotency.begin(org.org_id, idempotency_key, fingerprint, now=now)
    if attempt.stored is not None:
        return Outcome(attempt.stored.status, attempt.stored.body, replayed=True)
    # The same id and start time as the first attempt: what it stored before dying is replayed.
    handover = Handover(id=f"api#{idempotency_key}", at=attempt.started_at, source="api", actor=key.name)
    outcome = _hand_over(services, org, payload, handover)
    services.idempotency.complete(
        org.org_id, idempotency_key, fingerprint, StoredResponse(outcome.status, outcome.body)
    )
    return outcome


def _hand_over(services: Services, org: Organisation, payload: object, handover: Handover) -> Outcome:
    if not isinstance(payload, dict):
        return _invalid(None, 'Send one claim as a JSON object, or several as {"claims": [...]}.')
    if "claims" in payload:
        items, prefix = payload["claims"], "claims"
        if set(payload) != {"claims"}:
            extra = sorted(set(payload) - {"claims"})[0]
            return _invalid(extra, f"A batch has only the field 'claims'; '{extra}' belongs in each claim.")
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
            count = f" (this one has {len(items)})" if isinstance(items, list) else ""
            return _invalid("claims", f"'claims' is a list of 1 to {MAX_BATCH} claims{count}.")
    else:
        items, prefix = [payload], ""
    incoming, rejections = read_claims(items, prefix)
    plan = hand_over(services, org, incoming, handover).plan if incoming else Plan()
    return _report(plan, rejections, prefix, len(items))


def _report(plan: Plan, rejections: list[Rejection], prefix: str, count: int) -> Outcome:
    results: dict[int, dict] = {r.index: _rejected(r) for r in rejections}
    for change in plan.changes.values():
        for item in change.claims:
            results[_index(item.ref)] = _result(item, "accepted", case_id=change.case_id)
    for duplicate in plan.duplicates:
        results[_index(duplicate.incoming.ref)] = _result(
            duplicate.incoming, "duplicate", case_id=duplicate.case_id, reason=duplicate.reason
        )
    for refused in plan.refused:
        index = _index(refused.incoming.ref)
        field = f"{prefix}[{index}].{refused.field}" if prefix else refused.field
        rejection = Rejection(index, "currency_mismatch", field, refused.message)
        results[index] = {**_rejected(rejection), "invoice_number": refused.incoming.claim.invoice_number}
    ordered = [results[i] for i in range(count)]
    summary = Counter(r["status"] for r in ordered)
    body = {
        "summary": {status: summary[status] for status in ("accepted", "duplicate", "rejected")},
        "results": ordered,
    }
    if summary["rejected"] == count:
        first = next(r for r in ordered if r["status"] == "rejected")["error"]
        message = "No claim was stored: " + ("it has" if count == 1 else "every claim has") + " a problem."
        return Outcome(422, {**error_body("validation_failed", message, first["field"]), **body})
    if summary["rejected"]:
        return Outcome(207, body)
    return Outcome(201 if summary["accepted"] else 200, body)


def _invalid(field: str | None, message: str) -> Outcome:
    return Outcome(422, error_body("validation_failed", message, field))


def _index(ref: str) -> int:
    return int(ref.removeprefix("claims[").removesuffix("]"))


def _result(item, status: str, **details) -> dict:
    return {
        "index": _index(item.ref),
        "status": status,
        "invoice_number": item.claim.invoice_number,
        **details,
    }


def _rejected(rejection: Rejection) -> dict:
    return {
        "index": rejection.index,
        "status": "rejected",
        "invoice_number": rejection.invoice_number,
        "error": {"code": rejection.code, "field": rejection.field, "message": rejection.message},
    }
