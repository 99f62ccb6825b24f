"""The organisation's claims in invoice-number order, a page at a time.

The invoice look-ups (``ORG#<org>``, ``INVOICE#<number>``) already list every claim of a creditor
with its case, on the organisation's own partition: a page is one Query of them and one
BatchGetItem of the claims they point to, whatever the number of cases.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from app.adapters.dynamo import keys
from app.adapters.dynamo.case_list import InvalidCursor
from app.adapters.dynamo.mapping import to_claim
from app.adapters.dynamo.models import ClaimItem, LookupItem
from app.domain.claim import Claim

INVOICE = "INVOICE#"


@dataclass(frozen=True)
class ListedClaim:
    case_id: str
    claim: Claim


@dataclass(frozen=True)
class ClaimPage:
    claims: list[ListedClaim]
    next_cursor: str | None


class ClaimList:
    def page(self, org_id: str, *, cursor: str | None = None, limit: int = 50) -> ClaimPage:
        pk = keys.org(org_id)
        # The cursor only ever moves the start within this organisation's invoice look-ups.
        start = {"pk": {"S": pk}, "sk": {"S": keys.invoice(_decode(cursor))}} if cursor else None
        found = list(
            LookupItem.query(pk, LookupItem.sk.startswith(INVOICE), limit=limit + 1, last_evaluated_key=start)
        )
        more = len(found) > limit
        found = found[:limit]
        wanted = [(keys.case_items(org_id, f.case_id), f"CLAIM#{_number(f)}") for f in found]
        claims = {(c.pk, c.sk): c for c in ClaimItem.batch_get(wanted)} if wanted else {}
        listed = [
            ListedClaim(lookup.case_id, to_claim(claims[key]))
            for lookup, key in zip(found, wanted, strict=True)
            if key in claims  # a hand-over that died half-way may have left a look-up alone
        ]
        return ClaimPage(listed, _encode(_number(found[-1])) if more else None)


def _number(lookup: LookupItem) -> str:
    return lookup.sk.removeprefix(INVOICE)


def _encode(number: str) -> str:
    return base64.urlsafe_b64encode(number.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        number = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor) from None
    if not number:
        raise InvalidCursor(cursor)
    return number
