"""Writing back: every arrangement is confirmed to the debtor by e-mail in their language, and the
creditor is told of what needs a decision.

A confirmation goes through the same send record as the engine's messages (adapters/dynamo/sends.py),
keyed by the form's one-time token, so a repeated submit never mails twice. A failed send does not
undo the arrangement: it is recorded, the page shows the same summary, and the statement PDF holds
it in writing; the contact history says the e-mail could not be sent.
"""

from __future__ import annotations

import logging

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from app.domain.timeline import EventKind

log = logging.getLogger("portal.debtor")


def subjects() -> dict[str, str]:
    return {
        "promise": _("Your promise to pay is recorded"),
        "plan": _("Your payment plan is agreed"),
        "plan_requested": _("Your request for a payment plan"),
        "plan_declined": _("Your request for a payment plan"),
        "dispute": _("We have received your dispute"),
        "hardship": _("We have received your message"),
        "contact": _("Your contact details are updated"),
    }


def confirm(services, org, access, kind: str, *, key: str, to: str = "", **context) -> bool:
    to = to or access.case.debtor.email
    case_id = access.target.case_id
    if not to:
        return False
    action = f"debtor-{kind}-{key}"
    now = services.clock.now()
    state = services.sends.claim(org.org_id, case_id, action, key, now)
    if state.status != "claimed":
        return state.status == "sent"
    subject = f"{subjects()[kind]} – {org.legal_name}"
    values = {"kind": kind, "org": org, "case": access.case, "debtor": access.case.debtor, **context}
    values["page_url"] = f"{services.portal_url.rstrip('/')}/d/{access.token}" if services.portal_url else ""
    values["body"] = render_template("debtor/mail/_body.txt", **values)
    text = render_template("debtor/mail/confirmation.txt", subject=subject, **values)
    html = render_template("debtor/mail/confirmation.html", subject=subject, **values)
    try:
        message_id = services.mailer.send(
            to=to,
            subject=subject,
            text=text,
            html=html,
            reply_to=org.sender_email,
            sender_name=org.legal_name,
            tags={"org": org.org_id, "case": case_id, "action": action},
        )
    except Exception:
        log.exception("confirmation not sent")
        services.timeline.add(
            org.org_id,
            case_id,
            kind=EventKind.MESSAGE_BOUNCED,
            summary=f"The confirmation e-mail to the debtor could not be sent ({kind}).",
            actor="portal",
            at=now,
            key=f"{action}:failed",
        )
        return False
    services.sends.sent(
        org.org_id, case_id, action, key, at=now, channel="email", message_id=message_id, reference=""
    )
    services.timeline.add(
        org.org_id,
        case_id,
        kind=EventKind.MESSAGE_SENT,
        summary=f"Confirmation to the debtor by e-mail: {subject}",
        actor="portal",
        at=now,
        details={"channel": "email", "to": to, "message_id": message_id},
        key=f"{action}:sent",
    )
    return True


def tell_creditor(services, org, access, *, subject: str, text: str) -> None:
    """The creditor portal speaks English; the case page has the details and the decision."""
    if not org.sender_email:
        return
    link = f"{services.portal_url.rstrip('/')}/cases/{access.target.case_id}" if services.portal_url else ""
    try:
        services.mailer.send(
            to=org.sender_email,
            subject=subject,
            text=text + (f"\n\n{link}\n" if link else "\n"),
            html=str(Markup('<p style="white-space: pre-line">{}</p>').format(text)),
            # No case tag: SES's feedback on this message (a bounce of the creditor's address) must
            # not be taken for the debtor's (app/engine/feedback.py acts on case-tagged mail only).
            tags={"org": org.org_id, "action": "creditor-notice"},
        )
    except Exception:
        log.exception("creditor notice not sent")
