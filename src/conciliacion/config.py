"""The practice configuration (``conciliacion.toml``): read, checked, and turned into values.

Everything a person can get wrong in the file is caught here, before any input is read, and named by
its key (``aseguradoras[3].nif``, counting tables from 1 as a person counts them) and its value.
The TOML is parsed with ``Decimal`` for non-integer numbers, so ``retencion = 0.15`` never
becomes a float.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final, TypeVar

import attrs
from stdnum import iban as iban_mod
from stdnum.es import nif as nif_mod

from conciliacion.errors import ConfigError

__all__ = [
    "CONFIG_FILE",
    "BankAccount",
    "InsurerConfig",
    "LegalForm",
    "PracticeConfig",
    "PracticeInfo",
    "Rule",
    "Sign",
    "SupplierConfig",
    "load_config",
    "parse_config",
]

CONFIG_FILE: Final = "conciliacion.toml"

WITHHOLDING_RATES: Final = (Decimal("0.15"), Decimal("0.07"))
"""IRPF rates insurers withhold from a self-employed physician: general, and new professionals."""

_PGC_ACCOUNT = re.compile(r"[1-7]\d{2,9}")
_INSURER_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


class LegalForm(enum.StrEnum):
    """Whether the practice is a company or a self-employed physician; it decides the books."""

    SL = "SL"
    AUTONOMO = "autonomo"


class Sign(enum.StrEnum):
    """The direction of a movement a rule applies to."""

    DEBIT = "cargo"
    CREDIT = "abono"


@attrs.frozen
class PracticeInfo:
    """The ``[practica]`` table.

    Attributes:
        name: the practice's legal name.
        nif: its NIF/CIF/NIE, compact and validated.
        form: SL or autonomo.
        withholding_rate: the IRPF rate insurers withhold (zero for an SL).
    """

    name: str
    nif: str
    form: LegalForm
    withholding_rate: Decimal


@attrs.frozen
class BankAccount:
    """One ``[[cuentas]]`` table: a bank account of the practice.

    Attributes:
        iban: compact, validated IBAN.
        name: the name the user gives it (usually the bank's); it names the ledger account.
    """

    iban: str
    name: str

    @property
    def short_name(self) -> str:
        """Name plus the last four digits, to tell two accounts of one bank apart."""
        return f"{self.name}-{self.iban[-4:]}"


@attrs.frozen
class InsurerConfig:
    """One ``[[aseguradoras]]`` table.

    Attributes:
        id: short id used in the input files (``adeslas``).
        name: the insurer's name.
        nif: its CIF, compact and validated.
        aliases: other names it appears under in bank concepts and files.
        ibans: IBANs it pays from, compact and validated.
        payment_term_days: days after the act before an unpaid service counts as unpaid (impagado).
        follow_up_days: days without answer before a claim needs follow-up.
    """

    id: str
    name: str
    nif: str
    aliases: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()
    payment_term_days: int = 60
    follow_up_days: int = 30


@attrs.frozen
class SupplierConfig:
    """One ``[[proveedores]]`` table.

    Attributes:
        name: the supplier's name.
        nif: its NIF/CIF/NIE, compact and validated.
        account: PGC code of the expense its invoices go to.
        aliases: other names it appears under in bank concepts.
        ibans: IBANs it is paid to, compact and validated.
    """

    name: str
    nif: str
    account: str
    aliases: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()


@attrs.frozen
class Rule:
    """One ``[[reglas]]`` table: movements whose concept matches go to an account.

    Attributes:
        pattern: compiled regular expression, matched case-insensitively against the concept text.
        account: PGC code.
        description: what the rule explains, for reports and ledger narrations.
        sign: restrict to charges or to payments in; ``None`` for both.
    """

    pattern: re.Pattern[str]
    account: str
    description: str = ""
    sign: Sign | None = None


@attrs.frozen
class PracticeConfig:
    """The whole configuration of one practice.

    Attributes:
        practice: the ``[practica]`` table.
        accounts: the bank accounts.
        insurers: the insurers, in file order.
        suppliers: the suppliers, in file order.
        rules: the rules, in file order (the first that matches wins).
        bank_profiles: the ``[[perfiles_banco]]`` tables as written, checked by the bank CSV
            importer.
        input_profiles: the ``[[perfiles]]`` tables as written (activity, settlement, fee schedule
            and invoice exports), checked by the tabular importers.
        store_url: the ``[almacen] url`` of a shared event store (PostgreSQL), ``None`` for the
            practice's own SQLite file.
        path: the file read, for messages. Not part of the configuration's value: a practice
            moved to another folder (or a shared drive mounted elsewhere) has the same
            configuration, and its kept results stay valid.
    """

    practice: PracticeInfo
    accounts: tuple[BankAccount, ...]
    insurers: tuple[InsurerConfig, ...] = ()
    suppliers: tuple[SupplierConfig, ...] = ()
    rules: tuple[Rule, ...] = ()
    bank_profiles: tuple[Mapping[str, object], ...] = ()
    input_profiles: tuple[Mapping[str, object], ...] = ()
    store_url: str | None = None
    path: str | None = attrs.field(default=None, eq=False)

    def insurer(self, insurer_id: str) -> InsurerConfig:
        """The insurer with this id; a :class:`ConfigError` if the configuration lacks it."""
        for insurer in self.insurers:
            if insurer.id == insurer_id:
                return insurer
        known = ", ".join(i.id for i in self.insurers) or "ninguna"
        msg = f"aseguradora desconocida; las configuradas son: {known}"
        raise ConfigError("aseguradoras", insurer_id, msg, self.path)


# --- reading ------------------------------------------------------------------------------------

T = TypeVar("T")


class _Table:
    """A TOML table being read: hands out typed values and remembers which keys were used."""

    def __init__(self, data: object, key: str, path: str | None) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(key, data, "debe ser una tabla", path)
        self.data: Mapping[str, object] = data
        self.key = key
        self.path = path
        self.used: set[str] = set()

    def sub(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def error(self, name: str, value: object, message: str) -> ConfigError:
        return ConfigError(self.sub(name), value, message, self.path)

    def get(self, name: str, kind: type[T], default: T | None = None) -> T:
        self.used.add(name)
        if name not in self.data:
            if default is None:
                raise self.error(name, None, "falta esta clave obligatoria")
            return default
        value = self.data[name]
        if kind is int and isinstance(value, bool):
            raise self.error(name, value, "se esperaba un número entero")
        if not isinstance(value, kind):
            expected = {str: "un texto", int: "un número entero", list: "una lista"}.get(kind, "")
            raise self.error(name, value, f"se esperaba {expected or kind.__name__}")
        return value

    def text(self, name: str, default: str | None = None) -> str:
        value = self.get(name, str, default).strip()
        if not value and default is None:
            raise self.error(name, value, "no puede estar vacío")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        values = self.get(name, list, [])
        for index, value in enumerate(values, start=1):
            if not isinstance(value, str) or not value.strip():
                raise self.error(f"{name}[{index}]", value, "se esperaba un texto no vacío")
        return tuple(str(v).strip() for v in values)

    def check_unknown(self, allowed: Sequence[str]) -> None:
        for name in self.data:
            if name not in allowed:
                valid = ", ".join(allowed)
                raise self.error(name, None, f"clave desconocida; las válidas aquí son: {valid}")


def _nif(table: _Table, name: str) -> str:
    value = table.text(name)
    compact = nif_mod.compact(value)
    if not nif_mod.is_valid(compact):
        raise table.error(
            name, value, "NIF/CIF/NIE no válido (revise la letra o el dígito de control)"
        )
    return str(compact)


def _iban(table: _Table, name: str, value: str) -> str:
    compact = iban_mod.compact(value)
    if not iban_mod.is_valid(compact):
        raise table.error(name, value, "IBAN no válido (revise los dígitos de control)")
    return str(compact)


def _pgc(table: _Table, name: str, value: str) -> str:
    if not _PGC_ACCOUNT.fullmatch(value):
        raise table.error(name, value, "se esperaba un código de cuenta del PGC, como 628 o 6210")
    return value


def _positive_days(table: _Table, name: str, default: int) -> int:
    days = table.get(name, int, default)
    if not 0 < days <= 3650:  # noqa: PLR2004 - ten years is the longest term that makes sense
        raise table.error(name, days, "se esperaba un número de días entre 1 y 3650")
    return days


def _practice(table: _Table) -> PracticeInfo:
    table.check_unknown(["nombre", "nif", "forma", "retencion"])
    name = table.text("nombre")
    nif = _nif(table, "nif")
    form_text = table.text("forma")
    try:
        form = LegalForm(form_text)
    except ValueError:
        raise table.error("forma", form_text, "se esperaba «SL» o «autonomo»") from None
    raw_rate = table.data.get("retencion")
    table.used.add("retencion")
    if form is LegalForm.SL:
        if raw_rate is not None and _rate(table, raw_rate) != 0:
            raise table.error(
                "retencion", raw_rate, "una SL no sufre retención de IRPF; quite la clave"
            )
        return PracticeInfo(name, nif, form, Decimal("0.00"))
    if raw_rate is None:
        raise table.error(
            "retencion", None, 'un autónomo debe indicar la retención: "0.15" o "0.07"'
        )
    rate = _rate(table, raw_rate)
    if rate not in WITHHOLDING_RATES:
        raise table.error(
            "retencion", raw_rate, 'se esperaba "0.15" (general) o "0.07" (inicio de actividad)'
        )
    return PracticeInfo(name, nif, form, rate)


def _rate(table: _Table, raw: object) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, Decimal, int)):
        raise table.error("retencion", raw, 'se esperaba un tipo como "0.15"')
    try:
        rate = Decimal(str(raw).strip())
    except ArithmeticError:
        raise table.error("retencion", raw, 'se esperaba un tipo como "0.15"') from None
    if not rate.is_finite() or not 0 <= rate < 1:
        raise table.error("retencion", raw, 'se esperaba un tipo entre 0 y 1, como "0.15"')
    return rate


def _account(table: _Table) -> BankAccount:
    table.check_unknown(["iban", "nombre"])
    return BankAccount(iban=_iban(table, "iban", table.text("iban")), name=table.text("nombre"))


def _insurer(table: _Table) -> InsurerConfig:
    table.check_unknown(["id", "nombre", "nif", "alias", "iban", "plazo_pago", "seguimiento"])
    insurer_id = table.text("id")
    if not _INSURER_ID.fullmatch(insurer_id):
        msg = "se esperaba un id corto en minúsculas, sin espacios ni acentos (como «adeslas»)"
        raise table.error("id", insurer_id, msg)
    if insurer_id == "particular":
        raise table.error(
            "id", insurer_id, "«particular» está reservado para los pacientes privados"
        )
    ibans = table.texts("iban")
    return InsurerConfig(
        id=insurer_id,
        name=table.text("nombre"),
        nif=_nif(table, "nif"),
        aliases=table.texts("alias"),
        ibans=tuple(_iban(table, f"iban[{i}]", v) for i, v in enumerate(ibans, start=1)),
        payment_term_days=_positive_days(table, "plazo_pago", 60),
        follow_up_days=_positive_days(table, "seguimiento", 30),
    )


def _supplier(table: _Table) -> SupplierConfig:
    table.check_unknown(["nombre", "nif", "cuenta", "alias", "iban"])
    ibans = table.texts("iban")
    return SupplierConfig(
        name=table.text("nombre"),
        nif=_nif(table, "nif"),
        account=_pgc(table, "cuenta", table.text("cuenta")),
        aliases=table.texts("alias"),
        ibans=tuple(_iban(table, f"iban[{i}]", v) for i, v in enumerate(ibans, start=1)),
    )


def _rule(table: _Table) -> Rule:
    table.check_unknown(["patron", "cuenta", "descripcion", "signo"])
    pattern_text = table.text("patron")
    try:
        pattern = re.compile(pattern_text, re.IGNORECASE)
    except re.error as exc:
        raise table.error("patron", pattern_text, f"expresión regular no válida: {exc}") from None
    sign_text = table.text("signo", "")
    try:
        sign = Sign(sign_text) if sign_text else None
    except ValueError:
        raise table.error("signo", sign_text, "se esperaba «cargo» o «abono»") from None
    return Rule(
        pattern=pattern,
        account=_pgc(table, "cuenta", table.text("cuenta")),
        description=table.text("descripcion", ""),
        sign=sign,
    )


def _tables(
    root: _Table, name: str, read: Callable[[_Table], T], *, required: bool = False
) -> tuple[T, ...]:
    raw = root.get(name, list, [])
    if required and not raw:
        raise root.error(name, None, f"hace falta al menos una tabla [[{name}]]")
    values = []
    for index, item in enumerate(raw, start=1):
        table = _Table(item, f"{name}[{index}]", root.path)
        values.append(read(table))
    return tuple(values)


def _store_url(root: _Table) -> str | None:
    if "almacen" not in root.data:
        return None
    table = _Table(root.get("almacen", dict), "almacen", root.path)
    table.check_unknown(["url"])
    url = table.text("url")
    if not url.startswith(("postgresql://", "postgresql+psycopg://", "sqlite:///")):
        msg = "se esperaba una URL postgresql://usuario@servidor/base o sqlite:///fichero"
        raise table.error("url", url, msg)
    return url


def _raw_tables(root: _Table, name: str) -> tuple[Mapping[str, object], ...]:
    """Tables whose keys are checked by the module that uses them (import profiles)."""
    raw = root.get(name, list, [])
    for index, table in enumerate(raw, start=1):
        if not isinstance(table, Mapping):
            raise ConfigError(f"{name}[{index}]", table, "debe ser una tabla", root.path)
    return tuple(raw)


def _unique(items: Sequence[T], key: Callable[[T], str], where: str, path: str | None) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        value = key(item)
        if value in seen:
            msg = f"repetido: ya aparece en {where}[{seen[value]}]"
            raise ConfigError(f"{where}[{index}]", value, msg, path)
        seen[value] = index


def parse_config(data: Mapping[str, object], path: str | None = None) -> PracticeConfig:
    """Check an already parsed TOML document and build the configuration."""
    root = _Table(data, "", path)
    root.check_unknown(
        [
            "practica",
            "cuentas",
            "aseguradoras",
            "proveedores",
            "reglas",
            "perfiles_banco",
            "perfiles",
            "almacen",
        ]
    )
    practice = _practice(_Table(root.get("practica", dict), "practica", path))
    accounts = _tables(root, "cuentas", _account, required=True)
    insurers = _tables(root, "aseguradoras", _insurer)
    suppliers = _tables(root, "proveedores", _supplier)
    rules = _tables(root, "reglas", _rule)
    store_url = _store_url(root)
    bank_profiles = _raw_tables(root, "perfiles_banco")
    input_profiles = _raw_tables(root, "perfiles")
    _unique(accounts, lambda a: a.iban, "cuentas", path)
    _unique(insurers, lambda i: i.id, "aseguradoras", path)
    _unique(insurers, lambda i: i.nif, "aseguradoras", path)
    return PracticeConfig(
        practice=practice,
        accounts=accounts,
        insurers=insurers,
        suppliers=suppliers,
        rules=rules,
        bank_profiles=bank_profiles,
        input_profiles=input_profiles,
        store_url=store_url,
        path=path,
    )


def load_config(path: Path) -> PracticeConfig:
    """Read and check a practice's ``conciliacion.toml``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = "no existe el fichero de configuración (cree la práctica con «conciliar init»)"
        raise ConfigError("", None, msg, path) from None
    except UnicodeDecodeError:
        raise ConfigError("", None, "el fichero no está en UTF-8", path) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("", None, f"TOML no válido: {exc}", path) from None
    return parse_config(data, str(path))
