"""The agency's call queue: open call tasks across every creditor, largest debts first."""

from __future__ import annotations

import json
import secrets

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from app.adapters.dynamo.calls import CallTask
from app.adapters.dynamo.idempotency import KeyReused
from app.adapters.dynamo.money import from_cents
from app.auth.identity import OPERATOR
from app.auth.session import role_required
from app.calls import operations
from app.calls.forms import CallForm
from app.domain.errors import DomainError, InvalidField
from app.domain.timeline import CallOutcome
from app.services import services

bp = Blueprint("calls", __name__, url_prefix="/calls")


@bp.get("")
@role_required(OPERATOR)
def index():
    tasks = services().calls.queue()
    return render_template("calls/index.html", rows=[(task, from_cents(task.amount_cents)) for task in tasks])


@bp.route("/<org_id>/<case_id>/<action>", methods=["GET", "POST"])
@role_required(OPERATOR)
def show(org_id: str, case_id: str, action: str):
    task = _task(org_id, case_id, action)
    form = CallForm()
    if task.status == "open" and form.validate_on_submit():
        org = services().organisations.get(org_id)
        if org is None:
            abort(404)
        if record_call(form, org, case_id, by=f"operator:{g.identity.email}"):
            flash(f"The call to {task.debtor_name} is logged.", "success")
            return redirect(url_for("calls.index"))
    return render_template(
        "calls/show.html",
        task=task,
        amount=from_cents(task.amount_cents),
        script=_script(task),
        form=form,
        outcome_labels=operations.OUTCOME_LABELS,
    )


def record_call(form: CallForm, org, case_id: str, *, by: str) -> bool:
    """Log the call the form describes; False with the refusal on the form's field."""
    try:
        operations.log_call(
            services(),
            org,
            case_id,
            outcome=CallOutcome(form.outcome.data),
            notes=(form.notes.data or "").strip(),
            promise_date=form.promise_date.data,
            by=by,
            now=submitted_at(form, org.org_id),
            once=form.once.data,
        )
    except InvalidField as exc:
        form._fields.get(exc.field, form.promise_date).errors.append(exc.message)
        return False
    except DomainError as exc:  # e.g. a closed case cannot take a promise
        form.outcome.errors.append(str(exc))
        return False
    return True


def submitted_at(form, org_id: str):
    """When this form was first submitted: a repeat of the same submit gets the same moment, so
    every entry it writes lands on the same timeline key and nothing appears twice."""
    import hashlib

    once = (form.once.data or "")[:64] or secrets.token_hex(16)
    fingerprint = hashlib.sha256(type(form).__name__.encode()).hexdigest()
    try:
        return (
            services()
            .idempotency.begin(f"{org_id}#form", once, fingerprint, now=services().clock.now())
            .started_at
        )
    except KeyReused:
        return services().clock.now()


def _task(org_id: str, case_id: str, action: str) -> CallTask:
    task = next((t for t in services().calls.for_case(org_id, case_id) if t.action == action), None)
    if task is None:
        abort(404)
    return task


def _script(task: CallTask) -> str:
    # The script is kept with the case's messages; a key anywhere else is not this task's to show.
    key = task.script_key
    if not key.startswith(f"messages/{task.org_id}/{task.case_id}/") or services().storage.size(key) is None:
        return ""
    record = json.loads(services().storage.open(key).read())
    return record.get("text", "")
