"""Property tests: any amount written in any accepted style reads back as the same value."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.intake.values import ValueProblem, parse_amount

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2)


def grouped(whole: str, separator: str) -> str:
    groups = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    return separator.join([whole, *groups])


def write(amount: Decimal, style: str) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    styles = {
        "point": f"{whole}.{cents}",
        "comma": f"{whole},{cents}",
        "dot groups, decimal comma": f"{grouped(whole, '.')},{cents}",
        "comma groups, decimal point": f"{grouped(whole, ',')}.{cents}",
        "space groups": f"{grouped(whole, ' ')},{cents}",
        "no-break space groups": f"{grouped(whole, chr(0xA0))},{cents}",
        "narrow no-break space groups": f"{grouped(whole, chr(0x202F))},{cents}",
        "thin space groups": f"{grouped(whole, chr(0x2009))},{cents}",
        "apostrophe groups": f"{grouped(whole, chr(39))}.{cents}",
        "euro suffix": f"{grouped(whole, '.')},{cents} €",
        "EUR prefix": f"EUR {grouped(whole, ',')}.{cents}",
        "zloty suffix": f"{grouped(whole, chr(0xA0))},{cents} zł",
        "PLN suffix": f"{whole},{cents} PLN",
        "one decimal": f"{whole},{cents[0]}" if cents[1] == "0" else f"{whole},{cents}",
    }
    return styles[style]


STYLES = [
    "point",
    "comma",
    "dot groups, decimal comma",
    "comma groups, decimal point",
    "space groups",
    "no-break space groups",
    "narrow no-break space groups",
    "thin space groups",
    "apostrophe groups",
    "euro suffix",
    "EUR prefix",
    "zloty suffix",
    "PLN suffix",
    "one decimal",
]


@pytest.mark.parametrize("style", STYLES)
@given(amount=amounts)
def test_every_style_reads_back_the_same_value(style, amount):
    assert parse_amount(write(amount, style)) == amount


@given(amount=st.integers(min_value=1, max_value=999))
def test_whole_amounts_without_separators(amount):
    assert parse_amount(str(amount)) == amount


@given(amount=amounts)
def test_excel_number_cells_read_back_the_same_value(amount):
    assert parse_amount(float(amount)) == amount
    assert parse_amount(amount) == amount


@given(
    whole=st.integers(min_value=1, max_value=999999), three=st.integers(0, 999), mark=st.sampled_from(",.")
)
def test_one_separator_before_exactly_three_digits_is_always_refused(whole, three, mark):
    with pytest.raises(ValueProblem, match="ambiguous"):
        parse_amount(f"{whole}{mark}{three:03d}")


@given(amount=amounts, minus=st.sampled_from(["-{}", "({})", "{}-", "\u2212{}"]))
def test_negative_amounts_are_always_refused(amount, minus):
    with pytest.raises(ValueProblem, match="positive"):
        parse_amount(minus.format(write(amount, "comma")))
