"""The monthly report as PDF: WeasyPrint prints the same HTML page the browser shows.

WeasyPrint is imported when a PDF is made (it takes a while to load). The PDF is the same bytes
for the same page: its creation and modification dates come from the page's ``dcterms`` meta
tags (the month's last day), not from the clock.
"""

from __future__ import annotations

__all__ = ["render_pdf"]


def render_pdf(page: str) -> bytes:
    """The HTML page printed to PDF, A4, with the page's own ``@page`` rules."""
    import weasyprint  # noqa: PLC0415 - slow to import, only the PDF needs it

    pdf = weasyprint.HTML(string=page).write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - without a target it returns bytes
        raise TypeError(type(pdf))
    return pdf
