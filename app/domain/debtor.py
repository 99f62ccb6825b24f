"""The debtor: a person or a company, identified by a national number where one is known."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from stdnum.exceptions import ValidationError

from app.domain.errors import InvalidField

LANGUAGES = ("sl", "fi", "pl", "el", "en")
COUNTRY_LANGUAGE = {"SI": "sl", "FI": "fi", "PL": "pl", "GR": "el"}
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class DebtorKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


# Which numbers identify a debtor in each first market, tried in order; the first that validates
# wins. The label goes into the error message so the creditor knows what was expected. Modules are
# named, not imported, so the validators load on first use rather than at every cold start.
ID_NUMBERS: dict[tuple[str, DebtorKind], tuple[tuple[str, str], ...]] = {
    ("SI", DebtorKind.PERSON): (("si.ddv", "davčna številka"), ("si.emso", "EMŠO")),
    ("SI", DebtorKind.COMPANY): (("si.maticna", "matična številka"), ("si.ddv", "davčna številka")),
    ("FI", DebtorKind.PERSON): (("fi.hetu", "henkilötunnus"),),
    ("FI", DebtorKind.COMPANY): (("fi.ytunnus", "Y-tunnus"),),
    ("PL", DebtorKind.PERSON): (("pl.pesel", "PESEL"), ("pl.nip", "NIP")),
    ("PL", DebtorKind.COMPANY): (("pl.nip", "NIP"), ("pl.regon", "REGON")),
    ("GR", DebtorKind.PERSON): (("gr.vat", "ΑΦΜ"),),
    ("GR", DebtorKind.COMPANY): (("gr.vat", "ΑΦΜ"),),
}


@dataclass(frozen=True)
class Debtor:
    kind: DebtorKind
    name: str
    country: str
    id_number: str = ""
    email: str = ""
    phone: str = ""  # E.164
    street: str = ""
    postcode: str = ""
    city: str = ""
    language: str = ""

    @property
    def match_keys(self) -> tuple[str, ...]:
        """How a debtor is recognised at one creditor: by id number, else by e-mail."""
        keys = []
        if self.id_number:
            keys.append(f"ID#{self.country}#{self.id_number}")
        if self.email:
            keys.append(f"EMAIL#{self.email}")
        return tuple(keys)


def validate_debtor(debtor: Debtor) -> Debtor:
    """A cleaned copy (compact id number, E.164 phone, lower-case e-mail) or InvalidField."""
    name = " ".join(debtor.name.split())
    if not name:
        raise InvalidField("debtor_name", "Enter the debtor's full name or legal name.")
    country = debtor.country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidField("country", "Use a two-letter country code such as SI, FI, PL or GR.")
    email = debtor.email.strip().lower()
    if email and not EMAIL.match(email):
        raise InvalidField("email", "Enter an e-mail address such as name@example.com.")
    id_number = identification_number(country, debtor.kind, debtor.id_number)
    if not id_number and not email:
        raise InvalidField("debtor_id", "Give the debtor's identification number or e-mail address.")
    language = (debtor.language or COUNTRY_LANGUAGE.get(country, "en")).strip().lower()
    if language not in LANGUAGES:
        raise InvalidField("language", "Use one of: " + ", ".join(LANGUAGES) + ".")
    return replace(
        debtor,
        name=name,
        country=country,
        email=email,
        id_number=id_number,
        phone=phone_number(debtor.phone, country),
        street=debtor.street.strip(),
        postcode=debtor.postcode.strip(),
        city=debtor.city.strip(),
        language=language,
    )


def identification_number(country: str, kind: DebtorKind, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    validators = ID_NUMBERS.get((country, kind))
    if validators is None:
        # No national validator for this country: keep the number as given (it still matches
        # the debtor's other claims), without inventing a check.
        return re.sub(r"\s+", "", value).upper()
    for module_name, _label in validators:
        try:
            return importlib.import_module(f"stdnum.{module_name}").validate(value)
        except ValidationError:
            continue
    expected = " or ".join(label for _m, label in validators)
    who = "a person" if kind is DebtorKind.PERSON else "a company"
    raise InvalidField("debtor_id", f"'{value}' is not a valid {expected} for {who} in {country}.")


def phone_number(value: str, country: str) -> str:
    value = value.strip()
    if not value:
        return ""
    import phonenumbers  # on first use: its metadata costs every cold start otherwise

    try:
        parsed = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise InvalidField(
            "phone",
            f"'{value}' is not a valid phone number; write it with the country code, e.g. +386 41 123 456.",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
