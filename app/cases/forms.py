from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

NOTE_MAX = 2000


class NoteForm(FlaskForm):
    """A note the creditor adds to a case's timeline."""

    note = TextAreaField(
        "Note",
        validators=[
            DataRequired(message="Write the note first."),
            Length(max=NOTE_MAX, message=f"A note holds at most {NOTE_MAX:,} characters."),
        ],
        description=f"Up to {NOTE_MAX:,} characters.",
    )
