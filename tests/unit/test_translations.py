"""The debtor's page is translated completely into Slovenian, Finnish, Polish and Greek."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
LANGUAGES = ("sl", "fi", "pl", "el")
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def catalogue(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


def _plain(string):
    return tuple(string) if isinstance(string, list | tuple) else string


def template_ids() -> set:
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        return {m.id for m in read_po(f) if m.id}


def test_the_template_holds_every_string_the_code_uses(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(out, "rb") as f:
        extracted = {m.id for m in read_po(f) if m.id}
    assert extracted == template_ids(), "run `make translations`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_with_the_same_placeholders(language):
    cat = catalogue(language)
    assert {m.id for m in cat if m.id} == template_ids()
    nplurals = cat.num_plurals  # from the Plural-Forms header babel writes for the language
    for message in cat:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{language}: untranslated {ids[0]!r}"
        if isinstance(message.id, tuple):
            assert len(strings) == nplurals, f"{language}: {ids[0]!r} needs {nplurals} plural forms"
        wanted = set(PLACEHOLDER.findall(ids[-1]))  # names, and "" for a literal %%
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # A plural's singular may spell the number out ("one day"): only the count may be missing.
            assert found <= wanted and wanted - found <= {"count"}, f"{language}: {ids[0]!r} → {string!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogues_match_their_sources(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = {_plain(m.id): _plain(m.string) for m in read_mo(f) if m.id}
    source = {_plain(m.id): _plain(m.string) for m in catalogue(language) if m.id}
    assert compiled == source, "run `make translations`"


@pytest.mark.parametrize(
    "language, count, expected",
    [
        ("sl", 1, "1 dan"),
        ("sl", 2, "2 dneva"),
        ("sl", 3, "3 dnevi"),
        ("sl", 5, "5 dni"),
        ("sl", 101, "101 dan"),
        ("pl", 1, "1 dzień"),
        ("pl", 3, "3 dni"),
        ("pl", 22, "22 dni"),
        ("fi", 1, "1 päivä"),
        ("fi", 2, "2 päivää"),
        ("el", 1, "1 ημέρα"),
        ("el", 2, "2 ημέρες"),
    ],
)
def test_plural_forms_follow_each_language(language, count, expected):
    from babel.support import Translations

    translations = Translations.load(str(TRANSLATIONS), [language])
    assert translations.ngettext("%(count)s day", "%(count)s days", count) % {"count": count} == expected
