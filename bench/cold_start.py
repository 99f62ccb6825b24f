"""Cold start: what the Lambda imports before serving, relative to the libraries it cannot avoid.

Usage: ``python -m bench.cold_start [--runs 9] [--cached-bytecode] [--strict]``

A = ``import handler`` (Zappa's entry point at the package root) + ``import app.wsgi`` (which builds
    the Flask app), i.e. what a cold Lambda runs before its first response.
B = ``import flask, boto3, pynamodb.models`` alone.

Goal: median(A) / median(B) <= 1.3, i.e. the portal adds at most 30 % on top of its frameworks.

Each measurement is a fresh interpreter; the child times the import itself with perf_counter, so
interpreter start-up is not counted. Runs are interleaved (A, B, A, B, ...) after one discarded
warm-up pair, and medians are compared.

Where: from the unpacked build/portal-dev.zip (``make package``) with a Python 3.12 started with
``-I -S`` (nothing but the package and the standard library on sys.path, as on Lambda). By default
also ``-B`` on a fresh unpacking: the zip ships no bytecode and /var/task is read-only, so Lambda
compiles every module of the package on each cold start, and so does this bench.
``--cached-bytecode`` lets Python cache bytecode next to the sources instead (what shipping
precompiled .pyc files would give). Without a built package it falls back to the dev tree and
.venv's site-packages.

The children get dummy configuration (SECRET_KEY set, so no Secrets Manager call) and an AWS
endpoint on a closed loopback port, so importing the app touches no network: if it tried, the run
would fail instead of quietly measuring a network round trip.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build" / "portal-dev.zip"
PYTHON312 = os.environ.get("PYTHON312", "/root/.pyenv/versions/3.12.1/bin/python")
GOAL = 1.3

ENTRY = "import handler, app.wsgi"
BASELINE = "import flask, boto3, pynamodb.models"

CHILD = """
import sys, time
sys.path.insert(0, {path!r})
started = time.perf_counter()
{statement}
print("IMPORT_SECONDS=%.6f" % (time.perf_counter() - started))
"""

DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_REGION": "eu-central-1",
    "AWS_DEFAULT_REGION": "eu-central-1",
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",  # discard port: any call fails fast
    "AWS_EC2_METADATA_DISABLED": "true",
    "SECRET_KEY": "bench-only-not-a-secret",
    "PORTAL_TABLE": "bench-table",
    "COGNITO_USER_POOL_ID": "eu-central-1_bench",
    "COGNITO_CLIENT_ID": "bench-client",
    "ACTIONS_QUEUE_URL": "http://127.0.0.1:9/000000000000/bench",
    "STATIC_URL": "",
    "LOG_LEVEL": "WARNING",
    "LANG": "C.UTF-8",
}


def child_command(python: str, flags: list[str], path: Path, statement: str) -> list[str]:
    return [python, *flags, "-c", CHILD.format(path=str(path), statement=statement)]


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("IMPORT_SECONDS="):
            return float(line.split("=", 1)[1])
    raise RuntimeError(f"child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9, help="measurements of each (>= 7)")
    parser.add_argument("--cached-bytecode", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    args = parser.parse_args(argv)
    runs = max(args.runs, 7)

    workdir = Path(tempfile.mkdtemp(prefix="portal-cold-start-"))
    try:
        home = workdir / "home"
        home.mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), **DUMMY_ENV}
        if PACKAGE.exists():
            path = workdir / "task"
            with zipfile.ZipFile(PACKAGE) as archive:
                archive.extractall(path)
            python = PYTHON312
            flags = ["-I", "-S"] + ([] if args.cached_bytecode else ["-B"])
            where = f"unpacked {PACKAGE.relative_to(ROOT)} ({python} {' '.join(flags)})"
            entry = ENTRY
        else:
            path = ROOT
            python = str(ROOT / ".venv" / "bin" / "python")
            flags = ["-I"]
            where = "dev tree and .venv (no build/portal-dev.zip: run `make package`)"
            entry = "import app.wsgi"
        a_cmd = child_command(python, flags, path, entry)
        b_cmd = child_command(python, flags, path, BASELINE)

        print(f"where:    {where}")
        print(f"bytecode: {'cached' if args.cached_bytecode or not PACKAGE.exists() else 'none (as on Lambda)'}")
        print(f"A: {entry}")
        print(f"B: {BASELINE}")
        measure(a_cmd, path, env)  # warm-up pair: file cache (and bytecode, if cached)
        measure(b_cmd, path, env)
        a_times, b_times = [], []
        for _ in range(runs):
            a_times.append(measure(a_cmd, path, env))
            b_times.append(measure(b_cmd, path, env))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    a, b = statistics.median(a_times), statistics.median(b_times)
    ratio = a / b
    verdict = "PASS" if ratio <= GOAL else "FAIL"
    print(f"runs:     {runs} of each, interleaved")
    print(f"A median: {a * 1000:.0f} ms  (min {min(a_times) * 1000:.0f}, max {max(a_times) * 1000:.0f})")
    print(f"B median: {b * 1000:.0f} ms  (min {min(b_times) * 1000:.0f}, max {max(b_times) * 1000:.0f})")
    print(f"ratio A/B: {ratio:.2f}  (goal <= {GOAL}: {verdict})")
    return 1 if args.strict and verdict == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
