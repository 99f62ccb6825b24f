"""Fill a Zappa stage's settings from the CloudFormation stack's outputs.

Usage::

    python scripts/zappa_env.py STAGE STACK_NAME [--settings zappa_settings.json] [--region R]
                                                [--dry-run]

Reads the outputs of stack STACK_NAME with boto3 (the usual credential chain; region from
``--region``, else the stage's ``aws_region``, else the environment; ``AWS_ENDPOINT_URL`` is
honoured, so it also works against the local moto stack) and writes into STAGE of
zappa_settings.json:

* ``environment_variables``: every output named in ``app.config.STACK_OUTPUT_ENV`` under the
  environment variable the portal reads (``TableName`` -> ``PORTAL_TABLE``, ...). Variables that
  are not stack outputs (``LOG_LEVEL``) keep their value.
* ``role_arn``: the ``LambdaRoleArn`` output, the execution role the stack manages
  (``manage_roles`` is false, so Zappa uses this role and creates none).
* the worker's SQS trigger (``events``, ``functions.worker.handler``): the ``ActionsQueueArn`` output;
  the feedback function's SNS trigger: the ``MessageEventsTopicArn`` output.

Run it before ``zappa deploy STAGE`` / ``zappa update STAGE``: Zappa bakes environment_variables
into the package's zappa_settings.py and its handler copies them into os.environ on every cold
start, so an empty placeholder would reach the function as an empty value. The values are names,
URLs and ARNs, not secrets (the session key stays in Secrets Manager, referenced by
SECRET_KEY_ARN). Other stages and other settings are left untouched. Fails, writing nothing, if the
stack lacks one of the outputs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.config import STACK_OUTPUT_ENV  # noqa: E402  (needs ROOT on sys.path first)

ROLE_OUTPUT = "LambdaRoleArn"
QUEUE_OUTPUT = "ActionsQueueArn"
TOPIC_OUTPUT = "MessageEventsTopicArn"


def stack_outputs(stack_name: str, region: str | None) -> dict[str, str]:
    import boto3

    cloudformation = boto3.session.Session(region_name=region).client("cloudformation")
    stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}


def resolved_stage(settings: dict, stage: str) -> dict:
    """The stage as Zappa sees it: ``extends`` applied as Zappa does (a shallow update)."""
    chain, name = [], stage
    while name:
        if name in chain:
            raise SystemExit(f"zappa settings: circular extends at {name!r}")
        if name not in settings:
            raise SystemExit(f"zappa settings: no stage {name!r}")
        chain.append(name)
        name = settings[name].get("extends")
    resolved: dict = {}
    for name in reversed(chain):
        resolved.update(settings[name])
    return resolved


def apply_outputs(settings: dict, stage: str, outputs: dict[str, str]) -> dict[str, str]:
    """Write the outputs into ``settings[stage]``; returns the variables that were set."""
    wanted = [*STACK_OUTPUT_ENV, ROLE_OUTPUT, QUEUE_OUTPUT]
    missing = [name for name in wanted if name not in outputs]
    if missing:
        raise SystemExit("The stack has no output(s): " + ", ".join(missing))
    env = dict(resolved_stage(settings, stage).get("environment_variables", {}))
    changes = {STACK_OUTPUT_ENV[key]: outputs[key] for key in STACK_OUTPUT_ENV}
    env.update(changes)
    settings[stage]["environment_variables"] = env
    settings[stage]["role_arn"] = outputs[ROLE_OUTPUT]
    # The worker's SQS trigger: the actions queue of this stack.
    events = [dict(e) for e in resolved_stage(settings, stage).get("events", [])]
    for event in events:
        if event.get("function") == "functions.worker.handler" and "event_source" in event:
            event["event_source"] = {**event["event_source"], "arn": outputs[QUEUE_OUTPUT]}
        if event.get("function") == "functions.feedback.handler" and "event_source" in event:
            event["event_source"] = {**event["event_source"], "arn": outputs[TOPIC_OUTPUT]}
    settings[stage]["events"] = events
    return changes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("stage")
    parser.add_argument("stack_name")
    parser.add_argument("--settings", type=Path, default=ROOT / "zappa_settings.json")
    parser.add_argument("--region", help="default: the stage's aws_region")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)

    settings = json.loads(args.settings.read_text())
    region = args.region or resolved_stage(settings, args.stage).get("aws_region")
    changes = apply_outputs(settings, args.stage, stack_outputs(args.stack_name, region))
    for name, value in {**changes, "role_arn": settings[args.stage]["role_arn"]}.items():
        print(f"{args.stage}: {name} = {value}")
    if args.dry_run:
        print("dry run: nothing written")
        return
    args.settings.write_text(json.dumps(settings, indent=4) + "\n")
    print(f"wrote {args.settings}")


if __name__ == "__main__":
    main()
