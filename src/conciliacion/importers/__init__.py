"""Importers: one module per input format, each turning bytes into model values or a FormatError."""
