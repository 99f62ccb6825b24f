"""API keys in the portal: a creditor creates and revokes their organisation's keys."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from app.adapters.dynamo.api_keys import KEY_ID, KeyExists, new_key_id
from app.api.forms import CreateKeyForm, RevokeKeyForm
from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.services import services

bp = Blueprint("api_keys", __name__, url_prefix="/settings/api-keys")


@bp.route("", methods=["GET", "POST"])
@role_required(CREDITOR)
def index():
    if not g.identity.org_id:
        return render_template("organisation/no_organisation.html")
    form = CreateKeyForm()
    if form.validate_on_submit():
        key_id = form.key_id.data if KEY_ID.match(form.key_id.data or "") else new_key_id()
        try:
            key, secret = services().api_keys.create(
                g.identity.org_id,
                key_id,
                form.name.data.strip(),
                by=g.identity.email,
                now=services().clock.now(),
            )
        except KeyExists:
            flash(
                "That key was created already; its secret was shown then and cannot be shown again.", "info"
            )
            return redirect(url_for("api_keys.index"))
        # Shown in this response only: it is stored nowhere, not even in the session.
        return render_template("api/key_created.html", key=key, secret=secret)
    if not form.is_submitted():
        form.key_id.data = new_key_id()
    keys = services().api_keys.list(g.identity.org_id)
    return render_template("api/keys.html", form=form, keys=keys, revoke_form=RevokeKeyForm())


@bp.post("/<key_id>/revoke")
@role_required(CREDITOR)
def revoke(key_id: str):
    # The form is only its CSRF token, which CSRFProtect checks before any view runs.
    key = services().api_keys.revoke(
        g.identity.org_id, key_id, by=g.identity.email, now=services().clock.now()
    )
    if key is None:
        abort(404)  # also another organisation's key: nothing says it exists
    flash(
        f"The key '{key.name}' ({key.prefix}) is revoked; requests with it are refused from now on.",
        "success",
    )
    return redirect(url_for("api_keys.index"))
