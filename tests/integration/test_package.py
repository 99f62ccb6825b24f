"""The built Lambda package serves requests and scheduled events on its own.

``build/portal-dev.zip`` is built (scripts/build_package.py, what ``make package`` runs) when it is
missing or older than the sources, unpacked, checked for things that must not ship, and then driven
the way Lambda drives it: a separate Python 3.12 with no site-packages at all (``-I -S``) imports
Zappa's ``handler`` from the unpacked directory and calls ``lambda_handler(event, context)``. Every
import the package needs at runtime therefore has to be inside it; everything Zappa needs only to
build the package (troposphere, PyYAML, requests, ...) is proven unnecessary by its absence.
AWS is the session's moto stack; its names reach the function through the environment, since the
package is built environment-neutral (see scripts/build_package.py).
"""

from __future__ import annotations

import ast
import fcntl
import json
import math
import os
import subprocess
import sys
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.config import STACK_OUTPUT_ENV

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[2]
ZIP = ROOT / "build" / "portal-dev.zip"
STAGE = "dev"
PYTHON312 = os.environ.get("PYTHON312", "/root/.pyenv/versions/3.12.1/bin/python")
SOURCES = ("app", "functions", "requirements.txt", "zappa_settings.json", "scripts/build_package.py")

# Top-level names (modules, packages, dist-info by distribution name) that must never ship.
DEV_ONLY = {"moto", "pytest", "_pytest", "playwright", "hypothesis", "ruff", "cfnlint", "responses"}
BUILD_ONLY = {
    "troposphere", "cfn_flip", "cfn_clean", "cfn_tools", "placebo", "hjson", "yaml", "_yaml",
    "pyyaml", "tqdm", "argcomplete", "toml", "slugify", "python_slugify", "text_unidecode", "pip",
    "setuptools", "pkg_resources", "_distutils_hack", "wheel", "requests", "certifi",
    "charset_normalizer", "packaging",
}  # fmt: skip
PROJECT_SHIPPED = {"app", "functions"}  # all the function needs of the repository
# What zappa/handler.py imports from its own package at runtime (websocket lazily).
ZAPPA_RUNTIME = {"__init__.py", "handler.py", "wsgi.py", "asgi.py", "middleware.py", "utilities.py",
                 "websocket.py"}  # fmt: skip

DRIVER = r'''
"""Plays the Lambda runtime: import the zip root's handler, call it once per event."""
import json, sys, sysconfig, time, traceback, uuid

package, events_file, results_file = sys.argv[1:4]
sys.path.insert(0, package)  # /var/task


class LambdaContext:
    function_name = "portal-dev"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-central-1:123456789012:function:portal-dev"
    memory_limit_in_mb = "1024"
    log_group_name = "/aws/lambda/portal-dev"
    log_stream_name = "2026/11/22/[$LATEST]0123456789abcdef"
    identity = None
    client_context = None

    def __init__(self, timeout_ms=30000):
        self.aws_request_id = str(uuid.uuid4())
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


import handler  # noqa: E402

results = []
for event in json.load(open(events_file)):
    try:
        results.append({"ok": True, "result": handler.lambda_handler(event, LambdaContext())})
    except Exception:
        results.append({"ok": False, "error": traceback.format_exc()})

stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
outside = sorted(
    name for name, module in list(sys.modules.items())
    if getattr(module, "__file__", None)
    and module.__file__ != __file__  # this driver, as __main__ (and its alias __mp_main__)
    and not module.__file__.startswith(package)
    and not module.__file__.startswith(stdlib)
)
loaded = sorted({name.split(".")[0] for name in sys.modules})
with open(results_file, "w") as out:
    json.dump({"results": results, "outside": outside, "loaded": loaded,
               "handler_file": handler.__file__, "site": "site" in sys.modules}, out, default=str)
'''


def _newest_source_mtime() -> float:
    newest = 0.0
    for entry in SOURCES:
        path = ROOT / entry
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
                newest = max(newest, file.stat().st_mtime)
    return newest


def _build_if_stale() -> None:
    ZIP.parent.mkdir(exist_ok=True)
    # One build at a time, also across pytest-xdist workers.
    with open(ZIP.parent / ".package.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if ZIP.exists() and ZIP.stat().st_mtime >= _newest_source_mtime():
            return
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_package.py"), "--stage", STAGE],
            cwd=ROOT,
            check=True,
            timeout=1800,
        )


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    _build_if_stale()
    unpacked = tmp_path_factory.mktemp("lambda-task")
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(unpacked)
    return unpacked


