"""Statutory late-payment interest, fixed recovery compensation and fee caps.

Plain Python over the dated figures in ``app/domain/rates``. Interest is simple, actual days / 365,
from the day after the due date up to and including ``today`` (always an argument, so a letter can be
recomputed for any day). The period is cut wherever the applicable rate can change: at every 1 January
and 1 July where the law fixes the rate by half-year, and at every reference-rate or margin change
otherwise. Each period is rounded to cents on its own, because a demand letter shows them line by line
and the total has to be their sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from app.domain.claim import ClaimType
from app.domain.errors import DomainError, InvalidField
from app.domain.rates import (
    CompensationRule,
    FeeRule,
    Figure,
    RateUnavailable,
    country_rules,
    eur_pln_by_month,
    pick_band,
    series,
)

__all__ = [
    "Compensation",
    "InterestCalculation",
    "InterestPeriod",
    "RateUnavailable",
    "fee_cap",
    "fee_rule",
    "fixed_compensation",
    "statutory_interest",
]

CENT = Decimal("0.01")
DAYS_IN_YEAR = Decimal(365)
FEE_KINDS = ("reminder", "collection")


@dataclass(frozen=True)
class InterestPeriod:
    start: date  # first day interest runs in this period
    end: date  # last day (inclusive)
    days: int
    reference_rate: Decimal  # percent, after any national rounding
    margin: Decimal  # percentage points
    rate: Decimal  # percent per year applied
    amount: Decimal  # rounded to cents, ROUND_HALF_UP


@dataclass(frozen=True)
class InterestCalculation:
    principal: Decimal
    currency: str
    periods: tuple[InterestPeriod, ...]
    total: Decimal  # sum of the period amounts
    basis: str
    unverified: bool  # True if any figure used is marked unverified


@dataclass(frozen=True)
class Compensation:
    amount: Decimal  # in the claim's currency
    currency: str
    basis: str
    unverified: bool


def statutory_interest(
    principal: Decimal,
    due_date: date,
    today: date,
    *,
    country: str,
    claim_type: ClaimType | str,
    currency: str,
) -> InterestCalculation:
    principal = _amount(principal)
    rule = country_rules(country).interest[ClaimType(claim_type)]
    first = due_date + timedelta(days=1)
    if today < first:
        return InterestCalculation(principal, currency, (), Decimal("0.00"), rule.basis, False)

    reference = series(rule.reference)
    cuts = set(rule.margins.changes_between(first, today))
    if rule.fixing == "half_year":
        cuts.update(_half_year_starts(first, today))
    else:
        cuts.update(reference.changes_between(first, today))
    starts = [first, *sorted(cuts)]
    ends = [day - timedelta(days=1) for day in starts[1:]] + [today]

    periods = []
    unverified = False
    for start, end in zip(starts, ends, strict=True):
        fixing_day = _half_year_start(start) if rule.fixing == "half_year" else start
        ref, margin = reference.at(fixing_day), rule.margins.at(start)
        unverified = unverified or ref.unverified or margin.unverified
        ref_rate = _round_up(ref.value, rule.round_up_to)
        rate = ref_rate + margin.value
        days = (end - start).days + 1
        amount = (principal * rate * days / (100 * DAYS_IN_YEAR)).quantize(CENT, ROUND_HALF_UP)
        periods.append(InterestPeriod(start, end, days, ref_rate, margin.value, rate, amount))
    total = sum((p.amount for p in periods), Decimal("0.00"))
    return InterestCalculation(principal, currency, tuple(periods), total, rule.basis, unverified)


def fixed_compensation(
    principal: Decimal,
    due_date: date,
    *,
    country: str,
    claim_type: ClaimType | str,
    currency: str,
) -> Compensation:
    """The lump sum for recovery costs a business debtor owes on each late claim (zero for consumers)."""
    principal = _amount(principal)
    claim_type = ClaimType(claim_type)
    rule = _in_force(country_rules(country).compensation.get(claim_type, ()), due_date)
    if rule is None:
        why = "consumer claims" if claim_type is ClaimType.B2C else "this claim"
        return Compensation(Decimal("0.00"), currency, f"No fixed compensation is owed on {why}.", False)

    notes: list[str] = []
    unverified = rule.unverified
    rate: Figure | None = None
    if currency != rule.band_currency or currency != rule.amount_currency:
        rate, fell_back = _eur_pln_for(due_date, rule)
        unverified = unverified or rate.unverified or fell_back
        notes.append(
            f"converted at the NBP mean rate of {rate.value} PLN/EUR of {rate.effective.isoformat()}"
        )
        if fell_back:
            notes.append(
                "no rate is on file for the month before the due date, the latest earlier one is used"
            )
    value = _convert(principal, currency, rule.band_currency, rate)
    band = pick_band(rule.bands, value)
    amount = _convert(band.amount, rule.amount_currency, currency, rate).quantize(CENT, ROUND_HALF_UP)
    basis = "; ".join([rule.basis, *notes])
    return Compensation(amount, currency, basis, unverified)


def fee_rule(country: str, claim_type: ClaimType | str, kind: str) -> FeeRule | None:
    """The legal limits on a reminder or collection fee, with their timing rules, where any are known."""
    if kind not in FEE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(FEE_KINDS)}, not {kind!r}")
    return country_rules(country).fees.get(ClaimType(claim_type), {}).get(kind)


def fee_cap(country: str, claim_type: ClaimType | str, principal: Decimal, kind: str) -> Decimal | None:
    """The most a policy step may charge as a fee of this kind, or None where no cap is known."""
    rule = fee_rule(country, claim_type, kind)
    return None if rule is None else rule.cap_for(_amount(principal))


def _amount(value: Decimal) -> Decimal:
    if not isinstance(value, Decimal):
        # A float would smuggle binary rounding into money; ints and strings are exact.
        if isinstance(value, float):
            raise TypeError("Amounts are Decimal, never float.")
        value = Decimal(value)
    if value < 0:
        raise InvalidField("amount", "The amount must not be negative.")
    return value


def _half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _half_year_starts(first: date, last: date) -> list[date]:
    """1 January and 1 July after ``first`` up to and including ``last``."""
    starts = []
    for year in range(first.year, last.year + 1):
        starts += [d for d in (date(year, 1, 1), date(year, 7, 1)) if first < d <= last]
    return starts


def _round_up(value: Decimal, step: Decimal | None) -> Decimal:
    if step is None:
        return value
    return (value / step).to_integral_value(ROUND_CEILING) * step


def _in_force(versions: tuple[CompensationRule, ...], day: date) -> CompensationRule | None:
    found = None
    for version in versions:
        if version.effective <= day:
            found = version
    return found


def _eur_pln_for(due_date: date, rule: CompensationRule) -> tuple[Figure, bool]:
    """The monthly EUR/PLN rate the rule converts at, and whether an earlier month stood in for it."""
    if rule.conversion not in (None, "nbp_eur_month_before_due"):
        raise DomainError(f"Unknown currency conversion {rule.conversion!r} in the rate data.")
    # Rules without a conversion of their own (a PLN claim under a EUR-only law) borrow the Polish one.
    month_before = due_date.replace(day=1) - timedelta(days=1)
    wanted = f"{month_before.year:04d}-{month_before.month:02d}"
    table = eur_pln_by_month()
    if wanted in table:
        return table[wanted], False
    earlier = [month for month in table if month < wanted]
    if not earlier:
        raise RateUnavailable(
            f"No NBP EUR/PLN rate is on file for {wanted} or any earlier month; add it to eur_pln.json."
        )
    return table[max(earlier)], True


def _convert(value: Decimal, source: str, target: str, eur_pln: Figure | None) -> Decimal:
    if source == target:
        return value
    if eur_pln is None or {source, target} != {"EUR", "PLN"}:
        raise DomainError(f"Cannot convert {source} to {target}: only EUR and PLN are supported.")
    return value * eur_pln.value if source == "EUR" else value / eur_pln.value
