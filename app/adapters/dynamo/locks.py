"""Short leases in DynamoDB, shared by every Lambda instance (process memory is not).

A lease doubles as a write-ahead journal: before a hand-over writes, it notes on its lease which
cases it is about to change. If the holder dies half-way, its lease runs out with the note still
on it, and whoever takes the lease next is handed that note (``Lease.recovered``) to repair those
cases first. So a crash never leaves a case whose totals nobody can explain, even if the crashed
request is never sent again.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from pynamodb.exceptions import DeleteError, PutError

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import LockItem


class Busy(Exception):
    """Someone else holds the lease; the caller should try again shortly."""


@dataclass
class Lease:
    item: LockItem
    recovered: list[str] = field(default_factory=list)  # noted by a holder that died

    def note(self, case_ids: list[str]) -> None:
        """Write down what is about to change (one UpdateItem), before changing it."""
        self.item.update(
            actions=[LockItem.journal.set(case_ids)], condition=LockItem.owner == self.item.owner
        )


class Locks:
    # Longer than any Lambda may run (300 s): a lease that ran out belongs to a dead holder.
    def __init__(self, lease_seconds: int = 360, wait_seconds: float = 5.0, clock=time.time):
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self.clock = clock  # seconds since the epoch; tests move it to let a lease run out

    @contextlib.contextmanager
    def hold(self, org_id: str, name: str) -> Iterator[Lease]:
        owner = secrets.token_hex(8)
        item = LockItem(pk=keys.org(org_id), sk=f"LOCK#{name}", owner=owner, journal=[])
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.05
        while True:
            now = int(self.clock())
            item.expires_at = now + self.lease_seconds
            try:
                # Free, or left behind by a holder that died (its lease has run out).
                old = _put_returning_old(item, LockItem.pk.does_not_exist() | (LockItem.expires_at < now))
                break
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
                if time.monotonic() >= deadline:
                    raise Busy(name) from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
        lease = Lease(item, recovered=[v["S"] for v in old.get("journal", {}).get("L", [])])
        yield lease
        # Released only when the work is done: after a crash the lease (and its note) stays.
        with contextlib.suppress(DeleteError):
            item.delete(condition=LockItem.owner == owner)


def _put_returning_old(item: LockItem, condition) -> dict:
    """PutItem that also returns the item it replaced (PynamoDB's save() cannot)."""
    serialized = item.serialize()
    answer = LockItem._get_connection().put_item(
        serialized.pop("pk")["S"],
        serialized.pop("sk")["S"],
        attributes=serialized,
        condition=condition,
        return_values="ALL_OLD",
    )
    return answer.get("Attributes", {})
