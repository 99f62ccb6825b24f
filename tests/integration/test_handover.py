"""Claims handed over become cases; duplicates are shown, not stored; a replay completes, never doubles."""

from datetime import date
from decimal import Decimal

import pytest

from app.adapters.dynamo.locks import Busy
from app.claims.operations import hand_over
from app.domain.case import Phase
from tests import factories as f


@pytest.fixture(autouse=True)
def fixed_today(services, monkeypatch):
    monkeypatch.setattr(services.clock, "today", lambda: date(2026, 11, 22))


def test_claims_of_one_debtor_form_one_case(services, organisation):
    result = hand_over(
        services,
        organisation,
        [
            f.incoming(principal=Decimal("100.00")),
            f.incoming(principal=Decimal("250.50"), due_date=date(2026, 8, 1)),
        ],
        f.handover(),
    )
    assert result.applied.new_cases == 1 and result.applied.claims == 2
    case = services.cases.get(organisation.org_id, result.applied.case_ids[0])
    assert case.outstanding == Decimal("350.50")
    assert case.claim_count == 2 and len(case.claims) == 2
    assert case.oldest_due == date(2026, 8, 1)
    assert case.phase is Phase.LATE  # 113 days past due
    assert [e.kind for e in case.events] == ["claim_imported", "claim_imported"]


def test_a_debtor_is_matched_by_id_number_then_by_email(services, organisation):
    first = hand_over(services, organisation, [f.incoming()], f.handover()).applied.case_ids[0]
    by_id = hand_over(services, organisation, [f.incoming({"email": "other@kranjc.si"})], f.handover())
    by_email = hand_over(
        services, organisation, [f.incoming({"id_number": "", "kind": "person", "name": "X"})], f.handover()
    )
    assert by_id.applied.case_ids == [first] and by_email.applied.case_ids == [first]
    case = services.cases.get(organisation.org_id, first)
    assert case.claim_count == 3
    assert case.outstanding == Decimal("3750.00")


def test_the_same_invoice_twice_is_a_duplicate_and_changes_nothing(services, organisation):
    claim = f.incoming(invoice_number="INV-1")
    first = hand_over(services, organisation, [claim], f.handover())
    again = hand_over(services, organisation, [claim, f.incoming(invoice_number="INV-1")], f.handover())
    assert again.applied.claims == 0
    assert len(again.plan.duplicates) == 2
    assert "was handed over before" in again.plan.duplicates[0].reason
    case = services.cases.get(organisation.org_id, first.applied.case_ids[0])
    assert case.claim_count == 1 and case.outstanding == Decimal("1250.00")


def test_an_invoice_twice_in_one_hand_over_is_named(services, organisation):
    result = hand_over(
        services,
        organisation,
        [f.incoming(invoice_number="DUP-7"), f.incoming(invoice_number="DUP-7")],
        f.handover(),
    )
    assert result.applied.claims == 1
    assert "appears twice in this hand-over" in result.plan.duplicates[0].reason


def test_a_claim_not_yet_due_waits(services, organisation):
    result = hand_over(
        services,
        organisation,
        [f.incoming(issue_date=date(2026, 11, 20), due_date=date(2026, 12, 20))],
        f.handover(),
    )
    assert services.cases.get(organisation.org_id, result.applied.case_ids[0]).phase is Phase.NOT_YET_DUE


