"""The PGC account tree of a practice, named the way Beancount and a Spanish accountant both accept.

Every account starts with one of five Spanish roots (set through Beancount's ``name_*`` options),
and its first component below the root starts with the PGC code, so that the code survives any
export: ``Activo:572-Bancos:CaixaBank-1332``. Insurers and suppliers are sub-accounts.

Names are plain ASCII: Beancount 3 accepts Unicode letters, but the exports travel to accounting
programs and older tools that do not, so accents are dropped deterministically (``Compañía`` →
``Compania``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import attrs

from conciliacion.config import InsurerConfig, LegalForm, PracticeConfig
from conciliacion.errors import ConciliacionError
from conciliacion.model import PRIVATE

__all__ = [
    "PGC_NAMES",
    "ROOTS",
    "AccountTree",
    "component",
    "pgc_code",
]

ROOTS: Final = {
    "name_assets": "Activo",
    "name_liabilities": "Pasivo",
    "name_equity": "PatrimonioNeto",
    "name_income": "Ingresos",
    "name_expenses": "Gastos",
}
"""Beancount's option for each root, and the Spanish name the ledger gives it."""

_A, _P, _N, _I, _G = ROOTS.values()

PGC_NAMES: Final = {
    "100": (_N, "Capital"),
    "129": (_N, "Resultado-Ejercicio"),
    "170": (_P, "Deudas-Largo-Plazo-Entidades-Credito"),
    "213": (_A, "Maquinaria"),
    "216": (_A, "Mobiliario"),
    "217": (_A, "Equipos-Informaticos"),
    "400": (_P, "Proveedores"),
    "410": (_P, "Acreedores"),
    "430": (_A, "Clientes"),
    "460": (_A, "Anticipos-Remuneraciones"),
    "465": (_P, "Remuneraciones-Pendientes"),
    "470": (_A, "HP-Deudora"),
    "473": (_A, "HP-Retenciones"),
    "475": (_P, "HP-Acreedora"),
    "476": (_P, "Seguridad-Social"),
    "520": (_P, "Deudas-Corto-Plazo-Entidades-Credito"),
    "550": (_N, "Titular"),
    "551": (_A, "Cuenta-Corriente-Socios"),
    "555": (_A, "Partidas-Pendientes"),
    "570": (_A, "Caja"),
    "572": (_A, "Bancos"),
    "600": (_G, "Compras"),
    "602": (_G, "Compras-Otros-Aprovisionamientos"),
    "621": (_G, "Arrendamientos"),
    "622": (_G, "Reparaciones"),
    "623": (_G, "Servicios-Profesionales"),
    "624": (_G, "Transportes"),
    "625": (_G, "Primas-Seguros"),
    "626": (_G, "Servicios-Bancarios"),
    "627": (_G, "Publicidad"),
    "628": (_G, "Suministros"),
    "629": (_G, "Otros-Servicios"),
    "631": (_G, "Otros-Tributos"),
    "640": (_G, "Sueldos"),
    "642": (_G, "Seguridad-Social-Empresa"),
    "649": (_G, "Otros-Gastos-Sociales"),
    "650": (_G, "Perdidas-Creditos-Incobrables"),
    "662": (_G, "Intereses-Deudas"),
    "669": (_G, "Otros-Gastos-Financieros"),
    "678": (_G, "Gastos-Excepcionales"),
    "705": (_I, "Prestaciones-Servicios"),
    "708": (_I, "Devoluciones"),
    "759": (_I, "Ingresos-Servicios-Diversos"),
    "769": (_I, "Otros-Ingresos-Financieros"),
    "778": (_I, "Ingresos-Excepcionales"),
}
"""The PGC accounts a practice uses, by three-digit code: root and name.

708 (returns and rebates) is a group-7 account that only takes debits; it lives under Ingresos, so
income is shown net of it, as the profit and loss account does. 550 (the owner's current account)
is in group 5, but for a self-employed physician it plays the part of equity, so it lives under
PatrimonioNeto. Longer codes (4751, 6210) take the name of their three-digit group.
"""

_SPECIFIC: Final = {
    "4750": "HP-Acreedora-Conceptos-Fiscales",
    "4751": "HP-Acreedora-Retenciones",
}

_NOT_COMPONENT = re.compile(r"[^A-Za-z0-9]+")


