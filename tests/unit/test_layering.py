"""The collection domain stays plain Python: a lint rule refuses Flask, boto3 and PynamoDB there."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    "source", ["import boto3\n", "from flask import g\n", "from pynamodb.models import Model\n"]
)
def test_ruff_refuses_framework_imports_in_the_domain(source):
    result = subprocess.run(
        [RUFF, "check", "--no-cache", "--stdin-filename", "app/domain/new_module.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "TID251" in result.stdout


def test_the_same_import_is_fine_outside_the_domain():
    result = subprocess.run(
        [RUFF, "check", "--no-cache", "--stdin-filename", "app/adapters/new_module.py", "-"],
        input="import boto3\n\nCLIENT = boto3.client\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout


def test_the_domain_as_written_imports_none_of_them():
    result = subprocess.run(
        [RUFF, "check", "--no-cache", "--select", "TID251", "app/domain"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout
