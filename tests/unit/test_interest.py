"""Statutory interest, fixed compensation and fee caps against worked examples from DOMAIN.md."""

import json
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.claim import ClaimType
from app.domain.interest import (
    RateUnavailable,
    fee_cap,
    fee_rule,
    fixed_compensation,
    statutory_interest,
)
from app.domain.rates import country_rules, eur_pln_by_month, series

B2B, B2C = ClaimType.B2B, ClaimType.B2C
D = Decimal


def interest(principal, due, today, country, claim_type=B2B, currency="EUR"):
    return statutory_interest(
        D(principal), due, today, country=country, claim_type=claim_type, currency=currency
    )


# --- interest ---------------------------------------------------------------------------------------


def test_slovenia_worked_example_by_hand():
    # 30 days (1 Feb to 2 Mar 2026) at ECB 2.15 % + 8 pp: 1000 * 0.1015 * 30 / 365 = 8.3424...
    result = interest("1000.00", date(2026, 1, 31), date(2026, 3, 2), "SI")
    (period,) = result.periods
    assert (period.start, period.end, period.days) == (date(2026, 2, 1), date(2026, 3, 2), 30)
    assert (period.reference_rate, period.margin, period.rate) == (D("2.15"), D("8"), D("10.15"))
    assert period.amount == result.total == D("8.34")
    assert result.currency == "EUR" and result.principal == D("1000.00")
    assert "Slovenia" in result.basis and "ZPreZP-1" in result.basis
    assert result.unverified is False


@pytest.mark.parametrize(("claim_type", "rate"), [(B2C, D("9.5")), (B2B, D("10.5"))])
def test_finland_first_half_of_2026_is_9_5_consumer_and_10_5_commercial(claim_type, rate):
    result = interest("1000.00", date(2025, 12, 31), date(2026, 6, 30), "FI", claim_type)
    (period,) = result.periods
    assert period.reference_rate == D("2.5")  # the ECB's 2.15 % rounded up to the next half point
    assert period.rate == rate
    assert period.days == 181
    assert period.amount == (D(1000) * rate * 181 / 36500).quantize(D("0.01"))


@pytest.mark.parametrize(
    ("ecb", "reference"),
    [("2.15", "2.5"), ("4.50", "4.5"), ("3.15", "3.5"), ("0.00", "0"), ("3.65", "4.0")],
)
def test_finnish_reference_rate_rounds_up_to_the_next_half_point(ecb, reference):
    from app.domain.interest import _round_up

    assert _round_up(D(ecb), D("0.5")) == D(reference)


def test_a_period_across_1_july_is_split_with_each_half_years_rate():
    # ECB on 1 Jan 2025: 3.15 %; on 1 Jul 2025: 2.15 %.
    result = interest("2000.00", date(2025, 6, 20), date(2025, 7, 15), "GR")
    first, second = result.periods
    assert (first.start, first.end, first.days, first.rate) == (
        date(2025, 6, 21),
        date(2025, 6, 30),
        10,
        D("11.15"),
    )
    assert (second.start, second.end, second.days, second.rate) == (
        date(2025, 7, 1),
        date(2025, 7, 15),
        15,
        D("10.15"),
    )
    assert first.amount == D("6.11")  # 2000 * 0.1115 * 10 / 365 = 6.109...
    assert second.amount == D("8.34")  # 2000 * 0.1015 * 15 / 365 = 8.342...
    assert result.total == first.amount + second.amount


def test_a_long_period_is_cut_at_every_half_year():
    result = interest("500.00", date(2024, 3, 31), date(2025, 8, 1), "SI")
    assert [p.start for p in result.periods] == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2025, 1, 1),
        date(2025, 7, 1),
    ]
    assert [p.rate for p in result.periods] == [D("12.50"), D("12.25"), D("11.15"), D("10.15")]
    assert sum(p.days for p in result.periods) == (date(2025, 8, 1) - date(2024, 3, 31)).days


def test_poland_commercial_interest_is_fixed_by_half_year_at_nbp_plus_10():
    # NBP cut to 5.25 % on 8 May 2025, but commercial interest keeps 1 January's 5.75 % until June.
    result = interest("10000.00", date(2025, 4, 30), date(2025, 7, 31), "PL", B2B, "PLN")
    first, second = result.periods
    assert (first.end, first.reference_rate, first.rate) == (date(2025, 6, 30), D("5.75"), D("15.75"))
    assert (second.start, second.reference_rate, second.rate) == (date(2025, 7, 1), D("5.25"), D("15.25"))


