"""Storage: wrappers around moto's DynamoDB table and S3 bucket models, and the bucket policy.

* ``AWS::DynamoDB::Table``: TimeToLiveSpecification and PointInTimeRecoverySpecification are
  ignored, SSESpecification.SSEEnabled is not recognised (moto reads ``Enabled``) and there is
  no stack-update support at all.
* ``AWS::S3::Bucket``: only BucketEncryption (without BucketKeyEnabled) and Tags are applied;
  versioning, CORS, public access block, ownership controls and lifecycle rules are dropped.

What stays fake (moto cannot do better): bucket-policy statements with a ``Condition`` are kept
on the resource (``PolicyDocument``) but not handed to S3, because moto evaluates every such
statement as an unconditional *deny* (the TLS-only deny would refuse every plain-HTTP request of
the local runner, and the CloudFront allow would turn into a deny).
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Table as MotoTable
from moto.s3.models import FakeBucket, s3_backends
from moto.utilities.utils import get_partition

from local.moto_cfn.base import Resource, Wrapper, properties_of

# --------------------------------------------------------------------------- S3


def _s3_backend(account_id: str, region_name: str) -> Any:
    return s3_backends[account_id][get_partition(region_name)]


class S3BucketPolicy(Resource, CloudFormationModel):
    """AWS::S3::BucketPolicy. Statements with a Condition are not given to moto, which would
    treat each as an unconditional deny; ``document`` keeps the policy as written."""

    CFN_TYPE = "AWS::S3::BucketPolicy"

    def __init__(self, account_id: str, region_name: str, bucket_name: str, document: Any):
        super().__init__(account_id, region_name)
        self.bucket_name = bucket_name
        self.document = document

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
        props = properties_of(cloudformation_json)
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


class S3Bucket(Wrapper, CloudFormationModel):
    """AWS::S3::Bucket: moto's FakeBucket model plus the properties it drops."""

    WRAPPED = FakeBucket

    @classmethod
    def apply(cls, bucket: FakeBucket, props: dict[str, Any], account_id: str, region_name: str) -> None:
        backend = _s3_backend(account_id, region_name)
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


class DynamoDBTable(Wrapper, CloudFormationModel):
    """AWS::DynamoDB::Table: moto's Table model plus TTL, point-in-time recovery, the SSE flag
    and in-place stack updates."""

    WRAPPED = MotoTable

    @classmethod
    def apply(cls, table: MotoTable, props: dict[str, Any], account_id: str, region_name: str) -> None:
        backend = dynamodb_backends[account_id][region_name]
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
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> MotoTable:
        props = properties_of(cloudformation_json)
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
        cls.apply(table, props, account_id, region_name)
        return table
