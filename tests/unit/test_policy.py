from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.errors import InvalidField
from app.domain.policy import AllocationOrder, Channel, CollectionPolicy


def test_defaults_follow_the_three_level_ladder_with_a_call():
    policy = CollectionPolicy()
    channels = [step.channel for step in policy.steps]
    # OCA's three levels, a call after the first reminder and a follow-up call after the letter.
    assert channels == [Channel.EMAIL, Channel.CALL, Channel.EMAIL, Channel.LETTER, Channel.CALL]
    assert [step.stage for step in policy.steps] == ["early", "early", "early", "late", "late"]
    assert policy.steps[0].days_past_due == 10
    assert policy.steps[1].days_after_previous in range(4, 11)  # a call 4 to 10 days after
    assert policy.steps[2].days_past_due == 30
    assert policy.steps[3].days_after_previous == 10
    assert policy.min_days_between_contacts == 2
    assert policy.allocation_order is AllocationOrder.COSTS_INTEREST_PRINCIPAL
    assert policy.single_payment_below == Decimal("200")


def test_round_trip_through_plain_data_keeps_every_value():
    policy = replace(
        CollectionPolicy(),
        min_days_between_contacts=3,
        min_instalment=Decimal("75.50"),
        allocation_order=AllocationOrder.PRINCIPAL_INTEREST_COSTS,
        charge_fixed_compensation=False,
    )
    data = policy.to_dict()
    assert data["min_instalment"] == "75.50"
    assert CollectionPolicy.from_dict(data) == policy


def test_stored_policy_missing_new_settings_takes_defaults():
    assert CollectionPolicy.from_dict({"min_days_between_contacts": 5}) == replace(
        CollectionPolicy(), min_days_between_contacts=5
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("min_days_between_contacts", 0), ("max_promise_days", 365), ("link_valid_days", 1)],
)
def test_out_of_bounds_settings_are_refused(name, value):
    with pytest.raises(InvalidField) as caught:
        replace(CollectionPolicy(), **{name: value}).validate()
    assert caught.value.field == name
