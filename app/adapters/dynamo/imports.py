"""Import jobs: what the creditor sees of a spreadsheet import, and the progress a worker reports."""

from __future__ import annotations

from dataclasses import fields

from pynamodb.exceptions import DoesNotExist, UpdateError

from app.adapters.dynamo import keys
from app.adapters.dynamo.models import ImportJobItem
from app.domain.import_job import ImportJob, ImportStatus

FIELDS = [f.name for f in fields(ImportJob)]


def _key(job_id: str) -> str:
    return f"IMPORT#{job_id}"


class ImportJobs:
    def save(self, job: ImportJob) -> None:
        values = {name: getattr(job, name) for name in FIELDS}
        values["status"] = job.status.value
        ImportJobItem(pk=keys.org(job.org_id), sk=_key(job.job_id), **values).save()

    def get(self, org_id: str, job_id: str) -> ImportJob | None:
        try:
            item = ImportJobItem.get(keys.org(org_id), _key(job_id))
        except DoesNotExist:
            return None
        values = {name: getattr(item, name) for name in FIELDS}
        values["status"] = ImportStatus(item.status)
        values["mapping"] = item.mapping.as_dict() if item.mapping else {}
        values["headers"] = list(item.headers or [])
        for name in (
            "rows_total",
            "rows_valid",
            "rows_error",
            "warnings",
            "rows_done",
            "chunks_done",
            "claims_added",
            "duplicates",
            "new_cases",
        ):
            values[name] = int(values[name])
        return ImportJob(**values)

    def chunk_stored(
        self, job: ImportJob, chunk: int, *, rows_done: int, added: int, duplicates: int, new_cases: int
    ) -> bool:
        """Count one stored chunk, exactly once: only if no other delivery counted it already."""
        item = ImportJobItem(pk=keys.org(job.org_id), sk=_key(job.job_id))
        try:
            item.update(
                actions=[
                    ImportJobItem.chunks_done.set(chunk + 1),
                    ImportJobItem.rows_done.set(rows_done),
                    ImportJobItem.claims_added.add(added),
                    ImportJobItem.duplicates.add(duplicates),
                    ImportJobItem.new_cases.add(new_cases),
                ],
                condition=ImportJobItem.chunks_done == chunk,
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def progress(self, job: ImportJob, rows_done: int) -> None:
        """How far the preview has read: one small write every few thousand rows."""
        ImportJobItem(pk=keys.org(job.org_id), sk=_key(job.job_id)).update(
            actions=[ImportJobItem.rows_done.set(rows_done)]
        )
