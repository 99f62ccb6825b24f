"""Messages in every language: snapshots of each template, and the rules they must keep.

Snapshots live in snapshots/<language>/<template>.txt|.html (the .txt starts with its subject).
After a deliberate change to a template, rewrite them with
``UPDATE_SNAPSHOTS=1 pytest tests/unit/messages`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.messages import LANGUAGES, TEMPLATES, example_context, render
from app.messages.formatting import LOCALES, percent
from app.messages.render import TEMPLATE_DIR

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
ROOT = Path(__file__).resolve().parents[3]
# Everything written to the debtor except the SMS (too short, seen by others) and the call script
# (read by the operator) carries the GDPR Article 14 notice on first contact.
WRITTEN = ("reminder_friendly", "reminder_b2b", "reminder_firm", "demand_letter", "promise_broken")
AUTHORITY = {
    "sl": "Informacijskem pooblaščencu",
    "fi": "tietosuojavaltuutetulle",
    "pl": "Prezesa Urzędu Ochrony Danych Osobowych",
    "el": "Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα",
    "en": "national data protection authority",
}
NBSP = "\N{NO-BREAK SPACE}"


def context_for(template: str, language: str, **changes):
    context = example_context(language, company=template == "reminder_b2b")
    return replace(context, **changes) if changes else context


def check_snapshot(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"No snapshot {path.relative_to(ROOT)}: run with UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8"), f"{path.relative_to(ROOT)} changed"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_matches_its_snapshot(template, language):
    message = render(template, language, context_for(template, language))

    assert (message.template, message.language) == (template, language)
    check_snapshot(SNAPSHOTS / language / f"{template}.txt", f"Subject: {message.subject}\n{message.text}")
    check_snapshot(SNAPSHOTS / language / f"{template}.html", message.html)


def test_an_unknown_language_gets_english():
    message = render("reminder_friendly", "de", example_context("de"))

    assert message.language == "en"
    assert message.subject.startswith("Friendly reminder")


def test_an_unknown_template_is_refused():
    with pytest.raises(ValueError, match="Unknown message template"):
        render("reminder_angry", "en", example_context("en"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", WRITTEN)
def test_the_gdpr_notice_comes_with_the_first_contact_only(template, language):
    first = render(template, language, context_for(template, language, first_contact=True))
    later = render(template, language, context_for(template, language, first_contact=False))

    assert AUTHORITY[language] in first.text
    assert AUTHORITY[language] in first.html
    assert AUTHORITY[language] not in later.text
    assert AUTHORITY[language] not in later.html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", ["sms_reminder", "call_script"])
def test_sms_and_call_script_never_carry_the_notice(template, language):
    message = render(template, language, context_for(template, language, first_contact=True))

    assert AUTHORITY[language] not in message.text + message.html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_html_escapes_what_the_data_holds(template, language):
    hostile = "<script>alert('x')</script> & Co"
    context = context_for(template, language, debtor_name=hostile, creditor_name=hostile)

    message = render(template, language, context)

    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert hostile in message.text  # plain text is sent as text/plain: nothing to escape


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_sms_tells_nothing_about_the_debt(language):
    context = example_context(language)

    message = render("sms_reminder", language, context)

    assert len(message.text.strip()) <= 320
    assert "\n" not in message.text.strip()
    for shown in (message.text, message.html):
        assert context.link_url in shown
        assert not re.search(r"\d[\d.,\s\xa0]*\d{2}\b", shown.replace(context.link_url, ""))
        for secret in ("€", "zł", "EUR", "PLN", context.case_id, *(i.number for i in context.invoices)):
            assert secret not in shown


@pytest.mark.parametrize(
    ("language", "amount"),
    [
        ("sl", f"1.234,56{NBSP}€"),
        ("fi", f"1{NBSP}234,56{NBSP}€"),
        ("pl", f"1{NBSP}234,56{NBSP}zł"),
        ("el", f"1.234,56{NBSP}€"),
        ("en", "€1,234.56"),
    ],
)
def test_amounts_are_written_the_way_the_language_writes_them(language, amount):
    message = render("reminder_friendly", language, example_context(language))

    assert amount in message.text
    assert amount in message.html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_bare_case_renders_without_the_optional_parts(template, language):
    # No interest, costs, payments, promise or structured reference: every conditional's other branch.
    zero = Decimal("0.00")
    context = context_for(template, language)
    bare = replace(
        context,
        interest=zero,
        compensation=zero,
        fees=zero,
        paid=zero,
        total=context.principal,
        promise_date=None,
        reference="",
        first_contact=False,
    )

    message = render(template, language, bare)

    assert message.subject
    assert percent(context.interest_rate, LOCALES[language]) not in message.text  # no interest row
    if template not in ("sms_reminder",):
        assert context.case_id in message.text  # the case number stands in for the reference


@pytest.mark.parametrize("language", LANGUAGES)
def test_payments_already_made_are_shown_as_a_deduction(language):
    context = example_context(language)
    paid = replace(context, paid=Decimal("100.00"), total=context.total - Decimal("100.00"))

    message = render("demand_letter", language, paid)

    assert "-100,00" in message.text or "-€100.00" in message.text
    assert message.letter is not None
    assert message.letter.amounts[-1].value in message.text


def test_a_line_break_in_the_data_cannot_reach_the_subject_line():
    context = replace(example_context("en"), creditor_name="Brightwater\r\nBcc: someone@example.com")

    message = render("reminder_friendly", "en", context)

    assert "\n" not in message.subject and "\r" not in message.subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demand_letter_and_the_second_reminder_can_be_printed(language):
    printable = {
        template
        for template in TEMPLATES
        if render(template, language, example_context(language)).letter is not None
    }
    assert printable == {"demand_letter", "reminder_firm"}


def test_no_text_template_line_loses_its_line_break():
    # With trim_blocks a block tag at the end of a line of text eats that line's newline; such a
    # tag must be written {% ... +%}. This catches the slip before a snapshot shows two paragraphs
    # run together.
    tag_at_end = re.compile(r"\S.*\{%-?[^%]*[^+]%\}$")
    offenders = [
        f"{path.relative_to(TEMPLATE_DIR)}:{number}"
        for path in sorted(TEMPLATE_DIR.rglob("*.txt"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if tag_at_end.search(line) and not re.fullmatch(r"\s*\{%.*%\}\s*", line)
    ]
    assert offenders == []


def test_importing_the_package_loads_neither_babel_nor_fpdf():
    # Cold start: the worker imports app.messages for every event, renders now and then and prints
    # a letter rarely; babel and fpdf2 load on first use.
    code = "import sys, app.messages; print(sorted({'babel', 'fpdf'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_greek_dates_take_the_article_of_their_day():
    context = replace(example_context("el"), link_expires=date(2026, 6, 1), pay_by=date(2026, 3, 17))

    message = render("reminder_friendly", "el", context)

    assert "έως την 1η Ιουνίου 2026" in message.text
    assert "έως τις 17 Μαρτίου 2026" in message.text
