"""Spreadsheet import pages: upload (straight to S3), preview, column mapping, import with progress."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.domain.import_job import ImportJob, ImportStatus
from app.domain.intake import TEMPLATE_ENCODING, template_csv
from app.domain.intake.synonyms import COLUMN_KEYS, LABELS
from app.imports import operations
from app.organisation.guard import complete_profile_required
from app.services import services

bp = Blueprint("imports", __name__, url_prefix="/imports")


def _job(job_id: str) -> ImportJob:
    job = services().imports.get(g.identity.org_id, job_id)
    if job is None:
        abort(404)  # also another creditor's job: nothing says it exists
    return job


@bp.get("/new")
@role_required(CREDITOR)
@complete_profile_required
def new():
    job = operations.start(services(), g.identity.org_id, "spreadsheet", g.identity.email)
    return redirect(url_for("imports.show", job_id=job.job_id))


@bp.get("/<job_id>")
@role_required(CREDITOR)
def show(job_id: str):
    job = _job(job_id)
    context = {"job": job, "form": FlaskForm(), "keys": COLUMN_KEYS, "labels": LABELS}
    if job.status is ImportStatus.AWAITING_UPLOAD:
        redirect_to = url_for("imports.uploaded", job_id=job.job_id, _external=True)
        context["upload"] = services().storage.upload_form(
            operations.source_key(job), max_bytes=operations.MAX_UPLOAD_BYTES, redirect_to=redirect_to
        )
    elif job.status in (ImportStatus.PREVIEWED, ImportStatus.IMPORTING, ImportStatus.IMPORTED):
        context["preview"] = operations.load_preview(services(), job)
    return render_template("imports/show.html", **context)


@bp.get("/<job_id>/uploaded")
@role_required(CREDITOR)
def uploaded(job_id: str):
    """S3 sends the browser here after the upload (success_action_redirect)."""
    job = _job(job_id)
    if job.status is ImportStatus.AWAITING_UPLOAD:
        refusal = operations.uploaded(services(), job)
        if refusal:
            flash(refusal, "error")
    return redirect(url_for("imports.show", job_id=job.job_id))


@bp.get("/<job_id>/status.json")
@role_required(CREDITOR)
def status(job_id: str):
    job = _job(job_id)
    return jsonify(
        status=job.status.value,
        working=job.status.working,
        rows_done=job.rows_done,
        rows_total=job.rows_total,
        percent=job.progress_percent,
    )


@bp.post("/<job_id>/mapping")
@role_required(CREDITOR)
def mapping(job_id: str):
    job = _job(job_id)
    if FlaskForm().validate_on_submit() and job.status is ImportStatus.NEEDS_MAPPING:
        chosen = {
            header: request.form.get(f"column-{i}", "")
            for i, header in enumerate(job.headers)
            if request.form.get(f"column-{i}", "") in (*COLUMN_KEYS, "ignore")
        }
        operations.queue_preview(services(), job, chosen)
    return redirect(url_for("imports.show", job_id=job.job_id))


@bp.post("/<job_id>/import")
@role_required(CREDITOR)
def run(job_id: str):
    job = _job(job_id)
    if FlaskForm().validate_on_submit() and job.status is ImportStatus.PREVIEWED and job.rows_valid:
        operations.queue_import(services(), job)
    return redirect(url_for("imports.show", job_id=job.job_id))


@bp.get("/<job_id>/problems.csv")
@role_required(CREDITOR)
def problems(job_id: str):
    job = _job(job_id)
    if job.status not in (ImportStatus.PREVIEWED, ImportStatus.IMPORTING, ImportStatus.IMPORTED):
        abort(404)
    name = f"problems-{job.filename.rsplit('.', 1)[0]}.csv"
    return redirect(
        services().storage.download_url(operations.report_key(job, "problems.csv"), name, "text/csv")
    )


@bp.get("/template.csv")
@role_required(CREDITOR)
def template():
    language = request.args.get("lang", "en")
    body = template_csv(language).encode(TEMPLATE_ENCODING)
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="claims-template-{language}.csv"'},
    )
