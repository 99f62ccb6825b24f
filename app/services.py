"""The composition root: builds the adapters the web app and every Lambda handler use.

Views and handlers ask for ``services()``; tests can swap a part by building Services themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.adapters.cognito import CognitoSignIn
from app.adapters.dynamo import models
from app.adapters.dynamo.organisations import OrganisationRepository
from app.auth.tokens import TokenVerifier


@dataclass
class Services:
    organisations: OrganisationRepository
    cognito: CognitoSignIn
    tokens: TokenVerifier


def build(config: dict) -> Services:
    models.bind(config["PORTAL_TABLE"], config["AWS_REGION"], config.get("AWS_ENDPOINT_URL"))
    return Services(
        organisations=OrganisationRepository(),
        cognito=CognitoSignIn(config["COGNITO_CLIENT_ID"]),
        tokens=TokenVerifier(
            jwks_url=config["COGNITO_JWKS_URL"],
            issuer=config["COGNITO_ISSUER"],
            audience=config["COGNITO_CLIENT_ID"],
        ),
    )


def services() -> Services:
    from flask import current_app

    return current_app.extensions["portal.services"]
