"""Input profiles: how one export of activity, settlements, fee schedules or invoices is written.

A new insurer's export must be a profile, not code: separator, encoding, decimal style, date
format, the header row and the export's names for our columns are data, declared in TOML (the
bundled ``input_profiles.toml`` or the user's ``[[perfiles]]`` tables).
"""

from __future__ import annotations

import codecs
import functools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from typing import Final

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.errors import ConfigError
from conciliacion.importers.columns import COLUMNS, DateFormat, InputKind
from conciliacion.money import DecimalSeparator

__all__ = [
    "BUNDLED_FILE",
    "InputProfile",
    "available_profiles",
    "bundled_profiles",
    "generic_profile",
    "parse_profile",
    "user_profiles",
]

BUNDLED_FILE: Final = "input_profiles.toml"


def _column_pairs(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(pairs))


@attrs.frozen
class InputProfile:
    """How one export of one kind is written.

    Attributes:
        kind: what the file holds.
        name: the profile's name (``generico``, ``adeslas_liquidacion``), unique per kind.
        column_map: pairs (our column, the export's header) for the columns the export names
            differently; a column not listed keeps our name.
        insurer: the insurer whose export this is; its rows need no ``aseguradora`` column.
        delimiter: the CSV field separator.
        encoding: the CSV text encoding (a UTF-8 or UTF-16 byte order mark always wins).
        decimal: the decimal separator of amounts written as text.
        date_format: how dates written as text look.
        header_row: 1-based line (or spreadsheet row) of the header; the lines above are ignored.
        origin: where the profile was declared, for messages.
    """

    kind: InputKind
    name: str
    column_map: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_column_pairs)
    insurer: str | None = None
    delimiter: str = ";"
    encoding: str = "utf-8"
    decimal: DecimalSeparator = ","
    date_format: DateFormat = attrs.field(factory=lambda: DateFormat.parse("dd/mm/aaaa"))
    header_row: int = 1
    origin: str = "incluido"

    def header(self, column: str) -> str:
        """The export's header for our ``column``."""
        return dict(self.column_map).get(column, column)

    @property
    def required(self) -> tuple[str, ...]:
        """Our columns the header must have under this profile."""
        required = COLUMNS[self.kind].required
        if self.insurer is not None:
            return tuple(column for column in required if column != "aseguradora")
        return required


def generic_profile(kind: InputKind) -> InputProfile:
    """The documented generic profile of ``kind``: the contract of ``docs/formatos``."""
    return InputProfile(kind=kind, name="generico")


# --- reading the TOML tables --------------------------------------------------------------------

_KEYS: Final = (
    "tipo",
    "nombre",
    "aseguradora",
    "separador",
    "codificacion",
    "decimal",
    "formato_fecha",
    "fila_cabecera",
    "columnas",
)
_MAX_HEADER_ROW: Final = 100


def _text(table: Mapping[str, object], key: str, where: str, origin: str | None) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}.{key}", value, "se esperaba un texto no vacío", origin)
    return value


def _columns(
    raw: object, kind: InputKind, where: str, origin: str | None
) -> tuple[tuple[str, str], ...]:
    key = f"{where}.columnas"
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        msg = "debe ser una tabla: columna nuestra = «cabecera del fichero»"
        raise ConfigError(key, raw, msg, origin)
    valid = COLUMNS[kind].all
    headers: dict[str, str] = {}
    for column, header in raw.items():
        if column not in valid:
            msg = f"columna desconocida para «{kind}»; las válidas son: {', '.join(valid)}"
            raise ConfigError(f"{key}.{column}", None, msg, origin)
        if not isinstance(header, str) or not header.strip():
            msg = "se esperaba el texto de la cabecera en el fichero"
            raise ConfigError(f"{key}.{column}", header, msg, origin)
        folded = header.strip().casefold()
        if folded in headers:
            msg = f"la misma cabecera ya está asignada a «{headers[folded]}»"
            raise ConfigError(f"{key}.{column}", header, msg, origin)
        headers[folded] = column
    return tuple((column, str(header).strip()) for column, header in raw.items())


def _encoding(value: str, where: str, origin: str | None) -> str:
    try:
        return codecs.lookup(value).name
    except LookupError:
        msg = "codificación desconocida (use «utf-8», «latin-1», «cp1252» o «cp850»)"
        raise ConfigError(f"{where}.codificacion", value, msg, origin) from None


def _header_row(raw: object, where: str, origin: str | None) -> int:
    if raw is None:
        return 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= _MAX_HEADER_ROW:
        msg = f"se esperaba un número de fila entre 1 y {_MAX_HEADER_ROW}"
        raise ConfigError(f"{where}.fila_cabecera", raw, msg, origin)
    return raw


