"""Every Norma 43 sample imports with its own 33 totals, or fails as checked by reading it.

Each expectation was checked by reading the file: the warnings are the deviations the samples
README lists, and the two failures name the line and field a person would point at.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from tests.conftest import SAMPLES

from conciliacion.errors import FormatError
from conciliacion.importers.norma43 import Norma43Importer, read_norma43
from conciliacion.model import Statement

N43 = SAMPLES / "n43"

IMPORTS = {
    # file: (accounts, movements, warning codes)
    "csb43_sample_sepa.csb": (1, 14, {"fin_de_linea_lf", "referencia1_digito_control"}),
    "linkingpaths_test.n43": (1, 10, {"referencia1_digito_control"}),
    "nantic_tryton_c43.txt": (1, 22, set()),
    "oca_8.0_test.n43": (1, 3, {"referencia1_digito_control", "signo_saldo_final_0"}),
    "oca_12.0_test.n43": (
        1,
        3,
        {
            "fin_de_linea_lf",
            "lineas_recortadas",
            "recuento_88_desfasado",
            "referencia1_digito_control",
            "signo_saldo_final_0",
            "texto_utf8",
        },
    ),
    "oca_17.0_test.n43": (
        1,
        4,
        {
            "fin_de_linea_lf",
            "lineas_recortadas",
            "movimiento_importe_cero",
            "recuento_88_desfasado",
            "referencia1_digito_control",
            "signo_saldo_final_0",
            "texto_utf8",
        },
    ),
    "oca_17.0_testmulti.n43": (
        2,
        6,
        {
            "fin_de_linea_lf",
            "lineas_recortadas",
            "recuento_88_desfasado",
            "referencia1_digito_control",
            "signo_saldo_final_0",
        },
    ),
    "oca_18.0_test_overlap.n43": (
        1,
        5,
        {
            "fin_de_linea_lf",
            "lineas_recortadas",
            "movimiento_importe_cero",
            "recuento_88_desfasado",
            "referencia1_digito_control",
            "signo_saldo_final_0",
        },
    ),
    "oca_18.0_test_same_lines.n43": (
        1,
        2,
        {"fin_de_linea_lf", "lineas_recortadas", "recuento_88_desfasado"},
    ),
    "sergief_norma43utils_movements.n43": (1, 16, {"lineas_recortadas", "sin_salto_final"}),
}

FAILS = {
    # 33 totals deliberately wrong: four credits of 12.34, the 33 claims four debits.
    "sequra_example1.n43": (10, "número de apuntes al debe", "se esperaba 0"),
    # Cut short after the fourth movement: no 33, no 88.
    "sequra_example2.n43": (13, "tipo de registro", "sin el registro 33"),
}


def test_every_sample_has_an_expectation():
    names = {p.name for p in N43.iterdir() if not p.name.startswith("README")}
    assert names == set(IMPORTS) | set(FAILS)


def _totals_33(path: Path) -> list[tuple[int, int, int, int, Decimal]]:
    """The 33 records' figures, read independently of the reader: counts, cents, signed balance."""
    text = path.read_bytes().decode("latin-1")
    result = []
    for line in text.splitlines():
        if line.startswith("33"):
            sign = -1 if line[58] == "1" else 1
            balance = Decimal(int(line[59:73])).scaleb(-2) * sign
            result.append(
                (int(line[20:25]), int(line[25:39]), int(line[39:44]), int(line[44:58]), balance)
            )
    return result


