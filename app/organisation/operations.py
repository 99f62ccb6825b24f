"""What the organisation views do, as plain functions of plain data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.adapters.dynamo.organisations import OrganisationRepository
from app.domain.organisation import Address, Organisation
from app.domain.policy import AllocationOrder, CollectionPolicy


def load_profile(repo: OrganisationRepository, org_id: str) -> Organisation:
    return repo.get(org_id) or Organisation.new(org_id)


def update_profile(
    repo: OrganisationRepository,
    org_id: str,
    *,
    profile: dict,
    address: dict,
    policy: dict,
    by: str,
    now: datetime,
) -> Organisation:
    """Validate and store a profile; raises InvalidField and stores nothing when a value is wrong."""
    current = load_profile(repo, org_id)
    if "allocation_order" in policy:
        policy = {**policy, "allocation_order": AllocationOrder(policy["allocation_order"])}
    new_policy: CollectionPolicy = replace(current.policy, **policy)
    updated = current.updated(by=by, at=now, address=Address(**address), policy=new_policy, **profile)
    repo.save(updated)
    return updated
