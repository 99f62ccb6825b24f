"""The creditor's cases: the list, one case's page with its timeline, notes and calls."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from app.adapters.dynamo.case_list import SORTS, InvalidCursor
from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.calls.forms import CallForm
from app.calls.views import record_call, submitted_at
from app.cases import operations
from app.cases.forms import NoteForm, ResumeForm, RevokeLinksForm
from app.domain.case import Case, Phase
from app.domain.timeline import EVENT_GROUPS, ContactEvent, EventKind
from app.evidence.forms import ShareForm
from app.organisation.operations import load_profile
from app.services import services

bp = Blueprint("cases", __name__, url_prefix="/cases")

MESSAGE_KINDS = {kind.value for kind in EVENT_GROUPS["messages"]}


@bp.get("")
@role_required(CREDITOR)
def index():
    phase_value = request.args.get("phase", "")
    phase = Phase(phase_value) if phase_value in {p.value for p in Phase} else None
    sort = request.args.get("sort", "age")
    sort = sort if sort in SORTS else "age"
    debtor = request.args.get("debtor", "").strip()[:80]
    try:
        page = services().case_list.page(
            g.identity.org_id, phase=phase, sort=sort, debtor=debtor, cursor=request.args.get("after") or None
        )
    except InvalidCursor:
        abort(400)
    return render_template(
        "cases/index.html",
        page=page,
        phases=list(Phase),
        phase=phase,
        sort=sort,
        debtor=debtor,
        today=services().clock.today(),
    )


@bp.get("/<case_id>")
@role_required(CREDITOR)
def show(case_id: str):
    return _page(_case(case_id))


@bp.post("/<case_id>/notes")
@role_required(CREDITOR)
def add_note(case_id: str):
    case = _case(case_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _page(case, note_form=form)
    services().timeline.add(
        g.identity.org_id,
        case.case_id,
        kind=EventKind.NOTE,
        summary=form.note.data.strip(),
        actor=g.identity.email,
        at=submitted_at(form, g.identity.org_id),
        # A summary holds 1,000 characters; the whole note is kept beside it.
        details={"note": form.note.data.strip()},
        key=f"note:{form.once.data}",
    )
    flash("The note is added.", "success")
    return redirect(url_for("cases.show", case_id=case.case_id, _anchor="timeline"))


@bp.post("/<case_id>/resume")
@role_required(CREDITOR)
def resume(case_id: str):
    case = _case(case_id)
    form = ResumeForm()
    if case.phase not in RESUMABLE:
        abort(409)
    if not form.validate_on_submit():
        return _page(case, resume_form=form)
    from app.engine.operations import resume as resume_collection

    org = load_profile(services().organisations, g.identity.org_id)
    resume_collection(
        services(),
        org,
        case.case_id,
        by=f"creditor:{g.identity.email}",
        reason=form.reason.data.strip(),
        now=services().clock.now(),
    )
    flash("Collection goes on.", "success")
    return redirect(url_for("cases.show", case_id=case.case_id, _anchor="timeline"))


@bp.post("/<case_id>/plan-request")
@role_required(CREDITOR)
def decide_plan(case_id: str):
    case = _case(case_id)
    decision = request.form.get("decision")
    if decision not in ("accept", "decline"):
        abort(400)
    org = load_profile(services().organisations, g.identity.org_id)
    if not operations.decide_plan(services(), org, case, accept=decision == "accept", actor=g.identity.email):
        flash("There is no plan request waiting on this case any more.", "error")
    elif decision == "accept":
        flash("The plan is agreed; the debtor is told by e-mail and reminders pause.", "success")
    else:
        flash("The request is declined; the debtor is told by e-mail and collection goes on.", "success")
    return redirect(url_for("cases.show", case_id=case.case_id, _anchor="timeline"))


@bp.post("/<case_id>/links/revoke")
@role_required(CREDITOR)
def revoke_links(case_id: str):
    # The form is only its CSRF token, which CSRFProtect checks before any view runs.
    if not operations.revoke_links(services(), g.identity.org_id, case_id, g.identity.email):
        abort(404)  # also another creditor's case: the header's key starts with the signed-in organisation
    flash(
        "The debtor's personal links are revoked. The next reminder carries a new one that works.", "success"
    )
    return redirect(url_for("cases.show", case_id=case_id, _anchor="links"))


@bp.post("/<case_id>/calls")
@role_required(CREDITOR)
def log_call(case_id: str):
    case = _case(case_id)
    form = CallForm()
    if form.validate_on_submit():
        org = load_profile(services().organisations, g.identity.org_id)
        if record_call(form, org, case.case_id, by=f"creditor:{g.identity.email}"):
            flash("The call is logged.", "success")
            return redirect(url_for("cases.show", case_id=case.case_id, _anchor="timeline"))
    return _page(case, call_form=form)


@bp.get("/<case_id>/timeline.csv")
@role_required(CREDITOR)
def timeline_csv(case_id: str):
    from app.domain.intake import escape_for_spreadsheet

    case = _case(case_id)
    group = _group()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # like the import's problems report: what Excel expects here
    writer.writerow(["time", "kind", "summary", "actor"])
    for event in _events(case, group):
        writer.writerow(
            [
                event.at.isoformat(),
                event.kind,
                escape_for_spreadsheet(entry_text(event)),
                escape_for_spreadsheet(event.actor),
            ]
        )
    name = f"case-{case.case_id}-timeline{'-' + group if group else ''}.csv"
    return Response(
        out.getvalue().encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<case_id>/messages/<event_id>")
@role_required(CREDITOR)
def message(case_id: str, event_id: str):
    org_id = g.identity.org_id
    event = next(
        (e for e in services().timeline.list(org_id, case_id, MESSAGE_KINDS) if e.event_id == event_id), None
    )
    key = event.details.get("message_key", "") if event else ""
    # Only the signed-in creditor's own messages: the key must lie under its organisation and case.
    if not key.startswith(f"messages/{org_id}/{case_id}/") or services().storage.size(key) is None:
        abort(404)
    record = json.loads(services().storage.open(key).read())
    letter = None
    if record.get("channel") == "letter":
        # The printable letter beside it, behind a short-lived link like every other document.
        letter = services().storage.download_url(
            key.removesuffix(".json") + ".pdf", f"letter-{case_id}.pdf", "application/pdf"
        )
    return render_template("cases/message.html", case_id=case_id, event=event, message=record, letter=letter)


def entry_text(event: ContactEvent) -> str:
    return event.details.get("note") or event.summary


def kind_label(kind: str) -> str:
    return EventKind(kind).label if kind in EventKind else kind


def _case(case_id: str) -> Case:
    case = services().cases.get(g.identity.org_id, case_id)
    if case is None:
        abort(404)  # also when the case exists at another creditor: nothing says it does
    return case


def _group() -> str:
    group = request.args.get("show", "")
    return group if group in EVENT_GROUPS else ""


def _events(case: Case, group: str) -> list[ContactEvent]:
    """The case's entries, newest first, only the group's kinds when a group is chosen."""
    if not group:
        return case.events
    kinds = {kind.value for kind in EVENT_GROUPS[group]}
    return [event for event in case.events if event.kind in kinds]


# Side states only the creditor ends (a promise or a plan ends by itself, when kept or broken).
RESUMABLE = (Phase.DISPUTE, Phase.HARDSHIP)


def _page(
    case: Case,
    *,
    note_form: NoteForm | None = None,
    call_form: CallForm | None = None,
    resume_form: ResumeForm | None = None,
):
    group = _group()
    return render_template(
        "cases/show.html",
        case=case,
        today=services().clock.today(),
        events=_events(case, group),
        group=group,
        groups=list(EVENT_GROUPS),
        message_kinds=MESSAGE_KINDS,
        entry_text=entry_text,
        kind_label=kind_label,
        note_form=note_form or NoteForm(formdata=None),
        call_form=call_form or CallForm(formdata=None),
        resume_form=(resume_form or ResumeForm(formdata=None)) if case.phase in RESUMABLE else None,
        share_form=ShareForm(formdata=None),
        revoke_links_form=RevokeLinksForm(formdata=None),
        plan_request=services().plan_requests.pending(case.org_id, case.case_id),
    )