def component(name: str) -> str:
    """A valid Beancount account component from any name, always the same for the same name.

    >>> component("Compañía Eléctrica, S.A.")
    'Compania-Electrica-S-A'
    >>> component("  ")
    'X'
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in _NOT_COMPONENT.split(ascii_text) if w]
    text = "-".join(w[0].upper() + w[1:] for w in words)
    return text or "X"


def pgc_code(account: str) -> str:
    """The PGC code of a ledger account: digits at the start of its second component.

    >>> pgc_code("Activo:572-Bancos:CaixaBank-1332")
    '572'
    """
    parts = account.split(":")
    if len(parts) < 2:  # noqa: PLR2004 - root plus at least one component
        return ""
    return parts[1].split("-", 1)[0]


@attrs.frozen
class AccountTree:
    """The accounts of one practice, built from its configuration.

    It remembers the names it has built (a month names the same few accounts a million times).
    Every booking names accounts through this tree, so an account outside the PGC, a bank
    account or an insurer not in the configuration, or an account that does not fit the legal
    form (a self-employed physician has no share capital) is refused before anything is written.
    """

    config: PracticeConfig
    _cache: dict[tuple[str, ...], str] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    _banks: dict[str, str] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    _by_insurer: dict[str, dict[str, str]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )
    _insurers: dict[str, InsurerConfig] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    @property
    def is_company(self) -> bool:
        """An SL keeps share capital; a self-employed physician keeps withholdings and 550."""
        return self.config.practice.form is LegalForm.SL

    def code(self, code: str, sub: str = "") -> str:
        """The account of a PGC code, with an optional sub-account (a supplier, an insurer)."""
        key = (code, sub)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._code(code, sub)
        return found

    def _code(self, code: str, sub: str) -> str:
        if not re.fullmatch(r"[1-7]\d{2,9}", code):
            msg = f"código de cuenta del PGC no válido: {code!r}"
            raise ConciliacionError(msg)
        group = code[:3]
        if group not in PGC_NAMES:
            known = ", ".join(sorted(PGC_NAMES))
            msg = (
                f"la cuenta {code} no está en el plan de cuentas del libro; "
                f"las conocidas son: {known}"
            )
            raise ConciliacionError(msg)
        if group == "100" and not self.is_company:
            msg = "un autónomo no tiene capital social (100); use la 550"
            raise ConciliacionError(msg)
        if group in {"473", "550"} and self.is_company:
            msg = f"la cuenta {group} es de un autónomo, no de una SL"
            raise ConciliacionError(msg)
        root, name = PGC_NAMES[group]
        name = _SPECIFIC.get(code, name)
        account = f"{root}:{code}-{name}"
        return f"{account}:{sub}" if sub else account

    def bank(self, iban: str) -> str:
        """The 572 sub-account of one of the practice's bank accounts."""
        found = self._banks.get(iban)  # a key of one string: hashed once, compared by identity
        if found is None:
            found = self._banks[iban] = self._bank(iban)
        return found

    def insurer(self, insurer: str) -> InsurerConfig:
        """The insurer's configuration (:meth:`PracticeConfig.insurer`), remembered by id."""
        found = self._insurers.get(insurer)
        if found is None:
            found = self._insurers[insurer] = self.config.insurer(insurer)
        return found

    def _bank(self, iban: str) -> str:
        for bank in self.config.accounts:
            if bank.iban == iban:
                return self.code("572", component(bank.short_name))
        msg = f"la cuenta bancaria {iban} no está en la configuración ([[cuentas]])"
        raise ConciliacionError(msg)

    def _insurer_sub(self, insurer: str) -> str:
        if insurer == PRIVATE:
            return "Particulares"
        key = ("aseguradora", insurer)
        if key not in self._cache:
            self._cache[key] = "Aseguradoras:" + component(self.insurer(insurer).name)
        return self._cache[key]

    def receivable(self, insurer: str) -> str:
        """430: what an insurer (or the private patients, as one account) owes."""
        return self._per_insurer("430", insurer)

    def income(self, insurer: str) -> str:
        """705: services rendered, per insurer."""
        return self._per_insurer("705", insurer)

    def returns(self, insurer: str) -> str:
        """708: accepted differences and deductions, per insurer."""
        return self._per_insurer("708", insurer)

    def _per_insurer(self, code: str, insurer: str) -> str:
        """An insurer's sub-account of ``code``, remembered by code and insurer id.

        Two look-ups by a string rather than one by a tuple: a tuple is built and hashed anew on
        every call, a string's hash is kept (a month asks a million times).
        """
        accounts = self._by_insurer.get(code)
        if accounts is None:
            accounts = self._by_insurer[code] = {}
        found = accounts.get(insurer)
        if found is None:
            found = accounts[insurer] = self.code(code, self._insurer_sub(insurer))
        return found

    def withholding_receivable(self) -> str:
        """473: IRPF withheld by insurers, which the self-employed physician deducts later."""
        return self.code("473")

    def owner(self) -> str:
        """The equity the opening balances go against: 100 for an SL, 550 for an autonomo."""
        return self.code("100") if self.is_company else self.code("550")

    def suspense(self) -> str:
        """555: where an unexplained movement waits for a person."""
        return self.code("555")

    def fees(self) -> str:
        """626: card commissions and bank fees."""
        return self.code("626")

    def expense_code(self, supplier_nif: str, invoice_account: str | None) -> str:
        """The expense code of an invoice: its own, or else its supplier's configured one."""
        if invoice_account:
            return invoice_account
        for supplier in self.config.suppliers:
            if supplier.nif == supplier_nif:
                return supplier.account
        msg = (
            f"el proveedor {supplier_nif} no está en la configuración y la factura no dice "
            "a qué cuenta de gasto va"
        )
        raise ConciliacionError(msg)

    def payable(self, expense_code: str, supplier: str) -> str:
        """400 for suppliers of goods (group 60), 410 for creditors for services, per supplier."""
        code = "400" if expense_code.startswith("60") else "410"
        return self.code(code, self.sub(supplier))

    def sub(self, name: str) -> str:
        """:func:`component`, remembered: a month names the same few parties again and again."""
        key = ("sub", name)
        if key not in self._cache:
            self._cache[key] = component(name)
        return self._cache[key]

    def supplier_name(self, supplier_nif: str, fallback: str) -> str:
        """The supplier's name as configured, so that one supplier is one sub-account."""
        for supplier in self.config.suppliers:
            if supplier.nif == supplier_nif:
                return supplier.name
        return fallback