def test_a_hand_over_that_died_half_way_is_completed_by_running_it_again(services, organisation, monkeypatch):
    from pynamodb.models import BatchWrite

    claims = [f.incoming(principal=Decimal("10.00")) for _ in range(20)]
    handover = f.handover(id="import-job-1#chunk-0")
    real_commit = BatchWrite.commit
    calls = {"n": 0}

    def dies_on_the_second_batch(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("Lambda timed out")
        return real_commit(self)

    monkeypatch.setattr(BatchWrite, "commit", dies_on_the_second_batch)
    with pytest.raises(RuntimeError):
        hand_over(services, organisation, claims, handover)
    monkeypatch.setattr(BatchWrite, "commit", real_commit)

    # The dead worker's lease keeps other hand-overs out until it runs out.
    with pytest.raises(Busy):
        hand_over(services, organisation, [f.incoming()], f.handover())
    lease_ran_out(services, monkeypatch)
    replay = hand_over(services, organisation, claims, handover)
    assert replay.plan.duplicates == []
    assert replay.plan.replayed  # the claims the first attempt had stored
    case = services.cases.get(organisation.org_id, replay.applied.case_ids[0])
    assert case.claim_count == 20
    assert case.outstanding == Decimal("200.00")
    assert len([e for e in case.events if e.kind == "claim_imported"]) == 20
    # A different hand-over of the same claims is a plain duplicate.
    later = hand_over(services, organisation, claims, f.handover())
    assert len(later.plan.duplicates) == 20


def test_a_hand_over_that_died_and_is_never_sent_again_is_repaired_by_the_next(
    services, organisation, monkeypatch
):
    from pynamodb.models import BatchWrite

    case_id = hand_over(services, organisation, [f.incoming(principal=Decimal("100.00"))], f.handover())
    case_id = case_id.applied.case_ids[0]
    more = [f.incoming(principal=Decimal("10.00")) for _ in range(12)]  # joins the same debtor's case
    real_commit = BatchWrite.commit
    calls = {"n": 0}

    def dies_after_the_claims(self):
        calls["n"] += 1
        real_commit(self)
        if calls["n"] == 2:
            raise RuntimeError("Lambda killed")

    monkeypatch.setattr(BatchWrite, "commit", dies_after_the_claims)
    with pytest.raises(RuntimeError):
        hand_over(services, organisation, more, f.handover())
    monkeypatch.setattr(BatchWrite, "commit", real_commit)
    stale = services.cases.get(organisation.org_id, case_id)
    assert stale.claim_count == 1 and len(stale.claims) > 1  # claims stored, header not updated

    lease_ran_out(services, monkeypatch)
    hand_over(
        services,
        organisation,
        [f.incoming({"email": "x@y.si", "id_number": "", "name": "Other"})],
        f.handover(),
    )
    repaired = services.cases.get(organisation.org_id, case_id)
    assert repaired.claim_count == len(repaired.claims)
    assert repaired.outstanding == sum(c.outstanding for c in repaired.claims)


def lease_ran_out(services, monkeypatch):
    import time

    monkeypatch.setattr(services.locks, "clock", lambda: time.time() + services.locks.lease_seconds + 1)


def test_another_creditor_cannot_read_the_case(services, organisation):
    case_id = hand_over(services, organisation, [f.incoming()], f.handover()).applied.case_ids[0]
    assert services.cases.get("someone-else", case_id) is None
    assert services.cases.get(organisation.org_id, case_id) is not None
    assert services.case_list.page("someone-else").cases == []


def test_a_case_changed_meanwhile_is_read_again_and_nothing_is_lost(services, organisation, monkeypatch):
    from app.adapters.dynamo.models import CaseItem

    first = hand_over(services, organisation, [f.incoming(principal=Decimal("100.00"))], f.handover())
    case_id = first.applied.case_ids[0]
    real_headers = services.cases._headers

    def read_then_changed_by_someone_else(org_id, case_ids):
        headers = real_headers(org_id, case_ids)
        for header in headers.values():  # e.g. the engine records a phase change right now
            fresh = CaseItem.get(header.pk, header.sk)
            fresh.update(actions=[CaseItem.version.set(int(fresh.version) + 1)])
        return headers

    monkeypatch.setattr(services.cases, "_headers", read_then_changed_by_someone_else)
    hand_over(services, organisation, [f.incoming(principal=Decimal("50.00"))], f.handover())
    case = services.cases.get(organisation.org_id, case_id)
    assert case.claim_count == 2
    assert case.outstanding == Decimal("150.00")


def test_a_hand_over_writes_in_full_batches_of_25(services, organisation, count_requests):
    incoming = [f.incoming({"email": f"d{n}@x.si", "id_number": "", "name": f"D {n}"}) for n in range(40)]
    with count_requests() as counted:
        hand_over(services, organisation, incoming, f.handover())
    # 40 new cases: header, claim, event, invoice, e-mail and name look-ups = 240 items.
    assert counted.batch_items == 240
    assert counted.by_operation["BatchWriteItem"] == 240 // 25 + 1
    assert counted.by_operation["BatchGetItem"] == 1  # every look-up of the plan in one request
    assert counted.by_operation.get("PutItem", 0) == 1  # the lease
