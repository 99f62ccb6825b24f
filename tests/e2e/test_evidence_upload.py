"""A creditor adds evidence to a case with a real browser: the plain form posts the file straight to
(moto's) S3, which sends the browser back to the portal to check it."""

import re
import zipfile

import pytest

from app.claims.operations import hand_over
from tests import factories
from tests.conftest import PASSWORD
from tests.unit.test_evidence_types import PDF, WINDOWS_PROGRAM

pytestmark = pytest.mark.e2e


def sign_in(page, portal, email):
    page.goto(portal + "/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(portal + "/")


@pytest.fixture
def case_id(organisation, services):
    incoming = [factories.incoming(invoice_number=n) for n in ("2026-0042", "2026-0043")]
    result = hand_over(services, organisation, incoming, factories.handover())
    return result.applied.case_ids[0]


def test_creditor_uploads_a_pdf_to_a_case_and_a_renamed_program_is_refused(
    portal, page, screenshot, create_user, org_id, case_id, tmp_path
):
    email = create_user(org_id=org_id)
    sign_in(page, portal, email)

    case_url = f"{portal}/cases/{case_id}"
    page.goto(case_url)
    assert page.get_by_text("No evidence yet.").is_visible()
    page.get_by_role("link", name="Add evidence").click()
    page.get_by_label("What is it?").select_option("invoice")
    page.get_by_label("Which claim is it for?").select_option("2026-0042")
    screenshot("evidence-new")
    page.get_by_role("button", name="Next: choose the file").click()

    invoice = tmp_path / "Račun 2026-0042.pdf"
    invoice.write_bytes(PDF + b"%" + b"x" * 40_000)
    page.get_by_label("File").set_input_files(invoice)
    screenshot("evidence-choose-file")
    page.get_by_role("button", name="Upload").click()  # to S3, then back to the portal

    page.wait_for_url(re.compile(re.escape(case_url) + "#evidence$"))
    assert page.get_by_role("status").inner_text() == "Račun 2026-0042.pdf (39 KB) is added to the evidence."
    row = page.locator("#evidence tbody tr")
    assert row.count() == 1
    added = rf"{re.escape(email)}\s+\d+ \w+ 20\d\d, [\d:]+"
    assert re.fullmatch(
        rf"Invoice\s+Račun 2026-0042\.pdf PDF\s+2026-0042\s+39 KB\s+{added}\s+Not shared\s+Share with debtor",
        row.inner_text().strip(),
    ), row.inner_text()
    assert page.get_by_text("Evidence added: invoice Račun 2026-0042.pdf (39 KB)").is_visible()
    screenshot("evidence-listed")

    page.get_by_role("link", name="Add evidence").click()
    page.get_by_role("button", name="Next: choose the file").click()
    program = tmp_path / "report.pdf"
    program.write_bytes(WINDOWS_PROGRAM)
    page.get_by_label("File").set_input_files(program)
    page.get_by_role("button", name="Upload").click()
    assert (
        page.get_by_role("alert").inner_text()
        == "report.pdf is a Windows program, not a PDF; it was not kept."
    )
    screenshot("evidence-refused")
    page.get_by_role("link", name="Back to the case").click()
    assert page.locator("#evidence tbody tr").count() == 1


def test_creditor_attaches_a_zip_named_by_invoice_number(
    portal, page, screenshot, create_user, org_id, case_id, tmp_path
):
    sign_in(page, portal, create_user(org_id=org_id))
    archive = tmp_path / "evidence.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2026-0042.pdf", PDF)
        z.writestr("2026-0043 delivery.pdf", PDF)
        z.writestr("2026-0099.pdf", PDF)
        z.writestr("2026-0043 contract.pdf", WINDOWS_PROGRAM)

    page.goto(f"{portal}/cases/{case_id}")
    page.get_by_role("link", name="Attach a ZIP named by invoice number").click()
    page.get_by_label("ZIP archive").set_input_files(archive)
    page.get_by_role("button", name="Upload and attach").click()

    assert page.get_by_role("heading", name="Attached (2)").is_visible()
    assert page.get_by_text("2026-0043 contract.pdf is a Windows program, not a PDF").is_visible()
    assert page.get_by_text("no invoice 2026-0099").is_visible()
    screenshot("evidence-bulk-report")
    page.get_by_role("link", name=case_id).first.click()
    assert page.locator("#evidence tbody tr").count() == 2
