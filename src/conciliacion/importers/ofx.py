"""OFX 1.x (SGML) and 2.x (XML) bank and credit card statements, read through ofxparse.

ofxparse gives the structure (accounts, transactions, names and memos) but it is lenient where an
accounting tool must not be: it turns ``1.234,56`` and ``null`` into numbers of its own choosing,
and it shifts dates to UTC. So the importer also scans the raw tags, once, keeping the line of every
``<STMTTRN>``, and takes amounts and dates from the text as the bank wrote them. Every amount
ofxparse produced must equal the raw one, or the file is refused: no amount is ever altered.

OFX gives only the ledger balance at the end of the statement (``LEDGERBAL``); the opening balance
is derived as closing balance minus the sum of the movements. A statement without ``LEDGERBAL`` is
refused, since the model needs both balances and inventing one would hide a missing figure.

ofxparse (and BeautifulSoup under it) is imported when an OFX file is read, not with this module:
every run looks for OFX files, few practices have any, and loading it takes a tenth of a second.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import warnings
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs
from stdnum import iban as iban_mod
from stdnum.es import ccc as ccc_mod

from conciliacion.errors import FormatError
from conciliacion.importers.base import FormatWarning, ImportResult
from conciliacion.model import Movement, Source, Statement
from conciliacion.money import ZERO, to_money

__all__ = ["OfxImporter", "parse_ofx"]

if TYPE_CHECKING:
    from ofxparse.ofxparse import Account, Ofx, Transaction
    from ofxparse.ofxparse import Statement as OfxStatement

logger = logging.getLogger(__name__)

_SNIFF_BYTES: Final = 4096
_TAG = re.compile(r"<(/?)([A-Za-z0-9.]+)>([^<]*)")
_AMOUNT = re.compile(r"([+-]?)(\d+)(?:[.,](\d*))?")
_DATE = re.compile(r"(\d{8})(?:\d{0,6}(?:\.\d{1,3})?(?:\[[^\]]*\])?)?")
_STATEMENT_TAGS: Final = ("STMTRS", "CCSTMTRS")
_OFXPARSE_MESSAGES: Final = {
    "Empty transaction name": ("NAME", "nombre vacío"),
    "Empty transaction type": ("TRNTYPE", "tipo de transacción vacío"),
    "Missing FIT id": ("FITID", "falta el identificador de la transacción"),
    "Empty FIT id": ("FITID", "identificador de la transacción vacío"),
    "Missing Transaction Date": ("DTPOSTED", "falta la fecha"),
    "Invalid Transaction Date": ("DTPOSTED", "fecha no válida"),
    "Missing Transaction Amount": ("TRNAMT", "falta el importe"),
    "Invalid Transaction Amount": ("TRNAMT", "importe no válido"),
}


@attrs.frozen
class _Value:
    text: str
    line: int


@attrs.define
class _RawTransaction:
    line: int
    values: dict[str, _Value] = attrs.Factory(dict)


@attrs.define
class _RawStatement:
    tag: str
    line: int
    values: dict[str, _Value] = attrs.Factory(dict)
    transactions: list[_RawTransaction] = attrs.Factory(list)


@attrs.define
class _RawFile:
    statements: list[_RawStatement] = attrs.Factory(list)
    investment_line: int | None = None
    errors: list[tuple[int, str, str]] = attrs.Factory(list)


class _Scanner:
    """One pass over the tags: statements, their transactions, and the status codes."""

    def __init__(self) -> None:
        self.raw = _RawFile()
        self.statement: _RawStatement | None = None
        self.transaction: _RawTransaction | None = None
        self.balance = ""
        self.status: dict[str, _Value] = {}

    def scan(self, text: str) -> _RawFile:
        line, position = 1, 0
        for match in _TAG.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            closing, tag, value = match[1] == "/", match[2].upper(), match[3].strip()
            if not self.structure(tag, line, closing=closing) and not closing:
                self.value(tag, _Value(value, line))
        return self.raw

    def structure(self, tag: str, line: int, *, closing: bool) -> bool:
        """Follow the aggregates; whether ``tag`` was one."""
        if tag in _STATEMENT_TAGS:
            self.statement = None if closing else _RawStatement(tag, line)
            self.transaction = None
            if self.statement is not None:
                self.raw.statements.append(self.statement)
        elif tag == "INVSTMTRS":
            self.raw.investment_line = self.raw.investment_line or line
        elif tag == "STMTTRN" and self.statement is not None:
            self.transaction = None if closing else _RawTransaction(line)
            if self.transaction is not None:
                self.statement.transactions.append(self.transaction)
        elif tag in ("LEDGERBAL", "AVAILBAL", "BANKTRANLIST"):
            self.balance = "" if closing else tag
        elif tag == "STATUS":
            code = self.status.get("CODE")
            if closing and code is not None and code.text not in ("0", ""):
                message = self.status.get("MESSAGE", _Value("", 0)).text
                self.raw.errors.append((code.line, code.text, message))
            self.status = {}
        else:
            return False
        return True

    def value(self, tag: str, value: _Value) -> None:
        if tag in ("CODE", "MESSAGE"):
            self.status[tag] = value
        elif self.transaction is not None:
            self.transaction.values.setdefault(tag, value)
        elif self.statement is not None:
            key = f"{self.balance}.{tag}" if self.balance in ("LEDGERBAL", "AVAILBAL") else tag
            self.statement.values.setdefault(key, value)


def _decode(data: bytes) -> str:
    head = data[:_SNIFF_BYTES]
    if b"CHARSET:1252" in head or b"ENCODING:USASCII" in head:
        return data.decode("cp1252", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.warnings: list[FormatWarning] = []

    def amount(self, value: _Value | None, field: str, line: int) -> Decimal:
        if value is None or not value.text:
            raise FormatError(self.path, line, field, "falta el importe")
        match = _AMOUNT.fullmatch(value.text)
        if match is None or (match[3] is not None and not match[3]):
            msg = f"se esperaba un importe como -1234.56, no {value.text!r}"
            raise FormatError(self.path, value.line, field, msg)
        fraction = match[3] or "0"
        amount = Decimal(f"{match[1]}{match[2]}.{fraction}")
        try:
            return to_money(amount)
        except ValueError:
            msg = f"importe con más de dos decimales: {value.text!r}"
            raise FormatError(self.path, value.line, field, msg) from None

    def date(self, value: _Value | None, field: str, line: int) -> dt.date:
        if value is None or not value.text:
            raise FormatError(self.path, line, field, "falta la fecha")
        match = _DATE.fullmatch(value.text)
        try:
            if match is None:
                raise ValueError(value.text)  # noqa: TRY301 - one message for both failures
            return dt.datetime.strptime(match[1], "%Y%m%d").date()  # noqa: DTZ007 - a date
        except ValueError:
            msg = f"se esperaba una fecha AAAAMMDD[hhmmss], no {value.text!r}"
            raise FormatError(self.path, value.line, field, msg) from None

    def account(self, raw: _RawStatement) -> str:
        value = raw.values.get("ACCTID")
        if value is None or not value.text:
            raise FormatError(self.path, raw.line, "ACCTID", "falta la cuenta")
        compact = re.sub(r"[\s-]", "", value.text).upper()
        if iban_mod.is_valid(compact):
            return compact
        if ccc_mod.is_valid(compact):
            return str(ccc_mod.to_iban(compact))
        return compact

    def check_same(self, ours: Decimal, theirs: object, field: str, line: int) -> None:
        if not isinstance(theirs, Decimal) or theirs != ours:
            msg = f"ofxparse leyó {theirs!r} donde el fichero dice {ours}: se rechaza el fichero"
            raise FormatError(self.path, line, field, msg)

    def pair(
        self, raw: _RawStatement, parsed: OfxStatement
    ) -> Iterator[tuple[_RawTransaction, Transaction]]:
        """Align the raw transactions with ofxparse's, which drops the ones it cannot read."""
        transactions = list(parsed.transactions)
        discarded = list(parsed.discarded_entries)
        index = 0
        for item in raw.transactions:
            fitid = item.values.get("FITID", _Value("", 0)).text
            if index < len(transactions) and transactions[index].id == fitid:
                yield item, transactions[index]
                index += 1
                continue
            # Our own checks name the field's line; ofxparse's message is the fallback.
            self.amount(item.values.get("TRNAMT"), "TRNAMT", item.line)
            self.date(item.values.get("DTPOSTED"), "DTPOSTED", item.line)
            error = str(discarded[0]["error"]) if discarded else "transacción ilegible"
            field, message = next(
                (v for k, v in _OFXPARSE_MESSAGES.items() if error.startswith(k)),
                (None, f"ofxparse no puede leerla: {error}"),
            )
            raise FormatError(self.path, item.line, field, message)

    def movement(
        self, account: str, currency: str, raw: _RawTransaction, tx: Transaction
    ) -> Movement:
        amount = self.amount(raw.values.get("TRNAMT"), "TRNAMT", raw.line)
        self.check_same(amount, tx.amount, "TRNAMT", raw.line)
        booking = self.date(raw.values.get("DTPOSTED"), "DTPOSTED", raw.line)
        avail = raw.values.get("DTAVAIL")
        value = self.date(avail, "DTAVAIL", raw.line) if avail and avail.text else booking
        texts = [str(tx.payee or "").strip(), str(tx.memo or "").strip()]
        concepts = [t for i, t in enumerate(texts) if t and t not in texts[:i]]
        return Movement(
            account=account,
            booking_date=booking,
            value_date=value,
            amount=amount,
            currency=currency,
            source=Source(self.file, raw.line),
            own_concept=str(tx.type or "").upper(),
            document=str(getattr(tx, "checknum", "") or ""),
            reference1=str(tx.id or ""),
            concepts=concepts,
        )

    def statement(self, raw: _RawStatement, account_obj: Account) -> Statement:
        parsed = account_obj.statement
        account = self.account(raw)
        currency = raw.values.get("CURDEF", _Value("", 0)).text.upper()
        if not currency:
            currency = "EUR"
            self.warnings.append(
                FormatWarning(self.file, raw.line, "divisa_supuesta", "sin CURDEF: se supone EUR")
            )
        movements = [self.movement(account, currency, r, t) for r, t in self.pair(raw, parsed)]
        balance_value = raw.values.get("LEDGERBAL.BALAMT")
        if balance_value is None or not balance_value.text:
            line = raw.line if balance_value is None else balance_value.line
            msg = "falta el saldo contable (LEDGERBAL/BALAMT): sin él no hay saldos del extracto"
            raise FormatError(self.path, line, "LEDGERBAL", msg)
        closing = self.amount(balance_value, "BALAMT", raw.line)
        self.check_same(closing, getattr(parsed, "balance", None), "BALAMT", balance_value.line)
        total = sum((m.amount for m in movements), start=ZERO)
        start, end = self.period(raw, movements)
        return Statement(
            account=account,
            start_date=start,
            end_date=end,
            opening_balance=closing - total,
            closing_balance=closing,
            movements=movements,
            source=Source(self.file, raw.line),
            currency=currency,
            bank_name=raw.values.get("BANKID", _Value("", 0)).text,
        )

    def period(self, raw: _RawStatement, movements: Sequence[Movement]) -> tuple[dt.date, dt.date]:
        days = [m.booking_date for m in movements]
        fallback = raw.values.get("LEDGERBAL.DTASOF")
        if not days and fallback and fallback.text:
            days = [self.date(fallback, "DTASOF", raw.line)]
        start_value, end_value = raw.values.get("DTSTART"), raw.values.get("DTEND")
        start = (
            self.date(start_value, "DTSTART", raw.line)
            if start_value and start_value.text
            else min(days, default=None)
        )
        end = (
            self.date(end_value, "DTEND", raw.line)
            if end_value and end_value.text
            else max(days, default=None)
        )
        if start is None or end is None:
            msg = "sin DTSTART/DTEND, movimientos ni fecha de saldo: no se sabe el periodo"
            raise FormatError(self.path, raw.line, "DTSTART", msg)
        if end < start:
            msg = f"el periodo termina ({end}) antes de empezar ({start})"
            raise FormatError(self.path, raw.line, "DTEND", msg)
        return start, end


