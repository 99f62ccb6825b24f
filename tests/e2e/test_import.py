"""A creditor uploads a CSV in a real browser, sees the preview and the import's progress, opens a case.

The queue is pumped by the test, one message at a time, and the worker is told it has little time
left, so it stores one chunk per message and queues the rest: the page shows real, partial progress
without the test depending on timing.
"""

import pytest

from local.pump import pump_once
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

HEADER = "Debtor;E-mail;Invoice number;Issue date;Due date;Amount;Description\n"


def rows(count: int) -> str:
    lines = [
        f"Debtor {n:04d} d.o.o.;billing{n:04d}@example.com;E2E-{n:05d};01.08.2026;01.09.2026;"
        f"{100 + n},50;Service {n}\n"
        for n in range(count)
    ]
    lines.append("Broken Row;broken@example.com;E2E-BAD;01.08.2026;31.02.2026;10,00;Wrong date\n")
    return HEADER + "".join(lines)


def test_upload_preview_progress_and_case(portal, page, screenshot, create_user, organisation, aws, tmp_path):
    from app.imports import operations

    file = tmp_path / "open-items.csv"
    file.write_text(rows(1200), encoding="utf-8")
    email = create_user(org_id=organisation.org_id)

    page.goto(portal + "/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Import").first.click()

    page.get_by_label("Spreadsheet file").set_input_files(str(file))
    page.get_by_role("button", name="Upload and check").click()  # to moto's S3, and back
    page.get_by_text("Checking every row").wait_for()
    screenshot("import-checking")

    assert pump_once(aws["ACTIONS_QUEUE_URL"], wait_seconds=5) == 1  # the preview
    page.get_by_text("Checked: ready to import").wait_for()
    assert page.get_by_text("31.02.2026 is not a date").is_visible()
    assert page.get_by_text("open-items.csv").first.is_visible()
    screenshot("import-preview")

    page.get_by_role("button", name="Import 1,200 valid rows").click()
    page.get_by_text("Importing the valid rows").wait_for()
    # One chunk per message: the worker thinks it is about to time out and queues the rest.
    low_time = operations.SAFETY_MS - 1
    assert pump_once(aws["ACTIONS_QUEUE_URL"], wait_seconds=5, remaining_ms=low_time) == 1
    page.reload()
    progress = page.locator("progress#progress")
    done = operations.CHUNK_ROWS  # the first chunk's rows (all valid: the broken row is last)
    assert progress.get_attribute("value") == str(round(100 * done / 1201))
    assert page.get_by_text(f"{done:,} of 1,201 rows").is_visible()
    screenshot("import-progress")

    while pump_once(aws["ACTIONS_QUEUE_URL"], wait_seconds=2, remaining_ms=low_time):
        pass
    page.get_by_text("Claims added").wait_for(timeout=15_000)
    assert page.locator("dt:has-text('Claims added') + dd").inner_text() == "1,200"
    screenshot("import-done")

    page.get_by_role("link", name="See the cases").click()
    page.locator("table.list a").first.click()
    assert page.get_by_role("heading", name="Debtor").first.is_visible()
    assert page.get_by_text("handed over (upload open-items.csv)").is_visible()
    screenshot("import-case")
