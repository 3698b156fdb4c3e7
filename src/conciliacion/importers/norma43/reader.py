"""Read a Norma 43 file into statements, refusing anything the booklet or a known bank does not do.

Every record is checked: 80 characters, digits where digits belong, real dates, the order of the
records, the totals of each record 33 and the count of the record 88. A failure raises
:class:`~conciliacion.errors.FormatError` with file, line, field, and what was expected and found.
The deviations of :mod:`.leniency` are accepted and reported as warnings.

The loop over records is written for speed (a practice's yearly file has tens of thousands of
movements and the benchmark 200,000): whole runs of digit fields are checked with one ``str``
call, dates come from a cache keyed by their six characters, amounts are whole cents until the
``Decimal`` is built once, and the per-field error messages are produced only on failure.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from conciliacion._gc import collector_paused
from conciliacion.errors import FormatError
from conciliacion.importers.base import FormatWarning, ImportResult
from conciliacion.importers.norma43._decode import prepare
from conciliacion.importers.norma43._fast import fast_movement, fast_source
from conciliacion.importers.norma43._records import (
    AccountEnd,
    Header,
    check_currency,
    check_digits,
    fail,
    parse_account_end,
    parse_date,
    parse_equivalence,
    parse_header,
    parse_record_count,
    reference1_is_valid,
)
from conciliacion.importers.norma43.counterparty import counterparty
from conciliacion.importers.norma43.layout import (
    ACCOUNT_END,
    CONCEPT,
    DEBIT,
    END_OF_FILE,
    MAX_CONCEPT_RECORDS,
    MOVEMENT,
    RECORD_LENGTH,
    Field,
)
from conciliacion.importers.norma43.leniency import Leniency, warning
from conciliacion.model import Movement, Statement
from conciliacion.model.provenance import Source

__all__ = ["read_norma43"]

_CONCEPT_CODES = tuple(f"{n:02d}" for n in range(1, MAX_CONCEPT_RECORDS + 1))
_RECORD_TYPES = "11, 22, 23, 24, 33 u 88"


_Decimal = Decimal
_ZERO_REFERENCE = "0" * MOVEMENT.reference1.width
_SHARED_TEXTS = 4096
"""How many distinct texts are shared; beyond that only those already seen are."""
_SHOWN = 10
"""Lines listed in a warning that repeats."""


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _lines_error(path: Path, line: int, raw: bytes, encoding: str) -> NoReturn:
    """Name the byte that the encoding detected for the file cannot decode."""
    try:
        raw.decode(encoding)
    except UnicodeDecodeError as exc:
        message = f"byte {raw[exc.start]:#04x} no válido en {encoding} (posición {exc.start + 1})"
        raise FormatError(path, line, "codificación", message) from exc
    msg = "la línea se decodifica bien"  # pragma: no cover - called only after a failure
    raise AssertionError(msg)  # pragma: no cover


def _control_characters(path: Path, line: int, record: str) -> None:
    """Refuse control characters, which no field may hold (a non-printable space is fine)."""
    for index, char in enumerate(record):
        if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:  # noqa: PLR2004 - C0 and C1 controls
            raise FormatError(
                path,
                line,
                None,
                f"carácter de control {char!r} en la posición {index + 1}",
            )


class _Statement:
    """The statement being read: its header, movements and running totals."""

    __slots__ = (
        "account",
        "balance",
        "credit_cents",
        "credit_count",
        "debit_cents",
        "debit_count",
        "header",
        "movements",
    )

    def __init__(self, header: Header) -> None:
        self.header = header
        self.account = header.account
        self.balance = header.opening_cents
        self.movements: list[Movement] = []
        self.debit_count = self.credit_count = 0
        self.debit_cents = self.credit_cents = 0


class _Pending:
    """The movement whose 23 and 24 records are still being read."""

    __slots__ = ("cents", "equivalence", "line", "record", "records", "texts")

    def __init__(self, line: int, record: str, cents: int) -> None:
        self.line = line
        self.record = record
        self.cents = cents
        """Signed by the debit/credit key; a zero debit counts as a debit from the key."""
        self.records: list[str] = []
        self.texts: list[str] = []
        self.equivalence: tuple[str, int] | None = None


class _Reader:
    """One reading of one file. Holds the state of that reading only; never reused."""

    def __init__(self, path: Path, *, strict: bool) -> None:
        self.path = path
        self.file = str(path)
        self.strict = strict
        self.warnings: list[FormatWarning] = []
        self.statements: list[Statement] = []
        self.dates: dict[str, dt.date] = {}
        self.iso: dict[str, str] = {}
        self.shared: dict[str, str] = {}
        """Texts seen, so that a repeated concept is one string in memory, not one per movement."""
        self.records = 0
        self.equivalences = 0
        self.short: list[int] = []
        self.zero: list[int] = []
        self.bad_reference: list[int] = []

    def date(self, line: int, record: str, field: Field) -> dt.date:
        """A date of a record 22, from the cache of the file's dates (a few hundred at most)."""
        text = field.cut(record)
        found = self.dates.get(text)
        if found is None:
            found = parse_date(self.path, line, field, text)
            self.dates[text] = found
            self.iso[text] = found.isoformat()
        return found

    def movement(self, statement: _Statement, pending: _Pending) -> None:
        """Turn a record 22 and its complements into a movement."""
        record = pending.record
        line = pending.line
        cents = pending.cents
        statement.balance += cents
        if record[27] == DEBIT:
            statement.debit_count += 1
            statement.debit_cents -= cents
        else:
            statement.credit_count += 1
            statement.credit_cents += cents
        if cents == 0:
            self.zero.append(line)
        reference1 = record[52:64].rstrip()
        if (
            reference1 != _ZERO_REFERENCE
            and statement.header.mode == "3"
            and reference1.isdigit()
            and reference1.isascii()
            and len(reference1) == MOVEMENT.reference1.width
            and not reference1_is_valid(reference1)
        ):
            self.bad_reference.append(line)
        texts = pending.texts
        common = record[22:24]
        own = record[24:27]
        if texts:
            if not (texts[0] and texts[-1]):
                while texts and not texts[-1]:
                    texts.pop()
                start = 0
                while start < len(texts) and not texts[start]:
                    start += 1
                del texts[:start]
            concepts = tuple(texts)
            party = counterparty(
                bank=statement.header.bank,
                common_concept=common,
                own_concept=own,
                reference1=reference1,
                records=pending.records,
            )
        else:
            concepts = ()
            party = None
        equivalence = pending.equivalence
        dates = self.dates
        booking_text = record[10:16]
        value_text = record[16:22]
        booking = dates.get(booking_text) or self.date(line, record, MOVEMENT.booking_date)
        value = dates.get(value_text) or self.date(line, record, MOVEMENT.value_date)
        iso = self.iso
        shared = self.shared
        statement.movements.append(
            fast_movement(
                statement.account,
                booking,
                value,
                iso[booking_text],
                iso[value_text],
                _Decimal(cents).scaleb(-2),
                fast_source(self.file, line, record),
                statement.header.currency,
                shared.setdefault(common, common),
                shared.setdefault(own, own),
                record[42:52],
                reference1,
                record[64:80].rstrip(),
                concepts,
                party,
                _Decimal(statement.balance).scaleb(-2),
                "" if equivalence is None else equivalence[0],
                None if equivalence is None else _cents(equivalence[1]),
            )
        )

    def close(self, statement: _Statement, line: int, record: str) -> None:
        """Check a record 33 against the movements and build the statement."""
        header = statement.header
        end = parse_account_end(self.path, line, record, header)
        closing = self.closing(statement, end, line)
        check_currency(self.path, line, record, header)
        self.statements.append(
            Statement(
                account=statement.account,
                start_date=header.start,
                end_date=header.end,
                opening_balance=_cents(header.opening_cents),
                closing_balance=_cents(closing),
                movements=statement.movements,
                source=Source(self.file, header.line, header.raw),
                currency=header.currency,
                bank_name=header.name,
            )
        )

    def closing(self, statement: _Statement, end: AccountEnd, line: int) -> int:
        """The closing balance in cents, once the 33 totals agree with the movements."""
        e = ACCOUNT_END
        computed = statement.balance
        checks = (
            (e.debit_count, statement.debit_count, end.debit_count, str),
            (e.debit_total, statement.debit_cents, end.debit_cents, _cents),
            (e.credit_count, statement.credit_count, end.credit_count, str),
            (e.credit_total, statement.credit_cents, end.credit_cents, _cents),
        )
        for field, expected, found, show in checks:
            if expected != found:
                message = (
                    f"se esperaba {show(expected)} según los movimientos de la cuenta, "
                    f"se encontró {show(found)}"
                )
                if self.strict:
                    fail(self.path, line, field, message)
                self.warnings.append(
                    warning(self.path, line, Leniency.TOTALS_MISMATCH, f"{field.name}: {message}")
                )
                return computed
        if end.sign == "0":
            if end.balance_cents != abs(computed) or computed < 0:
                fail(
                    self.path,
                    line,
                    e.sign,
                    "se esperaba 1 (debe) o 2 (haber), se encontró '0' con un saldo "
                    f"{_cents(end.balance_cents)} que no es el que dan los totales "
                    f"({_cents(computed)})",
                )
            detail = "saldo cero" if computed == 0 else f"saldo positivo {_cents(computed)}"
            self.warnings.append(
                warning(self.path, line, Leniency.CLOSING_SIGN_ZERO, f"se toma como {detail}")
            )
            return computed
        found = -end.balance_cents if end.sign == DEBIT else end.balance_cents
        if found != computed:
            message = (
                f"se esperaba {_cents(computed)} (saldo inicial + haber - debe), "
                f"se encontró {_cents(found)}"
            )
            field = e.sign if found == -computed else e.balance
            if self.strict:
                fail(self.path, line, field, message)
            self.warnings.append(warning(self.path, line, Leniency.TOTALS_MISMATCH, message))
        return computed

    def record_count(self, line: int, record: str) -> None:
        """Compare the record 88's count with the records read."""
        found = parse_record_count(self.path, line, record)
        expected = self.records
        if found == expected:
            return
        if found == expected + 1:
            why = "cuenta también el propio registro 88"
        elif self.equivalences and found == expected - self.equivalences:
            why = f"no cuenta {_count(self.equivalences, 'el registro', 'los registros')} 24"
        elif found == expected - 1:
            why = "cuenta uno menos"
        else:
            message = f"se esperaban {expected} registros (sin contar el 88), se encontró {found}"
            if self.strict:
                fail(self.path, line, END_OF_FILE.record_count, message)
            self.warnings.append(warning(self.path, line, Leniency.RECORD_COUNT_WRONG, message))
            return
        detail = f"dice {found}, hay {expected} sin contar el 88: {why}"
        self.warnings.append(warning(self.path, line, Leniency.RECORD_COUNT_OFF, detail))

    def summary_warnings(self) -> None:
        """One warning per repeated deviation, naming how many and the first line."""
        for lines, leniency in (
            (self.short, Leniency.SHORT_LINES),
            (self.zero, Leniency.ZERO_AMOUNT),
            (self.bad_reference, Leniency.REFERENCE1_CHECK_DIGIT),
        ):
            if lines:
                shown = ", ".join(str(n) for n in lines[:_SHOWN]) + (
                    ", …" if len(lines) > _SHOWN else ""
                )
                detail = f"{_count(len(lines), 'línea', 'líneas')} ({shown})"
                self.warnings.append(warning(self.path, lines[0], leniency, detail))

    def read(self, body: bytes, encoding: str) -> None:  # noqa: C901, PLR0912, PLR0915 - the hot loop stays in one frame: measured 30% faster than a method per record
        """Read every record, in order."""
        path = self.path
        statement: _Statement | None = None
        pending: _Pending | None = None
        ended = False
        short = self.short
        shared = self.shared
        number = 0
        for number, raw in enumerate(io.BytesIO(body), start=1):
            try:
                # prepare() refused lone CRs, so only a line end is stripped here.
                line = raw.decode(encoding).rstrip("\r\n")
            except UnicodeDecodeError:
                _lines_error(path, number, raw, encoding)
            length = len(line)
            if length != RECORD_LENGTH:
                if length > RECORD_LENGTH:
                    fail(
                        path,
                        number,
                        "longitud de registro",
                        f"se esperaban {RECORD_LENGTH} caracteres, se encontraron {length}",
                    )
                if length == 0:
                    fail(path, number, None, "línea vacía: se esperaba un registro")
                short.append(number)
                line = line.ljust(RECORD_LENGTH)
            if not line.isprintable():
                _control_characters(path, number, line)
            if ended:
                fail(path, number, "tipo de registro", "hay registros después del registro 88")
            code = line[:2]
            if code == "22":
                if statement is None:
                    fail(path, number, "tipo de registro", "registro 22 fuera de una cuenta")
                if pending is not None:
                    self.movement(statement, pending)
                run = line[6:52]
                if not (run.isdigit() and run.isascii()):
                    check_digits(path, number, line)
                sign = line[27]
                if sign == "1":
                    cents = -int(line[28:42])
                elif sign == "2":
                    cents = int(line[28:42])
                else:
                    fail(
                        path,
                        number,
                        MOVEMENT.sign,
                        f"se esperaba 1 (debe) o 2 (haber), se encontró {sign!r}",
                    )
                pending = _Pending(number, line, cents)
            elif code == "23":
                if pending is None:
                    fail(path, number, "tipo de registro", "registro 23 antes de un movimiento")
                if pending.equivalence is not None:
                    fail(path, number, "tipo de registro", "registro 23 después del registro 24")
                index = len(pending.records)
                if index == MAX_CONCEPT_RECORDS:
                    fail(
                        path,
                        number,
                        CONCEPT.data_code,
                        f"más de {MAX_CONCEPT_RECORDS} registros 23 en un movimiento",
                    )
                data_code = line[2:4]
                if data_code != _CONCEPT_CODES[index]:
                    fail(
                        path,
                        number,
                        CONCEPT.data_code,
                        f"se esperaba {_CONCEPT_CODES[index]}, se encontró {data_code!r}",
                    )
                pending.records.append(line)
                text1 = line[4:42].rstrip()
                text2 = line[42:80].rstrip()
                if len(shared) < _SHARED_TEXTS:
                    text1 = shared.setdefault(text1, text1)
                    text2 = shared.setdefault(text2, text2)
                else:
                    text1 = shared.get(text1, text1)
                    text2 = shared.get(text2, text2)
                pending.texts.append(text1)
                pending.texts.append(text2)
            elif code == "24":
                if pending is None:
                    fail(path, number, "tipo de registro", "registro 24 antes de un movimiento")
                if pending.equivalence is not None:
                    fail(path, number, "tipo de registro", "más de un registro 24 en un movimiento")
                pending.equivalence = parse_equivalence(path, number, line)
                self.equivalences += 1
            elif code == "11":
                if statement is not None:
                    fail(
                        path,
                        number,
                        "tipo de registro",
                        f"registro 11 sin el 33 de la cuenta abierta en la línea "
                        f"{statement.header.line}",
                    )
                statement = _Statement(parse_header(path, number, line))
            elif code == "33":
                if statement is None:
                    fail(path, number, "tipo de registro", "registro 33 fuera de una cuenta")
                if pending is not None:
                    self.movement(statement, pending)
                    pending = None
                self.close(statement, number, line)
                statement = None
            elif code == "88":
                if statement is not None:
                    fail(
                        path,
                        number,
                        "tipo de registro",
                        f"registro 88 sin el 33 de la cuenta abierta en la línea "
                        f"{statement.header.line}",
                    )
                self.records = number - 1
                self.record_count(number, line)
                ended = True
            else:
                fail(
                    path,
                    number,
                    "tipo de registro",
                    f"se esperaba {_RECORD_TYPES}, se encontró {code!r}",
                )
            if not self.statements and statement is None and not ended:
                fail(path, number, "tipo de registro", f"se esperaba 11, se encontró {code!r}")
        last = number
        if statement is not None:
            self.truncated(statement, pending, last)
        if not self.statements:
            fail(path, last, "tipo de registro", "el fichero no contiene ninguna cuenta (11)")
        if not ended:
            self.warnings.append(
                warning(path, last, Leniency.NO_END_OF_FILE, "el fichero termina en un 33")
            )

    def truncated(self, statement: _Statement, pending: _Pending | None, last: int) -> None:
        """A file that ends inside a statement: an error, or a warning when not strict."""
        message = (
            f"el fichero termina en la línea {last} sin el registro 33 de la cuenta abierta "
            f"en la línea {statement.header.line}"
        )
        if self.strict:
            fail(self.path, last, "tipo de registro", message)
        if pending is not None:
            self.movement(statement, pending)
        header = statement.header
        self.warnings.append(warning(self.path, last, Leniency.NO_ACCOUNT_END, message))
        self.statements.append(
            Statement(
                account=statement.account,
                start_date=header.start,
                end_date=header.end,
                opening_balance=_cents(header.opening_cents),
                closing_balance=_cents(statement.balance),
                movements=statement.movements,
                source=Source(self.file, header.line, header.raw),
                currency=header.currency,
                bank_name=header.name,
            )
        )


def read_norma43(path: str | Path, data: bytes, *, strict: bool = True) -> ImportResult:
    """Read a Norma 43 file's bytes; ``path`` is for provenance and messages only.

    With ``strict`` (the default) the known deviations of :class:`.Leniency` are accepted as
    warnings and anything else raises :class:`~conciliacion.errors.FormatError`. With
    ``strict=False`` three further problems become warnings instead of errors: 33 totals that do
    not add up (the balances then follow the movements), a wrong 88 count and a file cut short
    before its last 33. Malformed records are errors either way.
    """
    path = Path(path)
    prepared = prepare(path, data)
    reader = _Reader(path, strict=strict)
    with collector_paused():
        reader.read(prepared.body, prepared.encoding)
    reader.summary_warnings()
    return ImportResult(
        statements=reader.statements, warnings=[*prepared.warnings, *reader.warnings]
    )
