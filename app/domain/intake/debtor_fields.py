"""The debtor's half of a row: name, type, identification number, contacts and address.

Each field is checked on its own so that a row reports all its problems at once, with the same rules
as ``validate_debtor`` (which still runs on the result).
"""

from __future__ import annotations

from app.domain.debtor import COUNTRY_LANGUAGE, EMAIL, Debtor, DebtorKind, identification_number, phone_number
from app.domain.errors import InvalidField
from app.domain.intake import words
from app.domain.intake.cells import RowCells, shown

ZERO_PADDED_IDS = {"GR": (9,), "SI": (7, 8), "PL": (11, 10)}  # numbers Excel may have stripped of zeros


def country(row: RowCells, default: str) -> str:
    try:
        return words.country_code(row.text("country")) or default.upper()
    except ValueError:
        row.add(
            "country", f"'{row.text('country')}' is not a country.", "Use a two-letter code: SI, FI, PL, GR."
        )
        return default.upper()


def debtor(row: RowCells, country: str, default_language: str) -> Debtor | None:
    """The debtor of a row, not yet validated as a whole; None (with problems) if a field is wrong."""
    name = " ".join(row.text("debtor_name").split())
    if not name:
        row.add(
            "debtor_name",
            "The debtor's name is empty.",
            "Enter the person's full name or the company's name.",
        )
    id_number = _id_text(row.raw("debtor_id"))
    try:
        kind = words.debtor_kind(row.text("debtor_type")) or words.guess_kind(name, id_number, country)
    except ValueError:
        row.add(
            "debtor_type",
            f"'{row.text('debtor_type')}' is neither a person nor a company.",
            "Write 'person' or 'company' (or fizična/pravna oseba, yksityishenkilö/yritys, osoba "
            "fizyczna/firma, φυσικό πρόσωπο/εταιρεία), or leave it empty.",
        )
        kind = DebtorKind.PERSON
    id_number = _checked_id(row, country, kind, id_number)
    email = row.text("email").lower()
    if email and not EMAIL.match(email):
        row.add("email", f"'{email}' is not an e-mail address.", "Write it as name@example.com.")
    if not id_number and not email and not row.has_error("debtor_id", "email"):
        row.add(
            "debtor_id" if "debtor_id" in row.columns.columns else "email",
            "Neither an identification number nor an e-mail address is given.",
            "Give the debtor's identification number or e-mail address, so the debtor can be recognised.",
        )
    phone = row.text("phone")
    if phone:
        try:
            phone_number(phone, country)
        except InvalidField as error:
            row.add("phone", error.message, "Write the number with its country code, e.g. +386 41 123 456.")
    language = _language(row, country, default_language)
    if row.has_error("debtor_name", "country", "debtor_type", "debtor_id", "email", "phone", "language"):
        return None
    return Debtor(
        kind=kind,
        name=name,
        country=country,
        id_number=id_number,
        email=email,
        phone=phone,
        street=row.text("street"),
        postcode=_postcode(row.raw("postcode"), country),
        city=row.text("city"),
        language=language,
    )


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return shown(value).strip()


def _checked_id(row: RowCells, country: str, kind: DebtorKind, id_number: str) -> str:
    """The id as written, or with the leading zeros a numeric Excel cell dropped, if that validates."""
    if not id_number:
        return ""
    try:
        return identification_number(country, kind, id_number)
    except InvalidField as error:
        if isinstance(row.raw("debtor_id"), int | float):
            for length in ZERO_PADDED_IDS.get(country, ()):
                if len(id_number) < length:
                    try:
                        padded = identification_number(country, kind, id_number.zfill(length))
                    except InvalidField:
                        continue
                    row.add(
                        "debtor_id",
                        f"The number {id_number} was read as {padded}: Excel drops leading zeros.",
                        "Check it, and format the column as text in Excel.",
                        severity="warning",
                    )
                    return padded
        row.add(
            "debtor_id",
            error.message,
            "Check the number, and the debtor's country and type (person/company).",
        )
        return ""


def _postcode(value: object, country: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A numeric cell lost its leading zeros (Helsinki 00100 -> 100).
        return str(int(value)).zfill({"FI": 5, "GR": 5, "SI": 4}.get(country, 0))
    return shown(value).strip()


def _language(row: RowCells, country: str, default: str) -> str:
    try:
        language = words.language_code(row.text("language"))
    except ValueError:
        row.add(
            "language",
            f"'{row.text('language')}' is not a language the portal writes in.",
            "Use sl, fi, pl, el or en, or leave it empty.",
        )
        return ""
    if language:
        return language
    return "" if country in COUNTRY_LANGUAGE else default
