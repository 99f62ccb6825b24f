"""Cold start: what the Lambda imports before serving, relative to the libraries it cannot avoid.

Usage: ``python -m bench.cold_start [--runs 11] [--no-bytecode] [--breakdown] [--strict]``

A = ``import handler`` (Zappa's entry point at the package root) + ``import app.wsgi`` (which builds
    the Flask app), i.e. what a cold Lambda runs before its first response.
B = ``import flask, boto3, pynamodb.models`` alone.

Goal: median(A) / median(B) <= 1.3, i.e. the portal adds at most 30 % on top of its frameworks.

Each measurement is a fresh interpreter; the child times the import itself with perf_counter, so
interpreter start-up is not counted. Runs are interleaved (A, B, A, B, ...) after one discarded
warm-up pair, and medians are compared (the ratio of the minimums is printed too: it is less
sensitive to other load on the machine).

Where: the unpacked build/portal-dev.zip (``make package``), imported by a Python 3.12 started with
``-I -S``: nothing but the package and the standard library on sys.path, as on Lambda. Python
caches bytecode next to the unpacked sources during the warm-up. ``--no-bytecode`` (``-B`` on a
fresh unpacking) is the Lambda-faithful variant: the zip ships no .pyc and /var/task is read-only,
so Lambda compiles every module it imports on each cold start. ``--breakdown`` also times, in one
child, what each layer adds on top of the previous one. Without a built package the bench falls
back to the dev tree and .venv (``import app.wsgi`` only).

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
# --breakdown: each layer is timed after the ones before it, so a line is what that layer adds.
LAYERS = (
    ("flask, boto3, pynamodb.models", BASELINE),
    ("zappa handler", "import handler"),
    ("flask_wtf, wtforms", "import flask_wtf, wtforms"),
    ("stdnum (as app.domain uses it)", "import stdnum.eu.vat, stdnum.iban, stdnum.bic, "
     "stdnum.fi.ytunnus, stdnum.gr.vat, stdnum.pl.regon, stdnum.si.maticna"),
    ("app modules", "import app.services, app.errors, app.observability, app.security, "
     "app.extensions, app.auth.session, app.auth.views, app.organisation.views"),
    ("create_app() (app.wsgi)", "import app.wsgi"),
)  # fmt: skip

CHILD = """
import sys, time
sys.path.insert(0, {path!r})
for number, statement in enumerate({statements!r}):
    started = time.perf_counter()
    exec(statement)
    print("IMPORT_SECONDS_%d=%.6f" % (number, time.perf_counter() - started))
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


class Child:
    def __init__(self, python: str, flags: list[str], path: Path, env: dict[str, str]):
        self.python, self.flags, self.path, self.env = python, flags, path, env

    def times(self, *statements: str) -> list[float]:
        """Seconds each statement took, run in order in one fresh interpreter."""
        code = CHILD.format(path=str(self.path), statements=list(statements))
        done = subprocess.run(
            [self.python, *self.flags, "-c", code],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        found = {}
        for line in done.stdout.splitlines():
            if line.startswith("IMPORT_SECONDS_"):
                key, value = line.removeprefix("IMPORT_SECONDS_").split("=")
                found[int(key)] = float(value)
        if done.returncode or len(found) != len(statements):
            raise RuntimeError(f"child failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return [found[n] for n in range(len(statements))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=11, help="measurements of each (at least 7)")
    parser.add_argument("--no-bytecode", action="store_true", help="compile on every run, as Lambda")
    parser.add_argument("--breakdown", action="store_true", help="also time each layer")
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
            flags = ["-I", "-S"] + (["-B"] if args.no_bytecode else [])
            child = Child(PYTHON312, flags, path, env)
            where = f"unpacked {PACKAGE.relative_to(ROOT)} ({PYTHON312} {' '.join(flags)})"
            entry = ENTRY
            bytecode = "none: compiled on every run, as on Lambda" if args.no_bytecode else "cached"
        else:
            child = Child(str(ROOT / ".venv" / "bin" / "python"), ["-I"], ROOT, env)
            where = "dev tree and .venv (no build/portal-dev.zip: run `make package`)"
            entry = "import app.wsgi"
            bytecode = "cached"

        print(f"where:     {where}")
        print(f"bytecode:  {bytecode}")
        print(f"A:         {entry}")
        print(f"B:         {BASELINE}")
        child.times(entry)  # warm-up pair: file cache (and the bytecode cache, when allowed)
        child.times(BASELINE)
        a_times, b_times = [], []
        for _ in range(runs):
            a_times += child.times(entry)
            b_times += child.times(BASELINE)
        layers = []
        if args.breakdown and PACKAGE.exists():
            layers = [child.times(*(statement for _, statement in LAYERS)) for _ in range(runs)]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    a, b = statistics.median(a_times), statistics.median(b_times)
    ratio = a / b
    verdict = "PASS" if ratio <= GOAL else "FAIL"
    print(f"runs:      {runs} of each, interleaved")
    print(f"A median:  {ms(a)}  (min {ms(min(a_times))}, max {ms(max(a_times))})")
    print(f"B median:  {ms(b)}  (min {ms(min(b_times))}, max {ms(max(b_times))})")
    print(f"ratio A/B: {ratio:.2f} of the medians  (goal <= {GOAL}: {verdict})")
    print(f"           {min(a_times) / min(b_times):.2f} of the minimums")
    if layers:
        print("breakdown (median of what each layer adds, imported in this order):")
        for number, (name, _) in enumerate(LAYERS):
            print(f"  {name:<32} {ms(statistics.median(run[number] for run in layers)):>7}")
    return 1 if args.strict and verdict == "FAIL" else 0


if __name__ == "__main__":
    sys.exit(main())
