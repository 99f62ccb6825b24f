"""Who may see a debtor's page: the token opens a case, a confirmation opens its contents.

1. The token (192 random bits in the link; only its SHA-256 is stored) names one case at one
   creditor. Unknown, tampered, expired or revoked tokens all end on a page that says so in the
   debtor's language and names nothing of the case.
2. Before any amount or personal detail, the debtor confirms one thing their letter or their records
   hold: the number of one of their invoices, or their postal code. Wrong answers are counted per case
   in DynamoDB (adapters/dynamo/attempts.py), so a guesser gains nothing from a second Lambda
   instance or a second link, and a lock-out is explained on the page.
3. A right answer is remembered in the signed session cookie for ``CONFIRMED_FOR``, keyed by a prefix
   of the token's hash (the token itself is never stored, logged or put in a cookie).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import session

from app.adapters.dynamo.links import LinkTarget, digest
from app.domain.case import Case

CONFIRMED_FOR = timedelta(minutes=30)
SESSION_KEY = "debtor"


class LinkProblem(Exception):
    """Why a link does not open a page: "unknown" (also tampered), "expired" or "revoked"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Access:
    token: str
    target: LinkTarget
    case: Case

    @property
    def key(self) -> str:
        return session_key(self.token)


def session_key(token: str) -> str:
    return digest(token)[:24]


def resolve(services, token: str, *, now: datetime) -> LinkTarget:
    """The case a token names, expired or not; raises LinkProblem for an unknown one."""
    target = services.links.resolve(token, now=now, include_expired=True)
    if target is None:
        raise LinkProblem("unknown")
    return target


def check_valid(target: LinkTarget, case: Case, *, now: datetime) -> None:
    """Raises LinkProblem if the link has expired or the creditor revoked it. (Checked once the case
    is read, so that even this page is in the debtor's language; it names nothing of the case.)"""
    if target.valid_until <= now:
        raise LinkProblem("expired")
    if target.revoked_by(case.links_revoked_at):
        raise LinkProblem("revoked")


def is_confirmed(token: str, *, now: datetime) -> bool:
    until = (session.get(SESSION_KEY) or {}).get(session_key(token))
    return bool(until) and until > now.timestamp()


def remember(token: str, *, now: datetime) -> None:
    # Keep only live confirmations: the cookie never grows with every link a debtor ever opened.
    confirmed = {k: v for k, v in (session.get(SESSION_KEY) or {}).items() if v > now.timestamp()}
    confirmed[session_key(token)] = (now + CONFIRMED_FOR).timestamp()
    session[SESSION_KEY] = confirmed


def _normal(value: str) -> str:
    """Case, accents, spaces, dashes and slashes do not matter: "inv-2024/17" = "INV 2024 17"."""
    folded = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def answer_matches(case: Case, answer: str) -> bool:
    given = _normal(answer or "")
    if len(given) < 3:
        return False
    if given in {_normal(c.invoice_number) for c in case.claims}:
        return True
    postcode = _normal(case.debtor.postcode or "")
    return bool(postcode) and given == postcode


TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,100}$")


def plausible(token: str) -> bool:
    """A token as the links carry them (URL-safe base64); anything else is not looked up at all."""
    return bool(TOKEN_SHAPE.match(token or ""))
