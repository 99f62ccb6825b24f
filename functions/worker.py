"""Takes work off the actions queue (SQS event source): import steps and the engine's due cases.

Zappa cannot switch on ReportBatchItemFailures for its SQS trigger, so a failure raises and Lambda
returns the whole batch to the queue; the trigger takes one message at a time (zappa_settings.json)
and every step is idempotent, so a retry repeats nothing. After the queue's maxReceiveCount a
message that keeps failing lands in the dead-letter queue, where an alarm watches.
"""

from __future__ import annotations

import json

from app.engine import operations as engine
from app.imports import operations as imports
from functions import runtime

log = runtime.logger("worker")


class UnknownWork(Exception):
    pass


class WorkFailed(Exception):
    """Some messages of the batch failed (logged one by one); Lambda retries the batch."""


def handle(message: dict, time_left_ms) -> str:
    services = runtime.services()
    kind = message.get("type")
    if kind is None and "pk" in message and "due_at" in message:
        return engine.run_due(services, message, now=services.clock.now())  # from the scheduler
    if kind not in ("import.preview", "import.run"):
        raise UnknownWork(f"no handler for {kind!r}")
    org = services.organisations.get(message["org_id"])
    job = services.imports.get(message["org_id"], message["job_id"])
    if org is None or job is None:
        return "gone"  # deleted meanwhile: nothing to do, and nothing to retry
    if kind == "import.preview":
        imports.run_preview(services, org, job)
        return job.status.value
    finished = imports.run_import(services, org, job, time_left_ms)
    return "imported" if finished else "continued"


def handler(event, context):
    failures = []
    time_left_ms = getattr(context, "get_remaining_time_in_millis", None) or (lambda: 900_000)
    for record in event.get("Records", []):
        try:
            outcome = handle(json.loads(record["body"]), time_left_ms)
            log.info("work done", extra={"function": "worker", "counts": {"outcome": outcome}})
        except Exception:
            # Logged here: Zappa would otherwise retry the call with fewer arguments on a TypeError.
            log.exception("work failed", extra={"function": "worker"})
            failures.append({"itemIdentifier": record["messageId"]})
    if failures:
        raise WorkFailed(f"{len(failures)} of {len(event.get('Records', []))} messages failed")
    return {"batchItemFailures": failures}
