"""The debtor's balance per country against worked examples, by hand from the rate data in app/domain/rates.

Each expected figure is written out as arithmetic: simple interest, actual days / 365, each period
rounded to cents on its own (ROUND_HALF_UP), as ``tests/unit/test_interest.py`` pins them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.domain.balance import Balance, balance
from app.domain.claim import ClaimType
from app.domain.errors import DomainError
from app.domain.policy import CollectionPolicy
from app.domain.rates import eur_pln_by_month
from tests import factories

B2B, B2C = ClaimType.B2B, ClaimType.B2C
D = Decimal
POLICY = CollectionPolicy()


def claim(principal, due, claim_type=B2B, currency="EUR", paid="0", number=None):
    return factories.claim(
        invoice_number=number or f"INV-{principal}",
        issue_date=date(2025, 1, 1),
        due_date=due,
        principal=D(principal),
        paid=D(paid),
        claim_type=claim_type,
        currency=currency,
    )


def test_slovenia_business_claim():
    # ECB 2.15 % on 1 Jan 2026 + 8 pp = 10.15 %; 1 Feb to 2 Mar 2026 is 30 days:
    # 1000.00 * 10.15 * 30 / 36500 = 8.342... -> 8.34. ZPreZP-1: EUR 40 compensation.
    # Total 1000.00 + 8.34 + 40.00 = 1048.34.
    result = balance("SI", POLICY, [claim("1000.00", date(2026, 1, 31))], today=date(2026, 3, 2))

    (line,) = result.interest_lines
    assert (line.start, line.end, line.days, line.rate, line.amount) == (
        date(2026, 2, 1),
        date(2026, 3, 2),
        30,
        D("10.15"),
        D("8.34"),
    )
    assert line.invoice_number == "INV-1000.00" and line.outstanding == D("1000.00")
    assert "Slovenia" in line.basis and len(line.periods) == 1
    (compensation,) = result.compensation_lines
    assert compensation.amount == D("40.00") and "ZPreZP-1" in compensation.basis
    assert (result.currency, result.principal, result.paid, result.fees) == ("EUR", D("1000.00"), 0, 0)
    assert result.interest == D("8.34") and result.compensation == D("40.00")
    assert result.total == D("1048.34") and result.total_cents == 104834
    assert result.interest_rate == D("10.15") and result.commercial and not result.unverified


def test_finland_consumer_claim():
    # Reference rate: ECB 2.15 % rounded up to 2.5 %, + 7 pp = 9.5 % for 1.1.-30.6.2026 (Suomen Pankki).
    # 1 Jan to 30 Jun 2026 is 181 days: 1000.00 * 9.5 * 181 / 36500 = 47.109... -> 47.11.
    # Consumers owe no fixed compensation. Total 1047.11.
    result = balance("FI", POLICY, [claim("1000.00", date(2025, 12, 31), B2C)], today=date(2026, 6, 30))

    (line,) = result.interest_lines
    assert (line.days, line.rate, line.amount) == (181, D("9.5"), D("47.11"))
    assert "Korkolaki" in line.basis
    assert result.compensation_lines == () and not result.commercial
    assert result.total == D("1047.11")


def test_poland_consumer_claim_follows_every_nbp_change():
    # Civil-law interest, NBP + 5.5 pp, changing with the NBP rate (nbp.json):
    #   2 May - 7 May 2025,   6 days at 5.75 + 5.5 = 11.25 %: 1000 * 11.25 * 6 / 36500 = 1.849 -> 1.85
    #   8 May - 2 Jul 2025,  56 days at 5.25 + 5.5 = 10.75 %: 1000 * 10.75 * 56 / 36500 = 16.493 -> 16.49
    #   3 Jul - 10 Jul 2025,  8 days at 5.00 + 5.5 = 10.50 %: 1000 * 10.50 * 8 / 36500 = 2.301 -> 2.30
    # Interest 1.85 + 16.49 + 2.30 = 20.64; no compensation for a consumer. Total 1020.64 PLN.
    result = balance("PL", POLICY, [claim("1000.00", date(2025, 5, 1), B2C, "PLN")], today=date(2025, 7, 10))

    (line,) = result.interest_lines
    assert [(p.days, p.rate, p.amount) for p in line.periods] == [
        (6, D("11.25"), D("1.85")),
        (56, D("10.75"), D("16.49")),
        (8, D("10.50"), D("2.30")),
    ]
    assert (line.start, line.end, line.days, line.rate) == (
        date(2025, 5, 2),
        date(2025, 7, 10),
        70,
        D("10.50"),
    )
    assert line.amount == D("20.64")
    assert line.unverified  # DOMAIN.md marks the consumer margin partly unverified
    assert result.currency == "PLN" and result.compensation_lines == ()
    assert result.total == D("1020.64")


def test_poland_business_claim_fixed_by_half_year_with_banded_compensation():
    # Commercial interest, NBP rate on 1 January / 1 July + 10 pp:
    #   1 May - 30 Jun 2025, 61 days at 5.75 + 10 = 15.75 %: 10000 * 15.75 * 61 / 36500 = 263.219 -> 263.22
    #   1 Jul - 31 Jul 2025, 31 days at 5.25 + 10 = 15.25 %: 10000 * 15.25 * 31 / 36500 = 129.520 -> 129.52
    # Interest 392.74. PLN 10,000 is above 5,000 and below 50,000: EUR 70 at the NBP mean rate of the
    # month before the due date (March 2025, 4.1839): 70 * 4.1839 = 292.873 -> 292.87 PLN.
    # Total 10000.00 + 392.74 + 292.87 = 10685.61 PLN.
    assert eur_pln_by_month()["2025-03"].value == D("4.1839")
    result = balance(
        "PL", POLICY, [claim("10000.00", date(2025, 4, 30), B2B, "PLN")], today=date(2025, 7, 31)
    )

    (line,) = result.interest_lines
    assert [(p.days, p.rate, p.amount) for p in line.periods] == [
        (61, D("15.75"), D("263.22")),
        (31, D("15.25"), D("129.52")),
    ]
    assert line.amount == D("392.74") and line.rate == D("15.25")
    (compensation,) = result.compensation_lines
    assert compensation.amount == D("292.87") and compensation.unverified  # the EUR/PLN table is approximate
    assert result.unverified
    assert result.total == D("10685.61")


def test_greece_business_claim_across_1_july():
    # ECB 3.15 % on 1 Jan 2025 and 2.15 % on 1 Jul 2025, + 8 pp (Law 4152/2013):
    #   21 - 30 Jun 2025, 10 days at 11.15 %: 2000 * 11.15 * 10 / 36500 = 6.109 -> 6.11
    #   1 - 15 Jul 2025,  15 days at 10.15 %: 2000 * 10.15 * 15 / 36500 = 8.342 -> 8.34
    # Interest 14.45, EUR 40 compensation. Total 2000.00 + 14.45 + 40.00 = 2054.45.
    result = balance("GR", POLICY, [claim("2000.00", date(2025, 6, 20))], today=date(2025, 7, 15))

    (line,) = result.interest_lines
    assert (line.start, line.end, line.days, line.rate, line.amount) == (
        date(2025, 6, 21),
        date(2025, 7, 15),
        25,
        D("10.15"),
        D("14.45"),
    )
    assert "Law 4152/2013" in line.basis
    assert result.compensation == D("40.00")
    assert result.total == D("2054.45")


def test_interest_runs_on_what_is_left_of_a_partly_paid_claim():
    # 600.00 outstanding of 1000.00 (SI, as above): 600 * 10.15 * 30 / 36500 = 5.005... -> 5.01.
    # Total 1000.00 - 400.00 + 5.01 + 40.00 = 645.01.
    result = balance(
        "SI", POLICY, [claim("1000.00", date(2026, 1, 31), paid="400.00")], today=date(2026, 3, 2)
    )

    (line,) = result.interest_lines
    assert line.outstanding == D("600.00") and line.amount == D("5.01")
    assert (result.principal, result.paid) == (D("1000.00"), D("400.00"))
    assert result.total == D("645.01")


def test_a_paid_claim_is_left_out():
    open_claim = claim("1000.00", date(2026, 1, 31), number="OPEN-1")
    paid = claim("500.00", date(2026, 1, 15), paid="500.00", number="PAID-1")

    result = balance("SI", POLICY, [paid, open_claim], today=date(2026, 3, 2))

    assert result.claims == (open_claim,)
    assert [line.invoice_number for line in result.interest_lines] == ["OPEN-1"]
    assert [line.invoice_number for line in result.compensation_lines] == ["OPEN-1"]
    assert (result.principal, result.paid, result.total) == (D("1000.00"), 0, D("1048.34"))


def test_fees_are_added_to_the_total():
    result = balance(
        "SI", POLICY, [claim("1000.00", date(2026, 1, 31))], today=date(2026, 3, 2), fees=D("15.00")
    )

    assert result.fees == D("15.00")
    assert result.total == D("1063.34")  # 1048.34 + 15.00


def test_interest_off_by_policy():
    policy = replace(POLICY, charge_statutory_interest=False)

    result = balance("SI", policy, [claim("1000.00", date(2026, 1, 31))], today=date(2026, 3, 2))

    assert result.interest_lines == () and result.interest == 0 and result.interest_rate == 0
    assert result.total == D("1040.00")


def test_compensation_off_by_policy():
    policy = replace(POLICY, charge_fixed_compensation=False)

    result = balance("SI", policy, [claim("1000.00", date(2026, 1, 31))], today=date(2026, 3, 2))

    assert result.compensation_lines == ()
    assert result.total == D("1008.34")


def test_a_claim_not_yet_late_bears_no_interest():
    result = balance("SI", POLICY, [claim("1000.00", date(2026, 3, 2), B2C)], today=date(2026, 3, 2))

    assert result.interest_lines == ()
    assert result.total == D("1000.00")


def test_claims_are_listed_oldest_due_first_and_each_has_its_line():
    late = claim("300.00", date(2026, 1, 31), number="B")
    older = claim("200.00", date(2026, 1, 15), number="A")

    result = balance("GR", POLICY, [late, older], today=date(2026, 3, 2))

    assert [c.invoice_number for c in result.claims] == ["A", "B"]
    assert [line.invoice_number for line in result.interest_lines] == ["A", "B"]
    assert result.interest == sum(line.amount for line in result.interest_lines)
    assert result.compensation == D("80.00")


def test_the_creditors_country_decides_the_law():
    fi = balance("FI", POLICY, [claim("1000.00", date(2025, 12, 31), B2C)], today=date(2026, 6, 30))
    si = balance("SI", POLICY, [claim("1000.00", date(2025, 12, 31), B2C)], today=date(2026, 6, 30))

    assert (fi.interest_rate, si.interest_rate) == (D("9.5"), D("10.15"))


def test_the_currency_is_the_cases_and_an_empty_case_needs_it():
    assert balance("SI", POLICY, [], today=date(2026, 3, 2), currency="EUR") == Balance(
        "EUR", D(0), (), (), D(0), D(0)
    )
    with pytest.raises(DomainError, match="currency"):
        balance("SI", POLICY, [], today=date(2026, 3, 2))


def test_claims_in_another_currency_than_the_cases_are_refused():
    with pytest.raises(DomainError, match="two currencies"):
        balance("PL", POLICY, [claim("100.00", date(2026, 1, 31))], today=date(2026, 3, 2), currency="PLN")


def test_total_cents_rounds_fees_given_in_fractions_of_a_cent():
    result = balance(
        "SI", POLICY, [claim("1000.00", date(2026, 3, 2), B2C)], today=date(2026, 3, 2), fees=D("0.005")
    )

    assert result.total == D("1000.005") and result.total_cents == 100001
