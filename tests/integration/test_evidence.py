"""Evidence travels the way a creditor's browser sends it: a presigned POST to moto's S3, back to the
portal, checked, listed on the case, downloaded through the portal; and a ZIP attached in bulk."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import struct
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.claims.operations import hand_over
from app.evidence.bulk import attach_zip
from tests import factories
from tests.unit.test_evidence_types import PDF, WINDOWS_PROGRAM, png

MB = 1024 * 1024


@pytest.fixture
def case(creditor, organisation, services):
    """A case of the signed-in creditor with two claims, 2026-0042 and 2026-0043."""
    incoming = [factories.incoming(invoice_number=n) for n in ("2026-0042", "2026-0043")]
    result = hand_over(services, organisation, incoming, factories.handover(actor=creditor["email"]))
    return services.cases.get(organisation.org_id, result.applied.case_ids[0])


def form_on(page: str) -> tuple[str, dict[str, str]]:
    """The S3 form's action and hidden fields, as the browser would send them."""
    action = re.search(r'<form method="post" action="([^"]+)" enctype="multipart/form-data">', page)[1]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    return html.unescape(action), {name: html.unescape(value) for name, value in fields}


def policy_of(fields: dict[str, str]) -> list:
    return json.loads(base64.b64decode(fields["policy"]))["conditions"]


