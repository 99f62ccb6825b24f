"""A spreadsheet travels the way a creditor's does: S3 upload, preview with problems, import, re-import."""

import re

import pytest
import requests

from local.pump import pump_once

CSV = (
    "Dolžnik;Davčna številka;E-pošta;Številka računa;Datum računa;Datum zapadlosti;Znesek;Opis\n"
    "Mizarstvo Kranjc d.o.o.;5300231;racuni@kranjc.si;R-1;01.09.2026;01.10.2026;1.234,56;Omare\n"
    "Mizarstvo Kranjc d.o.o.;5300231;racuni@kranjc.si;R-2;05.09.2026;05.10.2026;100,00;Montaža\n"
    'Novak Peter;;peter@novak.si;R-3;01.08.2026;31.02.2026;50,00;=HYPERLINK("http://x")\n'
    "Zupan Luka;;luka@zupan.si;R-4;01.08.2026;01.09.2026;-5;Popravilo\n"
    "Kos Ana;;ana@kos.si;R-5;01.08.2026;01.09.2026;80,00;=1+1\n"
).encode("cp1250")


@pytest.fixture
def importer(client, creditor, organisation, aws):
    def upload(body: bytes, filename="odprte-postavke.csv"):
        started = client.get("/imports/new")
        job_url = started.headers["Location"]
        page = client.get(job_url).get_data(as_text=True)
        action = re.search(r'<form id="upload-form" method="post" action="([^"]+)"', page)[1]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        fields["x-amz-meta-filename"] = filename
        answer = requests.post(
            action.replace("&amp;", "&"),
            data=fields,
            files={"file": (filename, body)},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 303, answer.text
        back = answer.headers["Location"]
        assert back.startswith("http://localhost/imports/")
        client.get(back.replace("http://localhost", ""))
        return job_url

    return upload


def pump_all(aws):
    while pump_once(aws["ACTIONS_QUEUE_URL"], wait_seconds=0):
        pass


def test_preview_lists_every_problem_by_row_and_column_then_imports_the_valid_rows(
    client, importer, aws, services
):
    job_url = importer(CSV)
    assert "Checking every row" in client.get(job_url).get_data(as_text=True)
    pump_all(aws)

    preview = client.get(job_url).get_data(as_text=True)
    assert "Checked: ready to import" in preview
    assert re.search(r"<dt>Valid</dt><dd>3</dd>", preview)
    assert re.search(r"<dt>With errors</dt><dd>2 \(not imported", preview)
    assert "31.02.2026 is not a date" in preview
    assert "positive" in preview
    assert "odprte-postavke.csv" in preview
    assert "formula" in preview.lower()  # =1+1 is kept as text with a warning

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', preview)
    client.post(job_url + "/import", data={"csrf_token": token[1] if token else ""})
    assert "Importing the valid rows" in client.get(job_url).get_data(as_text=True)
    pump_all(aws)

    done = client.get(job_url).get_data(as_text=True)
    assert "<h2>Imported</h2>" in done
    assert re.search(r"<dt>Claims added</dt><dd>3</dd>", done)
    assert re.search(r"<dt>New cases</dt><dd>2</dd>", done)
    cases = client.get("/cases").get_data(as_text=True)
    assert "Mizarstvo Kranjc d.o.o." in cases and "Kos Ana" in cases
    assert client.get(job_url + "/status.json").get_json()["percent"] == 100


def test_importing_the_same_file_twice_changes_nothing(client, importer, aws, creditor, services):
    for expected_added in (3, 0):
        job_url = importer(CSV)
        pump_all(aws)
        client.post(job_url + "/import")
        pump_all(aws)
        done = client.get(job_url).get_data(as_text=True)
        assert re.search(rf"<dt>Claims added</dt><dd>{expected_added}</dd>", done)
    assert re.search(r"<dt>Already handed over</dt><dd>3 \(not stored twice\)</dd>", done)
    page = services.case_list.page(creditor["org_id"])
    assert sum(c.claim_count for c in page.cases) == 3


def test_an_unreadable_file_says_why(client, importer, aws):
    job_url = importer(b"\x00\x01binary\x02" * 10, "x.csv")
    pump_all(aws)
    page = client.get(job_url).get_data(as_text=True)
    assert "The file cannot be read" in page


def test_unrecognised_columns_are_mapped_by_the_creditor(client, importer, aws):
    body = "Kunde;Steuernummer;Rechnung;Fällig;Betrag\nNovak Peter;;R-9;01.09.2026;50,00\n".encode()
    job_url = importer(body)
    pump_all(aws)
    page = client.get(job_url).get_data(as_text=True)
    assert "Which column is which?" in page
    client.post(
        job_url + "/mapping",
        data={
            "column-0": "debtor_name",
            "column-1": "debtor_id",
            "column-2": "invoice_number",
            "column-3": "due_date",
            "column-4": "amount",
        },
    )
    pump_all(aws)
    page = client.get(job_url).get_data(as_text=True)
    assert "Which column is which?" not in page
    assert "e-mail" in page.lower()  # the one row lacks both an id number and an e-mail


def test_another_creditor_cannot_see_the_import(client, importer, aws, auth, create_user):
    job_url = importer(CSV)
    auth.logout()
    auth.login(create_user(org_id="org-nosy"))
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "/status.json").status_code == 404


