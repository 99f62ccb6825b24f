"""When a debtor may be contacted, per country and channel, from rules kept as data.

Each country has a JSON file in ``app/domain/contact/`` (``default.json`` for the rest): its time
zone, the contact hours per channel and weekday in local time, per-channel limits (Greece: a call at
most once every 2 days and not before 10 days overdue) and its public holidays. Every figure there
names its source and effective date; nothing about a country is written in this module.

    reason = may_contact("GR", Channel.CALL, now, due_date=claim.due_date, last_contact=...)
    when = next_contact_time("GR", Channel.CALL, now, due_date=claim.due_date, ...)

All datetimes are timezone-aware (UTC out); windows are local wall-clock times converted through
``zoneinfo``, so 08:00 in Ljubljana is 07:00 UTC in winter and 06:00 UTC in summer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.holidays import EASTER_METHODS, WEEKDAYS, HolidayRule, holidays_in, parse_rule
from app.domain.policy import Channel

DATA_DIR = Path(__file__).with_name("contact")
DEFAULT_FILE = "default"
# A year and a bit: every rule repeats yearly, so a window that exists at all is found in this span.
SEARCH_DAYS = 400

PUBLIC_HOLIDAY = "public holiday"
OUTSIDE_HOURS = "outside contact hours"
TOO_SOON = "too soon after the last contact"
NO_CHANNEL = "channel not used in this country"


@dataclass(frozen=True)
class Window:
    """A contact window on one weekday, ``start`` inclusive and ``end`` exclusive, local time."""

    weekday: int  # Monday = 0
    start: time
    end: time


@dataclass(frozen=True)
class ChannelRules:
    channel: Channel
    windows: tuple[Window, ...]
    min_gap_days: int = 0  # since the last contact on this same channel
    min_days_overdue: int = 0
    unverified: bool = False

    def windows_on(self, weekday: int) -> tuple[Window, ...]:
        return tuple(window for window in self.windows if window.weekday == weekday)


@dataclass(frozen=True)
class ContactRules:
    country: str
    timezone: str
    easter: str  # "western" or "orthodox"
    channels: Mapping[Channel, ChannelRules] = field(hash=False)
    holidays: tuple[HolidayRule, ...] = ()
    fallback: bool = False  # True when the country has no file of its own and default.json applies

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def channel(self, channel: Channel | str) -> ChannelRules | None:
        return self.channels.get(Channel(channel))


def rules_for(country: str) -> ContactRules:
    """The rules for an ISO 3166 alpha-2 country; one without a file of its own gets default.json."""
    code = _country_code(country)
    return _rules(_aliases().get(code, code))


def public_holidays(country: str, year: int) -> dict[date, str]:
    """The country's holidays (de facto ones included) of ``year``, by date."""
    return dict(_holidays(rules_for(country).country, year))


def is_public_holiday(country: str, day: date) -> bool:
    return day in _holidays(rules_for(country).country, day.year)


def may_contact(
    country: str,
    channel: Channel | str,
    at: datetime,
    *,
    due_date: date,
    last_contact: datetime | None = None,
    last_same_channel: datetime | None = None,
    min_gap_days: int = 2,
) -> str | None:
    """None when the debtor may be contacted at ``at``, else a short English reason."""
    rules = rules_for(country)
    rules_of_channel = rules.channel(channel)
    if rules_of_channel is None:
        return NO_CHANNEL
    moment = _utc(at, "at")
    day = moment.astimezone(rules.zone).date()
    if day in _holidays(rules.country, day.year):
        return PUBLIC_HOLIDAY
    if not any(opens <= moment < closes for opens, closes in _open_intervals(rules, rules_of_channel, day)):
        return OUTSIDE_HOURS
    if (day - due_date).days < rules_of_channel.min_days_overdue:
        return f"not before {rules_of_channel.min_days_overdue} days overdue"
    if moment < _not_before(rules, rules_of_channel, last_contact, last_same_channel, min_gap_days):
        return TOO_SOON
    return None


def next_contact_time(
    country: str,
    channel: Channel | str,
    earliest: datetime,
    *,
    due_date: date,
    last_contact: datetime | None = None,
    last_same_channel: datetime | None = None,
    min_gap_days: int = 2,
) -> datetime:
    """The first moment at or after ``earliest`` (UTC) at which ``may_contact`` allows the contact.

    Raises ValueError when the channel has no window within ``SEARCH_DAYS`` days, which only data
    without any hours for the channel can cause.
    """
    rules = rules_for(country)
    rules_of_channel = rules.channel(channel)
    if rules_of_channel is None:
        raise ValueError(f"{rules.country}: {NO_CHANNEL}: {channel}")
    start = max(
        _utc(earliest, "earliest"),
        _not_before(rules, rules_of_channel, last_contact, last_same_channel, min_gap_days),
    )
    first_day = max(
        start.astimezone(rules.zone).date(),
        due_date + timedelta(days=rules_of_channel.min_days_overdue),
    )
    for offset in range(SEARCH_DAYS):
        day = first_day + timedelta(days=offset)
        if day in _holidays(rules.country, day.year):
            continue
        for opens, closes in _open_intervals(rules, rules_of_channel, day):
            candidate = max(opens, start)
            if candidate < closes:
                return candidate
    raise ValueError(
        f"{rules.country}: no {Channel(channel)} window within {SEARCH_DAYS} days of {start.isoformat()}"
    )


