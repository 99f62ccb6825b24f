"""Factories for claims, debtors and hand-overs: valid by default, any field overridable."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from app.domain.claim import Claim, ClaimType
from app.domain.debtor import Debtor, DebtorKind
from app.domain.handover import Incoming

_numbers = itertools.count(1)


def debtor(**changes) -> Debtor:
    values = {
        "kind": DebtorKind.COMPANY,
        "name": "Mizarstvo Kranjc d.o.o.",
        "country": "SI",
        "id_number": "5300231",
        "email": "racuni@kranjc.si",
        "phone": "+38641123456",
        "street": "Tržaška 2",
        "postcode": "1000",
        "city": "Ljubljana",
        "language": "sl",
    }
    values.update(changes)
    values["kind"] = DebtorKind(values["kind"])
    return Debtor(**values)


def claim(**changes) -> Claim:
    values = {
        "invoice_number": f"2026-{next(_numbers):05d}",
        "issue_date": date(2026, 9, 1),
        "due_date": date(2026, 10, 1),
        "principal": Decimal("1250.00"),
        "currency": "EUR",
        "claim_type": ClaimType.B2B,
        "description": "Kitchen cabinets",
        "contract_reference": "Order 77",
    }
    values.update(changes)
    return Claim(**values)


def incoming(debtor_changes=None, **claim_changes) -> Incoming:
    return Incoming(debtor(**(debtor_changes or {})), claim(**claim_changes), ref="test")


def handover(source="form", actor="ana@example.com", at=None, id=None):
    from app.adapters.dynamo.cases import Handover

    return Handover(
        id=id or uuid.uuid4().hex,
        at=at or datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
        source=source,
        actor=actor,
    )
