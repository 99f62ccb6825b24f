"""A case's timeline entries (ContactEvent items under the case's partition).

Entries written by retried work carry a key: the same key gives the same entry, so a retry
overwrites instead of adding a second line to the history.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from app.adapters.dynamo import keys
from app.adapters.dynamo.mapping import to_event
from app.adapters.dynamo.models import EventItem
from app.domain.timeline import ContactEvent, EventKind


class Timeline:
    def add(
        self,
        org_id: str,
        case_id: str,
        *,
        kind: EventKind,
        summary: str,
        actor: str,
        at: datetime,
        details: dict | None = None,
        key: str | None = None,
    ) -> str:
        event_id = hashlib.sha256(key.encode()).hexdigest()[:12] if key else secrets.token_hex(6)
        EventItem(
            pk=keys.case_items(org_id, case_id),
            sk=f"EVENT#{at.isoformat()}#{event_id}",
            event_type=kind.value,
            summary=summary[:1000],
            actor=actor,
            at=at,
            details={k: v for k, v in (details or {}).items() if v not in (None, "")},
        ).save()
        return event_id

    def list(self, org_id: str, case_id: str, kinds: set[str] | None = None) -> list[ContactEvent]:
        """Newest first; ``kinds`` filters by event kind."""
        items = EventItem.query(
            keys.case_items(org_id, case_id), EventItem.sk.startswith("EVENT#"), scan_index_forward=False
        )
        events = [to_event(i) for i in items]
        return [e for e in events if kinds is None or e.kind in kinds]
