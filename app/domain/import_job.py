"""A spreadsheet import as the creditor follows it: uploaded, previewed, imported, with progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ImportStatus(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    PREVIEWING = "previewing"
    NEEDS_MAPPING = "needs_mapping"  # required columns not recognised: the creditor maps them
    UNREADABLE = "unreadable"  # the file as a whole cannot be read (empty, wrong separator, ...)
    PREVIEWED = "previewed"
    IMPORTING = "importing"
    IMPORTED = "imported"

    @property
    def working(self) -> bool:
        return self in (ImportStatus.PREVIEWING, ImportStatus.IMPORTING)


@dataclass
class ImportJob:
    job_id: str
    org_id: str
    filename: str
    status: ImportStatus
    created_by: str
    created_at: datetime
    mapping: dict[str, str] = field(default_factory=dict)  # header -> column key, from the mapping step
    message: str = ""  # why a file is unreadable, or what the mapping step must fix
    headers: list[str] = field(default_factory=list)
    rows_total: int = 0  # data rows, known after the preview
    rows_valid: int = 0
    rows_error: int = 0
    warnings: int = 0
    rows_done: int = 0  # progress of the current step
    chunks_done: int = 0  # import chunks stored; a redelivered message resumes after them
    claims_added: int = 0
    duplicates: int = 0
    new_cases: int = 0
    import_started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def progress_percent(self) -> int:
        if self.status is ImportStatus.IMPORTING and self.rows_total:
            return min(100, round(100 * self.rows_done / self.rows_total))
        if self.status is ImportStatus.IMPORTED:
            return 100
        return 0
