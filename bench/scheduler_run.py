"""One scheduler run over a million-case-shaped table: what it reads, what it queues, how long.

Usage: ``python -m bench.scheduler_run [--open 100000] [--due 1000]``

Deploys the stack into moto (in this process), writes ``--open`` open cases into the table, each
with its next action in the sparse ``due`` index, ``--due`` of them due now and the rest spread
over the next 60 days, then runs the scheduler once. Reports, deterministically:

* DynamoDB requests of the run and the read capacity they consume (as DynamoDB bills a Query:
  the items' size rounded up to 4 KB per page, half a unit each for an index's eventually
  consistent read) per due case (goal: at most 0.05) – proportional to the due cases, not to all;
* SendMessageBatch calls per 10 actions (goal: one);
and by timing: the run (SQS answered at once, so the time is the scheduler's own work and its
queries) against a baseline measured in the same run (the bare index queries alone), at 1x and 10x
the due cases to show it grows with the due cases; and the projected time of a run with 100,000
due actions: that own work scaled up, plus the SendMessageBatch calls at SQS_CALL_MS each, PARALLEL
in flight (moto's SQS slows down as messages pile up, so it cannot stand in for SQS's latency),
against a quarter of the 15-minute Lambda limit.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_claims import FAKE_AWS, deploy  # noqa: E402  (needs ROOT on sys.path first)

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LAMBDA_LIMIT_S = 15 * 60
SQS_CALL_MS = 25  # a SendMessageBatch in the same region; SQS's typical latency is well below


def seed(table: str, open_cases: int, due: int, *, start: int = 0) -> None:
    from app.adapters.clients import client
    from app.adapters.dynamo.due import iso, shard_for

    rng = random.Random(7 + start)
    dynamodb = client("dynamodb")
    pending = []
    for n in range(start, start + open_cases):
        pk, sk = f"ORG#bench-{n % 200:03d}", f"CASE#B{n:09d}"
        when = (
            NOW - timedelta(minutes=rng.randint(1, 600))
            if n - start < due
            else NOW + timedelta(minutes=rng.randint(10, 60 * 24 * 60))
        )
        pending.append(
            {
                "PutRequest": {
                    "Item": {
                        "pk": {"S": pk},
                        "sk": {"S": sk},
                        "kind": {"S": "Case"},
                        "phase": {"S": "early_collection"},
                        "outstanding_cents": {"N": str(rng.randint(1_000, 5_000_000))},
                        "due_shard": {"S": shard_for(f"{pk}|{sk}", 16)},
                        "due_at": {"S": iso(when)},
                    }
                }
            }
        )
        if len(pending) == 25:
            dynamodb.batch_write_item(RequestItems={table: pending})
            pending = []
    if pending:
        dynamodb.batch_write_item(RequestItems={table: pending})


class CountingQueue:
    """The real ActionQueue, counting its SendMessageBatch calls; with ``answer_at_once`` SQS is not
    called (the time is then the scheduler's own)."""

    def __init__(self, url: str, answer_at_once: bool = False):
        import threading

        from app.adapters.queue import ActionQueue

        self.calls = 0
        self.queue = ActionQueue(url)
        real = self.queue._send
        lock = threading.Lock()

        def send(sqs, entries):
            with lock:
                self.calls += 1
            if not answer_at_once:
                real(sqs, entries)

        self.queue._send = send


def index_read_units(pages: list[list[dict]]) -> float:
    """DynamoDB's bill for Query pages of an index: ceil(size / 4 KB) x 0.5 per page."""
    units = 0.0
    for items in pages:
        size = sum(len(k) + _size(v) for item in items for k, v in item.items())
        units += max(1, math.ceil(size / 4096)) * 0.5
    return units


def _size(value: dict) -> int:
    ((kind, raw),) = value.items()
    return len(raw.encode()) if kind == "S" else len(str(raw)) // 2 + 1


def run_once(url: str, answer_at_once: bool = False) -> dict:
    from app.adapters.dynamo.due import DueIndex
    from app.adapters.dynamo.metering import metered
    from app.adapters.dynamo.models import PortalItem
    from functions import scheduler

    pages: list[list[dict]] = []
    connection = PortalItem._get_connection()
    real_query = connection.query

    def recording_query(*args, **kwargs):
        page = real_query(*args, **kwargs)
        pages.append(page.get("Items", []))
        return page

    connection.query = recording_query
    queue = CountingQueue(url, answer_at_once)
    try:
        with metered() as cost:
            started = time.perf_counter()
            counts = scheduler.run(NOW, DueIndex(16), queue.queue)
            elapsed = time.perf_counter() - started
    finally:
        connection.query = real_query
    return {
        "due": counts["due"],
        "seconds": elapsed,
        "requests": dict(cost.by_operation),
        "reported_units": cost.read_units,
        "units": index_read_units(pages),
        "batches": queue.calls,
    }


def bare_queries() -> float:
    """The floor: the same index queries, with nothing done with what they return."""
    import os

    from app.adapters.clients import client
    from app.adapters.dynamo.due import iso

    dynamodb = client("dynamodb")
    started = time.perf_counter()
    for n in range(16):
        kwargs = {
            "TableName": os.environ["PORTAL_TABLE"],
            "IndexName": "due",
            "KeyConditionExpression": "due_shard = :s AND due_at <= :n",
            "ExpressionAttributeValues": {":s": {"S": f"DUE#{n:02d}"}, ":n": {"S": iso(NOW)}},
        }
        while True:
            page = dynamodb.query(**kwargs)
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return time.perf_counter() - started


def fresh_queue(name: str) -> str:
    from app.adapters.clients import client

    return client("sqs").create_queue(QueueName=name)["QueueUrl"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args(argv)
    import os

    os.environ.update(FAKE_AWS)
    mock = deploy()
    try:
        from app import config
        from app.services import build

        build(config.from_env())
        table = os.environ["PORTAL_TABLE"]
        started = time.perf_counter()
        seed(table, args.open, args.due)
        print(f"seeded {args.open:,} open cases ({args.due:,} due) in {time.perf_counter() - started:.0f} s")

        counted = run_once(fresh_queue("bench-1"))  # with moto's SQS: the counts
        small, floor_small = run_once("unused", answer_at_once=True), bare_queries()
        # Ten times the due cases (the open ones stay): the run must grow with the due, not the open.
        seed(table, args.due * 9, args.due * 9, start=args.open)
        large, floor_large = run_once("unused", answer_at_once=True), bare_queries()
    finally:
        mock.stop()

    print(f"one scheduler run, {counted['due']:,} due of {args.open:,} open cases (SQS in moto):")
    print(f"  DynamoDB requests: {counted['requests']} (16 shards, one page each)")
    print(
        f"  read capacity: {counted['units']:.1f} units = "
        f"{counted['units'] / counted['due']:.4f} per due case "
        f"(goal <= 0.05; moto reports {counted['reported_units']:.1f})"
    )
    per_call = counted["due"] / counted["batches"]
    print(f"  SendMessageBatch: {counted['batches']:,} calls = one per {per_call:.1f} actions")
    for label, run, floor in (("1x", small, floor_small), ("10x", large, floor_large)):
        print(
            f"  {label} ({run['due']:,} due): {run['seconds']:.2f} s, bare index queries {floor:.2f} s, "
            f"ratio {run['seconds'] / floor:.2f}; {run['units'] / run['due']:.4f} read units per due case"
        )
    from app.adapters.queue import PARALLEL

    sends = math.ceil(100_000 / 10) * SQS_CALL_MS / 1000 / PARALLEL
    # Conservative: everything measured, moto's index queries included, grown linearly with the due
    # cases (moto reads the whole index for every query, so this overstates DynamoDB by far).
    measured = large["seconds"] / large["due"] * 100_000
    projected = measured + sends
    # The scheduler's own work: the run minus the bare queries, per action.
    own = max(0.0, large["seconds"] - floor_large) / large["due"] * 100_000
    print(f"  time grows {large['seconds'] / small['seconds']:.1f}x for 10x the due cases")
    print(
        f"projected run with 100,000 due actions: {measured:.0f} s measured (moto's queries included) "
        f"+ {sends:.0f} s for 10,000 SendMessageBatch ({SQS_CALL_MS} ms, {PARALLEL} in flight) = "
        f"{projected:.0f} s, {projected / LAMBDA_LIMIT_S:.0%} of the 15-minute limit (goal < 25%)"
    )
    print(f"  of which the scheduler's own code: {own:.0f} s ({own / LAMBDA_LIMIT_S:.1%} of the limit)")
    ok = counted["units"] / counted["due"] <= 0.05 and counted["batches"] == math.ceil(counted["due"] / 10)
    return 0 if ok and projected < LAMBDA_LIMIT_S / 4 else 1


if __name__ == "__main__":
    sys.exit(main())
