"""Short leases in DynamoDB, shared by every Lambda instance (process memory is not)."""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator

from pynamodb.exceptions import DeleteError, PutError

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import LockItem


class Busy(Exception):
    """Someone else holds the lease; the caller should try again shortly."""


class Locks:
    def __init__(self, lease_seconds: int = 120, wait_seconds: float = 15.0):
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds

    @contextlib.contextmanager
    def hold(self, org_id: str, name: str) -> Iterator[None]:
        owner = secrets.token_hex(8)
        item = LockItem(pk=keys.org(org_id), sk=f"LOCK#{name}", owner=owner)
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.05
        while True:
            now = int(time.time())
            item.expires_at = now + self.lease_seconds
            try:
                # Free, or left behind by a worker that died (its lease has run out).
                item.save(condition=LockItem.pk.does_not_exist() | (LockItem.expires_at < now))
                break
            except PutError as exc:
                if exc.cause_response_code != "ConditionalCheckFailedException":
                    raise
                if time.monotonic() >= deadline:
                    raise Busy(name) from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
        try:
            yield
        finally:
            with contextlib.suppress(DeleteError):
                item.delete(condition=LockItem.owner == owner)
