"""Send records: the idempotency of every outgoing message, letter or call task.

    pk                                  sk    item
    SEND#<org>#<case>#<action key>      SEND  Send: claimed (by whom, until when) or sent (when, id)

A worker claims the record with a conditional write *before* it sends, and marks it sent right
after. A second worker with the same action (a duplicate scheduler run, an SQS redelivery) finds the
claim and sends nothing; if the first worker died after sending, the record says "sent" and the
second one only finishes the bookkeeping. A claim whose holder died before sending runs out after
the lease and is taken over, so a step is never skipped either. The one moment a worker can die
with the outcome unknown (SES accepted, record not yet marked) is closed by SES's "Send" event,
which the feedback function turns into the same mark (``confirm``) long before the lease runs out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from app.adapters.dynamo.models import PortalItem

LEASE = timedelta(seconds=330)  # longer than a worker may run (300 s): an older claim is a dead one
KEEP_FOR = timedelta(days=400)  # the timeline keeps the history; this only guards against repeats


class SendItem(PortalItem, discriminator="Send"):
    org_id = UnicodeAttribute()
    case_id = UnicodeAttribute()
    action = UnicodeAttribute()
    status = UnicodeAttribute()  # claimed | sent
    owner = UnicodeAttribute()
    claimed_until = NumberAttribute()
    sent_at = UTCDateTimeAttribute(null=True)
    channel = UnicodeAttribute(default="")
    message_id = UnicodeAttribute(default="")
    reference = UnicodeAttribute(default="")  # where the message, letter or task is kept


@dataclass(frozen=True)
class SendState:
    status: str  # "claimed" (ours now), "sent" (done before), "busy" (another worker has it)
    sent_at: datetime | None = None
    message_id: str = ""
    reference: str = ""


class Sends:
    def claim(self, org_id: str, case_id: str, action: str, owner: str, now: datetime) -> SendState:
        pk = _pk(org_id, case_id, action)
        item = SendItem(
            pk=pk,
            sk="SEND",
            org_id=org_id,
            case_id=case_id,
            action=action,
            status="claimed",
            owner=owner,
            claimed_until=int((now + LEASE).timestamp()),
            expires_at=int((now + KEEP_FOR).timestamp()),
        )
        free = SendItem.pk.does_not_exist() | (
            (SendItem.status == "claimed") & (SendItem.claimed_until < int(now.timestamp()))
        )
        try:
            item.save(condition=free)
            return SendState("claimed")
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        try:
            found = SendItem.get(pk, "SEND", consistent_read=True)
        except DoesNotExist:
            return self.claim(org_id, case_id, action, owner, now)
        if found.status == "sent":
            return SendState("sent", found.sent_at, found.message_id, found.reference)
        return SendState("busy")

    def sent(
        self,
        org_id: str,
        case_id: str,
        action: str,
        owner: str,
        *,
        at: datetime,
        channel: str,
        message_id: str,
        reference: str,
    ) -> None:
        item = SendItem(pk=_pk(org_id, case_id, action), sk="SEND")
        item.update(
            actions=[
                SendItem.status.set("sent"),
                SendItem.sent_at.set(at),
                SendItem.channel.set(channel),
                SendItem.message_id.set(message_id),
                SendItem.reference.set(reference),
            ],
            condition=SendItem.owner == owner,
        )

    def confirm(self, org_id: str, case_id: str, action: str, *, at: datetime, message_id: str) -> bool:
        """SES's own "Send" event says the message was accepted: a claim whose worker died between
        SES's answer and marking the record is marked now, so the retry does not send again."""
        item = SendItem(pk=_pk(org_id, case_id, action), sk="SEND")
        try:
            item.update(
                actions=[
                    SendItem.status.set("sent"),
                    SendItem.sent_at.set(at),
                    SendItem.channel.set("email"),
                    SendItem.message_id.set(message_id),
                ],
                condition=SendItem.status == "claimed",
            )
            return True
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False  # already marked by the worker (the usual case) or unknown
            raise


def _pk(org_id: str, case_id: str, action: str) -> str:
    return f"SEND#{org_id}#{case_id}#{action}"