def portal_path(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def upload_form(client, case):
    def open_form(kind="invoice", invoice="2026-0042") -> tuple[str, str, dict[str, str]]:
        started = client.post(
            f"/evidence/cases/{case.case_id}/new", data={"kind": kind, "invoice_number": invoice}
        )
        assert started.status_code == 302, started.get_data(as_text=True)
        upload_url = started.headers["Location"]
        action, fields = form_on(client.get(upload_url).get_data(as_text=True))
        return upload_url, action, fields

    return open_form


def post_to_s3(
    action: str, fields: dict[str, str], filename: str, body: bytes, content_type="application/pdf"
):
    return requests.post(
        action,
        data=fields,
        files={"file": (filename, body, content_type)},
        allow_redirects=False,
        timeout=60,
    )


@pytest.fixture
def upload(client, upload_form):
    """Choose kind and claim, post the file to S3 like the browser, follow S3's redirect back."""

    def send(filename: str, body: bytes, **choices):
        _upload_url, action, fields = upload_form(**choices)
        answer = post_to_s3(action, fields, filename, body)
        assert answer.status_code == 303, answer.text
        return client.get(portal_path(answer.headers["Location"]))

    return send


def test_the_upload_form_carries_the_servers_key_and_the_size_limit(upload_form, case, creditor, aws):
    upload_url, action, fields = upload_form()
    doc_id = upload_url.rstrip("/").split("/")[-2]
    prefix = f"evidence/{creditor['org_id']}/{case.case_id}/{doc_id}/"
    assert action.startswith(aws["AWS_ENDPOINT_URL"])
    assert fields["key"] == prefix + "${filename}"
    assert fields["success_action_redirect"].endswith(f"/evidence/cases/{case.case_id}/{doc_id}/confirm")
    conditions = policy_of(fields)
    assert ["content-length-range", 1, 25 * MB] in conditions
    assert ["starts-with", "$key", prefix] in conditions
    # The page sends every field the policy names, and nothing else (S3 refuses either mistake).
    named = {c[1].lstrip("$") for c in conditions if isinstance(c, list) and c[0] == "starts-with"}
    assert named - {"key"} <= set(fields)


def test_a_pdf_sent_to_s3_is_checked_listed_and_on_the_timeline(client, upload, case, creditor, services):
    body = PDF + b"%" + b"x" * (120 * 1024 - len(PDF) - 1)
    page = client.get(upload("INV-1.pdf", body).headers["Location"]).get_data(as_text=True)
    assert "INV-1.pdf (120 KB) is added to the evidence." in page
    assert "Evidence added: invoice INV-1.pdf (120 KB)" in page  # the timeline
    evidence = page[page.index('id="evidence"') : page.index('id="timeline"')]
    assert "INV-1.pdf" in evidence and "2026-0042" in evidence and creditor["email"] in evidence

    (document,) = services.cases.get(creditor["org_id"], case.case_id).documents
    assert (document.kind.value, document.content_type, document.size) == (
        "invoice",
        "application/pdf",
        len(body),
    )
    assert document.storage_key.endswith("/INV-1.pdf")
    assert services.storage.size(document.storage_key) == len(body)


def test_confirming_twice_adds_the_document_once(client, upload_form, case, creditor, services):
    _upload_url, action, fields = upload_form()
    back = portal_path(post_to_s3(action, fields, "scan.png", png(), "image/png").headers["Location"])
    client.get(back)
    again = client.get(back)
    assert again.status_code == 302
    reloaded = services.cases.get(creditor["org_id"], case.case_id)
    assert len(reloaded.documents) == 1
    assert sum("Evidence added" in e.summary for e in reloaded.events) == 1


def test_a_renamed_program_is_refused_and_deleted_from_s3(client, upload, case, creditor, services):
    refused = upload("report.pdf", WINDOWS_PROGRAM)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "report.pdf is a Windows program, not a PDF; it was not kept." in page
    key = parse_qs(urlsplit(refused.request.url).query)["key"][0]
    assert services.storage.size(key) is None
    # Gone for good: no old version kept under a delete marker in the versioned bucket.
    from app.adapters.clients import client as aws_client

    versions = aws_client("s3").list_object_versions(Bucket=services.storage.bucket, Prefix=key)
    assert versions.get("Versions", []) == [] and versions.get("DeleteMarkers", []) == []
    assert services.cases.get(creditor["org_id"], case.case_id).documents == ()
    assert "report.pdf" not in client.get(f"/cases/{case.case_id}").get_data(as_text=True)


def test_an_oversize_file_is_refused(client, upload_form, services):
    _upload_url, action, fields = upload_form()
    answer = post_to_s3(action, fields, "huge.pdf", PDF + bytes(26 * MB))
    if answer.status_code == 303:  # moto does not enforce the policy's content-length-range; S3 does
        refused = client.get(portal_path(answer.headers["Location"]))
        assert "huge.pdf is 26 MB; the limit is 25 MB; it was not kept." in refused.get_data(as_text=True)
        key = parse_qs(urlsplit(answer.headers["Location"]).query)["key"][0]
        assert services.storage.size(key) is None
    else:
        assert answer.status_code == 400 and "EntityTooLarge" in answer.text


def test_the_confirm_page_says_when_nothing_arrived(client, upload_form):
    upload_url, _action, _fields = upload_form()
    confirm_url = upload_url.replace("/upload", "/confirm")
    answer = client.get(confirm_url + "?key=evidence/someone-else/x/y/z.pdf")
    assert answer.headers["Location"] == upload_url
    assert "The file did not arrive" in client.get(upload_url).get_data(as_text=True)


def test_download_writes_the_timeline_and_redirects_to_a_short_lived_link(
    client, upload, case, creditor, services, aws
):
    upload("Račun 2026-0042.pdf", PDF)
    (document,) = services.cases.get(creditor["org_id"], case.case_id).documents
    answer = client.get(f"/evidence/cases/{case.case_id}/{document.doc_id}/download")
    assert answer.status_code == 302
    link = answer.headers["Location"]
    query = parse_qs(urlsplit(link).query)
    assert link.startswith(f"{aws['AWS_ENDPOINT_URL']}/{aws['EVIDENCE_BUCKET']}/evidence/")
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"] == ['attachment; filename="Racun 2026-0042.pdf"']
    assert requests.get(link, timeout=10).content == PDF

    page = client.get(f"/cases/{case.case_id}").get_data(as_text=True)
    assert f"Evidence downloaded by {creditor['email']}: invoice Račun 2026-0042.pdf" in page


def test_another_creditor_can_neither_confirm_list_nor_download(
    client, auth, create_user, upload, upload_form, case, creditor, services
):
    upload("INV-1.pdf", PDF)
    (accepted,) = services.cases.get(creditor["org_id"], case.case_id).documents
    pending_url, action, fields = upload_form()
    back = portal_path(post_to_s3(action, fields, "letter.pdf", PDF).headers["Location"])
    bulk_back = f"/evidence/bulk/{'0' * 16}/done?key=evidence/{creditor['org_id']}/bulk/{'0' * 16}/x.zip"

    auth.logout()
    auth.login(create_user(org_id=f"intruder-{creditor['org_id']}"))
    case_url = f"/evidence/cases/{case.case_id}"
    for url in (
        back,  # confirm another creditor's upload
        pending_url,
        f"{case_url}/{accepted.doc_id}/download",
        f"{case_url}/new",
        f"/cases/{case.case_id}",
        bulk_back,
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{case_url}/new", data={"kind": "invoice", "invoice_number": ""}).status_code == 404

    unchanged = services.cases.get(creditor["org_id"], case.case_id)
    assert [d.doc_id for d in unchanged.documents] == [accepted.doc_id]
    assert not any("downloaded" in e.summary for e in unchanged.events)
    pending_id = pending_url.rstrip("/").split("/")[-2]
    assert services.documents.get(creditor["org_id"], case.case_id, pending_id).status.value == "pending"


def make_zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in entries.items():
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, body)
    return buffer.getvalue()


def test_a_zip_is_attached_to_the_matching_claims_with_a_report(client, case, creditor, services):
    archive = make_zip(
        {
            "march/": b"",
            "march/2026-0042.pdf": PDF,
            "march/2026-0043 delivery.pdf": PDF + b"% delivery note",
            "2026-0099.pdf": PDF,
            "2026-0042 contract.pdf": WINDOWS_PROGRAM,
            "2026-0043 photo.pdf": png(),
            "2026-0042 log.txt": b"a" * (20 * MB),  # 20 MB that pack into a few KB: a zip bomb's trick
            "2026-0042 huge.txt": b"b" * (26 * MB),
            "__MACOSX/march/._2026-0042.pdf": b"\x00\x05\x16\x07",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    page = client.get("/evidence/bulk").get_data(as_text=True)
    action, fields = form_on(page)
    assert ["content-length-range", 1, 200 * MB] in policy_of(fields)
    answer = post_to_s3(action, fields, "evidence march.zip", archive, "application/zip")
    assert answer.status_code == 303, answer.text
    done = portal_path(answer.headers["Location"])
    report = client.get(done).get_data(as_text=True)

    def section(name):
        return re.sub(r"\s+", " ", report[report.index(f'id="{name}"') :].split("</section>")[0])

    assert "Attached (2)" in report
    attached = section("attached")
    assert "march/2026-0042.pdf</td> <td>2026-0042</td>" in attached
    assert "march/2026-0043 delivery.pdf</td> <td>2026-0043</td>" in attached and "delivery proof" in attached
    refused = section("refused")
    assert "2026-0042 contract.pdf is a Windows program, not a PDF; it was not kept." in refused
    assert "2026-0043 photo.pdf is a PNG image, not a PDF; it was not kept." in refused
    assert "2026-0042 log.txt is packed" in refused and "as only a zip bomb is" in refused
    assert "2026-0042 huge.txt is 26 MB; the limit is 25 MB" in refused
    assert "2026-0099.pdf</strong>: no invoice 2026-0099" in section("unmatched")
    assert "Left out: __MACOSX/march/._2026-0042.pdf, .DS_Store." in report

    documents = services.cases.get(creditor["org_id"], case.case_id).documents
    assert sorted((d.invoice_number, d.kind.value, d.filename) for d in documents) == [
        ("2026-0042", "invoice", "2026-0042.pdf"),
        ("2026-0043", "delivery_proof", "2026-0043 delivery.pdf"),
    ]
    case_page = client.get(f"/cases/{case.case_id}").get_data(as_text=True)
    assert "Evidence added: delivery proof 2026-0043 delivery.pdf" in case_page
    for document in documents:
        assert services.storage.open(document.storage_key).read().startswith(b"%PDF-")
    # The archive itself is not kept; coming back says so instead of attaching anything again.
    assert "is not there: it was attached already" in client.get(done).get_data(as_text=True)


def test_the_same_files_attached_again_are_not_added_twice(case, creditor, services):
    key = f"evidence/{creditor['org_id']}/bulk/{'a' * 16}/again.zip"
    for _ in range(2):
        services.storage.put(key, make_zip({"2026-0042.pdf": PDF}), "application/zip")
        report = attach_zip(services, creditor["org_id"], key, creditor["email"])
    assert [(a.invoice_number, a.again) for a in report.attached] == [("2026-0042", True)]
    assert len(services.cases.get(creditor["org_id"], case.case_id).documents) == 1


def lying_zip() -> bytes:
    """One entry whose directory says 1,000 bytes while 5 MB are packed inside."""
    archive = bytearray(make_zip({"2026-0042 notes.txt": b"a" * (5 * MB)}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.index(signature) + offset
        archive[at : at + 4] = struct.pack("<I", 1000)
    return bytes(archive)


@pytest.mark.parametrize(
    ("archive", "problem", "refused"),
    [
        (
            make_zip({f"2026-0042 {i}.txt": b"x" for i in range(1001)}),
            "holds 1,001 files; the limit is 1,000",
            "",
        ),
        (
            make_zip({f"2026-0042 {i}.txt": bytes(30 * MB) for i in range(4)}),
            "would unpack to 120 MB from",
            "",
        ),
        (b"this is not a zip at all", "is not a ZIP archive, or it is damaged.", ""),
        (lying_zip(), "", "2026-0042 notes.txt is damaged or packed in a way the portal cannot read"),
    ],
    ids=["too-many-files", "zip-bomb", "not-a-zip", "lying-directory"],
)
def test_archives_that_break_the_limits_are_refused(case, creditor, services, archive, problem, refused):
    key = f"evidence/{creditor['org_id']}/bulk/{'b' * 16}/archive.zip"
    services.storage.put(key, archive, "application/zip")
    report = attach_zip(services, creditor["org_id"], key, creditor["email"])
    assert problem in report.problem
    assert refused in " ".join(r.reason for r in report.refused)
    assert report.attached == []
    assert services.storage.size(key) is None
