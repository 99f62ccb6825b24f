"""Secrets Manager: the secret, with GenerateSecretString honoured."""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.secretsmanager.models import secretsmanager_backends

from local.moto_cfn.base import NamedResource, properties_of


class SecretsManagerSecret(NamedResource, CloudFormationModel):
    """AWS::SecretsManager::Secret; GenerateSecretString is honoured. Ref is the ARN.

    An update that keeps the name keeps the generated value (CloudFormation does not regenerate
    it on an update either)."""

    CFN_TYPE = "AWS::SecretsManager::Secret"
    NAME_TYPE = "Name"
    ATTRIBUTES = {"Id": "arn"}

    def __init__(self, account_id: str, region_name: str, arn: str, name: str):
        super().__init__(account_id, region_name, name)
        self.arn = arn

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
        props = properties_of(cloudformation_json)
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

    def delete(self, account_id: str, region_name: str) -> None:
        backend = secretsmanager_backends[account_id][region_name]
        if self.arn in backend.secrets:
            backend.delete_secret(self.arn, None, True)
