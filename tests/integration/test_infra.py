"""infra/template.yaml: it lints clean, deploys into moto, matches the PynamoDB models and its
Cognito pool and client really sign a creditor in.

The stack is deployed once per module into moto in-process (``mock_aws``). The mock is started
without resetting moto's state, because the session's emulator (tests/conftest.py) runs a moto
server in this same process and shares its backends; this module's stacks have their own names.
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from moto import mock_aws

from app.adapters.dynamo.models import PortalItem
from app.config import STACK_OUTPUT_ENV
from local import moto_cfn, stack

REGION = "eu-central-1"
STACK_NAME = "portal-infra-test"
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
}
OUTPUTS = {
    "TableName",
    "EvidenceBucketName",
    "StaticBucketName",
    "StaticSiteUrl",
    "UserPoolId",
    "UserPoolClientId",
    "ActionsQueueUrl",
    "ActionsQueueArn",
    "DeadLetterQueueUrl",
    "SesConfigurationSetName",
    "MessageEventsTopicArn",
    "SecretKeyArn",
    "LambdaRoleArn",
    "AlarmTopicArn",
}
TEMPORARY_PASSWORD = "Temporary-Passw0rd!"
PASSWORD = "Correct-Horse-42-Battery!"


# --------------------------------------------------------------------------- helpers


class _CfnLoader(yaml.SafeLoader):
    """YAML loader that understands CloudFormation's short-form tags (!Ref, !Sub, ...)."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Ref" if suffix == "Ref" else f"Fn::{suffix}": value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


def load_template() -> dict[str, Any]:
    return yaml.load(stack.template_body(), Loader=_CfnLoader)  # noqa: S506 (a SafeLoader subclass)


def aws(service: str) -> Any:
    return boto3.client(service, region_name=REGION)


def _keys(key_schema: list[dict[str, str]]) -> dict[str, str]:
    return {key["KeyType"]: key["AttributeName"] for key in key_schema}


def _index(key_schema: list[dict[str, str]], projection: dict[str, Any]) -> dict[str, Any]:
    return {
        "keys": _keys(key_schema),
        "projection": projection["ProjectionType"],
        "non_key_attributes": sorted(projection.get("NonKeyAttributes", [])),
    }


def layout_of_model() -> dict[str, Any]:
    """Key layout of the PynamoDB base model, in a form all three sources share."""
    schema = PortalItem._get_schema()
    return {
        "attributes": {a["AttributeName"]: a["AttributeType"] for a in schema["attribute_definitions"]},
        "keys": _keys(schema["key_schema"]),
        "global_indexes": {
            i["index_name"]: _index(i["key_schema"], i["projection"])
            for i in schema["global_secondary_indexes"]
        },
        "local_indexes": {
            i["index_name"]: _index(i["key_schema"], i["projection"])
            for i in schema["local_secondary_indexes"]
        },
    }


def layout_of_table(table: dict[str, Any]) -> dict[str, Any]:
    """Key layout of CloudFormation's table properties or DescribeTable's answer (same names)."""
    return {
        "attributes": {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]},
        "keys": _keys(table["KeySchema"]),
        "global_indexes": {
            i["IndexName"]: _index(i["KeySchema"], i["Projection"])
            for i in table.get("GlobalSecondaryIndexes", [])
        },
        "local_indexes": {
            i["IndexName"]: _index(i["KeySchema"], i["Projection"])
            for i in table.get("LocalSecondaryIndexes", [])
        },
    }


def claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (the test only reads what Cognito put in)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def sign_in_first_time(client_id: str, pool_id: str, email: str, org_id: str) -> dict[str, Any]:
    """What an administrator and then the user do: create, first sign-in, set a password."""
    idp = aws("cognito-idp")
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=email,
        TemporaryPassword=TEMPORARY_PASSWORD,
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:org_id", "Value": org_id},
        ],
    )
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName="creditor")
    first = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": TEMPORARY_PASSWORD},
    )
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": PASSWORD},
    )
    answer = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return answer["AuthenticationResult"]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def fake_aws():
    with pytest.MonkeyPatch.context() as mp:
        for name, value in FAKE_AWS.items():
            mp.setenv(name, value)
        # In-process moto: requests must go to the AWS hostnames moto intercepts, not to the
        # session emulator's server that tests/conftest.py may have exported.
        mp.delenv("AWS_ENDPOINT_URL", raising=False)
        mp.delenv("AWS_PROFILE", raising=False)
        moto_cfn.register()
        mock = mock_aws()
        mock.start(reset=False)
        try:
            yield
        finally:
            mock.stop(remove_data=False)


