"""PynamoDB models of the portal's single DynamoDB table.

One table holds every record; the partition key says whose record it is. Everything a creditor owns
starts with ``ORG#<org id>``, and repositories only build keys from the organisation of the signed-in
user, so one creditor's query can never reach another's items. The layout:

    pk                          sk                        item
    ORG#<org>                   PROFILE                   Organisation (profile and collection policy)
    ORG#<org>                   CASE#<case>               Case header (phase, debtor, totals, next action)
    ORG#<org>                   INVOICE#<number>          Lookup: invoice number -> case (no duplicates)
    ORG#<org>                   DEBTOR#ID#<cc>#<number>   Lookup: debtor id number -> case
    ORG#<org>                   DEBTOR#EMAIL#<address>    Lookup: debtor e-mail -> case
    ORG#<org>                   NAME#<folded name>#<case> Lookup: debtor name prefix search
    ORG#<org>#CASE#<case>       CLAIM#<invoice>           Claim
    ORG#<org>#CASE#<case>       DOC#<id>                  Evidence document (its S3 key)
    ORG#<org>#CASE#<case>       EVENT#<iso time>#<id>     ContactEvent (the case's timeline)
    LINK#<sha256 of token>      LINK                      debtor's personal link -> (org, case)
    APIKEY#<sha256 of key>      APIKEY                    creditor API key -> org
    IDEM#<scope>#<key>          IDEM                      idempotency record of a send or an API call

Indexes:
    gsi1  (gsi1pk, gsi1sk)      collections in one organisation: ORG#<org>#PHASE#<phase> by age
    gsi2  (gsi2pk, gsi2sk)      the same collections by amount
    due   (due_shard, due_at)   sparse, keys and amount: the cases whose next action is due. The hash key is
                                spread over DUE#00..DUE#nn so a million open cases do not share one
                                partition; the scheduler queries each shard for due_at <= now.
Items that should disappear on their own (idempotency records, sign-in throttles) set ``expires_at``,
the table's TTL attribute.

infra/template.yaml creates this table; tests/integration/test_infra.py keeps the two in step.
"""

from __future__ import annotations

import os

from pynamodb.attributes import (
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model


class LookupIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class AmountIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "due"
        projection = IncludeProjection(["outstanding_cents"])

    due_shard = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class PortalItem(Model):
    """Base of every record in the table; ``kind`` tells the record types apart in the console."""

    class Meta:
        table_name = os.environ.get("PORTAL_TABLE", "portal")
        region = os.environ.get("AWS_REGION", "eu-central-1")
        host = os.environ.get("AWS_ENDPOINT_URL") or None

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)

    by_age = LookupIndex()
    by_amount = AmountIndex()
    due = DueIndex()


def bind(table_name: str, region: str, endpoint_url: str | None = None) -> None:
    """Point every model at a table; called by the composition root with names from the config."""
    PortalItem.Meta.table_name = table_name
    PortalItem.Meta.region = region
    PortalItem.Meta.host = endpoint_url or None
    for model in model_classes():
        model._connection = None


def model_classes() -> list[type[PortalItem]]:
    """PortalItem and every record type derived from it (each keeps its own connection)."""
    found, pending = [], [PortalItem]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


class AddressAttribute(MapAttribute):
    street = UnicodeAttribute(default="")
    postcode = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    country = UnicodeAttribute(default="")


class OrganisationItem(PortalItem, discriminator="Organisation"):
    """A creditor organisation: pk ORG#<org>, sk PROFILE."""

    org_id = UnicodeAttribute()
    legal_name = UnicodeAttribute()
    country = UnicodeAttribute()
    company_number = UnicodeAttribute(default="")
    vat_number = UnicodeAttribute(default="")
    iban = UnicodeAttribute(default="")
    bic = UnicodeAttribute(default="")
    address = AddressAttribute(default=dict)
    language = UnicodeAttribute(default="en")
    currency = UnicodeAttribute(default="EUR")
    sender_email = UnicodeAttribute(default="")
    # The collection policy is stored as plain JSON-like data and turned into the domain's
    # CollectionPolicy by the repository, so the domain stays free of storage types.
    policy = MapAttribute(default=dict)
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(default="")


# Money is stored as integer cents: PynamoDB's NumberAttribute goes through float, which would
# lose cents on large amounts; ints survive exactly.


