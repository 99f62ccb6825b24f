"""Handing claims over, whichever way they come in (form, spreadsheet, API)."""

from __future__ import annotations

from dataclasses import dataclass

from app.adapters.dynamo.cases import Applied, Handover, new_case_id
from app.domain.handover import Incoming, Plan, plan
from app.domain.organisation import Organisation
from app.services import Services


@dataclass(frozen=True)
class HandoverResult:
    plan: Plan
    applied: Applied


def preview(services: Services, org_id: str, incoming: list[Incoming], handover_id: str = "") -> Plan:
    """What a hand-over would do, without writing anything."""
    return plan(incoming, services.cases.known(org_id, incoming), new_case_id, handover_id)


def hand_over(
    services: Services, org: Organisation, incoming: list[Incoming], handover: Handover
) -> HandoverResult:
    """Store the claims; running the same hand-over again completes it and adds nothing twice."""
    with services.locks.hold(org.org_id, "handover"):
        the_plan = preview(services, org.org_id, incoming, handover.id)
        applied = services.cases.apply(
            org.org_id,
            the_plan,
            handover,
            today=services.clock.today(),
            early_days=org.policy.early_collection_days,
        )
    return HandoverResult(the_plan, applied)
