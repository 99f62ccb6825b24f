import csv
import io

import pytest

from app.domain.intake.columns import (
    COLUMN_KEYS,
    TEMPLATE_HEADERS,
    accepted_names,
    map_headers,
    template_csv,
    template_legend,
)
from app.domain.intake.synonyms import SYNONYMS, normalise_header

BY_LANGUAGE = {
    "en": ["Customer", "VAT number", "Email", "Invoice no", "Invoice date", "Due date", "Amount due"],
    "sl": [
        "Naziv kupca",
        "Davčna številka",
        "E-pošta",
        "Številka računa",
        "Datum računa",
        "Datum zapadlosti",
        "Znesek",
    ],
    "fi": ["Asiakkaan nimi", "Y-tunnus", "Sähköposti", "Laskun numero", "Laskupäivä", "Eräpäivä", "Summa"],
    "pl": [
        "Nazwa kontrahenta",
        "NIP",
        "Adres e-mail",
        "Numer faktury",
        "Data wystawienia",
        "Termin płatności",
        "Kwota",
    ],
    "el": [
        "Επωνυμία",
        "ΑΦΜ",
        "Email",
        "Αριθμός τιμολογίου",
        "Ημερομηνία έκδοσης",
        "Ημερομηνία λήξης",
        "Ποσό",
    ],
}
KEYS = ["debtor_name", "debtor_id", "email", "invoice_number", "issue_date", "due_date", "amount"]


@pytest.mark.parametrize("language", BY_LANGUAGE)
def test_real_header_names_in_all_five_languages(language):
    column_map = map_headers(BY_LANGUAGE[language])
    assert column_map.ok, column_map.problems
    assert column_map.columns == {key: index for index, key in enumerate(KEYS)}
    assert column_map.unknown == []


@pytest.mark.parametrize("language", ["en", "sl", "fi", "pl", "el"])
def test_every_template_header_is_recognised(language):
    headers = next(
        csv.reader(io.StringIO(template_csv(language)), delimiter="," if language == "en" else ";")
    )
    column_map = map_headers(headers)
    assert column_map.ok
    assert sorted(column_map.columns) == sorted(COLUMN_KEYS)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("\ufeffŠtevilka računa", "invoice_number"),  # a BOM Excel left on the first header
        ("ŠTEVILKA RAČUNA", "invoice_number"),
        ("st. racuna", "invoice_number"),
        ("  Laskun   numero ", "invoice_number"),
        ("ΑΡΙΘΜΟΣ ΤΙΜΟΛΟΓΙΟΥ", "invoice_number"),  # Greek capitals carry no accents
        ("Α.Φ.Μ.", "debtor_id"),
        ("Ytunnus", "debtor_id"),
        ("E_mail", "email"),
        ("Amount (EUR)", "amount"),
        ("Kwota [PLN]", "amount"),
        ("Nr. faktury", "invoice_number"),
        ("Ημ/νία λήξης", "due_date"),
        ("due_date", "due_date"),  # the canonical keys themselves
    ],
)
def test_headers_match_ignoring_case_accents_punctuation_spaces_and_bom(header, key):
    assert map_headers([header]).columns.get(key) == 0


def test_normalised_headers():
    assert normalise_header("\ufeff Št. računa ") == "stracuna"
    assert normalise_header("Αριθμός τιμολογίου") == normalise_header("ΑΡΙΘΜΟΣ ΤΙΜΟΛΟΓΙΟΥ")


def test_kraj_is_the_town_in_slovenian_and_the_country_in_polish():
    slovenian = map_headers(["Naziv kupca", "Poštna številka", "Kraj", "Številka računa"])
    polish = map_headers(["Nazwa kontrahenta", "Miejscowość", "Kraj", "Numer faktury"])
    assert slovenian.columns["city"] == 2
    assert polish.columns["country"] == 2
    assert polish.columns["city"] == 1


def test_a_missing_column_is_named_with_the_names_accepted_for_it():
    column_map = map_headers(["Customer", "E-mail", "Invoice number", "Due date"])
    assert not column_map.ok
    assert column_map.missing == ["amount"]
    [problem] = column_map.problems
    assert problem.row == 1
    assert problem.message == "The column 'Amount' is missing."
    for name in ("'Amount'", "'Znesek'", "'Summa'", "'Kwota'", "'Ποσό'"):
        assert name in problem.fix
    assert "mapping" in problem.fix


