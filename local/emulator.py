"""Moto's server as the embedded AWS for ``make run`` and the test suite.

Starts moto on loopback, deploys infra/template.yaml into its CloudFormation (the production
template, with local.moto_cfn teaching moto the few resource types it lacks) and exports the stack's
outputs as the environment variables the portal reads.
"""

from __future__ import annotations

import logging
import os

from app.config import STACK_OUTPUT_ENV

_server = None


def start(port: int, stack_name: str = "portal-local", host: str = "127.0.0.1") -> dict:
    global _server
    from moto.server import ThreadedMotoServer

    from local import moto_cfn, stack

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_REGION", "eu-central-1")
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ["AWS_REGION"])
    moto_cfn.register()
    # One line per emulated AWS call drowns the portal's own log; keep warnings and errors only.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    _server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
    _server.start()
    endpoint = f"http://{host}:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint

    from app.adapters import clients

    clients.reset()
    outputs = stack.deploy(
        clients.client("cloudformation"),
        stack_name,
        {"Stage": "local", "FunctionName": stack_name, "PortalOrigin": "http://127.0.0.1:8000"},
    )
    env = {STACK_OUTPUT_ENV[key]: value for key, value in outputs.items() if key in STACK_OUTPUT_ENV}
    # Static files are served by Flask locally, not by CloudFront.
    env["STATIC_URL"] = ""
    env["COGNITO_JWKS_URL"] = f"{endpoint}/{env['COGNITO_USER_POOL_ID']}/.well-known/jwks.json"
    env["AWS_ENDPOINT_URL"] = endpoint
    # The collection service's sender address; in AWS an administrator verifies it in SES.
    env["MAIL_FROM"] = os.environ.get("MAIL_FROM") or "reminders@portal.localhost"
    env["PORTAL_URL"] = os.environ.get("PORTAL_URL") or "http://127.0.0.1:8000"
    clients.client("ses").verify_email_identity(EmailAddress=env["MAIL_FROM"])
    os.environ.update(env)
    return {**env, "STACK_NAME": stack_name, "OUTPUTS": outputs}


def stop() -> None:
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def create_user(
    env: dict,
    *,
    email: str,
    org_id: str | None,
    groups=("creditor",),
    password: str,
    permanent: bool = True,
) -> None:
    """What an administrator does in the console: create the user, link the org, add to groups."""
    from app.adapters.clients import client

    idp = client("cognito-idp")
    pool = env["COGNITO_USER_POOL_ID"]
    attributes = [
        {"Name": "email", "Value": email},
        {"Name": "email_verified", "Value": "true"},
    ]
    if org_id:
        attributes.append({"Name": "custom:org_id", "Value": org_id})
    idp.admin_create_user(
        UserPoolId=pool,
        Username=email,
        UserAttributes=attributes,
        TemporaryPassword=password,
        MessageAction="SUPPRESS",
    )
    if permanent:
        idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=password, Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=group)
