"""Every key the configuration loader accepts is documented in ``docs/configuracion.md``.

The accepted keys are read from the source with :mod:`ast`, where the loader declares them:

- ``config.py``: each table reader calls ``table.check_unknown([...])`` with the list of its keys;
  :data:`TABLE_OF` says which table each reader reads (``parse_config`` reads the top level);
- ``importers/bank_csv.py`` and ``importers/input_profiles.py``: the ``_KEYS`` tuple of
  ``[[perfiles_banco]]`` and of ``[[perfiles]]``.

The guide has one ``##`` section per table, whose heading names the table in a code span
(``[practica]``, ``[[cuentas]]``). Each key must appear in its table's section in a code span; the
first cell of each row of a key table in a section must be a key the loader accepts (so the guide
keeps no key the code dropped); and the keys of the template ``plantilla.toml`` must all be
accepted keys.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "conciliacion"
GUIDE = ROOT / "docs" / "configuracion.md"
TOP = ""

TABLE_OF = {
    "parse_config": TOP,
    "_practice": "practica",
    "_account": "cuentas",
    "_insurer": "aseguradoras",
    "_supplier": "proveedores",
    "_rule": "reglas",
    "_store_url": "almacen",
}
"""The table each reader in ``config.py`` checks."""

PROFILE_KEYS = {
    "importers/bank_csv.py": "perfiles_banco",
    "importers/input_profiles.py": "perfiles",
}
"""Modules that declare the keys of a profile table in ``_KEYS``."""


def _strings(node: ast.expr) -> list[str]:
    assert isinstance(node, ast.List | ast.Tuple), ast.dump(node)
    values = [element.value for element in node.elts if isinstance(element, ast.Constant)]
    assert all(isinstance(v, str) for v in values)
    return [str(v) for v in values]


def accepted_keys() -> dict[str, set[str]]:
    """Table name (``""`` for the top level) to the keys the loader accepts in it."""
    keys: dict[str, set[str]] = {}
    tree = ast.parse((SOURCE / "config.py").read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "check_unknown"
            ):
                assert function.name in TABLE_OF, f"¿qué tabla lee {function.name}?"
                keys.setdefault(TABLE_OF[function.name], set()).update(_strings(node.args[0]))
    for module, table in PROFILE_KEYS.items():
        tree = ast.parse((SOURCE / module).read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.AnnAssign | ast.Assign)
                and "_KEYS" in {t.id for t in _targets(node) if isinstance(t, ast.Name)}
                and node.value is not None
            ):
                keys[table] = set(_strings(node.value))
    return keys


def _targets(node: ast.AnnAssign | ast.Assign) -> list[ast.expr]:
    return [node.target] if isinstance(node, ast.AnnAssign) else list(node.targets)


def sections() -> dict[str, str]:
    """The guide's ``##`` sections that document a table, by table name."""
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading = section.splitlines()[0]
        match = re.search(r"`\[\[?(\w+)\]\]?`", heading)
        if match:
            found[match[1]] = section
    return found


def test_the_loader_declares_the_tables_and_keys_the_rule_expects():
    keys = accepted_keys()
    assert keys[TOP] == set(keys) - {TOP}
    assert {"nombre", "nif", "forma", "retencion"} == keys["practica"]
    assert "plazo_pago" in keys["aseguradoras"]
    assert "lineas_cabecera" in keys["perfiles_banco"]
    assert "fila_cabecera" in keys["perfiles"]


def test_every_table_has_its_section_in_the_guide():
    keys = accepted_keys()
    assert set(keys[TOP]) <= set(sections())


def test_every_accepted_key_is_documented_in_its_table_section():
    documented = sections()
    missing = [
        f"[{table}] {key}"
        for table, names in sorted(accepted_keys().items())
        if table != TOP
        for key in sorted(names)
        if f"`{key}`" not in documented.get(table, "")
    ]
    assert missing == [], "claves sin documentar en docs/configuracion.md"


def test_the_guide_documents_no_key_the_loader_refuses():
    keys = accepted_keys()
    stale = [
        f"[{table}] {key}"
        for table, section in sections().items()
        for key in re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
        if key not in keys.get(table, set())
    ]
    assert stale == []


def test_the_template_uses_only_accepted_keys():
    keys = accepted_keys()
    template = tomllib.loads((SOURCE / "plantilla.toml").read_text(encoding="utf-8"))
    for table, value in template.items():
        assert table in keys[TOP]
        rows = value if isinstance(value, list) else [value]
        for row in rows:
            assert set(row) <= keys[table], table
