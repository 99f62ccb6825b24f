"""Idempotency records of API requests: the first completed response, replayed for a repeat.

    pk                          sk      item
    IDEM#<org>#<idempotency key> IDEM   Idempotency: fingerprint of the request, when it started,
                                        and (once it completed) the response; gone after 24 hours

A record without a response belongs to a request that is still running or died half-way; running it
again is safe because the hand-over it started keeps its id and its start time (see handover.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from app.adapters.dynamo.models import PortalItem

KEEP_FOR = timedelta(hours=24)
SK = "IDEM"

log = logging.getLogger("portal.idempotency")


class IdempotencyItem(PortalItem, discriminator="Idempotency"):
    """pk IDEM#<org>#<idempotency key>, sk IDEM; ``expires_at`` (TTL) a day after it started."""

    fingerprint = UnicodeAttribute()  # SHA-256 of the method, path and body
    started_at = UTCDateTimeAttribute()
    status = NumberAttribute(null=True)
    response = UnicodeAttribute(null=True)  # the JSON body, as sent


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict


@dataclass(frozen=True)
class Attempt:
    """What to do with a request: replay ``stored``, or run it with the original ``started_at``."""

    started_at: datetime
    stored: StoredResponse | None = None


class KeyReused(Exception):
    """The idempotency key was used for a different request."""


class IdempotencyStore:
    def begin(self, scope: str, key: str, fingerprint: str, *, now: datetime) -> Attempt:
        """Claim the key for this request, or find what an earlier request with it left behind."""
        item = IdempotencyItem(
            pk=_pk(scope, key),
            sk=SK,
            fingerprint=fingerprint,
            started_at=now,
            expires_at=int((now + KEEP_FOR).timestamp()),
        )
        # TTL deletes expired records within a day or two, not at once: an expired one counts as gone.
        free = IdempotencyItem.pk.does_not_exist() | (IdempotencyItem.expires_at < int(now.timestamp()))
        try:
            item.save(condition=free)
            return Attempt(started_at=now)
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
        try:
            earlier = IdempotencyItem.get(_pk(scope, key), SK, consistent_read=True)
        except DoesNotExist:  # expired and deleted in between: start afresh
            return self.begin(scope, key, fingerprint, now=now)
        if earlier.fingerprint != fingerprint:
            raise KeyReused(key)
        stored = None
        if earlier.status is not None and earlier.response is not None:
            stored = StoredResponse(int(earlier.status), json.loads(earlier.response))
        return Attempt(started_at=earlier.started_at, stored=stored)

    def complete(self, scope: str, key: str, fingerprint: str, response: StoredResponse) -> None:
        """Keep the response for repeats of the request (only the first completion is kept)."""
        item = IdempotencyItem(pk=_pk(scope, key), sk=SK)
        try:
            item.update(
                [
                    IdempotencyItem.status.set(response.status),
                    IdempotencyItem.response.set(json.dumps(response.body, separators=(",", ":"))),
                ],
                condition=(IdempotencyItem.fingerprint == fingerprint)
                & IdempotencyItem.status.does_not_exist(),
            )
        except UpdateError as exc:
            # Another run of the same request completed first (its response is the one kept), or the
            # response could not be kept; either way the work is done and this response is still right.
            if exc.cause_response_code != "ConditionalCheckFailedException":
                log.warning("could not keep the response for idempotency key %s: %s", key, exc)


def _pk(scope: str, key: str) -> str:
    return f"IDEM#{scope}#{key}"
