from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.domain.organisation import COUNTRIES, CURRENCIES, LANGUAGES
from app.domain.policy import AllocationOrder, CollectionPolicy

B = CollectionPolicy.BOUNDS


def _bounded(label: str, name: str, description: str = "") -> IntegerField:
    low, high = B[name]
    return IntegerField(
        label,
        validators=[InputRequired(), NumberRange(low, high)],
        description=description or f"{low} to {high}.",
    )


class ProfileForm(FlaskForm):
    legal_name = StringField("Legal name", validators=[DataRequired(), Length(max=140)])
    country = SelectField(
        "Country", choices=[SelectChoice(code, name) for code, (name, _m, _s) in COUNTRIES.items()]
    )
    company_number = StringField(
        "Company registration number",
        validators=[DataRequired(), Length(max=32)],
        description="SI matična številka, FI Y-tunnus, PL REGON or GR ΑΦΜ.",
    )
    vat_number = StringField(
        "VAT number",
        validators=[Optional(), Length(max=20)],
        description="Optional, e.g. SI12345678.",
    )
    iban = StringField("IBAN", validators=[DataRequired(), Length(max=42)])
    bic = StringField("BIC", validators=[Optional(), Length(max=11)], description="Optional in SEPA.")
    street = StringField("Street and number", validators=[DataRequired(), Length(max=140)])
    postcode = StringField("Postcode", validators=[DataRequired(), Length(max=16)])
    city = StringField("City", validators=[DataRequired(), Length(max=70)])
    language = SelectField(
        "Default language", choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()]
    )
    currency = SelectField("Currency", choices=[SelectChoice(c) for c in CURRENCIES])
    sender_email = EmailField(
        "Sender e-mail",
        validators=[DataRequired(), Email(), Length(max=254)],
        description="Reminders go out from this address once it is verified in SES.",
    )

    min_days_between_contacts = _bounded("Minimum days between contacts", "min_days_between_contacts")
    first_contact_within_hours = _bounded("First contact within (hours)", "first_contact_within_hours")
    early_collection_days = _bounded("Early collection lasts (days past due)", "early_collection_days")
    charge_statutory_interest = BooleanField("Charge statutory late-payment interest")
    charge_fixed_compensation = BooleanField("Charge the fixed EUR 40 compensation (B2B)")
    single_payment_below = DecimalField(
        "Plans: one payment only below", places=2, validators=[InputRequired(), NumberRange(0)]
    )
    max_instalments_small = _bounded("Plans: most instalments for small debts", "max_instalments_small")
    min_instalment = DecimalField(
        "Plans: smallest instalment", places=2, validators=[InputRequired(), NumberRange(0)]
    )
    small_plan_limit = DecimalField(
        "Plans: small debt up to", places=2, validators=[InputRequired(), NumberRange(0)]
    )
    min_instalment_share_percent = _bounded(
        "Plans: smallest instalment above that (% of the debt)", "min_instalment_share_percent"
    )
    max_promise_days = _bounded("Promise to pay: at most (days ahead)", "max_promise_days")
    promise_grace_days = _bounded("Promise to pay: grace period (days)", "promise_grace_days")
    link_valid_days = _bounded("Debtor link valid for (days)", "link_valid_days")
    allocation_order = SelectField(
        "Payments settle first",
        choices=[
            SelectChoice(
                AllocationOrder.COSTS_INTEREST_PRINCIPAL.value,
                "Costs, then interest, then principal",
            ),
            SelectChoice(
                AllocationOrder.PRINCIPAL_INTEREST_COSTS.value,
                "Principal, then interest, then costs",
            ),
        ],
    )
    retention_days_after_close = _bounded(
        "Keep closed cases for (days)", "retention_days_after_close", "GDPR: then they are purged."
    )

    POLICY_FIELDS = (
        "min_days_between_contacts",
        "first_contact_within_hours",
        "early_collection_days",
        "charge_statutory_interest",
        "charge_fixed_compensation",
        "single_payment_below",
        "max_instalments_small",
        "min_instalment",
        "small_plan_limit",
        "min_instalment_share_percent",
        "max_promise_days",
        "promise_grace_days",
        "link_valid_days",
        "allocation_order",
        "retention_days_after_close",
    )
    PROFILE_FIELDS = (
        "legal_name",
        "country",
        "company_number",
        "vat_number",
        "iban",
        "bic",
        "language",
        "currency",
        "sender_email",
    )
    ADDRESS_FIELDS = ("street", "postcode", "city")
