"""Security headers on every response, and the session signing key."""

from __future__ import annotations

from flask import Flask, request

# No inline script anywhere: scripts come from our own static files only.
CSP = (
    "default-src 'self'; script-src 'self'{static}; style-src 'self'{static}; img-src 'self' data:{static}; "
    "font-src 'self'{static}; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    static = app.config.get("STATIC_URL") or ""
    policy = CSP.format(static=f" {static}" if static else "")

    @app.after_request
    def headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", policy)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            h.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        if request.endpoint != "static" and "Cache-Control" not in h:
            # Pages carry personal and financial data: never keep them in shared caches.
            h["Cache-Control"] = "no-store"
        return response


def load_secret_key(secret_arn: str) -> str:
    """The session key lives in Secrets Manager (created by the stack); never in git or settings."""
    if not secret_arn:
        raise RuntimeError("Set SECRET_KEY or SECRET_KEY_ARN.")
    from app.adapters.clients import client

    return client("secretsmanager").get_secret_value(SecretId=secret_arn)["SecretString"]
