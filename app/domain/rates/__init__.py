"""Dated reference figures for late-payment interest, loaded from the JSON files beside this module.

Rates and laws change, so no figure lives in code: each one carries the date from which it applies, a
source and, where nobody has checked it against the publisher, ``unverified`` with a note. The
calculations pass that flag on, so that a demand letter never presents an unchecked figure as settled.
Countries without a file of their own get ``eu.json``, the Directive 2011/7/EU minimum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from app.domain.claim import ClaimType
from app.domain.errors import DomainError

FALLBACK_COUNTRY = "eu"
FIXINGS = ("half_year", "continuous")


class RateUnavailable(DomainError):
    """No figure is known for the date asked about: someone has to add it to the data files."""


@dataclass(frozen=True)
class Figure:
    effective: date
    value: Decimal
    source: str
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Series:
    """Figures by effective date; each applies until the next one."""

    name: str
    figures: tuple[Figure, ...]
    verified_through: date | None = None
    note: str = ""

    def at(self, day: date) -> Figure:
        found = None
        for figure in self.figures:
            if figure.effective > day:
                break
            found = figure
        if found is None:
            raise RateUnavailable(
                f"No {self.name} is known for {day.isoformat()}: "
                f"the data starts on {self.figures[0].effective.isoformat()}."
            )
        if self.verified_through is not None and day > self.verified_through and not found.unverified:
            # The last checked figure is carried forward on the assumption that nothing changed.
            return replace(found, unverified=True, note=self.note)
        return found

    def changes_between(self, first: date, last: date) -> list[date]:
        """Effective dates after ``first`` up to and including ``last``."""
        return [f.effective for f in self.figures if first < f.effective <= last]


@dataclass(frozen=True)
class Band:
    up_to: Decimal | None  # None: no upper limit
    inclusive: bool
    amount: Decimal

    def holds(self, value: Decimal) -> bool:
        if self.up_to is None:
            return True
        return value <= self.up_to if self.inclusive else value < self.up_to


def pick_band(bands: tuple[Band, ...], value: Decimal) -> Band:
    return next(band for band in bands if band.holds(value))


@dataclass(frozen=True)
class InterestRule:
    reference: str  # the name of a series file, e.g. "ecb"
    fixing: str  # "half_year": the rate on 1 Jan / 1 Jul holds for six months; "continuous"
    round_up_to: Decimal | None  # Finland rounds the ECB rate up to the next half point
    margins: Series
    basis: str


@dataclass(frozen=True)
class CompensationRule:
    effective: date
    source: str
    basis: str
    band_currency: str  # the currency the claim value is compared in
    amount_currency: str  # the currency the law states the amounts in
    conversion: str | None
    bands: tuple[Band, ...]
    unverified: bool
    note: str


@dataclass(frozen=True)
class FeeRule:
    kind: str
    effective: date
    source: str
    basis: str
    cap: Decimal | None
    bands: tuple[Band, ...]  # a cap by principal, where the law grades it
    min_days_after_due: int | None
    min_days_between: int | None
    unverified: bool
    note: str

    def cap_for(self, principal: Decimal) -> Decimal | None:
        if self.bands:
            return pick_band(self.bands, principal).amount
        return self.cap


@dataclass(frozen=True)
class CountryRules:
    code: str
    name: str
    interest: dict[ClaimType, InterestRule]
    compensation: dict[ClaimType, tuple[CompensationRule, ...]]
    fees: dict[ClaimType, dict[str, FeeRule]]


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text, parse_float=Decimal)


def _exists(name: str) -> bool:
    return resources.files(__name__).joinpath(f"{name}.json").is_file()


def _figure(raw: dict[str, Any], default_source: str = "") -> Figure:
    return Figure(
        effective=date.fromisoformat(raw["effective"]),
        value=Decimal(str(raw["value"])),
        source=raw.get("source") or default_source,
        unverified=bool(raw.get("unverified", False)),
        note=raw.get("note", ""),
    )


def _series(name: str, raw: dict[str, Any]) -> Series:
    figures = tuple(sorted((_figure(f, raw.get("source", "")) for f in raw["figures"]), key=_effective))
    through = raw.get("verified_through")
    return Series(name, figures, date.fromisoformat(through) if through else None, raw.get("note", ""))


def _effective(figure: Figure) -> date:
    return figure.effective


def _bands(raw: list[dict[str, Any]]) -> tuple[Band, ...]:
    bands = tuple(
        Band(
            up_to=None if b["up_to"] is None else Decimal(str(b["up_to"])),
            inclusive=bool(b.get("inclusive", True)),
            amount=Decimal(str(b["amount"])),
        )
        for b in raw
    )
    if not bands or bands[-1].up_to is not None:
        raise ValueError("The last band must have no upper limit.")
    return bands


@cache
def series(name: str) -> Series:
    """A reference-rate series ("ecb", "nbp") or the monthly EUR/PLN table ("eur_pln")."""
    raw = _read(name)
    return _series(raw.get("name", name), raw)


@cache
def eur_pln_by_month() -> dict[str, Figure]:
    raw = _read("eur_pln")
    return {f["month"]: _figure(f, raw.get("source", "")) for f in raw["figures"]}


def country_rules(country: str) -> CountryRules:
    """The rules of a country by ISO code; the directive minimum for one without its own file."""
    code = country.strip().lower()
    # Only two letters reach the file system, and every unknown code shares one cache entry.
    return _country_rules(code if len(code) == 2 and code.isalpha() and _exists(code) else FALLBACK_COUNTRY)


@cache
def _country_rules(code: str) -> CountryRules:
    raw = _read(code)
    interest = {}
    for claim_type, rule in raw["interest"].items():
        if rule["fixing"] not in FIXINGS:
            raise ValueError(f"{raw['country']}: unknown fixing {rule['fixing']!r}")
        step = rule.get("reference_round_up_to")
        interest[ClaimType(claim_type)] = InterestRule(
            reference=rule["reference"],
            fixing=rule["fixing"],
            round_up_to=Decimal(str(step)) if step else None,
            margins=_series(f"{raw['country']} {claim_type} margin", {"figures": rule["margins"]}),
            basis=rule["basis"],
        )
    compensation = {
        ClaimType(claim_type): tuple(
            sorted(
                (
                    CompensationRule(
                        effective=date.fromisoformat(v["effective"]),
                        source=v["source"],
                        basis=v["basis"],
                        band_currency=v["band_currency"],
                        amount_currency=v["amount_currency"],
                        conversion=v.get("conversion"),
                        bands=_bands(v["bands"]),
                        unverified=bool(v.get("unverified", False)),
                        note=v.get("note", ""),
                    )
                    for v in versions
                ),
                key=lambda rule: rule.effective,
            )
        )
        for claim_type, versions in raw["compensation"].items()
    }
    fees = {
        ClaimType(claim_type): {
            kind: FeeRule(
                kind=kind,
                effective=date.fromisoformat(f["effective"]),
                source=f["source"],
                basis=f["basis"],
                cap=None if f.get("cap") is None else Decimal(str(f["cap"])),
                bands=_bands(f["bands"]) if f.get("bands") else (),
                min_days_after_due=f.get("min_days_after_due"),
                min_days_between=f.get("min_days_between"),
                unverified=bool(f.get("unverified", False)),
                note=f.get("note", ""),
            )
            for kind, f in kinds.items()
        }
        for claim_type, kinds in raw["fees"].items()
    }
    return CountryRules(raw["country"], raw["name"], interest, compensation, fees)
