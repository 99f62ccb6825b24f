"""What a debtor owes on a case today, broken down the way a demand letter and the debtor page show it.

One calculation for the debtor page, the PDF statement and the e-mails, so that the three never
disagree. Only open claims (something still outstanding) count. The creditor's country decides the
law: its rates and its fixed compensation apply to every claim of the case, whatever the debtor's
country. Interest runs on what is still outstanding of each claim, per ``app.domain.interest``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.domain.claim import Claim, ClaimType
from app.domain.errors import DomainError
from app.domain.interest import InterestPeriod, fixed_compensation, statutory_interest
from app.domain.policy import CollectionPolicy

__all__ = ["Balance", "CompensationLine", "InterestLine", "balance"]

ZERO = Decimal("0")


@dataclass(frozen=True)
class InterestLine:
    """One claim's statutory interest from the day after its due date up to and including today."""

    invoice_number: str
    outstanding: Decimal  # what the interest runs on
    start: date
    end: date
    days: int
    rate: Decimal  # percent per year of the latest period (the one running today)
    amount: Decimal  # the sum of the periods' amounts
    basis: str  # the legal basis, as the rate data words it
    periods: tuple[InterestPeriod, ...]  # more than one where the rate changed on the way
    unverified: bool = False  # a figure used is not checked against its publisher


@dataclass(frozen=True)
class CompensationLine:
    """The fixed compensation for recovery costs owed on one business claim."""

    invoice_number: str
    amount: Decimal
    basis: str
    unverified: bool = False


@dataclass(frozen=True)
class Balance:
    currency: str
    principal: Decimal  # the open claims' invoiced amounts
    interest_lines: tuple[InterestLine, ...]
    compensation_lines: tuple[CompensationLine, ...]
    fees: Decimal  # reminder and collection fees charged
    paid: Decimal  # payments received on the open claims
    claims: tuple[Claim, ...] = ()  # the open claims counted, oldest due date first

    @property
    def interest(self) -> Decimal:
        return sum((line.amount for line in self.interest_lines), ZERO)

    @property
    def interest_rate(self) -> Decimal:
        """The highest rate running today: what a message quotes when it names a single rate."""
        return max((line.rate for line in self.interest_lines), default=ZERO)

    @property
    def compensation(self) -> Decimal:
        return sum((line.amount for line in self.compensation_lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.principal - self.paid + self.interest + self.compensation + self.fees

    @property
    def total_cents(self) -> int:
        return int((self.total * 100).to_integral_value(ROUND_HALF_UP))

    @property
    def commercial(self) -> bool:
        """True if any open claim is business-to-business (the commercial interest rules apply)."""
        return any(claim.claim_type is ClaimType.B2B for claim in self.claims)

    @property
    def unverified(self) -> bool:
        return any(line.unverified for line in (*self.interest_lines, *self.compensation_lines))


def balance(
    org_country: str,
    policy: CollectionPolicy,
    claims: Iterable[Claim],
    *,
    today: date,
    fees: Decimal = ZERO,
    currency: str | None = None,
) -> Balance:
    """The balance of a case's claims on ``today``.

    ``currency`` is the case's; left out, it is the claims' own. A case holds claims in one currency
    only (the hand-over refuses a second one), so a claim in another is a programming error.
    """
    claims = tuple(claims)
    currency = currency or next((c.currency for c in claims), None)
    if currency is None:
        raise DomainError("A balance without claims needs the case's currency.")
    open_claims = tuple(sorted((c for c in claims if c.outstanding > 0), key=lambda c: c.due_date))
    if any(c.currency != currency for c in open_claims):
        raise DomainError(f"Every claim of a case is in {currency}; amounts in two currencies do not add up.")

    interest_lines: list[InterestLine] = []
    compensation_lines: list[CompensationLine] = []
    for claim in open_claims:
        if policy.charge_statutory_interest:
            line = _interest_line(org_country, claim, today)
            if line is not None:
                interest_lines.append(line)
        # Owed once the claim is late (Directive 2011/7/EU Art. 6), not for a claim still running.
        if policy.charge_fixed_compensation and claim.claim_type is ClaimType.B2B and claim.due_date < today:
            found = fixed_compensation(
                claim.outstanding,
                claim.due_date,
                country=org_country,
                claim_type=claim.claim_type,
                currency=claim.currency,
            )
            compensation_lines.append(
                CompensationLine(claim.invoice_number, found.amount, found.basis, found.unverified)
            )
    return Balance(
        currency=currency,
        principal=sum((c.principal for c in open_claims), ZERO),
        interest_lines=tuple(interest_lines),
        compensation_lines=tuple(compensation_lines),
        fees=fees,
        paid=sum((c.paid for c in open_claims), ZERO),
        claims=open_claims,
    )


def _interest_line(country: str, claim: Claim, today: date) -> InterestLine | None:
    """None while the claim is not yet late: no interest runs and there is nothing to show."""
    calc = statutory_interest(
        claim.outstanding,
        claim.due_date,
        today,
        country=country,
        claim_type=claim.claim_type,
        currency=claim.currency,
    )
    if not calc.periods:
        return None
    first, last = calc.periods[0], calc.periods[-1]
    return InterestLine(
        invoice_number=claim.invoice_number,
        outstanding=calc.principal,
        start=first.start,
        end=last.end,
        days=sum(p.days for p in calc.periods),
        rate=last.rate,
        amount=calc.total,
        basis=calc.basis,
        periods=calc.periods,
        unverified=calc.unverified,
    )
