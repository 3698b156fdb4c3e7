"""The examples of docs/api.md run, so that the guide cannot drift from the library.

Every ```python block of the page runs in order, in one namespace shared by the whole page, inside
a fresh temporary folder: a later example may use what an earlier one built, as a reader going
through the page would. A ```text block right after a ```python block is that example's exact
output, and is compared with what it printed.

The one stand-in: the monthly report's PDF is not printed (WeasyPrint takes most of the pipeline's
time on a small practice, and the pipeline's own tests print it); everything else runs as written.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import attrs

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "api.md"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


@attrs.frozen
class Example:
    """One ```python block: its code, the guide's line where the code starts, its expected output.

    ``expected`` is ``None`` when no ```text block follows the example.
    """

    code: str
    line: int
    expected: str | None


def examples(text: str) -> list[Example]:
    """The ```python blocks of ``text``, each with the ```text block that follows it, if any."""
    found: list[Example] = []
    previous_end = 0
    for fence in _FENCE.finditer(text):
        language, body = fence[1], fence[2]
        right_after = found and not text[previous_end : fence.start()].strip()
        if language == "python":
            line = text.count("\n", 0, fence.start()) + 2
            found.append(Example(body, line, None))
        elif language == "text" and right_after and found[-1].expected is None:
            found[-1] = attrs.evolve(found[-1], expected=body)
        previous_end = fence.end()
    return found


def test_the_guide_is_found_with_its_examples_and_outputs():
    found = examples(GUIDE.read_text(encoding="utf-8"))
    assert len(found) >= 10
    assert sum(example.expected is not None for example in found) >= 3


def test_the_extraction_pairs_an_output_only_with_the_block_just_before_it():
    text = (
        "```python\nprint(1)\n```\n\n```text\n1\n```\nprose\n"
        "```python\nx = 2\n```\nprose between\n```text\nnot an output\n```\n"
    )
    first, second = examples(text)
    assert (first.code, first.line, first.expected) == ("print(1)\n", 2, "1\n")
    assert (second.code, second.line, second.expected) == ("x = 2\n", 10, None)


def test_every_example_of_the_guide_runs_and_prints_what_the_guide_shows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "conciliacion.reports.monthly_pdf.html_to_pdf", lambda _page: b"%PDF-1.7\n%%EOF\n"
    )
    namespace: dict[str, object] = {"__name__": "api_guide"}
    for example in examples(GUIDE.read_text(encoding="utf-8")):
        # Blank lines first, so that a traceback names the guide's own line.
        code = compile("\n" * (example.line - 1) + example.code, str(GUIDE), "exec")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)  # noqa: S102 - running the guide's examples is the point
        if example.expected is not None:
            assert printed.getvalue() == example.expected, f"docs/api.md:{example.line}"
