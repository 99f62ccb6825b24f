import secrets

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.calls.operations import OUTCOME_LABELS

# The call summary is "Call: <outcome> – <notes>" and a timeline summary holds 1,000 characters.
NOTES_MAX = 900


class CallForm(FlaskForm):
    # One per rendered form: a second submit of the same form (a double click, a resent POST) is
    # recognised and writes nothing twice.
    once = HiddenField(default=lambda: secrets.token_hex(16))

    """What came of a call; the case page (creditors) and the call queue (operators) share it."""

    outcome = SelectField(
        "Outcome", choices=[SelectChoice(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()]
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=NOTES_MAX)])
    # Required for a promise: log_call says so, for every caller, against this field's name.
    promise_date = DateField(
        "Promised payment date",
        validators=[Optional()],
        description="When the debtor promised to pay: the reminders pause until then.",
    )
