"""What every Lambda handler shares: JSON logging and the services, built once per container."""

from __future__ import annotations

import functools
import logging
import os

from app import config
from app.observability import configure_logging
from app.services import Services, build


def settings() -> dict:
    # Read at call time, not import time: a handler module is imported before the first event.
    return config.from_env()


@functools.cache
def services() -> Services:
    return build(settings())


def logger(name: str) -> logging.Logger:
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    return logging.getLogger(f"portal.functions.{name}")
