from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

CHOOSING_RULES = "At least 12 characters with upper- and lower-case letters, a digit and a symbol."


class SignInForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=12, max=256)],
        description=CHOOSING_RULES,
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(NewPasswordForm):
    email = EmailField("E-mail", validators=[DataRequired(), Email(), Length(max=254)])
    code = StringField("Code from the e-mail", validators=[DataRequired(), Length(max=64)])


class SignOutForm(FlaskForm):
    """Sign-out is a POST with a CSRF token, so another site cannot sign a user out."""
