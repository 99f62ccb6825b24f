from datetime import date, datetime
from decimal import Decimal

import pytest

from app.domain.claim import ClaimType
from app.domain.debtor import DebtorKind
from app.domain.intake.columns import map_headers
from app.domain.intake.rows import Defaults, ParsedClaim, RejectedRow, escape_for_spreadsheet, parse_row

from .helpers import SI

COLUMNS = [
    "Debtor type", "Debtor name", "Debtor ID", "E-mail", "Phone", "Country", "Invoice number", "Issue date",
    "Due date", "Amount", "Currency", "Claim type", "Paid amount", "Description", "Postcode",
]  # fmt: skip
COLUMN_MAP = map_headers(COLUMNS)


def row(**cells: object) -> list[object]:
    values = {
        "Debtor name": "Primer d.o.o.",
        "Debtor ID": "15012557",
        "Invoice number": "2026-001",
        "Issue date": "15.01.2026",
        "Due date": "14.02.2026",
        "Amount": "1.234,56",
    }
    values.update({key.replace("_", " "): value for key, value in cells.items()})
    return [values.get(header, "") for header in COLUMNS]


def parse(defaults: Defaults = SI, **cells: object):
    return parse_row(7, row(**cells), COLUMN_MAP, defaults)


def test_a_valid_row_becomes_a_validated_debtor_and_claim():
    result = parse(**{"Phone": "041 123 456", "E-mail": " Racuni@Primer.SI "})
    assert isinstance(result, ParsedClaim) and result.ok
    assert result.row_number == 7
    assert result.debtor.kind is DebtorKind.COMPANY  # "d.o.o."
    assert result.debtor.country == "SI" and result.debtor.language == "sl"
    assert result.debtor.phone == "+38641123456"
    assert result.debtor.email == "racuni@primer.si"
    assert result.claim.principal == Decimal("1234.56")
    assert result.claim.currency == "EUR"
    assert result.claim.claim_type is ClaimType.B2B
    assert result.claim.due_date == date(2026, 2, 14)
    assert result.warnings == ()


def test_every_problem_of_a_row_is_reported_not_just_the_first():
    result = parse(
        **{
            "Debtor name": "",
            "Debtor ID": "15012558",
            "E-mail": "not-an-address",
            "Due date": "31.02.2026",
            "Amount": "-5",
            "Currency": "USD",
        }
    )
    assert isinstance(result, RejectedRow) and not result.ok
    by_column = {p.column: p for p in result.problems}
    assert set(by_column) == {"Debtor name", "Debtor ID", "E-mail", "Due date", "Amount", "Currency"}
    assert by_column["Due date"].message == "31.02.2026 is not a date: February 2026 has 28 days."
    assert by_column["Due date"].value == "31.02.2026"
    assert by_column["Due date"].row == 7
    assert "must be positive" in by_column["Amount"].message
    assert all(p.fix and p.severity == "error" for p in result.problems)


def test_an_ambiguous_amount_rejects_the_row_and_says_how_to_write_it():
    result = parse(Amount="1,234")
    [problem] = result.problems
    assert "ambiguous" in problem.message and "1234 or 1234,00" in problem.fix


@pytest.mark.parametrize(
    ("country", "kind", "valid", "invalid", "label"),
    [
        ("SI", "company", "5300231000", "5300232000", "matična številka or davčna številka"),
        ("SI", "person", "0101006500006", "0101006500007", "davčna številka or EMŠO"),
        ("FI", "company", "2077474-0", "2077474-1", "Y-tunnus"),
        ("FI", "person", "131052-308T", "131052-308U", "henkilötunnus"),
        ("PL", "company", "8567346215", "8567346216", "NIP or REGON"),
        ("PL", "person", "44051401359", "44051401358", "PESEL or NIP"),
        ("GR", "company", "094259216", "094259217", "ΑΦΜ"),
        ("GR", "person", "023456780", "023456781", "ΑΦΜ"),
    ],
)
def test_identification_numbers_per_country(country, kind, valid, invalid, label):
    cells = {"Country": country, "Debtor type": kind, "Currency": "EUR"}
    assert parse(**cells, **{"Debtor ID": valid}).ok
    result = parse(**cells, **{"Debtor ID": invalid})
    [problem] = result.problems
    assert problem.column == "Debtor ID"
    assert problem.value == invalid
    assert problem.message == f"'{invalid}' is not a valid {label} for a {kind} in {country}."


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("person", DebtorKind.PERSON),
        ("Fizična oseba", DebtorKind.PERSON),
        ("yksityishenkilö", DebtorKind.PERSON),
        ("osoba fizyczna", DebtorKind.PERSON),
        ("Φυσικό πρόσωπο", DebtorKind.PERSON),
        ("company", DebtorKind.COMPANY),
        ("pravna oseba", DebtorKind.COMPANY),
        ("yritys", DebtorKind.COMPANY),
        ("firma", DebtorKind.COMPANY),
        ("ΕΤΑΙΡΕΙΑ", DebtorKind.COMPANY),
    ],
)
def test_debtor_type_words_in_five_languages(word, kind):
    result = parse(**{"Debtor type": word, "Debtor name": "Janez Novak"})
    assert result.debtor.kind is kind
    assert result.claim.claim_type is (ClaimType.B2B if kind is DebtorKind.COMPANY else ClaimType.B2C)


