"""Size of the Lambda package: zipped and unzipped, against the goal, and its largest parts.

Usage: ``python -m bench.package_size [path/to/package.zip]`` (default build/portal-dev.zip, built
by ``make package``). 1 MB here is 2**20 bytes, the unit of Lambda's limits (50 MB zipped for a
direct upload, 250 MB unzipped).
"""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "build" / "portal-dev.zip"
GOAL_ZIPPED_MB = 40
MB = 1024 * 1024


def measure(path: Path) -> tuple[int, int, list[tuple[str, int, int]]]:
    unzipped: Counter[str] = Counter()
    compressed: Counter[str] = Counter()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            top = info.filename.split("/", 1)[0]
            unzipped[top] += info.file_size
            compressed[top] += info.compress_size
    largest = [(name, size, compressed[name]) for name, size in unzipped.most_common(5)]
    return path.stat().st_size, sum(unzipped.values()), largest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        print(f"{path} does not exist: run `make package` first.")
        return 1
    zipped, unzipped, largest = measure(path)
    verdict = "PASS" if zipped / MB < GOAL_ZIPPED_MB else "FAIL"
    print(f"package:  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"zipped:   {zipped / MB:.1f} MB   (goal < {GOAL_ZIPPED_MB} MB: {verdict})")
    print(f"unzipped: {unzipped / MB:.1f} MB   (Lambda limit 250 MB)")
    print("largest top-level entries (unzipped / zipped):")
    for name, size, packed in largest:
        print(f"  {name:<40} {size / MB:6.1f} MB / {packed / MB:5.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
