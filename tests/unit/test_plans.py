"""Payment plans inside and outside the creditor's rules (defaults: single payment below 200, up to 4
instalments of at least 100 up to 1,000, at least 10 % an instalment above), with exact sums and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InvalidField
from app.domain.plans import (
    MAX_INSTALMENTS,
    SINGLE_PAYMENT,
    TOO_MANY,
    TOO_SMALL,
    allowed_counts,
    offer,
)
from app.domain.policy import CollectionPolicy

POLICY = CollectionPolicy()
TODAY = date(2026, 3, 10)


def plan(total_cents, count, **kwargs):
    return offer(total_cents, count, today=TODAY, policy=kwargs.pop("policy", POLICY), **kwargs)


@pytest.mark.parametrize(
    ("total_cents", "count", "reason"),
    [
        # below 200.00 only a single payment
        (19_999, 1, ""),
        (19_999, 2, SINGLE_PAYMENT),
        (20_000, 2, ""),  # 2 x 100.00
        # up to 1,000.00: at most 4 instalments of at least 100.00
        (100_000, 4, ""),  # 4 x 250.00
        (100_000, 5, TOO_MANY),
        (40_000, 4, ""),  # 4 x 100.00
        (40_100, 4, ""),  # 4 x 100.25
        (39_999, 4, TOO_SMALL),  # 100.02 + 3 x 99.99
        (39_999, 3, ""),  # 133.33 x 3
        (25_000, 3, TOO_SMALL),  # 83.34 + 2 x 83.33
        (20_000, 3, TOO_SMALL),  # 66.68 + 2 x 66.66
        # above 1,000.00: each instalment at least 10 % of the total
        (100_001, 5, ""),  # 200.01 + 4 x 200.00
        (100_001, 10, ""),  # 100.01 + 9 x 100.00: 10 % of 1,000.01 rounded down to cents is 100.00
        (100_001, 11, TOO_SMALL),  # 90.91 < 100.00
        (300_000, 10, ""),  # 10 x 300.00 = 10 %
        (300_000, 11, TOO_SMALL),  # 272.73 + 10 x 272.72 < 300.00
        (300_000, 12, TOO_SMALL),
    ],
)
def test_the_rules_at_their_edges(total_cents, count, reason):
    result = plan(total_cents, count)

    assert (result.accepted, result.reason) == (not reason, reason)
    assert result.count == count
    assert sum(i.amount_cents for i in result.instalments) == total_cents == result.total_cents


def test_a_plan_outside_the_rules_still_carries_its_schedule_for_the_creditor():
    result = plan(100_000, 5)

    assert not result.accepted
    assert [i.amount_cents for i in result.instalments] == [20_000] * 5


def test_above_the_small_limit_the_minimum_instalment_still_holds():
    # A 1 % share would allow 100 instalments, but none may be below 100.00.
    policy = replace(POLICY, min_instalment_share_percent=1)

    assert plan(110_000, 11, policy=policy).accepted  # 11 x 100.00
    assert plan(110_000, 12, policy=policy).reason == TOO_SMALL  # 91.67 + 11 x 91.66


@pytest.mark.parametrize(
    ("total_cents", "counts"),
    [
        (0, []),
        (19_999, [1]),
        (20_000, [1, 2]),
        (39_999, [1, 2, 3]),
        (40_000, [1, 2, 3, 4]),
        (100_000, [1, 2, 3, 4]),
        (100_001, list(range(1, 11))),
        (300_000, list(range(1, 11))),
    ],
)
def test_allowed_counts(total_cents, counts):
    assert allowed_counts(total_cents, POLICY) == counts


def test_allowed_counts_stop_at_what_the_form_offers():
    policy = replace(POLICY, min_instalment_share_percent=1, min_instalment=Decimal("1"))

    assert allowed_counts(1_000_000, policy) == list(range(1, MAX_INSTALMENTS + 1))


def test_the_rules_come_from_the_creditors_policy():
    policy = replace(
        POLICY, single_payment_below=Decimal("50"), max_instalments_small=6, min_instalment=Decimal("20")
    )

    assert allowed_counts(12_000, policy) == [1, 2, 3, 4, 5, 6]  # 6 x 20.00
    assert plan(4_999, 2, policy=policy).reason == SINGLE_PAYMENT


def test_amounts_are_equal_with_the_remaining_cents_on_the_first():
    result = plan(100_001, 3)

    assert [i.amount_cents for i in result.instalments] == [33_335, 33_333, 33_333]
    assert result.instalments[0].amount == Decimal("333.35")
    assert [i.number for i in result.instalments] == [1, 2, 3]


@pytest.mark.parametrize("count", [0, -1, MAX_INSTALMENTS + 1])
def test_a_count_outside_the_form_is_an_invalid_field(count):
    with pytest.raises(InvalidField) as raised:
        plan(100_000, count)
    assert raised.value.field == "instalments"


def test_nothing_to_pay_is_an_invalid_field():
    with pytest.raises(InvalidField):
        plan(0, 1)


def test_a_first_due_date_in_the_past_is_refused():
    with pytest.raises(InvalidField) as raised:
        plan(50_000, 2, first_due=TODAY - timedelta(days=1))
    assert raised.value.field == "first_due"


# --- dates ------------------------------------------------------------------------------------------


def test_the_first_instalment_is_due_a_week_from_today_by_default():
    result = plan(50_000, 2)

    assert [i.due for i in result.instalments] == [date(2026, 3, 17), date(2026, 4, 17)]


def test_the_31st_is_kept_where_the_month_has_one():
    result = plan(120_000, 4, first_due=date(2027, 1, 31))

    assert [i.due for i in result.instalments] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


def test_a_leap_year_february_has_its_29th():
    result = plan(300_000, 3, first_due=date(2027, 12, 30))

    assert [i.due for i in result.instalments] == [date(2027, 12, 30), date(2028, 1, 30), date(2028, 2, 29)]


def test_the_29th_of_february_goes_back_to_the_29th():
    result = plan(300_000, 4, first_due=date(2028, 2, 29))

    assert [i.due for i in result.instalments] == [
        date(2028, 2, 29),
        date(2028, 3, 29),
        date(2028, 4, 29),
        date(2028, 5, 29),
    ]


def test_a_plan_runs_over_the_new_year():
    result = plan(
        1_200_000, 12, first_due=date(2026, 8, 31), policy=replace(POLICY, min_instalment_share_percent=5)
    )

    assert [i.due for i in result.instalments][3:7] == [
        date(2026, 11, 30),
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
    ]


@given(
    total_cents=st.integers(min_value=1, max_value=100_000_000),
    count=st.integers(min_value=1, max_value=MAX_INSTALMENTS),
    first_due=st.dates(min_value=TODAY, max_value=date(2100, 12, 31)),
)
def test_sums_are_exact_and_dates_monthly(total_cents, count, first_due):
    result = offer(total_cents, count, today=TODAY, policy=POLICY, first_due=first_due)

    amounts = [i.amount_cents for i in result.instalments]
    assert sum(amounts) == total_cents
    assert max(amounts) - min(amounts) < count  # equal but for the cents that do not divide
    assert amounts[0] == max(amounts) and all(a == amounts[-1] for a in amounts[1:])
    for n, instalment in enumerate(result.instalments):
        month = first_due.month - 1 + n
        assert (instalment.due.year, instalment.due.month) == (first_due.year + month // 12, month % 12 + 1)
        assert instalment.due.day == first_due.day or (
            instalment.due.day < first_due.day and (instalment.due + timedelta(days=1)).day == 1
        )
    assert result.accepted == (count in allowed_counts(total_cents, POLICY))
