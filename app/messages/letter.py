"""Letters as A4 PDFs, laid out from the parts ``render`` returns (the demand letter above all).

fpdf2 with DejaVu Sans embedded (fonts/, licence beside it): the PDF core fonts know only
Latin-1, and a letter must print Greek and Polish. fpdf2 is imported inside ``letter_pdf``: its
import (fontTools included) costs about a third of a second, which a cold start that sends no
letter should not pay. The output is reproducible: the creation date is the letter's date, the file
identifier is a hash of the content, and the font subset tag is fixed, so the same message gives the
same bytes (a letter can be regenerated and compared with the one sent).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from app.messages.render import LetterParts, RenderedMessage

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
CREATOR = "Collection portal"

# A4 in millimetres. The recipient block sits where a DIN 5008 window envelope (C4/C5/DL, window 45 mm
# from the top and 20 mm from the left) shows it, so the envelope shows the address and nothing else.
LEFT, RIGHT, TOP = 25.0, 20.0, 18.0
RECIPIENT_Y = 50.0
SUBJECT_Y = 100.0
BOTTOM = 22.0  # room for the footer
TEXT = 10.5
SMALL = 8.0
LINE = 5.2  # line height of body text
GREY = (75, 85, 99)
BLACK = (17, 24, 39)


def letter_pdf(rendered: RenderedMessage, *, language: str) -> bytes:
    """The PDF of a rendered letter (demand_letter, reminder_firm); ``language`` goes into its metadata."""
    parts = rendered.letter
    if parts is None:
        raise ValueError(
            f"{rendered.template!r} is not a letter: its .txt template has no intro and closing blocks."
        )
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class Letter(FPDF):
        def footer(self) -> None:  # called by fpdf2 at the end of every page
            self.set_y(-15)
            self.set_font(FAMILY, size=7)
            self.set_text_color(*GREY)
            self.multi_cell(0, 3.4, parts.footer, align="C", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 3.4, f"{self.page_no()}/{{nb}}", align="C")

    pdf = Letter(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(rendered.subject)
    pdf.set_subject(rendered.subject)
    pdf.set_author(parts.sender[0])
    pdf.set_creator(CREATOR)
    pdf.set_lang(language)
    # The letter's own date, never the clock: the same letter must give the same bytes.
    pdf.set_creation_date(datetime.combine(parts.sent_on, time(0), tzinfo=UTC))
    pdf.add_page()
    pdf.set_text_color(*BLACK)

    _sender(pdf, parts)
    _recipient(pdf, parts)
    pdf.set_y(SUBJECT_Y - 10)
    pdf.set_font(FAMILY, size=TEXT)
    pdf.cell(0, LINE, parts.date_line, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(SUBJECT_Y)
    pdf.set_font(FAMILY, "B", 12.5)
    pdf.multi_cell(0, 6.5, rendered.subject, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _paragraphs(pdf, parts.intro)
    bold = FontFace(emphasis="BOLD")

    pdf.set_font(FAMILY, size=9)
    with pdf.table(
        align="LEFT",
        col_widths=(15, 29, 20, 20, 16),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        headings_style=bold,
        line_height=4.8,
        padding=(1.2, 1.5),
    ) as table:
        table.row(parts.invoice_headings)
        for line in parts.invoices:
            table.row(line)
    pdf.ln(4)

    keep_together(pdf, (len(parts.amounts) + 2) * (LINE + 2.4) + 8)
    heading(pdf, parts.amounts_title)
    pdf.set_font(FAMILY, size=TEXT)
    with amounts_grid(pdf) as table:
        for label, value in parts.amounts:
            table.row((label, value))
        total = table.row()
        total.cell(parts.total.label, style=bold)
        total.cell(parts.total.value, style=bold)
    pdf.ln(4)

    # The payment details are copied into a banking app: never split them over two pages.
    keep_together(pdf, (len(parts.payment) + 1) * (LINE + 1.2) + 8)
    heading(pdf, parts.payment_title)
    pdf.set_font(FAMILY, size=TEXT)
    with pdf.table(
        align="LEFT",
        col_widths=(35, 65),
        text_align=("LEFT", "LEFT"),
        borders_layout="NONE",
        first_row_as_headings=False,
        line_height=LINE,
        padding=(0.6, 1.5),
        cell_fill_color=(243, 244, 246),
        cell_fill_mode="ALL",
    ) as table:
        for label, value in parts.payment:
            table.row((label, value))
    pdf.ln(5)

    _paragraphs(pdf, parts.closing)
    if parts.notice:
        _notice(pdf, parts.notice)
    return bytes(pdf.output())


def _sender(pdf, parts: LetterParts) -> None:
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(100, 5.5, parts.sender[0], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=8.5)
    pdf.set_text_color(*GREY)
    for line in parts.sender[1:]:
        pdf.multi_cell(100, 4, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*BLACK)


def _recipient(pdf, parts: LetterParts) -> None:
    pdf.set_y(RECIPIENT_Y)
    pdf.set_font(FAMILY, size=TEXT)
    # Six lines fit the 40 mm window; an address longer than that is cut rather than shown
    # above the subject, where it would overlap the letter.
    for line in parts.recipient[:6]:
        pdf.multi_cell(85, LINE, line, align="L", new_x="LMARGIN", new_y="NEXT")


def amounts_grid(pdf):
    """The two-column table of amounts (label, figure) the letters and the statement print."""
    return pdf.table(
        align="LEFT",
        col_widths=(70, 30),
        text_align=("LEFT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        first_row_as_headings=False,
        line_height=LINE,
        padding=(1.2, 1.5),
    )


def keep_together(pdf, height: float) -> None:
    if pdf.will_page_break(height):
        pdf.add_page()


def heading(pdf, text: str) -> None:
    pdf.set_font(FAMILY, "B", TEXT)
    pdf.multi_cell(0, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraphs(pdf, paragraphs: tuple[str, ...]) -> None:
    pdf.set_font(FAMILY, size=TEXT)
    for paragraph in paragraphs:
        pdf.multi_cell(0, LINE, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)


def _notice(pdf, notice: tuple[str, ...]) -> None:
    pdf.ln(4)
    pdf.set_draw_color(*GREY)
    pdf.line(LEFT, pdf.get_y(), pdf.w - RIGHT, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*GREY)
    pdf.set_font(FAMILY, "B", SMALL + 0.5)
    pdf.multi_cell(0, 4, notice[0], align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FAMILY, size=SMALL)
    for paragraph in notice[1:]:
        pdf.multi_cell(0, 3.6, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)
    pdf.set_text_color(*BLACK)
