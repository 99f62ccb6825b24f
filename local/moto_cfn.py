"""Teach moto's CloudFormation the resource types of infra/template.yaml that it has no model for.

moto 5.x builds its CloudFormation type map from ``CloudFormationModel.__subclasses__()`` (see
``moto.cloudformation.parsing.get_model_map``) and silently skips, with a warning, every type it
does not know. The portal needs the Cognito pool and client, the SES configuration set, the secret
and the CloudFront address from the very template it is deployed with, so this module defines the
missing models as direct ``CloudFormationModel`` subclasses that create their resources through
moto's own service backends (so the ordinary boto3 calls see them), and :func:`register` makes
moto's cached type map pick them up.

Two of moto's own models drop properties the template sets; they are replaced by thin wrappers
that create the resource through moto's model and then apply the rest through the backend:

* ``AWS::DynamoDB::Table``: TimeToLiveSpecification and PointInTimeRecoverySpecification are
  ignored, SSESpecification.SSEEnabled is not recognised (moto reads ``Enabled``) and there is
  no stack-update support at all.
* ``AWS::S3::Bucket``: only BucketEncryption (without BucketKeyEnabled) and Tags are applied;
  versioning, CORS, public access block, ownership controls and lifecycle rules are dropped.
* ``AWS::IAM::Role``: inline policies are stored as Python reprs (GetRolePolicy returns
  ``{'Version': ...}``, not JSON), and a stack update ignores the policies and trust policy.

moto's SES also wants event-destination names unique per region instead of per configuration
set, so two stacks from this template could not coexist; the destination model stores its
destination without that check.

What stays fake (moto cannot do better): bucket-policy statements with a ``Condition`` are kept
on the resource (``PolicyDocument``) but not handed to S3, because moto evaluates every such
statement as an unconditional *deny* (the TLS-only deny would refuse every plain-HTTP request of
the local runner, and the CloudFront allow would turn into a deny). CloudWatch alarms never
change state, the SES event destination publishes nothing, and Cognito ignores the client's
ExplicitAuthFlows and token validities.

``register()`` must run in the process that hosts moto (the test process for ``mock_aws``, or
the process that started ``ThreadedMotoServer``) before a stack is created.
"""

from __future__ import annotations

import json
import string
import threading
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudfront.models import cloudfront_backends
from moto.cloudwatch.models import (
    Dimension,
    Metric,
    MetricDataQuery,
    MetricStat,
    cloudwatch_backends,
)
from moto.cognitoidp.models import CognitoIdpUserPoolAttribute, cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Table as MotoTable
from moto.iam.models import Role as MotoRole
from moto.iam.models import iam_backends
from moto.moto_api._internal import mock_random
from moto.s3.models import FakeBucket, s3_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends
from moto.utilities.utils import get_partition

__all__ = ["MODELS", "register"]

_lock = threading.Lock()
_registered = False


