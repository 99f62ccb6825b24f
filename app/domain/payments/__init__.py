"""Payment instruments shown on a debtor's page: references and the exact payloads behind QR codes.

Each module builds the text (or bytes) a banking app reads: ``reference`` (ISO 11649 RF creditor
reference, from and back to a case id), ``epc`` (SEPA QR), ``slovenia`` (UPN QR), ``finland`` (national
reference and virtual barcode) and ``poland`` (NRB and the ZBP 2D code). Rendering the symbol is not
done here; a wrong character in a payload sends money to the wrong place or nowhere, so every builder
validates its inputs and raises ``InvalidField`` rather than guessing.

This module holds the checks the builders share. Import the builders from their own modules.
"""

from __future__ import annotations

from decimal import Decimal

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from app.domain.errors import InvalidField

CENT = Decimal("0.01")


def compact_iban(value: str, *, field: str = "iban", country: str | None = None) -> str:
    """The IBAN without spaces, upper case, after its check digits and national format are verified."""
    try:
        number = stdnum_iban.validate(value or "")
    except ValidationError as exc:
        raise InvalidField(field, f"{value!r} is not a valid IBAN ({exc.message}).") from exc
    if country and number[:2] != country:
        raise InvalidField(field, f"An IBAN from {country} is needed here, not one from {number[:2]}.")
    return number


def require_currency(currency: str, expected: str, *, instrument: str) -> None:
    """Refuse a debt in another currency: a payload states its currency implicitly or explicitly."""
    if (currency or "").strip().upper() != expected:
        raise InvalidField(
            "currency", f"{instrument} can only carry amounts in {expected}, not {currency!r}."
        )


def cents(amount: Decimal, *, low: Decimal, high: Decimal, field: str = "amount") -> int:
    """The amount in cents, refusing anything that would have to be rounded or is out of range.

    Rounding is the caller's decision (interest is rounded per period elsewhere); a payload that
    silently rounded could ask for a cent more or less than the letter shows.
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InvalidField(field, f"The amount must be a finite Decimal, not {amount!r}.")
    if amount != amount.quantize(CENT):
        raise InvalidField(field, f"The amount {amount} has more than two decimal places.")
    if not low <= amount <= high:
        raise InvalidField(field, f"The amount {amount} is outside {low}–{high}.")
    return int(amount * 100)


def one_line(text: str) -> str:
    """Collapse all whitespace, line breaks included: a stray newline would shift every later field."""
    return " ".join((text or "").split())


def fit(text: str, limit: int, *, field: str, truncate: bool) -> str:
    """The text on one line within ``limit`` characters.

    Names and addresses are cut (the bank matches on the account, the name is only shown); text that
    carries the payment's identification is refused instead, because a cut reference finds nothing.
    """
    text = one_line(text)
    if len(text) <= limit:
        return text
    if truncate:
        return text[:limit].rstrip()
    raise InvalidField(field, f"At most {limit} characters fit here; this has {len(text)}.")
