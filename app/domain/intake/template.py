"""The downloadable import template: a CSV with the headers and two example rows, plus a legend.

The CSV uses the separator and number style Excel uses in that language's locale (``;`` and a decimal
comma, except English: ``,`` and a decimal point), so it opens in columns on double-click. Serve it
encoded as TEMPLATE_ENCODING (UTF-8 with a BOM: without the BOM Excel reads UTF-8 as cp1252).
The legend is English, with each column's name in the chosen language.
"""

from __future__ import annotations

import csv
import io

from app.domain.intake.synonyms import COLUMN_KEYS, LABELS, ONE_OF, REQUIRED, SYNONYMS, TEMPLATE_LANGUAGES

TEMPLATE_HEADERS = [LABELS[key] for key in COLUMN_KEYS]
TEMPLATE_ENCODING = "utf-8-sig"


def _cells(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# Two rows per language: a company (B2B) and a person (B2C), in that language's country; "|" between cells.
EXAMPLES: dict[str, tuple[tuple[str, ...], ...]] = {
    "sl": (
        _cells(
            "pravna oseba|Primer d.o.o.|15012557|racuni@primer.si|+386 1 234 56 78|Slovenska cesta 1"
            "|1000|Ljubljana|SI|sl|2026-0001|15.01.2026|14.02.2026|1234,56|EUR|Vzdrževanje, januar 2026"
            "|P-17/2025|B2B|0"
        ),
        _cells(
            "fizična oseba|Janez Novak||janez.novak@example.si|+386 41 123 456|Trubarjeva 5|2000"
            "|Maribor|SI|sl|2026-0002|20.01.2026|19.02.2026|89,90|EUR|Naročnina||B2C|20,00"
        ),
    ),
    "fi": (
        _cells(
            "yritys|Esimerkki Oy|2077474-0|laskut@esimerkki.fi|+358 9 1234 5678|Mannerheimintie 1|00100"
            "|Helsinki|FI|fi|2026-0001|15.1.2026|14.2.2026|1234,56|EUR|Huolto, tammikuu 2026|S-17/2025"
            "|B2B|0"
        ),
        _cells(
            "yksityishenkilö|Matti Meikäläinen||matti@example.fi|+358 40 1234567|Hämeenkatu 5|33100"
            "|Tampere|FI|fi|2026-0002|20.1.2026|19.2.2026|89,90|EUR|Tilausmaksu||B2C|20,00"
        ),
    ),
    "pl": (
        _cells(
            "firma|Przykład sp. z o.o.|8567346215|faktury@przyklad.pl|+48 22 123 45 67"
            "|ul. Marszałkowska 1|00-001|Warszawa|PL|pl|FV/2026/01/001|15.01.2026|14.02.2026|1234,56"
            "|PLN|Serwis, styczeń 2026|U-17/2025|B2B|0"
        ),
        _cells(
            "osoba fizyczna|Jan Kowalski|44051401359|jan.kowalski@example.pl|+48 601 234 567"
            "|ul. Długa 5|31-147|Kraków|PL|pl|FV/2026/01/002|20.01.2026|19.02.2026|89,90|PLN|Abonament|"
            "|B2C|20,00"
        ),
    ),
    "el": (
        _cells(
            "εταιρεία|Παράδειγμα Α.Ε.|094259216|logistirio@paradeigma.gr|+30 21 0123 4567"
            "|Πανεπιστημίου 1|10564|Αθήνα|GR|el|ΤΔΑ-0001|15/01/2026|14/02/2026|1234,56|EUR"
            "|Συντήρηση Ιανουαρίου 2026|Σ-17/2025|B2B|0"
        ),
        _cells(
            "φυσικό πρόσωπο|Γιώργος Παπαδόπουλος|023456780|g.papadopoulos@example.gr|+30 691 234 5678"
            "|Εγνατίας 5|54625|Θεσσαλονίκη|GR|el|ΤΔΑ-0002|20/01/2026|19/02/2026|89,90|EUR|Συνδρομή||B2C"
            "|20,00"
        ),
    ),
    "en": (
        _cells(
            "company|Example Ltd d.o.o.|15012557|invoices@example.si|+386 1 234 56 78|Slovenska cesta 1"
            "|1000|Ljubljana|SI|en|2026-0001|2026-01-15|2026-02-14|1234.56|EUR"
            "|Maintenance, January 2026|P-17/2025|B2B|0"
        ),
        _cells(
            "person|Jane Smith||jane.smith@example.com|+386 41 123 456|Trubarjeva 5|2000|Maribor|SI|en"
            "|2026-0002|2026-01-20|2026-02-19|89.90|EUR|Subscription||B2C|20.00"
        ),
    ),
}

DESCRIPTIONS = {
    "debtor_type": "'company' or 'person' (also: pravna/fizična oseba, yritys/yksityishenkilö, firma/osoba "
    "fizyczna, εταιρεία/φυσικό πρόσωπο). Empty: a company if the name ends in d.o.o., Oy, sp. z o.o., "
    "Α.Ε. and the like, or the number is a company number; otherwise a person.",
    "debtor_name": "The person's full name or the company's legal name.",
    "debtor_id": "Identification number: SI davčna or matična številka (persons: davčna or EMŠO); FI "
    "Y-tunnus (persons: henkilötunnus); PL NIP or REGON (persons: PESEL or NIP); GR ΑΦΜ. Format the "
    "column as text in Excel so leading zeros stay.",
    "email": "E-mail address for reminders. Needed when there is no identification number.",
    "phone": "Phone number, best with the country code (+386, +358, +48, +30).",
    "street": "Street and house number.",
    "postcode": "Postcode (as text, so 00100 keeps its zeros).",
    "city": "Town or city.",
    "country": "Two-letter country code (SI, FI, PL, GR; EL is read as GR) or the country's name. "
    "Empty: your own country.",
    "language": "Language for letters to the debtor: sl, fi, pl, el or en. Empty: the language of the "
    "debtor's country, else yours.",
    "invoice_number": "Invoice number, up to 40 letters, digits and . / - #. Unique in the file.",
    "issue_date": "Invoice date, e.g. 15.01.2026, 2026-01-15 or 15/01/2026. Empty: the due date.",
    "due_date": "Due date, written like the invoice date. Interest runs from the day after.",
    "amount": "Invoice amount (principal), e.g. 1234,56 or 1234.56 or 1 234,56. At most two decimals; "
    "no minus sign. Write 1234 rather than 1,234 or 1.234 (those could mean either).",
    "currency": "EUR or PLN (also € or zł). Empty: your own currency.",
    "description": "What the invoice was for (shown to the debtor), up to 500 characters.",
    "contract_reference": "Contract or order number, if any.",
    "claim_type": "B2B or B2C. Empty: B2B for companies, B2C for persons.",
    "paid_amount": "Already paid of this invoice, if anything; the rest is collected.",
}


def _header(key: str, language: str) -> str:
    return SYNONYMS[key][language][0]


def template_csv(language: str = "en") -> str:
    """The template as CSV text in ``language`` (en, sl, fi, pl, el): headers and two example rows."""
    language = language if language in TEMPLATE_LANGUAGES else "en"
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if language == "en" else ";", lineterminator="\r\n")
    writer.writerow(_header(key, language) for key in COLUMN_KEYS)
    writer.writerows(EXAMPLES[language])
    return out.getvalue()


def template_legend(language: str = "en") -> str:
    """A plain-text explanation of every template column, for a second download or the import page."""
    language = language if language in TEMPLATE_LANGUAGES else "en"
    lines = [
        "Import template: one row per unpaid invoice. Delete the two example rows before importing.",
        "Save as 'CSV UTF-8' (or keep the .xlsx); columns may be in any order and named in English,",
        "Slovenian, Finnish, Polish or Greek. Required: "
        + ", ".join(_header(key, language) for key in REQUIRED)
        + f", and {_header(ONE_OF[0], language)} or {_header(ONE_OF[1], language)}.",
        "",
    ]
    for key in COLUMN_KEYS:
        required = " (required)" if key in REQUIRED else " (this or e-mail)" if key == "debtor_id" else ""
        name = _header(key, language)
        english = f" [{LABELS[key]}]" if name != LABELS[key] else ""
        lines.append(f"{name}{english}{required}: {DESCRIPTIONS[key]}")
    return "\n".join(lines) + "\n"
