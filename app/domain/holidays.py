"""Public holidays computed from rules kept as data (see ``app/domain/contact/*.json``).

A country's holidays are a list of rules, each one of:

- ``{"type": "fixed", "day": "12-25"}``: the same month-day every year;
- ``{"type": "easter", "offset": -2}``: days from Easter Sunday (Western or Orthodox, per country);
- ``{"type": "weekday_between", "weekday": "sat", "between": ["06-20", "06-26"]}``: the one such
  weekday in a seven-day span (Finland's Midsummer Day and All Saints' Day move like this);
- ``{"type": "once", "date": "2024-05-07"}``: a holiday proclaimed for one year only.

Any rule may carry ``from``/``until`` (ISO dates, inclusive) because holidays are created and
abolished by law (Poland's Christmas Eve counts from 2025 on), and ``de_facto`` when it is not an
official holiday but offices are closed, so contacting the debtor that day would be out of place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EASTER_METHODS = {"western": EASTER_WESTERN, "orthodox": EASTER_ORTHODOX}
RULE_TYPES = ("fixed", "easter", "weekday_between", "once")


@dataclass(frozen=True)
class HolidayRule:
    name: str
    type: str
    month_day: tuple[int, int] | None = None  # fixed; first day of the span for weekday_between
    offset: int = 0  # easter
    weekday: int = 0  # weekday_between, Monday = 0
    on: date | None = None  # once
    valid_from: date | None = None
    valid_until: date | None = None
    de_facto: bool = False
    unverified: bool = False

    def date_in(self, year: int, easter_method: str) -> date | None:
        """The day this rule gives in ``year``, or None when it does not apply that year."""
        if self.type == "once":
            day = self.on if self.on is not None and self.on.year == year else None
        elif self.type == "easter":
            day = easter(year, EASTER_METHODS[easter_method]) + timedelta(days=self.offset)
        else:
            assert self.month_day is not None
            try:
                day = date(year, *self.month_day)
            except ValueError:  # 29 February outside a leap year
                return None
            if self.type == "weekday_between":
                day += timedelta(days=(self.weekday - day.weekday()) % 7)
        if day is None or day.year != year:
            return None
        if self.valid_from is not None and day < self.valid_from:
            return None
        if self.valid_until is not None and day > self.valid_until:
            return None
        return day


def holidays_in(rules: tuple[HolidayRule, ...], easter_method: str, year: int) -> dict[date, str]:
    """Every holiday of ``year`` under ``rules``, by date (names joined where two fall together)."""
    found: dict[date, str] = {}
    for rule in rules:
        day = rule.date_in(year, easter_method)
        if day is not None:
            found[day] = f"{found[day]}; {rule.name}" if day in found else rule.name
    return dict(sorted(found.items()))


def parse_rule(raw: dict[str, Any]) -> HolidayRule:
    """One rule from its JSON form; ValueError names what is wrong so a data edit fails loudly."""
    name = raw.get("name")
    kind = raw.get("type")
    if not isinstance(name, str) or not name:
        raise ValueError(f"holiday rule without a name: {raw!r}")
    if kind not in RULE_TYPES:
        raise ValueError(f"holiday {name!r}: type must be one of {', '.join(RULE_TYPES)}")
    common = {
        "name": name,
        "type": kind,
        "valid_from": _iso_date(raw["from"], name) if "from" in raw else None,
        "valid_until": _iso_date(raw["until"], name) if "until" in raw else None,
        "de_facto": bool(raw.get("de_facto", False)),
        "unverified": bool(raw.get("unverified", False)),
    }
    if kind == "fixed":
        return HolidayRule(month_day=_month_day(raw.get("day"), name), **common)
    if kind == "easter":
        offset = raw.get("offset")
        if not isinstance(offset, int) or isinstance(offset, bool) or abs(offset) > 100:
            raise ValueError(f"holiday {name!r}: offset must be a whole number of days from Easter")
        return HolidayRule(offset=offset, **common)
    if kind == "once":
        return HolidayRule(on=_iso_date(raw.get("date"), name), **common)
    between = raw.get("between")
    if raw.get("weekday") not in WEEKDAYS or not isinstance(between, list) or len(between) != 2:
        raise ValueError(f"holiday {name!r}: needs a weekday and between: [first, last]")
    first, last = (_month_day(value, name) for value in between)
    # Exactly seven days (in a leap year too) so that the weekday occurs once and only once.
    if (date(2024, *last) - date(2024, *first)).days != 6:
        raise ValueError(f"holiday {name!r}: the span must be seven days")
    return HolidayRule(month_day=first, weekday=WEEKDAYS.index(raw["weekday"]), **common)


def _month_day(value: Any, name: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        date(2024, month, day)  # a leap year, so that 02-29 is accepted
    except ValueError:
        raise ValueError(f"holiday {name!r}: day must be MM-DD, not {value!r}") from None
    return month, day


def _iso_date(value: Any, name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"holiday {name!r}: dates must be YYYY-MM-DD, not {value!r}") from None
