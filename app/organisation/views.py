from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from app.auth.identity import CREDITOR
from app.auth.session import login_required, role_required
from app.domain.errors import InvalidField
from app.domain.organisation import COUNTRIES, format_company_number, format_iban
from app.organisation import operations
from app.organisation.forms import ProfileForm
from app.organisation.guard import complete_profile_required
from app.services import services

bp = Blueprint("organisation", __name__)


@bp.route("/")
@login_required
def home():
    if not g.identity.org_id:
        return render_template("organisation/no_organisation.html")
    return _home()


@complete_profile_required
def _home():
    org = g.organisation
    return render_template(
        "organisation/home.html",
        org=org,
        country_name=COUNTRIES[org.country][0],
        company_number=format_company_number(org.country, org.company_number),
        iban=format_iban(org.iban),
    )


@bp.route("/organisation", methods=["GET", "POST"])
@role_required(CREDITOR)
def profile():
    if not g.identity.org_id:
        return render_template("organisation/no_organisation.html")
    repo = services().organisations
    org = operations.load_profile(repo, g.identity.org_id)
    form = ProfileForm()
    if request.method == "GET":
        _fill(form, org)
    if form.validate_on_submit():
        try:
            operations.update_profile(
                repo,
                g.identity.org_id,
                profile={name: form[name].data for name in form.PROFILE_FIELDS},
                address={name: form[name].data for name in form.ADDRESS_FIELDS},
                policy={name: form[name].data for name in form.POLICY_FIELDS},
                by=g.identity.email,
                now=datetime.now(UTC),
            )
        except InvalidField as exc:
            if exc.field in form:
                form[exc.field].errors.append(exc.message)
            else:
                flash(exc.message, "error")
        else:
            flash("The organisation's profile is saved.", "success")
            return redirect(url_for("organisation.profile"))
    return render_template("organisation/profile.html", form=form, org=org)


def _fill(form: ProfileForm, org) -> None:
    for name in form.PROFILE_FIELDS:
        form[name].data = getattr(org, name)
    form.iban.data = format_iban(org.iban)
    form.company_number.data = format_company_number(org.country, org.company_number)
    for name in form.ADDRESS_FIELDS:
        form[name].data = getattr(org.address, name)
    for name in form.POLICY_FIELDS:
        value = getattr(org.policy, name)
        form[name].data = getattr(value, "value", value)
