"""The debtor's page: /d/<token>. See access.py for who may see what, actions.py for what it records.

The balance, the engine and the payment forms load on the first debtor request, not with every
cold start of the portal (bench/cold_start.py).

Nothing of the debtor's ever goes in a URL but the token: every answer and choice is a POST body,
and after a POST the page redirects back to itself. Every response says ``Referrer-Policy:
no-referrer`` (the token must not reach another site in a Referer header) and ``noindex``.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.adapters.dynamo.debtor_view import read_case
from app.debtor import access
from app.debtor.access import Access, LinkProblem
from app.debtor.forms import (
    ConfirmForm,
    ContactForm,
    DisputeForm,
    HardshipForm,
    LanguageForm,
    PlanForm,
    PromiseForm,
)
from app.i18n import LANGUAGES, NAMES
from app.services import services

bp = Blueprint("debtor", __name__, url_prefix="/d")
LANGUAGE_KEY = "debtor_language"


@bp.before_request
def language_first():
    # Until the case is read (or when the link does not work), the language the debtor chose
    # before, else what their browser prefers among the five.
    g.language = session.get(LANGUAGE_KEY) or request.accept_languages.best_match(LANGUAGES) or "en"


@bp.context_processor
def languages():
    return {"languages": [(code, NAMES[code]) for code in LANGUAGES]}


@bp.after_request
def private(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.errorhandler(LinkProblem)
def link_problem(exc: LinkProblem):
    status = 404 if exc.reason == "unknown" else 410
    return render_template("debtor/link_problem.html", reason=exc.reason), status


def _open(token: str) -> tuple[Access, object]:
    """The case the token opens (raises LinkProblem), in the debtor's language."""
    now = services().clock.now()
    if not access.plausible(token):
        raise LinkProblem("unknown")
    target = access.resolve(services(), token, now=now)
    found = read_case(target.org_id, target.case_id)
    if found is None:
        raise LinkProblem("unknown")
    case, header = found
    g.language = session.get(LANGUAGE_KEY) or case.debtor.language or "en"
    if g.language not in LANGUAGES:
        g.language = "en"
    access.check_valid(target, case, now=now)
    return Access(token, target, case), header


def _confirmed(token: str) -> tuple[Access, object]:
    opened = _open(token)
    if not access.is_confirmed(token, now=services().clock.now()):
        abort(redirect(url_for("debtor.page", token=token)))
    return opened


@bp.get("/<token>")
def page(token: str):
    opened, header = _open(token)
    if not access.is_confirmed(token, now=services().clock.now()):
        return _confirm_page(opened)
    return _page(opened, header)


@bp.post("/<token>/confirm")
def confirm(token: str):
    from app.debtor import actions

    opened, _header = _open(token)
    now = services().clock.now()
    form = ConfirmForm()
    target = opened.target
    state = services().attempts.state(target.org_id, target.case_id)
    if state.locked(now):
        return _confirm_page(opened, form, locked_until=state.locked_until, status=429)
    if not form.validate_on_submit():
        return _confirm_page(opened, form, status=400)
    if not access.answer_matches(opened.case, form.answer.data):
        state = services().attempts.failed(target.org_id, target.case_id, now=now)
        if state.locked(now):
            return _confirm_page(opened, form, locked_until=state.locked_until, status=429)
        form.answer.errors.append(_("That does not match what we have on record."))
        return _confirm_page(opened, form, attempts_left=state.left, status=400)
    if state.failures:
        services().attempts.succeeded(target.org_id, target.case_id)
    access.remember(token, now=now)
    actions.opened(services(), opened, now=now)
    return redirect(url_for("debtor.page", token=token))


@bp.post("/<token>/language")
def language(token: str):
    form = LanguageForm()
    chosen = request.form.get("language", "")
    if form.validate_on_submit() and chosen in LANGUAGES:
        session[LANGUAGE_KEY] = chosen
    return redirect(url_for("debtor.page", token=token))


@bp.post("/<token>/promise")
def promise(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    form = PromiseForm()
    if form.validate_on_submit():
        problem = actions.promise(services(), opened, header, form)
        if problem is None:
            flash(_("Thank you. Your promise is recorded and confirmed to you in writing."), "success")
            return redirect(url_for("debtor.page", token=token, _anchor="arrangement"))
        form.pay_by.errors.append(problem)
    return _page(opened, header, promise_form=form, status=400, open_section="promise")


@bp.post("/<token>/plan")
def plan(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    form = PlanForm()
    if form.validate_on_submit():
        accepted = actions.plan(services(), opened, header, form)
        if accepted:
            flash(_("Your payment plan is agreed. Reminders stop while you pay the instalments."), "success")
        else:
            flash(
                _("Your request is sent to the creditor, who will reply within a few working days."),
                "success",
            )
        return redirect(url_for("debtor.page", token=token, _anchor="arrangement"))
    return _page(opened, header, plan_form=form, status=400, open_section="plan")


@bp.post("/<token>/dispute")
def dispute(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    form = DisputeForm()
    form.scope.choices = actions.dispute_scopes(opened.case)
    if form.validate_on_submit():
        problem = actions.dispute(services(), opened, header, form, request.files.get(form.attachment.name))
        if problem is None:
            flash(
                _("Your dispute is recorded. Collection stops until the creditor has looked into it."),
                "success",
            )
            return redirect(url_for("debtor.page", token=token, _anchor="arrangement"))
        form.attachment.errors.append(problem)
    return _page(opened, header, dispute_form=form, status=400, open_section="dispute")


@bp.post("/<token>/hardship")
def hardship(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    form = HardshipForm()
    if form.validate_on_submit():
        actions.hardship(services(), opened, header, form)
        flash(_("Thank you for telling us. Reminders stop until the creditor has replied."), "success")
        return redirect(url_for("debtor.page", token=token, _anchor="arrangement"))
    return _page(opened, header, hardship_form=form, status=400, open_section="hardship")


@bp.post("/<token>/contact")
def contact(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    form = ContactForm()
    form.region = opened.case.debtor.country
    if form.validate_on_submit():
        if actions.update_contact(services(), opened, form):
            flash(_("Your contact details are updated."), "success")
        return redirect(url_for("debtor.page", token=token, _anchor="contact"))
    return _page(opened, header, contact_form=form, status=400, open_section="contact")


@bp.get("/<token>/statement.pdf")
def statement(token: str):
    from app.debtor import actions

    opened, header = _confirmed(token)
    return actions.statement(services(), opened, header)


@bp.get("/<token>/documents/<doc_id>")
def document(token: str, doc_id: str):
    from app.debtor import actions

    opened, _header = _confirmed(token)
    shared = {d.doc_id: d for d in opened.case.documents if d.shared}
    if doc_id not in shared:
        abort(404)
    return redirect(actions.download(services(), opened, shared[doc_id]))


def _confirm_page(opened: Access, form=None, *, locked_until=None, attempts_left=None, status=200):
    now = services().clock.now()
    minutes = None
    if locked_until:
        minutes = max(1, int((locked_until - now) / timedelta(minutes=1)) + 1)
    return (
        render_template(
            "debtor/confirm.html",
            token=opened.token,
            form=form or ConfirmForm(),
            language_form=LanguageForm(),
            locked_minutes=minutes,
            attempts_left=attempts_left,
        ),
        status,
    )


def _page(opened: Access, header, *, status=200, open_section="", **forms):
    from app.debtor.page import page_context

    context = page_context(services(), opened, header, forms=forms, open_section=open_section)
    return render_template("debtor/page.html", **context), status
