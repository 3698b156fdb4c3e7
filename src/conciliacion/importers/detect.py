"""Bank statement format detection by content, and reading any statement file with its importer.

The file name says nothing reliable (``movimientos.xls`` may be CSV, ``extracto.txt`` Norma 43), so
each importer's ``identify`` looks at the bytes. Exactly one must say yes: none means an unknown
format, two mean profiles that overlap, and both are the user's to fix, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from conciliacion.errors import FormatError
from conciliacion.importers.bank_csv import BankCsvImporter, BankProfile, bundled_profiles
from conciliacion.importers.base import ImportResult, StatementImporter
from conciliacion.importers.camt053 import Camt053Importer
from conciliacion.importers.ofx import OfxImporter

__all__ = ["default_importers", "identify_importer", "read_statement_file"]


def default_importers(
    profiles: Iterable[BankProfile] = (), account: str | None = None
) -> tuple[StatementImporter, ...]:
    """Norma 43, CAMT.053, OFX, the bundled bank profiles and the user's ``profiles``.

    ``account`` is given to the profile importers whose files do not carry the account.
    """
    from conciliacion.importers.norma43 import Norma43Importer  # noqa: PLC0415 - built apart

    tables = (*bundled_profiles(), *profiles)
    return (
        Norma43Importer(),
        Camt053Importer(),
        OfxImporter(),
        *(BankCsvImporter(profile, account) for profile in tables),
    )


def identify_importer(
    path: Path, data: bytes, importers: Sequence[StatementImporter]
) -> StatementImporter:
    """The one importer that recognises ``data``; a :class:`FormatError` for none or several."""
    found = [importer for importer in importers if importer.identify(path, data)]
    if not found:
        raise FormatError(path, None, None, "formato de extracto no reconocido")
    if len(found) > 1:
        names = ", ".join(importer.name for importer in found)
        msg = f"el fichero encaja en varios formatos ({names}): ajuste los perfiles"
        raise FormatError(path, None, None, msg)
    return found[0]


def read_statement_file(path: Path, importers: Sequence[StatementImporter]) -> ImportResult:
    """Read a bank statement file of any known format."""
    data = path.read_bytes()
    return identify_importer(path, data, importers).read(path, data)
