"""The Polish NRB account number and the ZBP "2D code" for a domestic transfer.

The NRB is the 26 digits of a PL IBAN without the country code (check digits included), the form
Polish invoices and banking apps use.

The code follows the Polish Bank Association's recommendation "Standard 2D" (ZBP, 3 December 2013):
nine fields separated by "|", at most 160 characters in all:

    1 recipient's NIP, 10 digits, or empty      6 transfer title ≤ 32
    2 country code "PL"                         7 reserve 1 ≤ 20 (direct-debit id), empty
    3 recipient's NRB, 26 digits                8 reserve 2 ≤ 12 (Invoobill id), empty
    4 amount in grosze, 6 digits                9 reserve 3 ≤ 24, empty
    5 recipient's name ≤ 20

The order and widths match the published open-source implementations of the recommendation.
Not sure: the six-digit amount caps a code at 9 999.99 PLN. Some generators borrow width from the
last reserve for larger amounts, but whether banking apps read that is unknown, so larger amounts
are refused and the page should fall back to printing the account and title. The character set the
apps expect is also not pinned here (the payload is returned as text; UTF-8 is the usual choice).
"""

from __future__ import annotations

from decimal import Decimal

from stdnum.exceptions import ValidationError
from stdnum.pl import nip as stdnum_nip

from app.domain.errors import InvalidField
from app.domain.payments import cents, compact_iban, fit, require_currency

__all__ = ["pl_nrb", "pl_transfer_code"]

SEPARATOR = "|"
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999.99")  # six digits of grosze


def pl_nrb(iban: str) -> str:
    """The 26-digit NRB from a PL IBAN; a bare NRB (26 digits, spaces allowed) is accepted as well."""
    compact = "".join((iban or "").split()).upper()
    if compact.isdigit():
        compact = "PL" + compact  # an NRB is an IBAN without its country code: verify it as one
    return compact_iban(compact, country="PL")[2:]


def pl_transfer_code(*, nip: str, iban: str, amount: Decimal, currency: str, name: str, title: str) -> str:
    """The "|"-separated text of the ZBP 2D code for ``amount`` złoty to ``iban``.

    ``name`` is cut to 20 characters; ``title`` carries the case reference, so more than 32
    characters is refused rather than cut.
    """
    require_currency(currency, "PLN", instrument="A Polish transfer code")
    grosze = cents(amount, low=MIN_AMOUNT, high=MAX_AMOUNT)
    name = _field(name, 20, "name", truncate=True)
    title = _field(title, 32, "title", truncate=False)
    if not name:
        raise InvalidField("name", "A Polish transfer code needs the recipient's name.")
    if not title:
        raise InvalidField("title", "A Polish transfer code needs a transfer title.")
    fields = [_nip(nip), "PL", pl_nrb(iban), f"{grosze:06d}", name, title, "", "", ""]
    return SEPARATOR.join(fields)


def _field(value: str, limit: int, field: str, *, truncate: bool) -> str:
    if SEPARATOR in (value or ""):
        raise InvalidField(field, f"{SEPARATOR!r} separates the code's fields and cannot appear in one.")
    return fit(value, limit, field=field, truncate=truncate)


def _nip(value: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return stdnum_nip.validate(value)
    except ValidationError as exc:
        raise InvalidField("nip", f"{value!r} is not a valid NIP ({exc.message}).") from exc
