"""What the engine remembers about a case between two actions, and the facts it plans from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.policy import Channel, PolicyStep


@dataclass(frozen=True)
class PromiseToPay:
    """A debtor's promise to pay by a date; it pauses the schedule until then plus a grace period."""

    due: date
    by: str  # "debtor", "operator:<email>", "creditor:<email>"
    made_at: datetime
    outstanding_cents: int  # the balance when it was made: a payment since then keeps it
    amount_cents: int | None = None  # None: the whole balance

    def kept(self, outstanding_cents: int) -> bool:
        paid = self.outstanding_cents - outstanding_cents
        wanted = self.outstanding_cents if self.amount_cents is None else self.amount_cents
        return outstanding_cents <= 0 or paid >= wanted


@dataclass(frozen=True)
class PlanInstalment:
    due: date
    amount_cents: int


@dataclass(frozen=True)
class PaymentPlan:
    """Instalments the debtor agreed to pay; it pauses the schedule, and each instalment is checked
    once its date and the grace period have passed."""

    instalments: tuple[PlanInstalment, ...]
    by: str  # "debtor", "operator:<email>", "creditor:<email>"
    made_at: datetime
    outstanding_cents: int  # the balance when it was agreed: what is paid since counts
    checked: int = 0  # instalments found paid so far; the next check is of this one

    @property
    def current(self) -> PlanInstalment | None:
        """The first instalment not yet checked, or None once every one has been."""
        return self.instalments[self.checked] if self.checked < len(self.instalments) else None

    @property
    def total_cents(self) -> int:
        return sum(i.amount_cents for i in self.instalments)

    def kept(self, outstanding_cents: int) -> bool:
        """Whether the balance has dropped by every instalment up to and including the current one."""
        wanted = sum(i.amount_cents for i in self.instalments[: self.checked + 1])
        return outstanding_cents <= 0 or self.outstanding_cents - outstanding_cents >= wanted


@dataclass(frozen=True)
class Schedule:
    """The engine's state of one case, stored on the case header."""

    step: int = 0  # the next step of the policy's ladder
    repeats: int = 0  # how often the last early reminder has been repeated
    done: int = 0  # actions performed so far; part of every send's idempotency key
    last_step_at: datetime | None = None
    last_contact_at: datetime | None = None
    last_call_at: datetime | None = None
    bad_channels: frozenset[str] = frozenset()  # e.g. {"email"} after a hard bounce
    retry_step: int | None = None  # a step whose message bounced: taken again on another channel
    follow_up: str = ""  # a one-off message before the ladder goes on, e.g. "promise_broken"
    fees_cents: int = 0  # reminder fees charged by the steps taken, each within its legal cap
    paused_from: Phase | None = None  # the phase a side state interrupted
    promise: PromiseToPay | None = None
    plan: PaymentPlan | None = None
    broken_due: date | None = None  # the promised or instalment date a "promise_broken" follow-up names
    next_at: datetime | None = None
    next_key: str = ""

    def waiting(self, at: datetime | None, key: str) -> Schedule:
        return replace(self, next_at=at, next_key=key if at else "")


@dataclass(frozen=True)
class CaseFacts:
    """The case as the engine sees it: no claims, no timeline, only what planning needs."""

    case_id: str
    phase: Phase
    oldest_due: date
    opened_at: datetime
    outstanding_cents: int
    claim_type: ClaimType
    country: str
    has_email: bool
    has_phone: bool
    has_address: bool

    def days_past_due(self, today: date) -> int:
        return max(0, (today - self.oldest_due).days)


class ActionKind(StrEnum):
    SEND = "send"  # a message, a letter or a call task
    TRANSITION = "transition"  # the case moves on by itself (e.g. to late collection)
    PROMISE_CHECK = "promise_check"  # was the promise kept?
    PLAN_CHECK = "plan_check"  # was the plan's instalment paid?


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    key: str  # stable within the case's current state, e.g. "step-0", "repeat-2", "phase-late"
    at: datetime  # due from this moment
    step: PolicyStep | None = None  # for SEND: channel and template already adapted to the case
    step_index: int | None = None
    target: Phase | None = None  # for TRANSITION
    reason: str = ""

    @property
    def channel(self) -> Channel | None:
        return self.step.channel if self.step else None
