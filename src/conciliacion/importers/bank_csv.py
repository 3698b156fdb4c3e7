"""CSV and XLSX exports of web banking, read through declarative profiles.

Every bank exports its movements differently (columns, date format, one signed amount or separate
debit and credit columns, header lines with the account), and changes it now and then. A profile
states the shape; one engine reads them all. Profiles for the usual Spanish banks are bundled in
``bank_profiles.toml``; a practice adds its own in ``[[perfiles_banco]]`` tables of
``conciliacion.toml``, with the same keys.

Amounts go through :func:`conciliacion.money.parse_amount` with the profile's decimal separator;
an XLSX number cell is taken through ``repr`` (the shortest text that gives the same float) and
refused if it needs rounding beyond cents. A balance column, when present, must agree with the
amounts row after row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import tomllib
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Final, Literal

import attrs
from stdnum import iban as iban_mod
from stdnum.es import ccc as ccc_mod

from conciliacion.errors import ConfigError, FormatError
from conciliacion.importers.base import FormatWarning, ImportResult
from conciliacion.model import Movement, Source, Statement
from conciliacion.money import ZERO, DecimalSeparator, parse_amount, to_money

__all__ = [
    "BankCsvImporter",
    "BankProfile",
    "Column",
    "bundled_profiles",
    "profile_from_table",
]

Column = str | int
"""A column by its header text, or by its 1-based position."""

FileKind = Literal["csv", "xlsx"]

_XLSX_MAGIC: Final = b"PK\x03\x04"
_IBAN_ES = re.compile(r"ES\d{2}(?:[\s-]?\d{4}){5}")
_CCC = re.compile(r"\d{4}[\s-]?\d{4}[\s-]?\d{2}[\s-]?\d{10}")
_CELL = re.compile(r"([A-Z]{1,3})([1-9]\d*)")
_KEYS: Final = (
    "nombre",
    "banco",
    "tipo",
    "codificacion",
    "separador",
    "lineas_cabecera",
    "lineas_pie",
    "fecha",
    "fecha_valor",
    "concepto",
    "importe",
    "cargo",
    "abono",
    "saldo",
    "referencia",
    "formato_fecha",
    "decimal",
    "cuenta",
    "divisa",
)


def _normalise(text: str) -> str:
    """Header text compared without case, accents or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@attrs.frozen
