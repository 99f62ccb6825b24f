"""Scheduled every few minutes by EventBridge: put every due action on the actions queue.

What an action does is the worker's business; the scheduler only finds what is due (through the
sharded ``due`` index) and fans it out. Message ids are derived from the record and its due time, so
a duplicate run produces the same ids and the worker's idempotency record drops the repeat.
When more is due than one run may queue (``MAX_ACTIONS_PER_RUN``), the largest debts go first and
the rest stay due for the next run.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from app.adapters.dynamo.due import DueIndex
from app.adapters.queue import ActionQueue
from functions import runtime

log = runtime.logger("scheduler")


def run(now: datetime, index: DueIndex, queue: ActionQueue, capacity: int | None = None) -> dict:
    refs = list(index.due(now))
    if capacity is not None and len(refs) > capacity:
        refs = sorted(refs, key=lambda r: (-r.amount_cents, r.due_at))[:capacity]
    batches = queue.put(
        (
            hashlib.sha256(f"{r.pk}|{r.sk}|{r.due_at}".encode()).hexdigest()[:40],
            {"pk": r.pk, "sk": r.sk, "due_at": r.due_at},
        )
        for r in refs
    )
    return {"due": len(refs), "batches": batches}


def handler(event, context):
    try:
        services = runtime.services()  # also binds the models to the configured table
        settings = runtime.settings()
        counts = run(
            services.clock.now(), DueIndex(), services.queue, capacity=settings["MAX_ACTIONS_PER_RUN"]
        )
    except Exception:
        # Logged here because Zappa retries a handler with fewer arguments on a TypeError,
        # which would hide the real error.
        log.exception("scheduler run failed")
        raise
    log.info("scheduler run", extra={"function": "scheduler", "counts": counts})
    return counts
