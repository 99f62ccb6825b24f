"""Move the local portal's clock forward and let the engine catch up: ``make simulate DAYS=30``.

The clock offset lives in a file every local process reads (app/services.py, Clock), so the portal
in the browser, the scheduler and the worker all see the same day. Time moves in steps (6 hours by
default); after each step the scheduler runs once and the queue is drained, so a person can watch
a case walk through its phases in the right order.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".local"
ENV_FILE = STATE / "env.json"
CLOCK_FILE = STATE / "clock"


def simulate(
    services, queue_url: str, *, days: float, step_hours: float = 6, report=print, index=None
) -> dict:
    from app.adapters.dynamo.due import DueIndex
    from app.adapters.queue import ActionQueue
    from functions import scheduler
    from local.pump import pump_once

    index = index or DueIndex()
    totals = {"steps": 0, "due": 0, "done": 0}
    remaining = timedelta(days=days)
    step = timedelta(hours=step_hours)
    while remaining > timedelta():
        move = min(step, remaining)
        services.clock.advance(move)
        remaining -= move
        counts = scheduler.run(services.clock.now(), index, ActionQueue(queue_url))
        done = 0
        while pump_once(queue_url, wait_seconds=0):
            done += 1
        totals["steps"] += 1
        totals["due"] += counts["due"]
        totals["done"] += done
        if counts["due"]:
            report(f"  {services.clock.now():%Y-%m-%d %H:%M} UTC: {counts['due']} due, {done} handled")
    return totals


def save_env(env: dict) -> None:
    """Written by ``make run`` so a second terminal can reach the same embedded AWS."""
    STATE.mkdir(exist_ok=True)
    wanted = {k: v for k, v in env.items() if isinstance(v, str)}
    ENV_FILE.write_text(json.dumps(wanted, indent=2))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Move the local portal's clock forward.")
    parser.add_argument("--days", type=float, default=1)
    parser.add_argument("--step-hours", type=float, default=6)
    args = parser.parse_args(argv)
    if not ENV_FILE.exists():
        raise SystemExit("The local portal is not running: start it with `make run` first.")
    os.environ.update(json.loads(ENV_FILE.read_text()))
    from app import config
    from app.services import build

    services = build(config.from_env())
    before = services.clock.now()
    totals = simulate(services, os.environ["ACTIONS_QUEUE_URL"], days=args.days, step_hours=args.step_hours)
    print(
        f"Moved the clock from {before:%Y-%m-%d} to {services.clock.now():%Y-%m-%d}: "
        f"{totals['due']} due actions, {totals['done']} handled."
    )


if __name__ == "__main__":
    main()
