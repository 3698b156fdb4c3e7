"""Reading a CSV or XLSX table through an input profile, with every cell error named.

The four tabular importers (activity, settlements, fee schedules, invoices) differ in what a row
means, not in how a table is read: encoding and byte order mark, separator, header row, the export's
names for our columns, the decimal separator and the date format all come from the profile. A cell
that cannot be read raises a :class:`~conciliacion.errors.FormatError` naming file, line and the
column as the export calls it, so the user can find it in the spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs

from conciliacion.errors import FormatError
from conciliacion.importers.columns import COLUMNS
from conciliacion.importers.input_profiles import InputProfile
from conciliacion.money import parse_amount, to_money

__all__ = [
    "Cell",
    "Row",
    "Table",
    "cell_text",
    "csv_rows",
    "header_positions",
    "is_xlsx",
    "read_rows",
    "read_table",
    "xlsx_rows",
]

Cell = str | int | float | bool | dt.date | dt.datetime | None
"""What a cell holds: always text in a CSV; typed values in an XLSX."""

_XLSX_MAGIC: Final = b"PK\x03\x04"
_XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0"


def is_xlsx(data: bytes) -> bool:
    """Whether the bytes are a zip container, as an XLSX workbook is."""
    return data.startswith(_XLSX_MAGIC)


def _decode(path: str, data: bytes, encoding: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"el texto no está en {encoding} (byte {data[exc.start]:#04x}); indique la "
            "codificación del fichero en su perfil («codificacion»)"
        )
        raise FormatError(path, line, None, msg) from None


def csv_rows(path: str, text: str, delimiter: str) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Records with the line they start on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous = 0
    try:
        for cells in reader:
            yield previous + 1, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise FormatError(path, previous + 1, None, f"CSV mal formado: {exc}") from None


def xlsx_rows(path: str, data: bytes, limit: int | None) -> list[tuple[int, Sequence[Cell]]]:
    """The first sheet's rows; read whole because openpyxl's warnings must stay inside.

    openpyxl is imported here, not with the module: it takes a third of a second to load, and
    most practices send CSV.
    """
    import openpyxl  # noqa: PLC0415 - see above

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise FormatError(path, None, None, f"no es un libro XLSX legible ({exc})") from None
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True, max_row=limit)
            return [(number, tuple(values)) for number, values in enumerate(rows, start=1)]
        finally:
            book.close()


def read_rows(
    path: str, data: bytes, profile: InputProfile, limit: int | None = None
) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Every row of the file with its 1-based line (or spreadsheet row), header included."""
    if data.startswith(_XLS_MAGIC):
        msg = "formato XLS antiguo: guárdelo como XLSX o como CSV"
        raise FormatError(path, None, None, msg)
    if is_xlsx(data):
        return iter(xlsx_rows(path, data, limit))
    return csv_rows(path, _decode(path, data, profile.encoding), profile.delimiter)


def _fold(cell: Cell) -> str:
    return cell_text(cell).lstrip("\ufeff").strip().casefold()


def cell_text(cell: Cell) -> str:
    """A cell as text: whole numbers without ``.0``, booleans as ``si``/``no``, dates as ISO."""
    if isinstance(cell, str):
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "si" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    return str(cell)


class Row:
    """One data row of a table, read cell by cell into typed values or a named FormatError."""

    __slots__ = ("_cells", "_table", "line")

    def __init__(self, table: Table, line: int, cells: Sequence[Cell]) -> None:
        self._table = table
        self.line = line
        self._cells = cells

    def get(self, column: str) -> Cell:
        """The raw cell of our ``column``; ``None`` when the export lacks the column."""
        index = self._table.positions.get(column)
        return None if index is None else self._cells[index]

    def error(self, column: str | None, message: str) -> FormatError:
        """A FormatError at this row, naming the column as the export calls it."""
        field = None if column is None else self._table.profile.header(column)
        return FormatError(self._table.path, self.line, field, message)

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell as stripped text; ``""`` when empty, unless ``required``."""
        index = self._table.positions.get(column)
        cell = None if index is None else self._cells[index]
        value = cell.strip() if cell.__class__ is str else cell_text(cell)
        if required and not value:
            raise self.error(column, "falta el valor (la celda está vacía)")
        return value

    def required_amount(self, column: str) -> Decimal:
        """The cell as money; FormatError when empty."""
        amount = self.amount(column)
        if amount is None:
            raise self.error(column, "falta el importe (la celda está vacía)")
        return amount

    def required_date(self, column: str) -> dt.date:
        """The cell as a date; FormatError when empty."""
        day = self.date(column)
        if day is None:
            raise self.error(column, "falta la fecha (la celda está vacía)")
        return day

    def amount(self, column: str) -> Decimal | None:
        """The cell as money; ``None`` when empty."""
        cell = self.get(column)
        if cell.__class__ is str:
            known = self._table.amounts.get(cell)
            if known is not None:
                return known
        try:
            if isinstance(cell, str):
                if cell.strip():
                    amount = parse_amount(cell, self._table.profile.decimal)
                    self._table.amounts[cell] = amount
                    return amount
            elif isinstance(cell, float):
                return to_money(Decimal(repr(cell)))
            elif isinstance(cell, int) and not isinstance(cell, bool):
                return to_money(cell)
            elif cell is not None:
                raise self.error(column, f"se esperaba un importe, no {cell_text(cell)!r}")
        except ValueError as exc:
            raise self.error(column, str(exc)) from None
        return None

    def date(self, column: str) -> dt.date | None:
        """The cell as a date in the profile's format (XLSX date cells as they are); or ``None``."""
        cell = self.get(column)
        if isinstance(cell, dt.datetime):
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        text = cell_text(cell)
        if not text:
            return None
        cache = self._table.dates
        if text not in cache:
            cache[text] = self._parse_date(column, text)
        return cache[text]

    def _parse_date(self, column: str, text: str) -> dt.date:
        date_format = self._table.profile.date_format
        match = date_format.pattern.fullmatch(text)
        msg = f"fecha no válida: {text!r} (se esperaba {date_format.text})"
        if match is None:
            raise self.error(column, msg)
        try:
            return dt.date(int(match["y"]) + date_format.century, int(match["m"]), int(match["d"]))
        except ValueError:
            raise self.error(column, msg) from None

    def raw(self) -> str:
        """The row as text, for provenance of rows without health data."""
        return self._table.profile.delimiter.join(cell_text(cell) for cell in self._cells)


