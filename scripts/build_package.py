"""Build the Lambda package: ``build/portal-<stage>.zip`` (what ``make package`` runs).

Usage::

    python scripts/build_package.py [--stage dev] [--output build/portal-dev.zip]

Steps:

1. ``.venv-package`` is a virtualenv of a Linux CPython 3.12 (``$PYTHON312``, else pyenv's 3.12.1,
   else ``python3.12`` on PATH) holding ONLY requirements.txt plus Zappa. Zappa copies the
   active virtualenv's site-packages into the zip, so the dev tools of ``.venv`` (moto, pytest,
   playwright, ...) never get near the artifact. Built on this Linux x86_64 Python, the native
   modules (cryptography, cffi) are the right ones for the Lambda runtime; Zappa's own download of
   Linux wheels is off (``use_precompiled_packages: false``). Every installed wheel's tag is
   checked against the runtime (x86_64, glibc 2.34): this machine's newer glibc would let pip pick
   a wheel Lambda cannot load. The venv is recreated when requirements.txt, the Zappa pin or the
   interpreter changes (a hash is stored in the venv).
2. ``zappa package STAGE`` runs inside that venv (Zappa insists on an activated virtualenv, so
   VIRTUAL_ENV and PATH are set) with a settings file derived from zappa_settings.json in which the
   stage's stack-output environment variables are left out. Zappa bakes ``environment_variables``
   into the package's ``zappa_settings.py`` and its handler copies them over ``os.environ`` on the
   first event: packaged empty placeholders would wipe the values of the environment the package
   runs in (the test suite's moto stack), and values filled by ``scripts/zappa_env.py`` for one
   stack would pin the package to it. So this artifact is environment-neutral: it reads the names
   from the environment it runs in. ``zappa deploy``/``zappa update`` (after
   ``scripts/zappa_env.py``) build their own package with the stage's values baked in.
3. Zappa's build-time dependencies (troposphere, cfn-flip, placebo, hjson, PyYAML, requests,
   tqdm, ...) are dropped by the ``exclude``/``exclude_glob`` lists in zappa_settings.json; the
   handler needs only zappa's handler/wsgi/asgi/middleware/utilities modules, werkzeug, boto3,
   botocore and durationpy (tests/integration/test_package.py proves it by serving from the
   unpacked zip with no site-packages at all). ``exclude`` patterns match a name at every depth
   (a pattern ``requests`` would also drop botocore/vendored/requests, which botocore imports), so
   everything that is only to go at the top level is in ``exclude_glob``.
4. The artifact is checked: no dev tool, no build tool, no project directory but app/ and
   functions/, and the handler, settings and entry points present.

Zappa's ``package`` command makes no AWS calls, but it builds a boto3 session: dummy credentials
and the region are set for it when the environment has none.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-package"
STAMP = VENV / ".portal-requirements.sha256"
ZAPPA_PIN = "zappa==0.63.0"
PYENV_312 = Path("/root/.pyenv/versions/3.12.1/bin/python")
# The python3.12 Lambda runtime is Amazon Linux 2023: glibc 2.34, x86_64 (zappa_settings architecture).
LAMBDA_GLIBC = (2, 34)
LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
# Never in the artifact (top-level names; dist-info by distribution name); checked after every build.
FORBIDDEN = {
    # dev and test tools
    "moto", "pytest", "_pytest", "playwright", "hypothesis", "ruff", "cfnlint", "cfn_lint", "responses",
    # Zappa's build-time dependencies
    "troposphere", "cfn_flip", "cfn_clean", "cfn_tools", "placebo", "hjson", "yaml", "_yaml", "pyyaml",
    "tqdm", "argcomplete", "toml", "slugify", "python_slugify", "text_unidecode", "pip", "setuptools",
    "pkg_resources", "_distutils_hack", "wheel", "requests", "certifi", "charset_normalizer", "packaging",
}  # fmt: skip
PROJECT_SHIPPED = {"app", "functions"}  # the only parts of the repository the function needs


def log(message: str) -> None:
    print(f"[package] {message}", flush=True)


def python312() -> str:
    candidates = [os.environ.get("PYTHON312"), str(PYENV_312), shutil.which("python3.12")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            version = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            if version == "3.12":
                return candidate
    sys.exit("No Python 3.12 found: set PYTHON312 to a CPython 3.12 interpreter.")


def requirements_hash(interpreter: str) -> str:
    digest = hashlib.sha256()
    digest.update((ROOT / "requirements.txt").read_bytes())
    digest.update(ZAPPA_PIN.encode())
    digest.update(str(Path(interpreter).resolve()).encode())
    return digest.hexdigest()


def ensure_venv() -> Path:
    interpreter = python312()
    wanted = requirements_hash(interpreter)
    python = VENV / "bin" / "python"
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        log(f"{VENV.name} is up to date")
        return python
    if VENV.exists():
        log(f"requirements changed: recreating {VENV.name}")
        shutil.rmtree(VENV)
    log(f"creating {VENV.name} with {interpreter}")
    subprocess.run([interpreter, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt"), ZAPPA_PIN],
        check=True,
        env=clean_env(),
    )
    STAMP.write_text(wanted + "\n")
    return python


def lambda_compatible(tag: str) -> bool:
    """Whether a wheel tag's platform runs on the Lambda runtime (x86_64, glibc 2.34)."""
    platform = tag.rsplit("-", 1)[-1]
    if platform == "any":
        return True
    for legacy, glibc in LEGACY_MANYLINUX.items():
        if platform == f"{legacy}_x86_64":
            return glibc <= LAMBDA_GLIBC
    match = re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", platform)
    return bool(match) and (int(match[1]), int(match[2])) <= LAMBDA_GLIBC


