"""The statement of a case as an A4 PDF, for the debtor to download from their page.

Laid out with fpdf2 and the DejaVu fonts of the demand letter (``app/messages/letter.py``), so Greek
and Polish print. Every word goes through the ``gettext`` passed in (the page passes Flask-Babel's, so
the labels are extracted with the page's other strings and translated in its catalogues); amounts
and dates are formatted by babel for the debtor's locale. The legal bases come from the rate data
and stay as that data words them. fpdf2 and babel are imported on first use, as in the letter: a
request that makes no PDF should not pay for them. The statement's date is also the PDF's creation
date, so the same case on the same day gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal

from app.domain.balance import Balance
from app.domain.case import Case
from app.domain.organisation import Organisation, format_company_number, format_iban
from app.messages.formatting import percent
from app.messages.formatting import reference as grouped_reference
from app.messages.letter import (
    BLACK,
    BOTTOM,
    CREATOR,
    FAMILY,
    FONT_DIR,
    GREY,
    LEFT,
    LINE,
    RIGHT,
    SMALL,
    TEXT,
    TOP,
    amounts_grid,
    heading,
    keep_together,
)

__all__ = ["statement_pdf"]

TABLE = 8.5  # font size of the tables
LIGHT = (243, 244, 246)


def statement_pdf(
    *,
    creditor: Organisation,
    case: Case,
    balance: Balance,
    today: date,
    locale: str,
    reference: str,
    gettext: Callable[[str], str],
) -> bytes:
    """The PDF of the case's statement on ``today``, worded by ``gettext`` and formatted for ``locale``."""
    from babel.dates import format_date
    from babel.numbers import format_currency
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    _ = gettext
    locale = str(locale)

    def money(amount: Decimal) -> str:
        return format_currency(amount, balance.currency, locale=locale)

    def day(value: date) -> str:
        return format_date(value, format="medium", locale=locale)

    footer_text = f"{creditor.legal_name} · {case.case_id}"

    class Statement(FPDF):
        def footer(self) -> None:  # called by fpdf2 at the end of every page
            self.set_y(-15)
            self.set_font(FAMILY, size=7)
            self.set_text_color(*GREY)
            self.cell(0, 3.4, footer_text, align="C", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 3.4, f"{self.page_no()}/{{nb}}", align="C")

    title = _("Statement of account")
    pdf = Statement(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(f"{title} {case.case_id}")
    pdf.set_author(creditor.legal_name)
    pdf.set_creator(CREATOR)
    pdf.set_lang(locale.split("_")[0])
    # The statement's own date, never the clock: the same statement gives the same bytes.
    pdf.set_creation_date(datetime.combine(today, time(0), tzinfo=UTC))
    pdf.add_page()
    pdf.set_text_color(*BLACK)
    bold = FontFace(emphasis="BOLD")

    def table(rows, widths, *, align=None, headings=True, fill=False, size=TABLE) -> None:
        pdf.set_font(FAMILY, size=size)
        options = {"cell_fill_color": LIGHT, "cell_fill_mode": "ALL"} if fill else {}
        with pdf.table(
            align="LEFT",
            col_widths=widths,
            text_align=align or ("LEFT",) * len(widths),
            borders_layout="NONE" if fill else "HORIZONTAL_LINES",
            first_row_as_headings=headings,
            v_align="TOP",
            headings_style=bold,
            line_height=4.2,
            padding=(0.9, 1.5),
            **options,
        ) as grid:
            for row in rows:
                grid.row(row)
        pdf.ln(4)

    # Who owes whom, and as of when.
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    table([(_("Statement date"), day(today)), (_("Case"), case.case_id)], (35, 130), headings=False)
    table(
        [
            (_("Creditor"), _("Debtor")),
            ("\n".join(_creditor_lines(creditor, _)), "\n".join(_debtor_lines(case))),
        ],
        (1, 1),
    )

    interest = {line.invoice_number: line for line in balance.interest_lines}
    compensation = {line.invoice_number: line for line in balance.compensation_lines}

    heading(pdf, _("Open invoices"))
    invoices = [(_("Invoice"), _("Issue date"), _("Due date"), _("Description"), _("Outstanding"))]
    invoices += [
        (c.invoice_number, day(c.issue_date), day(c.due_date), c.description, money(c.outstanding))
        for c in balance.claims
    ]
    table(invoices, (24, 20, 20, 40, 22), align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"))

    if balance.interest_lines or balance.compensation_lines:
        # One row per interest period, the claim's compensation on its first row: what each late
        # invoice adds to the principal, and why (the legal bases below the table).
        heading(pdf, _("Statutory interest and fixed compensation"))
        rows = [(_("Invoice"), _("Period"), _("Days"), _("Rate"), _("Interest"), _("Compensation"))]
        for claim in balance.claims:
            line = interest.get(claim.invoice_number)
            periods = line.periods if line else ()
            owed = compensation.get(claim.invoice_number)
            extra = money(owed.amount) if owed else ""
            if not periods and owed:
                rows.append((claim.invoice_number, "", "", "", "", extra))
            for n, period in enumerate(periods):
                rows.append(
                    (
                        "" if n else claim.invoice_number,
                        f"{day(period.start)} – {day(period.end)}",
                        str(period.days),
                        percent(period.rate, locale),
                        money(period.amount),
                        "" if n else extra,
                    )
                )
        table(rows, (22, 42, 10, 14, 19, 22), align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"))
        bases = [(_("Statutory interest"), line.invoice_number, line.basis) for line in interest.values()]
        bases += [
            (_("Fixed compensation"), line.invoice_number, line.basis) for line in compensation.values()
        ]
        _bases(pdf, bases)

    amounts = [
        (_("Principal"), money(balance.principal)),
        (_("Statutory interest"), money(balance.interest)),
        (_("Fixed compensation"), money(balance.compensation)),
        (_("Fees"), money(balance.fees)),
        (_("Payments received"), money(-balance.paid)),
    ]
    keep_together(pdf, (len(amounts) + 2) * (LINE + 2.4) + 8)
    heading(pdf, _("Balance"))
    pdf.set_font(FAMILY, size=TEXT)
    with amounts_grid(pdf) as grid:
        for row in amounts:
            grid.row(row)
        total = grid.row()
        total.cell(_("Total to pay"), style=bold)
        total.cell(money(balance.total), style=bold)
    pdf.ln(4)

    # Copied into a banking app: never split over two pages.
    payment = [(_("Beneficiary"), creditor.legal_name), (_("IBAN"), format_iban(creditor.iban))]
    if creditor.bic:
        payment.append((_("BIC"), creditor.bic))
    payment += [(_("Reference"), grouped_reference(reference)), (_("Amount"), money(balance.total))]
    keep_together(pdf, (len(payment) + 1) * (LINE + 1.2) + 8)
    heading(pdf, _("Payment details"))
    table(payment, (35, 65), headings=False, fill=True, size=TEXT)
    return bytes(pdf.output())


def _creditor_lines(creditor: Organisation, _: Callable[[str], str]) -> list[str]:
    address = creditor.address
    lines = [creditor.legal_name, address.street, f"{address.postcode} {address.city}".strip()]
    if creditor.company_number:
        label = _("Company number")
        lines.append(f"{label}: {format_company_number(creditor.country, creditor.company_number)}")
    lines.append(creditor.sender_email)
    return [line for line in lines if line.strip()]


def _debtor_lines(case: Case) -> list[str]:
    debtor = case.debtor
    lines = [debtor.name, debtor.street, f"{debtor.postcode} {debtor.city}".strip()]
    return [line for line in lines if line.strip()]


def _bases(pdf, bases: list[tuple[str, str, str]]) -> None:
    """Each distinct legal basis once, in small print; with its invoices where they do not share one."""
    invoices: dict[tuple[str, str], list[str]] = {}
    for label, number, basis in bases:
        invoices.setdefault((label, basis), []).append(number)
    bases_per_label = Counter(label for label, _basis in invoices)
    pdf.set_font(FAMILY, size=SMALL)
    pdf.set_text_color(*GREY)
    for (label, basis), numbers in invoices.items():
        which = label if bases_per_label[label] == 1 else f"{label} ({', '.join(numbers)})"
        pdf.multi_cell(0, 3.6, f"{which}: {basis}", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_text_color(*BLACK)
    pdf.ln(3)
