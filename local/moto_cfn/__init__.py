"""Teach moto's CloudFormation the resource types of infra/template.yaml that it has no model for.

moto 5.x builds its CloudFormation type map from ``CloudFormationModel.__subclasses__()`` (see
``moto.cloudformation.parsing.get_model_map``) and silently skips, with a warning, every type it
does not know. The portal needs the Cognito pool and client, the SES configuration set, the secret
and the CloudFront address from the very template it is deployed with, so this package defines the
missing models as direct ``CloudFormationModel`` subclasses that create their resources through
moto's own service backends (so the ordinary boto3 calls see them), and :func:`register` makes
moto's cached type map pick them up.

Three of moto's own models drop properties the template sets; they are replaced by thin wrappers
(:class:`~local.moto_cfn.base.Wrapper`) that create the resource through moto's model and then
apply the rest through the backend: ``AWS::DynamoDB::Table`` and ``AWS::S3::Bucket`` (see
:mod:`local.moto_cfn.storage`) and ``AWS::IAM::Role`` (see :mod:`local.moto_cfn.iam`).

moto's SES also wants event-destination names unique per region instead of per configuration
set, so two stacks from this template could not coexist; the destination model stores its
destination without that check.

What stays fake (moto cannot do better): bucket-policy statements with a ``Condition`` are kept
on the resource (``PolicyDocument``) but not handed to S3, because moto evaluates every such
statement as an unconditional *deny* (the TLS-only deny would refuse every plain-HTTP request of
the local runner, and the CloudFront allow would turn into a deny). CloudWatch alarms never
change state, the SES event destination publishes nothing, and Cognito ignores the client's
ExplicitAuthFlows and token validities.

The models, by area: :mod:`~local.moto_cfn.cognito`, :mod:`~local.moto_cfn.messaging` (SES, SNS
subscription, CloudWatch alarm), :mod:`~local.moto_cfn.secrets`, :mod:`~local.moto_cfn.cloudfront`,
:mod:`~local.moto_cfn.storage` (DynamoDB table, S3 bucket and bucket policy) and
:mod:`~local.moto_cfn.iam`; :mod:`~local.moto_cfn.base` holds what they share.

``register()`` must run in the process that hosts moto (the test process for ``mock_aws``, or
the process that started ``ThreadedMotoServer``) before a stack is created.
"""

from __future__ import annotations

import threading

from moto.cloudformation import parsing
from moto.core.common_models import CloudFormationModel

from local.moto_cfn.cloudfront import CloudFrontDistribution, CloudFrontOriginAccessControl
from local.moto_cfn.cognito import CognitoUserPool, CognitoUserPoolClient, CognitoUserPoolGroup
from local.moto_cfn.iam import IamRole
from local.moto_cfn.messaging import (
    CloudWatchAlarm,
    SesConfigurationSet,
    SesConfigurationSetEventDestination,
    SnsSubscription,
)
from local.moto_cfn.secrets import SecretsManagerSecret
from local.moto_cfn.storage import DynamoDBTable, S3Bucket, S3BucketPolicy

__all__ = ["MODELS", "register"]

_lock = threading.Lock()
_registered = False

#: Every model this package adds or replaces, in the order moto should see them.
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

    The classes exist as soon as this package is imported; moto's type map is cached, though, so
    it has to be rebuilt. The map is built from ``CloudFormationModel.__subclasses__()`` in
    definition order, later entries winning, which is how the DynamoDB table, S3 bucket and IAM
    role wrappers take over from moto's own models; the check below makes sure they did.
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
