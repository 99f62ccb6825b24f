"""Organisation repository: the domain's Organisation in and out of the table."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo.models import AddressAttribute, OrganisationItem
from app.domain.organisation import Address, Organisation
from app.domain.policy import CollectionPolicy

PROFILE = "PROFILE"


def org_key(org_id: str) -> str:
    # Every creditor-owned record starts with this key; see models.py.
    return f"ORG#{org_id}"


class OrganisationRepository:
    def get(self, org_id: str) -> Organisation | None:
        try:
            item = OrganisationItem.get(org_key(org_id), PROFILE)
        except DoesNotExist:
            return None
        return _to_domain(item)

    def save(self, org: Organisation) -> None:
        OrganisationItem(
            pk=org_key(org.org_id),
            sk=PROFILE,
            org_id=org.org_id,
            legal_name=org.legal_name,
            country=org.country,
            company_number=org.company_number,
            vat_number=org.vat_number,
            iban=org.iban,
            bic=org.bic,
            address=AddressAttribute(
                street=org.address.street,
                postcode=org.address.postcode,
                city=org.address.city,
                country=org.address.country,
            ),
            language=org.language,
            currency=org.currency,
            sender_email=org.sender_email,
            policy=org.policy.to_dict(),
            updated_at=org.updated_at,
            updated_by=org.updated_by,
        ).save()


def _to_domain(item: OrganisationItem) -> Organisation:
    address = item.address
    return Organisation(
        org_id=item.org_id,
        legal_name=item.legal_name,
        country=item.country,
        company_number=item.company_number,
        vat_number=item.vat_number,
        iban=item.iban,
        bic=item.bic,
        address=Address(
            street=address.street,
            postcode=address.postcode,
            city=address.city,
            country=address.country,
        ),
        language=item.language,
        currency=item.currency,
        sender_email=item.sender_email,
        policy=CollectionPolicy.from_dict(item.policy.as_dict() if item.policy else {}),
        updated_at=item.updated_at,
        updated_by=item.updated_by,
    )
