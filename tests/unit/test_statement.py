"""The case statement as a PDF, read back with pypdf: the invoices, the figures, Greek and the reference."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from pypdf import PdfReader

from app.debtor.statement import statement_pdf
from app.domain.balance import balance
from app.domain.case import Case, Phase
from app.domain.claim import ClaimType
from app.domain.organisation import Address, Organisation
from tests import factories

TODAY = date(2026, 3, 2)
REFERENCE = "RF18 5390 0754 7034"
GREEK = {
    "Statement of account": "Κατάσταση λογαριασμού",
    "Principal": "Κεφάλαιο",
    "Open invoices": "Ανεξόφλητα τιμολόγια",
    "Total to pay": "Σύνολο προς πληρωμή",
}


def creditor(**changes) -> Organisation:
    values = {
        "org_id": "lipa",
        "legal_name": "Elektro servis Lipa d.o.o.",
        "country": "SI",
        "company_number": "8123456000",
        "iban": "SI56263300012039086",
        "bic": "LJBASI2X",
        "address": Address("Celovška cesta 150", "1000", "Ljubljana", "SI"),
        "sender_email": "racunovodstvo@elektro-lipa.si",
    }
    values.update(changes)
    return Organisation(**values)


def make_case(*claims, **debtor_changes) -> Case:
    return Case(
        case_id="539007547034",
        org_id="lipa",
        debtor=factories.debtor(**debtor_changes),
        phase=Phase.EARLY,
        currency="EUR",
        outstanding=sum((c.outstanding for c in claims), Decimal(0)),
        claim_count=len(claims),
        oldest_due=min(c.due_date for c in claims),
        opened_at=datetime(2026, 2, 10, tzinfo=UTC),
        claims=claims,
    )


def one_claim_case(**debtor_changes) -> Case:
    return make_case(
        factories.claim(
            invoice_number="2026-00017",
            issue_date=date(2026, 1, 1),
            due_date=date(2026, 1, 31),
            principal=Decimal("1000.00"),
            description="Električna napeljava",
        ),
        **debtor_changes,
    )


def pdf_for(case: Case, *, locale="sl_SI", gettext=str, org=None) -> bytes:
    org = org or creditor()
    owed = balance(org.country, org.policy, case.claims, today=TODAY, currency=case.currency)
    return statement_pdf(
        creditor=org,
        case=case,
        balance=owed,
        today=TODAY,
        locale=locale,
        reference=REFERENCE,
        gettext=gettext,
    )


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Extraction may break a line where the PDF wraps it; compare on single, plain spaces.
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def test_a_slovenian_statement_shows_the_invoices_the_total_and_the_reference():
    pdf = pdf_for(one_claim_case())

    text = text_of(pdf)

    assert pdf.startswith(b"%PDF-")
    assert "2026-00017" in text and "Električna napeljava" in text
    # 1000.00 + 8.34 interest (30 days at 10.15 %) + 40.00 compensation, as test_balance works it out.
    assert "1.048,34 €" in text
    assert "8,34 €" in text and "40,00 €" in text and "10,15 %" in text
    assert REFERENCE in text
    assert "SI56 2633 0001 2039 086" in text and "LJBASI2X" in text
    assert "Elektro servis Lipa d.o.o." in text and "racunovodstvo@elektro-lipa.si" in text
    assert "Mizarstvo Kranjc d.o.o." in text and "Tržaška 2" in text
    assert "ZPreZP-1" in text  # the legal basis of the interest and of the compensation
    assert "539007547034" in text


def test_a_greek_statement_keeps_its_greek():
    case = one_claim_case(name="Μαρία Γεωργίου", street="Εγνατία 45", postcode="54630", city="Θεσσαλονίκη")

    text = text_of(pdf_for(case, locale="el_GR", gettext=lambda s: GREEK.get(s, s)))

    for words in (*GREEK.values(), "Μαρία Γεωργίου", "Θεσσαλονίκη"):
        assert words in text
    assert "1.048,34 €" in text
    assert "2026-00017" in text and REFERENCE in text


def test_every_label_goes_through_gettext():
    text = text_of(pdf_for(one_claim_case(), gettext=str.upper))

    for label in ("STATEMENT OF ACCOUNT", "OPEN INVOICES", "PRINCIPAL", "TOTAL TO PAY", "PAYMENT DETAILS"):
        assert label in text
    for label in ("Statement", "Invoice", "Principal", "Total", "Payment", "Compensation", "Company number"):
        assert label not in text


def test_the_labels_are_literal_calls_pybabel_extracts():
    path = Path(__file__).resolve().parents[2] / "app" / "debtor" / "statement.py"

    found = {message for _line, message, _comments, _context in extract_from_file("python", path)}

    assert {"Statement of account", "Principal", "Total to pay", "Company number", "Compensation"} <= found


def test_every_period_of_a_claim_is_listed_with_its_rate():
    # Due 15 Dec 2025: 16-31 Dec at ECB 2.15 % (1 Jul 2025) + 8 pp, then 1 Jan - 2 Mar 2026 at the same.
    # A Polish consumer claim instead shows each NBP change; here two Slovenian periods.
    older = factories.claim(
        invoice_number="2025-00900", due_date=date(2025, 12, 15), issue_date=date(2025, 12, 1)
    )
    newer = factories.claim(
        invoice_number="2026-00017", due_date=date(2026, 1, 31), issue_date=date(2026, 1, 1)
    )
    paid = factories.claim(
        invoice_number="2025-00800",
        due_date=date(2025, 12, 1),
        issue_date=date(2025, 11, 1),
        principal=Decimal("50.00"),
        paid=Decimal("50.00"),
    )

    text = text_of(pdf_for(make_case(older, newer, paid)))

    assert "2025-00900" in text and "2026-00017" in text
    assert "2025-00800" not in text  # paid: not an open invoice
    assert "16. dec. 2025 – 31. dec. 2025" in text and "1. jan. 2026 – 2. mar. 2026" in text


def test_payments_received_are_shown_as_a_deduction():
    case = make_case(
        factories.claim(
            invoice_number="2026-00017",
            due_date=date(2026, 1, 31),
            issue_date=date(2026, 1, 1),
            principal=Decimal("1000.00"),
            paid=Decimal("400.00"),
            claim_type=ClaimType.B2C,
        )
    )

    text = text_of(pdf_for(case, locale="en_IE"))

    assert "€1,000.00" in text and "-€400.00" in text
    # 1000.00 - 400.00 + 600 * 10.15 * 30 / 36500 = 5.005 -> 5.01; a consumer owes no compensation.
    assert "€605.01" in text


@pytest.mark.parametrize("locale", ["sl_SI", "el_GR"])
def test_the_same_statement_gives_the_same_bytes_and_fits_two_pages(locale):
    claims = [
        factories.claim(due_date=date(2026, 1, 10 + n), issue_date=date(2025, 12, 1)) for n in range(12)
    ]
    case = make_case(*claims)

    first, second = pdf_for(case, locale=locale), pdf_for(case, locale=locale)

    assert first == second
    reader = PdfReader(io.BytesIO(first))
    assert len(reader.pages) <= 2
    assert reader.metadata.creation_date == datetime(2026, 3, 2, tzinfo=UTC)
    assert reader.metadata.author == "Elektro servis Lipa d.o.o."


def test_with_interest_off_the_compensation_is_still_listed_per_invoice():
    org = creditor()
    org = replace(org, policy=replace(org.policy, charge_statutory_interest=False))

    text = text_of(pdf_for(one_claim_case(), org=org))

    assert "Statutory interest and fixed compensation" in text
    assert "2026-00017 40,00 €" in text
    assert "10,15 %" not in text
    assert "1.040,00 €" in text


def test_without_a_bic_the_row_is_left_out():
    text = text_of(pdf_for(one_claim_case(), org=creditor(bic="")))

    assert "BIC" not in text
