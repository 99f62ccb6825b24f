"""What SES reports back through SNS: deliveries, bounces and complaints of the engine's e-mails.

A hard bounce or a complaint marks the debtor's e-mail address bad on the case: from then on the
engine's steps go out on the next channel (a letter), and the step that bounced is taken again
there, because the debtor never read it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from app.adapters.dynamo import engine_state
from app.domain.policy import CollectionPolicy
from app.domain.timeline import EventKind
from app.engine.operations import planned

STEP = re.compile(r"^\d+-(?:step|retry)-(\d+)$")


def record(services, event: dict, *, now: datetime) -> str:
    """Handle one SES event notification (the JSON SNS carries); returns what was done."""
    kind = event.get("eventType") or event.get("notificationType") or ""
    mail = event.get("mail") or {}
    tags = {name: values[0] for name, values in (mail.get("tags") or {}).items() if values}
    org_id, case_id, action = tags.get("org"), tags.get("case"), tags.get("action", "")
    if not org_id or not case_id:
        return "not ours"  # e.g. a message sent by hand from the console
    to = ", ".join(mail.get("destination") or [])
    key = f"{case_id}:{action}:{kind}:{mail.get('messageId', '')}"
    if kind == "Send":
        confirmed = services.sends.confirm(
            org_id, case_id, action, at=now, message_id=mail.get("messageId", "")
        )
        return "confirmed" if confirmed else "already marked"
    if kind == "Delivery":
        services.timeline.add(
            org_id,
            case_id,
            kind=EventKind.MESSAGE_DELIVERED,
            summary=f"E-mail delivered to {to}",
            actor="ses",
            at=now,
            details={"action": action},
            key=key,
        )
        return "delivered"
    if kind not in ("Bounce", "Complaint"):
        return "ignored"
    permanent = kind == "Complaint" or (event.get("bounce") or {}).get("bounceType") == "Permanent"
    what = (
        "complaint (marked as spam)" if kind == "Complaint" else f"{'hard' if permanent else 'soft'} bounce"
    )
    services.timeline.add(
        org_id,
        case_id,
        kind=EventKind.MESSAGE_BOUNCED,
        summary=f"E-mail to {to}: {what}" + ("; the address is no longer used" if permanent else ""),
        actor="ses",
        at=now,
        details={"action": action, "type": kind},
        key=key,
    )
    if permanent:
        _mark_email_bad(services, org_id, case_id, action, now)
    return "bounced" if permanent else "soft bounce"


def _mark_email_bad(services, org_id: str, case_id: str, action: str, now: datetime) -> None:
    match = STEP.match(action)
    for _ in range(3):
        header = engine_state.read(org_id, case_id)
        if header is None:
            return
        schedule = engine_state.schedule(header)
        if "email" in schedule.bad_channels:
            return  # a second report of the same address
        schedule = replace(schedule, bad_channels=schedule.bad_channels | {"email"})
        if match:
            schedule = replace(schedule, retry_step=int(match.group(1)), next_at=now)
        facts = engine_state.facts(header)
        try:
            engine_state.save(
                header, planned(facts, schedule, _policy(services, org_id), facts.phase), facts.phase
            )
            return
        except engine_state.Stale:
            continue


def _policy(services, org_id: str):
    org = services.organisations.get(org_id)
    return org.policy if org else CollectionPolicy()
