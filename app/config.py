"""Configuration, read from the environment only.

In AWS the names come from the CloudFormation stack's outputs (see STACK_OUTPUT_ENV and
``make zappa-env``); locally, the runner deploys the same template into moto and exports the same
variables. Nothing here has a production secret as a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# CloudFormation output name -> environment variable the portal reads.
STACK_OUTPUT_ENV: dict[str, str] = {
    "TableName": "PORTAL_TABLE",
    "EvidenceBucketName": "EVIDENCE_BUCKET",
    "StaticSiteUrl": "STATIC_URL",
    "UserPoolId": "COGNITO_USER_POOL_ID",
    "UserPoolClientId": "COGNITO_CLIENT_ID",
    "ActionsQueueUrl": "ACTIONS_QUEUE_URL",
    "SesConfigurationSetName": "SES_CONFIGURATION_SET",
    "MessageEventsTopicArn": "MESSAGE_EVENTS_TOPIC_ARN",
    "SecretKeyArn": "SECRET_KEY_ARN",
}

REQUIRED = ("PORTAL_TABLE", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID")


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_env(environ: Mapping[str, str] = os.environ) -> dict:
    """Flask config keys built from environment variables."""
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or "eu-central-1"
    pool_id = environ.get("COGNITO_USER_POOL_ID", "")
    issuer = f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"
    return {
        "SECRET_KEY": environ.get("SECRET_KEY") or None,
        "SECRET_KEY_ARN": environ.get("SECRET_KEY_ARN", ""),
        "AWS_REGION": region,
        "AWS_ENDPOINT_URL": environ.get("AWS_ENDPOINT_URL") or None,
        "PORTAL_TABLE": environ.get("PORTAL_TABLE", ""),
        "EVIDENCE_BUCKET": environ.get("EVIDENCE_BUCKET", ""),
        "STATIC_URL": environ.get("STATIC_URL", "").rstrip("/"),
        "COGNITO_USER_POOL_ID": pool_id,
        "COGNITO_CLIENT_ID": environ.get("COGNITO_CLIENT_ID", ""),
        "COGNITO_ISSUER": issuer,
        # Cognito publishes its keys under the issuer; the local runner points this at moto's server.
        "COGNITO_JWKS_URL": environ.get("COGNITO_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        "ACTIONS_QUEUE_URL": environ.get("ACTIONS_QUEUE_URL", ""),
        "SES_CONFIGURATION_SET": environ.get("SES_CONFIGURATION_SET", ""),
        "MESSAGE_EVENTS_TOPIC_ARN": environ.get("MESSAGE_EVENTS_TOPIC_ARN", ""),
        "MAX_ACTIONS_PER_RUN": int(environ.get("MAX_ACTIONS_PER_RUN", "200000")),
        # A verified SES identity of the collection service; replies go to the creditor's address.
        "MAIL_FROM": environ.get("MAIL_FROM", ""),
        # Where debtors' personal links point (the portal's public address).
        "PORTAL_URL": environ.get("PORTAL_URL", "").rstrip("/"),
        # Local only: a file holding how far `flask simulate` has moved the clock forward.
        "CLOCK_FILE": environ.get("CLOCK_FILE", ""),
        # Local only: the outbox page that shows what the engine sent.
        "OUTBOX_PAGE": _flag(environ.get("OUTBOX_PAGE"), False),
        # Cookies are Secure unless explicitly turned off for plain-HTTP local runs.
        "SESSION_COOKIE_SECURE": _flag(environ.get("SESSION_COOKIE_SECURE"), True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "portal_session",
        "PERMANENT_SESSION_LIFETIME": int(environ.get("SESSION_LIFETIME_SECONDS", str(8 * 3600))),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session it is bound to
        "MAX_CONTENT_LENGTH": 30 * 1024 * 1024,
        "LOG_LEVEL": environ.get("LOG_LEVEL", "INFO"),
    }


def missing(config: Mapping) -> list[str]:
    return [name for name in REQUIRED if not config.get(name)]
