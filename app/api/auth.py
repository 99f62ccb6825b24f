"""Bearer authentication of API requests: the key names the organisation every query is scoped to.

The portal's session cookie counts for nothing here, which is what makes it safe to leave the API
out of CSRF protection: a browser cannot be tricked into sending a creditor's API key.
"""

from __future__ import annotations

from flask import g, request

from app.adapters.dynamo.api_keys import ApiKey
from app.api.errors import ApiError
from app.services import services

PUBLIC_ENDPOINTS = {"api.openapi"}


def authenticate() -> None:
    """before_request of the API blueprint: puts the request's key on ``g.api_key`` or refuses it."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(
            401,
            "unauthorized",
            "Send your API key in the Authorization header: 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    key = services().api_keys.authenticate(secret.strip(), now=services().clock.now())
    if key is None or key.is_revoked:
        message = (
            "This API key was revoked; create a new one under Settings, API keys."
            if key is not None
            else "This API key is not known. Check that it was copied whole."
        )
        raise ApiError(
            401,
            "unauthorized",
            message,
            headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
        )
    g.api_key = key


def current_key() -> ApiKey:
    return g.api_key
