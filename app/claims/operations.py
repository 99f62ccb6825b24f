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
    today, early_days = services.clock.today(), org.policy.early_collection_days
    with services.locks.hold(org.org_id, "handover") as lease:
        for case_id in lease.recovered:  # a hand-over died half-way: repair what it touched
            services.cases.recompute(org.org_id, case_id, today, early_days)
        the_plan = preview(services, org.org_id, incoming, handover.id)
        lease.note(list(the_plan.changes))
        applied = services.cases.apply(
            org.org_id,
            the_plan,
            handover,
            today=today,
            early_days=early_days,
        )
    return HandoverResult(the_plan, applied)
