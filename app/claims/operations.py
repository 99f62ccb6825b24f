"""Handing claims over, whichever way they come in (form, spreadsheet, API)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from app.adapters.dynamo.cases import Applied, Handover, HeldHeaders, new_case_id
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


class HandoverSession(contextlib.AbstractContextManager):
    """One or more hand-overs under the organisation's lease (locks.py).

    Entering repairs what a hand-over that died left behind; every hand-over first notes on the lease
    which cases it is about to change; headers of cases created in the session are written in
    batches by ``flush`` (also on a clean exit). After an exception the lease is kept with its note,
    so whoever comes next repairs those cases.
    """

    def __init__(self, services: Services, org: Organisation):
        self.services, self.org = services, org
        self.today, self.early_days = services.clock.today(), org.policy.early_collection_days
        self.held = HeldHeaders()
        self.touched: set[str] = set()
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> HandoverSession:
        self.lease = self._stack.enter_context(self.services.locks.hold(self.org.org_id, "handover"))
        for case_id in self.lease.recovered:
            self.services.cases.recompute(self.org.org_id, case_id, self.today, self.early_days)
        return self

    def hand_over(self, incoming: list[Incoming], handover: Handover) -> HandoverResult:
        the_plan = preview(self.services, self.org.org_id, incoming, handover.id)
        self.touched |= set(the_plan.changes)
        self.lease.note(sorted(self.touched))
        applied = self.services.cases.apply(
            self.org.org_id, the_plan, handover, today=self.today, early_days=self.early_days, held=self.held
        )
        return HandoverResult(the_plan, applied)

    def flush(self) -> None:
        """Write the held headers; from here on they are consistent, so the note starts afresh."""
        self.services.cases.flush(self.held)
        self.touched = set()
        self.lease.note([])

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.flush()
        return self._stack.__exit__(exc_type, exc, tb)


def hand_over(
    services: Services, org: Organisation, incoming: list[Incoming], handover: Handover
) -> HandoverResult:
    """Store the claims; running the same hand-over again completes it and adds nothing twice."""
    with HandoverSession(services, org) as session:
        return session.hand_over(incoming, handover)
