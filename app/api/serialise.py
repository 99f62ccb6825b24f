"""Domain objects as the API's JSON (see the schemas in openapi.yaml).

Amounts are strings with two decimals ("1234.56"): exact, unlike a JSON number read as a float.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from app.domain.case import Case
from app.domain.claim import Claim
from app.domain.debtor import Debtor
from app.domain.timeline import ContactEvent


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def moment(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def debtor(d: Debtor) -> dict:
    return {
        "kind": d.kind.value,
        "name": d.name,
        "country": d.country,
        "id_number": d.id_number,
        "email": d.email,
        "phone": d.phone,
        "street": d.street,
        "postcode": d.postcode,
        "city": d.city,
        "language": d.language,
    }


def claim(c: Claim, case_id: str | None = None) -> dict:
    data = {"case_id": case_id} if case_id is not None else {}
    return {
        **data,
        "invoice_number": c.invoice_number,
        "issue_date": c.issue_date.isoformat(),
        "due_date": c.due_date.isoformat(),
        "amount": amount(c.principal),
        "paid_amount": amount(c.paid),
        "outstanding": amount(c.outstanding),
        "currency": c.currency,
        "claim_type": c.claim_type.value,
        "description": c.description,
        "contract_reference": c.contract_reference,
    }


def case_summary(c: Case) -> dict:
    return {
        "case_id": c.case_id,
        "phase": c.phase.value,
        "debtor": debtor(c.debtor),
        "currency": c.currency,
        "outstanding": amount(c.outstanding),
        "claim_count": c.claim_count,
        "oldest_due": c.oldest_due.isoformat(),
        "opened_at": moment(c.opened_at),
    }


def event(e: ContactEvent) -> dict:
    return {
        "event_id": e.event_id,
        "kind": e.kind,
        "summary": e.summary,
        "actor": e.actor,
        "at": moment(e.at),
    }


def case_detail(c: Case) -> dict:
    return {
        **case_summary(c),
        "claims": [claim(item) for item in c.claims],
        "events": [event(e) for e in c.events],
    }
