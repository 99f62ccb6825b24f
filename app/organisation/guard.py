"""Pages that hand over claims need a complete organisation profile (IBAN, sender, ...) first."""

from __future__ import annotations

import functools

from flask import flash, g, redirect, url_for

from app.organisation.operations import load_profile
from app.services import services


def complete_profile_required(view):
    """Puts the organisation on ``g.organisation``, or sends the creditor to complete its profile."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        org = load_profile(services().organisations, g.identity.org_id)
        if not org.is_complete:
            flash("Complete your organisation's profile before you hand over claims.", "info")
            return redirect(url_for("organisation.profile"))
        g.organisation = org
        return view(*args, **kwargs)

    return wrapped