def check_wheel_tags() -> None:
    """Fail if an installed distribution's native code would not load on Lambda.

    pip picks the newest wheel this machine's glibc accepts; a wheel needing a newer glibc than
    Lambda's, or one built here from source (tag ``linux_x86_64``), would only fail once deployed.
    """
    site_packages = next((VENV / "lib").glob("python3.12/site-packages"))
    unfit = []
    for wheel in sorted(site_packages.glob("*.dist-info/WHEEL")):
        tags = [
            line.split(":", 1)[1].strip()
            for line in wheel.read_text().splitlines()
            if line.startswith("Tag:")
        ]
        if tags and not any(lambda_compatible(tag) for tag in tags):
            unfit.append(f"{wheel.parent.name} ({', '.join(tags)})")
    if unfit:
        sys.exit("Not loadable on Lambda (x86_64, glibc 2.34): " + "; ".join(unfit))


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env.pop("VIRTUAL_ENV", None)
    return env


def stack_output_variables() -> set[str]:
    """The values of app.config.STACK_OUTPUT_ENV, read from the source: this script does not need
    the app's dependencies (or any particular interpreter) to run."""
    tree = ast.parse((ROOT / "app" / "config.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "STACK_OUTPUT_ENV" for t in targets):
                return set(ast.literal_eval(node.value).values())
    sys.exit("app/config.py defines no STACK_OUTPUT_ENV")


def package_settings(stage: str, destination: Path) -> Path:
    """The stage's resolved settings (``extends`` applied) without the stack-output variables."""
    settings = json.loads((ROOT / "zappa_settings.json").read_text())
    chain, name = [], stage
    while name:
        if name in chain or name not in settings:
            sys.exit(f"zappa_settings.json: bad stage or extends chain at {name!r}")
        chain.append(name)
        name = settings[name].get("extends")
    resolved: dict = {}
    for name in reversed(chain):  # Zappa's merge: a shallow update, the extending stage wins
        resolved.update({k: v for k, v in settings[name].items() if k != "extends"})
    env = dict(resolved.get("environment_variables", {}))
    from_stack = stack_output_variables()
    resolved["environment_variables"] = {k: v for k, v in env.items() if k not in from_stack}
    destination.write_text(json.dumps({stage: resolved}, indent=4) + "\n")
    return destination


def zappa_package(python: Path, stage: str, output: Path) -> None:
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    settings_file = package_settings(stage, build / f"zappa_settings.{stage}.package.json")
    env = clean_env()
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # No AWS call is made, but Zappa builds a boto3 session for the region.
    env.setdefault("AWS_DEFAULT_REGION", "eu-central-1")
    if not env.get("AWS_ACCESS_KEY_ID") and not env.get("AWS_PROFILE"):
        env["AWS_ACCESS_KEY_ID"] = "packaging-only"
        env["AWS_SECRET_ACCESS_KEY"] = "packaging-only"  # noqa: S105  (a dummy, never sent)
    if output.exists():
        output.unlink()
    log(f"zappa package {stage} -> {output}")
    subprocess.run(
        [
            str(VENV / "bin" / "zappa"),
            "package",
            stage,
            "--settings_file",
            str(settings_file.relative_to(ROOT)),
            "--output",
            str(output),
            "--disable_progress",
            "--json",  # machine-readable output; also skips the version check against PyPI
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )


def check_artifact(output: Path) -> None:
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
    top = {name.split("/", 1)[0] for name in names}
    leaked = sorted(
        entry
        for entry in top
        if entry.removesuffix(".py").split("-", 1)[0].lower() in FORBIDDEN
        or (entry in {p.name for p in ROOT.iterdir()} and entry not in PROJECT_SHIPPED)
    )
    if leaked:
        sys.exit(f"{output.name} contains what must not ship: {', '.join(leaked)}")
    for required in ("handler.py", "zappa_settings.py", "app/wsgi.py", "functions/scheduler.py"):
        if required not in names:
            sys.exit(f"{output.name} lacks {required}")
    log(f"{output}: {output.stat().st_size / 2**20:.1f} MB, {len(names)} files")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    output = (args.output or ROOT / "build" / f"portal-{args.stage}.zip").resolve()
    python = ensure_venv()
    check_wheel_tags()
    zappa_package(python, args.stage, output)
    check_artifact(output)


if __name__ == "__main__":
    main()
