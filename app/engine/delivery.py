"""Carry out one SEND action: e-mail (SES), SMS (SNS), a letter (PDF) or a call task, exactly once.

The send record is claimed before anything leaves and marked sent right after (sends.py). What
went out is kept in the evidence bucket under ``messages/`` (the court may want to see it) and
the timeline says so. A worker that finds the record already sent only writes the bookkeeping.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from email.utils import formataddr

from app.adapters.dynamo import engine_state
from app.adapters.dynamo.calls import CallTask
from app.domain.policy import Channel
from app.domain.schedule import Action
from app.domain.timeline import EventKind
from app.engine.context import message_context

KINDS = {
    Channel.EMAIL: EventKind.MESSAGE_SENT,
    Channel.SMS: EventKind.MESSAGE_SENT,
    Channel.LETTER: EventKind.LETTER_PREPARED,
    Channel.CALL: EventKind.CALL_TASK,
}
VERBS = {
    Channel.EMAIL: "E-mail sent to",
    Channel.SMS: "SMS sent to",
    Channel.LETTER: "Letter prepared for",
    Channel.CALL: "Call task created: call",
}


@dataclass(frozen=True)
class Delivered:
    at: datetime
    channel: Channel
    message_id: str
    reference: str  # the S3 key of what went out


def deliver(services, org, header, action: Action, key: str, *, now: datetime) -> Delivered | None:
    """Send (once) and write the timeline entry; None if another worker is sending it right now."""
    assert action.step is not None
    case_id = header.case_id
    owner = secrets.token_hex(8)
    state = services.sends.claim(org.org_id, case_id, key, owner, now)
    if state.status == "busy":
        return None
    channel = action.step.channel
    if state.status == "sent":
        delivered = Delivered(state.sent_at or now, channel, state.message_id, state.reference)
    else:
        delivered = _send(services, org, header, action, key, now=now)
        services.sends.sent(
            org.org_id,
            case_id,
            key,
            owner,
            at=delivered.at,
            channel=channel.value,
            message_id=delivered.message_id,
            reference=delivered.reference,
        )
    debtor = header.debtor
    address = {
        Channel.EMAIL: debtor.email,
        Channel.SMS: debtor.phone,
        Channel.LETTER: f"{debtor.street}, {debtor.postcode} {debtor.city}",
        Channel.CALL: debtor.phone,
    }[channel]
    services.timeline.add(
        org.org_id,
        case_id,
        kind=KINDS[channel],
        summary=f"{action.step.name}: {VERBS[channel]} {address}",
        actor="engine",
        at=delivered.at,
        details={
            "channel": channel.value,
            "template": action.step.template,
            "step": action.step.name,
            "message_id": delivered.message_id,
            "message_key": delivered.reference,
            "action": key,
        },
        key=f"{case_id}:{key}:sent",
    )
    return delivered


def _send(services, org, header, action: Action, key: str, *, now: datetime) -> Delivered:
    from app.messages import render

    step = action.step
    case = services.cases.get(org.org_id, header.case_id)
    link = services.links.issue(org.org_id, header.case_id, now=now, valid_days=org.policy.link_valid_days)
    schedule = engine_state.schedule(header)
    context = message_context(
        org,
        case,
        now=now,
        link_url=f"{services.portal_url}/d/{link.token}",
        link_expires=link.valid_until.date(),
        first_contact=engine_first_contact(header),
        step_name=step.name,
        fees=Decimal(int(schedule.fees_cents)) / 100,
        promise_date=schedule.broken_due,  # the promise or instalment a "promise_broken" follow-up names
    )
    language = case.debtor.language or org.language
    rendered = render(step.template, language, context)
    base = f"messages/{org.org_id}/{header.case_id}/{key}"
    channel = step.channel
    # What goes out is kept before it goes out: the window between SES accepting a message and the
    # send record saying so is then a single write.
    record = {
        "channel": channel.value,
        "to": _recipient(case.debtor, channel),
        "from": formataddr((org.legal_name, services.mailer.sender)) if channel is Channel.EMAIL else "",
        "subject": rendered.subject,
        "text": rendered.text,
        "html": rendered.html,
        "template": rendered.template,
        "language": rendered.language,
        "sent_at": now.isoformat(),
        "org_id": org.org_id,
        "case_id": header.case_id,
    }
    services.storage.put(f"{base}.json", json.dumps(record, ensure_ascii=False).encode(), "application/json")
    message_id = ""
    if channel is Channel.EMAIL:
        message_id = services.mailer.send(
            to=case.debtor.email,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            reply_to=org.sender_email,
            sender_name=org.legal_name,
            tags={"org": org.org_id, "case": header.case_id, "action": key},
        )
    elif channel is Channel.SMS:
        message_id = services.texter.send(to=case.debtor.phone, text=rendered.text)
    elif channel is Channel.LETTER:
        from app.messages.letter import letter_pdf

        services.storage.put(f"{base}.pdf", letter_pdf(rendered, language=language), "application/pdf")
    else:
        services.calls.open(
            CallTask(
                org_id=org.org_id,
                case_id=header.case_id,
                action=key,
                debtor_name=case.debtor.name,
                phone=case.debtor.phone,
                country=case.debtor.country,
                amount_cents=int(header.outstanding_cents),
                currency=header.currency,
                step_name=step.name,
                script_key=f"{base}.json",
                status="open",
                created_at=now,
            )
        )
    return Delivered(now, channel, message_id, f"{base}.json")


def engine_first_contact(header) -> bool:
    return engine_state.schedule(header).last_contact_at is None


def _recipient(debtor, channel: Channel) -> str:
    if channel is Channel.EMAIL:
        return debtor.email
    if channel in (Channel.SMS, Channel.CALL):
        return debtor.phone
    return "\n".join(x for x in (debtor.name, debtor.street, f"{debtor.postcode} {debtor.city}") if x.strip())