def _random_id(length: int = 13, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(mock_random.choice(alphabet) for _ in range(length))


def _props(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    return dict(cloudformation_json.get("Properties") or {})


class _Resource:
    """Shared plumbing of the plugin's models (not a CloudFormationModel itself: moto only lists
    *direct* subclasses, so each model derives from this and from CloudFormationModel)."""

    #: CloudFormation attribute name -> instance attribute that holds its value
    ATTRIBUTES: dict[str, str] = {}

    account_id: str
    region_name: str

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name not in self.ATTRIBUTES:
            raise UnformattedGetAttTemplateException()
        return getattr(self, self.ATTRIBUTES[attribute_name])

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        # Replacement: good enough for resources that keep no data of their own. Models whose
        # replacement would lose something (users, tables) override this with an in-place update.
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(  # type: ignore[attr-defined]
            new_resource_name, cloudformation_json, account_id, region_name
        )

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        # Only reached when ``delete`` is missing; every model here has one.
        raise NotImplementedError(f"{cls.__name__} is deleted through its instance")

    def is_created(self) -> bool:
        return True


# --------------------------------------------------------------------------- Cognito


class CognitoUserPool(_Resource, CloudFormationModel):
    """AWS::Cognito::UserPool, created through moto's cognito-idp backend."""

    ATTRIBUTES = {
        "Arn": "arn",
        "ProviderName": "provider_name",
        "ProviderURL": "provider_url",
        "UserPoolId": "physical_resource_id",
    }

    def __init__(self, account_id: str, region_name: str, pool: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.pool = pool

    @staticmethod
    def cloudformation_name_type() -> str:
        return "UserPoolName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPool"

    @property
    def physical_resource_id(self) -> str:
        return self.pool.id

    @property
    def arn(self) -> str:
        return self.pool.arn

    @property
    def provider_name(self) -> str:
        return f"cognito-idp.{self.region_name}.amazonaws.com/{self.pool.id}"

    @property
    def provider_url(self) -> str:
        return f"https://{self.provider_name}"

    @staticmethod
    def _config(props: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        # The CloudFormation properties are the CreateUserPool request, except for the name.
        props.pop("UserPoolName", None)
        schema = props.pop("Schema", None) or []
        return props, schema

    @staticmethod
    def _apply_schema(pool: Any, schema: list[dict[str, Any]]) -> None:
        # Cognito merges the declared attributes into the standard schema. moto's CreateUserPool
        # replaces the standard schema when any attribute is declared, so create the pool with
        # the standard schema and add the declared attributes here.
        custom = []
        for attribute in schema:
            name = attribute["Name"]
            if name in CognitoIdpUserPoolAttribute.STANDARD_SCHEMA:
                pool.schema_attributes[name] = CognitoIdpUserPoolAttribute(name, False, attribute)
            elif f"custom:{name}" not in pool.schema_attributes:
                custom.append(attribute)
        if custom:
            pool.add_custom_attributes(custom)

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CognitoUserPool:
        config, schema = cls._config(_props(cloudformation_json))
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.create_user_pool(resource_name, config)
        cls._apply_schema(pool, schema)
        return cls(account_id, region_name, pool)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        # In place, like CloudFormation does for almost every pool property: keeps the users.
        config, schema = cls._config(_props(cloudformation_json))
        backend = cognitoidp_backends[account_id][region_name]
        backend.update_user_pool(original_resource.pool.id, config)
        cls._apply_schema(original_resource.pool, schema)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        if self.pool.id in backend.user_pools:
            backend.delete_user_pool(self.pool.id)


class CognitoUserPoolClient(_Resource, CloudFormationModel):
    """AWS::Cognito::UserPoolClient; the properties are the CreateUserPoolClient request."""

    ATTRIBUTES = {
        "ClientId": "physical_resource_id",
        "ClientSecret": "secret",
        "Name": "name",
    }

    def __init__(self, account_id: str, region_name: str, client: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.client = client

    @staticmethod
    def cloudformation_name_type() -> str:
        return "ClientName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolClient"

    @property
    def physical_resource_id(self) -> str:
        return self.client.id

    @property
    def secret(self) -> str:
        return self.client.secret if self.client.generate_secret else ""

    @property
    def name(self) -> str:
        return self.client.extended_config.get("ClientName", "")

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CognitoUserPoolClient:
        props = _props(cloudformation_json)
        pool_id = props.pop("UserPoolId")
        generate_secret = bool(props.pop("GenerateSecret", False))
        props.setdefault("ClientName", resource_name)
        backend = cognitoidp_backends[account_id][region_name]
        client = backend.create_user_pool_client(pool_id, generate_secret, props)
        return cls(account_id, region_name, client)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        props = _props(cloudformation_json)
        pool_id = props.pop("UserPoolId")
        generate_secret = bool(props.pop("GenerateSecret", False))
        if (
            pool_id != original_resource.client.user_pool_id
            or generate_secret != original_resource.client.generate_secret
        ):
            return super().update_from_cloudformation_json(
                original_resource, new_resource_name, cloudformation_json, account_id, region_name
            )
        backend = cognitoidp_backends[account_id][region_name]
        backend.update_user_pool_client(pool_id, original_resource.client.id, props)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(self.client.user_pool_id)
        if pool is not None and self.client.id in pool.clients:
            backend.delete_user_pool_client(self.client.user_pool_id, self.client.id)


class CognitoUserPoolGroup(_Resource, CloudFormationModel):
    """AWS::Cognito::UserPoolGroup; Ref is the group name."""

    def __init__(self, account_id: str, region_name: str, pool_id: str, group_name: str):
        self.account_id = account_id
        self.region_name = region_name
        self.pool_id = pool_id
        self.group_name = group_name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "GroupName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolGroup"

    @property
    def physical_resource_id(self) -> str:
        return self.group_name

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CognitoUserPoolGroup:
        props = _props(cloudformation_json)
        pool_id = props["UserPoolId"]
        cognitoidp_backends[account_id][region_name].create_group(
            pool_id,
            resource_name,
            props.get("Description"),  # type: ignore[arg-type]
            props.get("RoleArn"),  # type: ignore[arg-type]
            props.get("Precedence"),  # type: ignore[arg-type]
        )
        return cls(account_id, region_name, pool_id, resource_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        props = _props(cloudformation_json)
        if (
            props["UserPoolId"] != original_resource.pool_id
            or new_resource_name != original_resource.group_name
        ):
            return super().update_from_cloudformation_json(
                original_resource, new_resource_name, cloudformation_json, account_id, region_name
            )
        cognitoidp_backends[account_id][region_name].update_group(
            original_resource.pool_id,
            original_resource.group_name,
            props.get("Description"),  # type: ignore[arg-type]
            props.get("RoleArn"),  # type: ignore[arg-type]
            props.get("Precedence"),  # type: ignore[arg-type]
        )
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(self.pool_id)
        if pool is not None and self.group_name in pool.groups:
            backend.delete_group(self.pool_id, self.group_name)


# --------------------------------------------------------------------------- SES


class SesConfigurationSet(_Resource, CloudFormationModel):
    """AWS::SES::ConfigurationSet; Ref is the name."""

    def __init__(self, account_id: str, region_name: str, name: str):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SES::ConfigurationSet"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> SesConfigurationSet:
        ses_backends[account_id][region_name].create_configuration_set(resource_name)
        return cls(account_id, region_name, resource_name)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        if new_resource_name == original_resource.name:
            return original_resource  # the name is all moto keeps of a configuration set
        return super().update_from_cloudformation_json(
            original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id: str, region_name: str) -> None:
        backend = ses_backends[account_id][region_name]
        backend.config_sets.pop(self.name, None)
        destination = backend.config_set_event_destination.pop(self.name, None)
        if destination:
            backend.event_destinations.pop(destination.get("Name"), None)


class SesConfigurationSetEventDestination(_Resource, CloudFormationModel):
    """AWS::SES::ConfigurationSetEventDestination. moto keeps one destination per set and
    publishes nothing to it; DescribeConfigurationSet shows it. Ref is the destination's name."""

    ATTRIBUTES = {"Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, set_name: str, name: str):
        self.account_id = account_id
        self.region_name = region_name
        self.set_name = set_name
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SES::ConfigurationSetEventDestination"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @staticmethod
    def _api_destination(destination: dict[str, Any], default_name: str) -> dict[str, Any]:
        # CloudFormation spells the SNS destination "SnsDestination"; the SES API "SNSDestination".
        api = {
            "Name": destination.get("Name") or default_name,
            "Enabled": destination.get("Enabled", False),
            "MatchingEventTypes": list(destination.get("MatchingEventTypes", [])),
        }
        if "SnsDestination" in destination:
            api["SNSDestination"] = {"TopicARN": destination["SnsDestination"]["TopicARN"]}
        if "CloudWatchDestination" in destination:
            api["CloudWatchDestination"] = destination["CloudWatchDestination"]
        if "KinesisFirehoseDestination" in destination:
            firehose = destination["KinesisFirehoseDestination"]
            api["KinesisFirehoseDestination"] = {
                "IAMRoleARN": firehose.get("IAMRoleARN"),
                "DeliveryStreamARN": firehose.get("DeliveryStreamARN"),
            }
        return api

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> SesConfigurationSetEventDestination:
        props = _props(cloudformation_json)
        set_name = props["ConfigurationSetName"]
        destination = cls._api_destination(props["EventDestination"], resource_name)
        backend = ses_backends[account_id][region_name]
        # SES wants destination names unique within their configuration set; moto checks them
        # across the whole region, so two stacks from one template would clash. Store the
        # destination the way moto's CreateConfigurationSetEventDestination does, minus that check.
        backend.describe_configuration_set(set_name)
        backend.config_set_event_destination[set_name] = destination
        backend.event_destinations[destination["Name"]] = 1
        return cls(account_id, region_name, set_name, destination["Name"])

    def delete(self, account_id: str, region_name: str) -> None:
        backend = ses_backends[account_id][region_name]
        current = backend.config_set_event_destination.get(self.set_name)
        if current and current.get("Name") == self.name:
            del backend.config_set_event_destination[self.set_name]
        if not any(d.get("Name") == self.name for d in backend.config_set_event_destination.values()):
            backend.event_destinations.pop(self.name, None)


# --------------------------------------------------------------------------- CloudWatch


class CloudWatchAlarm(_Resource, CloudFormationModel):
    """AWS::CloudWatch::Alarm through PutMetricAlarm; Ref is the alarm name."""

    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, account_id: str, region_name: str, alarm: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.alarm = alarm

    @staticmethod
    def cloudformation_name_type() -> str:
        return "AlarmName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudWatch::Alarm"

    @property
    def physical_resource_id(self) -> str:
        return self.alarm.name

    @property
    def arn(self) -> str:
        return self.alarm.alarm_arn

    @staticmethod
    def _metric_queries(metrics: list[dict[str, Any]] | None) -> list[MetricDataQuery] | None:
        if not metrics:
            return None
        queries = []
        for metric in metrics:
            stat = metric.get("MetricStat")
            metric_stat = None
            if stat:
                metric_stat = MetricStat(
                    metric=Metric(
                        metric_name=stat["Metric"]["MetricName"],
                        namespace=stat["Metric"].get("Namespace"),
                        dimensions=[
                            Dimension(name=d["Name"], value=d["Value"])
                            for d in stat["Metric"].get("Dimensions", [])
                        ],
                    ),
                    period=stat.get("Period"),
                    stat=stat.get("Stat"),
                    unit=stat.get("Unit"),
                )
            queries.append(
                MetricDataQuery(
                    query_id=metric.get("Id"),
                    label=metric.get("Label"),
                    period=metric.get("Period"),
                    return_data=metric.get("ReturnData"),
                    expression=metric.get("Expression"),
                    metric_stat=metric_stat,
                )
            )
        return queries

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CloudWatchAlarm:
        props = _props(cloudformation_json)
        threshold = props.get("Threshold")
        alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=resource_name,
            namespace=props.get("Namespace"),  # type: ignore[arg-type]
            metric_name=props.get("MetricName"),  # type: ignore[arg-type]
            comparison_operator=props["ComparisonOperator"],
            evaluation_periods=int(props["EvaluationPeriods"]),
            period=int(props["Period"]) if "Period" in props else None,  # type: ignore[arg-type]
            threshold=float(threshold) if threshold is not None else None,  # type: ignore[arg-type]
            statistic=props.get("Statistic"),  # type: ignore[arg-type]
            description=props.get("AlarmDescription"),  # type: ignore[arg-type]
            dimensions=list(props.get("Dimensions", [])),
            alarm_actions=list(props.get("AlarmActions", [])),
            metric_data_queries=cls._metric_queries(props.get("Metrics")),
            datapoints_to_alarm=props.get("DatapointsToAlarm"),
            extended_statistic=props.get("ExtendedStatistic"),
            ok_actions=list(props.get("OKActions", [])),
            insufficient_data_actions=list(props.get("InsufficientDataActions", [])),
            unit=props.get("Unit"),
            actions_enabled=props.get("ActionsEnabled", True),
            treat_missing_data=props.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=props.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=props.get("ThresholdMetricId"),
        )
        return cls(account_id, region_name, alarm)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        # PutMetricAlarm on the same name replaces the alarm's definition, as CloudFormation does.
        if new_resource_name != original_resource.alarm.name:
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id: str, region_name: str) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([self.alarm.name])


# --------------------------------------------------------------------------- Secrets Manager


class SecretsManagerSecret(_Resource, CloudFormationModel):
    """AWS::SecretsManager::Secret; GenerateSecretString is honoured. Ref is the ARN."""

    ATTRIBUTES = {"Id": "arn"}

    def __init__(self, account_id: str, region_name: str, arn: str, name: str):
        self.account_id = account_id
        self.region_name = region_name
        self.arn = arn
        self.name = name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SecretsManager::Secret"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @staticmethod
    def _generate(backend: Any, spec: dict[str, Any]) -> str:
        password = json.loads(
            backend.get_random_password(
                password_length=int(spec.get("PasswordLength", 32)),
                exclude_characters=spec.get("ExcludeCharacters", ""),
                exclude_numbers=bool(spec.get("ExcludeNumbers", False)),
                exclude_punctuation=bool(spec.get("ExcludePunctuation", False)),
                exclude_uppercase=bool(spec.get("ExcludeUppercase", False)),
                exclude_lowercase=bool(spec.get("ExcludeLowercase", False)),
                include_space=bool(spec.get("IncludeSpace", False)),
                require_each_included_type=bool(spec.get("RequireEachIncludedType", True)),
            )
        )["RandomPassword"]
        if "SecretStringTemplate" in spec:
            document = json.loads(spec["SecretStringTemplate"])
            document[spec["GenerateStringKey"]] = password
            return json.dumps(document)
        return password

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> SecretsManagerSecret:
        props = _props(cloudformation_json)
        backend = secretsmanager_backends[account_id][region_name]
        secret_string = props.get("SecretString")
        if secret_string is None and "GenerateSecretString" in props:
            secret_string = cls._generate(backend, props["GenerateSecretString"])
        created = json.loads(
            backend.create_secret(
                name=resource_name,
                secret_string=secret_string,
                secret_binary=None,
                description=props.get("Description"),
                tags=props.get("Tags"),
                kms_key_id=props.get("KmsKeyId"),
                client_request_token=None,
                replica_regions=props.get("ReplicaRegions", []),
                force_overwrite=False,
            )
        )
        return cls(account_id, region_name, created["ARN"], created["Name"])

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        # Keep the generated value (CloudFormation does not regenerate it on an update either).
        if new_resource_name == original_resource.name:
            return original_resource
        return super().update_from_cloudformation_json(
            original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )

    def delete(self, account_id: str, region_name: str) -> None:
        backend = secretsmanager_backends[account_id][region_name]
        if self.arn in backend.secrets:
            backend.delete_secret(self.arn, None, True)


# --------------------------------------------------------------------------- CloudFront


def _cloudfront_backend(account_id: str, region_name: str) -> Any:
    return cloudfront_backends[account_id][get_partition(region_name)]


def _listing(items: list[Any] | None) -> dict[str, Any]:
    items = list(items or [])
    return {"Quantity": len(items), "Items": items}


class CloudFrontOriginAccessControl(_Resource, CloudFormationModel):
    """AWS::CloudFront::OriginAccessControl; Ref and Id are the control's id."""

    ATTRIBUTES = {"Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, control: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.control = control

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudFront::OriginAccessControl"

    @property
    def physical_resource_id(self) -> str:
        return self.control.id

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CloudFrontOriginAccessControl:
        config = dict(_props(cloudformation_json)["OriginAccessControlConfig"])
        config.setdefault("Name", resource_name)
        control = _cloudfront_backend(account_id, region_name).create_origin_access_control(config)
        return cls(account_id, region_name, control)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _cloudfront_backend(account_id, region_name)
        backend.origin_access_controls.pop(self.control.id, None)


class CloudFrontDistribution(_Resource, CloudFormationModel):
    """AWS::CloudFront::Distribution through moto's cloudfront backend (GetDistribution works);
    the domain name is moto's random ``<id>.cloudfront.net``."""

    ATTRIBUTES = {"DomainName": "domain_name", "Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, distribution: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.distribution = distribution

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudFront::Distribution"

    @property
    def physical_resource_id(self) -> str:
        return self.distribution.distribution_id

    @property
    def domain_name(self) -> str:
        return self.distribution.domain_name

    @staticmethod
    def _behaviour(cfn: dict[str, Any]) -> dict[str, Any]:
        behaviour = dict(cfn)
        methods = behaviour.pop("AllowedMethods", ["GET", "HEAD"])
        cached = behaviour.pop("CachedMethods", ["GET", "HEAD"])
        behaviour["AllowedMethods"] = {**_listing(methods), "CachedMethods": _listing(cached)}
        for key in ("TrustedSigners", "TrustedKeyGroups"):
            if key in behaviour:
                behaviour[key] = _listing(behaviour[key])
        return behaviour

    @classmethod
    def _api_config(cls, cfn: dict[str, Any], caller_reference: str) -> dict[str, Any]:
        """CloudFormation's DistributionConfig -> the CreateDistribution API's shape."""
        config = dict(cfn)
        origins = []
        for cfn_origin in config.pop("Origins", []):
            origin = dict(cfn_origin)
            if "OriginCustomHeaders" in origin:
                origin["CustomHeaders"] = _listing(origin.pop("OriginCustomHeaders"))
            if "S3OriginConfig" in origin:
                identity = origin["S3OriginConfig"].get("OriginAccessIdentity", "")
                origin["S3OriginConfig"] = {"OriginAccessIdentity": identity}
            if "CustomOriginConfig" in origin:
                custom = dict(origin["CustomOriginConfig"])
                custom["OriginSslProtocols"] = _listing(custom.pop("OriginSSLProtocols", []))
                origin["CustomOriginConfig"] = custom
            origins.append(origin)
        config["Origins"] = _listing(origins)
        config["DefaultCacheBehavior"] = cls._behaviour(config["DefaultCacheBehavior"])
        if "CacheBehaviors" in config:
            config["CacheBehaviors"] = _listing([cls._behaviour(b) for b in config["CacheBehaviors"]])
        if "Aliases" in config:
            config["Aliases"] = _listing(config["Aliases"])
        if "CustomErrorResponses" in config:
            config["CustomErrorResponses"] = _listing(config["CustomErrorResponses"])
        if "IPV6Enabled" in config:
            config["IsIPV6Enabled"] = config.pop("IPV6Enabled")
        if "ViewerCertificate" in config:
            cert = dict(config["ViewerCertificate"])
            renames = {
                "AcmCertificateArn": "ACMCertificateArn",
                "IamCertificateId": "IAMCertificateId",
                "SslSupportMethod": "SSLSupportMethod",
            }
            config["ViewerCertificate"] = {renames.get(k, k): v for k, v in cert.items()}
        if "Restrictions" in config:
            geo = dict(config["Restrictions"].get("GeoRestriction", {}))
            locations = geo.pop("Locations", [])
            config["Restrictions"] = {"GeoRestriction": {**geo, "Items": locations}}
        config.setdefault("Comment", "")
        config["CallerReference"] = caller_reference
        return config

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CloudFrontDistribution:
        props = _props(cloudformation_json)
        config = cls._api_config(props["DistributionConfig"], f"{resource_name}-{_random_id()}")
        distribution, _, _ = _cloudfront_backend(account_id, region_name).create_distribution(
            config, list(props.get("Tags", []))
        )
        return cls(account_id, region_name, distribution)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _cloudfront_backend(account_id, region_name)
        backend.distributions.pop(self.distribution.distribution_id, None)


# --------------------------------------------------------------------------- S3


def _s3_backend(account_id: str, region_name: str) -> Any:
    return s3_backends[account_id][get_partition(region_name)]


class S3BucketPolicy(_Resource, CloudFormationModel):
    """AWS::S3::BucketPolicy. Statements with a Condition are not given to moto, which would
    treat each as an unconditional deny; ``document`` keeps the policy as written."""

    def __init__(self, account_id: str, region_name: str, bucket_name: str, document: Any):
        self.account_id = account_id
        self.region_name = region_name
        self.bucket_name = bucket_name
        self.document = document

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::S3::BucketPolicy"

    @property
    def physical_resource_id(self) -> str:
        return self.bucket_name

    @staticmethod
    def enforceable(document: dict[str, Any]) -> dict[str, Any] | None:
        """The part of a policy moto can evaluate faithfully, or None if nothing is left."""
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements if not s.get("Condition")]
        if not kept:
            return None
        return {**document, "Statement": kept}

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> S3BucketPolicy:
        props = _props(cloudformation_json)
        bucket_name = props["Bucket"]
        document = props["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        backend = _s3_backend(account_id, region_name)
        enforced = cls.enforceable(document)
        if enforced is None:
            backend.get_bucket(bucket_name)  # still fail like AWS when the bucket is missing
        else:
            backend.put_bucket_policy(bucket_name, json.dumps(enforced).encode())
        return cls(account_id, region_name, bucket_name, document)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _s3_backend(account_id, region_name)
        if self.bucket_name in backend.buckets:
            backend.delete_bucket_policy(self.bucket_name)


class S3Bucket(_Resource, CloudFormationModel):
    """AWS::S3::Bucket: moto's FakeBucket model plus the properties it drops."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return FakeBucket.cloudformation_name_type()

    @staticmethod
    def cloudformation_type() -> str:
        return FakeBucket.cloudformation_type()

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return FakeBucket.has_cfn_attr(attr)

    @staticmethod
    def _apply(bucket: FakeBucket, props: dict[str, Any], account_id: str, region: str) -> None:
        backend = _s3_backend(account_id, region)
        name = bucket.name
        # moto's model keeps the default algorithm but drops BucketKeyEnabled; the API parser
        # stores it as the XML string, which is what object uploads copy into their headers.
        encryption = (props.get("BucketEncryption") or {}).get("ServerSideEncryptionConfiguration")
        if encryption and bucket.encryption and "BucketKeyEnabled" in encryption[0]:
            enabled = str(encryption[0]["BucketKeyEnabled"]).lower()
            bucket.encryption["Rule"]["BucketKeyEnabled"] = enabled
        status = (props.get("VersioningConfiguration") or {}).get("Status")
        if status:
            backend.put_bucket_versioning(name, status)
        if "PublicAccessBlockConfiguration" in props:
            backend.put_public_access_block(name, dict(props["PublicAccessBlockConfiguration"]))
        rules = (props.get("OwnershipControls") or {}).get("Rules") or []
        if rules:
            backend.put_bucket_ownership_controls(name, rules[0]["ObjectOwnership"])
        cors = (props.get("CorsConfiguration") or {}).get("CorsRules") or []
        if cors:
            backend.put_bucket_cors(name, [_cors_rule(rule) for rule in cors])
        lifecycle = (props.get("LifecycleConfiguration") or {}).get("Rules") or []
        if lifecycle:
            backend.put_bucket_lifecycle(name, [_lifecycle_rule(rule) for rule in lifecycle])

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> FakeBucket:
        bucket = FakeBucket.create_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        cls._apply(bucket, _props(cloudformation_json), account_id, region_name)
        return bucket

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> FakeBucket:
        bucket = FakeBucket.update_from_cloudformation_json(
            original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )
        cls._apply(bucket, _props(cloudformation_json), account_id, region_name)
        return bucket

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        FakeBucket.delete_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name
        )


def _cors_rule(rule: dict[str, Any]) -> dict[str, Any]:
    # CloudFormation's CorsRule -> the shape moto's PutBucketCors parser produces.
    api: dict[str, Any] = {
        "AllowedMethod": list(rule["AllowedMethods"]),
        "AllowedOrigin": list(rule["AllowedOrigins"]),
    }
    if "AllowedHeaders" in rule:
        api["AllowedHeader"] = list(rule["AllowedHeaders"])
    if "ExposedHeaders" in rule:
        api["ExposeHeader"] = list(rule["ExposedHeaders"])
    if "MaxAge" in rule:
        api["MaxAgeSeconds"] = str(rule["MaxAge"])
    if "Id" in rule:
        api["ID"] = rule["Id"]
    return api


def _lifecycle_rule(rule: dict[str, Any]) -> dict[str, Any]:
    # CloudFormation's lifecycle Rule -> the shape moto's PutBucketLifecycleConfiguration parser
    # produces (numbers as strings, like the XML they come from).
    api: dict[str, Any] = {"Status": rule["Status"]}
    if "Id" in rule:
        api["ID"] = rule["Id"]
    api["Filter"] = {"Prefix": rule.get("Prefix", "")}
    expiration: dict[str, Any] = {}
    if "ExpirationInDays" in rule:
        expiration["Days"] = str(rule["ExpirationInDays"])
    if "ExpirationDate" in rule:
        expiration["Date"] = rule["ExpirationDate"]
    if "ExpiredObjectDeleteMarker" in rule:
        expiration["ExpiredObjectDeleteMarker"] = str(rule["ExpiredObjectDeleteMarker"]).lower()
    if expiration:
        api["Expiration"] = expiration
    noncurrent = rule.get("NoncurrentVersionExpiration")
    if noncurrent:
        api["NoncurrentVersionExpiration"] = {"NoncurrentDays": str(noncurrent["NoncurrentDays"])}
    elif "NoncurrentVersionExpirationInDays" in rule:
        days = str(rule["NoncurrentVersionExpirationInDays"])
        api["NoncurrentVersionExpiration"] = {"NoncurrentDays": days}
    if "AbortIncompleteMultipartUpload" in rule:
        days = str(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
        api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": days}
    if "Transitions" in rule:
        api["Transition"] = [
            {
                k: str(v) if k == "Days" else v
                for k, v in (
                    ("Days", t.get("TransitionInDays")),
                    ("Date", t.get("TransitionDate")),
                    ("StorageClass", t["StorageClass"]),
                )
                if v is not None
            }
            for t in rule["Transitions"]
        ]
    if "NoncurrentVersionTransitions" in rule:
        api["NoncurrentVersionTransition"] = [
            {"NoncurrentDays": str(t["TransitionInDays"]), "StorageClass": t["StorageClass"]}
            for t in rule["NoncurrentVersionTransitions"]
        ]
    return api


# --------------------------------------------------------------------------- DynamoDB


class DynamoDBTable(_Resource, CloudFormationModel):
    """AWS::DynamoDB::Table: moto's Table model plus TTL, point-in-time recovery, the SSE flag
    and in-place stack updates."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return MotoTable.cloudformation_name_type()

    @staticmethod
    def cloudformation_type() -> str:
        return MotoTable.cloudformation_type()

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return MotoTable.has_cfn_attr(attr)

    @staticmethod
    def _apply(table: MotoTable, props: dict[str, Any], account_id: str, region: str) -> None:
        backend = dynamodb_backends[account_id][region]
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            backend.update_time_to_live(
                table.name, {"AttributeName": ttl["AttributeName"], "Enabled": ttl["Enabled"]}
            )
        pitr = props.get("PointInTimeRecoverySpecification")
        if pitr is not None:
            enabled = bool(pitr.get("PointInTimeRecoveryEnabled", False))
            backend.update_continuous_backups(table.name, {"PointInTimeRecoveryEnabled": enabled})
        # moto reads SSESpecification["Enabled"] (the API's name); CloudFormation's is SSEEnabled.
        sse = table.sse_specification
        if sse is not None and "SSEEnabled" in sse:
            sse["Enabled"] = bool(sse["SSEEnabled"])

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> MotoTable:
        table = MotoTable.create_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        cls._apply(table, _props(cloudformation_json), account_id, region_name)
        return table

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> MotoTable:
        props = _props(cloudformation_json)
        table: MotoTable = original_resource
        if props.get("KeySchema") != table.schema:
            raise NotImplementedError("changing a table's key schema replaces the table")
        wanted = {gsi["IndexName"]: gsi for gsi in props.get("GlobalSecondaryIndexes", [])}
        existing = {gsi.name for gsi in table.global_indexes}
        updates: list[dict[str, Any]] = [{"Delete": {"IndexName": name}} for name in existing - wanted.keys()]
        updates += [{"Create": wanted[name]} for name in wanted.keys() - existing]
        backend = dynamodb_backends[account_id][region_name]
        backend.update_table(
            name=table.name,
            attr_definitions=props.get("AttributeDefinitions"),  # type: ignore[arg-type]
            global_index=updates,
            throughput=props.get("ProvisionedThroughput"),  # type: ignore[arg-type]
            billing_mode=props.get("BillingMode"),  # type: ignore[arg-type]
            stream_spec=None,  # type: ignore[arg-type]
            deletion_protection_enabled=props.get("DeletionProtectionEnabled", False),
            warm_throughput=None,
        )
        cls._apply(table, props, account_id, region_name)
        return table

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        MotoTable.delete_from_cloudformation_json(resource_name, cloudformation_json, account_id, region_name)


# --------------------------------------------------------------------------- IAM


class IamRole(_Resource, CloudFormationModel):
    """AWS::IAM::Role: moto's Role model with its inline policies stored as JSON documents and
    with policies and trust policy applied on stack updates."""

    @staticmethod
    def cloudformation_name_type() -> str:
        return MotoRole.cloudformation_name_type()

    @staticmethod
    def cloudformation_type() -> str:
        return MotoRole.cloudformation_type()

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return MotoRole.has_cfn_attr(attr)

    @staticmethod
    def _document(document: Any) -> str:
        return document if isinstance(document, str) else json.dumps(document)

    @classmethod
    def _apply_policies(cls, role: MotoRole, props: dict[str, Any]) -> None:
        wanted = {p["PolicyName"]: cls._document(p["PolicyDocument"]) for p in props.get("Policies", [])}
        for name in set(role.policies) - wanted.keys():
            role.delete_policy(name)
        for name, document in wanted.items():
            role.put_policy(name, document)

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> MotoRole:
        role = MotoRole.create_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        cls._apply_policies(role, _props(cloudformation_json))
        return role

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> MotoRole:
        props = _props(cloudformation_json)
        role: MotoRole = original_resource
        if props.get("RoleName", role.name) != role.name:
            raise NotImplementedError("renaming a role replaces it")
        iam_backends[account_id][get_partition(region_name)].update_role(
            role.name, props.get("Description", ""), props.get("MaxSessionDuration", 3600)
        )
        role.assume_role_policy_document = cls._document(props["AssumeRolePolicyDocument"])
        cls._apply_policies(role, props)
        return role

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        MotoRole.delete_from_cloudformation_json(resource_name, cloudformation_json, account_id, region_name)


# --------------------------------------------------------------------------- SNS


class SnsSubscription(_Resource, CloudFormationModel):
    """AWS::SNS::Subscription; Ref is the subscription ARN."""

    ATTRIBUTES = {"Arn": "arn"}
    _SETTABLE = (
        "DeliveryPolicy",
        "FilterPolicy",
        "FilterPolicyScope",
        "RawMessageDelivery",
        "RedrivePolicy",
    )

    def __init__(self, account_id: str, region_name: str, arn: str):
        self.account_id = account_id
        self.region_name = region_name
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::SNS::Subscription"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> SnsSubscription:
        props = _props(cloudformation_json)
        backend = sns_backends[account_id][region_name]
        subscription = backend.subscribe(props["TopicArn"], props["Endpoint"], props["Protocol"])
        for name in cls._SETTABLE:
            if name in props:
                value = props[name]
                if isinstance(value, dict):
                    value = json.dumps(value)
                elif isinstance(value, bool):
                    value = str(value).lower()
                backend.set_subscription_attributes(subscription.arn, name, value)
        return cls(account_id, region_name, subscription.arn)

    def delete(self, account_id: str, region_name: str) -> None:
        sns_backends[account_id][region_name].unsubscribe(self.arn)


# --------------------------------------------------------------------------- registration

#: Every model this module adds or replaces, in the order moto should see them.
MODELS: tuple[type[CloudFormationModel], ...] = (
    CognitoUserPool,
    CognitoUserPoolClient,
    CognitoUserPoolGroup,
    SesConfigurationSet,
    SesConfigurationSetEventDestination,
    CloudWatchAlarm,
    SecretsManagerSecret,
    CloudFrontOriginAccessControl,
    CloudFrontDistribution,
    S3BucketPolicy,
    S3Bucket,
    DynamoDBTable,
    IamRole,
    SnsSubscription,
)


def register() -> None:
    """Make moto's CloudFormation use the models above. Idempotent and thread-safe.

    The classes exist as soon as this module is imported; moto's type map is cached, though, so
    it has to be rebuilt. The map is built from ``CloudFormationModel.__subclasses__()`` in
    definition order, later entries winning, which is how the DynamoDB table and S3 bucket
    wrappers take over from moto's own models; the check below makes sure they did.
    """
    global _registered
    with _lock:
        if _registered:
            return
        parsing.get_model_list.cache_clear()
        parsing.get_model_map.cache_clear()
        parsing.get_name_type_map.cache_clear()
        model_map = parsing.get_model_map()
        wrong = [m.__name__ for m in MODELS if model_map.get(m.cloudformation_type()) is not m]
        if wrong:
            raise RuntimeError(f"moto's CloudFormation did not take these models: {wrong}")
        _registered = True
