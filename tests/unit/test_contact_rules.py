"""Contact rules per country: holidays, contact hours, gaps and the next allowed moment."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import contact_rules
from app.domain.contact_rules import (
    ContactRules,
    is_public_holiday,
    may_contact,
    next_contact_time,
    public_holidays,
    rules_for,
)
from app.domain.holidays import parse_rule
from app.domain.policy import Channel

ATHENS = ZoneInfo("Europe/Athens")
LJUBLJANA = ZoneInfo("Europe/Ljubljana")
LONG_OVERDUE = date(2026, 1, 1)


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def dates(*isos: str) -> set[date]:
    return {date.fromisoformat(iso) for iso in isos}


# -- holidays ---------------------------------------------------------------------------------------

HOLIDAYS_2026 = {
    "SI": dates(
        *("2026-01-01", "2026-01-02", "2026-02-08", "2026-04-05", "2026-04-06", "2026-04-27"),
        *("2026-05-01", "2026-05-02", "2026-05-24", "2026-06-25", "2026-08-15", "2026-10-31"),
        *("2026-11-01", "2026-12-25", "2026-12-26"),
    ),
    "FI": dates(
        *("2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01"),
        *("2026-05-14", "2026-05-24", "2026-06-19", "2026-06-20", "2026-10-31", "2026-12-06"),
        *("2026-12-24", "2026-12-25", "2026-12-26"),
    ),
    "PL": dates(
        *("2026-01-01", "2026-01-06", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-03"),
        *("2026-05-24", "2026-06-04", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-24"),
        *("2026-12-25", "2026-12-26"),
    ),
    # Orthodox Easter 2026 is 12 April: Clean Monday 23 Feb, Good Friday 10 Apr, Whit Monday 1 Jun.
    "GR": dates(
        *("2026-01-01", "2026-01-06", "2026-02-23", "2026-03-25", "2026-04-10", "2026-04-12"),
        *("2026-04-13", "2026-05-01", "2026-06-01", "2026-08-15", "2026-10-28", "2026-12-25"),
        "2026-12-26",
    ),
}


@pytest.mark.parametrize("country", sorted(HOLIDAYS_2026))
def test_holidays_2026_match_the_official_list(country):
    assert set(public_holidays(country, 2026)) == HOLIDAYS_2026[country]


@pytest.mark.parametrize(
    ("country", "day", "name"),
    [
        ("GR", "2026-02-23", "Clean Monday"),
        ("GR", "2026-04-13", "Easter Monday"),
        ("SI", "2026-04-06", "Easter Monday"),
        ("PL", "2026-06-04", "Corpus Christi"),
        ("FI", "2026-06-19", "Midsummer Eve"),
        ("FI", "2026-10-31", "All Saints' Day"),
    ],
)
def test_movable_holidays_follow_the_right_easter(country, day, name):
    assert public_holidays(country, 2026)[date.fromisoformat(day)] == name


@pytest.mark.parametrize(
    ("country", "day", "expected"),
    [
        ("PL", date(2024, 12, 24), False),  # Christmas Eve became a day off only from 2025
        ("PL", date(2025, 12, 24), True),
        ("PL", date(2030, 12, 24), True),
        ("SI", date(2016, 1, 2), False),  # 2 January was a working day from 2013 to 2016
        ("SI", date(2017, 1, 2), True),
        ("GR", date(2024, 5, 7), True),  # 1 May 2024 fell in Holy Week and was moved
        ("GR", date(2025, 5, 7), False),
        ("FI", date(2025, 6, 20), True),  # Midsummer Eve, the Friday between 19 and 25 June
        ("FI", date(2025, 6, 21), True),
        ("FI", date(2027, 6, 25), True),
        ("FI", date(2027, 6, 18), False),
        ("FI", date(2025, 11, 1), True),  # All Saints' Day, the Saturday between 31 Oct and 6 Nov
        ("GR", date(2026, 4, 6), False),  # Western Easter Monday is an ordinary day in Greece
        ("SI", date(2026, 4, 13), False),
    ],
)
def test_dated_and_moving_holidays(country, day, expected):
    assert is_public_holiday(country, day) is expected


def test_a_malformed_holiday_rule_is_refused():
    with pytest.raises(ValueError, match="seven days"):
        parse_rule({"name": "x", "type": "weekday_between", "weekday": "sat", "between": ["06-20", "06-30"]})
    with pytest.raises(ValueError, match="MM-DD"):
        parse_rule({"name": "x", "type": "fixed", "day": "13-01"})


# -- data and look-up -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zone"),
    [("si", "Europe/Ljubljana"), ("FI", "Europe/Helsinki"), ("PL", "Europe/Warsaw"), ("GR", "Europe/Athens")],
)
def test_each_country_has_its_own_zone(country, zone):
    rules = rules_for(country)
    assert isinstance(rules, ContactRules)
    assert (rules.country, rules.timezone, rules.fallback) == (country.upper(), zone, False)
    assert set(rules.channels) == set(Channel)


def test_unknown_country_gets_the_default_and_el_means_greece():
    assert rules_for("DE").fallback is True
    assert rules_for("DE").country == "DE"
    assert rules_for("EL").country == "GR"


@pytest.mark.parametrize("country", ["", "GRC", "../si", "d1"])
def test_a_malformed_country_code_is_refused(country):
    with pytest.raises(ValueError, match="ISO 3166"):
        rules_for(country)


def test_every_figure_in_the_data_names_a_source_and_an_effective_date():
    for path in sorted(contact_rules.DATA_DIR.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        figures = [raw["timezone"], raw["holidays"], *raw["channels"].values()]
        for figure in figures:
            assert figure["source"], path.name
            date.fromisoformat(figure["effective_from"])
    assert {path.stem for path in contact_rules.DATA_DIR.glob("*.json")} == {
        "si",
        "fi",
        "pl",
        "gr",
        "default",
    }


def test_a_figure_without_a_source_is_refused_at_load():
    raw = json.loads((contact_rules.DATA_DIR / "si.json").read_text(encoding="utf-8"))
    del raw["channels"]["call"]["source"]
    with pytest.raises(ValueError, match="source"):
        contact_rules._parse("SI", raw, fallback=False)


# -- Greek calls ------------------------------------------------------------------------------------


def greek_call(at: datetime, **kwargs) -> str | None:
    kwargs.setdefault("due_date", LONG_OVERDUE)
    return may_contact("GR", Channel.CALL, at, **kwargs)


def test_greek_calls_are_allowed_on_a_weekday_morning():
    assert greek_call(local(ATHENS, 2026, 3, 2, 10, 0)) is None  # Monday


@pytest.mark.parametrize(
    "at",
    [
        local(ATHENS, 2026, 3, 7, 10, 0),  # Saturday
        local(ATHENS, 2026, 3, 8, 10, 0),  # Sunday
        local(ATHENS, 2026, 3, 2, 8, 59),
        local(ATHENS, 2026, 3, 2, 20, 0),
    ],
)
def test_greek_calls_outside_weekdays_nine_to_eight_are_refused(at):
    assert greek_call(at) == "outside contact hours"


def test_greek_call_window_edges():
    assert greek_call(local(ATHENS, 2026, 3, 2, 9, 0)) is None
    assert greek_call(local(ATHENS, 2026, 3, 2, 19, 59)) is None


def test_greek_calls_wait_ten_days_after_the_due_date():
    monday = local(ATHENS, 2026, 3, 2, 10, 0)
    assert greek_call(monday, due_date=date(2026, 2, 21)) == "not before 10 days overdue"
    assert greek_call(monday, due_date=date(2026, 2, 20)) is None
    # Written reminders have no such wait.
    assert may_contact("GR", Channel.EMAIL, monday, due_date=date(2026, 3, 1)) is None


def test_greek_calls_at_most_once_every_two_days_whatever_the_policy():
    monday = local(ATHENS, 2026, 3, 2, 10, 0)
    wednesday = local(ATHENS, 2026, 3, 4, 10, 0)
    refused = greek_call(wednesday - timedelta(minutes=1), last_same_channel=monday, min_gap_days=1)
    assert refused == "too soon after the last contact"
    assert greek_call(wednesday, last_same_channel=monday, min_gap_days=1) is None
    # The Greek limit is on calls: an e-mail the next day only has to respect the policy's gap.
    tuesday = local(ATHENS, 2026, 3, 3, 10, 0)
    assert (
        may_contact("GR", Channel.EMAIL, tuesday, due_date=LONG_OVERDUE, last_contact=monday, min_gap_days=1)
        is None
    )


def test_greek_calls_never_on_a_public_holiday():
    assert greek_call(local(ATHENS, 2026, 2, 23, 10, 0)) == "public holiday"  # Clean Monday


# -- gaps between contacts --------------------------------------------------------------------------


def test_the_policy_gap_applies_to_any_channel_and_the_larger_gap_wins():
    last = local(LJUBLJANA, 2026, 3, 2, 9, 0)  # Monday
    thursday = local(LJUBLJANA, 2026, 3, 5, 8, 30)
    email = Channel.EMAIL
    assert may_contact("SI", email, thursday, due_date=LONG_OVERDUE, last_contact=last) is None
    assert (
        may_contact("SI", email, thursday, due_date=LONG_OVERDUE, last_contact=last, min_gap_days=4)
        == "too soon after the last contact"
    )
    assert (
        may_contact("SI", email, thursday, due_date=LONG_OVERDUE, last_same_channel=last, min_gap_days=4)
        == "too soon after the last contact"
    )


def test_a_negative_gap_and_naive_datetimes_are_refused():
    monday = local(LJUBLJANA, 2026, 3, 2, 9, 0)
    with pytest.raises(ValueError, match="negative"):
        may_contact("SI", Channel.EMAIL, monday, due_date=LONG_OVERDUE, min_gap_days=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        may_contact("SI", Channel.EMAIL, datetime(2026, 3, 2, 9), due_date=LONG_OVERDUE)


# -- next contact time ------------------------------------------------------------------------------


def test_next_contact_skips_a_weekend_and_a_holiday():
    friday_evening = local(LJUBLJANA, 2026, 4, 24, 17, 30)  # Monday 27 April is a holiday in Slovenia
    found = next_contact_time("SI", Channel.EMAIL, friday_evening, due_date=LONG_OVERDUE)
    assert found == local(LJUBLJANA, 2026, 4, 28, 8, 0)
    assert found.tzinfo is UTC


def test_next_greek_call_after_orthodox_easter():
    thursday_night = local(ATHENS, 2026, 4, 9, 20, 0)  # Good Friday, weekend and Easter Monday follow
    found = next_contact_time("GR", Channel.CALL, thursday_night, due_date=LONG_OVERDUE)
    assert found == local(ATHENS, 2026, 4, 14, 9, 0)
    assert found == datetime(2026, 4, 14, 6, 0, tzinfo=UTC)


def test_next_contact_inside_a_window_is_the_earliest_itself():
    earliest = local(ATHENS, 2026, 3, 2, 11, 17)
    assert next_contact_time("GR", Channel.CALL, earliest, due_date=LONG_OVERDUE) == earliest


def test_next_contact_waits_for_the_gap_and_for_days_overdue():
    monday = local(ATHENS, 2026, 3, 2, 10, 0)
    after_gap = next_contact_time("GR", Channel.CALL, monday, due_date=LONG_OVERDUE, last_same_channel=monday)
    assert after_gap == local(ATHENS, 2026, 3, 4, 10, 0)
    overdue = next_contact_time("GR", Channel.CALL, monday, due_date=date(2026, 3, 1))
    assert overdue == local(ATHENS, 2026, 3, 11, 9, 0)


def test_next_contact_accepts_any_aware_datetime_and_answers_in_utc():
    earliest = datetime(2026, 3, 2, 10, 0, tzinfo=ATHENS)
    found = next_contact_time("GR", Channel.EMAIL, earliest, due_date=LONG_OVERDUE)
    assert found == earliest
    assert found.tzinfo is UTC


# -- daylight saving time ---------------------------------------------------------------------------


def test_a_local_window_moves_in_utc_with_daylight_saving_time():
    winter = next_contact_time(
        "SI", Channel.EMAIL, datetime(2026, 1, 13, 0, 0, tzinfo=UTC), due_date=LONG_OVERDUE
    )
    summer = next_contact_time(
        "SI", Channel.EMAIL, datetime(2026, 7, 14, 0, 0, tzinfo=UTC), due_date=LONG_OVERDUE
    )
    assert winter == datetime(2026, 1, 13, 7, 0, tzinfo=UTC)  # 08:00 CET
    assert summer == datetime(2026, 7, 14, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_the_clock_change_weekend():
    # Slovenia moves to summer time on Sunday 29 March 2026.
    friday = datetime(2026, 3, 27, 6, 30, tzinfo=UTC)  # 07:30 CET
    monday = datetime(2026, 3, 30, 6, 30, tzinfo=UTC)  # 08:30 CEST
    assert may_contact("SI", Channel.EMAIL, friday, due_date=LONG_OVERDUE) == "outside contact hours"
    assert may_contact("SI", Channel.EMAIL, monday, due_date=LONG_OVERDUE) is None
    found = next_contact_time(
        "SI", Channel.EMAIL, datetime(2026, 3, 27, 17, 0, tzinfo=UTC), due_date=LONG_OVERDUE
    )
    assert found == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)
    assert found.astimezone(LJUBLJANA).time() == time(8, 0)


def test_gap_days_are_counted_on_the_local_clock_across_the_change():
    saturday = local(LJUBLJANA, 2026, 3, 28, 10, 0)  # CET; the Monday after is CEST, only 47 h later
    monday = local(LJUBLJANA, 2026, 3, 30, 10, 0)
    assert monday - saturday == timedelta(hours=47)
    kwargs = {"due_date": LONG_OVERDUE, "last_contact": saturday}
    assert may_contact("SI", Channel.EMAIL, monday, **kwargs) is None
    assert (
        may_contact("SI", Channel.EMAIL, monday - timedelta(seconds=1), **kwargs)
        == "too soon after the last contact"
    )


# -- the two functions agree ------------------------------------------------------------------------

COUNTRIES = ["SI", "FI", "PL", "GR", "DE"]


@settings(max_examples=300, deadline=None, database=None)
@given(
    country=st.sampled_from(COUNTRIES),
    channel=st.sampled_from(list(Channel)),
    earliest=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    ),
    due_offset=st.integers(min_value=-60, max_value=5),
    last_contact_ago=st.none() | st.integers(min_value=0, max_value=5 * 24 * 60),
    last_same_ago=st.none() | st.integers(min_value=0, max_value=5 * 24 * 60),
    min_gap_days=st.integers(min_value=0, max_value=5),
)
def test_next_contact_time_is_the_first_allowed_moment(
    country, channel, earliest, due_offset, last_contact_ago, last_same_ago, min_gap_days
):
    kwargs = {
        "due_date": earliest.date() + timedelta(days=due_offset),
        "last_contact": None if last_contact_ago is None else earliest - timedelta(minutes=last_contact_ago),
        "last_same_channel": None if last_same_ago is None else earliest - timedelta(minutes=last_same_ago),
        "min_gap_days": min_gap_days,
    }
    found = next_contact_time(country, channel, earliest, **kwargs)

    assert found >= earliest
    assert found.tzinfo is UTC
    assert may_contact(country, channel, found, **kwargs) is None
    if found > earliest:
        assert may_contact(country, channel, found - timedelta(microseconds=1), **kwargs) is not None
    hour = earliest.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while hour < found:
        assert may_contact(country, channel, hour, **kwargs) is not None, hour
        hour += timedelta(hours=1)
