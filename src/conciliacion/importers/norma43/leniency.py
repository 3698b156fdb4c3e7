"""The known ways real Norma 43 files deviate from the booklet, each accepted under a stable name.

A deviation that is on this list is accepted and reported as a :class:`FormatWarning` with its
code, so that a person sees what the bank did and tests can assert it. Anything that is not on
this list is a :class:`~conciliacion.errors.FormatError`. The codes are part of the contract
(filters, tests, documentation in ``docs/formatos/norma43.md``): never rename one.
"""

from __future__ import annotations

import enum
from pathlib import Path

from conciliacion.importers.base import FormatWarning

__all__ = ["DESCRIPTIONS", "Leniency", "warning"]


class Leniency(enum.StrEnum):
    """A known deviation; the value is the code the user reads in the warning."""

    SHORT_LINES = "lineas_recortadas"
    LF_LINE_ENDS = "fin_de_linea_lf"
    NO_FINAL_NEWLINE = "sin_salto_final"
    FINAL_CTRL_Z = "ctrl_z_final"
    TRAILING_BLANK_LINES = "lineas_vacias_finales"
    UTF8_BOM = "bom_utf8"
    UTF8_TEXT = "texto_utf8"
    RECORD_COUNT_OFF = "recuento_88_desfasado"
    CLOSING_SIGN_ZERO = "signo_saldo_final_0"
    NO_END_OF_FILE = "sin_registro_88"
    ZERO_AMOUNT = "movimiento_importe_cero"
    REFERENCE1_CHECK_DIGIT = "referencia1_digito_control"
    # Only with strict=False: errors of totals the caller chose to see as warnings.
    TOTALS_MISMATCH = "totales_33_descuadrados"
    RECORD_COUNT_WRONG = "recuento_88_erroneo"
    NO_ACCOUNT_END = "sin_registro_33"


DESCRIPTIONS: dict[Leniency, str] = {
    Leniency.SHORT_LINES: "líneas de menos de 80 caracteres (el banco recorta los espacios "
    "finales); se completan con espacios",
    Leniency.LF_LINE_ENDS: "fin de línea LF en lugar de CRLF",
    Leniency.NO_FINAL_NEWLINE: "la última línea no termina en salto de línea",
    Leniency.FINAL_CTRL_Z: "un Ctrl-Z (fin de fichero de MS-DOS) al final; se ignora",
    Leniency.TRAILING_BLANK_LINES: "líneas vacías tras el último registro; se ignoran",
    Leniency.UTF8_BOM: "marca BOM de UTF-8 al principio; el texto se lee como UTF-8",
    Leniency.UTF8_TEXT: "texto en UTF-8 en lugar de latin-1 o cp850",
    Leniency.RECORD_COUNT_OFF: "el número de registros del 88 difiere en uno o no cuenta los "
    "registros 24",
    Leniency.CLOSING_SIGN_ZERO: "clave debe/haber del saldo final «0» en lugar de «1» o «2»",
    Leniency.NO_END_OF_FILE: "falta el registro 88 de fin de fichero",
    Leniency.ZERO_AMOUNT: "movimiento de importe cero",
    Leniency.REFERENCE1_CHECK_DIGIT: "referencia 1 con dígito de control erróneo "
    "(modalidad de información 3)",
    Leniency.TOTALS_MISMATCH: "los totales del registro 33 no cuadran con los movimientos "
    "(solo en lectura no estricta)",
    Leniency.RECORD_COUNT_WRONG: "el número de registros del 88 no cuadra "
    "(solo en lectura no estricta)",
    Leniency.NO_ACCOUNT_END: "el fichero termina sin el registro 33 de la cuenta "
    "(solo en lectura no estricta)",
}
"""What each deviation is, in the user's words; the warning adds what was found and where."""


def warning(path: str | Path, line: int | None, leniency: Leniency, detail: str) -> FormatWarning:
    """The warning of one accepted deviation: its description and what was found."""
    text = DESCRIPTIONS[leniency]
    message = f"{text}: {detail}" if detail else text
    return FormatWarning(path=str(path), line=line, code=leniency.value, message=message)
