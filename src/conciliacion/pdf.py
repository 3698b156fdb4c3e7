"""HTML to PDF with WeasyPrint, for the monthly report and the claims' evidence.

WeasyPrint is imported when a PDF is made (it takes a while to load). Its CSS parser warns about
every SVG presentation property in the charts' inline styles (``fill``, ``stroke``), which it
ignores for HTML and honours for SVG: hundreds of lines that say nothing to a user, so its
warnings are muted while it prints; its errors still show.
"""

from __future__ import annotations

import logging

__all__ = ["html_to_pdf"]


def html_to_pdf(page: str) -> bytes:
    """The HTML page printed to PDF with the page's own ``@page`` rules."""
    import weasyprint  # noqa: PLC0415 - slow to import, only a PDF needs it

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        pdf = weasyprint.HTML(string=page).write_pdf()
    finally:
        logger.setLevel(level)
    if not isinstance(pdf, bytes):  # pragma: no cover - without a target it returns bytes
        raise TypeError(type(pdf))
    return pdf
