"""Demo data for the local portal: a creditor organisation with a complete profile and its users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.adapters.dynamo.organisations import OrganisationRepository
from app.domain.organisation import Address, Organisation
from local import emulator

DEMO_ORG = "demo-creditor"
DEMO_PASSWORD = "Demo-Portal-2026!"
DEMO_USERS = (
    ("creditor@demo.example", ("creditor",)),
    ("operator@demo.example", ("operator",)),
)


DEMO_CLAIMS = (
    # debtor, kind, id number, e-mail, invoice, days overdue, amount
    ("Mizarstvo Kranjc d.o.o.", "company", "5300231", "racuni@kranjc.example", "2026-0101", 12, "1234.56"),
    ("Mizarstvo Kranjc d.o.o.", "company", "5300231", "racuni@kranjc.example", "2026-0117", 5, "310.00"),
    ("Novak Peter", "person", "", "peter.novak@example.com", "2026-0088", 45, "89.90"),
    ("Zupan Luka", "person", "", "luka.zupan@example.com", "2026-0042", 75, "540.00"),
    ("Virtanen Oy", "company", "2077474-0", "laskut@virtanen.example", "2026-0120", -10, "2500.00"),
    ("Horvat Maja", "person", "", "maja.horvat@example.com", "2026-0131", 2, "265.00"),
)
# Where the demo debtors live and answer the phone (letters and call tasks need them).
DEMO_CONTACT = {
    "Mizarstvo Kranjc d.o.o.": ("Industrijska cesta 7", "4000", "Kranj", "+38641555101"),
    "Novak Peter": ("Trubarjeva 12", "1000", "Ljubljana", "+38640555102"),
    "Zupan Luka": ("Glavni trg 3", "2000", "Maribor", "+38631555103"),
    "Virtanen Oy": ("Mannerheimintie 10", "00100", "Helsinki", "+358401234567"),
    "Horvat Maja": ("Prešernova 5", "6000", "Koper", "+38641555104"),
}


def seed_claims(services, org: Organisation) -> None:
    """A few cases in different phases, handed over as a creditor would (the same operation)."""
    from decimal import Decimal

    from app.adapters.dynamo.cases import Handover
    from app.claims.operations import hand_over
    from app.domain.claim import Claim, ClaimType
    from app.domain.debtor import Debtor, DebtorKind, validate_debtor
    from app.domain.handover import Incoming

    today = services.clock.today()
    incoming = []
    for name, kind, id_number, email, invoice, overdue, amount in DEMO_CLAIMS:
        country = "FI" if id_number.endswith("-0") else "SI"
        street, postcode, city, phone = DEMO_CONTACT[name]
        debtor = validate_debtor(
            Debtor(
                DebtorKind(kind),
                name,
                country,
                id_number=id_number,
                email=email,
                phone=phone,
                street=street,
                postcode=postcode,
                city=city,
            )
        )
        due = today - timedelta(days=overdue)
        claim = Claim(
            invoice_number=invoice,
            issue_date=due - timedelta(days=30),
            due_date=due,
            principal=Decimal(amount),
            currency="EUR",
            claim_type=ClaimType.B2B if kind == "company" else ClaimType.B2C,
            description="Dental treatment" if kind == "person" else "Services as agreed",
        )
        incoming.append(Incoming(debtor, claim, ref="demo"))
    handover = Handover(id="demo-seed", at=services.clock.now(), source="demo data", actor="demo seed")
    hand_over(services, org, incoming, handover)


def demo_organisation(org_id: str = DEMO_ORG) -> Organisation:
    return Organisation.new(org_id).updated(
        by="demo seed",
        at=datetime.now(UTC),
        legal_name="Demo Dental Clinic d.o.o.",
        country="SI",
        company_number="5300231",
        vat_number="SI15012557",
        iban="SI56 1910 0000 0123 438",
        bic="BAKOSI2X",
        address=Address("Slovenska cesta 1", "1000", "Ljubljana", "SI"),
        language="sl",
        currency="EUR",
        sender_email="billing@demo.example",
    )


def seed(env: dict, services=None) -> list[tuple[str, str]]:
    """Create the demo organisation, users and cases; returns (e-mail, password) pairs to print."""
    org = demo_organisation()
    OrganisationRepository().save(org)
    if services is not None:
        seed_claims(services, org)
    for email, groups in DEMO_USERS:
        emulator.create_user(env, email=email, org_id=DEMO_ORG, groups=groups, password=DEMO_PASSWORD)
    return [(email, DEMO_PASSWORD) for email, _ in DEMO_USERS]


def debtor_link(services, portal_url: str) -> tuple[str, str]:
    """A personal link to the largest demo case's debtor page, as a reminder would carry it, and
    what to confirm with (the debtor's postal code)."""
    page = services.case_list.page(DEMO_ORG, sort="amount", limit=1)
    if not page.cases:
        return "", ""
    case = page.cases[0]
    link = services.links.issue(DEMO_ORG, case.case_id, now=services.clock.now(), valid_days=60)
    return f"{portal_url.rstrip('/')}/d/{link.token}", case.debtor.postcode