class DebtorAttribute(MapAttribute):
    kind = UnicodeAttribute()
    name = UnicodeAttribute()
    country = UnicodeAttribute()
    id_number = UnicodeAttribute(default="")
    email = UnicodeAttribute(default="")
    phone = UnicodeAttribute(default="")
    street = UnicodeAttribute(default="")
    postcode = UnicodeAttribute(default="")
    city = UnicodeAttribute(default="")
    language = UnicodeAttribute(default="en")


class CaseItem(PortalItem, discriminator="Case"):
    """A case header: pk ORG#<org>, sk CASE#<case>."""

    case_id = UnicodeAttribute()
    org_id = UnicodeAttribute()
    debtor = DebtorAttribute()
    phase = UnicodeAttribute()
    currency = UnicodeAttribute()
    outstanding_cents = NumberAttribute()
    claim_count = NumberAttribute()
    oldest_due = UnicodeAttribute()  # ISO date
    opened_at = UTCDateTimeAttribute()
    version = NumberAttribute(default=0)
    claim_type = UnicodeAttribute(default="B2C")  # B2B as soon as one claim is
    # The engine's state (app/domain/schedule.py), as plain data; only the engine writes it, with an
    # UpdateItem that leaves the hand-over's fields alone (see app/adapters/dynamo/engine_state.py).
    schedule = MapAttribute(default=dict)
    # When the creditor revoked the debtor's personal links (links.py): set only by that one UpdateItem,
    # and carried over by the hand-over's puts, which always write a header they have just read.
    links_revoked_at = UTCDateTimeAttribute(null=True)


class LookupItem(PortalItem, discriminator="Lookup"):
    """Points from an invoice number, a debtor's id number, e-mail or name to a case."""

    case_id = UnicodeAttribute()
    handover = UnicodeAttribute(default="")  # on invoice look-ups: which hand-over stored it
    currency = UnicodeAttribute(default="")  # on debtor look-ups: the case's currency


class ClaimItem(PortalItem, discriminator="Claim"):
    """pk ORG#<org>#CASE#<case>, sk CLAIM#<invoice>."""

    invoice_number = UnicodeAttribute()
    issue_date = UnicodeAttribute()
    due_date = UnicodeAttribute()
    principal_cents = NumberAttribute()
    paid_cents = NumberAttribute(default=0)
    currency = UnicodeAttribute()
    claim_type = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    contract_reference = UnicodeAttribute(default="")
    source = UnicodeAttribute(default="")  # form, upload <file>, api
    handover = UnicodeAttribute(default="")  # the hand-over that stored it (see cases.py)
    created_at = UTCDateTimeAttribute()


class EventItem(PortalItem, discriminator="ContactEvent"):
    """A timeline entry: pk ORG#<org>#CASE#<case>, sk EVENT#<iso time>#<id>."""

    event_type = UnicodeAttribute()
    summary = UnicodeAttribute()
    actor = UnicodeAttribute(default="")
    at = UTCDateTimeAttribute()
    details = MapAttribute(default=dict)


class LockItem(PortalItem, discriminator="Lock"):
    """A short lease (pk ORG#<org>, sk LOCK#<name>) so hand-overs of one creditor run one at a time."""

    owner = UnicodeAttribute()
    journal = ListAttribute(of=UnicodeAttribute, default=list)  # cases about to change (see locks.py)


class ImportJobItem(PortalItem, discriminator="ImportJob"):
    """A spreadsheet import: pk ORG#<org>, sk IMPORT#<job>. The file itself is in the evidence bucket."""

    job_id = UnicodeAttribute()
    org_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    status = UnicodeAttribute()
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    mapping = MapAttribute(default=dict)
    message = UnicodeAttribute(default="")
    headers = ListAttribute(of=UnicodeAttribute, default=list)
    rows_total = NumberAttribute(default=0)
    rows_valid = NumberAttribute(default=0)
    rows_error = NumberAttribute(default=0)
    warnings = NumberAttribute(default=0)
    rows_done = NumberAttribute(default=0)
    chunks_done = NumberAttribute(default=0)
    claims_added = NumberAttribute(default=0)
    duplicates = NumberAttribute(default=0)
    new_cases = NumberAttribute(default=0)
    import_started_at = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
