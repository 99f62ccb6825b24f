"""The EPC069-12 "SEPA QR" (Girocode) payload: the exact text a banking app reads from the code.

Version 002 is used because it makes the BIC optional inside the EEA, so a creditor who only gave an
IBAN still gets a code. Fields, one per line, in this order:

     1 service tag "BCD"          5 BIC (may be empty)       9 purpose code (left empty)
     2 version "002"              6 beneficiary name ≤ 70   10 structured reference (RF) ≤ 35
     3 character set "1" (UTF-8) 7 IBAN                    11 unstructured text ≤ 140
     4 identification "SCT"      8 amount "EUR12.34"       12 note to the payer ≤ 70

10 and 11 are exclusive. Lines are joined with a bare LF; after the last filled field nothing follows
(the standard forbids a trailing separator), so trailing empty fields are dropped. The whole payload
must fit 331 bytes so the symbol stays readable at error correction level M.
"""

from __future__ import annotations

from decimal import Decimal

from stdnum import bic as stdnum_bic
from stdnum.exceptions import ValidationError

from app.domain.errors import InvalidField
from app.domain.payments import cents, compact_iban, fit, require_currency
from app.domain.payments.reference import validate_rf

__all__ = ["MAX_BYTES", "epc_payload"]

MAX_BYTES = 331
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")


def epc_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal,
    currency: str,
    reference: str = "",
    text: str = "",
    bic: str = "",
    note: str = "",
) -> str:
    """The payload for a credit transfer of ``amount`` euros to ``iban``.

    ``reference`` is an RF creditor reference (validated, spaces removed); ``text`` is free remittance
    text used only when there is no reference. ``note`` is shown to the payer, not sent to the bank.
    """
    require_currency(currency, "EUR", instrument="A SEPA QR code")
    cents(amount, low=MIN_AMOUNT, high=MAX_AMOUNT)
    if reference and text:
        raise InvalidField("text", "A SEPA QR code carries either an RF reference or free text, not both.")
    name = fit(name, 70, field="name", truncate=True)
    if not name:
        raise InvalidField("name", "A SEPA QR code needs the beneficiary's name.")
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        _bic(bic),
        name,
        compact_iban(iban),
        f"EUR{amount:.2f}",
        "",
        validate_rf(reference) if reference else "",
        # Free text is how a payment without reference is matched: refuse it too long, never cut it.
        fit(text, 140, field="text", truncate=False),
        fit(note, 70, field="note", truncate=True),
    ]
    while not lines[-1]:
        lines.pop()
    payload = "\n".join(lines)
    size = len(payload.encode("utf-8"))
    if size > MAX_BYTES:
        raise InvalidField(
            "text", f"The SEPA QR payload would be {size} bytes; at most {MAX_BYTES} fit. Shorten the text."
        )
    return payload


def _bic(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return stdnum_bic.validate(value)
    except ValidationError as exc:
        raise InvalidField("bic", f"{value!r} is not a valid BIC ({exc.message}).") from exc
