"""Words for countries, languages, person/company and B2B/B2C in the five languages, and the rule that
tells a company from a person when the file does not say.

Person or company, when the debtor type column is empty or absent (kept simple on purpose):
1. a company if the name carries a legal-form suffix (d.o.o., s.p., Oy, Ky, sp. z o.o., S.A., Α.Ε.,
   ΙΚΕ, GmbH, Ltd, ...) or an organisation word (zavod, kunta, fundacja, δήμος, ...);
2. a company if the identification number is valid as a company number of the debtor's country
   (SI matična številka, FI Y-tunnus, PL NIP or REGON - Polish individuals identify with PESEL);
3. otherwise a person.
Sole traders (s.p., Tmi, a Polish NIP) count as companies: their invoices are B2B.
"""

from __future__ import annotations

import importlib
import re
import unicodedata

from app.domain.claim import ClaimType
from app.domain.debtor import DebtorKind
from app.domain.intake.synonyms import normalise_header


def _keys(*words: str) -> frozenset[str]:
    return frozenset(normalise_header(word) for word in words)


PERSON_WORDS = _keys(
    "person",
    "private person",
    "individual",
    "natural person",
    "consumer",
    "private",
    "B2C",
    "fizična oseba",
    "FO",
    "fizična",
    "zasebnik",
    "potrošnik",
    "oseba",
    "yksityishenkilö",
    "henkilö",
    "yksityinen",
    "kuluttaja",
    "luonnollinen henkilö",
    "osoba fizyczna",
    "osoba",
    "konsument",
    "klient indywidualny",
    "os. fiz.",
    "φυσικό πρόσωπο",
    "ιδιώτης",
    "καταναλωτής",
    "φ.π.",
)
COMPANY_WORDS = _keys(
    "company",
    "business",
    "legal person",
    "legal entity",
    "organisation",
    "organization",
    "B2B",
    "pravna oseba",
    "PO",
    "podjetje",
    "družba",
    "samostojni podjetnik",
    "s.p.",
    "yritys",
    "yhtiö",
    "oikeushenkilö",
    "elinkeinonharjoittaja",
    "yhteisö",
    "firma",
    "przedsiębiorca",
    "osoba prawna",
    "spółka",
    "przedsiębiorstwo",
    "εταιρεία",
    "επιχείρηση",
    "νομικό πρόσωπο",
    "ν.π.",
)
COUNTRIES = {
    **{
        normalise_header(name): "SI"
        for name in ("Slovenia", "Slovenija", "Slovenien", "Słowenia", "Σλοβενία")
    },
    **{normalise_header(name): "FI" for name in ("Finland", "Suomi", "Finska", "Finlandia", "Φινλανδία")},
    **{normalise_header(name): "PL" for name in ("Poland", "Polska", "Poljska", "Puola", "Πολωνία")},
    **{
        normalise_header(name): "GR"
        for name in ("Greece", "Hellas", "Grčija", "Kreikka", "Grecja", "Ελλάδα", "Ελλάς")
    },
    **{normalise_header(name): "HR" for name in ("Croatia", "Hrvatska", "Chorwacja")},
    **{normalise_header(name): "AT" for name in ("Austria", "Avstrija", "Österreich", "Itävalta")},
    **{normalise_header(name): "DE" for name in ("Germany", "Nemčija", "Deutschland", "Saksa", "Niemcy")},
    **{normalise_header(name): "IT" for name in ("Italy", "Italija", "Italia", "Włochy")},
    **{normalise_header(name): "SE" for name in ("Sweden", "Ruotsi", "Sverige", "Švedska", "Szwecja")},
    **{normalise_header(name): "EE" for name in ("Estonia", "Viro", "Eesti", "Estonija")},
    "el": "GR",  # the Greek VAT prefix
    "uk": "GB",
}
LANGUAGE_WORDS = {
    **dict.fromkeys(
        _keys("sl", "si", "slo", "slv", "slovenščina", "slovenski", "slovene", "slovenian"), "sl"
    ),
    **dict.fromkeys(_keys("fi", "fin", "suomi", "finnish", "suomeksi", "finščina", "fiński"), "fi"),
    **dict.fromkeys(_keys("pl", "pol", "polski", "polish", "polščina", "puola"), "pl"),
    **dict.fromkeys(
        _keys("el", "gr", "ell", "gre", "greek", "ελληνικά", "grščina", "kreikka", "grecki"), "el"
    ),
    **dict.fromkeys(_keys("en", "eng", "english", "angleščina", "englanti", "angielski", "αγγλικά"), "en"),
}
# Matched as whole words against the name casefolded without accents (see _plain: ς is σ there).
SUFFIX = re.compile(
    r"(?:^|[\s,(])(?:"
    r"d\.?\s?o\.?\s?o|d\.?\s?d|s\.?\s?p|k\.?\s?d|d\.?\s?n\.?\s?o"  # Slovenia
    r"|oyj?|ky|ay|tmi|ab|osk|ry"  # Finland
    r"|sp\.?\s?z\s?o\.?\s?o|s\.?\s?a|sp\.?\s?[jkp]|s\.?\s?c|s\.?\s?k\.?\s?a"  # Poland
    r"|α\.?\s?ε|ε\.?\s?π\.?\s?ε|(?:μ\.?\s?)?ι\.?\s?κ\.?\s?ε|ο\.?\s?ε|ε\.?\s?ε"  # Greece
    r"|ltd|limited|gmbh|inc|llc|plc|ag|s\.?\s?r\.?\s?l|b\.?\s?v|n\.?\s?v"  # elsewhere
    r"|zavod|drustvo|obcina|kunta|yhdistys|saatio|osuuskunta|fundacja|stowarzyszenie|społdzielnia"
    r"|gmina|δημοσ|συλλογοσ"  # organisations that are not companies but are not persons either
    r")\.?(?=$|[\s,)])"
)
# Named, not imported, so python-stdnum loads on first use (as app.domain.debtor does).
COMPANY_NUMBERS = {"SI": ("si.maticna",), "FI": ("fi.ytunnus",), "PL": ("pl.nip", "pl.regon")}