class BankProfile:
    """The shape of one bank's export.

    Attributes:
        name: stable id of the profile (``caixabank_xlsx``).
        bank: the bank's name, for messages and the statement.
        kind: ``csv`` or ``xlsx``.
        booking_date: column of the operation date.
        concept: columns whose texts form the concept, in order.
        date_format: ``strptime`` format of date cells given as text.
        decimal_separator: of amounts given as text.
        encoding: of a CSV file.
        delimiter: of a CSV file.
        header_lines: lines (rows) before the header row.
        footer_lines: lines (rows) after the movements to ignore (totals, notes).
        value_date: column of the value date; ``None`` for files without one.
        amount: column of the signed amount; ``None`` when debit and credit are separate.
        debit: column of charges (money out), with or without a minus sign.
        credit: column of payments in.
        balance: column of the balance after each movement, ``None`` if the file has none.
        reference: column of a reference, ``None`` if none.
        account: where the account's IBAN is: ``configuracion`` (the user states it),
            ``cabecera`` (somewhere in the header lines) or ``celda`` (``account_cell``).
        account_cell: the cell (``B3``) holding the IBAN when ``account`` is ``celda``.
        currency: ISO 4217 code of the amounts.
    """

    name: str
    bank: str
    kind: FileKind
    booking_date: Column
    concept: tuple[Column, ...]
    date_format: str = "%d/%m/%Y"
    decimal_separator: DecimalSeparator = ","
    encoding: str = "utf-8"
    delimiter: str = ";"
    header_lines: int = 0
    footer_lines: int = 0
    value_date: Column | None = None
    amount: Column | None = None
    debit: Column | None = None
    credit: Column | None = None
    balance: Column | None = None
    reference: Column | None = None
    account: Literal["configuracion", "cabecera", "celda"] = "configuracion"
    account_cell: str | None = None
    currency: str = "EUR"

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column the profile reads."""
        optional = (self.value_date, self.amount, self.debit, self.credit, self.balance)
        extra = (c for c in (*optional, self.reference) if c is not None)
        return (self.booking_date, *self.concept, *extra)


# --- profiles from TOML tables ---------------------------------------------------------------


class _Table:
    def __init__(self, table: Mapping[str, object], key: str) -> None:
        self.table = table
        self.key = key

    def error(self, name: str, value: object, message: str) -> ConfigError:
        return ConfigError(f"{self.key}.{name}", value, message)

    def text(self, name: str, default: str | None = None) -> str:
        value = self.table.get(name, default)
        if value is None:
            raise self.error(name, None, "falta esta clave obligatoria")
        if not isinstance(value, str) or not value:
            raise self.error(name, value, "se esperaba un texto no vacío")
        return value

    def count(self, name: str) -> int:
        value = self.table.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:  # noqa: PLR2004 - no export has more
            raise self.error(name, value, "se esperaba un número entero entre 0 y 100")
        return value

    def column(self, name: str, *, required: bool = False) -> Column | None:
        value = self.table.get(name)
        if value is None:
            if required:
                raise self.error(name, None, "falta esta clave obligatoria")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.error(name, value, "se esperaba el nombre de la columna o su posición")
        if isinstance(value, int) and value < 1:
            raise self.error(name, value, "las posiciones de columna empiezan en 1")
        if isinstance(value, str) and not value.strip():
            raise self.error(name, value, "el nombre de la columna no puede estar vacío")
        return value


def _concepts(table: _Table) -> tuple[Column, ...]:
    raw = table.table.get("concepto")
    values = raw if isinstance(raw, list) else [raw]
    columns = []
    for index, value in enumerate(values, start=1):
        sub = _Table({"concepto": value}, table.key)
        column = sub.column("concepto", required=True)
        if column is None:  # pragma: no cover - required
            raise table.error(f"concepto[{index}]", value, "columna vacía")
        columns.append(column)
    return tuple(columns)


def _account(table: _Table) -> tuple[Literal["configuracion", "cabecera", "celda"], str | None]:
    text = table.text("cuenta", "configuracion")
    if text == "configuracion":
        return "configuracion", None
    if text == "cabecera":
        return "cabecera", None
    cell = text.removeprefix("celda:")
    if text.startswith("celda:") and _CELL.fullmatch(cell):
        return "celda", cell
    msg = "se esperaba «configuracion», «cabecera» o «celda:B3»"
    raise table.error("cuenta", text, msg)


def profile_from_table(table: Mapping[str, object], key: str) -> BankProfile:
    """Check one ``[[perfiles_banco]]`` table and build its profile.

    ``key`` names the table in messages (``perfiles_banco[2]``); every problem is a
    :class:`ConfigError` naming the key inside it (``perfiles_banco[2].fecha``).
    """
    t = _Table(table, key)
    for name in table:
        if name not in _KEYS:
            valid = ", ".join(_KEYS)
            raise t.error(name, None, f"clave desconocida; las válidas aquí son: {valid}")
    kind = t.text("tipo")
    if kind not in ("csv", "xlsx"):
        raise t.error("tipo", kind, "se esperaba «csv» o «xlsx»")
    decimal = t.text("decimal", ",")
    if decimal not in (",", "."):
        raise t.error("decimal", decimal, "se esperaba «,» o «.»")
    date_format = t.text("formato_fecha", "%d/%m/%Y")
    try:
        dt.datetime.strptime(dt.date(2024, 12, 31).strftime(date_format), date_format)  # noqa: DTZ007 - a date
    except ValueError:
        raise t.error("formato_fecha", date_format, "formato de fecha no válido") from None
    encoding = t.text("codificacion", "utf-8")
    try:
        "".encode(encoding)
    except LookupError:
        raise t.error("codificacion", encoding, "codificación desconocida") from None
    delimiter = t.text("separador", ";")
    if len(delimiter) != 1:
        raise t.error("separador", delimiter, "se esperaba un solo carácter")
    amount, debit, credit = t.column("importe"), t.column("cargo"), t.column("abono")
    if (amount is None) == (debit is None and credit is None) or (debit is None) != (
        credit is None
    ):
        msg = "indique «importe», o bien «cargo» y «abono»"
        raise t.error("importe", amount, msg)
    account, cell = _account(t)
    profile = BankProfile(
        name=t.text("nombre"),
        bank=t.text("banco"),
        kind="csv" if kind == "csv" else "xlsx",
        booking_date=t.column("fecha", required=True) or "",
        concept=_concepts(t),
        date_format=date_format,
        decimal_separator="," if decimal == "," else ".",
        encoding=encoding,
        delimiter=delimiter,
        header_lines=t.count("lineas_cabecera"),
        footer_lines=t.count("lineas_pie"),
        value_date=t.column("fecha_valor"),
        amount=amount,
        debit=debit,
        credit=credit,
        balance=t.column("saldo"),
        reference=t.column("referencia"),
        account=account,
        account_cell=cell,
        currency=t.text("divisa", "EUR"),
    )
    if not any(isinstance(c, str) for c in profile.columns):
        msg = "nombre al menos una columna por su título, para reconocer el fichero"
        raise t.error("fecha", profile.booking_date, msg)
    return profile


def bundled_profiles() -> tuple[BankProfile, ...]:
    """The profiles shipped in ``bank_profiles.toml``, in file order."""
    text = resources.files("conciliacion.importers").joinpath("bank_profiles.toml").read_text()
    data = tomllib.loads(text)
    tables = data.get("perfiles_banco", [])
    return tuple(
        profile_from_table(table, f"perfiles_banco[{index}]")
        for index, table in enumerate(tables, start=1)
    )


# --- reading rows ----------------------------------------------------------------------------

_Row = tuple[int, tuple[object, ...]]


def _csv_rows(profile: BankProfile, path: Path, data: bytes, limit: int | None) -> list[_Row]:
    try:
        text = data.decode(profile.encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        msg = f"el fichero no está en {profile.encoding} (byte {exc.start})"
        raise FormatError(path, None, None, msg) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=profile.delimiter)
    rows: list[_Row] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, tuple(cells)))
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error as exc:
        raise FormatError(path, reader.line_num, None, f"CSV mal formado: {exc}") from None
    return rows


def column_index_from_string(letters: str) -> int:
    """A spreadsheet column's number from its letters (``A`` is 1, ``AA`` is 27), as openpyxl's.

    >>> column_index_from_string("A"), column_index_from_string("Z"), column_index_from_string("AB")
    (1, 26, 28)
    """
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _xlsx_rows(path: Path, data: bytes, limit: int | None) -> list[_Row]:
    import openpyxl  # noqa: PLC0415 - a third of a second to load; most banks' exports are CSV

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FormatError(path, None, None, f"XLSX ilegible: {exc}") from None
    try:
        sheet = book.worksheets[0]
        rows: list[_Row] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, tuple(cells)))
            if limit is not None and len(rows) >= limit:
                break
        return rows
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _resolve(profile: BankProfile, header: Sequence[object]) -> dict[Column, int] | None:
    """Index of every column of the profile, or ``None`` if the header does not fit."""
    names: dict[str, int] = {}
    for index, cell in enumerate(header):
        names.setdefault(_normalise(_cell_text(cell)), index)
    found: dict[Column, int] = {}
    for column in profile.columns:
        if isinstance(column, int):
            if column > len(header):
                return None
            found[column] = column - 1
        elif (position := names.get(_normalise(column))) is not None:
            found[column] = position
        else:
            return None
    return found


def _account_in(text: str) -> str | None:
    for match in _IBAN_ES.finditer(text):
        compact = iban_mod.compact(match[0])
        if iban_mod.is_valid(compact):
            return str(compact)
    for match in _CCC.finditer(text):
        compact = re.sub(r"[\s-]", "", match[0])
        if ccc_mod.is_valid(compact):
            return str(ccc_mod.to_iban(compact))
    return None


@attrs.frozen
class _Parsed:
    line: int
    booking: dt.date
    value: dt.date
    amount: Decimal
    balance: Decimal | None
    concepts: tuple[str, ...]
    reference: str


class _RowReader:
    def __init__(self, profile: BankProfile, path: Path, columns: Mapping[Column, int]) -> None:
        self.profile = profile
        self.path = path
        self.columns = columns

    def cell(self, cells: Sequence[object], column: Column | None) -> object:
        if column is None:
            return None
        index = self.columns[column]
        return cells[index] if index < len(cells) else None

    def date(self, line: int, cells: Sequence[object], column: Column, field: str) -> dt.date:
        value = self.cell(cells, column)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _cell_text(value)
        try:
            return dt.datetime.strptime(text, self.profile.date_format).date()  # noqa: DTZ007 - a date
        except ValueError:
            sample = dt.date(2024, 1, 31).strftime(self.profile.date_format)
            msg = f"se esperaba una fecha como {sample}, no {text!r}"
            raise FormatError(self.path, line, field, msg) from None

    def money(self, line: int, cells: Sequence[object], column: Column | None) -> Decimal | None:
        value = self.cell(cells, column)
        field = str(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, float):
                return to_money(Decimal(repr(value)))
            if isinstance(value, int) and not isinstance(value, bool):
                return to_money(value)
            if isinstance(value, str):
                return parse_amount(value, self.profile.decimal_separator)
        except ValueError as exc:
            raise FormatError(self.path, line, field, str(exc)) from None
        msg = f"se esperaba un importe, no {type(value).__name__} ({value!r})"
        raise FormatError(self.path, line, field, msg)

    def amount(self, line: int, cells: Sequence[object]) -> Decimal:
        p = self.profile
        if p.amount is not None:
            amount = self.money(line, cells, p.amount)
            if amount is None:
                raise FormatError(self.path, line, str(p.amount), "importe vacío")
            return amount
        debit = self.money(line, cells, p.debit)
        credit = self.money(line, cells, p.credit)
        if debit and credit:
            msg = f"la fila tiene cargo ({debit}) y abono ({credit}) a la vez"
            raise FormatError(self.path, line, str(p.debit), msg)
        if not debit and credit is None:
            raise FormatError(self.path, line, str(p.debit), "ni cargo ni abono")
        return abs(credit or ZERO) - abs(debit or ZERO)

    def row(self, line: int, cells: Sequence[object]) -> _Parsed:
        p = self.profile
        booking = self.date(line, cells, p.booking_date, str(p.booking_date))
        value = (
            self.date(line, cells, p.value_date, str(p.value_date))
            if p.value_date is not None
            else booking
        )
        texts = (_cell_text(self.cell(cells, c)) for c in p.concept)
        return _Parsed(
            line=line,
            booking=booking,
            value=value,
            amount=self.amount(line, cells),
            balance=self.money(line, cells, p.balance),
            concepts=tuple(t for t in texts if t),
            reference=_cell_text(self.cell(cells, p.reference)),
        )


def _descending(rows: Sequence[_Parsed]) -> bool:
    """Whether the file lists the newest movement first, as many banks do."""
    if rows[0].booking != rows[-1].booking:
        return rows[0].booking > rows[-1].booking
    first, second = rows[0], rows[1] if len(rows) > 1 else rows[0]
    if first.balance is None or second.balance is None or first is second:
        return False
    return second.balance != first.balance + second.amount


def _check_balances(path: Path, rows: Sequence[_Parsed], field: str, *, descending: bool) -> None:
    ordered = list(reversed(rows)) if descending else list(rows)
    for before, after in itertools.pairwise(ordered):
        if before.balance is None or after.balance is None:
            raise FormatError(
                path, (after if after.balance is None else before).line, field, "saldo vacío"
            )
        if before.balance + after.amount != after.balance:
            msg = (
                f"el saldo {after.balance} no cuadra: saldo anterior {before.balance} "
                f"+ importe {after.amount} = {before.balance + after.amount}"
            )
            raise FormatError(path, after.line, field, msg)


@attrs.frozen
class BankCsvImporter:
    """Reads the files that fit one profile.

    Attributes:
        profile: the export's shape.
        account: the account's IBAN when the configuration states it; required by profiles whose
            files do not carry it, and checked against the file's otherwise.
    """

    profile: BankProfile
    account: str | None = None

    @property
    def name(self) -> str:
        """``perfil:`` and the profile's name."""
        return f"perfil:{self.profile.name}"

    def _rows(self, path: Path, data: bytes, limit: int | None = None) -> list[_Row]:
        if self.profile.kind == "xlsx":
            return _xlsx_rows(path, data, limit)
        return _csv_rows(self.profile, path, data, limit)

    def identify(self, path: Path, data: bytes) -> bool:
        """Whether the file is of the profile's kind and its header row has the columns."""
        if data.startswith(_XLSX_MAGIC) != (self.profile.kind == "xlsx"):
            return False
        try:
            rows = self._rows(path, data, self.profile.header_lines + 1)
        except FormatError:
            return False
        if len(rows) <= self.profile.header_lines:
            return False
        return _resolve(self.profile, rows[self.profile.header_lines][1]) is not None

    def _file_account(self, path: Path, rows: Sequence[_Row]) -> str:
        p = self.profile
        found: str | None = None
        if p.account == "cabecera":
            head = rows[: p.header_lines]
            found = _account_in(" ".join(_cell_text(c) for _, cells in head for c in cells))
        elif p.account == "celda" and p.account_cell is not None:
            match = _CELL.fullmatch(p.account_cell)
            if match is not None:
                col = column_index_from_string(match[1]) - 1
                row = int(match[2]) - 1
                cells = rows[row][1] if row < len(rows) else ()
                found = _account_in(_cell_text(cells[col] if col < len(cells) else None))
        if found is None and self.account is None:
            where = "la configuración" if p.account == "configuracion" else "el fichero"
            msg = f"no se encuentra la cuenta (perfil {p.name}): indíquela en {where}"
            raise FormatError(path, None, "cuenta", msg)
        if found is not None and self.account is not None and found != self.account:
            msg = f"el fichero es de la cuenta {found}, no de {self.account}"
            raise FormatError(path, None, "cuenta", msg)
        return found or self.account or ""

    def read(self, path: Path, data: bytes) -> ImportResult:
        """Parse the file; errors name the line (CSV) or row (XLSX) and the column."""
        p = self.profile
        if data.startswith(_XLSX_MAGIC) != (p.kind == "xlsx"):
            raise FormatError(path, None, None, f"el perfil {p.name} espera un fichero {p.kind}")
        rows = self._rows(path, data)
        if len(rows) <= p.header_lines:
            raise FormatError(path, None, None, "falta la fila de títulos de columna")
        header_line, header = rows[p.header_lines]
        columns = _resolve(p, header)
        if columns is None:
            expected = ", ".join(str(c) for c in p.columns)
            msg = f"los títulos no son los del perfil {p.name} (se esperaban: {expected})"
            raise FormatError(path, header_line, None, msg)
        account = self._file_account(path, rows)
        body = rows[p.header_lines + 1 : len(rows) - p.footer_lines]
        reader = _RowReader(p, path, columns)
        parsed = [
            reader.row(line, cells) for line, cells in body if any(_cell_text(c) for c in cells)
        ]
        if not parsed:
            raise FormatError(path, None, None, "el fichero no tiene movimientos")
        return self._result(path, account, parsed)

    def _result(self, path: Path, account: str, parsed: Sequence[_Parsed]) -> ImportResult:
        p = self.profile
        warnings: list[FormatWarning] = []
        total = sum((r.amount for r in parsed), start=ZERO)
        descending = _descending(parsed)
        if p.balance is not None:
            _check_balances(path, parsed, str(p.balance), descending=descending)
            first, last = (parsed[-1], parsed[0]) if descending else (parsed[0], parsed[-1])
            if first.balance is None or last.balance is None:
                raise FormatError(path, first.line, str(p.balance), "saldo vacío")
            opening, closing = first.balance - first.amount, last.balance
        else:
            opening, closing = ZERO, total
            msg = "el fichero no trae saldos: el saldo inicial se toma como 0,00"
            warnings.append(FormatWarning(str(path), None, "sin_saldos", msg))
        movements = [
            Movement(
                account=account,
                booking_date=r.booking,
                value_date=r.value,
                amount=r.amount,
                currency=p.currency,
                source=Source(str(path), r.line),
                reference1=r.reference,
                concepts=r.concepts,
                balance_after=r.balance,
            )
            for r in parsed
        ]
        statement = Statement(
            account=account,
            start_date=min(r.booking for r in parsed),
            end_date=max(r.booking for r in parsed),
            opening_balance=opening,
            closing_balance=closing,
            movements=movements,
            source=Source(str(path), 0),
            currency=p.currency,
            bank_name=p.bank,
        )
        return ImportResult([statement], warnings)
