"""What Lambda's SQS event source mapping does in AWS, for the local portal and the browser tests:
receive one message from the actions queue, call the worker, delete it unless the worker raised."""

from __future__ import annotations

import threading

from app.adapters.clients import client


class FakeContext:
    """The part of Lambda's context the worker reads: how long it may still run."""

    function_name = "portal-local"
    aws_request_id = "local"

    def __init__(self, remaining_ms: int = 300_000):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def pump_once(queue_url: str, wait_seconds: int = 1, remaining_ms: int = 300_000) -> int:
    from functions import worker

    sqs = client("sqs")
    answer = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=wait_seconds, VisibilityTimeout=300
    )
    messages = answer.get("Messages", [])
    if not messages:
        return 0
    event = {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "eventSource": "aws:sqs",
            }
            for m in messages
        ]
    }
    try:
        worker.handler(event, FakeContext(remaining_ms))
    except worker.WorkFailed:
        return len(messages)  # as Lambda does: the batch goes back to the queue
    for m in messages:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
    return len(messages)


def start(queue_url: str, stop: threading.Event) -> threading.Thread:
    def run():
        while not stop.is_set():
            try:
                pump_once(queue_url)
            except Exception as exc:  # keep pumping; the worker logged the details
                print(f"  queue pump: {exc}")
                stop.wait(1)

    thread = threading.Thread(target=run, name="queue-pump", daemon=True)
    thread.start()
    return thread
