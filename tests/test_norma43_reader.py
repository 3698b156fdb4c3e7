"""The Norma 43 reader: round trip with the writer, every refused field, every named leniency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import amounts, dates

from conciliacion.errors import FormatError
from conciliacion.importers.base import StatementImporter
from conciliacion.importers.norma43 import Leniency, Norma43Importer, read_norma43, write_norma43
from conciliacion.importers.norma43._records import account_iban
from conciliacion.importers.norma43.layout import (
    ACCOUNT_END,
    ACCOUNT_HEADER,
    CONCEPT,
    END_OF_FILE,
    MOVEMENT,
    Field,
)
from conciliacion.importers.norma43.leniency import DESCRIPTIONS
from conciliacion.model import Movement, Source, Statement

PATH = Path("extracto.n43")
SOURCE = Source("gen", 0)

_SPANISH = "áéíóúüñçÁÉÍÓÚÜÑÇºª"
"""Letters whose bytes tell latin-1 from cp850; a file of only "¡" or "¿" is read as cp850."""
_latin1_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from(_SPANISH),
    max_size=38,
).map(str.rstrip)


@st.composite
def concept_texts(draw: st.DrawFn) -> tuple[str, ...]:
    texts = draw(st.lists(_latin1_text, max_size=10))
    while texts and not texts[-1]:
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    return tuple(texts)


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
    bank = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    branch = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    number = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    account = account_iban(bank, branch, number)
    start = draw(dates(end=dt.date(2060, 1, 1)))
    end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    opening = draw(amounts(10**10))
    balance = opening
    movements = []
    for _ in range(draw(st.integers(0, 5))):
        amount = draw(amounts(10**9))
        balance += amount
        booking = draw(st.dates(start, end))
        movements.append(
            Movement(
                account=account,
                booking_date=booking,
                value_date=draw(dates()),
                amount=amount,
                source=SOURCE,
                common_concept=draw(digits) + draw(digits),
                own_concept=draw(st.text(alphabet="0123456789", min_size=3, max_size=3)),
                document=draw(st.text(alphabet="0123456789", min_size=10, max_size=10)),
                reference1=draw(st.text(alphabet="0123456789 AB", max_size=12).map(str.rstrip)),
                reference2=draw(st.text(alphabet="0123456789 XYZ-", max_size=16).map(str.rstrip)),
                concepts=draw(concept_texts()),
                balance_after=balance,
            )
        )
    return Statement(
        account=account,
        start_date=start,
        end_date=end,
        opening_balance=opening,
        closing_balance=balance,
        movements=movements,
        source=SOURCE,
        bank_name=draw(st.text(alphabet="ABCDEFGHIJ .", max_size=26).map(str.strip)),
    )


def _view(statement: Statement) -> tuple[object, ...]:
    return (
        statement.account,
        statement.start_date,
        statement.end_date,
        statement.opening_balance,
        statement.closing_balance,
        statement.currency,
        statement.bank_name,
        [
            (
                m.account,
                m.booking_date,
                m.value_date,
                m.amount,
                m.currency,
                m.common_concept,
                m.own_concept,
                m.document,
                m.reference1,
                m.reference2,
                m.concepts,
                m.balance_after,
            )
            for m in statement.movements
        ],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements(), min_size=1, max_size=3))
def test_written_statements_read_back_equal(written):
    data = write_norma43(written)
    result = read_norma43(PATH, data)
    assert [_view(s) for s in result.statements] == [_view(s) for s in written]
    allowed = {Leniency.ZERO_AMOUNT, Leniency.REFERENCE1_CHECK_DIGIT}
    assert {w.code for w in result.warnings} <= {code.value for code in allowed}


_DIGIT_FIELDS = {
    "11": [
        f
        for f in attrs.astuple(ACCOUNT_HEADER, recurse=False)
        if f.name not in {"nombre abreviado", "libre", "clave debe/haber del saldo inicial"}
    ],
    "22": [
        MOVEMENT.branch,
        MOVEMENT.booking_date,
        MOVEMENT.value_date,
        MOVEMENT.common_concept,
        MOVEMENT.own_concept,
        MOVEMENT.sign,
        MOVEMENT.amount,
        MOVEMENT.document,
    ],
    "23": [CONCEPT.data_code],
    "33": [f for f in attrs.astuple(ACCOUNT_END, recurse=False) if f.name != "libre"],
    "88": [END_OF_FILE.nines, END_OF_FILE.record_count],
}


def _fields(record_type: str) -> list[Field]:
    return [f for f in _DIGIT_FIELDS[record_type] if isinstance(f, Field)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements(), min_size=1, max_size=2), st.data())
def test_a_corrupted_field_is_an_error_on_its_line(written, data):
    lines = write_norma43(written).decode("latin-1").split("\r\n")[:-1]
    index = data.draw(st.integers(0, len(lines) - 1))
    record = lines[index]
    field = data.draw(st.sampled_from(_fields(record[:2])))
    position = data.draw(st.integers(field.start, field.end)) - 1
    letter = data.draw(st.sampled_from("AZ x-"))
    lines[index] = record[:position] + letter + record[position + 1 :]
    corrupted = "".join(f"{line}\r\n" for line in lines).encode("latin-1")
    with pytest.raises(FormatError) as caught:
        read_norma43(PATH, corrupted)
    assert caught.value.line == index + 1


def _file(*records: str, end: str = "\r\n") -> bytes:
    return "".join(f"{r.ljust(80)}{end}" for r in records).encode("latin-1")


HEADER = "112100041802000513322401012401312000000000100009783CLINICA"
MOVE = "22    0418240105240105040012000000000025000000000000000000000000REF2"
CONCEPT1 = "2301" + "TRANSFERENCIA".ljust(38) + "ASEGURADORA SA"
END = (
    "33"
    "2100"
    "0418"
    "0200051332"
    "00000" + "0" * 14 + "00001" + "00000000002500" + "2" + "00000000012500" + "978"
)
EOF_88 = "88" + "9" * 18 + "000004"


def test_minimal_file_reads():
    result = read_norma43(PATH, _file(HEADER, MOVE, CONCEPT1, END, EOF_88))
    assert result.warnings == ()
    (statement,) = result.statements
    (movement,) = statement.movements
    assert movement.account == "ES9121000418450200051332"
    assert movement.amount == Decimal("25.00")
    assert movement.balance_after == Decimal("125.00")
    assert movement.concepts == ("TRANSFERENCIA", "ASEGURADORA SA")
    assert movement.source == Source(str(PATH), 2)
    assert movement.source.raw is None  # the file and line find it
    assert statement.source.line == 1
    assert statement.source.raw == HEADER.ljust(80)


def test_importer_follows_the_protocol():
    importer = Norma43Importer()
    assert isinstance(importer, StatementImporter)
    assert importer.name == "norma43"
    data = _file(HEADER, MOVE, CONCEPT1, END, EOF_88)
    assert importer.identify(Path("extracto.csv"), data)
    assert not importer.identify(PATH, b"Fecha;Concepto;Importe\r\n")
    assert not importer.identify(PATH, b"")
    assert importer.read(PATH, data) == read_norma43(PATH, data)


@pytest.mark.parametrize(
    ("records", "line", "field", "message"),
    [
        (
            (HEADER, MOVE.ljust(80) + "X", CONCEPT1, END, EOF_88),
            2,
            "longitud de registro",
            "se esperaban 80",
        ),
        ((HEADER, MOVE[:28] + "0000000000A500" + MOVE[42:], END, EOF_88), 2, "importe", "dígitos"),
        ((HEADER, MOVE[:27] + "3" + MOVE[28:], END, EOF_88), 2, "clave debe/haber", "1 (debe)"),
        (
            (HEADER, MOVE[:10] + "240231" + MOVE[16:], END, EOF_88),
            2,
            "fecha de operación",
            "imposible",
        ),
        ((HEADER, CONCEPT1, END, EOF_88), 2, "tipo de registro", "antes de un movimiento"),
        (
            (HEADER, MOVE, *[f"23{n:02d}X" for n in range(1, 7)], END, EOF_88),
            8,
            "código de dato",
            "más de 5",
        ),
        ((HEADER, MOVE, "2302X", END, EOF_88), 3, "código de dato", "se esperaba 01"),
        (
            (HEADER, MOVE, END[:24] + "1" + END[25:], EOF_88),
            3,
            "número de apuntes al debe",
            "se esperaba 0",
        ),
        (
            (HEADER, MOVE, END[:58] + "1" + END[59:], EOF_88),
            3,
            "clave debe/haber del saldo final",
            None,
        ),
        ((HEADER, MOVE, END[:72] + "1" + END[73:], EOF_88), 3, "saldo final", "se esperaba 125.00"),
        ((HEADER, MOVE, END[:10] + "9" + END[11:], EOF_88), 3, "número de cuenta", "registro 11"),
        ((HEADER, MOVE, END[:73] + "840", EOF_88), 3, "divisa", "EUR"),
        ((HEADER, MOVE, END, EOF_88[:20] + "000009"), 4, "número de registros", "se esperaban 3"),
        ((HEADER, MOVE, END, EOF_88, HEADER), 5, "tipo de registro", "después del registro 88"),
        ((MOVE, END, EOF_88), 1, "tipo de registro", "fuera de una cuenta"),
        ((HEADER, MOVE, "44", END, EOF_88), 3, "tipo de registro", "se encontró '44'"),
        ((HEADER, MOVE), 2, "tipo de registro", "sin el registro 33"),
        ((HEADER[:26] + "231231" + HEADER[32:], END, EOF_88), 1, "fecha final", "anterior"),
        ((HEADER[:47] + "999" + HEADER[50:], END, EOF_88), 1, "divisa", "desconocida"),
    ],
)
def test_structural_errors_name_line_and_field(records, line, field, message):
    with pytest.raises(FormatError) as caught:
        read_norma43(PATH, _file(*records))
    error = caught.value
    assert (error.line, error.field) == (line, field)
    if message:
        assert message in error.message
    assert str(error).startswith(f"{PATH}:{line}: campo «{field}»")


def test_control_character_is_an_error():
    with pytest.raises(FormatError, match="carácter de control") as caught:
        read_norma43(PATH, _file(HEADER, MOVE, "2301ABC\x07", END, EOF_88))
    assert caught.value.line == 3


def test_a_control_character_is_reported_after_what_comes_first_on_its_line_and_before():
    # A record both too long and with a control character: its length is what is said first.
    with pytest.raises(FormatError, match="longitud"):
        read_norma43(PATH, _file(HEADER, MOVE, "2301ABC\x07".ljust(81), END, EOF_88))
    # A problem on an earlier line is reported first, a control character after it is not.
    with pytest.raises(FormatError) as caught:
        read_norma43(PATH, _file(HEADER, "23" + MOVE[2:], "2301ABC\x07", END, EOF_88))
    assert caught.value.line == 2
    # A non-printable space is not a control character.
    read_norma43(PATH, _file(HEADER, MOVE, "2301ABC\xa0", END, EOF_88), strict=False)


def test_a_control_character_far_into_a_large_file_names_its_line():
    """The file is read in chunks of about 256 KB; the line number counts every chunk before."""
    moves = [MOVE] * 5000
    moves[4321] = MOVE[:30] + "\x1b" + MOVE[31:]
    with pytest.raises(FormatError, match="carácter de control") as caught:
        read_norma43(PATH, _file(HEADER, *moves, END, EOF_88))
    assert caught.value.line == 4321 + 2


def test_lone_carriage_return_is_an_error():
    data = _file(HEADER, MOVE).replace(b"\r\n", b"\r", 1) + _file(END, EOF_88)
    with pytest.raises(FormatError, match="CR"):
        read_norma43(PATH, data)


def test_empty_file_is_an_error():
    with pytest.raises(FormatError, match="vacío"):
        read_norma43(PATH, b"")


def _codes(data: bytes) -> set[str]:
    return {w.code for w in read_norma43(PATH, data).warnings}


def test_each_leniency_is_reported():
    good = [HEADER, MOVE, CONCEPT1, END, EOF_88]
    assert _codes(_file(*good, end="\n")) == {"fin_de_linea_lf"}
    assert _codes(_file(*good)[:-2]) == {"sin_salto_final"}
    assert _codes(_file(*good) + b"\x1a") == {"ctrl_z_final"}
    assert _codes(_file(*good) + b"\r\n\r\n") == {"lineas_vacias_finales"}
    assert _codes(b"\xef\xbb\xbf" + _file(*good)) == {"bom_utf8"}
    assert _codes(_file(*good[:-1])) == {"sin_registro_88"}
    assert _codes("".join(f"{r.rstrip()}\r\n" for r in good).encode()) == {"lineas_recortadas"}
    assert _codes(_file(*good[:-1], EOF_88[:-1] + "5")) == {"recuento_88_desfasado"}
    assert _codes(_file(*good[:-1], EOF_88[:-1] + "3")) == {"recuento_88_desfasado"}
    utf8 = _file(HEADER, MOVE, "2301CLÍNICA ÑANDÚ", END, EOF_88).decode("latin-1").encode()
    assert _codes(utf8) == {"texto_utf8"}
    bad_ref = MOVE[:52] + "123456789013" + MOVE[64:]
    assert _codes(_file(HEADER, bad_ref, END, EOF_88[:-1] + "3")) == {"referencia1_digito_control"}
    zero = MOVE[:28] + "0" * 14 + MOVE[42:]
    zero_end = END[:39] + "00001" + "0" * 14 + "2" + "00000000010000" + "978"
    assert _codes(_file(HEADER, zero, zero_end, EOF_88[:-1] + "3")) == {"movimiento_importe_cero"}


def test_utf8_text_is_decoded():
    utf8 = _file(HEADER, MOVE, "2301CLÍNICA ÑANDÚ", END, EOF_88).decode("latin-1").encode()
    (statement,) = read_norma43(PATH, utf8).statements
    assert statement.movements[0].concepts == ("CLÍNICA ÑANDÚ",)


def test_cp850_text_is_decoded():
    data = _file(HEADER, MOVE, "2301CLÍNICA ÑANDÚ DOLOR ÓSEO", END, EOF_88).decode("latin-1")
    (statement,) = read_norma43(PATH, data.encode("cp850")).statements
    assert statement.movements[0].concepts == ("CLÍNICA ÑANDÚ DOLOR ÓSEO",)


def test_closing_sign_zero_with_zero_balance():
    header = HEADER[:33] + "0" * 14 + HEADER[47:]
    end = "3321000418020005133200000" + "0" * 14 + "00000" + "0" * 14 + "0" + "0" * 14 + "978"
    result = read_norma43(PATH, _file(header, end, EOF_88[:-1] + "2"))
    assert {w.code for w in result.warnings} == {"signo_saldo_final_0"}


def test_closing_sign_zero_against_the_totals_is_an_error():
    end = END[:58] + "0" + "00000000099999" + "978"
    with pytest.raises(FormatError) as caught:
        read_norma43(PATH, _file(HEADER, MOVE, end, EOF_88))
    assert caught.value.field == "clave debe/haber del saldo final"


def test_not_strict_reports_totals_instead_of_failing():
    end = END[:72] + "1" + END[73:]
    result = read_norma43(PATH, _file(HEADER, MOVE, end, EOF_88[:-1] + "3"), strict=False)
    assert {w.code for w in result.warnings} == {"totales_33_descuadrados"}
    assert result.statements[0].closing_balance == Decimal("125.00")


def test_every_leniency_has_a_spanish_description():
    assert set(DESCRIPTIONS) == set(Leniency)
