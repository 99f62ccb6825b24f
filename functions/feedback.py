"""SNS-triggered: SES's delivery, bounce and complaint events of the portal's e-mails."""

from __future__ import annotations

import json

from app.engine import feedback
from functions import runtime

log = runtime.logger("feedback")


def handler(event, context):
    counts: dict[str, int] = {}
    try:
        services = runtime.services()
        for record in event.get("Records", []):
            message = json.loads(record["Sns"]["Message"])
            outcome = feedback.record(services, message, now=services.clock.now())
            counts[outcome] = counts.get(outcome, 0) + 1
    except Exception:
        # Logged here: Zappa would otherwise retry the call with fewer arguments on a TypeError.
        log.exception("feedback failed", extra={"function": "feedback"})
        raise
    log.info("feedback", extra={"function": "feedback", "counts": counts})
    return counts
