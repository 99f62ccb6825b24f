"""Handing over one claim by hand, with the debtor's existing case proposed."""

from __future__ import annotations

import secrets
from decimal import Decimal

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from app.adapters.dynamo.cases import Handover
from app.adapters.dynamo.locks import Busy
from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.claims import operations
from app.claims.forms import ClaimForm
from app.domain.claim import Claim, ClaimType, validate_claim
from app.domain.debtor import Debtor, DebtorKind, validate_debtor
from app.domain.errors import InvalidField
from app.domain.handover import Incoming
from app.domain.intake.problems import ValueProblem
from app.domain.intake.values import parse_amount
from app.organisation.guard import complete_profile_required
from app.services import services

bp = Blueprint("claims", __name__, url_prefix="/claims")


@bp.route("/new", methods=["GET", "POST"])
@role_required(CREDITOR)
@complete_profile_required
def new():
    org = g.organisation
    form = ClaimForm()
    if request.method == "GET":
        form.handover_id.data = secrets.token_urlsafe(16)
        form.country.data = org.country
        form.language.data = org.language
        form.currency.data = org.currency
    proposal = None
    if form.validate_on_submit():
        try:
            incoming = Incoming(_debtor(form), _claim(form), ref="form")
        except InvalidField as exc:
            # The domain names its fields like the form does, so the message lands at the input.
            form._fields.get(exc.field, form.debtor_name).errors.append(exc.message)
        else:
            plan = operations.preview(services(), org.org_id, [incoming], _handover_id(form))
            change = next(iter(plan.changes.values()), None)
            joins_existing = change is not None and not change.is_new and not plan.replayed
            if plan.duplicates:
                duplicate = plan.duplicates[0]
                form.invoice_number.errors.append(f"{duplicate.reason} It is in case {duplicate.case_id}.")
            elif plan.refused:
                form.currency.errors.append(plan.refused[0].message)
            elif joins_existing and form.confirm_case.data != change.case_id:
                proposal = services().cases.get(org.org_id, change.case_id)
                form.confirm_case.data = change.case_id
            else:
                return _store(org, incoming, _handover_id(form))
    return render_template("claims/new.html", form=form, proposal=proposal)


def _store(org, incoming: Incoming, handover_id: str):
    clock = services().clock
    handover = Handover(id=handover_id, at=clock.now(), source="form", actor=g.identity.email)
    try:
        result = operations.hand_over(services(), org, [incoming], handover)
    except Busy:
        flash(
            "Another hand-over of yours is being stored right now. Send the form again in a moment.", "error"
        )
        return redirect(url_for("claims.new"))
    case_id = result.applied.case_ids[0]
    flash(f"Claim {incoming.claim.invoice_number} is handed over.", "success")
    return redirect(url_for("cases.show", case_id=case_id))


def _handover_id(form: ClaimForm) -> str:
    return f"form#{form.handover_id.data or secrets.token_urlsafe(16)}"


def _amount(raw: str, field: str, *, allow_zero=False) -> Decimal:
    try:
        return parse_amount(raw, allow_zero=allow_zero)
    except ValueProblem as exc:
        raise InvalidField(field, f"{exc.message} {exc.fix}") from None


def _debtor(form: ClaimForm) -> Debtor:
    return validate_debtor(
        Debtor(
            kind=DebtorKind(form.debtor_kind.data),
            name=form.debtor_name.data,
            country=form.country.data,
            id_number=form.debtor_id.data or "",
            email=form.email.data or "",
            phone=form.phone.data or "",
            street=form.street.data or "",
            postcode=form.postcode.data or "",
            city=form.city.data or "",
            language=form.language.data,
        )
    )


def _claim(form: ClaimForm) -> Claim:
    return validate_claim(
        Claim(
            invoice_number=form.invoice_number.data,
            issue_date=form.issue_date.data,
            due_date=form.due_date.data,
            principal=_amount(form.amount.data, "amount"),
            currency=form.currency.data,
            claim_type=ClaimType(form.claim_type.data),
            description=form.description.data or "",
            contract_reference=form.contract_reference.data or "",
            paid=_amount(form.paid_amount.data, "paid_amount", allow_zero=True)
            if form.paid_amount.data
            else Decimal(0),
        )
    )
