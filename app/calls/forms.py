from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app.calls.operations import OUTCOME_LABELS

# The call summary is "Call: <outcome> – <notes>" and a timeline summary holds 1,000 characters.
NOTES_MAX = 900


class CallForm(FlaskForm):
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
