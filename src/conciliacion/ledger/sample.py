"""A synthetic month of books, every kind of booking in it, the same for the same seed.

For the benchmark, the tests and the Fava page's end-to-end test: the ledger's own fixture, so that
the ledger can be exercised at any size before the reconciliation exists. The patients' names in
its settlement lines are there to prove that they never reach the ledger.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from conciliacion.config import PracticeConfig, parse_config
from conciliacion.ledger.bookings import (
    AcceptedDifference,
    Accrual,
    Booking,
    CardBatch,
    Claim,
    InvoiceBooking,
    InvoicePayment,
    MonthBooks,
    PrivateReceipt,
    ReturnedDebit,
    RuleBooking,
    SettlementReceipt,
    Unexplained,
    month_end,
)
from conciliacion.model import (
    Invoice,
    Match,
    MatchKind,
    MatchStatus,
    Movement,
    Settlement,
    SettlementLine,
    Source,
    Statement,
)

__all__ = ["PATIENTS", "sample_books", "sample_config", "source_files"]

PATIENTS = ("Lucía Fernández Gil", "Tomás Ruiz Prieto", "Marta Ibáñez Soler")
"""Patients' names in the sample's settlement lines; none may appear in the ledger."""

IBAN = "ES9121000418450200051332"
_INSURERS = (("adeslas", "SegurCaixa Adeslas", "A28011864"), ("sanitas", "Sanitas", "A28037042"))
_SUPPLIER = ("Iberdrola Clientes SAU", "A95758389")


def sample_config(form: str = "SL") -> PracticeConfig:
    """A practice with one bank account, two insurers and one supplier."""
    practice: dict[str, object] = {"nombre": "Clínica Ejemplo", "nif": "B12345674", "forma": form}
    if form == "autonomo":
        practice["retencion"] = "0.15"
    return parse_config(
        {
            "practica": practice,
            "cuentas": [{"iban": IBAN, "nombre": "CaixaBank"}],
            "aseguradoras": [{"id": i, "nombre": n, "nif": nif} for i, n, nif in _INSURERS],
            "proveedores": [{"nombre": _SUPPLIER[0], "nif": _SUPPLIER[1], "cuenta": "628"}],
        }
    )


def _cents(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)).scaleb(-2)


class _Month:
    """Accumulates the movements and bookings of the month being generated."""

    def __init__(self, month: str, config: PracticeConfig, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - sample data, not security
        self.month = month
        self.config = config
        self.withholding = config.practice.withholding_rate
        self.first = dt.date.fromisoformat(f"{month}-01")
        self.days = month_end(month).day
        self.movements: list[Movement] = []
        self.bookings: list[Booking] = []
        self.accrued: dict[str, tuple[Decimal, int]] = {}
        self.file = f"entrada/banco/{month}.n43"

    def accrue(self, insurer: str, amount: Decimal, services: int) -> None:
        total, count = self.accrued.get(insurer, (Decimal("0.00"), 0))
        self.accrued[insurer] = (total + amount, count + services)

    def movement(self, amount: Decimal, concept: str) -> Movement:
        day = self.first + dt.timedelta(days=self.rng.randrange(self.days))
        line = len(self.movements) + 2
        movement = Movement(IBAN, day, day, amount, Source(self.file, line), concepts=(concept,))
        self.movements.append(movement)
        return movement

    def match(self, kind: MatchKind, movement: Movement, targets: tuple[str, ...] = ()) -> Match:
        sure = self.rng.random() < 0.9  # noqa: PLR2004 - nine in ten are reconciled
        return Match(
            kind=kind,
            status=MatchStatus.RECONCILED if sure else MatchStatus.SUGGESTED,
            subjects=(movement.id,),
            targets=targets,
            confidence=0.97 if sure else 0.71,
            reasons=("importe exacto", "ordenante conocido") if sure else ("importe parecido",),
        )

    def settlement(self, index: int) -> None:
        insurer = _INSURERS[index % len(_INSURERS)][0]
        number = f"{self.month.replace('-', '')}{index:06d}"
        lines = [
            SettlementLine(
                number,
                insurer,
                _cents(self.rng, 2000, 9000),
                Source(f"entrada/liquidaciones/{insurer}-{self.month}.csv", index * 3 + k),
                patient=PATIENTS[k],
                act_date=self.first,
                act_code="C01",
            )
            for k in range(3)
        ]
        gross = sum((line.amount for line in lines), start=Decimal("0.00"))
        settlement = Settlement.from_lines(
            number=number,
            insurer=insurer,
            date=self.first,
            lines=lines,
            withholding=(gross * self.withholding).quantize(Decimal("0.01")),
            source=lines[0].source,
        )
        movement = self.movement(settlement.net, f"TRANSFERENCIA {insurer.upper()} PACIENTE X")
        match = self.match(MatchKind.SETTLEMENT_PAYMENT, movement, (settlement.id,))
        self.bookings.append(SettlementReceipt(movement, [settlement], match))
        self.accrue(insurer, gross, 3)
        if index % 7 == 0:
            self.bookings.append(
                AcceptedDifference(insurer, month_end(self.month), Decimal("1.50"), number)
            )
        if index % 11 == 0:
            claim = f"rec-{number}"
            self.bookings.append(
                Claim(claim, insurer, month_end(self.month), "12.00", settlements=[number])
            )

    def other(self, index: int) -> None:
        kind = index % 7
        rng = self.rng
        if kind == 0:
            gross, commission = _cents(rng, 1000, 50000), _cents(rng, 10, 90)
            movement = self.movement(gross - commission, "LIQUIDACION TPV")
            self.accrue("particular", gross, 1)
            self.bookings.append(CardBatch(movement, gross, commission, None))
            return
        if kind == 1:
            amount = _cents(rng, 3000, 9000)
            movement = self.movement(amount, f"BIZUM DE {PATIENTS[index % 3].upper()}")
            self.accrue("particular", amount, 1)
            match = self.match(MatchKind.BIZUM, movement)
            self.bookings.append(PrivateReceipt(movement, match))
            return
        if kind == 2:  # noqa: PLR2004
            base = _cents(rng, 5000, 20000)
            invoice = Invoice(
                _SUPPLIER[0], _SUPPLIER[1], f"F{self.month}-{index}", self.first, base,
                (base * Decimal("0.21")).quantize(Decimal("0.01")), "0.00",
                base + (base * Decimal("0.21")).quantize(Decimal("0.01")),
                Source(f"entrada/facturas/{self.month}.csv", index + 2),
            )  # fmt: skip
            movement = self.movement(-invoice.total, "RECIBO IBERDROLA")
            self.bookings.append(InvoiceBooking(invoice))
            self.bookings.append(InvoicePayment(movement, [invoice]))
            return
        rules = {
            3: (MatchKind.SOCIAL_SECURITY, "476"),
            4: (MatchKind.TAX, "4751"),
            5: (MatchKind.BANK_FEE, "626"),
        }
        if kind in rules:
            match_kind, account = rules[kind]
            movement = self.movement(-_cents(rng, 100, 90000), "CARGO")
            self.bookings.append(RuleBooking(movement, account, match_kind))
            return
        if index % 2:
            movement = self.movement(_cents(rng, 500, 9000), "DEVOLUCION RECIBO")
            self.bookings.append(ReturnedDebit(movement, "628", "Iberdrola-Clientes-SAU"))
            return
        movement = self.movement(_cents(rng, -9000, 9000) or Decimal("1.00"), "MOVIMIENTO")
        self.bookings.append(Unexplained(movement))


def sample_books(
    month: str, movements: int, *, form: str = "SL", seed: int = 0, opening: str = "10000.00"
) -> MonthBooks:
    """A month of ``movements`` bank movements of every kind, with one statement."""
    state = _Month(month, sample_config(form), seed)
    for index in range(movements):
        if index % 3 == 0:
            state.settlement(index)
        else:
            state.other(index)
    for insurer, (amount, services) in sorted(state.accrued.items()):
        state.bookings.append(Accrual(insurer, month, amount, services))
    total = sum((m.amount for m in state.movements), start=Decimal("0.00"))
    statement = Statement(
        IBAN,
        state.first,
        month_end(month),
        Decimal(opening),
        Decimal(opening) + total,
        state.movements,
        Source(state.file, 1),
        bank_name="CaixaBank",
    )
    return MonthBooks(month, state.config, [statement], state.bookings)


def source_files(books: MonthBooks) -> list[str]:
    """The practice files a month's ledger attaches as documents (they must exist)."""
    files = {s.source.file for s in books.statements}
    for booking in books.bookings:
        if isinstance(booking, SettlementReceipt):
            files.update(s.source.file for s in booking.settlements)
    return sorted(files)