def test_poland_civil_law_interest_follows_every_nbp_change():
    result = interest("1000.00", date(2025, 5, 1), date(2025, 7, 10), "PL", B2C, "PLN")
    assert [(p.start, p.rate) for p in result.periods] == [
        (date(2025, 5, 2), D("11.25")),
        (date(2025, 5, 8), D("10.75")),
        (date(2025, 7, 3), D("10.50")),
    ]
    assert result.unverified  # DOMAIN.md marks the civil-law margin as partly unverified


def test_poland_commercial_margin_was_8_before_2020():
    result = interest("1000.00", date(2019, 12, 15), date(2020, 1, 15), "PL", B2B, "PLN")
    assert [p.margin for p in result.periods] == [D("8"), D("10")]
    assert [p.rate for p in result.periods] == [D("9.50"), D("11.50")]


@pytest.mark.parametrize("today", [date(2026, 1, 30), date(2026, 1, 31)])
def test_nothing_accrues_until_the_day_after_the_due_date(today):
    result = interest("1000.00", date(2026, 1, 31), today, "SI")
    assert result.periods == () and result.total == D("0.00")


def test_the_first_day_after_the_due_date_accrues_one_day():
    result = interest("36500.00", date(2026, 1, 31), date(2026, 2, 1), "SI")
    assert result.total == D("10.15")


def test_another_country_falls_back_to_the_directive_minimum():
    result = interest("1000.00", date(2026, 1, 31), date(2026, 3, 2), "DE")
    assert result.basis.startswith("Directive 2011/7/EU")
    assert result.periods[0].rate == D("10.15")
    compensation = fixed_compensation(
        D("1000"), date(2026, 1, 31), country="DE", claim_type=B2B, currency="EUR"
    )
    assert compensation.amount == D("40.00")
    assert compensation.basis.startswith("Directive 2011/7/EU")


def test_a_rate_assumed_unchanged_after_the_checked_data_is_flagged():
    checked = interest("1000.00", date(2026, 1, 31), date(2026, 6, 30), "SI")
    assumed = interest("1000.00", date(2026, 1, 31), date(2026, 7, 1), "SI")
    assert checked.unverified is False
    assert assumed.unverified is True


def test_a_date_before_the_data_raises_a_domain_error():
    with pytest.raises(RateUnavailable, match="data starts"):
        interest("1000.00", date(2014, 1, 1), date(2014, 2, 1), "SI")


def test_claim_type_may_be_a_plain_string_and_country_any_case():
    a = statutory_interest(
        D("100"), date(2025, 1, 1), date(2025, 2, 1), country="fi", claim_type="B2C", currency="EUR"
    )
    b = interest("100", date(2025, 1, 1), date(2025, 2, 1), "FI", B2C)
    assert a == b


def test_float_amounts_are_refused():
    with pytest.raises(TypeError):
        statutory_interest(
            100.0, date(2025, 1, 1), date(2025, 2, 1), country="SI", claim_type=B2B, currency="EUR"
        )


dates = st.dates(min_value=date(2016, 1, 1), max_value=date(2027, 12, 31))


@given(
    principal=st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False),
    due=dates,
    first_wait=st.integers(min_value=-30, max_value=1500),
    more=st.integers(min_value=0, max_value=400),
    country=st.sampled_from(["SI", "FI", "PL", "GR", "DE"]),
    claim_type=st.sampled_from([B2B, B2C]),
)
def test_interest_is_never_negative_and_never_falls_as_days_pass(
    principal, due, first_wait, more, country, claim_type
):
    earlier, later = due + timedelta(days=first_wait), due + timedelta(days=first_wait + more)
    a = statutory_interest(principal, due, earlier, country=country, claim_type=claim_type, currency="EUR")
    b = statutory_interest(principal, due, later, country=country, claim_type=claim_type, currency="EUR")
    assert D(0) <= a.total <= b.total
    assert a.total == sum(p.amount for p in a.periods)
    assert sum(p.days for p in b.periods) == max(0, (later - due).days)


# --- fixed compensation -----------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["SI", "GR", "FI"])
def test_eur_40_for_business_claims(country):
    result = fixed_compensation(
        D("123.45"), date(2026, 1, 31), country=country, claim_type=B2B, currency="EUR"
    )
    assert (result.amount, result.currency, result.unverified) == (D("40.00"), "EUR", False)


