"""The exceptions a user can cause, each carrying what the user needs to fix the input.

Expected problems of the data (a movement nobody can explain, a service without authorisation) are
results, not exceptions. These are for input the program must refuse: a malformed file, a wrong
configuration. The CLI prints ``str(error)`` as one line and exits non-zero, so each message names
where the problem is, what was expected and what was found, in Spanish.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ConciliacionError", "ConfigError", "FormatError"]


class ConciliacionError(Exception):
    """Base of every error the program raises on purpose; anything else is a bug."""


class FormatError(ConciliacionError):
    """An input file that does not follow its format.

    Attributes:
        path: the file.
        line: 1-based line (or spreadsheet row); ``None`` for a problem of the whole file.
        field: the field or column at fault (``"importe"``, ``"fecha de operación"``), or ``None``.
        message: what was expected and what was found, in Spanish.
    """

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        field: str | None,
        message: str,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"campo «{self.field}»: " if self.field else ""
        return f"{where}: {what}{self.message}"

    def __reduce__(self) -> tuple[type[FormatError], tuple[str, int | None, str | None, str]]:
        return (type(self), (self.path, self.line, self.field, self.message))


class ConfigError(ConciliacionError):
    """A practice configuration that cannot be used.

    Attributes:
        key: the dotted key at fault, with list positions (``aseguradoras[2].nif``).
        value: the value found, or ``None`` where the key is missing.
        message: what was expected, in Spanish.
        path: the configuration file, when known.
    """

    def __init__(
        self,
        key: str,
        value: object,
        message: str,
        path: str | Path | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.message = message
        self.path = None if path is None else str(path)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        key = f"configuración «{self.key}»: " if self.key else ""
        found = "" if self.value is None else f" (valor: {self.value!r})"
        return f"{where}{key}{self.message}{found}"

    def __reduce__(
        self,
    ) -> tuple[type[ConfigError], tuple[str, object, str, str | None]]:
        return (type(self), (self.key, self.value, self.message, self.path))
