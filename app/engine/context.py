"""The facts a message states, gathered from the creditor, the case and the law."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from app.domain.balance import balance
from app.domain.case import Case
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
    owed = balance(org.country, policy, case.claims, today=today, fees=fees, currency=case.currency)
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
            for c in owed.claims
        ),
        principal=owed.principal,
        interest=owed.interest,
        interest_rate=owed.interest_rate,
        interest_basis="statutory_commercial" if owed.commercial else "statutory",
        compensation=owed.compensation,
        fees=owed.fees,
        paid=owed.paid,
        total=owed.total,
        pay_by=today + timedelta(days=policy.demand_deadline_days),
        link_url=link_url,
        link_expires=link_expires,
        first_contact=first_contact,
        step_name=step_name,
        sent_on=today,
        promise_date=promise_date,
    )
