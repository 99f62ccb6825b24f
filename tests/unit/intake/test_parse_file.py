import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from app.domain.debtor import DebtorKind
from app.domain.intake import (
    TEMPLATE_ENCODING,
    ColumnProblem,
    Defaults,
    ParsedClaim,
    RejectedRow,
    TableProblem,
    build_preview,
    parse_file,
    template_csv,
)

from .helpers import HEADERS, ROW, SI, csv_bytes

GREEK = Defaults(country="GR", currency="EUR", language="el")


def results(data: bytes, filename: str = "claims.csv", defaults: Defaults = SI, mapping=None):
    return list(parse_file(io.BytesIO(data), filename, defaults, mapping))


def test_a_generated_workbook_with_real_dates_and_numbers():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Naziv kupca", "Davčna številka", "Številka računa", "Datum računa", "Datum zapadlosti",
                  "Znesek", "Plačano", "Opomba"])  # fmt: skip
    sheet.append(
        ["Primer d.o.o.", 15012557, "2026-001", date(2026, 1, 15), date(2026, 2, 14), 1234.56, 0, None]
    )
    sheet.append([None] * 8)
    sheet.append(
        [
            "Novak Janez",
            "15012557",
            2026002,
            datetime(2026, 1, 20),
            datetime(2026, 2, 19),
            89.9,
            20,
            "@SUM(1+1)",
        ]
    )
    sheet.append(["Kos d.o.o.", "15012557", "2026-003", date(2026, 1, 20), "31.02.2026", 12.345, None, None])
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for cell in cells:
            cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)

    first, second, third = results(buffer.getvalue(), "odprte_postavke.xlsx")
    assert isinstance(first, ParsedClaim)
    assert (first.row_number, first.claim.issue_date, first.claim.due_date) == (
        2,
        date(2026, 1, 15),
        date(2026, 2, 14),
    )
    assert first.claim.principal == Decimal("1234.56") and first.debtor.id_number == "15012557"
    assert first.debtor.kind is DebtorKind.COMPANY
    assert isinstance(second, ParsedClaim) and second.row_number == 4  # the empty row 3 is skipped
    assert second.claim.invoice_number == "2026002"
    assert second.claim.principal == Decimal("89.90") and second.claim.paid == Decimal("20")
    assert [w.column for w in second.warnings] == ["Opomba"]  # "@SUM(1+1)": kept, warned about
    assert isinstance(third, RejectedRow) and third.row_number == 5
    assert {p.column: p.message for p in third.problems} == {
        "Datum zapadlosti": "31.02.2026 is not a date: February 2026 has 28 days.",
        "Znesek": "'12.345' has 3 decimals; amounts have at most two.",
    }


@pytest.mark.parametrize("language", ["en", "sl", "fi", "pl", "el"])
def test_the_template_of_every_language_imports_cleanly(language):
    parsed = results(template_csv(language).encode(TEMPLATE_ENCODING))
    assert [type(r) for r in parsed] == [ParsedClaim, ParsedClaim]
    assert [r.debtor.kind for r in parsed] == [DebtorKind.COMPANY, DebtorKind.PERSON]
    assert parsed[0].claim.principal == Decimal("1234.56")
    assert parsed[1].claim.outstanding == Decimal("69.90")


@pytest.mark.parametrize(
    ("header", "row", "delimiter"),
    [
        (HEADERS, ROW, ";"),
        (HEADERS, [*ROW[:6], "1234.56"], ","),
        (HEADERS, [*ROW[:6], "1.234,56"], ","),  # quoted by csv_bytes because of the comma
        (HEADERS, [*ROW[:6], "1 234,56"], "\t"),
    ],
)
def test_both_separators_and_both_decimal_marks(header, row, delimiter):
    [result] = results(csv_bytes([header, row], delimiter=delimiter))
    assert result.ok and result.claim.principal == Decimal("1234.56")


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_caught():
    data = (
        b"Debtor name,Debtor ID,Invoice number,Due date,Amount\nPrimer d.o.o.,15012557,1,14.02.2026,1234,56\n"
    )
    [result] = results(data)
    assert not result.ok
    assert any("beyond the last column" in p.message for p in result.problems)


def test_a_greek_file_in_windows_1253_with_day_first_slashes():
    rows = [
        ["Επωνυμία", "ΑΦΜ", "Αριθμός τιμολογίου", "Ημερομηνία έκδοσης", "Ημερομηνία λήξης", "Ποσό"],
        ["Παπαδόπουλος Γεώργιος", "023456780", "ΤΔΑ-17", "05/01/2026", "04/02/2026", "1.234,56 €"],
    ]
    parsed = parse_file(io.BytesIO(csv_bytes(rows, encoding="cp1253")), "pelates.csv", GREEK)
    [result] = list(parsed)
    assert result.ok
    assert result.debtor.name == "Παπαδόπουλος Γεώργιος" and result.debtor.country == "GR"
    assert result.claim.due_date == date(2026, 2, 4)
    assert any("Windows-1253" in note for note in parsed.notes)


def test_missing_columns_stop_the_file_with_the_map_for_a_mapping_step():
    data = csv_bytes([["Stranka", "Račun", "Zapadlost", "Saldo EUR"], ["Novak", "1", "1.1.2026", "5"]])
    with pytest.raises(ColumnProblem) as caught:
        results(data)
    problem = caught.value
    assert isinstance(problem, TableProblem)
    assert problem.column_map.missing == ["amount", "debtor_id|email"]
    assert problem.message.startswith("The column 'Amount' is missing.")
    assert "'Znesek'" in problem.fix
    assert problem.column_map.unknown == ["Saldo EUR"]


def test_the_users_mapping_completes_the_columns():
    data = csv_bytes([["Stranka", "Račun", "Zapadlost", "Saldo EUR", "Kontakt"],
                      ["Novak", "1", "1.1.2026", "5", "novak@example.si"]])  # fmt: skip
    [result] = results(data, mapping={"Saldo EUR": "amount", "Kontakt": "email"})
    assert result.ok and result.claim.principal == Decimal("5")


def test_an_invoice_is_imported_once():
    data = csv_bytes([HEADERS, ROW, ROW])
    first, second = results(data)
    assert first.ok and not second.ok
    [problem] = second.problems
    assert problem.message == "Invoice 2026-001 is already in row 2."


def test_a_preview_counts_rows_problems_and_totals():
    bad = [*ROW[:3], "2026-002", "15.01.2026", "31.02.2026", "-5"]
    warned = [*ROW[:3], "2026-003", "15.01.2026", "14.02.2026", "100"]
    warned[0] = "=Primer d.o.o."
    data = csv_bytes(
        [HEADERS, ROW, bad, warned, *[[*ROW[:3], f"X-{n}", "", "1.3.2026", "1"] for n in range(60)]]
    )
    preview = build_preview(parse_file(io.BytesIO(data), "claims.csv", SI), limit=2)
    assert (preview.rows, preview.valid_rows, preview.error_rows, preview.warnings) == (63, 62, 1, 1)
    assert preview.outstanding == {"EUR": Decimal("1394.56")}
    assert [p.row for p in preview.problems] == [3, 3]
    assert preview.problems_left_out == 1
    assert len(preview.sample) == 5 and preview.can_import
    assert "Text encoding: UTF-8." in preview.notes


def test_unreadable_files_fail_before_any_row():
    with pytest.raises(TableProblem, match="empty"):
        parse_file(io.BytesIO(b""), "claims.csv", SI)
