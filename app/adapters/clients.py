"""boto3 clients, created on first use and cached.

Creating clients lazily keeps the Lambda cold start short (only the clients a request needs are built)
and lets tests and the local runner point AWS_ENDPOINT_URL at moto before anything connects.
"""

from __future__ import annotations

import functools
import os
from typing import Any


@functools.cache
def client(service: str) -> Any:
    import boto3  # imported here so that modules which only define adapters stay cheap to import

    return boto3.session.Session().client(service, region_name=region())


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-central-1"


def reset() -> None:
    """Forget cached clients, e.g. after the endpoint or credentials in the environment changed."""
    client.cache_clear()
