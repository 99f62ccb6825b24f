"""Messages the collection engine sends: e-mail text and HTML, SMS, call scripts and PDF letters.

Rendered from ``app/templates/messages/<language>/`` with a Jinja2 environment of their own (no
Flask: the worker renders without an application context). fpdf2 is imported only when a letter is
actually made, babel only when a message is rendered.
"""

from app.messages.context import InvoiceLine, MessageContext, example_context
from app.messages.letter import letter_pdf
from app.messages.render import LANGUAGES, TEMPLATES, LetterParts, RenderedMessage, render

__all__ = [
    "LANGUAGES",
    "TEMPLATES",
    "InvoiceLine",
    "LetterParts",
    "MessageContext",
    "RenderedMessage",
    "example_context",
    "letter_pdf",
    "render",
]
