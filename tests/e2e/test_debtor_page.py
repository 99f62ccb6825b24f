"""A debtor opens their link on a phone: confirms, reads the balance, switches language, pays or
arranges. Every page passes axe-core's WCAG 2 A/AA rules; screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.domain.claim import ClaimType
from tests import factories

pytestmark = pytest.mark.e2e

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
A_PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


def accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def shot(page, name: str) -> None:
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def a_case(services, org, *, debtor, invoices):
    from app.claims.operations import hand_over

    now = services.clock.now()
    incoming = [
        factories.incoming(
            debtor_changes=debtor,
            invoice_number=number,
            principal=Decimal(amount),
            issue_date=(now - timedelta(days=days + 30)).date(),
            due_date=(now - timedelta(days=days)).date(),
            claim_type=ClaimType.B2C,
            description=description,
        )
        for number, amount, days, description in invoices
    ]
    result = hand_over(services, org, incoming, factories.handover(at=now - timedelta(days=1)))
    case_id = next(iter(result.plan.changes))
    link = services.links.issue(org.org_id, case_id, now=now, valid_days=60)
    return case_id, link.token


@pytest.fixture
def slovenian_case(services, organisation):
    return a_case(
        services,
        organisation,
        debtor={
            "kind": "person",
            "name": "Marija Kovač",
            "id_number": "",
            "email": "marija.kovac@example.si",
            "postcode": "2000",
            "city": "Maribor",
            "street": "Gosposka ulica 5",
            "language": "sl",
        },
        invoices=[
            ("2026-0412", "186.40", 45, "Zdravljenje zob, september"),
            ("2026-0451", "92.00", 20, "Kontrolni pregled"),
        ],
    )


def test_a_debtor_on_a_phone_confirms_reads_the_balance_and_promises_to_pay(
    portal, phone, slovenian_case, services, organisation
):
    case_id, token = slovenian_case
    phone.goto(f"{portal}/d/{token}")
    assert phone.locator("html").get_attribute("lang") == "sl"
    accessible(phone)
    shot(phone, "debtor-1-confirm-sl")

    # A wrong answer is explained; the right one opens the page.
    field = phone.get_by_label("Številka računa ali poštna številka")
    field.fill("1234")
    phone.get_by_role("button", name="Nadaljuj").click()
    assert phone.get_by_text("se ne ujema").is_visible()
    phone.get_by_label("Številka računa ali poštna številka").fill("2026-0412")
    phone.get_by_role("button", name="Nadaljuj").click()

    assert phone.get_by_role("heading", level=1).inner_text().startswith("Vaše stanje")
    assert phone.get_by_text("278,40 €").first.is_visible()  # the principal, Slovenian style
    assert phone.get_by_text("RF").first.is_visible()
    assert phone.locator("img.qr").count() == 2  # SEPA QR and UPN QR
    accessible(phone)
    shot(phone, "debtor-2-balance-sl")

    # English, then a promise to pay in ten days.
    phone.get_by_role("button", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Your balance")
    phone.get_by_text("Promise to pay by a date").click()
    due = services.clock.today() + timedelta(days=10)
    phone.get_by_label("I will pay the whole amount by").fill(due.isoformat())
    phone.get_by_role("button", name="Promise to pay").click()
    assert phone.get_by_text("Your promise is recorded").is_visible()
    assert phone.get_by_text("We will not send reminders until then").is_visible()
    accessible(phone)
    shot(phone, "debtor-3-promise-en")

    case = services.cases.get(organisation.org_id, case_id)
    assert case.phase.value == "promise_to_pay"


def test_a_debtor_asks_for_a_plan_and_disputes_in_greek(portal, phone, services, organisation):
    case_id, token = a_case(
        services,
        organisation,
        debtor={
            "kind": "person",
            "name": "Γιώργος Παπαδόπουλος",
            "id_number": "",
            "email": "g.papadopoulos@example.gr",
            "country": "GR",
            "postcode": "10434",
            "city": "Αθήνα",
            "street": "Πατησίων 12",
            "language": "el",
        },
        invoices=[("2026-0520", "640.00", 40, "Οδοντιατρική θεραπεία")],
    )
    phone.goto(f"{portal}/d/{token}")
    assert phone.locator("html").get_attribute("lang") == "el"
    phone.locator("input[name=answer]").fill("10434")
    phone.locator("form button[type=submit]").last.click()
    assert phone.get_by_text("640,00 €").first.is_visible()
    accessible(phone)
    shot(phone, "debtor-4-balance-el")

    # Four instalments of a 640 euro debt: within the default rules, agreed at once.
    phone.locator("#plan summary").click()
    phone.locator("select[name=instalments]").select_option("4")
    accessible(phone)
    phone.locator("#plan button[type=submit]").click()
    assert phone.locator("#plan-schedule li").count() == 4
    accessible(phone)
    shot(phone, "debtor-5-plan-el")
    assert services.cases.get(organisation.org_id, case_id).phase.value == "payment_plan"

    # A dispute with a wrong file type is refused in Greek; with a PDF it is recorded.
    phone.locator("#dispute summary").click()
    phone.locator("textarea[name=reason]").fill("Η θεραπεία δεν ολοκληρώθηκε.")
    phone.locator("input[name=attachment]").set_input_files(
        files=[{"name": "script.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00" * 64}]
    )
    phone.locator("#dispute button[type=submit]").click()
    assert phone.locator("#dispute .error").is_visible()
    assert phone.locator("#dispute[open]").count() == 1
    shot(phone, "debtor-6-dispute-refused-el")
    phone.locator("textarea[name=reason]").fill("Η θεραπεία δεν ολοκληρώθηκε.")
    phone.locator("input[name=attachment]").set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": A_PDF}]
    )
    phone.locator("#dispute button[type=submit]").click()
    assert services.cases.get(organisation.org_id, case_id).phase.value == "dispute"
    accessible(phone)
    shot(phone, "debtor-7-dispute-el")
