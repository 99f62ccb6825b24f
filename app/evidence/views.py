"""Evidence pages: add a file to a case (straight to S3), the check after it, downloads, bulk ZIP."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from wtforms import SelectChoice

from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.domain.case import Case
from app.domain.evidence import MAX_BYTES, Document, DocumentKind, DocumentStatus, size_label
from app.domain.file_types import ACCEPT, ALLOWED_NAMES
from app.evidence import bulk, operations
from app.evidence.forms import EvidenceForm, ShareForm, s3_form_fields
from app.services import services

bp = Blueprint("evidence", __name__, url_prefix="/evidence")
UPLOAD_ID = re.compile(r"[0-9a-f]{16}")


def _case(case_id: str) -> Case:
    case = services().cases.get(g.identity.org_id, case_id)
    if case is None:
        abort(404)  # also another creditor's case: nothing says it exists
    return case


def _document(case_id: str, doc_id: str) -> Document:
    document = services().documents.get(g.identity.org_id, case_id, doc_id)
    if document is None:
        abort(404)  # the key starts with the signed-in organisation: another's is never found
    return document


@bp.route("/cases/<case_id>/new", methods=["GET", "POST"])
@role_required(CREDITOR)
def new(case_id: str):
    case = _case(case_id)
    form = EvidenceForm()
    form.invoice_number.choices = [SelectChoice("", "The whole case")] + [
        SelectChoice(c.invoice_number, f"Invoice {c.invoice_number}") for c in case.claims
    ]
    if request.method == "GET":
        form.invoice_number.data = request.args.get("invoice", "")
    if form.validate_on_submit():
        document = operations.start_upload(
            services(),
            g.identity.org_id,
            case.case_id,
            DocumentKind(form.kind.data),
            form.invoice_number.data,
            g.identity.email,
        )
        return redirect(url_for("evidence.upload", case_id=case.case_id, doc_id=document.doc_id))
    return render_template("evidence/new.html", case=case, form=form)


@bp.get("/cases/<case_id>/<doc_id>/upload")
@role_required(CREDITOR)
def upload(case_id: str, doc_id: str):
    document = _document(case_id, doc_id)
    if document.status is not DocumentStatus.PENDING:
        return redirect(url_for("evidence.confirm", case_id=case_id, doc_id=doc_id))
    redirect_to = url_for("evidence.confirm", case_id=case_id, doc_id=doc_id, _external=True)
    upload_form = operations.upload_form(services(), document, redirect_to)
    return render_template(
        "evidence/upload.html",
        case=_case(case_id),
        document=document,
        action=upload_form.url,
        fields=s3_form_fields(upload_form),
        accept=ACCEPT,
        allowed=ALLOWED_NAMES,
        limit=size_label(MAX_BYTES),
    )


@bp.get("/cases/<case_id>/<doc_id>/confirm")
@role_required(CREDITOR)
def confirm(case_id: str, doc_id: str):
    """S3 sends the browser here after the upload (success_action_redirect), adding the key."""
    document = _document(case_id, doc_id)
    try:
        document = operations.confirm_upload(
            services(), g.identity.org_id, document, request.args.get("key", ""), g.identity.email
        )
    except operations.NotArrived:
        flash("The file did not arrive. Choose it and upload it again.", "error")
        return redirect(url_for("evidence.upload", case_id=case_id, doc_id=doc_id))
    if document.status is DocumentStatus.ACCEPTED:
        flash(f"{document.filename} ({document.size_label}) is added to the evidence.", "success")
        return redirect(url_for("cases.show", case_id=case_id, _anchor="evidence"))
    return render_template(
        "evidence/refused.html", case=_case(case_id), document=document, allowed=ALLOWED_NAMES
    )


@bp.get("/cases/<case_id>/<doc_id>/download")
@role_required(CREDITOR)
def download(case_id: str, doc_id: str):
    document = _document(case_id, doc_id)
    if document.status is not DocumentStatus.ACCEPTED:
        abort(404)
    return redirect(operations.download_url(services(), g.identity.org_id, document, g.identity.email))


@bp.post("/cases/<case_id>/<doc_id>/share")
@role_required(CREDITOR)
def share(case_id: str, doc_id: str):
    """Share accepted evidence with the debtor, or stop sharing it."""
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    shared = form.shared.data == "1"
    document = operations.share(services(), g.identity.org_id, case_id, doc_id, shared, g.identity.email)
    if document is None:
        abort(404)  # the key starts with the signed-in organisation: another's is never found
    if shared:
        flash(f"{document.filename} is shared with the debtor.", "success")
    else:
        flash(f"{document.filename} is no longer shared with the debtor.", "success")
    return redirect(url_for("cases.show", case_id=case_id, _anchor="evidence"))


@bp.get("/bulk")
@role_required(CREDITOR)
def bulk_upload():
    if not g.identity.org_id:
        abort(404)
    upload_id = secrets.token_hex(8)
    redirect_to = url_for("evidence.bulk_done", upload_id=upload_id, _external=True)
    key = bulk.bulk_prefix(g.identity.org_id, upload_id) + "${filename}"
    upload_form = services().storage.upload_form(
        key, max_bytes=bulk.MAX_ARCHIVE_BYTES, redirect_to=redirect_to
    )
    return render_template(
        "evidence/bulk.html",
        action=upload_form.url,
        fields=s3_form_fields(upload_form),
        allowed=ALLOWED_NAMES,
        limit=size_label(MAX_BYTES),
    )


@bp.get("/bulk/<upload_id>/done")
@role_required(CREDITOR)
def bulk_done(upload_id: str):
    """S3 sends the browser here after the ZIP is uploaded; every file in it is checked and attached."""
    prefix = bulk.bulk_prefix(g.identity.org_id, upload_id)
    key = request.args.get("key", "")
    within_own_prefix = key.startswith(prefix) and key != prefix  # the key is the browser's word
    if not (g.identity.org_id and UPLOAD_ID.fullmatch(upload_id) and within_own_prefix):
        abort(404)
    report = bulk.attach_zip(services(), g.identity.org_id, key, g.identity.email)
    return render_template("evidence/report.html", report=report)
