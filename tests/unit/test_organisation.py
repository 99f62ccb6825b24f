from datetime import UTC, datetime

import pytest

from app.domain.errors import InvalidField
from app.domain.organisation import Address, Organisation

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
VALID = {
    "legal_name": "  Acme d.o.o. ",
    "country": "SI",
    "company_number": "5300231",
    "vat_number": "SI 1501 2557",
    "iban": "si56 1910 0000 0123 438",
    "bic": "bakosi2x",
    "address": Address("Slovenska 1", "1000", "Ljubljana"),
    "language": "sl",
    "currency": "EUR",
    "sender_email": "billing@acme.si",
}


def update(**changes):
    return Organisation.new("acme").updated(by="ana@acme.si", at=NOW, **{**VALID, **changes})


def test_valid_profile_is_stored_in_compact_form():
    org = update()
    assert org.legal_name == "Acme d.o.o."
    assert org.iban == "SI56191000000123438"
    assert org.vat_number == "SI15012557"
    assert org.bic == "BAKOSI2X"
    assert org.address.country == "SI"
    assert org.updated_by == "ana@acme.si" and org.updated_at == NOW
    assert org.is_complete


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"iban": "SI56 1910 0000 0123 439"}, "iban", "Not a valid IBAN"),
        ({"bic": "BAKO"}, "bic", "Not a valid BIC"),
        ({"company_number": "5300232"}, "company_number", "matična številka"),
        ({"country": "FI", "company_number": "2077474-1"}, "company_number", "Y-tunnus"),
        ({"country": "PL", "company_number": "123456786"}, "company_number", "REGON"),
        ({"country": "GR", "company_number": "094259217"}, "company_number", "ΑΦΜ"),
        ({"vat_number": "SI15012558"}, "vat_number", "VAT"),
        ({"country": "DE"}, "country", "Choose one of"),
        ({"currency": "USD"}, "currency", "Choose one of"),
        ({"language": "de"}, "language", "Choose one of"),
        ({"sender_email": "billing"}, "sender_email", "e-mail"),
        ({"legal_name": "  "}, "legal_name", "legal name"),
        ({"currency": "PLN"}, "iban", "Polish"),
    ],
)
def test_invalid_values_name_the_field_and_the_fix(changes, field, words):
    with pytest.raises(InvalidField) as caught:
        update(**changes)
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("country", "number", "compact"),
    [
        ("FI", "2077474-0", "20774740"),
        ("PL", "192598184", "192598184"),
        ("GR", "094259216", "094259216"),
    ],
)
def test_registry_numbers_of_each_first_market(country, number, compact):
    iban = "PL61109010140000071219812874" if country == "PL" else VALID["iban"]
    org = update(country=country, company_number=number, vat_number="", iban=iban)
    assert org.company_number == compact
    assert org.vat_number == ""


def test_greek_vat_number_takes_the_el_prefix():
    org = update(country="GR", company_number="094259216", vat_number="094259216")
    assert org.vat_number == "EL094259216"


def test_blank_profile_is_not_complete():
    assert not Organisation.new("acme").is_complete


def test_numbers_are_shown_as_people_write_them():
    from app.domain.organisation import format_company_number, format_iban

    assert format_company_number("FI", "20774740") == "2077474-0"
    assert format_company_number("SI", "5300231") == "5300231"
    assert format_iban("SI56191000000123438") == "SI56 1910 0000 0123 438"
