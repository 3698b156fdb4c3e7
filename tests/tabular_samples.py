"""Writers of small tabular inputs (CSV and XLSX) and a configuration for the importers' tests."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from collections.abc import Sequence
from decimal import Decimal

import openpyxl

from conciliacion.config import PracticeConfig, parse_config

CONFIG = """
[practica]
nombre = "Dra. Elena Martín"
nif = "12345678Z"
forma = "autonomo"
retencion = 0.15

[[cuentas]]
iban = "ES91 2100 0418 4502 0005 1332"
nombre = "CaixaBank"

[[aseguradoras]]
id = "adeslas"
nombre = "SegurCaixa Adeslas"
nif = "A28011864"

[[aseguradoras]]
id = "sanitas"
nombre = "Sanitas"
nif = "A28037091"

[[aseguradoras]]
id = "dkv"
nombre = "DKV Seguros"
nif = "A50004209"

[[proveedores]]
nombre = "Iberdrola"
nif = "A95758389"
cuenta = "628"
"""


def config(extra: str = "", *, form: str = "autonomo") -> PracticeConfig:
    """The test practice, with ``extra`` TOML appended (``[[perfiles]]`` tables)."""
    text = CONFIG + extra
    if form == "SL":
        text = text.replace('forma = "autonomo"\nretencion = 0.15', 'forma = "SL"')
    return parse_config(tomllib.loads(text, parse_float=Decimal), "conciliacion.toml")


def csv_bytes(  # noqa: PLR0913 - each option is one way exports differ
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\n",
    above: Sequence[str] = (),
) -> bytes:
    """A CSV as an export writes it; ``above`` are title lines before the header."""
    lines = [*above, delimiter.join(header), *(delimiter.join(row) for row in rows)]
    data = (newline.join(lines) + newline).encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(
    header: Sequence[str], rows: Sequence[Sequence[object]], *, above: Sequence[str] = ()
) -> bytes:
    """An XLSX workbook with typed cells (Decimal amounts become numbers, dates date cells)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for title in above:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def es_amount(amount: Decimal) -> str:
    """An amount as a Spanish export writes it, thousands separator included."""
    text = f"{amount:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def es_date(day: dt.date) -> str:
    """A date as ``dd/mm/aaaa``."""
    return f"{day:%d/%m/%Y}"
