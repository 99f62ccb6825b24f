from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.domain.claim import CURRENCIES, ClaimType
from app.domain.debtor import LANGUAGES, DebtorKind

KINDS = [SelectChoice(DebtorKind.COMPANY.value, "Company"), SelectChoice(DebtorKind.PERSON.value, "Person")]


class ClaimForm(FlaskForm):
    """One claim, typed in by hand. Amounts are read by the same rules as the spreadsheet import."""

    handover_id = HiddenField()  # one per form: submitting it twice stores the claim once
    confirm_case = HiddenField()  # the existing case the creditor agreed to add the claim to

    debtor_kind = SelectField("The debtor is a", choices=KINDS)
    debtor_name = StringField("Full name or legal name", validators=[DataRequired(), Length(max=140)])
    debtor_id = StringField(
        "Identification number",
        validators=[Optional(), Length(max=32)],
        description="Personal or company number (e.g. davčna številka, Y-tunnus, NIP, ΑΦΜ).",
    )
    email = EmailField("E-mail", validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(
        "Phone", validators=[Optional(), Length(max=32)], description="With the country code."
    )
    street = StringField("Street and number", validators=[Optional(), Length(max=140)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=16)])
    city = StringField("City", validators=[Optional(), Length(max=70)])
    country = StringField(
        "Country",
        validators=[DataRequired(), Length(min=2, max=2)],
        description="Two letters: SI, FI, PL, GR...",
    )
    language = SelectField("Language for messages", choices=[SelectChoice(code) for code in LANGUAGES])

    invoice_number = StringField("Invoice number", validators=[DataRequired(), Length(max=40)])
    issue_date = DateField("Issue date", validators=[DataRequired()])
    due_date = DateField("Due date", validators=[DataRequired()])
    amount = StringField("Amount", validators=[DataRequired(), Length(max=32)], description="e.g. 1.234,56")
    currency = SelectField("Currency", choices=[SelectChoice(c) for c in CURRENCIES])
    paid_amount = StringField("Already paid", validators=[Optional(), Length(max=32)])
    claim_type = SelectField(
        "Claim type",
        choices=[
            SelectChoice(ClaimType.B2B.value, "B2B (business)"),
            SelectChoice(ClaimType.B2C.value, "B2C (consumer)"),
        ],
    )
    description = TextAreaField("Goods or services", validators=[Optional(), Length(max=500)])
    contract_reference = StringField("Contract or terms", validators=[Optional(), Length(max=200)])
