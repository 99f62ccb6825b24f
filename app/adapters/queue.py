"""The SQS queue of outgoing actions: the scheduler puts, the worker takes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from app.adapters.clients import client

BATCH = 10  # SQS's limit for SendMessageBatch
PARALLEL = 8  # batches in flight at once: 100,000 actions are 10,000 calls, too many one by one


class ActionQueue:
    def __init__(self, queue_url: str):
        self.queue_url = queue_url

    def put(self, messages: Iterable[tuple[str, dict]]) -> int:
        """Send (id, body) pairs in batches of ten; returns the number of batches sent.

        Ids must be unique within a batch and should be stable for a given action, so that a
        retried batch can be recognised downstream.
        """
        sqs = client("sqs")  # boto3 clients are thread-safe
        batches: list[list[dict]] = []
        pending: list[dict] = []
        for message_id, body in messages:
            pending.append({"Id": message_id, "MessageBody": json.dumps(body, sort_keys=True)})
            if len(pending) == BATCH:
                batches.append(pending)
                pending = []
        if pending:
            batches.append(pending)
        if len(batches) <= 1:
            for batch in batches:
                self._send(sqs, batch)
            return len(batches)
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            # list() re-raises the first failure, so a refused batch still fails the run.
            list(pool.map(lambda batch: self._send(sqs, batch), batches))
        return len(batches)

    def put_job(self, body: dict) -> None:
        """One piece of background work for the worker (an import step)."""
        client("sqs").send_message(QueueUrl=self.queue_url, MessageBody=json.dumps(body, sort_keys=True))

    def _send(self, sqs, entries: list[dict]) -> None:
        answer = sqs.send_message_batch(QueueUrl=self.queue_url, Entries=entries)
        failed = answer.get("Failed") or []
        if failed:
            # Retry once the entries SQS refused; a second refusal fails the run loudly so the
            # next scheduled run picks the actions up again (they stay due until performed).
            retry = [e for e in entries if e["Id"] in {f["Id"] for f in failed}]
            again = sqs.send_message_batch(QueueUrl=self.queue_url, Entries=retry)
            if again.get("Failed"):
                raise RuntimeError(f"SQS refused {len(again['Failed'])} actions: {again['Failed']}")
