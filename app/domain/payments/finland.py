"""Finnish national reference numbers and the 54-digit virtual barcode ("virtuaaliviivakoodi").

National reference: 3–19 base digits and one check digit, 4–20 digits in all. The check digit is
10 minus (the sum of the base digits, from the right, weighted 7, 3, 1, 7, 3, 1, …) mod 10, with 10
read as 0. Printed in groups of five counted from the right: "69 87567 20834 35364".

Virtual barcode, per Finance Finland's "Pankkiviivakoodi-opas" (bank barcode guide), 54 digits:

    version 4 (national reference)          version 5 (RF reference)
    1       "4"                             1       "5"
    2–17    IBAN without "FI" (16 digits)   2–17    IBAN without "FI"
    18–23   euros, 6 digits                 18–23   euros
    24–25   cents                           24–25   cents
    26–28   "000" (reserve)                 26–27   RF check digits
    29–48   reference, 20 digits, zeros     28–48   RF body, 21 digits, zeros in front
            in front
    49–54   due date YYMMDD, or "000000"    49–54   due date YYMMDD, or "000000"

The layout was checked against all version 4 and 5 example invoices of the guide (tests reproduce
several of them). An amount of zero means "the payer types it"; the guide leaves amounts above
999 999.99 out of the barcode, which here is refused instead, so the page never shows a code whose
amount differs from the letter. Only Finnish IBANs and numeric RF references fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.errors import InvalidField
from app.domain.payments import cents, compact_iban, require_currency
from app.domain.payments.reference import validate_rf

__all__ = [
    "VirtualBarcode",
    "fi_reference",
    "fi_virtual_barcode",
    "format_fi_reference",
    "parse_fi_virtual_barcode",
    "validate_fi_reference",
]

MAX_AMOUNT = Decimal("999999.99")
_WEIGHTS = (7, 3, 1)
_DIGITS = re.compile(r"\d+")


def _check_digit(base: str) -> str:
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return str(-total % 10)


def _digits(value: str, field: str) -> str:
    compact = "".join((value or "").split())
    if not _DIGITS.fullmatch(compact):
        raise InvalidField(field, f"A Finnish reference is digits only, not {value!r}.")
    # Leading zeros carry no meaning (the barcode pads with zeros), so they are not kept.
    return compact.lstrip("0")


def fi_reference(base: str) -> str:
    """The reference for ``base`` (3–19 digits) with its 7-3-1 check digit appended, e.g. "1232"."""
    digits = _digits(base, "reference")
    if not 3 <= len(digits) <= 19:
        raise InvalidField("reference", f"The base of a Finnish reference is 3–19 digits, not {base!r}.")
    return digits + _check_digit(digits)


def validate_fi_reference(reference: str) -> str:
    """The compact reference after its length and check digit are verified."""
    digits = _digits(reference, "reference")
    if not 4 <= len(digits) <= 20 or _check_digit(digits[:-1]) != digits[-1]:
        raise InvalidField("reference", f"{reference!r} is not a valid Finnish reference number.")
    return digits


def format_fi_reference(reference: str) -> str:
    """Groups of five from the right, as printed on Finnish invoices: "8 68624"."""
    digits = validate_fi_reference(reference)
    head = len(digits) % 5
    groups = ([digits[:head]] if head else []) + [digits[i : i + 5] for i in range(head, len(digits), 5)]
    return " ".join(groups)


@dataclass(frozen=True)
class VirtualBarcode:
    """What a virtual barcode says; ``amount`` 0 means none given, ``due`` None means none given."""

    iban: str
    amount: Decimal
    reference: str  # compact national reference (version 4) or RF reference (version 5)
    due: date | None


def fi_virtual_barcode(*, iban: str, amount: Decimal, currency: str, reference: str, due: date | None) -> str:
    """The 54 digits; version 5 when ``reference`` is an RF reference, version 4 otherwise."""
    require_currency(currency, "EUR", instrument="A Finnish virtual barcode")
    total = cents(amount, low=Decimal("0.00"), high=MAX_AMOUNT)
    account = compact_iban(iban, country="FI")[2:]
    money = f"{total // 100:06d}{total % 100:02d}"
    when = due.strftime("%y%m%d") if due else "000000"
    if (reference or "").strip().upper().startswith("RF"):
        rf = validate_rf(reference)
        body = rf[4:]
        if not body.isdigit():
            raise InvalidField(
                "reference", "The barcode carries numeric RF references only; this has letters."
            )
        code = f"5{account}{money}{rf[2:4]}{body:0>21}{when}"
    else:
        code = f"4{account}{money}000{validate_fi_reference(reference):0>20}{when}"
    return code


def parse_fi_virtual_barcode(code: str) -> VirtualBarcode:
    """Read a virtual barcode back (for tests and for checking a code a creditor pasted)."""
    code = "".join((code or "").split())
    if not (len(code) == 54 and code.isdigit() and code[0] in "45"):
        raise InvalidField("barcode", "A virtual barcode is 54 digits starting with 4 or 5.")
    iban = compact_iban("FI" + code[1:17], field="barcode")
    amount = Decimal(int(code[17:25])).scaleb(-2)
    if code[0] == "4":
        reference = validate_fi_reference(code[28:48])
    else:
        reference = validate_rf(f"RF{code[25:27]}{code[27:48].lstrip('0')}", field="barcode")
    return VirtualBarcode(iban=iban, amount=amount, reference=reference, due=_due(code[48:]))


def _due(yymmdd: str) -> date | None:
    if yymmdd == "000000":
        return None
    try:
        # The guide gives two-digit years only; this century is assumed.
        return date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError as exc:
        raise InvalidField("barcode", f"{yymmdd!r} is not a due date.") from exc