def _figures(path: Path, statement: Statement) -> tuple[int, int, int, int, Decimal]:
    """Counts and cents by the sign of each movement's record 22, found by its line."""
    records = path.read_bytes().split(b"\n")
    sign = {m.id: records[m.source.line - 1][27:28] for m in statement.movements}
    debits = [m for m in statement.movements if sign[m.id] == b"1"]
    credit_movements = [m for m in statement.movements if sign[m.id] == b"2"]
    return (
        len(debits),
        -sum(int(m.amount * 100) for m in debits),
        len(credit_movements),
        sum(int(m.amount * 100) for m in credit_movements),
        statement.closing_balance,
    )


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_sample_imports_with_its_own_totals(name):
    path = N43 / name
    accounts, movements, codes = IMPORTS[name]
    data = path.read_bytes()
    assert Norma43Importer().identify(path, data)
    result = read_norma43(path, data)
    assert len(result.statements) == accounts
    assert sum(len(s.movements) for s in result.statements) == movements
    assert {w.code for w in result.warnings} == codes
    assert [_figures(path, s) for s in result.statements] == _totals_33(path)
    for statement in result.statements:
        running = statement.opening_balance
        for movement in statement.movements:
            running += movement.amount
            assert movement.balance_after == running
            assert movement.source.file == str(path)


SAMPLE_IDS = "7a3aaef9a0a65c3f"
"""The first 16 hex digits of the SHA-256 of the ids of every sample's movements, in file order."""


def test_samples_read_the_same_movements_as_the_model_builds():
    """The reader's fast path gives what ``Movement(...)`` gives, and the same ids as ever.

    Each movement is rebuilt through the validating constructor (``attrs.evolve``, which derives
    the id again); the ids of all samples are compared with those of an earlier reader, so that a
    change in how movements are built or shared cannot change an id unnoticed.
    """
    ids = []
    for name in sorted(IMPORTS):
        path = N43 / name
        for statement in read_norma43(path, path.read_bytes()).statements:
            for movement in statement.movements:
                rebuilt = attrs.evolve(movement)
                assert rebuilt == movement
                assert rebuilt.id == movement.id
                assert movement.source.raw is None  # the file and line find the record
                ids.append(movement.id)
    assert hashlib.sha256("\n".join(ids).encode()).hexdigest()[:16] == SAMPLE_IDS


@pytest.mark.parametrize("name", sorted(FAILS))
def test_sample_fails_where_the_file_is_wrong(name):
    path = N43 / name
    line, field, text = FAILS[name]
    with pytest.raises(FormatError) as caught:
        read_norma43(path, path.read_bytes())
    assert (caught.value.line, caught.value.field) == (line, field)
    assert text in caught.value.message
    assert str(path) in str(caught.value)


def test_truncated_sample_reads_when_not_strict():
    path = N43 / "sequra_example2.n43"
    result = read_norma43(path, path.read_bytes(), strict=False)
    assert [len(s.movements) for s in result.statements] == [4]
    assert "sin_registro_33" in {w.code for w in result.warnings}


def test_closing_sign_zero_is_taken_from_the_totals():
    path = N43 / "oca_8.0_test.n43"
    (statement,) = read_norma43(path, path.read_bytes()).statements
    assert statement.closing_balance == Decimal("101.96")


def test_utf8_sample_keeps_the_replacement_character_as_text():
    path = N43 / "oca_12.0_test.n43"
    (statement,) = read_norma43(path, path.read_bytes()).statements
    assert statement.movements[0].concepts == ("COMISI\ufffdN",)
    assert statement.movements[2].original_currency == "EUR"
    assert statement.movements[2].original_amount == Decimal("1.00")


def test_latin1_sample_decodes_accents():
    path = N43 / "oca_8.0_test.n43"
    (statement,) = read_norma43(path, path.read_bytes()).statements
    assert statement.movements[0].concepts == ("COMISIÓN",)


def test_sepa_direct_debit_of_csb43_sample():
    path = N43 / "csb43_sample_sepa.csb"
    (statement,) = read_norma43(path, path.read_bytes()).statements
    parties = [m.counterparty for m in statement.movements if m.counterparty]
    assert [p.name for p in parties] == ["ACME FIBRA Y MOVIL ESPANA SA", "Acme Mobile, S.L.U."]
    assert statement.account == "ES7712341234161234567890"