@pytest.fixture(scope="module")
def outputs(fake_aws) -> dict[str, str]:
    return stack.deploy(aws("cloudformation"), STACK_NAME)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


# --------------------------------------------------------------------------- the template


def test_template_passes_cfn_lint_without_errors_or_warnings():
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    executable = str(cfn_lint) if cfn_lint.exists() else shutil.which("cfn-lint")
    assert executable, "cfn-lint is not installed (requirements-dev.txt)"
    result = subprocess.run(
        [executable, "--format", "parseable", "--", str(stack.TEMPLATE_PATH)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # Exit code bits: 2 errors, 4 warnings (informational findings are not reported by default).
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_template_declares_exactly_the_outputs_the_portal_and_tooling_use(template):
    assert set(template["Outputs"]) == OUTPUTS
    assert set(STACK_OUTPUT_ENV) <= OUTPUTS


def test_evidence_is_reachable_only_over_tls(template):
    # Checked on the template: moto cannot evaluate conditions (see local.moto_cfn).
    statements = template["Resources"]["EvidenceBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }.items() <= statements[0].items()


def test_stateful_resources_survive_stack_deletion(template):
    resources = template["Resources"]
    for name in ("PortalTable", "EvidenceBucket", "UserPool"):
        assert resources[name]["DeletionPolicy"] == "Retain", name
        assert resources[name]["UpdateReplacePolicy"] == "Retain", name


# --------------------------------------------------------------------------- the deployed stack


def test_every_output_is_present_and_not_empty(outputs):
    assert set(outputs) == OUTPUTS
    assert all(outputs.values()), outputs
    env = stack.env_from_outputs(outputs)
    assert set(env) == set(STACK_OUTPUT_ENV.values())
    assert outputs["StaticSiteUrl"].startswith("https://")
    assert outputs["StaticSiteUrl"].endswith(".cloudfront.net")


def test_table_has_both_indexes_ttl_recovery_and_encryption(outputs):
    ddb = aws("dynamodb")
    table = ddb.describe_table(TableName=outputs["TableName"])["Table"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == {"gsi1", "gsi2", "due"}
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["DeletionProtectionEnabled"] is True
    assert table["SSEDescription"]["Status"] == "ENABLED"
    ttl = ddb.describe_time_to_live(TableName=outputs["TableName"])["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
    backups = ddb.describe_continuous_backups(TableName=outputs["TableName"])
    recovery = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert recovery["PointInTimeRecoveryStatus"] == "ENABLED"


def test_pynamodb_model_template_and_deployed_table_have_the_same_layout(outputs, template):
    model = layout_of_model()
    in_template = layout_of_table(template["Resources"]["PortalTable"]["Properties"])
    deployed = layout_of_table(aws("dynamodb").describe_table(TableName=outputs["TableName"])["Table"])
    assert in_template == model, "infra/template.yaml and app/adapters/dynamo/models.py differ"
    assert deployed == model, "the deployed table and app/adapters/dynamo/models.py differ"


def test_layout_comparison_notices_an_index_on_one_side_only(template):
    properties = copy.deepcopy(template["Resources"]["PortalTable"]["Properties"])
    properties["GlobalSecondaryIndexes"].append(
        {
            "IndexName": "by_debtor",
            "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }
    )
    assert layout_of_table(properties) != layout_of_model()
    properties = copy.deepcopy(template["Resources"]["PortalTable"]["Properties"])
    due = next(i for i in properties["GlobalSecondaryIndexes"] if i["IndexName"] == "due")
    due["Projection"] = {"ProjectionType": "ALL"}
    assert layout_of_table(properties) != layout_of_model()


def test_user_pool_has_the_three_groups_the_org_attribute_and_the_client(outputs):
    idp = aws("cognito-idp")
    pool_id = outputs["UserPoolId"]
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] >= 12
    org = next(a for a in pool["SchemaAttributes"] if a["Name"] == "custom:org_id")
    assert org["AttributeDataType"] == "String"
    assert org["Mutable"] is True
    assert pool["DeletionProtection"] == "INACTIVE"  # only prod protects the pool

    groups = idp.list_groups(UserPoolId=pool_id)["Groups"]
    assert {g["GroupName"] for g in groups} == {"creditor", "operator", "admin"}

    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=outputs["UserPoolClientId"])[
        "UserPoolClient"
    ]
    assert "ClientSecret" not in client
    assert set(client["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert "custom:org_id" in client["ReadAttributes"]
    # A user must never be able to move themselves into another creditor's organisation.
    assert "custom:org_id" not in client["WriteAttributes"]


def test_a_creditor_created_by_an_administrator_signs_in_through_the_stacks_client(outputs):
    tokens = sign_in_first_time(
        outputs["UserPoolClientId"], outputs["UserPoolId"], "ada@example.com", "org-ada"
    )
    identity = claims(tokens["IdToken"])
    assert identity["aud"] == outputs["UserPoolClientId"]
    assert identity["iss"].endswith(outputs["UserPoolId"])
    assert identity["email"] == "ada@example.com"
    assert identity["custom:org_id"] == "org-ada"
    assert identity["cognito:groups"] == ["creditor"]
    assert tokens["AccessToken"]


def test_session_secret_is_generated_and_readable(outputs):
    value = aws("secretsmanager").get_secret_value(SecretId=outputs["SecretKeyArn"])
    assert len(value["SecretString"]) == 64
    assert value["SecretString"].isalnum()


def test_ses_configuration_set_reports_to_the_message_events_topic(outputs):
    answer = aws("ses").describe_configuration_set(
        ConfigurationSetName=outputs["SesConfigurationSetName"],
        ConfigurationSetAttributeNames=["eventDestinations"],
    )
    assert answer["ConfigurationSet"]["Name"] == f"{STACK_NAME}-messages"
    (destination,) = answer["EventDestinations"]
    assert destination["Enabled"] is True
    assert destination["SNSDestination"]["TopicARN"] == outputs["MessageEventsTopicArn"]
    # "send" closes the one unknown moment of a send (see app/adapters/dynamo/sends.py).
    assert set(destination["MatchingEventTypes"]) == {"send", "bounce", "complaint", "delivery", "reject"}


def test_alarms_watch_the_function_and_the_dead_letter_queue(outputs):
    alarms = aws("cloudwatch").describe_alarms(AlarmNamePrefix=STACK_NAME)["MetricAlarms"]
    by_metric = {(a["Namespace"], a["MetricName"]): a for a in alarms}
    assert set(by_metric) == {
        ("AWS/Lambda", "Errors"),
        ("AWS/Lambda", "Throttles"),
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
    }
    for alarm in alarms:
        assert alarm["AlarmActions"] == [outputs["AlarmTopicArn"]]
        assert alarm["Threshold"] == 1
        assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    errors = by_metric["AWS/Lambda", "Errors"]
    assert errors["Dimensions"] == [{"Name": "FunctionName", "Value": "portal-dev"}]
    assert (errors["Statistic"], errors["Period"]) == ("Sum", 300)
    dead_letters = by_metric["AWS/SQS", "ApproximateNumberOfMessagesVisible"]
    queue_name = outputs["DeadLetterQueueUrl"].rsplit("/", 1)[1]
    assert dead_letters["Dimensions"] == [{"Name": "QueueName", "Value": queue_name}]


def test_failed_actions_go_to_the_dead_letter_queue_after_five_attempts(outputs):
    sqs = aws("sqs")
    queue = sqs.get_queue_attributes(QueueUrl=outputs["ActionsQueueUrl"], AttributeNames=["All"])
    attributes = queue["Attributes"]
    assert attributes["QueueArn"] == outputs["ActionsQueueArn"]
    # AWS asks for at least six times the function's timeout on a queue that triggers it.
    zappa = json.loads((Path(__file__).resolve().parents[2] / "zappa_settings.json").read_text())
    assert int(attributes["VisibilityTimeout"]) >= 6 * zappa["dev"]["timeout_seconds"]
    assert attributes["SqsManagedSseEnabled"] == "true"
    redrive = json.loads(attributes["RedrivePolicy"])
    dead_letter = sqs.get_queue_attributes(
        QueueUrl=outputs["DeadLetterQueueUrl"], AttributeNames=["QueueArn", "MessageRetentionPeriod"]
    )["Attributes"]
    assert redrive == {"deadLetterTargetArn": dead_letter["QueueArn"], "maxReceiveCount": 5}
    assert dead_letter["MessageRetentionPeriod"] == str(14 * 24 * 3600)


def test_evidence_bucket_is_versioned_private_encrypted_and_open_to_the_portal_origin(outputs):
    s3 = aws("s3")
    bucket = outputs["EvidenceBucketName"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    (cors,) = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert cors["AllowedOrigins"] == ["https://portal.example.com"]
    assert set(cors["AllowedMethods"]) == {"POST", "GET"}
    ownership = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]
    assert ownership["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert any(r.get("NoncurrentVersionExpiration") for r in lifecycle)


def test_static_assets_are_served_by_cloudfront_from_the_private_bucket(outputs):
    cloudfront = aws("cloudfront")
    (summary,) = [
        d
        for d in cloudfront.list_distributions()["DistributionList"]["Items"]
        if outputs["StaticSiteUrl"] == f"https://{d['DomainName']}"
    ]
    config = cloudfront.get_distribution(Id=summary["Id"])["Distribution"]["DistributionConfig"]
    (origin,) = config["Origins"]["Items"]
    assert origin["DomainName"].startswith(f"{outputs['StaticBucketName']}.s3.")
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behaviour["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"
    block = aws("s3").get_public_access_block(Bucket=outputs["StaticBucketName"])
    assert all(block["PublicAccessBlockConfiguration"].values())


def test_lambda_role_is_limited_to_the_stacks_resources(outputs):
    iam = boto3.client("iam")
    role_name = outputs["LambdaRoleArn"].rsplit("/", 1)[1]
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    principals = trust["Statement"][0]["Principal"]["Service"]
    assert set(principals) == {
        "lambda.amazonaws.com",
        "apigateway.amazonaws.com",
        "events.amazonaws.com",
    }
    statements = []
    for name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role_name, PolicyName=name)["PolicyDocument"]
        statements += document["Statement"]
    anywhere = {"sns:Publish", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
    table_arn = aws("dynamodb").describe_table(TableName=outputs["TableName"])["Table"]["TableArn"]
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"]
        resources = resources if isinstance(resources, list) else [resources]
        assert statement["Effect"] == "Allow"
        assert not any("*" in action for action in actions), actions
        if "*" in resources:
            assert set(actions) <= anywhere, actions
        if any(action.startswith("dynamodb:") for action in actions):
            assert resources == [table_arn, f"{table_arn}/index/*"]
        if any(action.startswith("s3:") for action in actions):
            assert all(outputs["EvidenceBucketName"] in r for r in resources), resources


def test_redeploying_the_same_template_keeps_every_output(outputs):
    assert stack.deploy(aws("cloudformation"), STACK_NAME) == outputs


def test_prod_protects_the_pool_and_an_alarm_address_gets_a_subscription(fake_aws):
    prod = stack.deploy(
        aws("cloudformation"),
        f"{STACK_NAME}-prod",
        {"Stage": "prod", "FunctionName": "portal-prod", "AlarmEmail": "ops@example.com"},
    )
    pool = aws("cognito-idp").describe_user_pool(UserPoolId=prod["UserPoolId"])["UserPool"]
    assert pool["DeletionProtection"] == "ACTIVE"
    subscriptions = aws("sns").list_subscriptions_by_topic(TopicArn=prod["AlarmTopicArn"])
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions["Subscriptions"]] == [
        ("email", "ops@example.com")
    ]


def test_a_failing_resource_is_reported_with_the_stack_events_and_rolled_back(fake_aws):
    name = f"{STACK_NAME}-clash"
    ses = aws("ses")
    ses.create_configuration_set(ConfigurationSet={"Name": f"{name}-messages"})
    try:
        with pytest.raises(stack.StackDeployError, match="already exists") as failure:
            stack.deploy(aws("cloudformation"), name)
        assert "stack events:" in str(failure.value)
    finally:
        ses.delete_configuration_set(ConfigurationSetName=f"{name}-messages")
    # Nothing half-created is left behind: the next attempt succeeds.
    assert set(stack.deploy(aws("cloudformation"), name)) == OUTPUTS


# --------------------------------------------------------------------------- moto's server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_deploys_into_a_moto_server_reached_through_aws_endpoint_url(monkeypatch):
    from moto.server import ThreadedMotoServer

    for name, value in FAKE_AWS.items():
        monkeypatch.setenv(name, value)
    moto_cfn.register()
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
        outputs = stack.deploy(
            aws("cloudformation"),
            f"{STACK_NAME}-server",
            {"Stage": "local", "PortalOrigin": "http://127.0.0.1:8000"},
        )
        assert set(outputs) == OUTPUTS and all(outputs.values())
        tokens = sign_in_first_time(
            outputs["UserPoolClientId"], outputs["UserPoolId"], "bob@example.com", "org-bob"
        )
        assert claims(tokens["IdToken"])["custom:org_id"] == "org-bob"
    finally:
        server.stop()
