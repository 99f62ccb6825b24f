"""The creditor organisation and the checks on its identifiers.

Identifiers are validated with python-stdnum and stored in their compact form, so that what a
creditor types with spaces or dashes and what a bank or court later expects are the same string.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from stdnum.exceptions import ValidationError

from app.domain.errors import InvalidField
from app.domain.policy import CollectionPolicy

LANGUAGES = {"sl": "Slovenščina", "fi": "Suomi", "pl": "Polski", "el": "Ελληνικά", "en": "English"}
CURRENCIES = ("EUR", "PLN")

# The first markets; each has a registry number format python-stdnum can check (the module is
# imported on first use, not at every cold start).
COUNTRIES = {
    "SI": ("Slovenia", "si.maticna", "matična številka (7 or 10 digits)"),
    "FI": ("Finland", "fi.ytunnus", "Y-tunnus (1234567-8)"),
    "PL": ("Poland", "pl.regon", "REGON (9 or 14 digits)"),
    "GR": ("Greece", "gr.vat", "ΑΦΜ (9 digits)"),
}


def _stdnum(name: str):
    return importlib.import_module(f"stdnum.{name}")


ORG_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True)
class Organisation:
    org_id: str
    legal_name: str
    country: str
    company_number: str = ""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    address: Address = field(default_factory=Address)
    language: str = "en"
    currency: str = "EUR"
    sender_email: str = ""
    policy: CollectionPolicy = field(default_factory=CollectionPolicy)
    updated_at: datetime | None = None
    updated_by: str = ""

    @classmethod
    def new(cls, org_id: str) -> Organisation:
        """A blank profile for an organisation an administrator has just created in Cognito."""
        return cls(org_id=org_id, legal_name="", country="")

    @property
    def is_complete(self) -> bool:
        return bool(self.legal_name and self.country and self.iban and self.sender_email)

    def updated(self, *, by: str, at: datetime, **changes) -> Organisation:
        """A validated copy with the changes applied; raises InvalidField on the first bad value."""
        return validate(replace(self, updated_by=by, updated_at=at, **changes))


def _reason(exc: ValidationError) -> str:
    return str(exc).rstrip(".")


def validate(org: Organisation) -> Organisation:
    if not ORG_ID.match(org.org_id):
        raise InvalidField("org_id", "Organisation ids are 3-64 lower-case letters, digits or -.")
    if not org.legal_name.strip():
        raise InvalidField("legal_name", "Enter the organisation's legal name.")
    if org.country not in COUNTRIES:
        raise InvalidField("country", "Choose one of: " + ", ".join(COUNTRIES) + ".")
    if org.language not in LANGUAGES:
        raise InvalidField("language", "Choose one of: " + ", ".join(LANGUAGES) + ".")
    if org.currency not in CURRENCIES:
        raise InvalidField("currency", "Choose one of: " + ", ".join(CURRENCIES) + ".")
    if not EMAIL.match(org.sender_email):
        raise InvalidField("sender_email", "Enter an e-mail address such as billing@example.com.")
    org.policy.validate()
    return replace(
        org,
        legal_name=org.legal_name.strip(),
        company_number=company_number(org.country, org.company_number),
        vat_number=vat_number(org.country, org.vat_number),
        iban=iban(org.iban, org.currency),
        bic=bic(org.bic),
        address=replace(org.address, country=org.address.country or org.country),
    )


def company_number(country: str, value: str) -> str:
    _name, module, shape = COUNTRIES[country]
    try:
        return _stdnum(module).validate(value)
    except ValidationError as exc:
        raise InvalidField("company_number", f"Not a valid {shape}: {_reason(exc)}.") from None


def vat_number(country: str, value: str) -> str:
    """EU VAT number with its country prefix; optional (not every small creditor is registered)."""
    value = value.strip()
    if not value:
        return ""
    if value[:2].isalpha() is False:
        value = ("EL" if country == "GR" else country) + value
    try:
        return _stdnum("eu.vat").validate(value)
    except ValidationError as exc:
        raise InvalidField("vat_number", f"Not a valid EU VAT number: {_reason(exc)}.") from None


def iban(value: str, currency: str) -> str:
    try:
        compact = _stdnum("iban").validate(value)
    except ValidationError as exc:
        raise InvalidField("iban", f"Not a valid IBAN: {_reason(exc)}.") from None
    if currency == "PLN" and not compact.startswith("PL"):
        raise InvalidField("iban", "Payments in PLN need a Polish (PL) account.")
    return compact


def bic(value: str) -> str:
    """BIC is optional for SEPA transfers inside the EEA, so an empty value is allowed."""
    if not value.strip():
        return ""
    try:
        return _stdnum("bic").validate(value)
    except ValidationError as exc:
        raise InvalidField("bic", f"Not a valid BIC: {_reason(exc)}.") from None


def format_company_number(country: str, value: str) -> str:
    """The number as people write it (FI 2077474-0); stored compact, shown formatted."""
    module = _stdnum(COUNTRIES[country][1]) if country in COUNTRIES else None
    return module.format(value) if value and hasattr(module, "format") else value


def format_iban(value: str) -> str:
    return _stdnum("iban").format(value) if value else ""
