"""What a message is rendered from: plain values the engine fills in, no framework types.

Amounts arrive already calculated (the rates and the rules live in the domain); the templates only
word and format them. ``example_context`` builds a realistic case per language for the snapshot
tests and for a local preview page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    issue_date: date
    due_date: date
    outstanding: Decimal
    description: str = ""


@dataclass(frozen=True)
class MessageContext:
    creditor_name: str
    creditor_address: str  # one line: "Celovška cesta 150, 1000 Ljubljana"
    creditor_email: str
    creditor_company_number: str
    creditor_iban: str
    creditor_bic: str
    debtor_name: str
    debtor_address: tuple[str, ...]  # the lines of a postal address, without the name
    debtor_is_company: bool
    case_id: str
    currency: str  # ISO 4217: EUR, PLN
    invoices: tuple[InvoiceLine, ...]
    principal: Decimal
    interest: Decimal
    interest_rate: Decimal  # percent per year: Decimal("10.15")
    # "statutory", "statutory_commercial" or "contractual" are worded in the debtor's language;
    # any other value is printed as given, so it must then already be in that language.
    interest_basis: str
    compensation: Decimal  # fixed compensation for recovery costs (B2B, Directive 2011/7/EU)
    fees: Decimal  # reminder and collection fees charged
    paid: Decimal  # payments received so far
    total: Decimal  # what is still to pay
    pay_by: date
    link_url: str  # the debtor's personal page
    link_expires: date
    first_contact: bool  # the first message carries the GDPR Article 14 notice
    step_name: str
    sent_on: date
    promise_date: date | None = None
    reference: str = ""  # structured payment reference (RF...); empty: the case id is the purpose


@dataclass(frozen=True)
class _Example:
    creditor: tuple[str, str, str, str, str, str]  # name, address, e-mail, number, IBAN, BIC
    person: tuple[str, tuple[str, ...]]
    company: tuple[str, tuple[str, ...]]
    currency: str
    descriptions: tuple[str, str]
    rates: tuple[str, str]  # consumer, commercial (percent per year)
    compensation: str  # B2B fixed compensation in the claim currency
    consumer_fees: str


# Invented but plausible parties; the IBANs are the published specimen numbers of each country.
_EXAMPLES = {
    "sl": _Example(
        creditor=(
            "Elektro servis Lipa d.o.o.",
            "Celovška cesta 150, 1000 Ljubljana",
            "racunovodstvo@elektro-lipa.si",
            "8123456000",  # matična številka
            "SI56263300012039086",
            "BAKOSI2X",
        ),
        person=("Ana Kovač", ("Trubarjeva ulica 12", "2000 Maribor")),
        company=("Gradnje Kovač d.o.o.", ("Tržaška cesta 40", "1000 Ljubljana")),
        currency="EUR",
        descriptions=("Popravilo električne napeljave", "Letni servis toplotne črpalke"),
        rates=("10.15", "10.15"),
        compensation="40.00",
        consumer_fees="0.00",
    ),
    "fi": _Example(
        creditor=(
            "Kotihuolto Virtanen Oy",
            "Mannerheimintie 48, 00260 Helsinki",
            "laskutus@kotihuoltovirtanen.fi",
            "1234567-1",
            "FI2112345600000785",
            "NDEAFIHH",
        ),
        person=("Laura Nieminen", ("Hämeentie 15 B 22", "00500 Helsinki")),
        company=("Rakennus Nieminen Oy", ("Teollisuuskatu 21", "00510 Helsinki")),
        currency="EUR",
        descriptions=("Sähköasennuksen korjaus", "Ilmalämpöpumpun vuosihuolto"),
        rates=("9.50", "10.50"),
        compensation="40.00",
        consumer_fees="5.00",
    ),
    "pl": _Example(
        creditor=(
            "Serwis Domowy Nowak sp. z o.o.",
            "ul. Długa 5, 31-147 Kraków",
            "ksiegowosc@serwis-nowak.pl",
            "123456785",  # REGON
            "PL61109010140000071219812874",
            "WBKPPLPP",
        ),
        person=("Katarzyna Wiśniewska", ("ul. Żeromskiego 17/4", "90-710 Łódź")),
        company=("Budmax sp. z o.o.", ("ul. Piękna 20", "00-549 Warszawa")),
        currency="PLN",
        descriptions=("Naprawa instalacji elektrycznej", "Przegląd pompy ciepła"),
        rates=("9.50", "14.00"),
        compensation="170.68",
        consumer_fees="0.00",
    ),
    "el": _Example(
        creditor=(
            "Ηλεκτρολογικές Εργασίες Παπαδόπουλος Μ.Ι.Κ.Ε.",
            "Λεωφόρος Συγγρού 120, 117 41 Αθήνα",
            "logistirio@papadopoulos-ilektrologos.gr",
            "123456783",  # ΑΦΜ
            "GR1601101250000000012300695",
            "ETHNGRAA",
        ),
        person=("Μαρία Γεωργίου", ("Ερμού 45", "546 24 Θεσσαλονίκη")),
        company=("Κατασκευαστική Γεωργίου Α.Ε.", ("Εγνατίας 100", "546 31 Θεσσαλονίκη")),
        currency="EUR",
        descriptions=("Επισκευή ηλεκτρικής εγκατάστασης", "Ετήσιο σέρβις αντλίας θερμότητας"),
        rates=("10.15", "10.15"),
        compensation="40.00",
        consumer_fees="0.00",
    ),
    "en": _Example(
        creditor=(
            "Brightwater Home Services Ltd",
            "14 Harbour Road, Dublin 4, D04 X2Y7",
            "accounts@brightwater.ie",
            "654321",
            "IE29AIBK93115212345678",
            "AIBKIE2D",
        ),
        person=("Seán O'Brien", ("22 Main Street", "Galway H91 AB12")),
        company=("O'Brien Construction Ltd", ("Unit 4, Parkmore Business Park", "Galway H91 CD34")),
        currency="EUR",
        descriptions=("Electrical repair", "Annual heat pump service"),
        rates=("10.15", "10.15"),
        compensation="40.00",
        consumer_fees="0.00",
    ),
}


def _interest(invoices: tuple[InvoiceLine, ...], rate: Decimal, until: date) -> Decimal:
    # Simple interest, actual days / 365, from the day after each due date (DOMAIN.md).
    total = sum(
        (line.outstanding * rate / 100 * (until - line.due_date).days / 365 for line in invoices),
        Decimal(0),
    )
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def example_context(language: str, *, company: bool = False) -> MessageContext:
    """A realistic first-contact case in ``language`` (unknown languages get the English one)."""
    example = _EXAMPLES.get(language, _EXAMPLES["en"])
    name, address, email, number, iban, bic = example.creditor
    debtor_name, debtor_address = example.company if company else example.person
    sent_on = date(2026, 3, 3)
    invoices = (
        InvoiceLine(
            "2026-0012", date(2026, 1, 5), date(2026, 1, 19), Decimal("800.00"), example.descriptions[0]
        ),
        InvoiceLine(
            "2026-0047", date(2026, 1, 20), date(2026, 2, 3), Decimal("434.56"), example.descriptions[1]
        ),
    )
    rate = Decimal(example.rates[1] if company else example.rates[0])
    principal = sum((line.outstanding for line in invoices), Decimal(0))
    interest = _interest(invoices, rate, sent_on)
    compensation = Decimal(example.compensation) if company else Decimal("0.00")
    fees = Decimal("0.00") if company else Decimal(example.consumer_fees)
    paid = Decimal("0.00")
    return MessageContext(
        creditor_name=name,
        creditor_address=address,
        creditor_email=email,
        creditor_company_number=number,
        creditor_iban=iban,
        creditor_bic=bic,
        debtor_name=debtor_name,
        debtor_address=debtor_address,
        debtor_is_company=company,
        case_id="2026-00123",
        currency=example.currency,
        invoices=invoices,
        principal=principal,
        interest=interest,
        interest_rate=rate,
        interest_basis="statutory_commercial" if company else "statutory",
        compensation=compensation,
        fees=fees,
        paid=paid,
        total=principal + interest + compensation + fees - paid,
        pay_by=sent_on + timedelta(days=14),
        link_url="https://pay.example.com/p/7Kq2xV9mWdT4",
        link_expires=sent_on + timedelta(days=90),
        first_contact=True,
        step_name="first_reminder",
        sent_on=sent_on,
        promise_date=sent_on - timedelta(days=6),
        reference="RF18539007547034",
    )