@pytest.mark.parametrize("country", ["SI", "GR", "FI", "PL", "DE"])
def test_consumers_owe_no_fixed_compensation(country):
    result = fixed_compensation(
        D("60000"), date(2026, 1, 31), country=country, claim_type=B2C, currency="EUR"
    )
    assert result.amount == D("0.00")


@pytest.mark.parametrize(
    ("principal", "euros"),
    [("5000.00", 40), ("5000.01", 70), ("49999.99", 70), ("50000.00", 100), ("250000", 100)],
)
def test_poland_compensation_bands_in_pln_at_the_rate_of_the_month_before(principal, euros):
    # Due 15 July 2025: the NBP mean rate of 30 June 2025 applies.
    june = eur_pln_by_month()["2025-06"]
    result = fixed_compensation(D(principal), date(2025, 7, 15), country="PL", claim_type=B2B, currency="PLN")
    assert result.currency == "PLN"
    assert result.amount == (euros * june.value).quantize(D("0.01"))
    assert "2025-06-30" in result.basis
    assert result.unverified is june.unverified


def test_poland_eur_claim_is_banded_by_its_pln_value():
    june = eur_pln_by_month()["2025-06"].value
    below = (D(5000) / june).quantize(D("0.01")) - D("0.01")
    result = fixed_compensation(below, date(2025, 7, 15), country="PL", claim_type=B2B, currency="EUR")
    assert result.amount == D("40.00")


def test_poland_falls_back_to_the_latest_earlier_month_and_says_so():
    table = eur_pln_by_month()
    latest = table[max(table)]
    result = fixed_compensation(D("100"), date(2099, 3, 15), country="PL", claim_type=B2B, currency="PLN")
    assert result.amount == (40 * latest.value).quantize(D("0.01"))
    assert "latest earlier" in result.basis and result.unverified


def test_poland_without_any_earlier_month_raises():
    with pytest.raises(RateUnavailable, match=r"eur_pln\.json"):
        fixed_compensation(D("100"), date(2020, 3, 15), country="PL", claim_type=B2B, currency="PLN")


# --- fee caps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "cap"),
    [
        ("0.01", 50),
        ("500", 50),
        ("500.01", 70),
        ("2500", 70),
        ("2500.01", 90),
        ("10000", 90),
        ("10000.01", 110),
    ],
)
def test_finnish_business_collection_charges_are_capped_by_principal(principal, cap):
    assert fee_cap("FI", B2B, D(principal), "collection") == D(cap)


def test_finnish_reminder_caps_and_timing():
    assert fee_cap("FI", B2C, D("1000"), "reminder") == D("5")
    assert fee_cap("FI", B2B, D("1000"), "reminder") == D("12")
    consumer = fee_rule("FI", B2C, "reminder")
    assert (consumer.min_days_after_due, consumer.min_days_between) == (14, 14)
    assert fee_rule("FI", B2B, "reminder").min_days_between == 10
    assert fee_rule("FI", B2C, "collection").min_days_after_due == 28


def test_no_cap_where_none_is_known():
    assert fee_cap("FI", B2C, D("1000"), "collection") is None
    assert fee_cap("SI", B2B, D("1000"), "reminder") is None
    assert fee_cap("DE", B2C, D("1000"), "collection") is None


def test_an_unknown_fee_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind"):
        fee_cap("FI", B2B, D("1000"), "penalty")


# --- the data itself --------------------------------------------------------------------------------


def test_every_figure_has_an_effective_date_and_a_source_and_unverified_ones_say_why():
    root = resources.files("app.domain.rates")
    names = sorted(p.name for p in root.iterdir() if p.name.endswith(".json"))
    assert {"si.json", "fi.json", "pl.json", "gr.json", "ecb.json", "nbp.json", "eur_pln.json"} <= set(names)
    for name in names:
        data = json.loads(root.joinpath(name).read_text(encoding="utf-8"))
        for figure in _figures(data):
            assert date.fromisoformat(figure["effective"]), (name, figure)
            assert figure.get("source") or data.get("source"), (name, figure)
            if figure.get("unverified"):
                assert figure.get("note"), (name, figure)


def _figures(node):
    if isinstance(node, dict):
        if "effective" in node:
            yield node
        for value in node.values():
            yield from _figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _figures(value)


def test_loaded_data_is_cached():
    assert series("ecb") is series("ecb")
    assert country_rules("SI") is country_rules("SI")


def test_the_ecb_rate_in_force_on_1_january_2026_is_2_15():
    assert series("ecb").at(date(2026, 1, 1)).value == D("2.15")
