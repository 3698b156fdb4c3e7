"""Write statements as CAMT.053, the inverse of the reader's mapping.

It exists for the round-trip property tests and for demo data; it writes what the reader reads
(see :mod:`conciliacion.importers.camt053`), one element per line so that line numbers in errors
point at a single field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final
from xml.etree import ElementTree as ET

from stdnum import iban as iban_mod

from conciliacion.model import Movement, Statement
from conciliacion.money import to_money

__all__ = ["DEFAULT_VERSION", "write_camt053"]

DEFAULT_VERSION: Final = "08"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _amount(parent: ET.Element, amount: Decimal, currency: str) -> None:
    _sub(parent, "Amt", f"{abs(to_money(amount)):.2f}", Ccy=currency)
    _sub(parent, "CdtDbtInd", "DBIT" if amount < 0 else "CRDT")


def _date(parent: ET.Element, tag: str, day: dt.date) -> None:
    _sub(_sub(parent, tag), "Dt", day.isoformat())


def _balance(parent: ET.Element, code: str, amount: Decimal, currency: str, day: dt.date) -> None:
    bal = _sub(parent, "Bal")
    _sub(_sub(_sub(parent=bal, tag="Tp"), "CdOrPrtry"), "Cd", code)
    _amount(bal, amount, currency)
    _date(bal, "Dt", day)


def _entry(parent: ET.Element, movement: Movement) -> None:
    entry = _sub(parent, "Ntry")
    if movement.document:
        _sub(entry, "NtryRef", movement.document)
    _amount(entry, movement.amount, movement.currency)
    _sub(_sub(entry, "Sts"), "Cd", "BOOK")
    _date(entry, "BookgDt", movement.booking_date)
    _date(entry, "ValDt", movement.value_date)
    if movement.reference1:
        _sub(entry, "AcctSvcrRef", movement.reference1)
    code = _sub(entry, "BkTxCd")
    if movement.own_concept:
        _sub(_sub(code, "Prtry"), "Cd", movement.own_concept)
    tx = _sub(_sub(entry, "NtryDtls"), "TxDtls")
    _sub(_sub(tx, "Refs"), "EndToEndId", movement.reference2 or "NOTPROVIDED")
    party = movement.counterparty
    if party is not None and party.is_known:
        role = "Dbtr" if movement.amount > 0 else "Cdtr"
        parties = _sub(tx, "RltdPties")
        if party.name:
            _sub(_sub(_sub(parties, role), "Pty"), "Nm", party.name)
        if party.iban:
            _sub(_sub(_sub(parties, f"{role}Acct"), "Id"), "IBAN", party.iban)
    if movement.concepts:
        remittance = _sub(tx, "RmtInf")
        for text in movement.concepts:
            _sub(remittance, "Ustrd", text)


def _statement(parent: ET.Element, statement: Statement, number: int) -> None:
    stmt = _sub(parent, "Stmt")
    _sub(stmt, "Id", f"{statement.id}-{number}")
    _sub(stmt, "CreDtTm", f"{statement.end_date.isoformat()}T23:59:59")
    period = _sub(stmt, "FrToDt")
    _sub(period, "FrDtTm", f"{statement.start_date.isoformat()}T00:00:00")
    _sub(period, "ToDtTm", f"{statement.end_date.isoformat()}T23:59:59")
    acct = _sub(stmt, "Acct")
    if iban_mod.is_valid(statement.account):
        _sub(_sub(acct, "Id"), "IBAN", statement.account)
    else:
        _sub(_sub(_sub(acct, "Id"), "Othr"), "Id", statement.account)
    _sub(acct, "Ccy", statement.currency)
    if statement.bank_name:
        _sub(_sub(_sub(acct, "Svcr"), "FinInstnId"), "Nm", statement.bank_name)
    currency = statement.currency
    _balance(stmt, "OPBD", statement.opening_balance, currency, statement.start_date)
    _balance(stmt, "CLBD", statement.closing_balance, currency, statement.end_date)
    for movement in statement.movements:
        _entry(stmt, movement)


def write_camt053(
    statements: Iterable[Statement],
    version: str = DEFAULT_VERSION,
    created: dt.datetime | None = None,
) -> bytes:
    """One CAMT.053 document (UTF-8, indented) holding the statements in order.

    ``created`` fills the message's creation time; without it the end of the last statement is
    used, so that the same statements always give the same bytes.
    """
    items = list(statements)
    namespace = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"
    root = ET.Element("Document", {"xmlns": namespace})
    container = _sub(root, "BkToCstmrStmt")
    header = _sub(container, "GrpHdr")
    stamp = created or dt.datetime.combine(
        max((s.end_date for s in items), default=dt.date(2000, 1, 1)), dt.time(23, 59, 59)
    )
    _sub(header, "MsgId", f"conciliacion-{stamp:%Y%m%d%H%M%S}")
    _sub(header, "CreDtTm", stamp.isoformat(timespec="seconds"))
    for number, statement in enumerate(items, start=1):
        _statement(container, statement, number)
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
