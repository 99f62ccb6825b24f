"""Sign-in, first-login password, forgotten password and sign-out, all through Cognito."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from app.adapters.cognito import NewPasswordRequired, SignInError
from app.auth import session as auth_session
from app.auth.forms import (
    ForgotPasswordForm,
    NewPasswordForm,
    ResetPasswordForm,
    SignInForm,
    SignOutForm,
)
from app.auth.identity import Identity
from app.auth.tokens import InvalidToken
from app.services import services

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect within the portal after sign-in (no open redirect to another host)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("organisation.home")


def _finish(tokens) -> str:
    try:
        claims = services().tokens.verify_id_token(tokens.id_token)
    except InvalidToken:
        raise SignInError("Sign-in could not be verified. Try again.") from None
    identity = Identity.from_claims(claims)
    if not identity.org_id and not identity.groups:
        raise SignInError("Your account is not linked to an organisation yet. Ask your administrator.")
    next_url = session.get("next")
    auth_session.start(identity, tokens.access_token)
    return _safe_next(next_url)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if g.identity is not None:
        return redirect(url_for("organisation.home"))
    form = SignInForm()
    if request.method == "GET" and request.args.get("next"):
        session["next"] = request.args["next"]
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        try:
            outcome = services().cognito.sign_in(email, form.password.data)
            if isinstance(outcome, NewPasswordRequired):
                session["challenge"] = {"email": email, "session": outcome.session}
                return redirect(url_for("auth.new_password"))
            return redirect(_finish(outcome))
        except SignInError as exc:
            flash(str(exc), "error")
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/new-password", methods=["GET", "POST"])
def new_password():
    challenge = session.get("challenge")
    if not challenge:
        return redirect(url_for("auth.sign_in"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            tokens = services().cognito.set_new_password(
                challenge["email"], challenge["session"], form.password.data
            )
            session.pop("challenge", None)
            target = _finish(tokens)
            flash("Your password is set. Welcome.", "success")
            return redirect(target)
        except SignInError as exc:
            flash(str(exc), "error")
    return render_template("auth/new_password.html", form=form, email=challenge["email"])


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        try:
            services().cognito.forgot_password(email)
        except SignInError as exc:
            flash(str(exc), "error")
            return render_template("auth/forgot_password.html", form=form)
        flash("If the address belongs to an account, a code is on its way by e-mail.", "info")
        return redirect(url_for("auth.reset_password", email=email))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password", methods=["GET", "POST"])
def reset_password():
    form = ResetPasswordForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"]
    if form.validate_on_submit():
        try:
            services().cognito.confirm_forgot_password(
                form.email.data.strip().lower(), form.code.data.strip(), form.password.data
            )
        except SignInError as exc:
            flash(str(exc), "error")
        else:
            flash("Your password is changed. Sign in with the new one.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        access_token = auth_session.end()
        if access_token:
            services().cognito.sign_out(access_token)
        flash("You are signed out.", "info")
    return redirect(url_for("auth.sign_in"))
