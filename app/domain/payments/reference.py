"""ISO 11649 RF creditor references, built from a case id and read back from an incoming payment.

The reference body *is* the case id (upper case), so the mapping is stable, needs no lookup table and
survives any bank that keeps the reference intact: ``case_id_from_rf`` only has to verify the check
digits and strip "RF" and them. Case ids are 10 characters from A–Z/2–9 (see the Dynamo adapter),
comfortably inside the 21 alphanumerics ISO 11649 allows.

Letters are valid in RF references, but some channels accept digits only (the Finnish virtual
barcode, for one); those need a numeric body, which ``rf_reference`` also accepts.
"""

from __future__ import annotations

import re

from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10

from app.domain.errors import InvalidField

__all__ = ["case_id_from_rf", "format_rf", "rf_reference", "validate_rf"]

MAX_BODY = 21
_BODY = re.compile(r"[A-Z0-9]{1,21}")


def rf_reference(case_id: str) -> str:
    """The compact reference for a case, e.g. ``"RF18539007547034"`` for body ``"539007547034"``."""
    body = (case_id or "").strip().upper()
    if not _BODY.fullmatch(body):
        raise InvalidField(
            "reference",
            f"An RF reference carries 1–{MAX_BODY} letters or digits; {case_id!r} does not fit.",
        )
    # ISO 11649: move "RF00" behind the body, read letters as 10..35, check digits = 98 - n mod 97.
    # mod_97_10.calc_check_digits appends the "00" itself.
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def validate_rf(reference: str, *, field: str = "reference") -> str:
    """The compact reference (spaces removed, upper case) after its check digits are verified."""
    try:
        return iso11649.validate(reference or "")
    except ValidationError as exc:
        raise InvalidField(field, f"{reference!r} is not a valid RF reference ({exc.message}).") from exc


def format_rf(reference: str) -> str:
    """Groups of four for print, e.g. ``"RF18 5390 0754 7034"``; the last group may be shorter."""
    return iso11649.format(validate_rf(reference))


def case_id_from_rf(reference: str) -> str | None:
    """The case id an incoming payment's reference names, or None when it is not a valid RF reference.

    None rather than an error: a payment with a mistyped reference is routine and goes to manual
    matching, not to an error page.
    """
    if not iso11649.is_valid(reference or ""):
        return None
    return iso11649.compact(reference)[4:]
