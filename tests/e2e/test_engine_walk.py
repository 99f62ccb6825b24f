"""A person watches a demo case walk from its first reminder to late collection with `simulate`."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import PASSWORD, free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def simulated_portal(aws, tmp_path, monkeypatch):
    """The portal as `make run` serves it: a clock `simulate` moves, and the outbox page."""
    from werkzeug.serving import make_server

    from app import create_app
    from functions import runtime

    clock_file = tmp_path / "clock"
    clock_file.write_text("0\n")
    app = create_app({"SESSION_COOKIE_SECURE": False, "CLOCK_FILE": str(clock_file), "OUTBOX_PAGE": True})
    services = app.extensions["portal.services"]
    # The worker and the scheduler share the portal's clock, as every `make run` process does.
    monkeypatch.setattr(runtime, "services", lambda: services)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", services
    server.shutdown()


def test_a_demo_case_walks_from_first_reminder_to_late_collection(
    simulated_portal, aws, page, screenshot, create_user, org_id
):
    from local import demo
    from local.simulate import simulate

    portal, services = simulated_portal
    org = demo.demo_organisation(org_id)
    services.organisations.save(org)
    demo.seed_claims(services, org)
    email = create_user(org_id=org_id)

    page.goto(portal + "/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(portal + "/cases?debtor=novak")
    page.get_by_role("row", name="Novak Peter").get_by_role("link").click()
    case_url = page.url
    assert page.get_by_text("Early collection").first.is_visible()
    assert page.get_by_text("First reminder").count() == 0

    from tests.integration.test_engine import OrgDue

    only_this_creditor = OrgDue(org_id)  # the shared emulator holds other tests' cases too
    # Four days: the first business morning after the hand-over, even across a weekend and a holiday.
    simulate(services, aws["ACTIONS_QUEUE_URL"], days=4, report=lambda _: None, index=only_this_creditor)
    page.goto(case_url)
    timeline = page.locator("#timeline")
    assert timeline.get_by_text("First reminder: E-mail sent to peter.novak@example.com").is_visible()
    screenshot("engine-first-reminder")

    page.goto(portal + "/outbox")
    assert page.get_by_text("peter.novak@example.com").first.is_visible()
    screenshot("engine-outbox")

    # 45 days past due at the hand-over: late collection begins after day 60.
    simulate(services, aws["ACTIONS_QUEUE_URL"], days=21, report=lambda _: None, index=only_this_creditor)
    page.goto(case_url)
    assert page.get_by_text("Late collection").first.is_visible()
    assert timeline.get_by_text("Early collection → Late collection").is_visible()
    assert timeline.get_by_text("Demand letter: Letter prepared for").is_visible()
    screenshot("engine-late-collection")
