"""The case's timeline: every event, in and out, written down."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EventKind(StrEnum):
    CLAIM_IMPORTED = "claim_imported"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_DOWNLOADED = "evidence_downloaded"
    NOTE = "note"
    PHASE_CHANGED = "phase_changed"


@dataclass(frozen=True)
class ContactEvent:
    event_id: str
    kind: str
    summary: str
    actor: str
    at: datetime
    details: dict = field(default_factory=dict)