def parse_profile(
    table: Mapping[str, object],
    where: str,
    origin: str | None = None,
    insurers: Sequence[str] | None = None,
) -> InputProfile:
    """Check one ``[[perfiles]]`` table; errors name ``where`` (``perfiles[2]``) and the key.

    ``insurers`` are the configured insurer ids a profile's ``aseguradora`` must be one of
    (``None`` for the bundled profiles, which name the usual ids).
    """
    for key in table:
        if key not in _KEYS:
            msg = f"clave desconocida; las válidas aquí son: {', '.join(_KEYS)}"
            raise ConfigError(f"{where}.{key}", None, msg, origin)
    kind_text = _text(table, "tipo", where, origin)
    try:
        kind = InputKind(kind_text or "")
    except ValueError:
        msg = "se esperaba uno de: " + ", ".join(k.value for k in InputKind)
        raise ConfigError(f"{where}.tipo", kind_text, msg, origin) from None
    name = _text(table, "nombre", where, origin)
    if name is None:
        raise ConfigError(f"{where}.nombre", None, "falta esta clave obligatoria", origin)
    insurer = _text(table, "aseguradora", where, origin)
    if insurer is not None and insurers is not None and insurer not in insurers:
        msg = "no es el id de ninguna [[aseguradoras]] de la configuración"
        raise ConfigError(f"{where}.aseguradora", insurer, msg, origin)
    delimiter = table.get("separador", ";")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        msg = 'se esperaba un solo carácter, como ";", "," o "\\t"'
        raise ConfigError(f"{where}.separador", delimiter, msg, origin)
    decimal = table.get("decimal", ",")
    if decimal not in {",", "."}:
        raise ConfigError(f"{where}.decimal", decimal, 'se esperaba "," o "."', origin)
    date_text = _text(table, "formato_fecha", where, origin) or "dd/mm/aaaa"
    try:
        date_format = DateFormat.parse(date_text)
    except ValueError as exc:
        raise ConfigError(f"{where}.formato_fecha", date_text, str(exc), origin) from None
    return InputProfile(
        kind=kind,
        name=name.strip(),
        column_map=_columns(table.get("columnas"), kind, where, origin),
        insurer=None if insurer is None else insurer.strip(),
        delimiter=delimiter,
        encoding=_encoding(_text(table, "codificacion", where, origin) or "utf-8", where, origin),
        decimal="," if decimal == "," else ".",
        date_format=date_format,
        header_row=_header_row(table.get("fila_cabecera"), where, origin),
        origin=origin or "incluido",
    )


def _parse_all(
    tables: Sequence[object], origin: str | None, insurers: Sequence[str] | None
) -> tuple[InputProfile, ...]:
    profiles: list[InputProfile] = []
    seen: dict[tuple[InputKind, str], int] = {}
    for index, table in enumerate(tables, start=1):
        where = f"perfiles[{index}]"
        if not isinstance(table, Mapping):
            raise ConfigError(where, table, "debe ser una tabla", origin)
        profile = parse_profile(table, where, origin, insurers)
        key = (profile.kind, profile.name)
        if key in seen:
            msg = f"nombre repetido: ya aparece en perfiles[{seen[key]}]"
            raise ConfigError(f"{where}.nombre", profile.name, msg, origin)
        seen[key] = index
        profiles.append(profile)
    return tuple(profiles)


@functools.cache
def bundled_profiles() -> tuple[InputProfile, ...]:
    """The profiles shipped with the program: the generic one of each kind, then per insurer.

    Read once per process: they are part of the installed program, never of a practice, and a
    practice of ten years has thousands of files, each of which would otherwise parse them again.
    """
    bundled = resources.files("conciliacion.importers").joinpath(BUNDLED_FILE)
    text = bundled.read_text(encoding="utf-8")
    data = tomllib.loads(text, parse_float=Decimal)
    tables = data.get("perfiles", [])
    generic = tuple(generic_profile(kind) for kind in InputKind)
    return generic + _parse_all(tables, None, None)


def user_profiles(config: PracticeConfig) -> tuple[InputProfile, ...]:
    """The practice's own ``[[perfiles]]``, checked; ConfigError naming ``perfiles[i].key``."""
    insurers = [insurer.id for insurer in config.insurers]
    return _parse_all(config.input_profiles, config.path, insurers)


def available_profiles(
    config: PracticeConfig, kind: InputKind | None = None
) -> tuple[InputProfile, ...]:
    """The user's profiles first, then the bundled ones they do not replace (same kind and name)."""
    own = user_profiles(config)
    names = {(profile.kind, profile.name) for profile in own}
    bundled = tuple(p for p in bundled_profiles() if (p.kind, p.name) not in names)
    return tuple(p for p in own + bundled if kind is None or p.kind is kind)
