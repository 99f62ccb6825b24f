"""A claim: one overdue (or not yet due) invoice a creditor hands over."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import InvalidField

CURRENCIES = ("EUR", "PLN")
INVOICE_NUMBER = re.compile(r"^[\w./\-#]{1,40}$", re.UNICODE)


class ClaimType(StrEnum):
    B2B = "B2B"
    B2C = "B2C"


@dataclass(frozen=True)
class Claim:
    invoice_number: str
    issue_date: date
    due_date: date
    principal: Decimal
    currency: str
    claim_type: ClaimType
    description: str = ""
    contract_reference: str = ""
    paid: Decimal = Decimal("0")

    @property
    def outstanding(self) -> Decimal:
        return self.principal - self.paid

    def is_due(self, today: date) -> bool:
        return today > self.due_date

    def days_past_due(self, today: date) -> int:
        return max(0, (today - self.due_date).days)


def validate_claim(claim: Claim) -> Claim:
    number = claim.invoice_number.strip()
    if not INVOICE_NUMBER.match(number):
        raise InvalidField(
            "invoice_number", "Use up to 40 letters, digits and . / - # for the invoice number."
        )
    if claim.currency not in CURRENCIES:
        raise InvalidField("currency", "Use EUR or PLN.")
    if claim.principal <= 0:
        raise InvalidField("amount", "The amount must be more than zero.")
    if claim.principal.as_tuple().exponent < -2:
        raise InvalidField("amount", "Amounts have at most two decimals.")
    if claim.paid < 0 or claim.paid.as_tuple().exponent < -2:
        raise InvalidField("paid_amount", "The amount paid is zero or more, with at most two decimals.")
    if claim.paid >= claim.principal:
        raise InvalidField("paid_amount", "The amount paid covers the whole invoice: nothing to collect.")
    if claim.due_date < claim.issue_date:
        raise InvalidField("due_date", "The due date is before the issue date.")
    return replace(
        claim,
        invoice_number=number,
        description=" ".join(claim.description.split())[:500],
        contract_reference=claim.contract_reference.strip()[:200],
    )
