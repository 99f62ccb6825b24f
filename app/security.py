"""Security headers on every response, and the session signing key."""

from __future__ import annotations

from flask import Flask, request

# No inline script anywhere: scripts come from our own static files only.
CSP = (
    "default-src 'self'; script-src 'self'{static}; style-src 'self'{static}; img-src 'self' data:{static}; "
    "font-src 'self'{static}; connect-src 'self'{uploads}; form-action 'self'{uploads}; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def upload_origins(config) -> list[str]:
    """Where browsers may send files: the evidence bucket, which takes presigned POSTs directly."""
    if config.get("AWS_ENDPOINT_URL"):
        return [config["AWS_ENDPOINT_URL"].rstrip("/")]  # moto's server when run locally
    bucket, region = config.get("EVIDENCE_BUCKET"), config.get("AWS_REGION")
    if not bucket:
        return []
    return [f"https://{bucket}.s3.{region}.amazonaws.com", f"https://{bucket}.s3.amazonaws.com"]


def init_app(app: Flask) -> None:
    static = app.config.get("STATIC_URL") or ""
    uploads = "".join(f" {origin}" for origin in upload_origins(app.config))
    policy = CSP.format(static=f" {static}" if static else "", uploads=uploads)

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
