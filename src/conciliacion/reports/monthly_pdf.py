"""The monthly report as PDF: WeasyPrint prints the same HTML page the browser shows.

The PDF is the same bytes for the same page: its creation and modification dates come from the
page's ``dcterms`` meta tags (the month's last day), not from the clock.
"""

from __future__ import annotations

from conciliacion.pdf import html_to_pdf

__all__ = ["render_pdf"]


def render_pdf(page: str) -> bytes:
    """The HTML page printed to PDF, A4, with the page's own ``@page`` rules."""
    return html_to_pdf(page)
