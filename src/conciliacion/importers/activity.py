"""The practice's activity (actividad): the services rendered, one row each.

Rows of an unknown insurer are kept (they are real services, and dropping them would hide them
from the review) and reported as one incident per insurer id; a private patient's row must say
what was charged and how it was paid, because nothing else will.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.importers._insurers import insurer_of, known_insurers, unknown_insurer_incidents
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import InputProfile
from conciliacion.importers.tabular import Row, Table, read_table
from conciliacion.importers.tabular_detect import check_kind, choose_profile
from conciliacion.model import PRIVATE, Incident, IncidentKind, PaymentMethod, Service, Source

__all__ = ["ActivityImport", "read_activity"]

_METHODS = ", ".join(method.value for method in PaymentMethod)


def _services(values: Iterable[Service]) -> tuple[Service, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class ActivityImport:
    """The services of one activity file and the incidents met.

    Attributes:
        services: in file order, including those of unknown insurers.
        incidents: unknown insurer ids, insured services without a card number.
    """

    services: tuple[Service, ...] = attrs.field(converter=_services)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=_incidents)


def _payment_method(row: Row, *, private: bool) -> PaymentMethod | None:
    text = row.text("forma_pago").lower()
    if not text:
        if private:
            msg = f"un servicio particular necesita la forma de pago ({_METHODS})"
            raise row.error("forma_pago", msg)
        return None
    try:
        return PaymentMethod(text)
    except ValueError:
        msg = f"forma de pago desconocida: {text!r} (se esperaba {_METHODS})"
        raise row.error("forma_pago", msg) from None


def _service(row: Row, table: Table) -> Service:
    insurer = insurer_of(row, table)
    private = insurer == PRIVATE
    amount = row.amount("importe")
    if private and amount is None:
        raise row.error("importe", "un servicio particular necesita el importe cobrado")
    if amount is not None and (amount < 0 or (private and amount == 0)):
        raise row.error("importe", f"el importe de un servicio debe ser positivo ({amount})")
    return Service(
        date=row.required_date("fecha"),
        patient=row.text("paciente", required=True),
        card=row.text("tarjeta"),
        insurer=insurer,
        act_code=row.text("codigo_acto", required=True),
        act=row.text("acto"),
        source=Source(table.path, row.line),
        authorisation=row.text("autorizacion") or None,
        amount=amount,
        payment_method=_payment_method(row, private=private),
        reference=row.text("id") or None,
    )


def read_activity(
    path: str | Path,
    data: bytes,
    config: PracticeConfig,
    profile: InputProfile | None = None,
) -> ActivityImport:
    """Read one activity file; FormatError naming file, line and column for bad rows."""
    kind = InputKind.ACTIVITY
    profile = check_kind(profile or choose_profile(path, data, config, kind), kind)
    table = read_table(path, data, profile)
    known = known_insurers(config)
    services: list[Service] = []
    references: dict[str, int] = {}
    unknown: dict[str, list[int]] = defaultdict(list)
    incidents: list[Incident] = []
    for row in table.rows:
        service = _service(row, table)
        if service.reference is not None:
            first = references.setdefault(service.reference, row.line)
            if first != row.line:
                msg = f"el id {service.reference!r} ya aparece en la línea {first}"
                raise row.error("id", msg)
        if service.insurer not in known:
            unknown[service.insurer].append(row.line)
        if not service.is_private and not service.card:
            message = (
                f"servicio de {service.insurer} del {service.date:%d/%m/%Y} sin número de "
                "tarjeta: el punteo tendrá que fiarse de la fecha y el acto"
            )
            incidents.append(Incident(IncidentKind.DATA, service.id, message, service.source))
        services.append(service)
    consequence = "los servicios se leen, pero no se podrán valorar ni puntear"
    incidents.extend(unknown_insurer_incidents(table.path, unknown, consequence))
    return ActivityImport(services, incidents)
