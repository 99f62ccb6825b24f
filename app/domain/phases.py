"""Which phase a case may move to from which, and on what condition: one explicit table.

Every move is a ``Transition`` that records who or what made it and why; a move the table does not
allow raises ``ForbiddenTransition``, so a bug or a stale form can never put a case somewhere nobody
can explain. The engine (engine.py), creditors and operators all go through ``transition``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.case import Phase
from app.domain.errors import DomainError


class Closure(StrEnum):
    """Why a closed case closed."""

    PAID = "paid"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"
    WITHDRAWN = "withdrawn"


class ForbiddenTransition(DomainError):
    def __init__(self, current: Phase, target: Phase, why: str):
        self.current, self.target, self.why = current, target, why
        super().__init__(f"A case cannot move from {current.label} to {target.label}: {why}")


@dataclass(frozen=True)
class Facts:
    """What the guards look at; the caller gathers them (no guard reads a clock or a table)."""

    days_past_due: int = 0
    early_collection_days: int = 60
    late_steps_done: bool = False  # every late-collection step has been taken, its deadline passed
    approved_by_creditor: bool = False
    closure: Closure | None = None
    outstanding_cents: int = 0
    resume_phase: Phase | None = None  # the phase a side state paused


@dataclass(frozen=True)
class Transition:
    current: Phase
    target: Phase
    actor: str  # "engine", "creditor:<email>", "operator:<email>", "debtor"
    reason: str
    at: datetime
    details: dict = field(default_factory=dict)


Guard = Callable[[Facts], str | None]  # None when the move is allowed, else why not


def _is_due(f: Facts) -> str | None:
    return None if f.days_past_due > 0 else "no claim is past its due date yet"


def _past_early(f: Facts) -> str | None:
    if f.days_past_due > f.early_collection_days:
        return None
    return f"early collection lasts until {f.early_collection_days} days past due"


def _late_done(f: Facts) -> str | None:
    return None if f.late_steps_done else "the demand letter's deadline has not passed yet"


def _approved(f: Facts) -> str | None:
    return None if f.approved_by_creditor else "the creditor has not approved the escalation"


def _closure(f: Facts) -> str | None:
    if f.closure is None:
        return "say why the case closes (paid, settled, written off or withdrawn)"
    if f.closure is Closure.PAID and f.outstanding_cents > 0:
        return "the balance is not paid in full"
    return None


def _resumes(target: Phase) -> Guard:
    def guard(f: Facts) -> str | None:
        return None if f.resume_phase is target else f"the case was paused in {_label(f.resume_phase)}"

    return guard


def _label(phase: Phase | None) -> str:
    return phase.label if phase else "no phase"


def _always(_: Facts) -> str | None:
    return None


OPEN = (Phase.NOT_YET_DUE, Phase.EARLY, Phase.LATE, Phase.AWAITING_APPROVAL)
SIDE_STATES = (Phase.PROMISE, Phase.PLAN, Phase.DISPUTE, Phase.HARDSHIP)
PAUSED = frozenset(SIDE_STATES)

# (from, to) -> guard. Anything not listed is forbidden.
TABLE: dict[tuple[Phase, Phase], Guard] = {
    (Phase.NOT_YET_DUE, Phase.EARLY): _is_due,
    (Phase.NOT_YET_DUE, Phase.LATE): _past_early,  # handed over long after the due date
    (Phase.EARLY, Phase.LATE): _past_early,
    (Phase.LATE, Phase.AWAITING_APPROVAL): _late_done,
    (Phase.AWAITING_APPROVAL, Phase.LEGAL): _approved,
    (Phase.AWAITING_APPROVAL, Phase.LATE): _always,  # the creditor declines, collection goes on
    (Phase.LEGAL, Phase.CLOSED): _closure,
}
for _open in OPEN:
    TABLE[(_open, Phase.CLOSED)] = _closure
    for _side in SIDE_STATES:
        TABLE[(_open, _side)] = _always
for _side in SIDE_STATES:
    TABLE[(_side, Phase.CLOSED)] = _closure
    for _open in OPEN:
        TABLE[(_side, _open)] = _resumes(_open)
    for _other in SIDE_STATES:
        if _other is not _side:
            # e.g. a debtor in a dispute asks for a plan once it is resolved in part
            TABLE[(_side, _other)] = _always
del _open, _side, _other


def allowed_targets(current: Phase) -> list[Phase]:
    return [target for (origin, target) in TABLE if origin is current]


def transition(
    current: Phase, target: Phase, *, actor: str, reason: str, at: datetime, facts: Facts | None = None
) -> Transition:
    """The move, if the table allows it and its guard passes; raises ForbiddenTransition otherwise."""
    if not reason.strip():
        raise ForbiddenTransition(current, target, "every phase change needs a reason")
    guard = TABLE.get((current, target))
    if guard is None:
        raise ForbiddenTransition(current, target, "the phases do not connect")
    why_not = guard(facts or Facts())
    if why_not:
        raise ForbiddenTransition(current, target, why_not)
    details = {"closure": facts.closure.value} if facts and facts.closure else {}
    return Transition(current, target, actor, reason.strip(), at, details)
