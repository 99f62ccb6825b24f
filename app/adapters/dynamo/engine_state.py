"""The engine's state on the case header, and the ``due`` index entry that wakes the case up.

The engine writes a case header only with an UpdateItem of its own attributes (phase, schedule, due
time, the phase collections' keys) conditional on the header's version, so it never overwrites the
totals a hand-over is adding at the same moment, and a hand-over's conditional put never overwrites
what the engine decided: whoever comes second reads again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError

from app.adapters.dynamo import keys
from app.adapters.dynamo.due import SHARDS, iso, shard_for
from app.adapters.dynamo.models import CaseItem
from app.domain.case import Phase
from app.domain.claim import ClaimType
from app.domain.schedule import CaseFacts, PaymentPlan, PlanInstalment, PromiseToPay, Schedule

FIRST_VISIT_AFTER = timedelta(minutes=15)  # a new case is planned shortly after its hand-over
PLAN = "plan"  # next_key of a case the engine has not planned yet


def first_visit(header: CaseItem, at: datetime) -> None:
    """Put a new case in the due index so the engine plans it (and makes first contact) soon.

    Counted from the hand-over's moment or the real one, whichever is later: a long import keeps
    the headers of the cases it creates in memory for a while (cases.py, HeldHeaders) and writes
    them in batches within the same invocation, so the engine must not visit such a case before
    that invocation is surely over (a Lambda runs at most 300 s)."""
    visit = max(at, datetime.now(UTC)) + FIRST_VISIT_AFTER
    header.schedule = {"next_key": PLAN, "next_at": iso(visit)}
    header.due_shard = shard_for(f"{header.pk}|{header.sk}", SHARDS)
    header.due_at = iso(visit)


def read(org_id: str, case_id: str) -> CaseItem | None:
    try:
        return CaseItem.get(keys.org(org_id), keys.case_header(case_id), consistent_read=True)
    except DoesNotExist:
        return None


def facts(header: CaseItem) -> CaseFacts:
    debtor = header.debtor
    return CaseFacts(
        case_id=header.case_id,
        phase=Phase(header.phase),
        oldest_due=date.fromisoformat(header.oldest_due),
        opened_at=header.opened_at,
        outstanding_cents=int(header.outstanding_cents),
        claim_type=ClaimType(header.claim_type or "B2C"),
        country=debtor.country,
        has_email=bool(debtor.email),
        has_phone=bool(debtor.phone),
        has_address=bool(debtor.street and debtor.city),
    )


def schedule(header: CaseItem) -> Schedule:
    raw = header.schedule.as_dict() if hasattr(header.schedule, "as_dict") else dict(header.schedule or {})
    promise = raw.get("promise")
    return Schedule(
        step=int(raw.get("step", 0)),
        repeats=int(raw.get("repeats", 0)),
        done=int(raw.get("done", 0)),
        last_step_at=_moment(raw.get("last_step_at")),
        last_contact_at=_moment(raw.get("last_contact_at")),
        last_call_at=_moment(raw.get("last_call_at")),
        bad_channels=frozenset(raw.get("bad_channels") or ()),
        retry_step=None if raw.get("retry_step") is None else int(raw["retry_step"]),
        follow_up=raw.get("follow_up", ""),
        fees_cents=int(raw.get("fees_cents", 0)),
        paused_from=Phase(raw["paused_from"]) if raw.get("paused_from") else None,
        promise=PromiseToPay(
            due=date.fromisoformat(promise["due"]),
            by=promise["by"],
            made_at=_moment(promise["made_at"]),
            outstanding_cents=int(promise["outstanding_cents"]),
            amount_cents=None if promise.get("amount_cents") is None else int(promise["amount_cents"]),
        )
        if promise
        else None,
        plan=_plan(raw.get("plan")),
        broken_due=date.fromisoformat(raw["broken_due"]) if raw.get("broken_due") else None,
        next_at=_moment(raw.get("next_at")),
        next_key=raw.get("next_key", ""),
    )


def to_map(s: Schedule) -> dict:
    """Plain, legible data: an administrator reading the item in the console understands it."""
    data = {
        "step": s.step,
        "repeats": s.repeats,
        "done": s.done,
        "last_step_at": _text(s.last_step_at),
        "last_contact_at": _text(s.last_contact_at),
        "last_call_at": _text(s.last_call_at),
        "bad_channels": sorted(s.bad_channels),
        "retry_step": s.retry_step,
        "follow_up": s.follow_up,
        "fees_cents": s.fees_cents or None,
        "paused_from": s.paused_from.value if s.paused_from else None,
        "next_at": _text(s.next_at),
        "next_key": s.next_key,
    }
    if s.promise:
        data["promise"] = {
            "due": s.promise.due.isoformat(),
            "by": s.promise.by,
            "made_at": _text(s.promise.made_at),
            "outstanding_cents": s.promise.outstanding_cents,
            "amount_cents": s.promise.amount_cents,
        }
    if s.plan:
        data["plan"] = {
            "instalments": [
                {"due": i.due.isoformat(), "amount_cents": i.amount_cents} for i in s.plan.instalments
            ],
            "by": s.plan.by,
            "made_at": _text(s.plan.made_at),
            "outstanding_cents": s.plan.outstanding_cents,
            "checked": s.plan.checked,
        }
    if s.broken_due:
        data["broken_due"] = s.broken_due.isoformat()
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _plan(raw) -> PaymentPlan | None:
    if not raw:
        return None  # no plan, or a header written before plans existed
    return PaymentPlan(
        instalments=tuple(
            PlanInstalment(date.fromisoformat(i["due"]), int(i["amount_cents"]))
            for i in map(_plain, raw["instalments"])
        ),
        by=raw["by"],
        made_at=_moment(raw["made_at"]),
        outstanding_cents=int(raw["outstanding_cents"]),
        checked=int(raw.get("checked", 0)),
    )


def _plain(value) -> dict:
    # A raw MapAttribute's as_dict() leaves the maps inside a list as MapAttributes.
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


class Stale(Exception):
    """The header changed since it was read; read it again and decide afresh."""


def save(header: CaseItem, new: Schedule, phase: Phase, *, debtor: dict[str, str] | None = None) -> None:
    """Write the engine's decision if the header is still the version read; raises Stale if not.
    ``debtor``: contact details the debtor changed on their page, written in the same request."""
    version = int(header.version)
    collection = keys.phase_collection(header.org_id, phase.value)
    actions = [
        CaseItem.phase.set(phase.value),
        CaseItem.schedule.set(to_map(new)),
        CaseItem.gsi1pk.set(collection),
        CaseItem.gsi2pk.set(collection),
        CaseItem.version.set(version + 1),
    ]
    for name, value in (debtor or {}).items():
        actions.append(getattr(CaseItem.debtor, name).set(value))
    if new.next_at is not None:
        actions += [
            CaseItem.due_shard.set(shard_for(f"{header.pk}|{header.sk}", SHARDS)),
            CaseItem.due_at.set(iso(new.next_at)),
        ]
    else:
        actions += [CaseItem.due_shard.remove(), CaseItem.due_at.remove()]  # leaves the due index
    try:
        header.update(actions=actions, condition=CaseItem.version == version)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise Stale(header.case_id) from None
        raise


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _text(value: datetime | None) -> str | None:
    return iso(value) if value else None
