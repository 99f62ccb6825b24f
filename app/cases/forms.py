import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

NOTE_MAX = 2000


class ResumeForm(FlaskForm):
    """The creditor resolves a dispute or a hardship and lets collection go on."""

    reason = TextAreaField(
        "How it was resolved",
        validators=[
            DataRequired(message="Say how it was resolved: the debtor is told nothing else."),
            Length(max=500),
        ],
    )


class RevokeLinksForm(FlaskForm):
    """Only the CSRF token: the case whose debtor's links are revoked is in the address."""


class NoteForm(FlaskForm):
    # One per rendered form: a second submit of the same form (a double click, a resent POST) is
    # recognised and writes nothing twice.
    once = HiddenField(default=lambda: secrets.token_hex(16))

    """A note the creditor adds to a case's timeline."""

    note = TextAreaField(
        "Note",
        validators=[
            DataRequired(message="Write the note first."),
            Length(max=NOTE_MAX, message=f"A note holds at most {NOTE_MAX:,} characters."),
        ],
        description=f"Up to {NOTE_MAX:,} characters.",
    )
