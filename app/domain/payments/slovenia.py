"""The UPN QR payload (Slovenian universal payment order), per the ZBS technical standard "UPN QR".

Nineteen fields, each followed by LF, then a three-digit control sum and LF, encoded in ISO-8859-2
(the symbol itself is QR version 15, level M, ECI 4, byte mode; that is the renderer's business):

     1 leading style "UPNQR"              11 urgent "X" or empty
     2 payer IBAN (empty)                 12 purpose code, 4 capitals (e.g. "OTHR")
     3 deposit "X" or empty               13 purpose ≤ 42
     4 withdrawal "X" or empty            14 due date DD.MM.YYYY
     5 payer reference (empty)            15 recipient IBAN, no spaces
     6 payer name ≤ 33                    16 recipient reference ≤ 26, "SIxx…" or "RFxx…", no spaces
     7 payer street and number ≤ 33       17 recipient name ≤ 33
     8 payer city ≤ 33                    18 recipient street and number ≤ 33
     9 amount, 11 digits, in cents        19 recipient city ≤ 33
    10 payment date (empty)               20 control sum

The control sum is the number of characters in fields 1–19 plus their 19 separators, zero-padded to
three digits. This was checked against the standard's own examples ("Janez Novak … RentaCar d.o.o.",
sum 201; "… Novo podjetje d.o.o. … RF45SBO2010", sum 188) and a payload printed on a real bill.

Not sure, and worth checking against the current ZBS document before go-live:
- Whether anything must follow the final LF. Some generators pad with spaces up to 411 bytes (the
  byte capacity of version 15-M with the ECI header); the standard's examples we know end at the LF.
  Padding is left to whoever renders the symbol; the payload is checked to fit 411 bytes.
- "SI" references are checked for shape only (model, then up to 22 digits with at most two hyphens);
  the model-specific check digits (e.g. mod 11 for SI12) are not verified. Without a reference the
  field carries "SI99" (model 99 = no reference), as common generators do.
- Characters outside ISO-8859-2 are reduced to their base letter when one exists (č, ć, đ, é, ő are in
  Latin-2 and kept; ñ becomes n); letters with no Latin-2 base, Greek or Cyrillic, are refused.
- Recipient street and city are not required here, though the printed form always has them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.errors import InvalidField
from app.domain.payments import cents, compact_iban, fit, one_line, require_currency
from app.domain.payments.reference import validate_rf

__all__ = ["ENCODING", "MAX_BYTES", "Party", "upn_payload"]

ENCODING = "iso-8859-2"
MAX_BYTES = 411  # version 15, level M, byte mode after the ECI 4 header
NAME = 33
PURPOSE = 42
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")  # 11 digits of cents
NO_REFERENCE = "SI99"
_PURPOSE_CODE = re.compile(r"[A-Z]{4}")
_SI_REFERENCE = re.compile(r"SI\d{2}[0-9-]{0,22}")


@dataclass(frozen=True)
class Party:
    """A payer or recipient as the form prints them: name, street and number, postcode and city."""

    name: str
    street: str = ""
    city: str = ""


def upn_payload(
    *,
    recipient: Party,
    iban: str,
    amount: Decimal,
    currency: str,
    purpose: str,
    reference: str = "",
    due: date | None = None,
    payer: Party | None = None,
    purpose_code: str = "OTHR",
) -> bytes:
    """The ISO-8859-2 bytes of a UPN QR for ``amount`` euros to ``recipient`` at ``iban``.

    ``reference`` is an RF reference or a Slovenian "SIxx" one; empty means "SI99". Names, addresses
    and the purpose are cut to their field lengths, since the reference field identifies the payment.
    """
    require_currency(currency, "EUR", instrument="A UPN QR code")
    amount_cents = cents(amount, low=MIN_AMOUNT, high=MAX_AMOUNT)
    code = (purpose_code or "").strip().upper()
    if not _PURPOSE_CODE.fullmatch(code):
        raise InvalidField("purpose_code", f"A purpose code is four capital letters, not {purpose_code!r}.")
    payer = payer or Party("")
    recipient_fields = [_text(v, NAME, f) for v, f in zip(_lines(recipient), _FIELDS, strict=True)]
    if not recipient_fields[0]:
        raise InvalidField("name", "A UPN QR code needs the recipient's name.")
    fields = [
        "UPNQR",
        "",  # payer IBAN: unknown to the creditor
        "",  # deposit
        "",  # withdrawal
        "",  # payer reference
        *(_text(v, NAME, "payer_" + f) for v, f in zip(_lines(payer), _FIELDS, strict=True)),
        f"{amount_cents:011d}",
        "",  # payment date: the payer's bank fills it
        "",  # urgent
        code,
        _text(purpose, PURPOSE, "purpose"),
        due.strftime("%d.%m.%Y") if due else "",
        compact_iban(iban),
        _reference(reference),
        *recipient_fields,
    ]
    body = "".join(field + "\n" for field in fields)
    payload = f"{body}{len(body):03d}\n".encode(ENCODING)
    if len(payload) > MAX_BYTES:  # cannot happen with the lengths above; kept as a guard
        raise InvalidField(
            "purpose", f"The UPN QR payload would be {len(payload)} bytes; at most {MAX_BYTES}."
        )
    return payload


_FIELDS = ("name", "street", "city")


def _lines(party: Party) -> tuple[str, str, str]:
    return party.name, party.street, party.city


def _text(value: str, limit: int, field: str) -> str:
    """One line of Latin-2 text cut to ``limit`` (characters = bytes in a single-byte code page)."""
    return fit(_latin2(one_line(value), field), limit, field=field, truncate=True)


def _latin2(value: str, field: str) -> str:
    out = []
    for char in value or "":
        if _encodable(char):
            out.append(char)
            continue
        # "ć" and "đ" are in Latin-2, but e.g. "ñ" is not: keep the base letter when there is one.
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if not base or not _encodable(base):
            raise InvalidField(field, f"{char!r} cannot be written in a UPN QR code (ISO-8859-2).")
        out.append(base)
    return "".join(out)


def _encodable(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _reference(value: str) -> str:
    compact = "".join((value or "").split()).upper()
    if not compact:
        return NO_REFERENCE
    if compact.startswith("RF"):
        return validate_rf(compact)
    if _SI_REFERENCE.fullmatch(compact) and compact.count("-") <= 2 and "--" not in compact:
        return compact
    raise InvalidField("reference", f"{value!r} is neither an RF reference nor an 'SIxx' one.")