def test_an_identification_number_or_an_email_column_is_required():
    column_map = map_headers(["Customer", "Invoice number", "Due date", "Amount"])
    assert column_map.missing == ["debtor_id|email"]
    [problem] = column_map.problems
    assert "identification number or an e-mail" in problem.message
    assert "'Davčna številka'" in problem.fix and "'Sähköposti'" in problem.fix
    assert map_headers(["Customer", "NIP", "Invoice number", "Due date", "Amount"]).ok


def test_every_missing_required_column_is_reported():
    column_map = map_headers(["Something", "Else"])
    assert column_map.missing == ["debtor_name", "invoice_number", "due_date", "amount", "debtor_id|email"]
    assert column_map.unknown == ["Something", "Else"]


def test_unknown_headers_are_kept_and_ignored():
    column_map = map_headers([*BY_LANGUAGE["sl"], "Komercialist", "Stroškovno mesto", ""])
    assert column_map.ok
    assert column_map.unknown == ["Komercialist", "Stroškovno mesto"]
    assert column_map.headers[-3:] == ["Komercialist", "Stroškovno mesto", ""]


def test_two_headers_for_one_column_must_be_settled():
    column_map = map_headers([*BY_LANGUAGE["sl"], "Odprti znesek"])
    assert not column_map.ok
    [problem] = column_map.problems
    assert "'Znesek' and 'Odprti znesek'" in problem.message
    assert "mapping" in problem.fix


def test_the_users_mapping_overrides_recognition():
    headers = ["Partner", "Dokument", "Ref", "Open", "Total", "DDV ID", "Mail", "Zapade"]
    recognised = map_headers(headers)
    assert (recognised.columns["invoice_number"], recognised.columns["amount"]) == (1, 4)
    assert "Ref" in recognised.unknown and "Open" in recognised.unknown
    column_map = map_headers(
        headers,
        {"Ref": "invoice_number", "Open": "amount", "Total": "ignore", "Dokument": "", "DDV ID": "debtor_id"},
    )
    assert column_map.ok, column_map.problems
    assert column_map.columns["invoice_number"] == 2
    assert column_map.columns["amount"] == 3
    assert column_map.columns["debtor_id"] == 5
    assert column_map.mapping["Ref"] == "invoice_number"
    assert "Total" not in column_map.mapping and "Dokument" not in column_map.mapping


def test_the_users_choice_settles_two_candidates():
    column_map = map_headers([*BY_LANGUAGE["sl"], "Odprti znesek"], {"Odprti znesek": "amount"})
    assert column_map.ok
    assert column_map.columns["amount"] == 7
    assert "Znesek" in column_map.unknown


def test_a_mapping_to_an_unknown_column_is_a_problem_and_one_for_another_file_is_ignored():
    column_map = map_headers(BY_LANGUAGE["en"], {"Customer": "debtor_nam", "Not in this file": "amount"})
    [problem] = column_map.problems
    assert "'debtor_nam' is not a column" in problem.message


def test_accepted_names_start_with_english_and_do_not_repeat():
    names = accepted_names("phone")
    assert names[0] == "Phone"
    assert len(names) == len(set(names))
    assert "Telefon" in names and "Τηλέφωνο" in names


def test_no_header_name_means_two_columns_in_one_language():
    for language in ("en", "sl", "fi", "pl", "el"):
        seen: dict[str, str] = {}
        for key, by_language in SYNONYMS.items():
            for name in by_language[language]:
                assert seen.setdefault(normalise_header(name), key) == key, (language, name)


def test_template_has_headers_examples_and_a_legend():
    assert TEMPLATE_HEADERS[:3] == ["Debtor type", "Debtor name", "Debtor ID"]
    rows = list(csv.reader(io.StringIO(template_csv("sl")), delimiter=";"))
    assert len(rows) == 3
    assert rows[0][12] == "Datum zapadlosti" and rows[1][12] == "14.02.2026"
    assert all(len(row) == len(TEMPLATE_HEADERS) for row in rows)
    english = list(csv.reader(io.StringIO(template_csv()), delimiter=","))
    assert english[0] == TEMPLATE_HEADERS and english[1][13] == "1234.56"
    legend = template_legend("pl")
    assert "Numer faktury [Invoice number] (required)" in legend
    assert legend.count("\n") > len(TEMPLATE_HEADERS)
    assert template_csv("xx") == template_csv("en")
