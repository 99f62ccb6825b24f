"""What the debtor's page shows: gathered here so the view stays a list of routes.

One page load reads the link, the case header, the claims with the evidence (one Query) and the
creditor: four DynamoDB requests whatever the case's history (tests/integration/test_debtor_page.py
counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.adapters.dynamo import engine_state
from app.debtor import qr
from app.debtor.forms import ContactForm, DisputeForm, HardshipForm, LanguageForm, PlanForm, PromiseForm
from app.domain.balance import Balance, balance
from app.domain.case import Phase
from app.domain.payments.instructions import Payee, PaymentInstructions, instructions
from app.domain.payments.slovenia import Party
from app.domain.plans import MAX_INSTALMENTS, offer


@dataclass(frozen=True)
class WaysToPay:
    pay: PaymentInstructions
    epc_qr: str = ""
    upn_qr: str = ""
    pl_qr: str = ""


def case_balance(org, case, header, today: date) -> Balance:
    schedule = engine_state.schedule(header)
    return balance(
        org.country,
        org.policy,
        case.claims,
        today=today,
        fees=Decimal(schedule.fees_cents) / 100,
        currency=case.currency,
    )


def ways_to_pay(org, case, amount: Decimal, *, due: date | None = None) -> WaysToPay:
    debtor = case.debtor
    pay = instructions(
        Payee(
            name=org.legal_name,
            iban=org.iban,
            bic=org.bic,
            street=org.address.street,
            city=f"{org.address.postcode} {org.address.city}".strip(),
            nip=org.vat_number.removeprefix("PL") if org.country == "PL" else "",
        ),
        case_id=case.case_id,
        amount=amount,
        currency=case.currency,
        debtor_country=debtor.country,
        payer=Party(debtor.name, debtor.street, f"{debtor.postcode} {debtor.city}".strip()),
        due=due,
    )
    return WaysToPay(
        pay=pay,
        epc_qr=qr.epc_svg(pay.epc) if pay.epc else "",
        upn_qr=qr.upn_svg(pay.upn) if pay.upn else "",
        pl_qr=qr.text_svg(pay.pl_code) if pay.pl_code else "",
    )


def plan_options(total_cents: int, policy, today: date) -> list:
    """Each number of instalments the form offers, with what it would mean (accepted at once or not)."""
    return [offer(total_cents, count, today=today, policy=policy) for count in range(2, MAX_INSTALMENTS + 1)]


def page_context(services, opened, header, *, forms: dict, open_section: str = "") -> dict:
    now = services.clock.now()
    today = now.date()
    case = opened.case
    org = services.organisations.get(case.org_id)
    owed = case_balance(org, case, header, today)
    schedule = engine_state.schedule(header)
    plan = schedule.plan
    phase = case.phase
    instalments = []
    if phase is Phase.PLAN and plan is not None:
        for item in plan.instalments:
            amount = Decimal(item.amount_cents) / 100
            instalments.append((item.due, amount, ways_to_pay(org, case, amount, due=item.due)))
    policy = org.policy
    dispute_form = forms.get("dispute_form") or DisputeForm()
    from app.debtor.actions import dispute_scopes

    dispute_form.scope.choices = dispute_scopes(case)
    contact_form = forms.get("contact_form") or ContactForm(
        data={
            "email": case.debtor.email,
            "phone": case.debtor.phone,
            "street": case.debtor.street,
            "postcode": case.debtor.postcode,
            "city": case.debtor.city,
        }
    )
    return {
        "token": opened.token,
        "org": org,
        "case": case,
        "debtor": case.debtor,
        "balance": owed,
        "today": today,
        "phase": phase,
        "promise": schedule.promise if phase is Phase.PROMISE else None,
        "instalments": instalments,
        "ways": ways_to_pay(org, case, owed.total, due=today + timedelta(days=policy.demand_deadline_days))
        if owed.total > 0
        else None,
        "plan_options": plan_options(owed.total_cents, policy, today) if owed.total > 0 else [],
        "promise_latest": today + timedelta(days=policy.max_promise_days),
        "shared_documents": [d for d in case.documents if d.shared],
        "open_claims": sorted((c for c in case.claims if c.outstanding > 0), key=lambda c: c.due_date),
        "paused": phase in (Phase.DISPUTE, Phase.HARDSHIP),
        "closed": phase is Phase.CLOSED,
        "open_section": open_section,
        "language_form": LanguageForm(),
        "promise_form": forms.get("promise_form") or PromiseForm(),
        "plan_form": forms.get("plan_form") or PlanForm(),
        "dispute_form": dispute_form,
        "hardship_form": forms.get("hardship_form") or HardshipForm(),
        "contact_form": contact_form,
    }
