"""What the creditor does to a case from its page, beyond notes and calls."""

from __future__ import annotations

from app.domain.timeline import EventKind
from app.services import Services


def revoke_links(services: Services, org_id: str, case_id: str, actor: str) -> bool:
    """Stop every personal link the debtor has been sent so far; False when there is no such case.

    The next reminder carries a new link that works (see app/adapters/dynamo/links.py).
    """
    now = services.clock.now()
    if not services.links.revoke(org_id, case_id, at=now):
        return False
    services.timeline.add(
        org_id,
        case_id,
        kind=EventKind.LINKS_REVOKED,
        summary="Debtor's personal links revoked",
        actor=actor,
        at=now,
    )
    return True


def decide_plan(services: Services, org, case, *, accept: bool, actor: str) -> bool:
    """The creditor accepts or declines a plan the debtor asked for outside the plan rules.

    Accepted, the plan starts as the debtor asked (instalments from a week from today, on the balance
    as it is now) and pauses reminders; declined, collection simply goes on. Either way the debtor
    is told by e-mail in their language, with a fresh personal link. False if no request is waiting.
    """
    from app.adapters.dynamo.debtor_view import read_case
    from app.debtor import mail
    from app.debtor.access import Access
    from app.debtor.page import case_balance
    from app.domain.plans import offer
    from app.engine import operations
    from app.i18n import speaking

    request = services.plan_requests.pending(org.org_id, case.case_id)
    if request is None or not services.plan_requests.close(org.org_id, case.case_id):
        return False
    now = services.clock.now()
    key = f"plan-decision-{request.requested_at.isoformat()}"
    found = read_case(org.org_id, case.case_id)
    if found is None:
        return False
    current, header = found
    owed = case_balance(org, current, header, now.date())
    proposal = offer(owed.total_cents, request.instalments, today=now.date(), policy=org.policy)
    if accept:
        operations.start_plan(
            services,
            org,
            case.case_id,
            instalments=proposal.instalments,
            by=f"creditor:{actor}",
            now=now,
            key=key,
        )
    else:
        services.timeline.add(
            org.org_id,
            case.case_id,
            kind=EventKind.DEBTOR_ACTION,
            summary=f"Plan of {request.instalments} instalments declined; collection goes on.",
            actor=actor,
            at=now,
            key=f"{key}:declined",
        )
    issued = services.links.issue(org.org_id, case.case_id, now=now, valid_days=org.policy.link_valid_days)
    target = services.links.resolve(issued.token, now=now)
    with speaking(current.debtor.language):
        from app.domain.payments.reference import format_rf, rf_reference

        mail.confirm(
            services,
            org,
            Access(issued.token, target, current),
            "plan" if accept else "plan_declined",
            key=key,
            plan=proposal,
            currency=owed.currency,
            reference=format_rf(rf_reference(case.case_id)),
        )
    return True
