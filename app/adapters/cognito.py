"""Sign-in through Cognito's user-pool API.

The portal never stores a password: it hands what the user typed to Cognito and keeps only the
verified identity. Administrators create, disable and reset users in the AWS console.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from app.adapters.clients import client


class SignInError(Exception):
    """Cognito refused; the message is safe to show (it never says whether the user exists)."""


@dataclass(frozen=True)
class Tokens:
    id_token: str
    access_token: str


@dataclass(frozen=True)
class NewPasswordRequired:
    """First sign-in of a user an administrator created: Cognito wants a new password."""

    session: str


_MESSAGES = {
    "NotAuthorizedException": "The e-mail address or password is not correct.",
    "UserNotFoundException": "The e-mail address or password is not correct.",
    "PasswordResetRequiredException": "Your password was reset. Use 'Forgot password' to set a new one.",
    "UserNotConfirmedException": "Your account is not confirmed yet. Ask your administrator.",
    "InvalidPasswordException": "The new password does not meet the rules: at least 12 characters "
    "with upper- and lower-case letters, a digit and a symbol.",
    "CodeMismatchException": "The code is not correct. Check the e-mail and try again.",
    "ExpiredCodeException": "The code has expired. Ask for a new one.",
    "LimitExceededException": "Too many attempts. Wait a few minutes and try again.",
    "TooManyRequestsException": "Too many attempts. Wait a few minutes and try again.",
    "TooManyFailedAttemptsException": "Too many attempts. Wait a few minutes and try again.",
}


def _refusal(exc: Exception) -> SignInError:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    if code not in _MESSAGES:
        raise exc
    return SignInError(_MESSAGES[code])


class CognitoSignIn:
    def __init__(self, client_id: str):
        self.client_id = client_id

    @property
    def _idp(self):
        return client("cognito-idp")

    def sign_in(self, email: str, password: str) -> Tokens | NewPasswordRequired:
        try:
            answer = self._idp.initiate_auth(
                ClientId=self.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except self._idp.exceptions.ClientError as exc:
            raise _refusal(exc) from None
        return self._outcome(answer)

    def set_new_password(self, email: str, session: str, new_password: str) -> Tokens:
        try:
            answer = self._idp.respond_to_auth_challenge(
                ClientId=self.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=session,
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
            )
        except self._idp.exceptions.ClientError as exc:
            raise _refusal(exc) from None
        outcome = self._outcome(answer)
        if not isinstance(outcome, Tokens):
            raise SignInError("Cognito asked for another step this portal does not support.")
        return outcome

    def forgot_password(self, email: str) -> None:
        """Ask Cognito to e-mail a reset code. Unknown addresses look the same to the caller."""
        try:
            self._idp.forgot_password(ClientId=self.client_id, Username=email)
        except self._idp.exceptions.ClientError as exc:
            code = exc.response["Error"]["Code"]
            if code in (
                "UserNotFoundException",
                "NotAuthorizedException",
                "InvalidParameterException",
            ):
                return
            raise _refusal(exc) from None

    def confirm_forgot_password(self, email: str, code: str, new_password: str) -> None:
        try:
            self._idp.confirm_forgot_password(
                ClientId=self.client_id,
                Username=email,
                ConfirmationCode=code,
                Password=new_password,
            )
        except self._idp.exceptions.ClientError as exc:
            raise _refusal(exc) from None

    def sign_out(self, access_token: str) -> None:
        """Revoke the user's refresh tokens; a failure here must not keep the user signed in."""
        with contextlib.suppress(self._idp.exceptions.ClientError):
            self._idp.global_sign_out(AccessToken=access_token)

    @staticmethod
    def _outcome(answer: dict) -> Tokens | NewPasswordRequired:
        if answer.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            return NewPasswordRequired(session=answer["Session"])
        if "AuthenticationResult" not in answer:
            raise SignInError("Cognito asked for a sign-in step this portal does not support.")
        result = answer["AuthenticationResult"]
        return Tokens(id_token=result["IdToken"], access_token=result["AccessToken"])
