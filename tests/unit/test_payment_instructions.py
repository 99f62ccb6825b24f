"""Which ways to pay the debtor's page offers, and that each decodes back to this case and amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.payments.finland import parse_fi_virtual_barcode
from app.domain.payments.instructions import (
    CASE_ALPHABET,
    Payee,
    case_id_from_fi_reference,
    case_number,
    instructions,
)
from app.domain.payments.reference import case_id_from_rf
from app.domain.payments.slovenia import Party

SI = Payee("Zobna ordinacija Novak d.o.o.", "SI56191000000123438", "", "Slovenska 1", "1000 Ljubljana")
FI = Payee(
    "Hammaslääkäri Virtanen Oy", "FI2112345600000785", "NDEAFIHH", "Mannerheimintie 1", "00100 Helsinki"
)
PL = Payee(
    "Gabinet Kowalski sp. z o.o.", "PL61109010140000071219812874", "", "ul. Długa 1", "00-001 Warszawa"
)


def test_a_slovenian_debtor_gets_sepa_qr_and_upn_qr_with_the_same_rf_reference():
    pay = instructions(
        SI,
        case_id="XK3ABCD789",
        amount=Decimal("281.24"),
        currency="EUR",
        debtor_country="SI",
        payer=Party("Marija Kovač", "Gosposka ulica 5", "2000 Maribor"),
        due=date(2026, 12, 6),
    )
    assert case_id_from_rf(pay.reference) == "XK3ABCD789"
    assert pay.reference_display.startswith("RF") and " " in pay.reference_display
    epc = pay.epc.split("\n")
    assert epc[:4] == ["BCD", "002", "1", "SCT"]
    assert epc[5:10] == [
        "Zobna ordinacija Novak d.o.o.",
        "SI56191000000123438",
        "EUR281.24",
        "",
        pay.reference,
    ]
    upn = pay.upn.decode("iso-8859-2").split("\n")
    assert upn[0] == "UPNQR"
    assert upn[5:8] == ["Marija Kovač", "Gosposka ulica 5", "2000 Maribor"]
    assert upn[8] == "00000028124"  # cents, 11 digits
    assert upn[13] == "06.12.2026"
    assert upn[14:16] == ["SI56191000000123438", pay.reference]
    assert not pay.fi_reference and not pay.pl_code


def test_a_finnish_account_adds_the_national_reference_and_the_virtual_barcode():
    pay = instructions(
        FI,
        case_id="XK3ABCD789",
        amount=Decimal("95.50"),
        currency="EUR",
        debtor_country="FI",
        due=date(2026, 12, 6),
    )
    assert case_id_from_fi_reference(pay.fi_reference) == "XK3ABCD789"
    barcode = parse_fi_virtual_barcode(pay.fi_barcode)
    assert barcode.iban == "FI2112345600000785"
    assert barcode.amount == Decimal("95.50")
    assert barcode.due == date(2026, 12, 6)
    assert barcode.reference == pay.fi_reference.replace(" ", "")
    assert not pay.upn  # UPN is for Slovenian debtors only


def test_zloty_to_a_polish_account_gets_the_transfer_code_up_to_its_limit():
    pay = instructions(
        PL, case_id="XK3ABCD789", amount=Decimal("1234.56"), currency="PLN", debtor_country="PL"
    )
    fields = pay.pl_code.split("|")
    assert fields[2] == "61109010140000071219812874" == pay.pl_nrb
    assert fields[3] == "123456"
    assert fields[5] == pay.reference
    assert not pay.epc  # the SEPA QR is for euro only
    large = instructions(
        PL, case_id="XK3ABCD789", amount=Decimal("12345.67"), currency="PLN", debtor_country="PL"
    )
    assert large.pl_code == "" and large.pl_nrb  # the account and the title are still printed


def test_a_name_the_upn_cannot_carry_leaves_only_that_form_out():
    pay = instructions(
        SI,
        case_id="XK3ABCD789",
        amount=Decimal("10"),
        currency="EUR",
        debtor_country="SI",
        payer=Party("Γιώργος Παπαδόπουλος", "Πατησίων 12", "10434 Αθήνα"),
    )
    assert pay.upn == b"" and pay.epc and pay.reference


@given(st.text(alphabet=CASE_ALPHABET, min_size=10, max_size=10))
def test_every_case_id_has_a_finnish_reference_that_leads_back_to_it(case_id):
    number = case_number(case_id)
    assert number.isdigit() and len(number) <= 19
    pay = instructions(FI, case_id=case_id, amount=Decimal("1"), currency="EUR", debtor_country="FI")
    assert case_id_from_fi_reference(pay.fi_reference) == case_id


def test_a_case_id_outside_the_alphabet_is_refused():
    from app.domain.errors import InvalidField

    with pytest.raises(InvalidField):
        case_number("ABC-1")
