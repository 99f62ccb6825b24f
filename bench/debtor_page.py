"""What one debtor's page costs: DynamoDB requests and read capacity per view, and its time.

Usage: ``python -m bench.debtor_page [--history 200] [--views 50]``

Deploys the stack into moto (in this process), hands over a two-invoice case, adds ``--history``
timeline entries (a long contact history must not make the page dearer), confirms once, then views
the page ``--views`` times. Reports, deterministically, the DynamoDB requests of a view, of the
question page and of a confirmation (goal: a small fixed number, whatever the history), and by
timing the median view against a baseline measured in the same run: the same four reads issued
bare, without rendering (the ratio is what the page's own work costs on top of its reads).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_claims import FAKE_AWS, deploy, organisation  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=200)
    parser.add_argument("--views", type=int, default=50)
    args = parser.parse_args(argv)
    os.environ.update(FAKE_AWS)
    mock = deploy()
    try:
        run(args.history, args.views)
    finally:
        mock.stop()


def run(history: int, views: int) -> None:
    from app import create_app
    from app.adapters.dynamo import keys
    from app.adapters.dynamo.metering import metered
    from app.adapters.dynamo.models import CaseItem, PortalItem
    from app.claims.operations import hand_over
    from app.domain.timeline import EventKind
    from tests import factories

    app = create_app({"WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    services = app.extensions["portal.services"]
    org = organisation(services, "bench-debtor")
    now = services.clock.now()
    incoming = [
        factories.incoming(
            invoice_number=number,
            principal=Decimal(amount),
            due_date=(now - timedelta(days=days)).date(),
            issue_date=(now - timedelta(days=days + 30)).date(),
        )
        for number, amount, days in (("BENCH-1", "480.00", 50), ("BENCH-2", "320.00", 30))
    ]
    result = hand_over(services, org, incoming, factories.handover(at=now))
    case_id = next(iter(result.plan.changes))
    for n in range(history):
        services.timeline.add(
            org.org_id, case_id, kind=EventKind.NOTE, summary=f"entry {n}", actor="bench", at=now
        )
    link = services.links.issue(org.org_id, case_id, now=now, valid_days=60)
    client = app.test_client()
    url = f"/d/{link.token}"

    with metered() as question:
        assert client.get(url).status_code == 200
    with metered() as confirmation:
        assert client.post(f"{url}/confirm", data={"answer": "BENCH-1"}).status_code == 302
    with metered() as view:
        assert client.get(url).status_code == 200

    timings, bare = [], []
    for _ in range(views):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        services.links.resolve(link.token, now=now)
        CaseItem.get(keys.org(org.org_id), keys.case_header(case_id))
        list(PortalItem.query(keys.case_items(org.org_id, case_id), PortalItem.sk.between("CLAIM#", "DOC$")))
        services.organisations.get(org.org_id)
        bare.append(time.perf_counter() - started)

    def requests(counted) -> str:
        return ", ".join(f"{n} {op}" for op, n in sorted(counted.by_operation.items()))

    print(f"Debtor page, a case with {history} timeline entries:")
    print(f"  question page:   {requests(question)}")
    print(f"  confirmation:    {requests(confirmation)}")
    print(f"  page view:       {requests(view)}  (goal: a small fixed number, history not read)")
    page_ms, bare_ms = statistics.median(timings) * 1000, statistics.median(bare) * 1000
    print(
        f"  median view {page_ms:.1f} ms vs the same reads bare {bare_ms:.1f} ms: "
        f"{page_ms / bare_ms:.2f}x (the rest: rendering, the balance, two QR codes)"
    )


if __name__ == "__main__":
    main()
