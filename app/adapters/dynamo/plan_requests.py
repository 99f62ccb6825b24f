"""A debtor's request for a payment plan outside the creditor's rules, waiting for the creditor.

    pk                          sk             item
    ORG#<org>#CASE#<case>       REQUEST#PLAN   PlanRequest: how many instalments, the balance then

One per case: a newer request replaces the older one. The creditor's decision removes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.attributes import NumberAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import PortalItem

SK = "REQUEST#PLAN"


class PlanRequestItem(PortalItem, discriminator="PlanRequest"):
    instalments = NumberAttribute()
    total_cents = NumberAttribute()
    requested_at = UTCDateTimeAttribute()


@dataclass(frozen=True)
class PlanRequest:
    instalments: int
    total_cents: int
    requested_at: datetime


class PlanRequests:
    def put(self, org_id: str, case_id: str, *, instalments: int, total_cents: int, at: datetime) -> None:
        PlanRequestItem(
            keys.case_items(org_id, case_id),
            SK,
            instalments=instalments,
            total_cents=total_cents,
            requested_at=at,
        ).save()

    def pending(self, org_id: str, case_id: str) -> PlanRequest | None:
        try:
            item = PlanRequestItem.get(keys.case_items(org_id, case_id), SK)
        except DoesNotExist:
            return None
        return PlanRequest(int(item.instalments), int(item.total_cents), item.requested_at)

    def close(self, org_id: str, case_id: str) -> bool:
        """Remove the request; False if there was none (already decided, e.g. in another tab)."""
        from pynamodb.exceptions import DeleteError

        try:
            PlanRequestItem(keys.case_items(org_id, case_id), SK).delete(
                condition=PlanRequestItem.pk.exists()
            )
        except DeleteError:
            return False
        return True
