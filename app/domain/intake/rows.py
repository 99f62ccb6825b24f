"""One spreadsheet row -> a validated debtor and claim, or every problem the row has.

Empty cells fall back to the creditor's defaults: country and currency; the language of the debtor's
country (the creditor's language for other countries); the issue date falls back to the due date;
person or company per ``words.guess_kind``; B2B for companies, B2C for persons.

A text cell that starts with = + - @, a tab or a carriage return could run as a formula when the data
is opened in a spreadsheet again ("CSV injection"). It is kept as text, with a warning that does not
reject the row (a valid number in an amount column and a valid phone number such as +386... are not
warned about); anything exported later goes through ``escape_for_spreadsheet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.claim import CURRENCIES, INVOICE_NUMBER, Claim, ClaimType, validate_claim
from app.domain.debtor import Debtor, DebtorKind, validate_debtor
from app.domain.errors import InvalidField
from app.domain.intake import debtor_fields, words
from app.domain.intake.cells import RowCells, shown
from app.domain.intake.columns import ColumnMap
from app.domain.intake.problems import Problem, ValueProblem
from app.domain.intake.values import currency_of, parse_amount, parse_date

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CURRENCY_WORDS = {"EUR": "EUR", "€": "EUR", "EURO": "EUR", "PLN": "PLN", "ZŁ": "PLN", "ZL": "PLN"}


@dataclass(frozen=True)
class Defaults:
    """The creditor's own country ("SI"), currency ("EUR") and language ("sl")."""

    country: str
    currency: str
    language: str


@dataclass(frozen=True)
class ParsedClaim:
    row_number: int
    debtor: Debtor
    claim: Claim
    warnings: tuple[Problem, ...] = ()
    ok = True


@dataclass(frozen=True)
class RejectedRow:
    row_number: int
    problems: tuple[Problem, ...]  # at least one error, and any warnings
    ok = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


RowResult = ParsedClaim | RejectedRow


def escape_for_spreadsheet(value: str) -> str:
    """``value`` safe to write into a CSV that Excel will open: a leading formula sign gets a '."""
    return "'" + value if value.startswith(FORMULA_START) else value


def parse_row(number: int, cells: Sequence[object], columns: ColumnMap, defaults: Defaults) -> RowResult:
    """Read one data row (``number`` as the user sees it) with the columns of ``columns``."""
    row = RowCells(number, cells, columns)
    _check_width(row)
    country = debtor_fields.country(row, defaults.country)
    debtor = debtor_fields.debtor(row, country, defaults.language)
    claim = _claim(row, debtor.kind if debtor else DebtorKind.PERSON, defaults)
    _formula_warnings(row)
    try:
        debtor = validate_debtor(debtor) if debtor else None
    except InvalidField as error:
        row.add(error.field, error.message, "Correct the value in this cell.")
    try:
        claim = validate_claim(claim) if claim else None
    except InvalidField as error:
        row.add(error.field, error.message, "Correct the value in this cell.")
    if debtor is None or claim is None or any(p.is_error for p in row.problems):
        return RejectedRow(number, tuple(row.problems))
    return ParsedClaim(number, debtor, claim, tuple(row.problems))


def _check_width(row: RowCells) -> None:
    width = len(row.columns.headers)
    extra = [c for c in row.cells[width:] if c not in (None, "") and str(c).strip()]
    if extra:
        row.problems.append(
            Problem(
                row.number,
                _column_letter(width + 1),
                shown(extra[0]),
                f"This row has values beyond the last column of the header ({width} columns).",
                "A separator inside a value splits it in two (e.g. a decimal comma in a comma-separated "
                "file): put such values in quotes, or save the file with semicolons (;) as separators.",
            )
        )


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"column {letters}"


def _claim(row: RowCells, kind: DebtorKind, defaults: Defaults) -> Claim | None:
    number = row.text("invoice_number")
    if isinstance(row.raw("invoice_number"), date):
        row.add(
            "invoice_number",
            "Excel turned this invoice number into a date.",
            "Format the column as text in Excel and type the invoice number again.",
        )
    elif not INVOICE_NUMBER.match(number):
        message = (
            "The invoice number is empty." if not number else f"'{number}' is not a usable invoice number."
        )
        row.add("invoice_number", message, "Use up to 40 letters, digits and . / - # for the invoice number.")
    due = _date(row, "due_date")
    issue = _date(row, "issue_date") if row.text("issue_date") else due
    amount = _amount(row, "amount", allow_zero=False)
    paid = _amount(row, "paid_amount", allow_zero=True) if row.text("paid_amount") else Decimal("0")
    currency = _currency(row, defaults)
    try:
        claim_type = words.claim_type(row.text("claim_type"))
    except ValueError:
        row.add(
            "claim_type",
            f"'{row.text('claim_type')}' is not a claim type.",
            "Write B2B or B2C, or leave it empty.",
        )
        claim_type = None
    claim_type = claim_type or (ClaimType.B2B if kind is DebtorKind.COMPANY else ClaimType.B2C)
    if None in (due, issue, amount, paid, currency) or row.has_error("invoice_number", "claim_type"):
        return None
    return Claim(
        invoice_number=number,
        issue_date=issue,
        due_date=due,
        principal=amount,
        currency=currency,
        claim_type=claim_type,
        description=row.text("description"),
        contract_reference=row.text("contract_reference"),
        paid=paid,
    )


def _date(row: RowCells, key: str) -> date | None:
    try:
        return parse_date(row.raw(key))
    except ValueProblem as problem:
        row.value_problem(key, problem)
        return None


def _amount(row: RowCells, key: str, *, allow_zero: bool) -> Decimal | None:
    try:
        return parse_amount(row.raw(key), allow_zero=allow_zero)
    except ValueProblem as problem:
        row.value_problem(key, problem)
        return None


def _currency(row: RowCells, defaults: Defaults) -> str | None:
    written = row.text("currency")
    currency = CURRENCY_WORDS.get(written.upper(), written.upper()) if written else None
    try:
        in_amount = currency_of(row.raw("amount"))
    except ValueProblem as problem:
        row.value_problem("amount", problem)
        return None
    if currency and in_amount and currency != in_amount:
        row.add(
            "currency",
            f"The currency is {currency} but the amount is in {in_amount}.",
            "Make the currency and the amount agree.",
        )
        return None
    currency = currency or in_amount or defaults.currency.upper()
    if currency not in CURRENCIES:
        row.add(
            "currency",
            f"'{written or currency}' is not a currency the portal collects in.",
            "Use " + " or ".join(CURRENCIES) + ".",
        )
        return None
    return currency


def _formula_warnings(row: RowCells) -> None:
    for key, index in row.columns.columns.items():
        value = row.cells[index] if index < len(row.cells) else None
        if not isinstance(value, str) or not value.startswith(FORMULA_START):
            continue
        if key in ("amount", "paid_amount") and _is_number(value.lstrip("-+ ")):
            continue
        if key == "phone" and not row.has_error("phone"):
            continue
        start = {"\t": "a tab", "\r": "a line break"}.get(value[0], f"'{value[0]}'")
        row.add(
            key,
            f"The value starts with {start}, which a spreadsheet may run as a formula.",
            "It is stored as text and exported with a leading apostrophe; remove that character if it does "
            "not belong to the value.",
            severity="warning",
        )


def _is_number(text: str) -> bool:
    try:
        parse_amount(text, allow_zero=True)
    except ValueProblem:
        return False
    return True
