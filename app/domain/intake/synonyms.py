"""Header names the import recognises, per column and language (en, sl, fi, pl, el).

The first name of each language is the one the downloadable template uses. Names are compared after
``normalise_header``: case, accents, punctuation and spaces do not matter, so "Št. računa",
"ŠT RAČUNA" and "st.racuna" are the same header. A name may mean different columns in different
languages ("Kraj" is the town in Slovenian, the country in Polish); ``map_headers`` settles those by the
language of the file's other headers.
"""

from __future__ import annotations

import re
import unicodedata

COLUMN_KEYS = (
    "debtor_type",
    "debtor_name",
    "debtor_id",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "country",
    "language",
    "invoice_number",
    "issue_date",
    "due_date",
    "amount",
    "currency",
    "description",
    "contract_reference",
    "claim_type",
    "paid_amount",
)
REQUIRED = ("debtor_name", "invoice_number", "due_date", "amount")
ONE_OF = ("debtor_id", "email")  # at least one of them


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "debtor_type": {
        "en": _names("Debtor type|Customer type|Person or company|Entity type|Legal form|Type"),
        "sl": _names("Vrsta dolžnika|Tip dolžnika|Vrsta stranke|Tip stranke|Pravna oblika|Vrsta"),
        "fi": _names("Velallisen tyyppi|Asiakastyyppi|Henkilö vai yritys|Tyyppi|Yhtiömuoto"),
        "pl": _names("Typ dłużnika|Rodzaj dłużnika|Typ klienta|Rodzaj klienta|Forma prawna|Typ"),
        "el": _names("Τύπος οφειλέτη|Τύπος πελάτη|Κατηγορία πελάτη|Νομική μορφή|Τύπος"),
    },
    "debtor_name": {
        "en": _names(
            "Debtor name|Debtor|Customer|Customer name|Client|Client name|Name|Company name|Company|"
            "Buyer|Bill to|Full name"
        ),
        "sl": _names(
            "Naziv dolžnika|Dolžnik|Ime dolžnika|Kupec|Naziv kupca|Stranka|Naziv stranke|"
            "Ime in priimek|Naziv|Partner|Naziv partnerja|Poslovni partner|Ime"
        ),
        "fi": _names(
            "Velallisen nimi|Velallinen|Asiakas|Asiakkaan nimi|Nimi|Ostaja|Yrityksen nimi|Maksaja|Yritys"
        ),
        "pl": _names(
            "Nazwa dłużnika|Dłużnik|Kontrahent|Nazwa kontrahenta|Klient|Nazwa klienta|Nabywca|"
            "Nazwa nabywcy|Imię i nazwisko|Nazwa|Płatnik|Firma"
        ),
        "el": _names(
            "Επωνυμία οφειλέτη|Οφειλέτης|Επωνυμία|Επωνυμία πελάτη|Πελάτης|Όνομα πελάτη|"
            "Ονοματεπώνυμο|Όνομα|Αντισυμβαλλόμενος"
        ),
    },
    "debtor_id": {
        "en": _names(
            "Debtor ID|ID number|Identification number|Tax number|Tax ID|VAT number|VAT ID|"
            "Company number|Registration number|Business ID|Personal ID|National ID"
        ),
        "sl": _names(
            "Davčna številka|Davčna št.|ID za DDV|Identifikacijska številka za DDV|Matična številka|"
            "Matična št.|EMŠO|ID številka|DŠ"
        ),
        "fi": _names(
            "Y-tunnus|Henkilötunnus|Hetu|Y-tunnus tai henkilötunnus|Yritystunnus|ALV-numero|"
            "Arvonlisäverotunniste"
        ),
        "pl": _names(
            "NIP|NIP/PESEL|PESEL|REGON|Numer NIP|Nr NIP|Numer identyfikacyjny|"
            "Identyfikator podatkowy|NIP nabywcy|NIP kontrahenta"
        ),
        "el": _names("ΑΦΜ|Αριθμός φορολογικού μητρώου|ΑΦΜ πελάτη|ΑΦΜ οφειλέτη|Α.Φ.Μ. πελάτη"),
    },
    "email": {
        "en": _names("E-mail|Email address|E-mail address|Mail"),
        "sl": _names("E-pošta|E-poštni naslov|Elektronska pošta|E-naslov"),
        "fi": _names("Sähköposti|Sähköpostiosoite|S-posti"),
        "pl": _names("Adres e-mail|E-mail kontrahenta|Poczta elektroniczna|Adres poczty elektronicznej"),
        "el": _names("Email|Ηλεκτρονικό ταχυδρομείο|Διεύθυνση email|Email πελάτη"),
    },
    "phone": {
        "en": _names("Phone|Telephone|Phone number|Mobile|Mobile phone|Tel"),
        "sl": _names("Telefon|Telefonska številka|Mobitel|GSM|Tel. št."),
        "fi": _names("Puhelin|Puhelinnumero|Matkapuhelin|Puh"),
        "pl": _names("Telefon|Numer telefonu|Nr telefonu|Telefon komórkowy|Komórka"),
        "el": _names("Τηλέφωνο|Κινητό|Αριθμός τηλεφώνου|Τηλ|Κινητό τηλέφωνο"),
    },
    "street": {
        "en": _names("Street|Address|Street address|Address line 1"),
        "sl": _names("Naslov|Ulica|Ulica in hišna številka"),
        "fi": _names("Katuosoite|Osoite|Lähiosoite|Postiosoite"),
        "pl": _names("Adres|Ulica|Ulica i numer"),
        "el": _names("Διεύθυνση|Οδός|Οδός και αριθμός"),
    },
    "postcode": {
        "en": _names("Postcode|Post code|Postal code|ZIP|ZIP code"),
        "sl": _names("Poštna številka|Poštna št.|Pošt. št."),
        "fi": _names("Postinumero|Postinro"),
        "pl": _names("Kod pocztowy|Kod poczt."),
        "el": _names("Ταχυδρομικός κώδικας|ΤΚ|Τ.Κ."),
    },
    "city": {
        "en": _names("City|Town|Place"),
        "sl": _names("Kraj|Mesto|Pošta|Kraj pošte"),
        "fi": _names("Postitoimipaikka|Kaupunki|Paikkakunta|Kotipaikka"),
        "pl": _names("Miejscowość|Miasto|Poczta"),
        "el": _names("Πόλη|Περιοχή|Τόπος"),
    },
    "country": {
        "en": _names("Country|Country code"),
        "sl": _names("Država|Oznaka države|Koda države"),
        "fi": _names("Maa|Maakoodi|Valtio"),
        "pl": _names("Kraj|Kod kraju|Państwo"),
        "el": _names("Χώρα|Κωδικός χώρας"),
    },
    "language": {
        "en": _names("Language|Lang"),
        "sl": _names("Jezik"),
        "fi": _names("Kieli|Asiointikieli"),
        "pl": _names("Język"),
        "el": _names("Γλώσσα"),
    },
    "invoice_number": {
        "en": _names("Invoice number|Invoice no|Invoice|Invoice #|Document number|Document no|Doc no"),
        "sl": _names("Številka računa|Št. računa|Račun|Številka dokumenta|Št. dokumenta|Dokument"),
        "fi": _names("Laskun numero|Laskunumero|Laskun nro|Lasku|Tositenumero"),
        "pl": _names("Numer faktury|Nr faktury|Faktura|Numer dokumentu|Nr dokumentu"),
        "el": _names(
            "Αριθμός τιμολογίου|Αρ. τιμολογίου|Τιμολόγιο|Αριθμός παραστατικού|Αρ. παραστατικού|Παραστατικό"
        ),
    },
    "issue_date": {
        "en": _names("Issue date|Invoice date|Document date|Date"),
        "sl": _names("Datum računa|Datum izdaje|Datum dokumenta|Datum"),
        "fi": _names("Laskun päivämäärä|Laskupäivä|Päiväys|Päivämäärä"),
        "pl": _names("Data wystawienia|Data faktury|Data dokumentu|Data"),
        "el": _names("Ημερομηνία έκδοσης|Ημερομηνία τιμολογίου|Ημ/νία έκδοσης|Ημερομηνία"),
    },
    "due_date": {
        "en": _names("Due date|Due|Payment due|Due on|Maturity date"),
        "sl": _names("Datum zapadlosti|Zapadlost|Rok plačila|Datum valute|Zapade"),
        "fi": _names("Eräpäivä|Erääntymispäivä|Erääntyy"),
        "pl": _names("Termin płatności|Termin zapłaty|Płatne do"),
        "el": _names("Ημερομηνία λήξης|Λήξη|Ημ/νία λήξης"),
    },
    "amount": {
        "en": _names(
            "Amount|Amount due|Open amount|Outstanding|Balance|Total|Invoice amount|Gross amount|"
            "Principal|Invoice total"
        ),
        "sl": _names(
            "Znesek|Znesek računa|Odprti znesek|Odprto|Saldo|Dolg|Znesek z DDV|Za plačilo|Vrednost z DDV"
        ),
        "fi": _names("Summa|Laskun summa|Avoin summa|Avoin saldo|Määrä|Yhteensä|Kokonaissumma|Maksettava"),
        "pl": _names(
            "Kwota|Kwota brutto|Kwota do zapłaty|Do zapłaty|Pozostało do zapłaty|Wartość brutto|"
            "Należność|Saldo"
        ),
        "el": _names("Ποσό|Υπόλοιπο|Ποσό τιμολογίου|Οφειλή|Ανεξόφλητο ποσό|Σύνολο|Πληρωτέο"),
    },
    "currency": {
        "en": _names("Currency|Currency code|Cur|Ccy"),
        "sl": _names("Valuta|Oznaka valute|Denarna enota"),
        "fi": _names("Valuutta|Rahayksikkö"),
        "pl": _names("Waluta"),
        "el": _names("Νόμισμα"),
    },
    "description": {
        "en": _names("Description|Details|Note|Notes|Memo|Text"),
        "sl": _names("Opis|Opomba|Namen|Vsebina"),
        "fi": _names("Kuvaus|Selite|Lisätieto|Viesti"),
        "pl": _names("Opis|Uwagi|Tytuł|Treść"),
        "el": _names("Περιγραφή|Αιτιολογία|Σχόλια|Παρατηρήσεις"),
    },
    "contract_reference": {
        "en": _names("Contract reference|Contract|Contract number|Order number|PO number|Order"),
        "sl": _names("Številka pogodbe|Pogodba|Naročilo|Številka naročila"),
        "fi": _names("Sopimusnumero|Sopimus|Tilausnumero|Tilaus"),
        "pl": _names("Numer umowy|Umowa|Nr umowy|Zamówienie|Numer zamówienia"),
        "el": _names("Αριθμός σύμβασης|Σύμβαση|Αριθμός παραγγελίας|Παραγγελία"),
    },
    "claim_type": {
        "en": _names("Claim type|B2B/B2C|Type of claim"),
        "sl": _names("Vrsta terjatve|Tip terjatve"),
        "fi": _names("Saatavan tyyppi|Saatavalaji"),
        "pl": _names("Rodzaj należności|Typ należności"),
        "el": _names("Τύπος απαίτησης|Είδος απαίτησης"),
    },
    "paid_amount": {
        "en": _names("Paid amount|Paid|Amount paid|Payments|Partial payment"),
        "sl": _names("Plačano|Plačani znesek|Delno plačilo|Plačila"),
        "fi": _names("Maksettu|Maksettu summa|Suoritettu|Suoritukset"),
        "pl": _names("Zapłacono|Kwota zapłacona|Wpłacono|Wpłaty"),
        "el": _names("Πληρωμένο|Εξοφλημένο|Καταβληθέν ποσό|Πληρωμές"),
    },
}

# The column names in messages and in the English template.
LABELS = {key: SYNONYMS[key]["en"][0] for key in COLUMN_KEYS}
TEMPLATE_LANGUAGES = ("en", "sl", "fi", "pl", "el")
BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_header(text: object) -> str:
    """Lower case, no accents, no punctuation or spaces, no BOM: 'Št. računa' -> 'stracuna'."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _index() -> dict[str, dict[str, set[str]]]:
    """normalised name -> {column key -> languages that use the name for it}."""
    index: dict[str, dict[str, set[str]]] = {}
    for key, by_language in SYNONYMS.items():
        index.setdefault(normalise_header(key), {}).setdefault(key, set()).add("en")
        for language, names in by_language.items():
            for name in names:
                index.setdefault(normalise_header(name), {}).setdefault(key, set()).add(language)
    return index


INDEX = _index()


def candidates(header: object) -> dict[str, set[str]]:
    """The columns a header may mean ({key: languages}); brackets such as '(EUR)' are ignored."""
    found = INDEX.get(normalise_header(header))
    if found is None:
        found = INDEX.get(normalise_header(BRACKETS.sub("", str(header or ""))))
    return found or {}
