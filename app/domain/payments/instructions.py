"""Which ways to pay a debtor's page offers for one amount, and the exact text behind each.

Every case gets the RF creditor reference (ISO 11649, the case id as its body) and, in euro, the EPC
"SEPA QR". The national forms come on top where they work:

- Slovenia (debtor in SI, euro): the UPN QR with the same RF reference;
- Finland (creditor's account in FI, euro): the national reference number and the virtual barcode.
  The national reference is digits only, so it carries the case number (the case id read as a
  base-32 number, 16 digits at most) with its 7-3-1 check digit; ``case_id_from_fi_reference``
  reads it back for matching payments;
- Poland (złoty to a PL account): the NRB and the ZBP 2D code, up to the code's 9,999.99 PLN; above
  that the page prints the account and the title only.

A builder that refuses its input (a name with Greek letters for the Latin-2 UPN, say) leaves that
form out rather than failing the page: the transfer details and the RF reference always remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.errors import InvalidField
from app.domain.payments.epc import epc_payload
from app.domain.payments.finland import fi_reference, fi_virtual_barcode, format_fi_reference
from app.domain.payments.poland import pl_nrb, pl_transfer_code
from app.domain.payments.reference import format_rf, rf_reference
from app.domain.payments.slovenia import Party, upn_payload

# The case-id alphabet of the DynamoDB adapter: 32 symbols, so a case id is a base-32 number.
CASE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Payee:
    """The creditor as a transfer names it."""

    name: str
    iban: str
    bic: str = ""
    street: str = ""
    city: str = ""  # postcode and city
    nip: str = ""  # Polish tax number for the ZBP code; optional


@dataclass(frozen=True)
class PaymentInstructions:
    amount: Decimal
    currency: str
    reference: str  # compact RF reference
    reference_display: str  # in groups of four
    iban: str
    bic: str
    name: str
    epc: str = ""  # EPC QR payload (euro only)
    upn: bytes = b""  # UPN QR payload, ISO-8859-2
    fi_reference: str = ""  # printed form, groups of five
    fi_barcode: str = ""  # 54 digits
    pl_nrb: str = ""
    pl_code: str = ""
    due: date | None = None


def case_number(case_id: str) -> str:
    """The case id as digits: its base-32 value in decimal."""
    value = 0
    for char in case_id.upper():
        index = CASE_ALPHABET.find(char)
        if index < 0:
            raise InvalidField("reference", f"{case_id!r} is not a case id.")
        value = value * 32 + index
    return str(value).rjust(3, "0")


def case_id_from_number(number: str, length: int = 10) -> str:
    value, chars = int(number), []
    for _ in range(length):
        value, index = divmod(value, 32)
        chars.append(CASE_ALPHABET[index])
    return "".join(reversed(chars))


def case_id_from_fi_reference(reference: str) -> str:
    digits = "".join(reference.split())
    return case_id_from_number(digits[:-1])


def instructions(
    payee: Payee,
    *,
    case_id: str,
    amount: Decimal,
    currency: str,
    debtor_country: str,
    payer: Party | None = None,
    due: date | None = None,
    purpose: str = "",
) -> PaymentInstructions:
    reference = rf_reference(case_id)
    iban = payee.iban
    result = PaymentInstructions(
        amount=amount,
        currency=currency,
        reference=reference,
        reference_display=format_rf(reference),
        iban=iban,
        bic=payee.bic,
        name=payee.name,
        due=due,
    )
    extra: dict = {}
    if currency == "EUR":
        extra["epc"] = _quietly(
            lambda: epc_payload(
                name=payee.name,
                iban=iban,
                amount=amount,
                currency=currency,
                reference=reference,
                bic=payee.bic,
            )
        )
        if debtor_country == "SI":
            extra["upn"] = (
                _quietly(
                    lambda: upn_payload(
                        recipient=Party(payee.name, payee.street, payee.city),
                        iban=iban,
                        amount=amount,
                        currency=currency,
                        purpose=purpose or case_id,
                        reference=reference,
                        due=due,
                        payer=payer,
                    )
                )
                or b""
            )
        if iban.startswith("FI"):
            national = fi_reference(case_number(case_id))
            extra["fi_reference"] = format_fi_reference(national)
            extra["fi_barcode"] = _quietly(
                lambda: fi_virtual_barcode(
                    iban=iban, amount=amount, currency=currency, reference=national, due=due
                )
            )
    if currency == "PLN" and iban.startswith("PL"):
        extra["pl_nrb"] = pl_nrb(iban)
        extra["pl_code"] = _quietly(
            lambda: pl_transfer_code(
                nip=payee.nip, iban=iban, amount=amount, currency=currency, name=payee.name, title=reference
            )
        )
    return PaymentInstructions(**{**result.__dict__, **{k: v for k, v in extra.items() if v}})


def _quietly(build):
    """The payload, or "" when this form cannot carry the payment (the page then leaves it out)."""
    try:
        return build()
    except InvalidField:
        return ""
