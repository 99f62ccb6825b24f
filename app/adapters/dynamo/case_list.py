"""The creditor's case list: filtered by phase or debtor name, sorted by age or amount, paged.

Cases sit in one collection per phase in two indexes (gsi1 by the oldest due date, gsi2 by the
outstanding amount). A page of one phase is one Query; a page of all phases is one small Query per
phase, merged here, so the cost of a page never grows with the number of cases. A debtor filter
reads the name look-ups (a prefix Query on the organisation's partition) and then the headers.
"""

from __future__ import annotations

import base64
import binascii
import heapq
from dataclasses import dataclass

from app.adapters.dynamo import keys
from app.adapters.dynamo.mapping import to_case
from app.adapters.dynamo.models import CaseItem, LookupItem
from app.domain.case import Case, Phase

SORTS = ("age", "amount")


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    next_cursor: str | None


class InvalidCursor(ValueError):
    pass


def _encode(sort_key: str) -> str:
    return base64.urlsafe_b64encode(sort_key.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor) from None


def _sort_key(item: CaseItem, sort: str) -> str:
    return item.gsi1sk if sort == "age" else item.gsi2sk


class CaseList:
    def page(
        self,
        org_id: str,
        *,
        phase: Phase | None = None,
        sort: str = "age",
        debtor: str = "",
        cursor: str | None = None,
        limit: int = 25,
    ) -> CasePage:
        if sort not in SORTS:
            raise ValueError(sort)
        after = _decode(cursor) if cursor else None
        if debtor.strip():
            return self._by_debtor(org_id, debtor, phase, sort, after, limit)
        phases = [phase] if phase else list(Phase)
        streams = [self._phase(org_id, p, sort, after, limit + 1) for p in phases]
        # Oldest due first for age; largest amount first for amount.
        merged = heapq.merge(*streams, key=lambda i: _sort_key(i, sort), reverse=(sort == "amount"))
        items = []
        for item in merged:
            items.append(item)
            if len(items) > limit:
                break
        more = len(items) > limit
        items = items[:limit]
        next_cursor = _encode(_sort_key(items[-1], sort)) if more and items else None
        return CasePage([to_case(i) for i in items], next_cursor)

    def _phase(self, org_id: str, phase: Phase, sort: str, after: str | None, limit: int) -> list[CaseItem]:
        collection = keys.phase_collection(org_id, phase.value)
        if sort == "age":
            condition = CaseItem.gsi1sk > after if after else None
            return list(CaseItem.by_age.query(collection, condition, limit=limit))
        condition = CaseItem.gsi2sk < after if after else None
        return list(CaseItem.by_amount.query(collection, condition, scan_index_forward=False, limit=limit))

    def _by_debtor(
        self, org_id: str, debtor: str, phase: Phase | None, sort: str, after: str | None, limit: int
    ) -> CasePage:
        """Name look-ups in name order, read a page at a time until ``limit`` cases of the phase
        are found (so a phase filter never returns a short page with more to come)."""
        pk = keys.org(org_id)
        condition = LookupItem.sk.startswith(f"NAME#{keys.folded(debtor)}")
        if after:
            condition &= LookupItem.sk > after
        matches: list[tuple[str, CaseItem]] = []  # (name key, header)
        pending: list[LookupItem] = []
        lookups = LookupItem.query(pk, condition, page_size=limit + 1)
        exhausted = False
        while len(matches) <= limit and not exhausted:
            try:
                pending.append(next(lookups))
            except StopIteration:
                exhausted = True
            if pending and (exhausted or len(pending) > limit):
                headers = {
                    h.case_id: h
                    for h in CaseItem.batch_get([(pk, keys.case_header(f.case_id)) for f in pending])
                }
                for found in pending:
                    header = headers.get(found.case_id)
                    if header is not None and (phase is None or header.phase == phase.value):
                        matches.append((found.sk, header))
                pending = []
        more = len(matches) > limit
        matches = matches[:limit]
        cases = sorted((h for _, h in matches), key=lambda i: _sort_key(i, sort), reverse=(sort == "amount"))
        return CasePage([to_case(i) for i in cases], _encode(matches[-1][0]) if more else None)
