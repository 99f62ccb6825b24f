"""Payment plans a debtor may ask for on their page, and whether the creditor's rules accept one at once.

The rules are the creditor's (``CollectionPolicy``, defaults from DOMAIN.md): below
``single_payment_below`` only a single payment; up to ``small_plan_limit`` at most
``max_instalments_small`` instalments of at least ``min_instalment``; above it every instalment at
least ``min_instalment_share_percent`` of the total and still at least ``min_instalment``. A plan
outside them is not refused for good: it goes to the creditor for a decision, so an offer always
carries its schedule.

Amounts are whole cents. Instalments are equal, with the cents that do not divide evenly on the
first, so their sum is the total exactly and the smallest instalment is the last. They fall due
monthly on the day of the month of the first one, or the month's last day where it has no such day
(31 January, 28/29 February, 31 March).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import InvalidField
from app.domain.policy import CollectionPolicy

__all__ = [
    "FIRST_DUE_DAYS",
    "MAX_INSTALMENTS",
    "SINGLE_PAYMENT",
    "TOO_MANY",
    "TOO_SMALL",
    "Instalment",
    "PlanOffer",
    "allowed_counts",
    "offer",
]

MAX_INSTALMENTS = 12  # what the form offers at most
FIRST_DUE_DAYS = 7  # the first instalment, unless the debtor picks a date

# Why a plan is not accepted at once.
SINGLE_PAYMENT = "single_payment"  # the total is below the single-payment limit
TOO_MANY = "too_many"  # more instalments than the rules allow for a total this size
TOO_SMALL = "too_small"  # an instalment would be below the minimum amount or share


@dataclass(frozen=True)
class Instalment:
    number: int  # from 1
    due: date
    amount_cents: int

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents).scaleb(-2)


@dataclass(frozen=True)
class PlanOffer:
    instalments: tuple[Instalment, ...]
    total_cents: int
    accepted: bool
    reason: str  # "" when accepted, else SINGLE_PAYMENT, TOO_MANY or TOO_SMALL

    @property
    def count(self) -> int:
        return len(self.instalments)


def offer(
    total_cents: int,
    count: int,
    *,
    today: date,
    policy: CollectionPolicy,
    first_due: date | None = None,
) -> PlanOffer:
    """The schedule for ``count`` monthly instalments of ``total_cents``, and whether the rules accept it."""
    if not 1 <= count <= MAX_INSTALMENTS:
        raise InvalidField("instalments", f"Choose between 1 and {MAX_INSTALMENTS} instalments.")
    if total_cents < 1:
        raise InvalidField("total", "There is nothing left to pay.")
    first_due = first_due or today + timedelta(days=FIRST_DUE_DAYS)
    if first_due < today:
        raise InvalidField("first_due", "The first instalment cannot fall due in the past.")
    base, remainder = divmod(total_cents, count)
    instalments = tuple(
        Instalment(n + 1, _months_after(first_due, n), base + (remainder if n == 0 else 0))
        for n in range(count)
    )
    reason = _refusal(total_cents, count, policy)
    return PlanOffer(instalments, total_cents, accepted=not reason, reason=reason)


def allowed_counts(total_cents: int, policy: CollectionPolicy) -> list[int]:
    """The instalment counts the rules accept at once: [1] below the single-payment limit, [] if nothing
    is owed."""
    if total_cents < 1:
        return []
    return [n for n in range(1, MAX_INSTALMENTS + 1) if not _refusal(total_cents, n, policy)]


def _refusal(total_cents: int, count: int, policy: CollectionPolicy) -> str:
    if count == 1:
        return ""  # paying everything at once is always within the rules
    if total_cents < _cents(policy.single_payment_below):
        return SINGLE_PAYMENT
    smallest = total_cents // count
    if total_cents <= _cents(policy.small_plan_limit):
        if count > policy.max_instalments_small:
            return TOO_MANY
        floor = _cents(policy.min_instalment)
    else:
        # The share is rounded down to whole cents: 10 % of 1,000.01 is met by ten instalments of 100.00
        # (and one cent more on the first), the closest an equal split in cents can come.
        share = total_cents * policy.min_instalment_share_percent // 100
        floor = max(_cents(policy.min_instalment), share)
    return TOO_SMALL if smallest < floor else ""


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(ROUND_HALF_UP))


def _months_after(first: date, months: int) -> date:
    """The same day of the month ``months`` later, or that month's last day; always from the first date,
    so 31 January, 29 February, 31 March (not 29 March)."""
    year, month = divmod(first.month - 1 + months, 12)
    year += first.year
    month += 1
    return date(year, month, min(first.day, calendar.monthrange(year, month)[1]))