def _plain(text: str) -> str:
    """Lower case without accents (Greek tonos, Slovenian carons), punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def debtor_kind(word: str) -> DebtorKind | None:
    """The kind a debtor-type cell names, None when it is empty; ValueError when it names neither."""
    key = normalise_header(word)
    if not key:
        return None
    if key in PERSON_WORDS:
        return DebtorKind.PERSON
    if key in COMPANY_WORDS:
        return DebtorKind.COMPANY
    raise ValueError(word)


def claim_type(word: str) -> ClaimType | None:
    """B2B or B2C from a claim-type cell (also company/person words), None when empty; else ValueError."""
    kind = debtor_kind(word)
    if kind is None:
        return None
    return ClaimType.B2B if kind is DebtorKind.COMPANY else ClaimType.B2C


def guess_kind(name: str, id_number: str, country: str) -> DebtorKind:
    """Company or person when the file does not say (see the module's docstring)."""
    if SUFFIX.search(_plain(name)):
        return DebtorKind.COMPANY
    if id_number and any(
        importlib.import_module(f"stdnum.{name}").is_valid(id_number)
        for name in COMPANY_NUMBERS.get(country, ())
    ):
        return DebtorKind.COMPANY
    return DebtorKind.PERSON


def country_code(text: str) -> str | None:
    """A two-letter code from a code or a country name, None when empty; ValueError when unknown."""
    stripped = text.strip()
    if not stripped:
        return None
    key = normalise_header(stripped)
    if key in COUNTRIES:
        return COUNTRIES[key]
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        return stripped.upper()
    raise ValueError(text)


def language_code(text: str) -> str | None:
    """sl, fi, pl, el or en from a code or a language's name, None when empty; ValueError otherwise."""
    key = normalise_header(text)
    if not key:
        return None
    if key in LANGUAGE_WORDS:
        return LANGUAGE_WORDS[key]
    raise ValueError(text)
