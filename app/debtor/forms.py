"""The debtor's forms. Every label and message is translated (lazy: the language is the request's)."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.domain.plans import MAX_INSTALMENTS

ATTACHMENT_MAX = 4 * 1024 * 1024  # sent through the page itself: Lambda takes 6 MB, base64 included
REASON_MAX = 2000


class OnceForm(FlaskForm):
    # One per rendered form: a second submit of the same form (a double tap on a phone, a resent
    # POST) is recognised and records nothing twice.
    once = HiddenField(default=lambda: secrets.token_hex(16))


class ConfirmForm(FlaskForm):
    answer = StringField(
        _l("Invoice number or postal code"),
        validators=[
            DataRequired(message=_l("Enter the number of one of your invoices, or your postal code.")),
            Length(max=60),
        ],
    )


class LanguageForm(FlaskForm):
    pass  # the chosen language is the name of the button pressed: no JavaScript needed


class PromiseForm(OnceForm):
    pay_by = DateField(
        _l("I will pay the whole amount by"),
        validators=[InputRequired(message=_l("Choose the date you will pay by."))],
    )


class PlanForm(OnceForm):
    instalments = SelectField(
        _l("Number of monthly instalments"),
        coerce=int,
        choices=[SelectChoice(n, str(n)) for n in range(2, MAX_INSTALMENTS + 1)],
        validators=[InputRequired()],
    )


class DisputeForm(OnceForm):
    scope = SelectField(_l("What do you dispute?"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why"),
        validators=[
            DataRequired(message=_l("Tell us why you dispute it, so the creditor can look into it.")),
            Length(max=REASON_MAX),
        ],
    )
    attachment = FileField(_l("Attach a document (optional)"))


class HardshipForm(OnceForm):
    message = TextAreaField(
        _l("What has happened"),
        validators=[
            DataRequired(message=_l("Tell us briefly what has happened.")),
            Length(max=REASON_MAX),
        ],
    )


class ContactForm(OnceForm):
    region = ""  # the debtor's country: a number written without +386 is read as a Slovenian one

    def validate_phone(self, field) -> None:
        from wtforms.validators import ValidationError

        from app.domain.debtor import phone_number
        from app.domain.errors import InvalidField

        if not field.data:
            return
        try:
            field.data = phone_number(field.data, self.region or None)  # stored as E.164
        except InvalidField:
            raise ValidationError(
                _l("Enter a phone number with the country code, e.g. +386 41 123 456.")
            ) from None

    email = StringField(
        _l("E-mail"),
        validators=[
            Optional(),
            Email(message=_l("Enter an e-mail address such as name@example.com.")),
            Length(max=200),
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    street = StringField(_l("Street and number"), validators=[Optional(), Length(max=120)])
    postcode = StringField(_l("Postal code"), validators=[Optional(), Length(max=20)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
