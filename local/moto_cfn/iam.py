"""IAM: a wrapper around moto's Role model.

moto stores a role's inline policies as Python reprs (GetRolePolicy returns ``{'Version': ...}``,
not JSON), and a stack update ignores the policies and trust policy.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.iam.models import Role as MotoRole
from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

from local.moto_cfn.base import Wrapper, properties_of


class IamRole(Wrapper, CloudFormationModel):
    """AWS::IAM::Role: moto's Role model with its inline policies stored as JSON documents and
    with policies and trust policy applied on stack updates."""

    WRAPPED = MotoRole

    @staticmethod
    def _document(document: Any) -> str:
        return document if isinstance(document, str) else json.dumps(document)

    @classmethod
    def apply(cls, role: MotoRole, props: dict[str, Any], account_id: str, region_name: str) -> None:
        wanted = {p["PolicyName"]: cls._document(p["PolicyDocument"]) for p in props.get("Policies", [])}
        for name in set(role.policies) - wanted.keys():
            role.delete_policy(name)
        for name, document in wanted.items():
            role.put_policy(name, document)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> MotoRole:
        props = properties_of(cloudformation_json)
        role: MotoRole = original_resource
        if props.get("RoleName", role.name) != role.name:
            raise NotImplementedError("renaming a role replaces it")
        iam_backends[account_id][get_partition(region_name)].update_role(
            role.name, props.get("Description", ""), props.get("MaxSessionDuration", 3600)
        )
        role.assume_role_policy_document = cls._document(props["AssumeRolePolicyDocument"])
        cls.apply(role, props, account_id, region_name)
        return role
