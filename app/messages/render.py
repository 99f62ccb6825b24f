"""Messages to debtors, rendered from ``app/templates/messages/<language>/<template>.txt|.html``.

A standalone Jinja2 environment, not Flask's: the worker Lambda renders without an application
context. Each language folder holds the message templates, its GDPR notice and ``_labels.jinja``
(the words of tables and rows); the language-neutral partials next to the folders lay the rows
out. Rows of amounts and payment details are built here once, so the e-mail text, the HTML and
the PDF letter show the same figures with the same labels.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from app.messages.context import MessageContext
from app.messages.formatting import FILTERS, LOCALES, day, grouped, money, percent, reference

TEMPLATES = (
    "reminder_friendly",
    "reminder_b2b",
    "reminder_firm",
    "demand_letter",
    "promise_broken",
    "sms_reminder",
    "call_script",
)
LANGUAGES = ("sl", "fi", "pl", "el", "en")
# A .txt template that marks its opening and its closing paragraphs with {% block intro %} and
# {% block closing %} can also be printed: render() then returns its parts for letter_pdf(). The
# demand letter and the second reminder do (a policy may send either by post).
LETTER_BLOCKS = frozenset({"intro", "closing"})
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "messages"
SUBJECT = "Subject:"


class Row(NamedTuple):
    label: str
    value: str


@dataclass(frozen=True)
class LetterParts:
    """A letter taken apart for the PDF layout; every string already in the debtor's language."""

    sent_on: date  # the letter's date, also the PDF's creation date (the output is reproducible)
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    date_line: str
    intro: tuple[str, ...]  # paragraphs before the figures
    invoice_headings: tuple[str, ...]
    invoices: tuple[tuple[str, ...], ...]
    amounts_title: str
    amounts: tuple[Row, ...]
    total: Row
    payment_title: str
    payment: tuple[Row, ...]
    closing: tuple[str, ...]  # paragraphs after the figures, signature included
    notice: tuple[str, ...]  # GDPR Article 14 notice (first contact only): heading, paragraphs
    footer: str


@dataclass(frozen=True)
class RenderedMessage:
    template: str
    language: str
    subject: str
    text: str
    html: str
    # Only for templates with the letter blocks; letter_pdf() lays these parts out. Kept out of
    # repr and comparison: it repeats the text.
    letter: LetterParts | None = field(default=None, repr=False, compare=False)


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,  # a misspelt variable fails the render instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the code; no stat() per render
    )
    env.filters.update(FILTERS)
    return env


def render(template: str, language: str, context: MessageContext) -> RenderedMessage:
    """``template`` in ``language`` (an unknown language falls back to English)."""
    if template not in TEMPLATES:
        raise ValueError(f"Unknown message template {template!r}; use one of {', '.join(TEMPLATES)}.")
    language = language if language in LANGUAGES else "en"
    env = environment()
    labels = env.get_template(f"{language}/_labels.jinja").module
    variables = _variables(context, language, labels)
    text_template = env.get_template(f"{language}/{template}.txt")
    subject, text = _split_subject(text_template.render(variables))
    html = env.get_template(f"{language}/{template}.html").render(variables, subject=subject)
    letter = None
    if text_template.blocks.keys() >= LETTER_BLOCKS:
        letter = _letter(env, text_template, {**variables, "subject": subject}, context, labels)
    return RenderedMessage(template, language, subject, text, html, letter)


def _variables(context: MessageContext, language: str, labels: Any) -> dict[str, Any]:
    locale = LOCALES[language]
    variables: dict[str, Any] = {f.name: getattr(context, f.name) for f in fields(context)}

    def amount(value) -> str:
        return money(value, context.currency, locale)

    amounts = [Row(labels.principal, amount(context.principal))]
    if context.interest:
        amounts.append(
            Row(labels.interest_row(percent(context.interest_rate, locale)), amount(context.interest))
        )
    if context.compensation:
        amounts.append(Row(labels.compensation, amount(context.compensation)))
    if context.fees:
        amounts.append(Row(labels.fees, amount(context.fees)))
    if context.paid:
        amounts.append(Row(labels.paid, amount(-context.paid)))
    payment = [
        Row(labels.beneficiary, context.creditor_name),
        Row(labels.iban, grouped(context.creditor_iban)),
    ]
    if context.creditor_bic:
        payment.append(Row(labels.bic, context.creditor_bic))
    if context.reference:
        payment.append(Row(labels.reference, reference(context.reference)))
    else:  # without a structured reference the case number tells the payment apart
        payment.append(Row(labels.purpose, context.case_id))
    payment.append(Row(labels.amount, amount(context.total)))
    payment.append(Row(labels.pay_by, day(context.pay_by, locale)))
    variables.update(
        language=language,
        locale=locale,
        l=labels,
        amounts=tuple(amounts),
        total_row=Row(labels.total, amount(context.total)),
        payment=tuple(payment),
        interest_basis_text=str(labels.basis(context.interest_basis)),
    )
    return variables


def _tidy(text: str) -> str:
    # Conditionals in the templates leave trailing spaces and runs of blank lines behind.
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _split_subject(rendered: str) -> tuple[str, str]:
    first, _, body = rendered.partition("\n")
    if not first.startswith(SUBJECT):
        raise ValueError(f"A message template must start with a {SUBJECT!r} line, not {first!r}.")
    # One line whatever the data holds: a line break in a name must not become a mail header.
    subject = " ".join(first.removeprefix(SUBJECT).split())
    return subject, _tidy(body)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _tidy(text).split("\n\n") if p.strip())


def _block(template: Template, name: str, variables: dict[str, Any]) -> tuple[str, ...]:
    return _paragraphs("".join(template.blocks[name](template.new_context(variables))))


def _letter(
    env: Environment, template: Template, variables: dict[str, Any], context: MessageContext, labels: Any
) -> LetterParts:
    locale = variables["locale"]
    notice: tuple[str, ...] = ()
    if context.first_contact:
        notice = _paragraphs(env.get_template(f"{variables['language']}/_gdpr_notice.txt").render(variables))
    sender = (
        context.creditor_name,
        context.creditor_address,
        f"{labels.company_number}: {context.creditor_company_number}",
        context.creditor_email,
    )
    return LetterParts(
        sent_on=context.sent_on,
        sender=sender,
        recipient=(context.debtor_name, *context.debtor_address),
        date_line=day(context.sent_on, locale),
        intro=_block(template, "intro", variables),
        invoice_headings=(
            labels.invoice_number,
            labels.description,
            labels.issue_date,
            labels.due_date,
            labels.outstanding,
        ),
        invoices=tuple(
            (
                line.number,
                line.description,
                day(line.issue_date, locale),
                day(line.due_date, locale),
                money(line.outstanding, context.currency, locale),
            )
            for line in context.invoices
        ),
        amounts_title=labels.amounts_title,
        amounts=variables["amounts"],
        total=variables["total_row"],
        payment_title=labels.payment_title,
        payment=variables["payment"],
        closing=_block(template, "closing", variables),
        notice=notice,
        footer=" · ".join((*sender, f"{labels.case}: {context.case_id}")),
    )
