"""Payment instruments on the debtor page: references and payloads, against published examples."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iso11649

from app.domain.errors import InvalidField
from app.domain.payments.epc import MAX_BYTES, epc_payload
from app.domain.payments.finland import (
    VirtualBarcode,
    fi_reference,
    fi_virtual_barcode,
    format_fi_reference,
    parse_fi_virtual_barcode,
    validate_fi_reference,
)
from app.domain.payments.poland import pl_nrb, pl_transfer_code
from app.domain.payments.reference import case_id_from_rf, format_rf, rf_reference, validate_rf
from app.domain.payments.slovenia import Party, upn_payload

D = Decimal
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
CASE_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as app/adapters/dynamo/cases.py draws them
IBAN_AT = "AT611904300234573201"
IBAN_SI = "SI56 0510 0801 0486 080"
IBAN_FI = "FI79 4405 2020 0360 82"
IBAN_PL = "PL61109010140000071219812874"


# --- RF creditor reference ----------------------------------------------------------------------


def test_the_standards_own_example_round_trips():
    assert rf_reference("539007547034") == "RF18539007547034"
    assert format_rf("RF18539007547034") == "RF18 5390 0754 7034"
    assert case_id_from_rf("RF18 5390 0754 7034") == "539007547034"
    assert case_id_from_rf("rf18539007547034") == "539007547034"


def test_finance_finlands_rf_examples_are_reproduced():
    # From the bank barcode guide: national references wrapped as RF references.
    assert rf_reference("868516259619897") == "RF09868516259619897"
    assert rf_reference("590738390") == "RF66590738390"


def test_a_case_id_maps_to_a_reference_and_back():
    ref = rf_reference("k7pq2xwz9m")
    assert iso11649.validate(ref) == ref
    assert ref.startswith("RF") and ref.endswith("K7PQ2XWZ9M")
    assert case_id_from_rf(format_rf(ref)) == "K7PQ2XWZ9M"


@pytest.mark.parametrize(
    "reference", ["RF17539007547034", "RF18539007547043", "RF18", "XX18539007547034", ""]
)
def test_a_mistyped_reference_finds_no_case(reference):
    assert case_id_from_rf(reference) is None
    with pytest.raises(InvalidField):
        validate_rf(reference)


@pytest.mark.parametrize("case_id", ["", "AB-CD", "ABC DEF", "Ä1", "A" * 22])
def test_a_case_id_that_cannot_be_a_reference_body_is_refused(case_id):
    with pytest.raises(InvalidField) as err:
        rf_reference(case_id)
    assert err.value.field == "reference"


@given(st.text(alphabet=ALNUM, min_size=1, max_size=21))
def test_every_body_round_trips_through_a_valid_reference(body):
    ref = rf_reference(body)
    assert iso11649.validate(ref) == ref
    assert len(ref) == len(body) + 4
    printed = format_rf(ref)
    assert all(len(group) <= 4 for group in printed.split(" "))
    assert case_id_from_rf(printed) == body


@given(st.text(alphabet=CASE_ID_ALPHABET, min_size=10, max_size=10), st.data())
def test_a_letter_for_a_letter_or_a_digit_for_a_digit_is_always_detected(case_id, data):
    # Either swap changes the MOD 97 number by (a - b) * 10^k with 0 < |a - b| < 97: never a multiple.
    ref = rf_reference(case_id)
    i = data.draw(st.integers(4, len(ref) - 1))
    same_kind = "0123456789" if ref[i].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    other = data.draw(st.sampled_from(same_kind).filter(lambda c: c != ref[i]))
    assert case_id_from_rf(ref[:i] + other + ref[i + 1 :]) is None


def test_a_letter_read_as_a_digit_can_slip_through():
    # Letters count as two digits, so a letter/digit mix-up shifts the number and ~1 in 97 pass:
    # a matched case id must still exist and fit the payment before money is booked to it.
    assert case_id_from_rf("RF08PV3Q3T8222") == "PV3Q3T8222"
    assert rf_reference("PV3Q3TD222") == "RF08PV3Q3TD222"


# --- EPC SEPA QR ----------------------------------------------------------------------------------


def epc(**overrides):
    args = {"name": "Collect Oy", "iban": "AT61 1904 3002 3457 3201", "amount": D("12.34"), "currency": "EUR"}
    return epc_payload(**(args | overrides))


def test_epc_payload_with_a_reference_decodes_field_by_field():
    payload = epc(reference="RF18 5390 0754 7034", bic="bkauatww", note="Case K7PQ2XWZ9M")
    lines = payload.split("\n")
    assert lines == [
        "BCD",  # service tag
        "002",  # version
        "1",  # UTF-8
        "SCT",  # SEPA credit transfer
        "BKAUATWW",
        "Collect Oy",
        IBAN_AT,
        "EUR12.34",
        "",  # purpose
        "RF18539007547034",
        "",  # no unstructured text next to a reference
        "Case K7PQ2XWZ9M",
    ]
    assert not payload.endswith("\n")
    assert len(payload.encode("utf-8")) <= MAX_BYTES


def test_epc_payload_stops_after_the_last_filled_field():
    assert epc(reference="RF18539007547034").split("\n")[4:] == [
        "",
        "Collect Oy",
        IBAN_AT,
        "EUR12.34",
        "",
        "RF18539007547034",
    ]
    lines = epc(text="Invoice 2024-17, case K7PQ2XWZ9M").split("\n")
    assert lines[9:] == ["", "Invoice 2024-17, case K7PQ2XWZ9M"]


def test_reference_and_free_text_are_exclusive():
    with pytest.raises(InvalidField) as err:
        epc(reference="RF18539007547034", text="Invoice 17")
    assert err.value.field == "text"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "PLN"}, "currency"),
        ({"amount": D("0.00")}, "amount"),
        ({"amount": D("1000000000.00")}, "amount"),
        ({"amount": D("12.345")}, "amount"),
        ({"amount": 12.34}, "amount"),
        ({"iban": "AT61 1904 3002 3457 3202"}, "iban"),
        ({"bic": "NOTABIC"}, "bic"),
        ({"reference": "RF17539007547034"}, "reference"),
        ({"text": "x" * 141}, "text"),
        ({"name": "  "}, "name"),
    ],
)
def test_epc_refuses_what_a_bank_would_refuse(overrides, field):
    with pytest.raises(InvalidField) as err:
        epc(**overrides)
    assert err.value.field == field


def test_epc_name_is_cut_and_kept_on_one_line():
    lines = epc(name="Very Long\nCreditor " + "N" * 80).split("\n")
    assert lines[5] == ("Very Long Creditor " + "N" * 80)[:70]
    assert len(lines) == 8


def test_epc_refuses_a_payload_over_331_bytes():
    with pytest.raises(InvalidField) as err:
        epc(name="Ж" * 70, text="Ж" * 140)  # fields within their character limits, but 2 bytes each
    assert "331" in err.value.message


@given(st.decimals(min_value=D("0.01"), max_value=D("999999999.99"), places=2))
def test_every_euro_amount_reads_back_exactly(amount):
    line = epc(amount=amount).split("\n")[7]
    assert re.fullmatch(r"EUR(0|[1-9][0-9]*)\.[0-9]{2}", line)
    assert D(line[3:]) == amount


# --- Slovenia: UPN QR -----------------------------------------------------------------------------


def test_the_upn_standards_rf_example_is_reproduced_byte_for_byte():
    expected = (
        "UPNQR\n\n\n\n\nJanez Novak\nDunajska 1\n1000 Ljubljana\n00000008105\n\n\nRENT\n"
        "Plačilo najemnine 10/2016\n15.11.2016\nSI56051008010486080\nRF45SBO2010\n"
        "Novo podjetje d.o.o.\nLepa cesta 15\n3698 Loški Potok\n188\n"
    ).encode("iso-8859-2")
    payload = upn_payload(
        payer=Party("Janez Novak", "Dunajska 1", "1000 Ljubljana"),
        recipient=Party("Novo podjetje d.o.o.", "Lepa cesta 15", "3698 Loški Potok"),
        iban=IBAN_SI,
        amount=D("81.05"),
        currency="EUR",
        purpose="Plačilo najemnine 10/2016",
        purpose_code="RENT",
        reference="RF45 SBO2 010",
        due=date(2016, 11, 15),
    )
    assert payload == expected


def upn(**overrides):
    args = {
        "recipient": Party("Izterjava d.o.o.", "Šmartinska cesta 152", "1000 Ljubljana"),
        "iban": IBAN_SI,
        "amount": D("1234.56"),
        "currency": "EUR",
        "purpose": "Plačilo dolga, zadeva K7PQ2XWZ9M",
        "reference": rf_reference("K7PQ2XWZ9M"),
        "due": date(2026, 3, 31),
    }
    return upn_payload(**(args | overrides))


def test_upn_payload_decodes_back_to_its_fields():
    payload = upn(payer=Party("Žiga Čeh", "Cesta že 5", "Škofja Loka"))
    text = payload.decode("iso-8859-2")
    fields = text.split("\n")
    assert len(fields) == 21 and fields[-1] == ""  # 19 fields, control sum, final LF
    assert fields[:5] == ["UPNQR", "", "", "", ""]
    assert fields[5:8] == ["Žiga Čeh", "Cesta že 5", "Škofja Loka"]
    assert fields[8] == "00000123456"
    assert fields[9:12] == ["", "", "OTHR"]
    assert fields[12] == "Plačilo dolga, zadeva K7PQ2XWZ9M"
    assert fields[13] == "31.03.2026"
    assert fields[14] == "SI56051008010486080"
    assert case_id_from_rf(fields[15]) == "K7PQ2XWZ9M"
    assert fields[16:19] == ["Izterjava d.o.o.", "Šmartinska cesta 152", "1000 Ljubljana"]
    assert int(fields[19]) == len("\n".join(fields[:19])) + 1 == len(payload) - 4
    assert len(payload) == len(text)  # one byte per letter: č, š, ž are in Latin-2


def test_upn_fields_are_cut_to_their_lengths():
    fields = (
        upn(recipient=Party("R" * 40, "S" * 40, "C" * 40), payer=Party("P\n" * 30), purpose="Namen " * 10)
        .decode("iso-8859-2")
        .split("\n")
    )
    assert [len(f) for f in fields[16:19]] == [33, 33, 33]
    assert len(fields[5]) <= 33 and "\n" not in fields[5]
    assert len(fields[12]) <= 42


def test_upn_without_reference_says_si99_and_keeps_si_references_compact():
    assert upn(reference="").split(b"\n")[15] == b"SI99"
    assert upn(reference="SI12 1234567890120").split(b"\n")[15] == b"SI121234567890120"
    assert upn(due=None).split(b"\n")[13] == b""


def test_upn_reduces_letters_latin2_lacks_and_refuses_other_scripts():
    assert upn(payer=Party("Muñoz")).split(b"\n")[5] == b"Munoz"
    with pytest.raises(InvalidField) as err:
        upn(payer=Party("Παπαδόπουλος"))
    assert err.value.field == "payer_name"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "USD"}, "currency"),
        ({"amount": D("0")}, "amount"),
        ({"amount": D("1000000000.00")}, "amount"),
        ({"iban": "SI56 0510 0801 0486 081"}, "iban"),
        ({"reference": "XX12345"}, "reference"),
        ({"reference": "RF99SBO2010"}, "reference"),
        ({"purpose_code": "OTH"}, "purpose_code"),
        ({"recipient": Party("")}, "name"),
    ],
)
def test_upn_refuses_bad_input(overrides, field):
    with pytest.raises(InvalidField) as err:
        upn(**overrides)
    assert err.value.field == field


# --- Finland ---------------------------------------------------------------------------------------


def test_fi_reference_check_digit_by_hand():
    # 1*1 + 2*3 + 3*7 = 28 -> 30 - 28 = 2
    assert fi_reference("123") == "1232"
    # 1*7 + 6*3 + 5*1 + 4*7 + 3*3 + 2*1 + 1*7 = 76 -> 4
    assert fi_reference("1234561") == "12345614"
    assert fi_reference("0000 123") == "1232"


@pytest.mark.parametrize(
    ("printed", "compact"),
    # Reference numbers of the example invoices in Finance Finland's bank barcode guide.
    [
        ("86851 62596 19897", "868516259619897"),
        ("69 87567 20834 35364", "69875672083435364"),
        ("7 75847 47906 47489", "7758474790647489"),
        ("92125 37425 25398 97737", "92125374252539897737"),
        ("8 68624", "868624"),
    ],
)
def test_published_fi_references_validate_and_print_in_fives(printed, compact):
    assert validate_fi_reference(printed) == compact
    assert fi_reference(compact[:-1]) == compact
    assert format_fi_reference(compact) == printed


@pytest.mark.parametrize("bad", ["12", "1233", "12a2", "1" * 21, ""])
def test_invalid_fi_references_are_refused(bad):
    with pytest.raises(InvalidField):
        validate_fi_reference(bad)


GUIDE = [
    # (IBAN, amount, reference, due, barcode): example invoices of the bank barcode guide.
    (
        IBAN_FI,
        "4883.15",
        "86851 62596 19897",
        date(2010, 6, 12),
        "479440520200360820048831500000000868516259619897100612",
    ),
    (
        "FI16 8000 1400 0502 67",
        "935.85",
        "78 77767 96566 28687",
        None,
        "416800014000502670009358500000078777679656628687000000",
    ),
    (
        "FI73 3131 3001 0000 58",
        "0.00",
        "8 68624",
        date(2013, 8, 9),
        "473313130010000580000000000000000000000000868624130809",
    ),
    (
        IBAN_FI,
        "4883.15",
        "RF09 8685 1625 9619 897",
        date(2010, 6, 12),
        "579440520200360820048831509000000868516259619897100612",
    ),
    (
        "FI83 3301 0001 1007 75",
        "150000.20",
        "RF71 9212 5374 2525 3989 7737",
        date(2016, 5, 25),
        "583330100011007751500002071092125374252539897737160525",
    ),
    (
        "FI92 3939 0001 0033 91",
        "0.02",
        "RF95 1357 914",
        date(2099, 12, 24),
        "592393900010033910000000295000000000000001357914991224",
    ),
]


@pytest.mark.parametrize(("iban", "amount", "reference", "due", "code"), GUIDE)
def test_virtual_barcode_matches_the_guide_and_reads_back(iban, amount, reference, due, code):
    assert (
        fi_virtual_barcode(iban=iban, amount=D(amount), currency="EUR", reference=reference, due=due) == code
    )
    compact = reference.replace(" ", "")
    assert parse_fi_virtual_barcode(code) == VirtualBarcode(iban.replace(" ", ""), D(amount), compact, due)


def test_virtual_barcode_fields_sit_at_their_positions():
    ref = fi_reference("2024001")
    code = fi_virtual_barcode(
        iban=IBAN_FI, amount=D("1234.50"), currency="EUR", reference=ref, due=date(2026, 4, 30)
    )
    assert len(code) == 54 and code.isdigit()
    assert code[0] == "4"
    assert code[1:17] == "7944052020036082"
    assert (code[17:23], code[23:25]) == ("001234", "50")
    assert code[25:28] == "000"
    assert code[28:48] == ref.zfill(20)
    assert code[48:] == "260430"
    rf = rf_reference(ref)
    v5 = fi_virtual_barcode(iban=IBAN_FI, amount=D("1234.50"), currency="EUR", reference=rf, due=None)
    assert (v5[0], v5[25:27], v5[27:48], v5[48:]) == ("5", rf[2:4], ref.zfill(21), "000000")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reference": rf_reference("K7PQ2XWZ9M")}, "reference"),  # letters do not fit a numeric code
        ({"reference": "1233"}, "reference"),
        ({"iban": "AT61 1904 3002 3457 3201"}, "iban"),
        ({"amount": D("1000000.00")}, "amount"),
        ({"currency": "SEK"}, "currency"),
    ],
)
def test_virtual_barcode_refuses_what_it_cannot_carry(overrides, field):
    args = {"iban": IBAN_FI, "amount": D("10.00"), "currency": "EUR", "reference": "1232", "due": None}
    with pytest.raises(InvalidField) as err:
        fi_virtual_barcode(**(args | overrides))
    assert err.value.field == field


@given(
    st.from_regex(r"[1-9][0-9]{2,18}", fullmatch=True),
    st.decimals(min_value=D("0.00"), max_value=D("999999.99"), places=2),
    st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))),
    st.booleans(),
)
def test_every_virtual_barcode_reads_back(base, amount, due, as_rf):
    reference = fi_reference(base)
    if as_rf:
        reference = rf_reference(reference)
    code = fi_virtual_barcode(iban=IBAN_FI, amount=amount, currency="EUR", reference=reference, due=due)
    assert parse_fi_virtual_barcode(code) == VirtualBarcode("FI7944052020036082", amount, reference, due)


# --- Poland ----------------------------------------------------------------------------------------


def test_nrb_is_the_iban_without_its_country_code():
    assert pl_nrb(IBAN_PL) == "61109010140000071219812874"
    assert pl_nrb("PL61 1090 1014 0000 0712 1981 2874") == "61109010140000071219812874"
    assert pl_nrb("61 1090 1014 0000 0712 1981 2874") == "61109010140000071219812874"


@pytest.mark.parametrize("bad", ["PL61109010140000071219812875", "DE89370400440532013000", "6110901014", ""])
def test_nrb_refuses_other_accounts(bad):
    with pytest.raises(InvalidField):
        pl_nrb(bad)


def pl(**overrides):
    args = {
        "nip": "123-456-32-18",
        "iban": IBAN_PL,
        "amount": D("123.45"),
        "currency": "PLN",
        "name": "Windykacja Spółka z o.o.",
        "title": "Sprawa K7PQ2XWZ9M",
    }
    return pl_transfer_code(**(args | overrides))


def test_transfer_code_fields_in_the_zbp_order():
    fields = pl().split("|")
    assert fields == [
        "1234563218",
        "PL",
        "61109010140000071219812874",
        "012345",
        "Windykacja Spółka z",  # cut to 20 characters, trailing space dropped
        "Sprawa K7PQ2XWZ9M",
        "",
        "",
        "",
    ]
    assert pl(nip="").split("|")[0] == ""
    assert pl(amount=D("9999.99")).split("|")[3] == "999999"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "EUR"}, "currency"),
        ({"amount": D("10000.00")}, "amount"),
        ({"amount": D("0.00")}, "amount"),
        ({"nip": "1234563217"}, "nip"),
        ({"title": "T" * 33}, "title"),
        ({"title": "a|b"}, "title"),
        ({"name": ""}, "name"),
        ({"iban": "DE89370400440532013000"}, "iban"),
    ],
)
def test_transfer_code_refuses_bad_input(overrides, field):
    with pytest.raises(InvalidField) as err:
        pl(**overrides)
    assert err.value.field == field
