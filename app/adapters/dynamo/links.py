"""Debtors' personal links: a random token in the link, only its SHA-256 in the table.

    pk                         sk    item
    LINK#<sha256 of token>     LINK  DebtorLink: the one case it opens, when it stops working

Every message carries a fresh token (the page's link is renewed by each reminder); an older token
keeps working until its own end. (Revoking a case's links comes with the debtor's page.)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo.models import PortalItem

TOKEN_BYTES = 24  # 192 random bits


class DebtorLinkItem(PortalItem, discriminator="DebtorLink"):
    org_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    issued_at = UTCDateTimeAttribute()
    valid_until = UTCDateTimeAttribute()


@dataclass(frozen=True)
class IssuedLink:
    token: str
    valid_until: datetime


@dataclass(frozen=True)
class LinkTarget:
    org_id: str
    case_id: str
    valid_until: datetime


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DebtorLinks:
    def issue(self, org_id: str, case_id: str, *, now: datetime, valid_days: int) -> IssuedLink:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        valid_until = now + timedelta(days=valid_days)
        DebtorLinkItem(
            pk=f"LINK#{digest(token)}",
            sk="LINK",
            org_id=org_id,
            case_id=case_id,
            issued_at=now,
            valid_until=valid_until,
            # TTL removes the record a month after it stopped working (the page can still say "expired").
            expires_at=int((valid_until + timedelta(days=30)).timestamp()),
        ).save()
        return IssuedLink(token, valid_until)

    def resolve(self, token: str, *, now: datetime) -> LinkTarget | None:
        """The case a token opens, or None if it is unknown or expired."""
        if not token or len(token) > 100:
            return None
        try:
            item = DebtorLinkItem.get(f"LINK#{digest(token)}", "LINK")
        except DoesNotExist:
            return None
        if item.valid_until <= now:
            return None
        return LinkTarget(item.org_id, item.case_id, item.valid_until)
