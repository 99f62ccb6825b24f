"""Demo data for the local portal: a creditor organisation with a complete profile and its users."""

from __future__ import annotations

from datetime import UTC, datetime

from app.adapters.dynamo.organisations import OrganisationRepository
from app.domain.organisation import Address, Organisation
from local import emulator

DEMO_ORG = "demo-creditor"
DEMO_PASSWORD = "Demo-Portal-2026!"
DEMO_USERS = (
    ("creditor@demo.example", ("creditor",)),
    ("operator@demo.example", ("operator",)),
)


def seed(env: dict) -> list[tuple[str, str]]:
    """Create the demo organisation and users; returns (e-mail, password) pairs to print."""
    org = Organisation.new(DEMO_ORG).updated(
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
    OrganisationRepository().save(org)
    for email, groups in DEMO_USERS:
        emulator.create_user(env, email=email, org_id=DEMO_ORG, groups=groups, password=DEMO_PASSWORD)
    return [(email, DEMO_PASSWORD) for email, _ in DEMO_USERS]
