"""WeasyPrint's import with the quick search for its system libraries, and its fallback."""

import subprocess
import sys

import pytest

_CHECK = """
from conciliacion.pdf import html_to_pdf, load_weasyprint
load_weasyprint()
assert ctypes.util.find_library is usual
assert html_to_pdf("<p>hola</p>").startswith(b"%PDF")
print("ok")
"""

_FAILING_ONCE = """
import importlib
real = importlib.import_module
tries = []
def import_module(name):
    if name == "weasyprint":
        tries.append("habitual" if ctypes.util.find_library is usual else "rapida")
        if len(tries) == 1:
            print("WeasyPrint could not import some external libraries")
            raise OSError("no se encuentra")
    return real(name)
importlib.import_module = import_module
"""


def _run(setup: str) -> str:
    script = "import ctypes.util\nusual = ctypes.util.find_library\n" + setup + _CHECK
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_weasyprint_loads_and_find_library_is_put_back():
    assert _run("") == "ok\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="la búsqueda rápida es de Linux")
def test_a_library_the_quick_search_misses_is_looked_for_the_usual_way():
    """The quick import fails (a library the cache does not know): WeasyPrint's message is not
    shown, and the second import runs with the usual search."""
    assert _run(_FAILING_ONCE + "import atexit\natexit.register(lambda: print(tries))\n") == (
        "ok\n['rapida', 'habitual']\n"
    )
