"""Shared plumbing of the models in :mod:`local.moto_cfn`."""

from __future__ import annotations

from typing import Any, ClassVar

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException


def properties_of(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    """A copy of a resource's Properties (the models consume it with ``pop``)."""
    return dict(cloudformation_json.get("Properties") or {})


class Resource:
    """Shared plumbing of the plugin's models (not a CloudFormationModel itself: moto only lists
    *direct* subclasses, so each model derives from this and from CloudFormationModel)."""

    #: the CloudFormation resource type, e.g. ``AWS::Cognito::UserPool``
    CFN_TYPE: ClassVar[str] = ""
    #: the property that names the resource ("" for types without one)
    NAME_TYPE: ClassVar[str] = ""
    #: CloudFormation attribute name -> instance attribute that holds its value
    ATTRIBUTES: ClassVar[dict[str, str]] = {}

    def __init__(self, account_id: str, region_name: str):
        self.account_id = account_id
        self.region_name = region_name

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_TYPE

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.CFN_TYPE

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


class NamedResource(Resource):
    """A resource whose name is all that an update can change: kept as it is while the name
    stays, replaced when it changes."""

    def __init__(self, account_id: str, region_name: str, name: str):
        super().__init__(account_id, region_name)
        self.name = name

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
            return original_resource
        return super().update_from_cloudformation_json(
            original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )


class Wrapper(Resource):
    """Takes the place of one of moto's own models (``WRAPPED``): the resource is created, updated
    and deleted through that model, and :meth:`apply` then sets what the model drops. The
    instances handed to moto are the wrapped model's, so Ref and GetAtt behave as before."""

    WRAPPED: ClassVar[Any]

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.WRAPPED.cloudformation_name_type()

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.WRAPPED.cloudformation_type()

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return cls.WRAPPED.has_cfn_attr(attr)

    @classmethod
    def apply(cls, resource: Any, props: dict[str, Any], account_id: str, region_name: str) -> None:
        """Set the properties the wrapped model dropped on the created or updated resource."""
        raise NotImplementedError

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        resource = cls.WRAPPED.create_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        cls.apply(resource, properties_of(cloudformation_json), account_id, region_name)
        return resource

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[misc]
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        resource = cls.WRAPPED.update_from_cloudformation_json(
            original_resource, new_resource_name, cloudformation_json, account_id, region_name
        )
        cls.apply(resource, properties_of(cloudformation_json), account_id, region_name)
        return resource

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[misc]
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        cls.WRAPPED.delete_from_cloudformation_json(
            resource_name, cloudformation_json, account_id, region_name
        )
