"""Cognito: the user pool, its app client and its groups, through moto's cognito-idp backend.

Cognito ignores the client's ExplicitAuthFlows and token validities (moto cannot do better).
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidp.models import CognitoIdpUserPoolAttribute, cognitoidp_backends
from moto.core.common_models import CloudFormationModel

from local.moto_cfn.base import Resource, properties_of


class CognitoUserPool(Resource, CloudFormationModel):
    """AWS::Cognito::UserPool, created through moto's cognito-idp backend."""

    CFN_TYPE = "AWS::Cognito::UserPool"
    NAME_TYPE = "UserPoolName"
    ATTRIBUTES = {
        "Arn": "arn",
        "ProviderName": "provider_name",
        "ProviderURL": "provider_url",
        "UserPoolId": "physical_resource_id",
    }

    def __init__(self, account_id: str, region_name: str, pool: Any):
        super().__init__(account_id, region_name)
        self.pool = pool

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
        config, schema = cls._config(properties_of(cloudformation_json))
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
        config, schema = cls._config(properties_of(cloudformation_json))
        backend = cognitoidp_backends[account_id][region_name]
        backend.update_user_pool(original_resource.pool.id, config)
        cls._apply_schema(original_resource.pool, schema)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        if self.pool.id in backend.user_pools:
            backend.delete_user_pool(self.pool.id)


class CognitoUserPoolClient(Resource, CloudFormationModel):
    """AWS::Cognito::UserPoolClient; the properties are the CreateUserPoolClient request."""

    CFN_TYPE = "AWS::Cognito::UserPoolClient"
    NAME_TYPE = "ClientName"
    ATTRIBUTES = {
        "ClientId": "physical_resource_id",
        "ClientSecret": "secret",
        "Name": "name",
    }

    def __init__(self, account_id: str, region_name: str, client: Any):
        super().__init__(account_id, region_name)
        self.client = client

    @property
    def physical_resource_id(self) -> str:
        return self.client.id

    @property
    def secret(self) -> str:
        return self.client.secret if self.client.generate_secret else ""

    @property
    def name(self) -> str:
        return self.client.extended_config.get("ClientName", "")

    @staticmethod
    def _request(cloudformation_json: dict[str, Any]) -> tuple[str, bool, dict[str, Any]]:
        """The pool id, whether to generate a secret, and the rest of the client's settings."""
        props = properties_of(cloudformation_json)
        pool_id = props.pop("UserPoolId")
        generate_secret = bool(props.pop("GenerateSecret", False))
        return pool_id, generate_secret, props

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CognitoUserPoolClient:
        pool_id, generate_secret, config = cls._request(cloudformation_json)
        config.setdefault("ClientName", resource_name)
        backend = cognitoidp_backends[account_id][region_name]
        client = backend.create_user_pool_client(pool_id, generate_secret, config)
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
        pool_id, generate_secret, config = cls._request(cloudformation_json)
        if (
            pool_id != original_resource.client.user_pool_id
            or generate_secret != original_resource.client.generate_secret
        ):
            return super().update_from_cloudformation_json(
                original_resource, new_resource_name, cloudformation_json, account_id, region_name
            )
        backend = cognitoidp_backends[account_id][region_name]
        backend.update_user_pool_client(pool_id, original_resource.client.id, config)
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(self.client.user_pool_id)
        if pool is not None and self.client.id in pool.clients:
            backend.delete_user_pool_client(self.client.user_pool_id, self.client.id)


class CognitoUserPoolGroup(Resource, CloudFormationModel):
    """AWS::Cognito::UserPoolGroup; Ref is the group name."""

    CFN_TYPE = "AWS::Cognito::UserPoolGroup"
    NAME_TYPE = "GroupName"

    def __init__(self, account_id: str, region_name: str, pool_id: str, group_name: str):
        super().__init__(account_id, region_name)
        self.pool_id = pool_id
        self.group_name = group_name

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
        props = properties_of(cloudformation_json)
        pool_id = props["UserPoolId"]
        cognitoidp_backends[account_id][region_name].create_group(
            pool_id, resource_name, *cls._settings(props)
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
        props = properties_of(cloudformation_json)
        if (
            props["UserPoolId"] != original_resource.pool_id
            or new_resource_name != original_resource.group_name
        ):
            return super().update_from_cloudformation_json(
                original_resource, new_resource_name, cloudformation_json, account_id, region_name
            )
        cognitoidp_backends[account_id][region_name].update_group(
            original_resource.pool_id, original_resource.group_name, *cls._settings(props)
        )
        return original_resource

    @staticmethod
    def _settings(props: dict[str, Any]) -> tuple[Any, Any, Any]:
        """Description, RoleArn and Precedence, in the order CreateGroup and UpdateGroup take them."""
        return props.get("Description"), props.get("RoleArn"), props.get("Precedence")

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(self.pool_id)
        if pool is not None and self.group_name in pool.groups:
            backend.delete_group(self.pool_id, self.group_name)