def _top_level_names(package: Path) -> set[str]:
    names = set()
    for entry in package.iterdir():
        name = entry.name
        if name.endswith(".dist-info"):
            name = name.split("-", 1)[0]
        names.add(name.removesuffix(".py").lower())
    return names


def test_the_package_holds_no_dev_or_build_tools(package):
    shipped = _top_level_names(package)
    assert not shipped & DEV_ONLY
    assert not shipped & BUILD_ONLY
    repository = {entry.name.removesuffix(".py").lower() for entry in ROOT.iterdir()}
    assert not shipped & (repository - PROJECT_SHIPPED), "only app/ and functions/ may ship"
    assert not list(package.rglob("__pycache__"))
    assert {p.name for p in (package / "zappa").iterdir()} <= ZAPPA_RUNTIME
    for needed in ("handler.py", "zappa_settings.py", "app", "functions", "flask", "boto3"):
        assert (package / needed).exists(), needed


def test_the_package_is_environment_neutral(package):
    """Packaged values would overwrite the environment the function runs in on every cold start."""
    settings = ast.parse((package / "zappa_settings.py").read_text())
    values = {
        target.id: ast.literal_eval(node.value)
        for node in settings.body
        if isinstance(node, ast.Assign)
        for target in node.targets
    }
    assert values["APP_MODULE"] == "app.wsgi"
    assert values["APP_FUNCTION"] == "app"
    assert values["DEBUG"] is False  # Zappa would put tracebacks into 500 responses
    assert not set(values["ENVIRONMENT_VARIABLES"]) & set(STACK_OUTPUT_ENV.values())


def _rule_name(function: str) -> str:
    """The EventBridge rule name ``zappa schedule`` creates for the stage's scheduled function."""
    from zappa.core import Zappa

    settings = json.loads((ROOT / "zappa_settings.json").read_text())
    stage = settings[STAGE]
    event = next(e for e in stage["events"] if e["function"] == function)
    lambda_name = f"{stage['project_name']}-{STAGE}"  # Zappa: slugify(project_name-stage)
    zappa = object.__new__(Zappa)  # only the naming helpers are used, no AWS session
    return zappa.get_scheduled_event_name(event, function, lambda_name)


def _rest_event(path: str) -> dict:
    request_id = str(uuid.uuid4())
    host = "abc123defg.execute-api.eu-central-1.amazonaws.com"
    headers = {"Host": host, "Accept": "text/html", "User-Agent": "pytest", "X-Forwarded-Proto": "https"}
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "GET",
            "path": f"/{STAGE}{path}",
            "stage": STAGE,
            "requestId": request_id,
            "accountId": "123456789012",
            "apiId": "abc123defg",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "pytest"},
            "domainName": host,
        },
        "body": None,
        "isBase64Encoded": False,
    }


def _scheduled_event(rule_name: str) -> dict:
    # What EventBridge delivers through Zappa's input template (it adds "kwargs").
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "eu-central-1",
        "resources": [f"arn:aws:events:eu-central-1:123456789012:rule/{rule_name}"],
        "detail": {},
        "kwargs": {},
    }


def _lambda_env(package: Path, home: Path) -> dict[str, str]:
    """What Lambda gives the function: AWS_* plus the portal's variables (here: moto's stack)."""
    portal = {*STACK_OUTPUT_ENV.values(), "COGNITO_JWKS_URL", "SESSION_COOKIE_SECURE", "SECRET_KEY",
              "LOG_LEVEL", "MAIL_FROM", "PORTAL_URL"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k.startswith("AWS_") or k in portal}
    env.update(
        PATH="/usr/bin:/bin",
        HOME=str(home),
        LANG="C.UTF-8",
        LAMBDA_TASK_ROOT=str(package),
        AWS_LAMBDA_FUNCTION_NAME="portal-dev",
        TZ=":UTC",  # as Lambda sets it
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def _run_driver(package: Path, tmp_path: Path, events: list[dict]) -> dict:
    (tmp_path / "events.json").write_text(json.dumps(events))
    (tmp_path / "driver.py").write_text(DRIVER)
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [
            PYTHON312,
            "-I",
            "-S",
            str(tmp_path / "driver.py"),
            str(package),
            str(tmp_path / "events.json"),
            str(tmp_path / "results.json"),
        ],
        cwd=package,
        env=_lambda_env(package, home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "results.json").read_text())
    report["log"] = done.stdout + done.stderr
    return report


