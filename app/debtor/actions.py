"""What the debtor does on their page, recorded once each, confirmed in writing and shown to the creditor.

Each action goes through the engine's operations (so a promise, a plan, a dispute or a hardship
pauses collection exactly as a call or the creditor would), writes the contact history under a key
derived from the form's one-time token (a double tap records once), then confirms back to the
debtor by e-mail. Disputes, hardship and plans outside the creditor's rules are also sent to the
creditor, who decides on the case page.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import Response
from flask_babel import gettext as _

from app.calls.views import submitted_at
from app.debtor import mail
from app.domain import file_types
from app.domain.case import Phase
from app.domain.evidence import Document, DocumentKind, display_name
from app.domain.payments.reference import format_rf, rf_reference
from app.domain.plans import offer
from app.domain.timeline import EventKind
from app.engine import operations

log = logging.getLogger("portal.debtor")
DEBTOR = "debtor"


def opened(services, access, *, now) -> None:
    """The creditor sees that the debtor has read their page (once per confirmation)."""
    _record(services, access, "The debtor opened their personal page.", {}, key=None, at=now)


def _org(services, access):
    return services.organisations.get(access.target.org_id)


def promise(services, access, header, form) -> str | None:
    """None when recorded, else what is wrong with the date (in the debtor's language)."""
    org = _org(services, access)
    now = services.clock.now()
    today = now.date()
    due = form.pay_by.data
    latest = today + timedelta(days=org.policy.max_promise_days)
    if due < today:
        return _("That date is in the past. Choose today or a later day.")
    if due > latest:
        from app.formatting import day

        return _("Choose a date no later than %(date)s.", date=day(latest))
    at = submitted_at(form, access.target.org_id)
    operations.pause_for_promise(
        services, org, access.target.case_id, due=due, by=DEBTOR, now=at, key=f"debtor:{form.once.data}"
    )
    from app.debtor.page import case_balance

    owed = case_balance(org, access.case, header, today)
    mail.confirm(services, org, access, "promise", key=form.once.data, due=due, total=owed.total)
    return None


def plan(services, access, header, form) -> bool:
    """True if the plan is within the creditor's rules and agreed at once; False if it was sent to
    the creditor for a decision."""
    from app.debtor.page import case_balance

    org = _org(services, access)
    now = services.clock.now()
    owed = case_balance(org, access.case, header, now.date())
    proposal = offer(owed.total_cents, form.instalments.data, today=now.date(), policy=org.policy)
    at = submitted_at(form, access.target.org_id)
    key = f"debtor:{form.once.data}"
    if proposal.accepted:
        operations.start_plan(
            services, org, access.target.case_id, instalments=proposal.instalments, by=DEBTOR, now=at, key=key
        )
        mail.confirm(
            services,
            org,
            access,
            "plan",
            key=form.once.data,
            plan=proposal,
            currency=owed.currency,
            reference=format_rf(rf_reference(access.target.case_id)),
        )
        return True
    services.plan_requests.put(
        org.org_id, access.target.case_id, instalments=proposal.count, total_cents=owed.total_cents, at=at
    )
    _record(
        services,
        access,
        f"The debtor asks for a plan of {proposal.count} monthly instalments "
        f"({proposal.instalments[0].amount_cents / 100:.2f} {owed.currency} first), outside your plan "
        "rules: decide on the case page.",
        {"request": "plan", "instalments": str(proposal.count), "rule": proposal.reason},
        key=f"{key}:plan-request",
        at=at,
    )
    mail.confirm(
        services, org, access, "plan_requested", key=form.once.data, plan=proposal, currency=owed.currency
    )
    mail.tell_creditor(
        services,
        org,
        access,
        subject=f"Payment plan requested on case {access.target.case_id}",
        text=(
            f"{access.case.debtor.name} asks to pay {owed.total:.2f} {owed.currency} in "
            f"{len(proposal.instalments)} monthly instalments, which is outside your plan rules. "
            "Accept or decline it on the case page."
        ),
    )
    return False


def dispute_scopes(case) -> list:
    from wtforms import SelectChoice

    scopes = [SelectChoice("case", _("The whole amount"))]
    scopes += [
        SelectChoice(c.invoice_number, _("Invoice %(number)s", number=c.invoice_number))
        for c in sorted(case.claims, key=lambda c: c.due_date)
        if c.outstanding > 0
    ]
    return scopes


def dispute(services, access, header, form, upload) -> str | None:
    """None when recorded, else why the attachment was refused (nothing is recorded then)."""
    from app.debtor.forms import ATTACHMENT_MAX

    org = _org(services, access)
    document = None
    data = b""
    if upload is not None and upload.filename:
        data = upload.read(ATTACHMENT_MAX + 1)
        if len(data) > ATTACHMENT_MAX:
            return _("The file is larger than 4 MB. Attach a smaller file, or a photo of the page.")
        name = display_name(upload.filename)
        try:
            file_type = file_types.examine(name, data, upload.mimetype or "")
        except file_types.Refused:
            return _(
                "This file cannot be accepted. Attach a PDF, a photo (PNG or JPEG), a text file, an e-mail "
                "(EML), or a Word or Excel document."
            )
        doc_id = secrets.token_hex(8)
        document = Document(
            doc_id=doc_id,
            case_id=access.target.case_id,
            kind=DocumentKind.CORRESPONDENCE,
            filename=name,
            content_type=file_type.content_type,
            size=len(data),
            storage_key=f"{org.org_id}/{access.target.case_id}/debtor/{doc_id}",
            uploaded_by=DEBTOR,
            uploaded_at=services.clock.now(),
            invoice_number="" if form.scope.data == "case" else form.scope.data,
        )
    at = submitted_at(form, access.target.org_id)
    key = f"debtor:{form.once.data}"
    if document is not None:
        services.storage.put(document.storage_key, data, document.content_type)
        services.documents.add(org.org_id, document, source="debtor", actor=DEBTOR, at=at)
    scope = (
        _("the whole amount")
        if form.scope.data == "case"
        else _("Invoice %(number)s", number=form.scope.data)
    )
    what = "the whole case" if form.scope.data == "case" else f"invoice {form.scope.data}"
    reason = form.reason.data.strip()
    _pause(services, org, access, Phase.DISPUTE, f"The debtor disputes {what} on their page.", key=key, at=at)
    _record(
        services,
        access,
        f"The debtor disputes {what}: {reason}",
        {
            "request": "dispute",
            "scope": form.scope.data,
            "reason": reason,
            "document": document.doc_id if document else "",
        },
        key=f"{key}:dispute",
        at=at,
    )
    mail.confirm(services, org, access, "dispute", key=form.once.data, scope=scope, reason=reason)
    mail.tell_creditor(
        services,
        org,
        access,
        subject=f"Dispute on case {access.target.case_id}",
        text=(
            f"{access.case.debtor.name} disputes {what}:\n\n{reason}\n\n"
            + ("A document is attached to the case.\n\n" if document else "")
            + "Collection is paused until you resolve the dispute on the case page."
        ),
    )
    return None


def hardship(services, access, header, form) -> None:
    org = _org(services, access)
    at = submitted_at(form, access.target.org_id)
    key = f"debtor:{form.once.data}"
    message = form.message.data.strip()
    _pause(
        services, org, access, Phase.HARDSHIP, "The debtor reports hardship on their page.", key=key, at=at
    )
    _record(
        services,
        access,
        f"Hardship: {message}",
        {"request": "hardship", "message": message},
        key=f"{key}:hardship",
        at=at,
    )
    mail.confirm(services, org, access, "hardship", key=form.once.data, message=message)
    mail.tell_creditor(
        services,
        org,
        access,
        subject=f"Hardship reported on case {access.target.case_id}",
        text=(
            f"{access.case.debtor.name} reports hardship:\n\n{message}\n\n"
            "Reminders are paused until you reply and resume the case on the case page."
        ),
    )


def _pause(services, org, access, target: Phase, reason: str, *, key: str, at) -> None:
    """Collection stops until the creditor resolves it. On a case gone to court (or closed) the phase
    stays: the debtor's message is still recorded and the creditor told, who decides what follows."""
    from app.domain.phases import ForbiddenTransition

    try:
        operations.pause(
            services, org, access.target.case_id, target=target, by=DEBTOR, reason=reason, now=at, key=key
        )
    except ForbiddenTransition:
        log.info("not paused: the case is %s", access.case.phase.value)


def _record(services, access, summary: str, details: dict, *, key: str | None, at) -> None:
    """What the debtor did, on the case's timeline for the creditor (once per submitted form)."""
    services.timeline.add(
        access.target.org_id,
        access.target.case_id,
        kind=EventKind.DEBTOR_ACTION,
        summary=summary,
        actor=DEBTOR,
        at=at,
        details=details,
        key=key,
    )


def update_contact(services, access, form) -> bool:
    """True if something changed; the debtor's new address is used from the next contact on. An
    emptied field keeps what is on record: the page updates details, it does not erase them."""
    changes = {
        name: (getattr(form, name).data or "").strip()
        for name in ("email", "phone", "street", "postcode", "city")
    }
    debtor = access.case.debtor
    changed = {k: v for k, v in changes.items() if v and v != (getattr(debtor, k) or "")}
    if not changed:
        return False
    at = submitted_at(form, access.target.org_id)
    org = _org(services, access)
    operations.contact_changed(services, org, access.target.case_id, changed, by=DEBTOR, now=at)
    _record(
        services,
        access,
        "The debtor updated their contact details: " + ", ".join(sorted(changed)) + ".",
        {"request": "contact", **changed},
        key=f"debtor:{form.once.data}:contact",
        at=at,
    )
    new_email = changed.get("email") or debtor.email
    mail.confirm(services, org, access, "contact", key=form.once.data, changed=sorted(changed), to=new_email)
    return True


def statement(services, access, header) -> Response:
    from flask_babel import gettext

    from app.debtor.page import case_balance
    from app.debtor.statement import statement_pdf
    from app.i18n import current_locale

    org = _org(services, access)
    today = services.clock.today()
    owed = case_balance(org, access.case, header, today)
    pdf = statement_pdf(
        creditor=org,
        case=access.case,
        balance=owed,
        today=today,
        locale=current_locale(),
        reference=format_rf(rf_reference(access.case.case_id)),
        gettext=gettext,
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="statement-{access.case.case_id}.pdf"'},
    )


def download(services, access, document) -> str:
    """A link valid for a minute; the creditor sees the debtor looked at the document."""
    services.documents.downloaded(access.target.org_id, document, by=DEBTOR, at=services.clock.now())
    return services.storage.download_url(document.storage_key, document.filename, document.content_type)
