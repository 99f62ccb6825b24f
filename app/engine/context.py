"""The facts a message states, gathered from the creditor, the case and the law."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain.case import Case
from app.domain.claim import ClaimType
from app.domain.interest import fixed_compensation, statutory_interest
from app.domain.organisation import Organisation
from app.messages.context import InvoiceLine, MessageContext


def message_context(
    org: Organisation,
    case: Case,
    *,
    now: datetime,
    link_url: str,
    link_expires: date,
    first_contact: bool,
    step_name: str,
    promise_date: date | None = None,
    fees: Decimal = Decimal("0"),
) -> MessageContext:
    today = now.date()
    policy = org.policy
    open_claims = [c for c in case.claims if c.outstanding > 0]
    interest, compensation, rate = Decimal("0"), Decimal("0"), Decimal("0")
    for claim in open_claims:
        # The creditor's law governs the claim: its country decides the rate and the compensation.
        if policy.charge_statutory_interest:
            calc = statutory_interest(
                claim.outstanding,
                claim.due_date,
                today,
                country=org.country,
                claim_type=claim.claim_type,
                currency=claim.currency,
            )
            interest += calc.total
            if calc.periods:
                rate = max(rate, calc.periods[-1].rate)
        if policy.charge_fixed_compensation and claim.claim_type is ClaimType.B2B:
            compensation += fixed_compensation(
                claim.outstanding,
                claim.due_date,
                country=org.country,
                claim_type=claim.claim_type,
                currency=claim.currency,
            ).amount
    principal = sum((c.principal for c in open_claims), Decimal("0"))
    paid = sum((c.paid for c in open_claims), Decimal("0"))
    b2b = any(c.claim_type is ClaimType.B2B for c in open_claims)
    debtor = case.debtor
    return MessageContext(
        creditor_name=org.legal_name,
        creditor_address=", ".join(
            x for x in (org.address.street, f"{org.address.postcode} {org.address.city}".strip()) if x
        ),
        creditor_email=org.sender_email,
        creditor_company_number=org.company_number,
        creditor_iban=org.iban,
        creditor_bic=org.bic,
        debtor_name=debtor.name,
        debtor_address=tuple(
            x for x in (debtor.street, f"{debtor.postcode} {debtor.city}".strip()) if x and x.strip()
        ),
        debtor_is_company=debtor.kind.value == "company",
        case_id=case.case_id,
        currency=case.currency,
        invoices=tuple(
            InvoiceLine(c.invoice_number, c.issue_date, c.due_date, c.outstanding, c.description)
            for c in sorted(open_claims, key=lambda c: c.due_date)
        ),
        principal=principal,
        interest=interest,
        interest_rate=rate,
        interest_basis="statutory_commercial" if b2b else "statutory",
        compensation=compensation,
        fees=fees,
        paid=paid,
        total=principal - paid + interest + compensation + fees,
        pay_by=today + timedelta(days=policy.demand_deadline_days),
        link_url=link_url,
        link_expires=link_expires,
        first_contact=first_contact,
        step_name=step_name,
        sent_on=today,
        promise_date=promise_date,
    )
