"""Messaging and monitoring: the SES configuration set and its event destination, SNS
subscriptions and CloudWatch alarms.

moto's SES wants event-destination names unique per region instead of per configuration set, so
two stacks from this template could not coexist; the destination model stores its destination
without that check. What stays fake (moto cannot do better): CloudWatch alarms never change state
and the SES event destination publishes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from moto.cloudwatch.models import (
    Dimension,
    Metric,
    MetricDataQuery,
    MetricStat,
    cloudwatch_backends,
)
from moto.core.common_models import CloudFormationModel
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from local.moto_cfn.base import NamedResource, Resource, properties_of

# --------------------------------------------------------------------------- SES


class SesConfigurationSet(NamedResource, CloudFormationModel):
    """AWS::SES::ConfigurationSet; Ref is the name, which is all moto keeps of a configuration set
    (so an update that keeps the name has nothing to change)."""

    CFN_TYPE = "AWS::SES::ConfigurationSet"
    NAME_TYPE = "Name"

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

    def delete(self, account_id: str, region_name: str) -> None:
        backend = ses_backends[account_id][region_name]
        backend.config_sets.pop(self.name, None)
        destination = backend.config_set_event_destination.pop(self.name, None)
        if destination:
            backend.event_destinations.pop(destination.get("Name"), None)


class SesConfigurationSetEventDestination(Resource, CloudFormationModel):
    """AWS::SES::ConfigurationSetEventDestination. moto keeps one destination per set and
    publishes nothing to it; DescribeConfigurationSet shows it. Ref is the destination's name."""

    CFN_TYPE = "AWS::SES::ConfigurationSetEventDestination"
    ATTRIBUTES = {"Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, set_name: str, name: str):
        super().__init__(account_id, region_name)
        self.set_name = set_name
        self.name = name

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
        props = properties_of(cloudformation_json)
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


class CloudWatchAlarm(Resource, CloudFormationModel):
    """AWS::CloudWatch::Alarm through PutMetricAlarm; Ref is the alarm name."""

    CFN_TYPE = "AWS::CloudWatch::Alarm"
    NAME_TYPE = "AlarmName"
    ATTRIBUTES = {"Arn": "arn"}

    def __init__(self, account_id: str, region_name: str, alarm: Any):
        super().__init__(account_id, region_name)
        self.alarm = alarm

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
        props = properties_of(cloudformation_json)
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


# --------------------------------------------------------------------------- SNS


class SnsSubscription(Resource, CloudFormationModel):
    """AWS::SNS::Subscription; Ref is the subscription ARN."""

    CFN_TYPE = "AWS::SNS::Subscription"
    ATTRIBUTES = {"Arn": "arn"}
    _SETTABLE = (
        "DeliveryPolicy",
        "FilterPolicy",
        "FilterPolicyScope",
        "RawMessageDelivery",
        "RedrivePolicy",
    )

    def __init__(self, account_id: str, region_name: str, arn: str):
        super().__init__(account_id, region_name)
        self.arn = arn

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
        props = properties_of(cloudformation_json)
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