def _open_intervals(
    rules: ContactRules, rules_of_channel: ChannelRules, day: date
) -> list[tuple[datetime, datetime]]:
    """The channel's windows on a local ``day`` as UTC intervals.

    ``may_contact`` and ``next_contact_time`` both test against these, so they cannot disagree, even
    on the days the clocks change.
    """
    zone = rules.zone
    return sorted(
        (
            datetime.combine(day, window.start, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, window.end, tzinfo=zone).astimezone(UTC),
        )
        for window in rules_of_channel.windows_on(day.weekday())
    )


def _not_before(
    rules: ContactRules,
    rules_of_channel: ChannelRules,
    last_contact: datetime | None,
    last_same_channel: datetime | None,
    min_gap_days: int,
) -> datetime:
    """The earliest moment the gap rules allow.

    Days are counted on the debtor's wall clock (a call at 10:00 allows the next at 10:00 two days
    later, also across a clock change), since the windows those days are in local time as well.
    """
    if min_gap_days < 0:
        raise ValueError("min_gap_days must not be negative")
    limits = [datetime.min.replace(tzinfo=UTC)]
    gaps = (
        (last_contact, min_gap_days, "last_contact"),
        (last_same_channel, max(min_gap_days, rules_of_channel.min_gap_days), "last_same_channel"),
    )
    for last, days, name in gaps:
        if last is not None:
            local = _utc(last, name).astimezone(rules.zone)
            limits.append((local + timedelta(days=days)).astimezone(UTC))
    return max(limits)


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(UTC)


def _country_code(country: str) -> str:
    code = (country or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"not an ISO 3166 alpha-2 country code: {country!r}")
    return code


@cache
def _files() -> dict[str, Path]:
    # Looked up by listing the directory, so no file name is ever built from the caller's text.
    return {path.stem.upper(): path for path in DATA_DIR.glob("*.json")}


@cache
def _aliases() -> dict[str, str]:
    aliases = {}
    for code in _files():
        if code != DEFAULT_FILE.upper():
            for alias in _load(code).get("aliases", []):
                aliases[_country_code(alias)] = code
    return aliases


@cache
def _load(code: str) -> dict[str, Any]:
    return json.loads(_files()[code].read_text(encoding="utf-8"))


@cache
def _rules(code: str) -> ContactRules:
    fallback = code not in _files() or code == DEFAULT_FILE.upper()
    raw = _load(DEFAULT_FILE.upper() if fallback else code)
    return _parse(code, raw, fallback)


@lru_cache(maxsize=512)
def _holidays(code: str, year: int) -> Mapping[date, str]:
    rules = _rules(code)
    return MappingProxyType(holidays_in(rules.holidays, rules.easter, year))


def _parse(code: str, raw: dict[str, Any], fallback: bool) -> ContactRules:
    where = f"contact rules for {code}"
    for figure in (raw.get("timezone"), raw.get("holidays"), *raw.get("channels", {}).values()):
        if not isinstance(figure, dict) or not figure.get("source") or not figure.get("effective_from"):
            raise ValueError(f"{where}: every figure needs a source and an effective_from date")
        date.fromisoformat(figure["effective_from"])
    zone = raw["timezone"]["value"]
    ZoneInfo(zone)  # an unknown zone fails here, at load, rather than at the first contact
    holidays = raw["holidays"]
    if holidays.get("easter") not in EASTER_METHODS:
        raise ValueError(f"{where}: easter must be one of {', '.join(EASTER_METHODS)}")
    channels = {
        Channel(name): _parse_channel(Channel(name), spec, where) for name, spec in raw["channels"].items()
    }
    return ContactRules(
        country=code,
        timezone=zone,
        easter=holidays["easter"],
        channels=MappingProxyType(channels),
        holidays=tuple(parse_rule(rule) for rule in holidays["rules"]),
        fallback=fallback,
    )


def _parse_channel(channel: Channel, spec: dict[str, Any], where: str) -> ChannelRules:
    windows = []
    for hours in spec["hours"]:
        start, end = _clock(hours["start"], where), _clock(hours["end"], where)
        if not start < end:
            raise ValueError(f"{where}: {channel} window must end after it starts")
        for day in hours["days"]:
            if day not in WEEKDAYS:
                raise ValueError(f"{where}: {channel}: unknown weekday {day!r}")
            windows.append(Window(WEEKDAYS.index(day), start, end))
    limits = {name: spec.get(name, 0) for name in ("min_gap_days", "min_days_overdue")}
    if any(not isinstance(value, int) or value < 0 for value in limits.values()):
        raise ValueError(f"{where}: {channel}: day counts must be whole non-negative numbers")
    return ChannelRules(channel, tuple(windows), unverified=bool(spec.get("unverified")), **limits)


def _clock(value: str, where: str) -> time:
    if not re.fullmatch(r"\d\d:\d\d", str(value)):
        raise ValueError(f"{where}: times must be HH:MM, not {value!r}")
    return time.fromisoformat(value)
