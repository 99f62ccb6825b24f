"""The spreadsheet import end to end against the same backend as the tests, and its DynamoDB cost.

Usage: ``python -m bench.import_claims [--rows 10000]``

Generates a realistic CSV (bench.parse_memory's generator), puts it in the evidence bucket of the
stack deployed into moto (in this process), and runs the worker's two steps exactly as the actions
queue would: the preview, then the import. Then, in the same run and against the same backend, it
writes the very items the import stored again (under another organisation) with nothing but
BatchWriteItem calls of 25, the floor no import can beat. Reports:

* rows per second of the whole import (preview + import);
* the ratio of the import step to the bare writes (goal: at most 2x);
* DynamoDB requests by operation, BatchWriteItem calls per 25 items (goal: one) and the batched
  look-ups (BatchGetItem).
Times against moto measure the emulator as much as the code; the ratio is what carries over.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_REGION": "eu-central-1",
    "AWS_DEFAULT_REGION": "eu-central-1",
    "SECRET_KEY": "bench-only-not-a-secret",
    "SESSION_COOKIE_SECURE": "0",
}


def deploy():
    from moto import mock_aws

    from app.adapters import clients
    from app.config import STACK_OUTPUT_ENV
    from local import moto_cfn, stack

    moto_cfn.register()
    mock = mock_aws()
    mock.start()
    clients.reset()
    outputs = stack.deploy(
        clients.client("cloudformation"), "bench", {"Stage": "local", "FunctionName": "bench"}
    )
    os.environ.update({STACK_OUTPUT_ENV[k]: v for k, v in outputs.items() if k in STACK_OUTPUT_ENV})
    os.environ["STATIC_URL"] = ""
    return mock


def organisation(services, org_id):
    from datetime import UTC, datetime

    from app.domain.organisation import Address, Organisation

    org = Organisation.new(org_id).updated(
        by="bench",
        at=datetime.now(UTC),
        legal_name="Bench d.o.o.",
        country="SI",
        company_number="5300231",
        iban="SI56 1910 0000 0123 438",
        address=Address("Slovenska 1", "1000", "Ljubljana"),
        sender_email="bench@example.com",
    )
    services.organisations.save(org)
    return org


def raw_items(org_id: str) -> list[dict]:
    """Every item the import stored for the organisation, as DynamoDB JSON."""
    from app.adapters.clients import client

    ddb = client("dynamodb")
    items, start = [], None
    while True:
        kwargs = {"TableName": os.environ["PORTAL_TABLE"]}
        if start:
            kwargs["ExclusiveStartKey"] = start
        page = ddb.scan(**kwargs)
        items += [i for i in page["Items"] if i["pk"]["S"].startswith(f"ORG#{org_id}")]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def bare_writes(items: list[dict], new_org: str, old_org: str) -> tuple[float, int]:
    from app.adapters.clients import client

    ddb = client("dynamodb")
    moved = []
    for item in items:
        copy = dict(item)
        copy["pk"] = {"S": item["pk"]["S"].replace(f"ORG#{old_org}", f"ORG#{new_org}", 1)}
        moved.append(copy)
    calls = 0
    started = time.perf_counter()
    for n in range(0, len(moved), 25):
        request = {os.environ["PORTAL_TABLE"]: [{"PutRequest": {"Item": i}} for i in moved[n : n + 25]]}
        while request:
            answer = ddb.batch_write_item(RequestItems=request)
            calls += 1
            request = answer.get("UnprocessedItems") or None
    return time.perf_counter() - started, calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    os.environ.update(FAKE_AWS)
    mock = deploy()
    try:
        from app import create_app
        from app.adapters.dynamo.metering import metered
        from app.imports import operations
        from bench.parse_memory import generate

        services = create_app().extensions["portal.services"]
        org = organisation(services, "bench-import")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "open-items.csv"
            generate(path, args.rows, "utf-8-sig")
            job = operations.start(services, org.org_id, "open-items.csv", "bench")
            services.storage.put(operations.source_key(job), path.read_bytes(), "text/csv")

        started = time.perf_counter()
        operations.run_preview(services, org, job)
        preview_seconds = time.perf_counter() - started
        job = services.imports.get(org.org_id, job.job_id)
        job.import_started_at = services.clock.now()
        job.status = operations.ImportStatus.IMPORTING
        services.imports.save(job)
        started = time.perf_counter()
        with metered() as requests:
            operations.run_import(services, org, job, lambda: 900_000)
        import_seconds = time.perf_counter() - started
        job = services.imports.get(org.org_id, job.job_id)

        items = raw_items(org.org_id)
        stored = [i for i in items if not i["sk"]["S"].startswith(("IMPORT#", "PROFILE"))]
        bare_seconds, bare_calls = bare_writes(stored, "bench-bare", org.org_id)
    finally:
        mock.stop()

    writes = requests.by_operation["BatchWriteItem"]
    print(f"rows: {job.rows_total:,} ({job.rows_valid:,} valid, {job.rows_error:,} with errors)")
    print(f"claims added: {job.claims_added:,}  new cases: {job.new_cases:,}  items stored: {len(stored):,}")
    print(
        f"preview: {preview_seconds:.1f} s   import: {import_seconds:.1f} s   "
        f"bare writes: {bare_seconds:.1f} s"
    )
    print(f"throughput: {job.rows_total / (preview_seconds + import_seconds):,.0f} rows/s (preview + import)")
    print(f"import / bare writes: {import_seconds / bare_seconds:.2f}x (goal: <= 2x)")
    print(
        "DynamoDB requests of the import: "
        + ", ".join(f"{k} {v}" for k, v in sorted(requests.by_operation.items()))
    )
    print(
        f"BatchWriteItem: {writes} calls carried {requests.batch_items:,} items "
        f"({requests.batch_items / writes:.1f} per call; {len(stored):,} items stored, case headers are "
        f"written again when they change) "
        f"(bare: {bare_calls}; goal: one call per 25 items), look-ups: BatchGetItem "
        f"{requests.by_operation['BatchGetItem']} (goal: batched, one per 100 keys)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