@pytest.mark.parametrize(
    ("name", "country", "id_number", "kind"),
    [
        ("Janez Novak", "SI", "15012557", DebtorKind.PERSON),  # a davčna številka: anyone has one
        ("Janez Novak s.p.", "SI", "15012557", DebtorKind.COMPANY),
        ("Kone Oyj", "FI", "", DebtorKind.COMPANY),
        ("Matti Meikäläinen", "FI", "2077474-0", DebtorKind.COMPANY),  # a Y-tunnus
        ("Jan Kowalski", "PL", "8567346215", DebtorKind.COMPANY),  # a NIP: a business in Poland
        ("Jan Kowalski", "PL", "44051401359", DebtorKind.PERSON),  # a PESEL
        ("Przykład sp. z o.o.", "PL", "", DebtorKind.COMPANY),
        ("ΑΛΦΑ Α.Ε.", "GR", "094259216", DebtorKind.COMPANY),
        ("ΒΗΤΑ ΙΚΕ", "GR", "094259216", DebtorKind.COMPANY),
        ("Γιώργος Παπαδόπουλος", "GR", "094259216", DebtorKind.PERSON),
    ],
)
def test_person_or_company_when_the_file_does_not_say(name, country, id_number, kind):
    cells = {"Debtor name": name, "Country": country, "Debtor ID": id_number, "E-mail": "a@example.com"}
    result = parse(**cells)
    assert result.ok, result
    assert result.debtor.kind is kind


def test_claim_type_can_be_given_and_must_be_known():
    assert parse(**{"Claim type": "b2c"}).claim.claim_type is ClaimType.B2C
    [problem] = parse(**{"Claim type": "B2X"}).problems
    assert problem.column == "Claim type"


def test_an_unknown_debtor_type_is_a_problem():
    [problem] = parse(**{"Debtor type": "alien"}).problems
    assert problem.column == "Debtor type" and "neither a person nor a company" in problem.message


@pytest.mark.parametrize(
    ("cells", "country", "currency", "language"),
    [
        ({}, "SI", "EUR", "sl"),
        ({"Country": "Polska", "Currency": "zł", "Debtor ID": "8567346215"}, "PL", "PLN", "pl"),
        ({"Country": "EL", "Debtor ID": "094259216"}, "GR", "EUR", "el"),  # the Greek VAT prefix
        ({"Country": "Suomi", "Debtor ID": "2077474-0", "Amount": "1 234,56 €"}, "FI", "EUR", "fi"),
        ({"Country": "AT", "Debtor ID": "ATU12345678"}, "AT", "EUR", "sl"),  # no language for AT: creditor's
    ],
)
def test_defaults_and_country_names(cells, country, currency, language):
    result = parse(**cells)
    assert result.ok, result
    assert (result.debtor.country, result.claim.currency, result.debtor.language) == (
        country,
        currency,
        language,
    )


def test_the_creditors_defaults_fill_empty_cells():
    polish_creditor = Defaults(country="PL", currency="PLN", language="pl")
    result = parse(polish_creditor, **{"Debtor ID": "8567346215"})
    assert (result.debtor.country, result.claim.currency) == ("PL", "PLN")


def test_currency_conflicts_and_unknown_countries():
    result = parse(Amount="100 zł", Currency="EUR", Country="Atlantis")
    assert {p.column for p in result.problems} == {"Currency", "Country"}


