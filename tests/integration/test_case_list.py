"""The creditor's case list: paged, filtered by phase and debtor, sorted by age or amount."""

from datetime import date
from decimal import Decimal

import pytest

from app.claims.operations import hand_over
from app.domain.case import Phase
from tests import factories as f


@pytest.fixture
def cases(services, organisation, monkeypatch):
    monkeypatch.setattr(services.clock, "today", lambda: date(2026, 11, 22))
    debtors = [
        ("Čeh Janez", "janez@ceh.si", Decimal("90.00"), date(2026, 11, 1)),
        ("Cerar Marija", "marija@cerar.si", Decimal("5000.00"), date(2026, 6, 1)),
        ("Novak Peter", "peter@novak.si", Decimal("700.00"), date(2026, 10, 15)),
        ("Kos Ana", "ana@kos.si", Decimal("40.00"), date(2026, 12, 31)),
        ("Zupan Luka", "luka@zupan.si", Decimal("1200.00"), date(2026, 9, 1)),
    ]
    incoming = [
        f.incoming(
            {"kind": "person", "name": name, "id_number": "", "email": email},
            principal=amount,
            issue_date=date(2026, 5, 1),
            due_date=due,
        )
        for name, email, amount, due in debtors
    ]
    hand_over(services, organisation, incoming, f.handover())
    return organisation.org_id


def names(page):
    return [c.debtor.name for c in page.cases]


def test_all_cases_by_age_oldest_first_across_phases(services, cases):
    page = services.case_list.page(cases, sort="age")
    assert names(page) == ["Cerar Marija", "Zupan Luka", "Novak Peter", "Čeh Janez", "Kos Ana"]
    assert page.next_cursor is None


def test_by_amount_largest_first_in_pages(services, cases):
    first = services.case_list.page(cases, sort="amount", limit=2)
    assert names(first) == ["Cerar Marija", "Zupan Luka"]
    second = services.case_list.page(cases, sort="amount", limit=2, cursor=first.next_cursor)
    assert names(second) == ["Novak Peter", "Čeh Janez"]
    third = services.case_list.page(cases, sort="amount", limit=2, cursor=second.next_cursor)
    assert names(third) == ["Kos Ana"] and third.next_cursor is None


def test_filter_by_phase(services, cases):
    assert names(services.case_list.page(cases, phase=Phase.LATE)) == ["Cerar Marija", "Zupan Luka"]
    assert names(services.case_list.page(cases, phase=Phase.NOT_YET_DUE)) == ["Kos Ana"]
    assert names(services.case_list.page(cases, phase=Phase.EARLY, sort="amount")) == [
        "Novak Peter",
        "Čeh Janez",
    ]


def test_filter_by_debtor_name_ignores_case_and_accents(services, cases):
    assert names(services.case_list.page(cases, debtor="ce")) == ["Cerar Marija", "Čeh Janez"]
    assert names(services.case_list.page(cases, debtor="CEH")) == ["Čeh Janez"]
    assert names(services.case_list.page(cases, debtor="ce", phase=Phase.LATE)) == ["Cerar Marija"]


def test_a_page_costs_the_same_however_many_cases_there_are(services, cases, count_requests):
    with count_requests() as counted:
        services.case_list.page(cases, sort="age", limit=2)
    assert counted.by_operation == {"Query": len(Phase)}


def test_a_phase_filter_on_a_debtor_search_fills_the_page(services, cases):
    # "c" matches Čeh (early), Cerar (late); only one late case: the page must not stop short.
    page = services.case_list.page(cases, debtor="c", phase=Phase.EARLY, limit=1)
    assert names(page) == ["Čeh Janez"]
    assert page.next_cursor is None
    first = services.case_list.page(cases, debtor="", sort="age", limit=1)
    assert first.next_cursor is not None
