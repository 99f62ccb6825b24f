"""CloudFront: the origin access control and the distribution, through moto's cloudfront
backend, so that the portal gets its CloudFront address from the template it is deployed with."""

from __future__ import annotations

import string
from typing import Any

from moto.cloudfront.models import cloudfront_backends
from moto.core.common_models import CloudFormationModel
from moto.moto_api._internal import mock_random
from moto.utilities.utils import get_partition

from local.moto_cfn.base import Resource, properties_of


def _random_id(length: int = 13, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(mock_random.choice(alphabet) for _ in range(length))


def _cloudfront_backend(account_id: str, region_name: str) -> Any:
    return cloudfront_backends[account_id][get_partition(region_name)]


def _listing(items: list[Any] | None) -> dict[str, Any]:
    items = list(items or [])
    return {"Quantity": len(items), "Items": items}


class CloudFrontOriginAccessControl(Resource, CloudFormationModel):
    """AWS::CloudFront::OriginAccessControl; Ref and Id are the control's id."""

    CFN_TYPE = "AWS::CloudFront::OriginAccessControl"
    ATTRIBUTES = {"Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, control: Any):
        super().__init__(account_id, region_name)
        self.control = control

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
        config = dict(properties_of(cloudformation_json)["OriginAccessControlConfig"])
        config.setdefault("Name", resource_name)
        control = _cloudfront_backend(account_id, region_name).create_origin_access_control(config)
        return cls(account_id, region_name, control)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _cloudfront_backend(account_id, region_name)
        backend.origin_access_controls.pop(self.control.id, None)


class CloudFrontDistribution(Resource, CloudFormationModel):
    """AWS::CloudFront::Distribution through moto's cloudfront backend (GetDistribution works);
    the domain name is moto's random ``<id>.cloudfront.net``."""

    CFN_TYPE = "AWS::CloudFront::Distribution"
    ATTRIBUTES = {"DomainName": "domain_name", "Id": "physical_resource_id"}

    def __init__(self, account_id: str, region_name: str, distribution: Any):
        super().__init__(account_id, region_name)
        self.distribution = distribution

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
        props = properties_of(cloudformation_json)
        config = cls._api_config(props["DistributionConfig"], f"{resource_name}-{_random_id()}")
        distribution, _, _ = _cloudfront_backend(account_id, region_name).create_distribution(
            config, list(props.get("Tags", []))
        )
        return cls(account_id, region_name, distribution)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = _cloudfront_backend(account_id, region_name)
        backend.distributions.pop(self.distribution.distribution_id, None)