@attrs.define
class Table:
    """The data rows of one file, with where each of our columns is.

    Attributes:
        path: the file, for messages and provenance.
        profile: the profile it was read with.
        header_line: the line (or row) of the header.
        positions: our column -> its index in the rows, for the columns the header has.
        rows: the data rows, empty rows left out.
        dates: dates already parsed in this file, by text (exports repeat a few dates many times).
        amounts: amounts already parsed in this file, by text (fee-schedule prices repeat too).
    """

    path: str
    profile: InputProfile
    header_line: int
    positions: Mapping[str, int]
    rows: list[Row] = attrs.Factory(list)
    dates: dict[str, dt.date] = attrs.Factory(dict)
    amounts: dict[str, Decimal] = attrs.Factory(dict)

    def has(self, column: str) -> bool:
        """Whether the header has our ``column``."""
        return column in self.positions


def _last_filled(cells: Sequence[Cell]) -> int:
    """Width of a spreadsheet row: openpyxl pads every row to the sheet's widest."""
    return max((index + 1 for index, cell in enumerate(cells) if cell_text(cell)), default=0)


def header_positions(
    path: str, line: int, header: Sequence[Cell], profile: InputProfile
) -> dict[str, int]:
    """Where each of our columns is in ``header``; FormatError naming missing required ones."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _fold(cell)
        if name:
            if name in found:
                msg = f"la columna «{cell_text(cell)}» aparece dos veces en la cabecera"
                raise FormatError(path, line, cell_text(cell), msg)
            found[name] = index
    positions = {
        column: found[profile.header(column).casefold()]
        for column in COLUMNS[profile.kind].all
        if profile.header(column).casefold() in found
    }
    missing = [profile.header(c) for c in profile.required if c not in positions]
    if missing:
        names = ", ".join(f"«{name}»" for name in missing)
        msg = (
            f"faltan columnas en la cabecera: {names} (perfil «{profile.name}» de "
            f"{profile.kind}, cabecera en la línea {profile.header_row})"
        )
        raise FormatError(path, line, missing[0], msg)
    return positions


def read_table(path: str | Path, data: bytes, profile: InputProfile) -> Table:
    """Read ``data`` as a table of ``profile``'s kind; FormatError for anything malformed."""
    name = str(path)
    if not data.strip():
        raise FormatError(name, None, None, "el fichero está vacío")
    rows = read_rows(name, data, profile)
    table: Table | None = None
    width = 0
    csv_file = not is_xlsx(data)
    for line, row in rows:
        cells = row
        if table is None:
            if line == profile.header_row:
                positions = header_positions(name, line, cells, profile)
                table = Table(name, profile, line, positions)
                width = len(cells) if csv_file else _last_filled(cells)
            continue
        if not any(cells) or not any(map(cell_text, cells)):
            continue
        if csv_file and len(cells) != width:
            msg = f"la fila tiene {len(cells)} columnas y la cabecera {width}"
            raise FormatError(name, line, None, msg)
        if not csv_file:
            if any(cell_text(cell) for cell in cells[width:]):
                msg = "hay valores a la derecha de la última columna de la cabecera"
                raise FormatError(name, line, None, msg)
            cells = (*cells[:width], *([None] * (width - len(cells))))
        table.rows.append(Row(table, line, cells))
    if table is None:
        msg = f"no hay cabecera: el fichero termina antes de la línea {profile.header_row}"
        raise FormatError(name, None, None, msg)
    return table
