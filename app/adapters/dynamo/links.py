"""Debtors' personal links: a random token in the link, only its SHA-256 in the table.

    pk                         sk         item
    LINK#<sha256 of token>     LINK       DebtorLink: the one case it opens, when issued, when it ends
    ORG#<org>                  CASE#<c>   the case header's ``links_revoked_at`` (models.py)

Every message carries a fresh token (the page's link is renewed by each reminder); an older token
keeps working until its own end.

The creditor can revoke a case's links. That is one moment on the case header, not a change to each
link (the links are keyed by their hash and cannot be found from the case): every link issued up to
that moment is revoked, and the debtor's page, which reads the header anyway, says so
(``LinkTarget.revoked_by``). A link issued after it, by the engine's next reminder, works again.
That is intended: revoking stops the links that went out (to a wrong address, say, or seen by
someone else), not the collection, whose next message must again let the debtor see and pay.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import CaseItem, PortalItem

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
    issued_at: datetime

    def revoked_by(self, revoked_at: datetime | None) -> bool:
        """Whether a revocation at ``revoked_at`` (the case's ``links_revoked_at``) stopped this link."""
        return revoked_at is not None and self.issued_at <= revoked_at


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

    def resolve(self, token: str, *, now: datetime, include_expired: bool = False) -> LinkTarget | None:
        """The case a token opens, or None if it is unknown or expired (revoked: see ``revoked_by``)."""
        if not token or len(token) > 100:
            return None
        try:
            item = DebtorLinkItem.get(f"LINK#{digest(token)}", "LINK")
        except DoesNotExist:
            return None
        if item.valid_until <= now and not include_expired:
            return None  # the page asks with include_expired, to say "expired" rather than "unknown"
        return LinkTarget(item.org_id, item.case_id, item.valid_until, item.issued_at)

    def revoke(self, org_id: str, case_id: str, *, at: datetime) -> bool:
        """Revoke every link of the case issued up to ``at``; False when the organisation has no such case.

        One UpdateItem of the header. It also counts the header's version up, so that a hand-over
        which read the header before cannot put it back without the revocation: its conditional put
        fails and it reads again (cases.py); the engine, which only updates its own attributes,
        likewise reads again and decides afresh (engine_state.py).
        """
        header = CaseItem(pk=keys.org(org_id), sk=keys.case_header(case_id))
        try:
            header.update(
                actions=[CaseItem.links_revoked_at.set(at), CaseItem.version.add(1)],
                condition=CaseItem.pk.exists(),
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True
