"""The scheduled function finds due records through the sharded index and queues them once each."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.adapters.dynamo.due import DueIndex, iso, shard_for
from app.adapters.queue import ActionQueue
from functions import scheduler

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def put_due(aws, app):
    from app.adapters.clients import client

    def put(pk, sk, due_at, shards=16):
        client("dynamodb").put_item(
            TableName=aws["PORTAL_TABLE"],
            Item={
                "pk": {"S": pk},
                "sk": {"S": sk},
                "due_shard": {"S": shard_for(pk, shards)},
                "due_at": {"S": iso(due_at)},
            },
        )

    return put


@pytest.fixture
def queue(aws):
    from app.adapters.clients import client

    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"actions-{id(sqs)}-{datetime.now().timestamp():.0f}")["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def drain(url):
    from app.adapters.clients import client

    bodies = []
    while True:
        answer = client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        if not answer.get("Messages"):
            return bodies
        bodies += [json.loads(m["Body"]) for m in answer["Messages"]]
        for m in answer["Messages"]:
            client("sqs").delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def test_due_records_are_queued_in_batches_and_future_ones_wait(put_due, queue, org_id):
    # A year from the real clock so other tests' records are never due at this NOW.
    now = NOW + timedelta(days=3650)
    for n in range(23):
        put_due(f"ORG#{org_id}", f"CASE#{n:03d}", now - timedelta(minutes=n))
    put_due(f"ORG#{org_id}", "CASE#later", now + timedelta(hours=1))

    counts = scheduler.run(now, DueIndex(16), ActionQueue(queue))
    mine = [b for b in drain(queue) if b["pk"] == f"ORG#{org_id}"]
    assert len(mine) == 23
    assert "CASE#later" not in {b["sk"] for b in mine}
    assert counts["due"] >= 23
    assert counts["batches"] == -(-counts["due"] // 10)  # ten actions per SendMessageBatch


def test_a_repeated_run_sends_the_same_message_ids(put_due, org_id, monkeypatch):
    sent = []

    class Recorder(ActionQueue):
        def _send(self, sqs, entries):
            sent.append([e["Id"] for e in entries])

    put_due(f"ORG#{org_id}", "CASE#1", NOW - timedelta(days=1))
    scheduler.run(NOW, DueIndex(16), Recorder("unused"))
    scheduler.run(NOW, DueIndex(16), Recorder("unused"))
    first, second = sent[: len(sent) // 2], sent[len(sent) // 2 :]
    assert first == second


def test_the_lambda_handler_uses_the_configured_queue(aws, put_due, org_id):
    put_due(f"ORG#{org_id}", "CASE#handler", datetime.now(UTC) - timedelta(minutes=1))
    counts = scheduler.handler({"detail-type": "Scheduled Event"}, None)
    assert counts["due"] >= 1
    assert any(b.get("sk") == "CASE#handler" for b in drain(aws["ACTIONS_QUEUE_URL"]))  # a shared queue
