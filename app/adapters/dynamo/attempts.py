"""Wrong answers on a debtor's confirmation step, counted in DynamoDB so every Lambda instance sees them.

    pk                         sk       item
    VERIFY#<org>#<case>        VERIFY   ConfirmAttempts: failures so far, locked until when

The count is per case, not per link: every link of a case opens the same data, so guessing with a
second link must not start afresh. Each wrong answer is one atomic ``ADD``; whichever request brings
the count to a multiple of ``ALLOWED`` sets the lock-out, which doubles with every round (15 minutes,
30, 60, ... up to a day), so a guesser gets 5 tries per round against a postcode space of thousands.
A right answer clears the count. The record expires a day after the last lock-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo.models import PortalItem

ALLOWED = 5  # wrong answers per round
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(days=1)


class ConfirmAttemptsItem(PortalItem, discriminator="ConfirmAttempts"):
    failures = NumberAttribute(default=0)
    locked_until = UTCDateTimeAttribute(null=True)


@dataclass(frozen=True)
class AttemptState:
    failures: int
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    @property
    def left(self) -> int:
        """Wrong answers left before the next lock-out."""
        return ALLOWED - self.failures % ALLOWED


def lock_for(failures: int) -> timedelta:
    rounds = max(1, failures // ALLOWED)
    return min(FIRST_LOCK * 2 ** (rounds - 1), LONGEST_LOCK)


class ConfirmAttempts:
    def state(self, org_id: str, case_id: str) -> AttemptState:
        try:
            item = ConfirmAttemptsItem.get(*_key(org_id, case_id))
        except DoesNotExist:
            return AttemptState(0, None)
        return AttemptState(int(item.failures), item.locked_until)

    def failed(self, org_id: str, case_id: str, *, now: datetime) -> AttemptState:
        item = ConfirmAttemptsItem(*_key(org_id, case_id))
        item.update(
            actions=[
                ConfirmAttemptsItem.failures.add(1),
                ConfirmAttemptsItem.expires_at.set(int((now + LONGEST_LOCK * 2).timestamp())),
            ]
        )
        failures = int(item.failures)
        locked_until = item.locked_until
        if failures % ALLOWED == 0:
            locked_until = now + lock_for(failures)
            item.update(actions=[ConfirmAttemptsItem.locked_until.set(locked_until)])
        return AttemptState(failures, locked_until)

    def succeeded(self, org_id: str, case_id: str) -> None:
        ConfirmAttemptsItem(*_key(org_id, case_id)).delete()


def _key(org_id: str, case_id: str) -> tuple[str, str]:
    return f"VERIFY#{org_id}#{case_id}", "VERIFY"
