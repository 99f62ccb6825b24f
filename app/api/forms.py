from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class CreateKeyForm(FlaskForm):
    # The key's id is chosen when the form is shown, so the same form sent twice creates one key.
    key_id = HiddenField()
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=60)],
        description="Which system uses it, e.g. 'Accounting export' or 'ERP production'.",
    )


class RevokeKeyForm(FlaskForm):
    """Only the CSRF token: the key to revoke is in the address."""