def _put_due(table: str, pk: str, sk: str, due_at: datetime, shards: int = 16) -> None:
    from app.adapters.clients import client
    from app.adapters.dynamo.due import iso, shard_for

    client("dynamodb").put_item(
        TableName=table,
        Item={
            "pk": {"S": pk},
            "sk": {"S": sk},
            "due_shard": {"S": shard_for(pk, shards)},
            "due_at": {"S": iso(due_at)},
        },
    )


def _drain(queue_url: str) -> list[dict]:
    from app.adapters.clients import client

    sqs = client("sqs")
    bodies = []
    while True:
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
        if not answer.get("Messages"):
            return bodies
        for message in answer["Messages"]:
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def test_the_package_serves_a_page_and_runs_the_scheduler(aws, package, tmp_path, org_id):
    pk = f"ORG#{org_id}"
    _put_due(aws["PORTAL_TABLE"], pk, "CASE#package", datetime.now(UTC) - timedelta(minutes=5))
    page = _rest_event("/sign-in")
    rule = _rule_name("functions.scheduler.handler")
    assert rule == "portal-dev-scheduler-functions.scheduler.handler"

    report = _run_driver(package, tmp_path, [page, _scheduled_event(rule)])

    assert report["site"] is False
    assert report["handler_file"] == str(package / "handler.py")
    assert report["outside"] == [], "imported from outside the package"
    assert not set(report["loaded"]) & (DEV_ONLY | BUILD_ONLY), report["loaded"]
    web, scheduled = report["results"]
    assert web["ok"], web.get("error", "") + report["log"]
    response = web["result"]
    assert response["statusCode"] == 200, response.get("body", "")[:2000] + report["log"]
    assert "Sign in" in response["body"]
    headers = {k.lower(): v for k, v in response["headers"].items()}
    assert headers["x-request-id"] == page["requestContext"]["requestId"]
    assert headers["content-security-policy"]

    assert scheduled["ok"], scheduled.get("error", "") + report["log"]
    counts = scheduled["result"]
    assert counts["due"] >= 1  # exactly 1 on a fresh stack; other tests' records may be due too
    assert counts["batches"] == math.ceil(counts["due"] / 10)
    queued = [b for b in _drain(aws["ACTIONS_QUEUE_URL"]) if b.get("pk") == pk]  # other work shares the queue
    assert [b["sk"] for b in queued] == ["CASE#package"]


