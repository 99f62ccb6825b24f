"""Memory and speed of the spreadsheet import's parsing half on a large, realistic file.

Usage: ``python -m bench.parse_memory [--rows 100000] [--format csv|xlsx] [--encoding utf-8-sig] [--strict]``

Generates a file of open invoices as a Slovenian creditor's accounting software exports them
(Slovenian headers, ``;`` separators, debtors in SI, FI, PL and GR with valid identification numbers,
amounts in several styles - 1234,56 / 1.234,56 / 1 234,56 / 1234.56 - dates as 31.01.2026,
1.2.2026, 2026-01-31 and 31/01/2026; about 2 % of the rows carry an error and 0.5 % a formula-like
text), writes it to a temporary file, and parses it completely through ``parse_file`` in a fresh
interpreter. The parent reports that child's peak resident memory (``getrusage(RUSAGE_CHILDREN)
.ru_maxrss``), the child's own peak right after its imports (the floor: Python, openpyxl, stdnum,
phonenumbers), and rows per second.

Goal: peak RSS < 200 MB for 100,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 200
HEADERS = [
    "Naziv kupca", "Davčna številka", "E-pošta", "Telefon", "Naslov", "Poštna številka", "Kraj", "Država",
    "Številka računa", "Datum računa", "Datum zapadlosti", "Znesek", "Valuta", "Plačano", "Opis",
    "Komercialist",
]  # fmt: skip

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from app.domain.intake import Defaults, build_preview, parse_file
floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
with open({path!r}, "rb") as stream:
    preview = build_preview(parse_file(stream, {name!r}, Defaults("SI", "EUR", "sl")))
seconds = time.perf_counter() - started
print(json.dumps({{"rows": preview.rows, "valid": preview.valid_rows, "errors": preview.error_rows,
                  "warnings": preview.warnings, "seconds": seconds, "floor_kb": floor,
                  "notes": preview.notes}}))
"""


def valid_ids(module, make, count: int, rng: random.Random) -> list[str]:
    """``count`` numbers that ``module`` accepts: random stems completed by trying each check digit."""
    found: list[str] = []
    while len(found) < count:
        stem = make(rng)
        for digit in "0123456789":
            if module.is_valid(stem + digit):
                found.append(stem + digit)
                break
    return found


def id_pools(rng: random.Random) -> dict[str, list[str]]:
    from stdnum.fi import ytunnus
    from stdnum.gr import vat
    from stdnum.pl import nip
    from stdnum.si import ddv

    def digits(n: int, first: str = "123456789"):
        return lambda r: r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))

    return {
        "SI": valid_ids(ddv, digits(7), 3000, rng),
        "FI": valid_ids(ytunnus, lambda r: digits(7)(r) + "-", 800, rng),
        "PL": valid_ids(nip, digits(9), 800, rng),
        "GR": valid_ids(vat, digits(8, "0123456789"), 800, rng),
    }


PLACES = {
    "SI": (
        ["Ljubljana", "1000"],
        ["Maribor", "2000"],
        ["Celje", "3000"],
        ["Koper", "6000"],
        ["Kranj", "4000"],
    ),
    "FI": (["Helsinki", "00100"], ["Tampere", "33100"], ["Jyväskylä", "40100"], ["Åbo", "20100"]),
    "PL": (["Warszawa", "00-001"], ["Łódź", "90-001"], ["Kraków", "31-147"], ["Gdańsk", "80-001"]),
    "GR": (["Αθήνα", "10564"], ["Θεσσαλονίκη", "54625"], ["Πάτρα", "26221"], ["Ηράκλειο", "71201"]),
}
NAMES = {
    "SI": (["Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik"], ["d.o.o.", "s.p.", "d.d.", ""]),
    "FI": (["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen"], ["Oy", "Oyj", "Ky", ""]),
    "PL": (["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Łukasiewicz"], ["sp. z o.o.", "S.A.", "sp.j.", ""]),
    "GR": (["Παπαδόπουλος", "Γεωργίου", "Νικολάου", "Οικονόμου"], ["Α.Ε.", "ΙΚΕ", "Ε.Π.Ε.", ""]),
}
PHONES = {"SI": "+386 41 {:03d} {:03d}", "FI": "+358 40 {:03d}{:04d}", "PL": "+48 601 {:03d} {:03d}",
          "GR": "+30 691 {:03d} {:04d}"}  # fmt: skip


def amount_text(cents: int, currency: str, rng: random.Random) -> str:
    whole, part = divmod(cents, 100)
    grouped = f"{whole:,}"
    return rng.choice(
        [
            f"{whole},{part:02d}",
            f"{grouped.replace(',', '.')},{part:02d}",
            f"{grouped.replace(',', chr(0xA0))},{part:02d}",
            f"{whole}.{part:02d}",
            f"{whole},{part:02d} {'€' if currency == 'EUR' else 'zł'}",
        ]
    )


