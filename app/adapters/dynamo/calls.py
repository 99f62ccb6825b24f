"""Call tasks: the calls operators make, largest debts first.

    pk          sk                      item
    ORG#<org>   CALL#<case>#<action>    CallTask (open or done)

An open task is also in ``gsi2`` under ``CALLS#OPEN``, ordered so that the largest amount comes
first; logging the call removes it from there (a sparse index: done tasks cost nothing to skip).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import PortalItem

OPEN = "CALLS#OPEN"
MAX_CENTS = 10**15


class CallTaskItem(PortalItem, discriminator="CallTask"):
    org_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    action = UnicodeAttribute()
    debtor_name = UnicodeAttribute()
    phone = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="")
    amount_cents = NumberAttribute()
    currency = UnicodeAttribute()
    step_name = UnicodeAttribute(default="")
    script_key = UnicodeAttribute(default="")  # the rendered call script in the evidence bucket
    status = UnicodeAttribute(default="open")
    created_at = UTCDateTimeAttribute()
    done_at = UTCDateTimeAttribute(null=True)
    done_by = UnicodeAttribute(default="")
    outcome = UnicodeAttribute(default="")


@dataclass(frozen=True)
class CallTask:
    org_id: str
    case_id: str
    action: str
    debtor_name: str
    phone: str
    country: str
    amount_cents: int
    currency: str
    step_name: str
    script_key: str
    status: str
    created_at: datetime
    outcome: str = ""


class CallTasks:
    def open(self, task: CallTask) -> None:
        """Idempotent: the key comes from the case and the action."""
        CallTaskItem(
            pk=keys.org(task.org_id),
            sk=_sk(task.case_id, task.action),
            gsi2pk=OPEN,
            gsi2sk=f"{MAX_CENTS - task.amount_cents:015d}#{task.org_id}#{task.case_id}",
            **{f: getattr(task, f) for f in CallTask.__dataclass_fields__ if f != "outcome"},
        ).save()

    def queue(self, limit: int = 50) -> list[CallTask]:
        """Open calls across every creditor, largest debt first (the agency's operators work it)."""
        items = CallTaskItem.by_amount.query(OPEN, limit=limit)
        return [_task(i) for i in items]

    def for_case(self, org_id: str, case_id: str) -> list[CallTask]:
        items = CallTaskItem.query(keys.org(org_id), CallTaskItem.sk.startswith(f"CALL#{case_id}#"))
        return [_task(i) for i in items]

    def close(self, org_id: str, case_id: str, action: str, *, by: str, at: datetime, outcome: str) -> bool:
        try:
            item = CallTaskItem.get(keys.org(org_id), _sk(case_id, action))
        except DoesNotExist:
            return False
        item.update(
            actions=[
                CallTaskItem.status.set("done"),
                CallTaskItem.done_at.set(at),
                CallTaskItem.done_by.set(by),
                CallTaskItem.outcome.set(outcome),
                CallTaskItem.gsi2pk.remove(),
                CallTaskItem.gsi2sk.remove(),
            ]
        )
        return True


def _sk(case_id: str, action: str) -> str:
    return f"CALL#{case_id}#{action}"


def _task(item: CallTaskItem) -> CallTask:
    return CallTask(
        org_id=item.org_id,
        case_id=item.case_id,
        action=item.action,
        debtor_name=item.debtor_name,
        phone=item.phone,
        country=item.country,
        amount_cents=int(item.amount_cents),
        currency=item.currency,
        step_name=item.step_name,
        script_key=item.script_key,
        status=item.status,
        created_at=item.created_at,
        outcome=item.outcome,
    )
