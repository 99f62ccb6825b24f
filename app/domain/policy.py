"""A creditor's collection policy and its defaults.

The defaults follow the anchors in DOMAIN.md: OCA credit-control's three levels (an e-mail 10 days
after the due date, another at 30 days, a letter 10 days after that with a plan offered), a call task
4 to 10 days after a written reminder, a two-day minimum gap between contacts, and the debtor-plan
rules (one payment below EUR 200; up to 4 instalments of at least EUR 100 up to EUR 1,000; at least
10 % an instalment above). engine.py walks these steps for every case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import InvalidField


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    CALL = "call"


@dataclass(frozen=True)
class PolicyStep:
    """One step of the reminder ladder."""

    name: str
    channel: Channel
    days_past_due: int | None = None  # counted from the due date ...
    days_after_previous: int | None = None  # ... or from the previous step
    template: str = "reminder"
    fee: Decimal = Decimal("0")
    stage: str = "early"  # "early" or "late": late steps wait until early collection is over


DEFAULT_STEPS: tuple[PolicyStep, ...] = (
    PolicyStep("First reminder", Channel.EMAIL, days_past_due=10, template="reminder_friendly"),
    PolicyStep("Call", Channel.CALL, days_after_previous=5, template="call_script"),
    PolicyStep("Second reminder", Channel.EMAIL, days_past_due=30, template="reminder_firm"),
    PolicyStep(
        "Demand letter", Channel.LETTER, days_after_previous=10, template="demand_letter", stage="late"
    ),
    PolicyStep("Follow-up call", Channel.CALL, days_after_previous=7, template="call_script", stage="late"),
)
STAGES = ("early", "late")


class AllocationOrder(StrEnum):
    """Which part of the debt a payment settles first."""

    COSTS_INTEREST_PRINCIPAL = "costs_interest_principal"  # the common civil-code rule
    PRINCIPAL_INTEREST_COSTS = "principal_interest_costs"


@dataclass(frozen=True)
class CollectionPolicy:
    min_days_between_contacts: int = 2
    first_contact_within_hours: int = 24
    early_collection_days: int = 60  # 0-60 days past due is early collection
    charge_statutory_interest: bool = True
    charge_fixed_compensation: bool = True  # EUR 40 (B2B) under Directive 2011/7/EU
    single_payment_below: Decimal = Decimal("200")
    max_instalments_small: int = 4
    min_instalment: Decimal = Decimal("100")
    small_plan_limit: Decimal = Decimal("1000")
    min_instalment_share_percent: int = 10
    max_promise_days: int = 30
    promise_grace_days: int = 3
    link_valid_days: int = 60
    allocation_order: AllocationOrder = AllocationOrder.COSTS_INTEREST_PRINCIPAL
    retention_days_after_close: int = 5 * 365
    escalation_requires_approval: bool = True
    repeat_every_days: int = 14  # the last early reminder repeats while it has no effect
    demand_deadline_days: int = 14  # after the last late step, then the case awaits approval
    call_min_amount: Decimal = Decimal("50")  # below this a call costs more than it brings
    at_risk_days: int = 90  # from here on the tone is firm whatever the step
    steps: tuple[PolicyStep, ...] = field(default=DEFAULT_STEPS)

    # Bounds a creditor may choose from; outside them the policy would break the conduct rules
    # (contacting too often) or make no sense.
    BOUNDS = {
        "min_days_between_contacts": (1, 30),
        "first_contact_within_hours": (1, 72),
        "early_collection_days": (14, 120),
        "max_instalments_small": (1, 24),
        "min_instalment_share_percent": (1, 100),
        "max_promise_days": (1, 90),
        "promise_grace_days": (0, 14),
        "link_valid_days": (7, 365),
        "retention_days_after_close": (30, 10 * 365),
        "repeat_every_days": (3, 60),
        "demand_deadline_days": (7, 60),
        "at_risk_days": (30, 365),
    }

    def validate(self) -> CollectionPolicy:
        for name, (low, high) in self.BOUNDS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise InvalidField(name, f"Must be between {low} and {high}.")
        for step in self.steps:
            if step.stage not in STAGES:
                raise InvalidField("steps", f"Step {step.name!r}: the stage is early or late.")
            if (step.days_past_due is None) == (step.days_after_previous is None):
                raise InvalidField(
                    "steps", f"Step {step.name!r}: give days past due or days after the previous step."
                )
        for name in ("single_payment_below", "min_instalment", "small_plan_limit", "call_min_amount"):
            if getattr(self, name) < 0:
                raise InvalidField(name, "Must not be negative.")
        return self

    def to_dict(self) -> dict:
        """Plain data for storage: Decimals as strings, steps as a list of dicts."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = str(value)
        data["allocation_order"] = self.allocation_order.value
        data["steps"] = [
            {**asdict(step), "channel": step.channel.value, "fee": str(step.fee)} for step in self.steps
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> CollectionPolicy:
        """Rebuild from stored data; unknown keys are ignored and missing ones take the default."""
        data = dict(data or {})
        values: dict = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            default = getattr(cls, f.name, None)
            if f.name == "steps":
                values["steps"] = tuple(
                    PolicyStep(
                        name=s["name"],
                        channel=Channel(s["channel"]),
                        days_past_due=_opt_int(s.get("days_past_due")),
                        days_after_previous=_opt_int(s.get("days_after_previous")),
                        template=s.get("template", "reminder"),
                        fee=Decimal(str(s.get("fee", "0"))),
                        # Policies stored before stages existed: the demand letter was the late step.
                        stage=s.get("stage") or ("late" if s.get("template") == "demand_letter" else "early"),
                    )
                    for s in raw
                )
            elif f.name == "allocation_order":
                values[f.name] = AllocationOrder(raw)
            elif isinstance(default, bool):
                values[f.name] = bool(raw)
            elif isinstance(default, Decimal):
                values[f.name] = Decimal(str(raw))
            elif isinstance(default, int):
                values[f.name] = int(raw)
        return cls(**values)


def _opt_int(value) -> int | None:
    return None if value is None else int(value)
