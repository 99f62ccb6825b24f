"""The creditor self-service collection portal: Flask application factory."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    from app import config, errors, formatting, i18n, observability, security, services
    from app.auth import session as auth_session
    from app.extensions import csrf

    app = Flask(__name__)
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)
    missing = config.missing(app.config)
    if missing:
        raise RuntimeError("Missing configuration: " + ", ".join(missing))
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = security.load_secret_key(app.config["SECRET_KEY_ARN"])

    observability.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    formatting.init_app(app)
    i18n.init_app(app)
    app.extensions["portal.services"] = services.build(app.config)
    app.before_request(auth_session.load)

    from app.api.keys import bp as api_keys_bp
    from app.api.views import bp as api_bp
    from app.auth.forms import SignOutForm
    from app.auth.views import bp as auth_bp
    from app.calls.views import bp as calls_bp
    from app.cases.views import bp as cases_bp
    from app.claims.views import bp as claims_bp
    from app.debtor.views import bp as debtor_bp
    from app.evidence.views import bp as evidence_bp
    from app.imports.views import bp as imports_bp
    from app.organisation.views import bp as organisation_bp

    for blueprint in (
        auth_bp,
        organisation_bp,
        claims_bp,
        imports_bp,
        cases_bp,
        calls_bp,
        debtor_bp,
        evidence_bp,
        api_bp,
        api_keys_bp,
    ):
        app.register_blueprint(blueprint)
    if app.config.get("OUTBOX_PAGE"):  # local only: see app/outbox
        from app.outbox import bp as outbox_bp

        app.register_blueprint(outbox_bp)

    static_base = app.config["STATIC_URL"]

    def static_url(path: str) -> str:
        # In AWS the static files are served by CloudFront from the static bucket.
        if static_base:
            return f"{static_base}/{path}"
        from flask import url_for

        return url_for("static", filename=path)

    app.jinja_env.globals["static_url"] = static_url

    @app.context_processor
    def layout():
        # Every page has the sign-out button, which is a form and so needs its CSRF token.
        return {"sign_out_form": SignOutForm()}

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