def _ofxparse(path: Path, data: bytes) -> Ofx:
    from bs4 import XMLParsedAsHTMLWarning  # noqa: PLC0415 - see the module's imports
    from ofxparse import OfxParser  # noqa: PLC0415
    from ofxparse.ofxparse import OfxParserException  # noqa: PLC0415

    # fail_fast=False keeps ofxparse going past a bad transaction so that the raw scan can name
    # its line; ofxparse stores the flag on its class, so it is always passed the same value.
    # bs4 warns that ofxparse parses XML with its HTML parser and calls deprecated methods:
    # ofxparse's choices, not the user's problem.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            return OfxParser.parse(io.BytesIO(data), fail_fast=False)
    except (OfxParserException, ValueError, TypeError, AttributeError, IndexError) as exc:
        msg = f"fichero OFX ilegible ({type(exc).__name__}: {exc})"
        raise FormatError(path, None, None, msg) from None


def parse_ofx(path: Path, data: bytes) -> ImportResult:
    """Read every bank (``STMTRS``) and card (``CCSTMTRS``) statement of an OFX file."""
    raw = _Scanner().scan(_decode(data))
    if raw.errors:
        line, code, message = raw.errors[0]
        msg = f"el banco devolvió el error {code}" + (f" ({message})" if message else "")
        raise FormatError(path, line, "STATUS", msg)
    if not raw.statements:
        if raw.investment_line is not None:
            msg = "no es un extracto bancario: es un extracto de inversiones (INVSTMTRS)"
            raise FormatError(path, raw.investment_line, None, msg)
        msg = "no es un extracto bancario: el OFX no contiene STMTRS ni CCSTMTRS"
        raise FormatError(path, None, None, msg)
    ofx = _ofxparse(path, data)
    reader = _Reader(path)
    from ofxparse.ofxparse import AccountType  # noqa: PLC0415 - see the module's imports

    kinds = {"STMTRS": AccountType.Bank, "CCSTMTRS": AccountType.CreditCard}
    by_tag: dict[str, Iterator[Account]] = {
        tag: iter([a for a in ofx.accounts if a.type == kind]) for tag, kind in kinds.items()
    }
    statements = []
    for item in raw.statements:
        account_obj = next(by_tag[item.tag], None)
        if account_obj is None or getattr(account_obj, "statement", None) is None:
            msg = "ofxparse no reconoce este extracto"
            raise FormatError(path, item.line, None, msg)
        statements.append(reader.statement(item, account_obj))
    if raw.investment_line is not None:
        reader.warnings.append(
            FormatWarning(
                str(path),
                raw.investment_line,
                "inversiones_ignoradas",
                "el fichero trae también un extracto de inversiones, que no se importa",
            )
        )
    logger.debug("%s: %d extractos OFX", path, len(statements))
    return ImportResult(statements, reader.warnings)


@attrs.frozen
class OfxImporter:
    """Importer of OFX bank and credit card statements."""

    @property
    def name(self) -> str:
        """Stable name of the format."""
        return "ofx"

    def identify(self, path: Path, data: bytes) -> bool:
        """Whether the file starts as OFX does: an ``OFXHEADER`` or an ``<OFX>`` root."""
        del path
        head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
        return head.startswith(b"OFXHEADER") or b"<?OFX" in head or b"<OFX>" in head

    def read(self, path: Path, data: bytes) -> ImportResult:
        """Parse ``data``; see :func:`parse_ofx`."""
        return parse_ofx(path, data)
