from decimal import Decimal

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int | float) -> Decimal:
    return (Decimal(int(cents)) * CENT).quantize(CENT)
