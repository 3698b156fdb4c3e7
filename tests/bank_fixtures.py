"""A small practice for the bank reconciliation tests: one insurer, one supplier, two accounts."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from conciliacion.config import PracticeConfig, parse_config
from conciliacion.demo.ids import company_cif, spanish_iban
from conciliacion.model import (
    Invoice,
    Movement,
    PaymentMethod,
    Service,
    Settlement,
    SettlementLine,
    Source,
)

_RNG = random.Random(7)  # noqa: S311 - synthetic identifiers, not security
INSURER_NIF = company_cif(_RNG, "A")
INSURER_IBAN = spanish_iban(_RNG, "0049")
SUPPLIER_NIF = company_cif(_RNG, "B")
MAIN = spanish_iban(_RNG, "2100")
SECOND = spanish_iban(_RNG, "0081")


def config(rules: list[dict[str, str]] | None = None) -> PracticeConfig:
    return parse_config(
        {
            "practica": {"nombre": "Centro", "nif": company_cif(_RNG, "B"), "forma": "SL"},
            "cuentas": [
                {"iban": MAIN, "nombre": "CaixaBank"},
                {"iban": SECOND, "nombre": "Sabadell"},
            ],
            "aseguradoras": [
                {
                    "id": "sanitas",
                    "nombre": "Sanitas",
                    "nif": INSURER_NIF,
                    "alias": ["SANITAS SA DE SEGUROS"],
                    "iban": [INSURER_IBAN],
                }
            ],
            "proveedores": [
                {
                    "nombre": "Limpiezas Brillante SL",
                    "nif": SUPPLIER_NIF,
                    "cuenta": "622",
                    "alias": ["LIMPIEZAS BRILLANTE"],
                }
            ],
            "reglas": rules or [],
        }
    )


def movement(day: int, amount: str, *texts: str, line: int = 1, **kwargs: object) -> Movement:
    fields: dict[str, object] = {"account": MAIN, **kwargs}
    return Movement(
        booking_date=dt.date(2026, 3, day),
        value_date=dt.date(2026, 3, day),
        amount=Decimal(amount),
        source=Source("entrada/banco/caixa.n43", line),
        concepts=texts,
        **fields,  # type: ignore[arg-type]
    )


def settlement(number: str, net: str, day: int = 1) -> Settlement:
    line = SettlementLine(
        number,
        "sanitas",
        Decimal(net),
        Source("liq.csv", 2),
        patient="X",
        act_date=dt.date(2026, 2, 1),
    )
    return Settlement.from_lines(
        number=number,
        insurer="sanitas",
        date=dt.date(2026, 3, day),
        lines=[line],
        withholding=Decimal("0.00"),
        source=Source("liq.csv", 2),
    )


def invoice(number: str, total: str, due: int = 10) -> Invoice:
    return Invoice(
        supplier="Limpiezas Brillante SL",
        nif=SUPPLIER_NIF,
        number=number,
        date=dt.date(2026, 3, 1),
        base=Decimal(total),
        vat=Decimal("0.00"),
        withholding=Decimal("0.00"),
        total=Decimal(total),
        source=Source("fac.csv", 2),
        due_date=dt.date(2026, 3, due),
    )


def private(day: int, amount: str, method: PaymentMethod, patient: str, ref: str) -> Service:
    return Service(
        date=dt.date(2026, 3, day),
        patient=patient,
        card="",
        insurer="particular",
        act_code="P01",
        act="Consulta",
        source=Source("act.csv", 2),
        amount=Decimal(amount),
        payment_method=method,
        reference=ref,
    )


PERIOD = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
