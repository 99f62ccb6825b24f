"""The demand letter as a PDF: Greek and Polish text survive, metadata is set, output is reproducible."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from app.messages import example_context, letter_pdf, render

AUTHORITY = {"el": "Αρχή Προστασίας Δεδομένων", "pl": "Urzędu Ochrony Danych Osobowych"}


def letter(language: str, **changes) -> tuple[bytes, object]:
    context = example_context(language)
    message = render("demand_letter", language, replace(context, **changes) if changes else context)
    return letter_pdf(message, language=language), message


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Extraction may break a line where the PDF wraps it; compare on single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_greek_letter_keeps_its_greek():
    pdf, message = letter("el")

    text = text_of(pdf)

    assert pdf.startswith(b"%PDF-")
    for words in (
        "Όχληση για πληρωμή οφειλής",
        "Συνολική οφειλή",
        "Κεφάλαιο",
        "Μαρία Γεωργίου",
        "Θεσσαλονίκη",
    ):
        assert words in text
    assert message.letter.total.value.replace("\xa0", " ") in text.replace("\xa0", " ")


def test_a_polish_letter_keeps_its_diacritics_and_zloty():
    pdf, _ = letter("pl")

    text = text_of(pdf)

    assert "zł" in text
    for words in ("Wezwanie do zapłaty", "Należność główna", "Katarzyna Wiśniewska", "Łódź"):
        assert words in text
    for letter_ in "ąęłóśżź":
        assert letter_ in text


def test_the_same_message_gives_the_same_bytes():
    first, _ = letter("pl")
    second, _ = letter("pl")

    assert first == second


def test_the_metadata_come_from_the_message_not_the_clock():
    pdf, message = letter("el")

    meta = PdfReader(io.BytesIO(pdf)).metadata

    assert meta.title == message.subject
    assert meta.author == message.letter.sender[0]
    assert meta.creation_date == datetime(2026, 3, 3, tzinfo=UTC)


@pytest.mark.parametrize("language", ["el", "pl"])
def test_the_privacy_notice_is_printed_on_first_contact_only(language):
    first, _ = letter(language, first_contact=True)
    later, _ = letter(language, first_contact=False)

    assert AUTHORITY[language] in text_of(first)
    assert AUTHORITY[language] not in text_of(later)


@pytest.mark.parametrize("language", ["sl", "fi", "en"])
def test_every_language_prints(language):
    pdf, message = letter(language)

    text = text_of(pdf)

    assert message.subject in text
    assert message.letter.payment[1].value in text  # the IBAN, as printed on the page


def test_the_second_reminder_prints_too():
    message = render("reminder_firm", "sl", example_context("sl"))

    text = text_of(letter_pdf(message, language="sl"))

    assert "Drugi opomin" in text
    assert "Ana Kovač" in text and "Skupaj za plačilo" in text


def test_a_reminder_is_not_a_letter():
    message = render("reminder_friendly", "en", example_context("en"))

    with pytest.raises(ValueError, match="not a letter"):
        letter_pdf(message, language="en")
