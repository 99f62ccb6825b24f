"""`make run` as a new user meets it: the portal starts on moto, the demo creditor signs in, Ctrl-C stops."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local_portal():
    port, aws_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PORTAL_", "COGNITO_", "SECRET"))}
    env.update(PORT=str(port), MOTO_PORT=str(aws_port), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "local.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the local portal did not start: " + process.communicate()[0][-3000:])
    yield url, process
    if process.poll() is None:
        process.kill()


def test_the_demo_creditor_signs_in_and_sees_the_demo_cases(local_portal):
    url, process = local_portal
    session = requests.Session()
    page = session.get(url + "/sign-in", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    signed_in = session.post(
        url + "/sign-in",
        data={"csrf_token": token, "email": "creditor@demo.example", "password": "Demo-Portal-2026!"},
        timeout=10,
    )
    assert signed_in.url == url + "/"  # the demo organisation's profile is complete
    assert "Demo Dental Clinic d.o.o." in signed_in.text
    cases = session.get(url + "/cases", timeout=10).text
    assert "Mizarstvo Kranjc d.o.o." in cases and "Virtanen Oy" in cases

    process.send_signal(signal.SIGINT)  # Ctrl-C
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Sign in: creditor@demo.example" in output
    assert re.search(r"Debtor:  http://127.0.0.1:\d+/d/[\w-]{32} +\(confirm with postal code \d+\)", output)
    assert output.rstrip().endswith("Stopped.")
