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

import contextlib
import ctypes.util
import importlib
import io
import logging
import sys
from types import ModuleType

from conciliacion._gc import collector_paused

__all__ = ["html_to_pdf", "load_weasyprint"]


def load_weasyprint() -> ModuleType:
    """WeasyPrint, imported with a quick search for its system libraries.

    WeasyPrint looks for each system library it needs (GObject, Pango, HarfBuzz, Fontconfig)
    under several names, one per operating system. For each name that is not this system's,
    ctypes' ``find_library`` first asks the dynamic linker's cache, then runs the C compiler and
    the linker, a process each. Where those are installed, that was half of WeasyPrint's import
    (0.25 s of 0.55, measured), and the import is on the month's critical path. So the import
    runs with ``find_library`` answering from the cache alone, its own first answer. Where a
    library can only be found the slow way, that import fails, and WeasyPrint is imported again
    as usual; its message about the missing library, printed meanwhile, is swallowed.
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    from_cache = getattr(ctypes.util, "_findSoname_ldconfig", None)  # Linux with glibc only
    if from_cache is not None:
        usual = ctypes.util.find_library
        ctypes.util.find_library = from_cache
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                return importlib.import_module("weasyprint")
        except OSError:
            pass
        finally:
            ctypes.util.find_library = usual
    return importlib.import_module("weasyprint")


def html_to_pdf(page: str) -> bytes:
    """The HTML page printed to PDF with the page's own ``@page`` rules."""
    weasyprint = load_weasyprint()

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