def test_issue_date_defaults_to_the_due_date_and_may_not_be_after_it():
    assert parse(**{"Issue date": ""}).claim.issue_date == date(2026, 2, 14)
    [problem] = parse(**{"Issue date": "2026-03-01"}).problems
    assert problem.column == "Due date" and "before the issue date" in problem.message


def test_paid_amounts():
    assert parse(**{"Paid amount": "234,56"}).claim.outstanding == Decimal("1000.00")
    assert parse(**{"Paid amount": "0"}).claim.paid == 0
    [problem] = parse(**{"Paid amount": "1234,56"}).problems
    assert problem.column == "Paid amount" and "nothing to collect" in problem.message


def test_an_email_alone_identifies_a_debtor_but_one_of_the_two_is_needed():
    assert parse(**{"Debtor ID": "", "E-mail": "novak@example.si"}).ok
    [problem] = parse(**{"Debtor ID": ""}).problems
    assert problem.column == "Debtor ID" and "Neither" in problem.message


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tfoo", "\rbar"])
def test_formula_like_text_is_kept_with_a_warning_that_does_not_reject_the_row(value):
    result = parse(Description=value)
    assert result.ok
    [warning] = result.warnings
    assert warning.severity == "warning" and warning.column == "Description"
    assert "formula" in warning.message
    assert result.claim.description == " ".join(value.split())
    assert escape_for_spreadsheet(value) == "'" + value


def test_numbers_and_phone_numbers_are_not_formula_warnings():
    result = parse(Amount="+1234,56", Phone="+386 41 123 456")
    assert result.ok and result.warnings == ()
    negative = parse(Amount="-5")
    assert [p.severity for p in negative.problems] == ["error"]


def test_a_formula_in_an_amount_is_an_error_and_a_warning():
    result = parse(Amount="=A1*2")
    assert sorted(p.severity for p in result.problems) == ["error", "warning"]


def test_escape_for_spreadsheet_leaves_ordinary_text_alone():
    assert escape_for_spreadsheet("Primer d.o.o.") == "Primer d.o.o."
    assert escape_for_spreadsheet("") == ""
    assert escape_for_spreadsheet("=1+1") == "'=1+1"


def test_values_beyond_the_header_mean_a_separator_problem():
    cells = [*row(), "56"]  # e.g. "1234,56" split by a comma separator
    result = parse_row(3, cells, COLUMN_MAP, SI)
    [problem] = result.problems
    assert problem.column == "column P" and problem.value == "56"
    assert "quotes" in problem.fix
    assert parse_row(3, [*row(), "", "  "], COLUMN_MAP, SI).ok


def test_excel_cells_numbers_dates_and_lost_leading_zeros():
    cells = row(
        **{
            "Debtor ID": 2270803624,  # the PESEL 02270803624 typed into a number cell
            "Debtor name": "Jan Kowalski",
            "Country": "PL",
            "Currency": "PLN",
            "Invoice number": 20260001,
            "Issue date": datetime(2026, 1, 15),
            "Due date": datetime(2026, 2, 14),
            "Amount": 1234.56,
            "Paid amount": 100,
            "Postcode": 10564.0,
        }
    )
    result = parse_row(2, cells, COLUMN_MAP, SI)
    assert result.ok, result
    assert result.debtor.id_number == "02270803624"
    assert result.debtor.kind is DebtorKind.PERSON
    assert result.claim.invoice_number == "20260001"
    assert result.claim.principal == Decimal("1234.56") and result.claim.paid == Decimal("100")
    assert result.debtor.postcode == "10564"
    [warning] = result.warnings
    assert warning.message == "The number 2270803624 was read as 02270803624: Excel drops leading zeros."
    assert warning.severity == "warning"


def test_a_greek_afm_that_lost_its_leading_zero():
    result = parse(Country="GR", **{"Debtor ID": 23456780})
    assert result.debtor.id_number == "023456780"


def test_a_finnish_postcode_keeps_its_zeros():
    result = parse(Country="FI", Postcode=100, **{"Debtor ID": "2077474-0"})
    assert result.debtor.postcode == "00100"


def test_an_invoice_number_excel_turned_into_a_date():
    [problem] = parse(**{"Invoice number": datetime(2026, 1, 1)}).problems
    assert problem.column == "Invoice number" and "into a date" in problem.message
