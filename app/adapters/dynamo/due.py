"""The sparse ``due`` index: which records have a next action due.

A record joins the index by setting ``due_shard`` and ``due_at`` and leaves it by removing them.
Shards spread a million open cases over many partitions; the scheduler reads every shard with one
key-condition query each (never a Scan), so its cost follows the number of due records.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from app.adapters.dynamo.models import PortalItem

# Fixed, not configured: every writer (engine_state.py) and the scheduler must agree on it, and the
# items already in the index were placed with it.
SHARDS = 16


@dataclass(frozen=True)
class DueRef:
    pk: str
    sk: str
    due_at: str
    amount_cents: int = 0  # projected into the index so the largest debts can go first


def shard_for(pk: str, shards: int) -> str:
    # A stable hash (not Python's salted hash()) so a record always lands in the same shard.
    return f"DUE#{zlib.crc32(pk.encode()) % shards:02d}"


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class DueIndex:
    def __init__(self, shards: int = SHARDS):
        self.shards = shards

    def shard_numbers(self) -> range | list[int]:
        return range(self.shards)

    def due(self, now: datetime, limit_per_shard: int | None = None) -> Iterator[DueRef]:
        connection = PortalItem._get_connection()
        for n in self.shard_numbers():
            # The index projects keys and the amount only, so read it with the low-level query:
            # there is no whole item to build a model from.
            last_key = None
            fetched = 0
            while True:
                page = connection.query(
                    f"DUE#{n:02d}",
                    PortalItem.due_at <= iso(now),
                    index_name="due",
                    exclusive_start_key=last_key,
                    limit=limit_per_shard,
                )
                for raw in page.get("Items", []):
                    fetched += 1
                    amount = int(raw.get("outstanding_cents", {}).get("N", "0"))
                    yield DueRef(raw["pk"]["S"], raw["sk"]["S"], raw["due_at"]["S"], amount)
                last_key = page.get("LastEvaluatedKey")
                if not last_key or (limit_per_shard and fetched >= limit_per_shard):
                    break
