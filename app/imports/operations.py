"""Spreadsheet imports: upload, preview and import, run by the worker from the actions queue.

A file of 100,000 rows takes longer than a web request may, so the portal only records the job and
queues it; functions/worker.py reads the file from S3 as a stream, reports progress on the job, and
stores the valid rows in chunks. Each chunk is one hand-over with an id of its own, so a worker that
dies or times out is followed by one that resumes after the last counted chunk and replays the
interrupted one without storing anything twice.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from app.adapters.dynamo.cases import Handover
from app.claims import operations as claims
from app.domain import intake
from app.domain.handover import Incoming
from app.domain.import_job import ImportJob, ImportStatus
from app.domain.organisation import Organisation
from app.services import Services

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
CHUNK_ROWS = 1000  # valid rows per hand-over: a few seconds of writes
PREVIEW_PROBLEMS = 200
PROGRESS_EVERY = 5000  # rows between two progress reports of the preview
FLUSH_EVERY = 5  # chunks between two writes of the held case headers
SAFETY_MS = 60_000  # stop and hand over to a fresh invocation this long before the Lambda limit


def source_key(job: ImportJob) -> str:
    return f"imports/{job.org_id}/{job.job_id}/source"


def report_key(job: ImportJob, name: str) -> str:
    return f"imports/{job.org_id}/{job.job_id}/{name}"


def start(services: Services, org_id: str, filename: str, actor: str) -> ImportJob:
    job = ImportJob(
        job_id=secrets.token_hex(8),
        org_id=org_id,
        filename=filename[:200],
        status=ImportStatus.AWAITING_UPLOAD,
        created_by=actor,
        created_at=services.clock.now(),
    )
    services.imports.save(job)
    return job


def uploaded(services: Services, job: ImportJob) -> str | None:
    """The browser says the file is in S3: check it and queue the preview. Returns a refusal."""
    size = services.storage.size(source_key(job))
    if size is None:
        return "The file did not arrive. Choose it and upload it again."
    if size > MAX_UPLOAD_BYTES:
        services.storage.delete(source_key(job))
        return f"The file is {size // 2**20} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB. Split it."
    name = services.storage.metadata(source_key(job)).get("filename", "")
    job.filename = (name.replace("\\", "/").rsplit("/", 1)[-1] or "spreadsheet")[:200]
    queue_preview(services, job)
    return None


def queue_preview(services: Services, job: ImportJob, mapping: dict[str, str] | None = None) -> None:
    if mapping is not None:
        job.mapping = mapping
    job.status, job.rows_done, job.message = ImportStatus.PREVIEWING, 0, ""
    services.imports.save(job)
    services.queue.put_job({"type": "import.preview", "org_id": job.org_id, "job_id": job.job_id})


def queue_import(services: Services, job: ImportJob) -> None:
    job.status, job.rows_done, job.chunks_done = ImportStatus.IMPORTING, 0, 0
    job.import_started_at = services.clock.now()
    services.imports.save(job)
    services.queue.put_job({"type": "import.run", "org_id": job.org_id, "job_id": job.job_id})


def _defaults(org: Organisation) -> intake.Defaults:
    return intake.Defaults(country=org.country, currency=org.currency, language=org.language)


def _open(services: Services, org: Organisation, job: ImportJob):
    return intake.parse_file(
        services.storage.open(source_key(job)), job.filename, _defaults(org), job.mapping or None
    )


def run_preview(services: Services, org: Organisation, job: ImportJob) -> None:
    try:
        parsed = _open(services, org, job)
    except intake.ColumnProblem as exc:
        job.status = ImportStatus.NEEDS_MAPPING
        job.message = f"{exc.message} {exc.fix}"
        job.headers = [h for h in exc.column_map.headers if h]
        services.imports.save(job)
        return
    except intake.TableProblem as exc:
        job.status, job.message = ImportStatus.UNREADABLE, f"{exc.message} {exc.fix}"
        services.imports.save(job)
        return
    preview = intake.Preview(limit=PREVIEW_PROBLEMS, notes=list(parsed.notes))
    report = io.StringIO()
    writer = csv.writer(report, delimiter=";")
    writer.writerow(["Row", "Column", "Value", "Problem", "What to do", "Severity"])
    for result in parsed:
        preview.add(result)
        problems = result.problems if not isinstance(result, intake.ParsedClaim) else result.warnings
        for p in problems:
            writer.writerow(
                [
                    p.row,
                    intake.escape_for_spreadsheet(p.column),
                    intake.escape_for_spreadsheet(str(p.value)),
                    p.message,
                    p.fix,
                    p.severity,
                ]
            )
    services.storage.put(report_key(job, "problems.csv"), report.getvalue().encode("utf-8-sig"), "text/csv")
    services.storage.put(
        report_key(job, "preview.json"), json.dumps(_preview_data(preview)).encode(), "application/json"
    )
    job.status = ImportStatus.PREVIEWED
    job.rows_total, job.rows_valid, job.rows_error, job.warnings = (
        preview.rows,
        preview.valid_rows,
        preview.error_rows,
        preview.warnings,
    )
    job.rows_done = preview.rows
    services.imports.save(job)


def _preview_data(preview) -> dict:
    return {
        "problems": [asdict(p) for p in preview.problems],
        "problems_left_out": preview.problems_left_out,
        "notes": preview.notes,
        "outstanding": {currency: str(total) for currency, total in preview.outstanding.items()},
        "sample": [
            {
                "row": s.row_number,
                "debtor": s.debtor.name,
                "invoice": s.claim.invoice_number,
                "due_date": s.claim.due_date.isoformat(),
                "amount": str(s.claim.outstanding),
                "currency": s.claim.currency,
            }
            for s in preview.sample
        ],
    }


def load_preview(services: Services, job: ImportJob) -> dict:
    return json.loads(services.storage.open(report_key(job, "preview.json")).read())


@dataclass
class _Chunk:
    index: int
    incoming: list[Incoming]
    rows_done: int


def run_import(
    services: Services, org: Organisation, job: ImportJob, time_left_ms: Callable[[], int]
) -> bool:
    """Store the valid rows chunk by chunk; returns False when it stopped early and queued the rest."""
    parsed = _open(services, org, job)
    try:
        # One lease for the whole invocation (the session); the held case headers are written every
        # FLUSH_EVERY chunks and when it closes, so the lease's note of touched cases stays small.
        with claims.HandoverSession(services, org) as session:
            outcome = _import_chunks(services, job, parsed, session, time_left_ms)
    finally:
        parsed.close()
    if outcome == "continue":
        # Queued only now that the lease is released, so the next invocation need not wait for it.
        services.queue.put_job({"type": "import.run", "org_id": job.org_id, "job_id": job.job_id})
        return False
    if outcome == "done":
        finished = services.imports.get(job.org_id, job.job_id)
        finished.status, finished.finished_at, finished.rows_done = (
            ImportStatus.IMPORTED,
            services.clock.now(),
            finished.rows_total,
        )
        services.imports.save(finished)
    return True


def _import_chunks(services: Services, job: ImportJob, parsed, session, time_left_ms) -> str:
    for chunk in _chunks(parsed):
        if chunk.index < job.chunks_done:
            continue  # stored by an earlier delivery
        handover = Handover(
            id=f"import#{job.job_id}#{chunk.index}",
            at=job.import_started_at,
            source=f"upload {job.filename}",
            actor=job.created_by,
        )
        result = session.hand_over(chunk.incoming, handover)
        counted = services.imports.chunk_stored(
            job,
            chunk.index,
            rows_done=chunk.rows_done,
            added=result.applied.claims,  # replayed claims were stored but never counted
            duplicates=len(result.plan.duplicates),
            new_cases=result.applied.new_cases,
        )
        if not counted:
            return "behind"  # another delivery of this job is ahead of us; it finishes the job
        job.chunks_done = chunk.index + 1
        if job.chunks_done % FLUSH_EVERY == 0:
            session.flush()
        if time_left_ms() < SAFETY_MS:
            return "continue"
    return "done"


def _chunks(parsed) -> Iterator[_Chunk]:
    index, rows, pending = 0, 0, []
    for result in parsed:
        rows += 1
        if isinstance(result, intake.ParsedClaim):
            pending.append(Incoming(result.debtor, result.claim, ref=f"row {result.row_number}"))
        if len(pending) == CHUNK_ROWS:
            yield _Chunk(index, pending, rows)
            index, pending = index + 1, []
    if pending:
        yield _Chunk(index, pending, rows)
