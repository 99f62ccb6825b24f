"""The API's OpenAPI document.

``openapi.yaml`` is the one to read and edit. The Lambda package carries no YAML parser (PyYAML is
one of Zappa's build-time dependencies, kept out of the artifact), so the app serves
``openapi.json``, the same document converted; a test fails when the two differ. After editing the
YAML, run ``.venv/bin/python -m app.api.spec`` to rewrite the JSON.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "openapi.yaml"
SERVED = HERE / "openapi.json"


@functools.cache
def document() -> dict:
    return json.loads(SERVED.read_text(encoding="utf-8"))


def from_source() -> dict:
    import yaml  # development only: see the module's docstring

    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def write() -> None:
    SERVED.write_text(json.dumps(from_source(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"wrote {SERVED.relative_to(HERE.parent.parent)}")