def date_text(day: date, rng: random.Random) -> str:
    return rng.choice(
        [f"{day:%d.%m.%Y}", f"{day.day}.{day.month}.{day.year}", day.isoformat(), f"{day:%d/%m/%Y}"]
    )


def generate(path: Path, rows: int, encoding: str, seed: int = 20260101) -> None:
    rng = random.Random(seed)
    ids = id_pools(rng)
    countries = ["SI"] * 70 + ["FI"] * 10 + ["PL"] * 10 + ["GR"] * 10
    start = date(2025, 1, 1)
    with open(path, "w", encoding=encoding, errors="replace", newline="") as out:  # cp1250 has no Greek
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        for number in range(rows):
            country = rng.choice(countries)
            surnames, suffixes = NAMES[country]
            name = f"{rng.choice(surnames)} {rng.choice(['Trade', 'Invest', 'Gradnje', 'Servis', 'Plus'])}"
            name = f"{name} {rng.choice(suffixes)}".strip()
            city, postcode = rng.choice(PLACES[country])
            issued = start + timedelta(days=rng.randrange(400))
            due = issued + timedelta(days=rng.choice([8, 15, 30, 45, 60]))
            cents = rng.randrange(1_000, 2_000_000)
            paid = "" if rng.random() < 0.8 else f"{rng.randrange(1, cents) // 100},00"
            currency = "PLN" if country == "PL" and rng.random() < 0.5 else "EUR"
            row = [
                name,
                rng.choice(ids[country]),
                f"racuni{number % 5000}@example.{country.lower()}" if rng.random() < 0.7 else "",
                PHONES[country].format(rng.randrange(100, 999), rng.randrange(100, 999))
                if rng.random() < 0.5
                else "",
                f"Ulica {rng.randrange(1, 200)}",
                postcode,
                city,
                country,
                f"2026-{number:06d}",
                date_text(issued, rng),
                date_text(due, rng),
                amount_text(cents, currency, rng),
                currency,
                paid,
                rng.choice(["Storitve po pogodbi", "Material", "Najemnina", "Vzdrževanje", ""]),
                rng.choice(["Ana", "Boris", "Cvetka"]),
            ]
            if rng.random() < 0.02:  # a realistic share of broken rows
                broken = rng.randrange(4)
                if broken == 0:
                    row[10] = "31.02.2026"
                elif broken == 1:
                    row[11] = "1,234"
                elif broken == 2:
                    row[1] = row[1][:-1] + str((int(row[1][-1]) + 1) % 10)
                else:
                    row[11] = "-" + row[11]
            if rng.random() < 0.005:
                row[14] = '=HYPERLINK("http://example.com")'
            writer.writerow(row)


def generate_xlsx(csv_path: Path, path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Odprte postavke")
    with open(csv_path, encoding="utf-8-sig", newline="") as source:
        for row in csv.reader(source, delimiter=";"):
            sheet.append(row)
    workbook.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--encoding", default="utf-8-sig", help="of the CSV, e.g. cp1250")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="portal-parse-memory-") as workdir:
        path = Path(workdir) / "odprte_postavke.csv"
        generate(path, args.rows, "utf-8-sig" if args.format == "xlsx" else args.encoding)
        if args.format == "xlsx":
            generate_xlsx(path, path.with_suffix(".xlsx"))
            path = path.with_suffix(".xlsx")
        size_mb = path.stat().st_size / 1e6
        code = CHILD.format(root=str(ROOT), path=str(path), name=path.name)
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=1800, env={**os.environ}
        )
        if done.returncode:
            print(done.stdout, done.stderr, file=sys.stderr)
            return 2
        result = json.loads(done.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    floor_mb = result["floor_kb"] / 1024
    met = peak_mb < GOAL_MB
    print(f"file:          {args.rows:,} rows, {args.format}, {size_mb:.1f} MB")
    print(f"read as:       {' '.join(result['notes'][:2])}")
    counts = f"{result['valid']:,} valid, {result['errors']:,} with errors, {result['warnings']:,} warnings"
    print(f"parsed:        {result['rows']:,} rows: {counts}")
    print(f"time:          {result['seconds']:.1f} s, {result['rows'] / result['seconds']:,.0f} rows/s")
    print(f"peak RSS:      {peak_mb:.0f} MB (after imports alone: {floor_mb:.0f} MB)")
    print(f"goal:          < {GOAL_MB} MB: {'met' if met else 'NOT MET'}")
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
