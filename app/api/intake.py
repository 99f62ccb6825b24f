"""Claims as JSON into the domain's Debtor and Claim, by the same rules as the web form.

Each claim is read on its own; a claim that cannot be read becomes a ``Rejection`` naming the field
by its path in the request (``claims[3].due_date``, or ``due_date`` when one claim was sent alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.claim import Claim, ClaimType, validate_claim
from app.domain.debtor import Debtor, DebtorKind, validate_debtor
from app.domain.errors import InvalidField
from app.domain.handover import Incoming
from app.domain.intake.problems import ValueProblem
from app.domain.intake.values import currency_of, parse_amount

MAX_BATCH = 500
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Text fields and their longest values (the web form's limits).
CLAIM_TEXT = {"invoice_number": 40, "currency": 3, "description": 500, "contract_reference": 200}
DEBTOR_TEXT = {
    "name": 140,
    "country": 2,
    "id_number": 32,
    "email": 254,
    "phone": 32,
    "street": 140,
    "postcode": 16,
    "city": 70,
    "language": 2,
}
CLAIM_FIELDS = {*CLAIM_TEXT, "issue_date", "due_date", "amount", "paid_amount", "claim_type", "debtor"}
DEBTOR_FIELDS = {*DEBTOR_TEXT, "kind"}
REQUIRED_CLAIM = ("invoice_number", "issue_date", "due_date", "amount", "currency", "claim_type", "debtor")
REQUIRED_DEBTOR = ("kind", "name", "country")
# The domain names fields as the web form does; the API nests the debtor's.
DOMAIN_FIELDS = {
    "debtor_name": "debtor.name",
    "debtor_id": "debtor.id_number",
    "country": "debtor.country",
    "email": "debtor.email",
    "phone": "debtor.phone",
    "language": "debtor.language",
}


@dataclass(frozen=True)
class Rejection:
    index: int
    code: str
    field: str | None
    message: str
    invoice_number: str | None = None


class Problem(Exception):
    def __init__(self, code: str, field: str, message: str):
        super().__init__(message)
        self.code, self.field, self.message = code, field, message


def read_claims(items: list, prefix: str) -> tuple[list[Incoming], list[Rejection]]:
    """Every readable claim (its ``ref`` is ``claims[i]``) and a rejection for every other one."""
    accepted, rejected = [], []
    for index, raw in enumerate(items):
        at = f"{prefix}[{index}]." if prefix else ""
        try:
            accepted.append(Incoming(*_read(raw), ref=f"claims[{index}]"))
        except Problem as p:
            number = raw.get("invoice_number") if isinstance(raw, dict) else None
            field = f"{at}{p.field}" if p.field else at.rstrip(".") or None
            rejected.append(
                Rejection(index, p.code, field, p.message, number if isinstance(number, str) else None)
            )
    return accepted, rejected


def _read(raw: object) -> tuple[Debtor, Claim]:
    if not isinstance(raw, dict):
        raise Problem("invalid_type", "", "Each claim is a JSON object.")
    _fields(raw, CLAIM_FIELDS, REQUIRED_CLAIM, "")
    debtor_raw = raw["debtor"]
    if not isinstance(debtor_raw, dict):
        raise Problem("invalid_type", "debtor", "The debtor is a JSON object.")
    _fields(debtor_raw, DEBTOR_FIELDS, REQUIRED_DEBTOR, "debtor.")
    text = {name: _text(raw, name, limit, "") for name, limit in CLAIM_TEXT.items()}
    debtor_text = {name: _text(debtor_raw, name, limit, "debtor.") for name, limit in DEBTOR_TEXT.items()}
    try:
        debtor = validate_debtor(
            Debtor(kind=_choice(debtor_raw, "kind", DebtorKind, "debtor."), **debtor_text)
        )
        claim = validate_claim(
            Claim(
                issue_date=_date(raw, "issue_date"),
                due_date=_date(raw, "due_date"),
                principal=_amount(raw, "amount", allow_zero=False),
                paid=_amount(raw, "paid_amount", allow_zero=True)
                if _given(raw, "paid_amount")
                else Decimal(0),
                claim_type=_choice(raw, "claim_type", ClaimType, ""),
                **text,
            )
        )
    except InvalidField as exc:
        raise Problem("invalid_value", DOMAIN_FIELDS.get(exc.field, exc.field), exc.message) from None
    return debtor, claim


def _fields(raw: dict, known: set[str], required: tuple[str, ...], at: str) -> None:
    # A misspelt field would otherwise be dropped without a word; for money that is worse than an error.
    for name in raw:
        if name not in known:
            raise Problem("unknown_field", f"{at}{name}", f"'{name}' is not a field of this object.")
    for name in required:
        if not _given(raw, name):
            raise Problem("required", f"{at}{name}", f"'{name}' is required.")


def _given(raw: dict, name: str) -> bool:
    return raw.get(name) not in (None, "")


def _text(raw: dict, name: str, limit: int, at: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Problem("invalid_type", f"{at}{name}", f"'{name}' is a string.")
    if len(value) > limit:
        raise Problem("invalid_value", f"{at}{name}", f"'{name}' has at most {limit} characters.")
    return value


def _choice(raw: dict, name: str, choices, at: str):
    value = raw.get(name)
    allowed = [c.value for c in choices]
    if value not in allowed:
        raise Problem("invalid_value", f"{at}{name}", f"'{name}' is one of: {', '.join(allowed)}.")
    return choices(value)


def _date(raw: dict, name: str) -> date:
    value = raw[name]
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise Problem("invalid_value", name, f"'{name}' is a date written as YYYY-MM-DD, e.g. 2026-01-31.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem("invalid_value", name, f"'{value}' is not a date in the calendar.") from None


def _amount(raw: dict, name: str, *, allow_zero: bool) -> Decimal:
    value = raw[name]
    if not isinstance(value, str | int | Decimal) or isinstance(value, bool):
        raise Problem("invalid_type", name, f"'{name}' is a number or a string such as \"1234.56\".")
    try:
        amount = parse_amount(value, allow_zero=allow_zero)
        written = currency_of(value)
    except ValueProblem as exc:
        raise Problem("invalid_value", name, f"{exc.message} {exc.fix}") from None
    if written and written != raw.get("currency"):
        # "100 PLN" in a claim sent as EUR: one of the two is wrong, and guessing would move money.
        raise Problem("invalid_value", name, f"'{value}' is in {written}, but the claim's currency is not.")
    return amount