def test_the_problem_report_never_exports_a_formula_unescaped(client, importer, aws):
    job_url = importer(CSV)
    pump_all(aws)
    download = client.get(job_url + "/problems.csv")
    assert download.status_code == 302
    report = requests.get(download.headers["Location"], timeout=10)
    assert report.status_code == 200
    assert "attachment" in report.headers["Content-Disposition"]
    text = report.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'=1+1" in text  # shown as text by Excel, never evaluated
    assert ";=" not in text and "\n=" not in text
    assert "31.02.2026 is not a date" in text


@pytest.mark.parametrize("language", ["en", "sl", "fi", "pl", "el"])
def test_the_template_downloads_and_imports_as_it_is(client, creditor, organisation, language):
    from app.domain.intake import Defaults, parse_file

    response = client.get(f"/imports/template.csv?lang={language}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="claims-template-{language}.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads the letters right
    import io

    rows = list(parse_file(io.BytesIO(response.data), "template.csv", Defaults("SI", "EUR", "sl")))
    assert rows and all(r.ok for r in rows), [getattr(r, "problems", None) for r in rows]


def test_an_import_that_dies_between_chunks_leaves_no_case_with_wrong_totals(
    services, organisation, monkeypatch
):
    """Headers of cases created in the run are held in memory between chunks; a crash before they are
    written is repaired from the lease's note by the next delivery."""
    import time

    from app.imports import operations

    lines = ["Debtor;E-mail;Invoice number;Due date;Amount"]
    for n in range(12):  # four debtors, each met again in every chunk of three rows
        lines.append(f"Debtor {n % 4};d{n % 4}@example.com;CRASH-{n};01.09.2026;{10 + n},00")
    job = operations.start(services, organisation.org_id, "crash.csv", "test")
    services.storage.put(operations.source_key(job), "\n".join(lines).encode(), "text/csv")
    operations.run_preview(services, organisation, job)
    operations.queue_import(services, job)
    monkeypatch.setattr(operations, "CHUNK_ROWS", 3)

    real_stored = services.imports.chunk_stored
    stored = {"n": 0}

    def dies_after_the_third_chunk(*args, **kwargs):
        stored["n"] += 1
        if stored["n"] == 3:
            raise RuntimeError("Lambda killed before the held headers were written")
        return real_stored(*args, **kwargs)

    monkeypatch.setattr(services.imports, "chunk_stored", dies_after_the_third_chunk)
    with pytest.raises(RuntimeError):
        operations.run_import(
            services, organisation, services.imports.get(organisation.org_id, job.job_id), lambda: 10**6
        )
    monkeypatch.setattr(services.imports, "chunk_stored", real_stored)
    monkeypatch.setattr(services.locks, "clock", lambda: time.time() + services.locks.lease_seconds + 1)

    assert operations.run_import(
        services, organisation, services.imports.get(organisation.org_id, job.job_id), lambda: 10**6
    )
    done = services.imports.get(organisation.org_id, job.job_id)
    assert done.claims_added == 12 and done.status.value == "imported"
    cases = services.case_list.page(organisation.org_id).cases
    assert len(cases) == 4
    for summary in cases:
        case = services.cases.get(organisation.org_id, summary.case_id)
        assert case.claim_count == len(case.claims) == 3
        assert case.outstanding == sum(c.outstanding for c in case.claims)
