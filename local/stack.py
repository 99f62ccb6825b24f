"""Deploy infra/template.yaml and turn the stack's outputs into the portal's environment.

The same functions serve three targets: moto in-process (``moto.mock_aws``), a moto server
(``moto.server.ThreadedMotoServer``, reached through AWS_ENDPOINT_URL) and real AWS. With moto,
the process that *runs* moto must have called ``local.moto_cfn.register()`` first: moto's
CloudFormation lacks the Cognito, SES, CloudFront, CloudWatch-alarm and Secrets Manager models the
template needs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.config import STACK_OUTPUT_ENV

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "infra" / "template.yaml"

_DONE = {"CREATE_COMPLETE", "UPDATE_COMPLETE"}
_GONE = {"DELETE_COMPLETE"}
# A stack in one of these states cannot be updated; it is deleted and created again.
_DEAD = {"CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED"}


class StackDeployError(RuntimeError):
    """The stack did not reach CREATE_COMPLETE / UPDATE_COMPLETE; the message lists its events."""


def template_body() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def deploy(
    cfn_client: Any,
    stack_name: str,
    parameters: Mapping[str, str] | None = None,
    *,
    timeout: float = 1800.0,
) -> dict[str, str]:
    """Create the stack, or update it if it exists, wait for it and return its outputs."""
    request = {
        "StackName": stack_name,
        "TemplateBody": template_body(),
        "Parameters": [
            {"ParameterKey": key, "ParameterValue": str(value)} for key, value in (parameters or {}).items()
        ],
        # The execution role gets a generated name, which CloudFormation wants acknowledged.
        "Capabilities": ["CAPABILITY_IAM"],
    }
    status = _status(cfn_client, stack_name)
    if status is not None and status.endswith("_IN_PROGRESS"):
        status = _wait(cfn_client, stack_name, timeout)  # someone else's deployment is running
    if status in _DEAD:
        cfn_client.delete_stack(StackName=stack_name)
        _wait(cfn_client, stack_name, timeout)
        status = None
    creating = status is None or status in _GONE
    try:
        if creating:
            cfn_client.create_stack(**request)
        else:
            try:
                cfn_client.update_stack(**request)
            except cfn_client.exceptions.ClientError as exc:
                if "No updates are to be performed" not in str(exc):
                    raise
    except Exception as exc:
        # moto creates every resource inside the CreateStack call, so a resource that fails
        # surfaces here, and moto leaves the stack half-created. Remove it, as CloudFormation's
        # rollback would, so that the next attempt starts clean.
        events = _events(cfn_client, stack_name)
        if creating:
            _discard(cfn_client, stack_name)
        raise StackDeployError(f"deploying stack {stack_name!r} failed: {exc}\n{events}") from exc

    final = _wait(cfn_client, stack_name, timeout)
    if final not in _DONE:
        raise StackDeployError(f"stack {stack_name!r} ended in {final}\n{_events(cfn_client, stack_name)}")
    outputs = _outputs(cfn_client, stack_name)
    empty = sorted(key for key, value in outputs.items() if not value)
    if empty:
        raise StackDeployError(
            f"stack {stack_name!r} has empty outputs {empty}; against moto, call "
            "local.moto_cfn.register() in the process that runs moto before deploying"
        )
    return outputs


def env_from_outputs(outputs: Mapping[str, str]) -> dict[str, str]:
    """The environment variables the portal reads (app/config.py), from the stack's outputs."""
    missing = sorted(key for key in STACK_OUTPUT_ENV if not outputs.get(key))
    if missing:
        raise KeyError(f"stack outputs missing for the portal's environment: {missing}")
    return {env: outputs[key] for key, env in STACK_OUTPUT_ENV.items()}


def _describe(cfn_client: Any, stack_name: str) -> dict[str, Any] | None:
    try:
        stacks = cfn_client.describe_stacks(StackName=stack_name)["Stacks"]
    except cfn_client.exceptions.ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise
    return stacks[0] if stacks else None


def _status(cfn_client: Any, stack_name: str) -> str | None:
    stack = _describe(cfn_client, stack_name)
    return stack["StackStatus"] if stack else None


def _wait(cfn_client: Any, stack_name: str, timeout: float) -> str | None:
    """Poll until the stack leaves its *_IN_PROGRESS state (moto: immediately)."""
    deadline = time.monotonic() + timeout
    delay = 0.0
    while True:
        status = _status(cfn_client, stack_name)
        if status is None or not status.endswith("_IN_PROGRESS"):
            return status
        if time.monotonic() >= deadline:
            raise StackDeployError(
                f"stack {stack_name!r} still {status} after {timeout:.0f}s\n{_events(cfn_client, stack_name)}"
            )
        time.sleep(delay)
        delay = min(max(delay * 2, 1.0), 15.0)


def _discard(cfn_client: Any, stack_name: str) -> None:
    try:
        cfn_client.delete_stack(StackName=stack_name)
    except Exception:  # best effort: the original error is the one worth reporting
        return


def _outputs(cfn_client: Any, stack_name: str) -> dict[str, str]:
    stack = _describe(cfn_client, stack_name) or {}
    return {o["OutputKey"]: o.get("OutputValue", "") for o in stack.get("Outputs", [])}


def _events(cfn_client: Any, stack_name: str) -> str:
    """The stack's events, oldest first, one per line (best effort: for an error message)."""
    try:
        events = cfn_client.describe_stack_events(StackName=stack_name)["StackEvents"]
    except Exception as exc:  # the stack may not exist at all
        return f"(no stack events: {exc})"
    lines = [
        "  {} {} {} {}".format(
            e.get("LogicalResourceId", ""),
            e.get("ResourceType", ""),
            e.get("ResourceStatus", ""),
            e.get("ResourceStatusReason", "") or "",
        ).rstrip()
        for e in reversed(events)
    ]
    return "stack events:\n" + "\n".join(lines) if lines else "(no stack events)"
