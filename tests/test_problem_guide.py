"""Every error message the program can print has its entry in ``docs/problemas.md``.

The rule, read from the source with :mod:`ast` (nothing is imported or run):

1. **Which messages.** Under ``src/conciliacion`` (the demo generator included), a message is
   - the message argument of a call to one of the error classes a user meets:
     ``ConciliacionError(message)``, ``ConfigError(key, value, message, ...)``,
     ``FormatError(path, line, field, message)``, or their ``message=`` keyword;
   - the last argument of a call to a helper that builds those errors: a function or method
     named ``error`` or ``fail`` (``table.error(...)``, ``row.error(...)``, ``fail(...)``);
   - the message of a ``ValueError`` raised in a module whose ``ValueError`` text the importers
     pass on to the user with ``str(error)`` (:data:`PASSED_ON`: amounts and date formats).

   When the argument is a variable (``msg``, ``message``), every string assigned to that name in
   the same function counts. Strings are literals, f-strings, ``+`` concatenations and both
   branches of ``a if c else b``; anything computed (``str(exc)``, ``", ".join(...)``) is a
   placeholder.
2. **What must be in the guide.** The whole message, its fixed words verbatim and in order, with
   anything in place of each placeholder (up to 80 characters: ``{fichero}``, an example value,
   or nothing). The comparison ignores case and treats any run of whitespace as one space, so a
   message may wrap inside a code span. A message that is only placeholders (``str(error)``) is
   skipped: its text is one of the messages collected elsewhere.

A message added to the code, or reworded, without its entry in the guide fails the test with the
file and line of the message and the phrase that is missing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "conciliacion"
GUIDE = ROOT / "docs" / "problemas.md"

MESSAGE_POSITION = {"ConciliacionError": 0, "ConfigError": 2, "FormatError": 3}
"""Where each error class takes its message."""

HELPERS = frozenset({"error", "fail"})
"""Functions and methods that build one of the errors above from a message, their last argument."""

PASSED_ON = frozenset({"money.py", "importers/columns.py"})
"""Modules whose ``ValueError`` messages reach the user through ``str(error)``."""

PLACEHOLDER = "\x00"
WILDCARD = ".{0,80}?"
"""What a placeholder of the code matches in the guide: ``{fichero}``, an example, or nothing."""
_WORD = re.compile(r"[^\W\d_]+")


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _message_argument(call: ast.Call, module: str) -> ast.expr | None:
    """The expression a user will read, if ``call`` builds a user-facing error."""
    name = _name(call.func)
    for keyword in call.keywords:
        if keyword.arg == "message" and name in MESSAGE_POSITION.keys() | HELPERS:
            return keyword.value
    if name in MESSAGE_POSITION:
        position = MESSAGE_POSITION[name]
        return call.args[position] if len(call.args) > position else None
    if name in HELPERS and call.args:
        return call.args[-1]
    if name == "ValueError" and module in PASSED_ON and call.args:
        return call.args[0]
    return None


def _templates(node: ast.expr) -> Iterator[str]:
    """The texts ``node`` can evaluate to, with :data:`PLACEHOLDER` for the computed parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(
            part.value
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
            else PLACEHOLDER
            for part in node.values
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for left in _templates(node.left):
            for right in _templates(node.right):
                yield left + right
    elif isinstance(node, ast.IfExp):
        yield from _templates(node.body)
        yield from _templates(node.orelse)
    else:
        yield PLACEHOLDER


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _assigned_before(scope: ast.AST, call: ast.Call, name: str) -> list[ast.expr]:
    """The values given to ``name`` since its previous use, that is, those ``call`` can see."""
    here = _position(call)
    last_use = (0, 0)
    values: list[tuple[tuple[int, int], ast.expr]] = []
    for node in _own_nodes(scope):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            if _position(node) < here:
                last_use = max(last_use, _position(node))
        elif (
            isinstance(node, ast.Assign)
            and _position(node) < here
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ):
            values.append((_position(node), node.value))
    return [value for position, value in values if position > last_use]


def _functions(tree: ast.Module) -> Iterator[ast.AST]:
    """Each function, and the module itself for code outside functions."""
    yield tree
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``scope`` that do not belong to a function nested in it."""
    for child in ast.iter_child_nodes(scope):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        yield child
        yield from _own_nodes(child)


def error_messages() -> set[tuple[str, str]]:
    """``(where, template)`` for every user-facing error message in the source."""
    messages = set()
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for scope in _functions(tree):
            for node in _own_nodes(scope):
                if not isinstance(node, ast.Call):
                    continue
                argument = _message_argument(node, module)
                if argument is None:
                    continue
                if isinstance(argument, ast.Name):
                    sources = _assigned_before(scope, node, argument.id)
                else:
                    sources = [argument]
                for source in sources:
                    where = f"{module}:{source.lineno}"
                    messages.update((where, text) for text in _templates(source))
    return messages


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def guide_pattern(template: str) -> re.Pattern[str] | None:
    """What the guide must contain for ``template`` (rule 2 of the module docstring).

    ``None`` for a message that is all placeholders (``str(error)``): its text comes from
    elsewhere and is checked there.

    >>> pattern = guide_pattern(f"la reclamación {PLACEHOLDER} está cerrada; no admite cambios")
    >>> bool(pattern.search("`la reclamación {id} está cerrada; no admite cambios`"))
    True
    >>> bool(pattern.search("la reclamación {id} está cerrada"))
    False
    >>> guide_pattern(PLACEHOLDER) is None
    True
    """
    runs = _normal(template.replace(PLACEHOLDER, f" {PLACEHOLDER} ")).split(PLACEHOLDER)
    if not any(_WORD.search(run) for run in runs):
        return None
    parts = [re.escape(run.strip()) for run in runs]
    joined = f"\\s?{WILDCARD}\\s?".join(parts)
    return re.compile(joined.strip())


def test_the_rule_finds_the_messages_of_every_kind_of_error():
    messages = error_messages()
    modules = {where.split(":")[0] for where, _ in messages}
    assert len(messages) > 200
    for module in ("config.py", "importers/norma43/_records.py", "claims/actions.py", "money.py"):
        assert module in modules
    templates = {template for _, template in messages}
    assert "falta esta clave obligatoria" in templates
    assert f"la reclamación {PLACEHOLDER} está cerrada; solo admite correcciones" in templates


def test_every_error_message_is_in_the_troubleshooting_guide():
    guide = _normal(GUIDE.read_text(encoding="utf-8"))
    missing = sorted(
        {
            f"{where}: «{template.replace(PLACEHOLDER, '{…}')}»"
            for where, template in error_messages()
            if (pattern := guide_pattern(template)) is not None and not pattern.search(guide)
        }
    )
    if missing:
        pytest.fail(
            f"{len(missing)} mensajes sin entrada en docs/problemas.md:\n" + "\n".join(missing)
        )
