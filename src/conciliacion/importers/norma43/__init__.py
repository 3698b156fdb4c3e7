"""Norma 43 (AEB/CSB Cuaderno 43) bank statements."""

from conciliacion.importers.norma43.writer import write_norma43

__all__ = ["write_norma43"]
