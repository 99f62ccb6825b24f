"""Counting DynamoDB requests and consumed capacity, for tests and benchmarks of access patterns."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.adapters.dynamo.models import model_classes


@dataclass
class Metered:
    by_operation: Counter = field(default_factory=Counter)
    batch_items: int = 0  # items sent in BatchWriteItem requests
    read_units: float = 0.0
    write_units: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.by_operation.values())


@contextlib.contextmanager
def metered() -> Iterator[Metered]:
    """Count every request any model sends while the block runs (each model has its own client)."""
    result = Metered()
    emitters = {
        id(c.meta.events): c.meta.events
        for c in (m._get_connection().connection.client for m in model_classes())
    }

    def before(model, params, **_):
        result.by_operation[model.name] += 1

    def batch_items(params, **_):
        # The API's own parameters (before-call sees the serialised body instead).
        result.batch_items += sum(len(requests) for requests in params.get("RequestItems", {}).values())

    def after(http_response, parsed, model, **_):
        capacity = parsed.get("ConsumedCapacity") if isinstance(parsed, dict) else None
        for entry in capacity if isinstance(capacity, list) else [capacity] if capacity else []:
            units = float(entry.get("CapacityUnits", 0))
            if model.name in ("GetItem", "BatchGetItem", "Query", "Scan"):
                result.read_units += units
            else:
                result.write_units += units

    for events in emitters.values():
        events.register("before-call.dynamodb", before)
        events.register("before-parameter-build.dynamodb.BatchWriteItem", batch_items)
        events.register("after-call.dynamodb", after)
    try:
        yield result
    finally:
        for events in emitters.values():
            events.unregister("before-call.dynamodb", before)
            events.unregister("before-parameter-build.dynamodb.BatchWriteItem", batch_items)
            events.unregister("after-call.dynamodb", after)
