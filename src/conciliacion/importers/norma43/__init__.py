"""Norma 43 (AEB/CSB Cuaderno 43) bank statements: reading, writing, counterparties, leniencies."""

from conciliacion.importers.norma43.importer import Norma43Importer
from conciliacion.importers.norma43.leniency import Leniency
from conciliacion.importers.norma43.reader import read_norma43
from conciliacion.importers.norma43.writer import write_norma43

__all__ = ["Leniency", "Norma43Importer", "read_norma43", "write_norma43"]
