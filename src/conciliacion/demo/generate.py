"""Build the demo practice: every input file a user would have, and the truth behind them.

Each part of the practice draws from its own random stream, derived from the seed and the part's
name, so that changing how one part is generated leaves the others as they were.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal

from conciliacion.demo.activity import build_activity, build_patients
from conciliacion.demo.config_file import config_toml
from conciliacion.demo.dates import month_end, parse_start, shift_month
from conciliacion.demo.expenses import add_bank_fees, add_internal_transfers, add_invoice_payments
from conciliacion.demo.fees import FEES_FOLDER, build_fees
from conciliacion.demo.income import add_insurer_transfers, add_private_takings
from conciliacion.demo.invoices import build_invoices
from conciliacion.demo.lines import settlement_file
from conciliacion.demo.movements import DraftBook
from conciliacion.demo.names import NameBook
from conciliacion.demo.outcomes import service_truths
from conciliacion.demo.parties import build_cast
from conciliacion.demo.settlements import build_settlements
from conciliacion.demo.statements import build_statements
from conciliacion.demo.taxes import Figures, add_payroll_and_social_security, add_taxes
from conciliacion.demo.truth import GroundTruth
from conciliacion.demo.writers import activity_csv, fees_csv, invoices_csv, settlement_csv
from conciliacion.errors import ConciliacionError

__all__ = ["generate_demo"]

_OPENING: Final = (Decimal("48000.00"), Decimal("12000.00"))
"""Balances of the main and the secondary account before the first month."""


def _stream(seed: int, part: str) -> random.Random:
    return random.Random(f"{seed}/{part}")  # noqa: S311 - synthetic data, not security


def _check(folder: Path, months: int, services_per_month: int, form: str) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        msg = f"{folder}: la carpeta ya existe y no está vacía; indique una carpeta nueva o vacía"
        raise ConciliacionError(msg)
    if months < 1:
        msg = f"número de meses no válido: {months} (se esperaba 1 o más)"
        raise ConciliacionError(msg)
    if services_per_month < 1:
        msg = f"servicios por mes no válidos: {services_per_month} (se esperaba 1 o más)"
        raise ConciliacionError(msg)
    if form not in {"autonomo", "SL"}:
        msg = f"forma jurídica no válida: {form!r} (se esperaba «autonomo» o «SL»)"
        raise ConciliacionError(msg)


def generate_demo(  # noqa: PLR0913 - the CLI's options, all keyword-only
    folder: Path,
    *,
    seed: int = 2026,
    start: str = "2026-01",
    months: int = 10,
    services_per_month: int = 2000,
    form: Literal["autonomo", "SL"] = "autonomo",
) -> GroundTruth:
    """Create the demo practice in ``folder`` (absent or empty) and return its ground truth.

    The same arguments give byte-identical files: nothing depends on the clock or on global
    random state.
    """
    folder = Path(folder)
    _check(folder, months, services_per_month, form)
    first = parse_start(start)
    month_list = [shift_month(first, index) for index in range(months)]
    as_of = month_end(month_list[-1])
    names = NameBook(_stream(seed, "nombres"))
    cast = build_cast(_stream(seed, "practica"), form, names)
    fees = build_fees(
        _stream(seed, "baremos"), cast.insurers, first, f"{FEES_FOLDER}/baremos_{first.year}.csv"
    )
    rng = _stream(seed, "actividad")
    patients = build_patients(rng, cast.insurers, names, services_per_month * 8 // 10)
    activities = [
        build_activity(
            rng,
            month=month,
            count=services_per_month,
            insurers=cast.insurers,
            patients=patients,
            fees=fees,
        )
        for month in month_list
    ]
    run = build_settlements(
        _stream(seed, "liquidaciones"),
        insurers=cast.insurers,
        activities=activities,
        fees=fees,
        names=names,
        rate=cast.withholding_rate,
        as_of=as_of,
    )
    rng = _stream(seed, "facturas")
    counters: dict[str, int] = {}
    returned = min(2, months - 1)
    invoice_months = [
        build_invoices(rng, cast.suppliers, month, counters, return_one=index == returned)
        for index, month in enumerate(month_list)
    ]
    book = DraftBook()
    rng = _stream(seed, "banco")
    add_internal_transfers(book, cast, month_list)
    add_bank_fees(book, cast, month_list, as_of)
    add_insurer_transfers(rng, book, cast, run.payments, as_of)
    add_private_takings(rng, book, cast, activities, as_of)
    add_invoice_payments(book, cast, invoice_months, as_of)
    add_payroll_and_social_security(book, cast, month_list)
    figures = Figures(cast, activities, invoice_months, run.settlements)
    add_taxes(rng, book, cast, month_list, figures)
    accounts = list(zip((cast.main, cast.secondary), _OPENING, strict=True))
    statement_files, movement_truths = build_statements(book.drafts, accounts, month_list)

    outputs: dict[str, bytes] = {"conciliacion.toml": config_toml(cast)}
    outputs[fees.entries[0].source.file] = fees_csv(fees.entries)
    for activity in activities:
        outputs[activity.file] = activity_csv(activity.services)
    for settlement in run.settlements:
        outputs[settlement_file(settlement.insurer, settlement.number)] = settlement_csv(settlement)
    for invoice_month in invoice_months:
        outputs[invoice_month.file] = invoices_csv(invoice_month.invoices)
    for statement_file in statement_files:
        outputs[statement_file.file] = statement_file.data
    for relative, data in sorted(outputs.items()):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return GroundTruth(
        form=form,
        months=tuple(f"{month:%Y-%m}" for month in month_list),
        as_of=as_of,
        movements={truth.key: truth for truth in movement_truths},
        services=service_truths(cast, activities, fees, run.records, as_of),
        lines_without_service=tuple(
            line for s in run.settlements for line in s.lines if line.id in run.orphans
        ),
        settlements=run.settlements,
        invoices=tuple(i for m in invoice_months for i in m.invoices),
        statements=tuple(f.statement for f in statement_files),
    )