def test_zappa_env_fills_a_stage_from_the_stack_outputs(aws, tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import zappa_env
    finally:
        sys.path.remove(str(ROOT / "scripts"))

    settings = tmp_path / "zappa_settings.json"
    settings.write_text((ROOT / "zappa_settings.json").read_text())
    zappa_env.main(["prod", aws["STACK_NAME"], "--settings", str(settings)])

    written = json.loads(settings.read_text())
    env = written["prod"]["environment_variables"]
    for output, variable in STACK_OUTPUT_ENV.items():
        assert env[variable] == aws["OUTPUTS"][output]
    assert env["LOG_LEVEL"] == "INFO"
    assert written["prod"]["role_arn"] == aws["OUTPUTS"]["LambdaRoleArn"]
    assert written["prod"]["extends"] == "dev"
    assert written["dev"] == json.loads((ROOT / "zappa_settings.json").read_text())["dev"]


def test_every_stage_has_every_variable_the_portal_reads_from_the_stack():
    settings = json.loads((ROOT / "zappa_settings.json").read_text())
    for stage, config in settings.items():
        env = config.get("environment_variables") or settings[config["extends"]]["environment_variables"]
        assert set(STACK_OUTPUT_ENV.values()) | {"LOG_LEVEL"} <= set(env), stage


def _trigger_arn(function: str) -> str:
    """The ARN the packaged settings map to ``function`` (a placeholder until `make zappa-env`)."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text())[STAGE]
    return next(e["event_source"]["arn"] for e in settings["events"] if e["function"] == function)


def test_the_package_sends_a_due_letter_and_takes_ses_feedback(
    aws, package, tmp_path, org_id, organisation, services
):
    from app.claims.operations import hand_over
    from app.domain.timeline import EventKind
    from tests import factories

    # No e-mail address: the first contact goes out as a PDF letter, rendered inside the package.
    now = datetime.now(UTC)
    incoming = factories.incoming({"email": ""}, due_date=now.date() - timedelta(days=27))
    # Handed over a week ago: its first contact fell on a business day that has passed, whatever
    # day of the week the suite runs on.
    result = hand_over(services, organisation, [incoming], factories.handover(at=now - timedelta(days=7)))
    case_id = next(iter(result.plan.changes))
    # Its first visit is due (a new case waits 15 minutes of real time for it).
    from app.adapters.dynamo import engine_state
    from app.domain.case import Phase
    from app.domain.schedule import Schedule

    header = engine_state.read(org_id, case_id)
    engine_state.save(
        header, Schedule(next_at=now - timedelta(minutes=1), next_key="plan"), Phase(header.phase)
    )
    due = {"pk": f"ORG#{org_id}", "sk": f"CASE#{case_id}", "due_at": "2000-01-01T00:00:00Z"}
    queue_event = {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "handle",
                "body": json.dumps(due),
                "eventSource": "aws:sqs",
                "eventSourceARN": _trigger_arn("functions.worker.handler"),
                "attributes": {"ApproximateReceiveCount": "1"},
            }
        ]
    }
    delivery = {
        "eventType": "Delivery",
        "mail": {
            "messageId": "ses-1",
            "destination": ["racuni@kranjc.si"],
            "tags": {"org": [org_id], "case": [case_id], "action": ["9-step-9"]},
        },
    }
    topic_event = {
        "Records": [
            {
                "EventSource": "aws:sns",
                "Sns": {
                    "TopicArn": _trigger_arn("functions.feedback.handler"),
                    "Message": json.dumps(delivery),
                },
            }
        ]
    }

    report = _run_driver(package, tmp_path, [queue_event, topic_event])

    worker, feedback = report["results"]
    assert worker["ok"], worker.get("error", "") + report["log"]
    assert feedback["ok"], feedback.get("error", "") + report["log"]
    assert feedback["result"] == {"delivered": 1}
    timeline = services.timeline.list(org_id, case_id)
    letters = [e for e in timeline if e.kind == EventKind.LETTER_PREPARED.value]
    assert len(letters) == 1, report["log"]
    pdf = services.storage.open(letters[0].details["message_key"].replace(".json", ".pdf")).read()
    assert pdf.startswith(b"%PDF")
    assert any(e.kind == EventKind.MESSAGE_DELIVERED.value for e in timeline)
    assert not set(report["loaded"]) & (DEV_ONLY | BUILD_ONLY), report["loaded"]


def test_the_package_keeps_the_locales_it_formats_for_and_only_those(package):
    # babel's data for every language of the world is most of its size; the portal needs five
    # (and the creditor pages' en_IE), each with the locales it inherits from.
    data = package / "babel" / "locale-data"
    kept = {p.stem for p in data.glob("*.dat")}
    chains = [
        ("en_IE", "en_001", "en", "root"),
        ("sl_SI", "sl", "root"),
        ("fi_FI", "fi", "root"),
        ("pl_PL", "pl", "root"),
        ("el_GR", "el", "root"),
    ]
    needed = {name for chain in chains for name in chain}
    assert needed <= kept
    assert len(kept) <= len(needed) + 2, sorted(kept - needed)


def test_the_package_opens_a_debtors_link_in_the_debtors_language(
    aws, package, tmp_path, services, organisation
):
    from app.claims.operations import hand_over
    from tests import factories

    now = datetime.now(UTC)
    incoming = factories.incoming(
        debtor_changes={"language": "sl"},
        due_date=(now - timedelta(days=20)).date(),
        issue_date=(now - timedelta(days=50)).date(),
    )
    result = hand_over(services, organisation, [incoming], factories.handover(at=now))
    case_id = next(iter(result.plan.changes))
    link = services.links.issue(organisation.org_id, case_id, now=now, valid_days=60)

    report = _run_driver(package, tmp_path, [_rest_event(f"/d/{link.token}")])

    (web,) = report["results"]
    assert web["ok"], web.get("error", "") + report["log"]
    response = web["result"]
    assert response["statusCode"] == 200, response.get("body", "")[:2000] + report["log"]
    assert "Potrdite svojo identiteto" in response["body"]  # the compiled Slovenian catalogue shipped
    headers = {k.lower(): v for k, v in response["headers"].items()}
    assert headers["referrer-policy"] == "no-referrer"
    assert link.token not in report["log"]  # the token never reaches the logs
