import base64
import json

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import AnyOf

from app.adapters.storage import UploadForm
from app.domain.evidence import DocumentKind


class EvidenceForm(FlaskForm):
    """What the file is and which claim it belongs to, chosen before the file itself is sent to S3."""

    kind = SelectField(
        "What is it?", choices=[SelectChoice(k.value, k.label.capitalize()) for k in DocumentKind]
    )
    # Choices are the case's claims, set by the view; "" stands for the whole case.
    invoice_number = SelectField("Which claim is it for?", choices=[])


class ShareForm(FlaskForm):
    """Share a document with the debtor ("1") or stop sharing it ("0"); the document is in the address.

    The wanted state is sent rather than "toggle", so a form sent twice asks for the same thing twice.
    """

    shared = HiddenField(validators=[AnyOf(["1", "0"])])


def s3_form_fields(upload: UploadForm) -> dict[str, str]:
    """Every field the S3 form sends before the file: the presigned ones, and a blank one for each
    ``starts-with`` condition of the policy the page leaves open (S3 refuses a form that lacks a
    field its policy names). Content-Type stays generic: the server finds the type from the content."""
    fields = dict(upload.fields)
    policy = json.loads(base64.b64decode(fields.get("policy", "") or "e30="))
    for condition in policy.get("conditions", []):
        if isinstance(condition, list) and condition[0] == "starts-with" and condition[1] != "$key":
            name = condition[1].removeprefix("$")
            fields.setdefault(name, "application/octet-stream" if name.lower() == "content-type" else "")
    return fields
