"""HTML to PDF with WeasyPrint, for the monthly report and the claims' evidence.

WeasyPrint is imported when a PDF is made (it takes a while to load). Its CSS parser warns about
every SVG presentation property in the charts' inline styles (``fill``, ``stroke``), which it
ignores for HTML and honours for SVG: hundreds of lines that say nothing to a user, so its
warnings are muted while it prints; its errors still show.

WeasyPrint builds a few hundred thousand short-lived objects per report, and the cyclic
collector, set off by them again and again, walks every object of the process each time (the
charting and PDF libraries' own): a fifth of the printing time (measured). It prints with the
collector paused; what little it leaves in cycles is collected afterwards.
"""

from __future__ import annotations

import logging

from conciliacion._gc import collector_paused

__all__ = ["html_to_pdf"]


def html_to_pdf(page: str) -> bytes:
    """The HTML page printed to PDF with the page's own ``@page`` rules."""
    import weasyprint  # noqa: PLC0415 - slow to import, only a PDF needs it

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with collector_paused():
            pdf = weasyprint.HTML(string=page).write_pdf()
    finally:
        logger.setLevel(level)
    if not isinstance(pdf, bytes):  # pragma: no cover - without a target it returns bytes
        raise TypeError(type(pdf))
    return pdf
