"""Movements a rule explains: what every Spanish bank statement holds, and the practice's rules.

Taxes paid to the AEAT (the model number says which account), social security to the TGSS,
payroll, bank fees and interest, loan instalments: their concepts are much the same at every bank,
so they are known here without configuration. The practice's ``[[reglas]]`` come first, in file
order, because the practice knows its own movements best; the built-in knowledge then still names
the kind (``nomina`` rather than ``regla``) when it agrees on what the movement is.

Norma 43 common concepts (15 payroll and social security, 17 fees, interest and taxes, 05 loans)
support a text that says the same; on their own they only suggest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import attrs

from conciliacion.config import Rule, Sign
from conciliacion.matchers.bank_keys import MovementKeys
from conciliacion.model import MatchKind, Movement

__all__ = ["ACCOUNT_NAMES", "RuleHit", "account_label", "builtin_rule", "classify"]

ACCOUNT_NAMES: Final = {
    "400": "Proveedores",
    "410": "Acreedores",
    "430": "Clientes",
    "465": "Remuneraciones pendientes de pago",
    "473": "HP retenciones y pagos a cuenta",
    "475": "HP acreedora",
    "4750": "HP acreedora por IVA",
    "4751": "HP acreedora por retenciones practicadas",
    "4752": "HP acreedora por impuesto sobre sociedades",
    "476": "Organismos de la Seguridad Social",
    "520": "Deudas a corto plazo con entidades de crédito",
    "555": "Partidas pendientes de aplicación",
    "572": "Bancos",
    "621": "Arrendamientos",
    "626": "Servicios bancarios",
    "642": "Seguridad Social a cargo de la empresa",
    "662": "Intereses de deudas",
    "769": "Otros ingresos financieros",
}
"""The PGC names of the accounts reconciliation posts to; longer codes take their group's."""

_TAX_ACCOUNTS: Final = {
    "111": "4751", "115": "4751", "123": "4751", "216": "4751",
    "303": "4750", "130": "473", "131": "473", "202": "473", "200": "4752",
}  # fmt: skip
_TAX = re.compile(r"\b(?:AEAT|AGENCIA TRIBUTARIA|AGENCIA ESTATAL|HACIENDA|IMPUESTOS?)\b")
_MODEL = re.compile(r"\bMOD(?:ELO|\.)? ?(\d{3})\b")
_TGSS = re.compile(r"\b(?:TGSS|T G S S|SEGURIDAD SOCIAL|TESORERIA GENERAL)\b")
_RETA = re.compile(r"\b(?:RETA|AUTONOMOS?)\b")
_PAYROLL = re.compile(r"\b(?:NOMINAS?|PAGA EXTRA|SALARIO)\b")
_INTEREST = re.compile(r"\bINTERES(?:ES)?\b")
_FEE = re.compile(r"\b(?:COMISION(?:ES)?|MANTENIMIENTO|CUOTA TARJETA|GASTOS? BANCARIOS?)\b")
_LOAN = re.compile(r"\b(?:PRESTAMO|AMORTIZACION|HIPOTECA)\b")
_SURE: Final = 0.95
_WEAK: Final = 0.6


def account_label(code: str, *subs: str) -> str:
    """The contrapartida: the PGC code, its name, and sub-accounts joined by ``:``.

    >>> account_label("430", "Aseguradoras", "adeslas")
    '430 Clientes:Aseguradoras:adeslas'
    >>> account_label("6210")
    '6210'
    """
    name = ACCOUNT_NAMES.get(code, "")
    head = f"{code} {name}" if name else code
    return ":".join((head, *subs))


@attrs.frozen
class RuleHit:
    """What a rule says a movement is.

    Attributes:
        kind: the ``tipo``.
        code: the PGC code it posts against.
        reason: why, in Spanish.
        confidence: how sure, 0 to 1.
    """

    kind: MatchKind
    code: str
    reason: str
    confidence: float


def _tax(keys: MovementKeys, common: str) -> RuleHit | None:
    if not _TAX.search(keys.text):
        return None
    model = _MODEL.search(keys.text)
    if model and model[1] in _TAX_ACCOUNTS:
        reason = f"pago a la AEAT del modelo {model[1]}"
        return RuleHit(MatchKind.TAX, _TAX_ACCOUNTS[model[1]], reason, _SURE)
    sure = _SURE if common == "17" else _WEAK
    return RuleHit(MatchKind.TAX, "4750", "pago a la AEAT sin modelo reconocible", sure - 0.2)


def builtin_rule(movement: Movement, keys: MovementKeys) -> RuleHit | None:  # noqa: C901, PLR0911 - one branch per kind of movement, in priority order
    """What the usual Spanish concepts say about a movement, or ``None``."""
    text, common, debit = keys.text, movement.common_concept, movement.amount < 0
    if debit and (hit := _tax(keys, common)):
        return hit
    if debit and _TGSS.search(text):
        if _RETA.search(text):
            return RuleHit(
                MatchKind.SOCIAL_SECURITY, "642", "cuota de autónomos (RETA) a la TGSS", _SURE
            )
        return RuleHit(MatchKind.SOCIAL_SECURITY, "476", "cotización a la TGSS", _SURE)
    if debit and _PAYROLL.search(text):
        return RuleHit(MatchKind.PAYROLL, "465", "pago de nómina", _SURE)
    if _INTEREST.search(text):
        if debit:
            return RuleHit(MatchKind.BANK_FEE, "662", "intereses cargados por el banco", _SURE)
        return RuleHit(MatchKind.BANK_FEE, "769", "intereses abonados por el banco", _SURE)
    if debit and _LOAN.search(text):
        reason = "cuota de préstamo (capital e intereses sin desglosar)"
        return RuleHit(MatchKind.LOAN, "520", reason, 0.9)
    if debit and _FEE.search(text):
        return RuleHit(MatchKind.BANK_FEE, "626", "comisión bancaria", _SURE)
    if debit and common == "05":
        return RuleHit(MatchKind.LOAN, "520", "concepto común 05: amortización de préstamo", _WEAK)
    if debit and common == "15":
        return RuleHit(MatchKind.PAYROLL, "465", "concepto común 15: nómina o seguros", _WEAK)
    if debit and common == "17":
        return RuleHit(MatchKind.BANK_FEE, "626", "concepto común 17: gastos o comisiones", _WEAK)
    return None


def _rule_applies(rule: Rule, movement: Movement, keys: MovementKeys) -> bool:
    if rule.sign is Sign.DEBIT and movement.amount >= 0:
        return False
    if rule.sign is Sign.CREDIT and movement.amount <= 0:
        return False
    return bool(rule.pattern.search(keys.text) or rule.pattern.search(movement.text))


def classify(movement: Movement, keys: MovementKeys, rules: Sequence[Rule]) -> RuleHit | None:
    """The practice's first matching rule, named by the built-in kind; else the built-in one."""
    builtin = builtin_rule(movement, keys)
    for rule in rules:
        if _rule_applies(rule, movement, keys):
            label = rule.description or rule.pattern.pattern
            reason = f"regla de la práctica «{label}»"
            kind = builtin.kind if builtin and builtin.code[:3] == rule.account[:3] else None
            return RuleHit(kind or MatchKind.RULE, rule.account, reason, _SURE)
    return builtin
