"""API keys: created and revoked by a creditor in the portal, presented by their systems to the API.

Only the SHA-256 hash of a key is stored; the key itself is shown once, when it is created. A key
carries 32 random bytes, so a plain hash is enough (a slow password hash protects guessable secrets,
and nobody guesses 256 bits). Each key is two records:

    pk                      sk              item
    APIKEY#<sha256 of key>  APIKEY          ApiKey: what a request's key resolves to (org, key id)
    ORG#<org>               APIKEY#<id>     ApiKeyListing: the organisation's list of keys

Both are written and revoked in one transaction. Authentication reads the first with a strongly
consistent read, so a revoked key stops working with the very next request.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import PortalItem

PREFIX = "cp_live_"
KEY_ID = re.compile(r"^[a-z0-9]{8}$")
LAST_USED_EVERY = timedelta(hours=1)  # a write per request would cost more than the key is worth
LOOKUP_SK = "APIKEY"

log = logging.getLogger("portal.api_keys")


class ApiKeyItem(PortalItem, discriminator="ApiKey"):
    """pk APIKEY#<sha256 of the key>, sk APIKEY."""

    org_id = UnicodeAttribute()
    key_id = UnicodeAttribute()
    name = UnicodeAttribute()
    last_used_at = UTCDateTimeAttribute(null=True)
    revoked_at = UTCDateTimeAttribute(null=True)


class ApiKeyListing(PortalItem, discriminator="ApiKeyListing"):
    """pk ORG#<org>, sk APIKEY#<key id>: what the organisation's list of keys shows."""

    key_id = UnicodeAttribute()
    key_hash = UnicodeAttribute()
    name = UnicodeAttribute()
    prefix = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(default="")
    last_used_at = UTCDateTimeAttribute(null=True)
    revoked_at = UTCDateTimeAttribute(null=True)
    revoked_by = UnicodeAttribute(default="")


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    org_id: str
    name: str
    prefix: str = ""
    created_at: datetime | None = None
    created_by: str = ""
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class KeyExists(Exception):
    """A key with this id was created already (the creation form was sent twice)."""


def new_key_id() -> str:
    return secrets.token_hex(4)


def prefix_of(key_id: str) -> str:
    return f"{PREFIX}{key_id}"


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _lookup_pk(hashed: str) -> str:
    return f"APIKEY#{hashed}"


def _listing_sk(key_id: str) -> str:
    return f"APIKEY#{key_id}"


class ApiKeyRepository:
    def create(self, org_id: str, key_id: str, name: str, *, by: str, now: datetime) -> tuple[ApiKey, str]:
        """A new key and its secret, which is not kept anywhere: show it once, then forget it."""
        if not KEY_ID.match(key_id):
            raise ValueError(key_id)
        secret = f"{prefix_of(key_id)}_{secrets.token_urlsafe(32)}"
        hashed = key_hash(secret)
        lookup = ApiKeyItem(pk=_lookup_pk(hashed), sk=LOOKUP_SK, org_id=org_id, key_id=key_id, name=name)
        listing = ApiKeyListing(
            pk=keys.org(org_id),
            sk=_listing_sk(key_id),
            key_id=key_id,
            key_hash=hashed,
            name=name,
            prefix=prefix_of(key_id),
            created_at=now,
            created_by=by,
        )
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.save(listing, condition=ApiKeyListing.pk.does_not_exist())
                transaction.save(lookup, condition=ApiKeyItem.pk.does_not_exist())
        except TransactWriteError as exc:
            if any(r is not None and r.code == "ConditionalCheckFailed" for r in exc.cancellation_reasons):
                raise KeyExists(key_id) from None
            raise
        return _listed(org_id, listing), secret

    def list(self, org_id: str) -> list[ApiKey]:
        """Every key of the organisation, newest first (one Query; an organisation has a handful)."""
        found = ApiKeyListing.query(keys.org(org_id), ApiKeyListing.sk.startswith("APIKEY#"))
        return sorted((_listed(org_id, i) for i in found), key=lambda k: k.created_at, reverse=True)

    def revoke(self, org_id: str, key_id: str, *, by: str, now: datetime) -> ApiKey | None:
        """Revoke one of the organisation's keys; None when it has no key of that id."""
        try:
            listing = ApiKeyListing.get(keys.org(org_id), _listing_sk(key_id), consistent_read=True)
        except DoesNotExist:
            return None
        if listing.revoked_at is None:
            lookup = ApiKeyItem(pk=_lookup_pk(listing.key_hash), sk=LOOKUP_SK)
            with TransactWrite(connection=_connection()) as transaction:
                transaction.update(
                    listing, [ApiKeyListing.revoked_at.set(now), ApiKeyListing.revoked_by.set(by)]
                )
                transaction.update(lookup, [ApiKeyItem.revoked_at.set(now)], condition=ApiKeyItem.pk.exists())
            listing.revoked_at, listing.revoked_by = now, by
        return _listed(org_id, listing)

    def authenticate(self, secret: str, *, now: datetime) -> ApiKey | None:
        """The key a request presents, if it exists and is not revoked; notes when it was last used."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        hashed = key_hash(secret)
        try:
            item = ApiKeyItem.get(_lookup_pk(hashed), LOOKUP_SK, consistent_read=True)
        except DoesNotExist:
            return None
        if item.revoked_at is not None:
            return ApiKey(item.key_id, item.org_id, item.name, revoked_at=item.revoked_at)
        if item.last_used_at is None or item.last_used_at <= now - LAST_USED_EVERY:
            self._note_use(item, now)
        return ApiKey(item.key_id, item.org_id, item.name, last_used_at=item.last_used_at)

    def _note_use(self, item: ApiKeyItem, now: datetime) -> None:
        # Concurrent requests all see the old time; the condition lets exactly one of them write.
        # Noting the use is bookkeeping: if it fails, the request still goes ahead.
        previous = item.last_used_at
        unchanged = (
            ApiKeyItem.last_used_at.does_not_exist()
            if previous is None
            else ApiKeyItem.last_used_at == previous
        )
        listing = ApiKeyListing(pk=keys.org(item.org_id), sk=_listing_sk(item.key_id))
        try:
            item.update([ApiKeyItem.last_used_at.set(now)], condition=unchanged)
            listing.update([ApiKeyListing.last_used_at.set(now)], condition=ApiKeyListing.pk.exists())
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                log.warning("could not note the use of API key %s: %s", item.key_id, exc)


def _listed(org_id: str, item: ApiKeyListing) -> ApiKey:
    return ApiKey(
        key_id=item.key_id,
        org_id=org_id,
        name=item.name,
        prefix=item.prefix,
        created_at=item.created_at,
        created_by=item.created_by,
        last_used_at=item.last_used_at,
        revoked_at=item.revoked_at,
    )


def _connection():
    # Transactions take a connection; the model's own one is already bound to the configured table.
    return ApiKeyItem._get_connection().connection
