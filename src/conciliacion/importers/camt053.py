"""ISO 20022 CAMT.053 bank-to-customer statements, as Spanish banks also deliver them.

The XML is read with defusedxml's SAX parser: no DTD, no entity expansion, no external references,
so a hostile file cannot read local files or blow up memory. SAX also tells the line of every
element, which the importer keeps: a movement's source is the line of its ``<Ntry>``, and an error
names the line of the element at fault.

Mapping to the model (the writer in :mod:`camt053_writer` follows it back):

- ``Ntry/Amt`` with ``CdtDbtInd`` gives the signed amount, ``Amt/@Ccy`` the currency;
- ``BookgDt`` and ``ValDt`` (``Dt`` or ``DtTm``, the date as written) the two dates;
- ``NtryRef`` the document, ``AcctSvcrRef`` reference 1, ``Refs/EndToEndId`` reference 2;
- ``BkTxCd/Prtry/Cd`` the bank's own concept code;
- every ``RmtInf/Ustrd`` a concept text, then ``AddtlNtryInf`` if present;
- the debtor (for a credit) or creditor (for a debit) name and IBAN the counterparty;
- ``Bal`` of type ``OPBD`` (or ``PRCD``) the opening balance, ``CLBD`` the closing balance.

Entries whose status is not booked (``PDNG``, ``INFO``) are not movements: they are left out with a
warning.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.sax
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Final
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesNSImpl, Locator

import attrs
import defusedxml
import defusedxml.sax
from stdnum import iban as iban_mod

from conciliacion.errors import FormatError
from conciliacion.importers.base import FormatWarning, ImportResult
from conciliacion.model import Counterparty, Movement, Source, Statement
from conciliacion.money import ZERO, to_money

__all__ = ["NAMESPACE_PATTERN", "Camt053Importer", "parse_camt053"]

NAMESPACE_PATTERN: Final = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})")
"""The namespaces accepted: every version of camt.053.001 (02 to 13 are published)."""

_SNIFF_BYTES: Final = 4096
_AMOUNT = re.compile(r"\d{1,18}(?:\.\d{1,5})?")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?")
_OPENING_CODES: Final = ("OPBD", "PRCD")
_CLOSING_CODE: Final = "CLBD"
_SIGNS: Final = {"CRDT": 1, "DBIT": -1}


@attrs.define
class _Node:
    """An element with the line where its start tag is: ElementTree does not keep lines."""

    tag: str
    attrib: dict[str, str]
    line: int
    children: list[_Node] = attrs.Factory(list)
    text: str = ""

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def path(self, *tags: str) -> _Node | None:
        node: _Node | None = self
        for tag in tags:
            if node is None:
                return None
            node = node.child(tag)
        return node

    def all(self, tag: str) -> Iterator[_Node]:
        return (c for c in self.children if c.tag == tag)

    def text_at(self, *tags: str) -> str:
        node = self.path(*tags)
        return "" if node is None else node.text.strip()


class _TreeBuilder(ContentHandler):
    """Builds :class:`_Node` trees from SAX events, remembering namespace and lines."""

    def __init__(self) -> None:
        super().__init__()
        self.root: _Node | None = None
        self.namespace = ""
        self._stack: list[_Node] = []
        self._texts: list[list[str]] = []
        self._locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:  # noqa: N802 - SAX's name
        self._locator = locator

    def startElementNS(  # noqa: N802 - SAX's name
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        del qname
        uri, local = name
        line = (self._locator.getLineNumber() or 0) if self._locator is not None else 0
        attrib = {key[1]: value for key, value in attrs.items()}
        node = _Node(tag=local, attrib=attrib, line=line)
        if self._stack:
            self._stack[-1].children.append(node)
        else:
            self.root = node
            self.namespace = uri or ""
        self._stack.append(node)
        self._texts.append([])

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802 - SAX's name
        del name, qname
        node = self._stack.pop()
        node.text = "".join(self._texts.pop())

    def characters(self, content: str) -> None:
        if self._texts:
            self._texts[-1].append(content)


def _parse_xml(path: Path, data: bytes) -> tuple[_Node, str]:
    handler = _TreeBuilder()
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)  # noqa: FBT003 - SAX's API
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except xml.sax.SAXParseException as exc:
        raise FormatError(
            path, exc.getLineNumber(), None, f"XML mal formado: {exc.getMessage()}"
        ) from None
    except defusedxml.DefusedXmlException as exc:
        msg = f"XML con DTD o entidades, que no se admiten por seguridad ({type(exc).__name__})"
        raise FormatError(path, None, None, msg) from None
    if handler.root is None:  # pragma: no cover - expat refuses a document without root
        raise FormatError(path, None, None, "XML sin elemento raíz")
    return handler.root, handler.namespace


class _Reader:
    """Turns the tree of one file into statements; holds only the file's name for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.warnings: list[FormatWarning] = []

    def error(self, node: _Node | None, field: str, message: str) -> FormatError:
        return FormatError(self.path, None if node is None else node.line, field, message)

    def required(self, parent: _Node, field: str, *tags: str) -> _Node:
        node = parent.path(*tags)
        if node is None:
            msg = f"falta <{'/'.join(tags)}> dentro de <{parent.tag}>"
            raise self.error(parent, field, msg)
        return node

    def amount(self, node: _Node, field: str) -> Decimal:
        text = node.text.strip()
        if not _AMOUNT.fullmatch(text):
            raise self.error(node, field, f"se esperaba un importe como 1234.56, no {text!r}")
        try:
            return to_money(Decimal(text))
        except ValueError:
            msg = f"importe con más de dos decimales: {text!r}"
            raise self.error(node, field, msg) from None

    def signed(self, parent: _Node, field: str) -> tuple[Decimal, str]:
        amount_node = self.required(parent, field, "Amt")
        amount = self.amount(amount_node, field)
        currency = amount_node.attrib.get("Ccy", "")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            msg = f"divisa (Ccy) no válida: {currency!r}"
            raise self.error(amount_node, field, msg)
        indicator = self.required(parent, "indicador debe/haber", "CdtDbtInd")
        sign = _SIGNS.get(indicator.text.strip())
        if sign is None:
            msg = f"se esperaba CRDT o DBIT, no {indicator.text.strip()!r}"
            raise self.error(indicator, "indicador debe/haber", msg)
        return amount * sign + ZERO, currency

    def date(self, parent: _Node, field: str, *tags: str) -> dt.date:
        holder = self.required(parent, field, *tags)
        node = holder.child("Dt") or holder.child("DtTm")
        if node is None:
            raise self.error(holder, field, f"falta <Dt> o <DtTm> dentro de <{holder.tag}>")
        return self.date_text(node, field)

    def date_text(self, node: _Node, field: str) -> dt.date:
        text = node.text.strip()
        match = _DATE.fullmatch(text)
        if match is None:
            raise self.error(node, field, f"se esperaba una fecha AAAA-MM-DD, no {text!r}")
        try:
            return dt.date.fromisoformat(match[1])
        except ValueError:
            raise self.error(node, field, f"fecha imposible: {text!r}") from None

    def account(self, stmt: _Node) -> str:
        acct = self.required(stmt, "cuenta", "Acct", "Id")
        iban = acct.child("IBAN")
        if iban is not None:
            compact = iban_mod.compact(iban.text)
            if not iban_mod.is_valid(compact):
                raise self.error(iban, "IBAN", f"IBAN no válido: {iban.text.strip()!r}")
            return str(compact)
        other = acct.path("Othr", "Id")
        if other is None or not other.text.strip():
            raise self.error(acct, "cuenta", "falta <IBAN> o <Othr><Id> de la cuenta")
        return other.text.strip()

    def balances(self, stmt: _Node) -> tuple[tuple[Decimal, dt.date, _Node], ...]:
        found: dict[str, tuple[Decimal, dt.date, _Node]] = {}
        for bal in stmt.all("Bal"):
            code_node = self.required(bal, "tipo de saldo", "Tp", "CdOrPrtry")
            code = code_node.text_at("Cd") or code_node.text_at("Prtry")
            if code in (*_OPENING_CODES, _CLOSING_CODE) and code not in found:
                amount, _ = self.signed(bal, "saldo")
                found[code] = (amount, self.date(bal, "fecha del saldo", "Dt"), bal)
        opening = found.get("OPBD") or found.get("PRCD")
        if opening is None:
            raise self.error(stmt, "saldo inicial", "falta el saldo inicial (Bal OPBD o PRCD)")
        closing = found.get(_CLOSING_CODE)
        if closing is None:
            raise self.error(stmt, "saldo final", "falta el saldo final (Bal CLBD)")
        return opening, closing

    def counterparty(self, entry: _Node, amount: Decimal) -> Counterparty | None:
        details = list(self._transactions(entry))
        if len(details) != 1:
            return None
        parties = details[0].child("RltdPties")
        if parties is None:
            return None
        role = "Dbtr" if amount > 0 else "Cdtr"
        party = parties.child(role)
        name = ""
        if party is not None:
            name = party.text_at("Nm") or party.text_at("Pty", "Nm")
        account = parties.path(f"{role}Acct", "Id", "IBAN")
        iban = None
        if account is not None:
            compact = iban_mod.compact(account.text)
            if not iban_mod.is_valid(compact):
                msg = f"IBAN no válido: {account.text.strip()!r}"
                raise self.error(account, "IBAN de la contraparte", msg)
            iban = str(compact)
        if not name and iban is None:
            return None
        return Counterparty(name=name, iban=iban)

    @staticmethod
    def _transactions(entry: _Node) -> Iterator[_Node]:
        for details in entry.all("NtryDtls"):
            yield from details.all("TxDtls")

    def movement(self, entry: _Node, account: str) -> Movement:
        amount, currency = self.signed(entry, "importe")
        booking = self.date(entry, "fecha de operación", "BookgDt")
        value = self.date(entry, "fecha valor", "ValDt") if entry.child("ValDt") else booking
        concepts: list[str] = []
        end_to_end = ""
        for tx in self._transactions(entry):
            remittance = tx.child("RmtInf")
            if remittance is not None:
                concepts.extend(u.text.strip() for u in remittance.all("Ustrd"))
            ref = tx.text_at("Refs", "EndToEndId")
            if ref and ref != "NOTPROVIDED" and not end_to_end:
                end_to_end = ref
        extra = entry.text_at("AddtlNtryInf")
        if extra:
            concepts.append(extra)
        return Movement(
            account=account,
            booking_date=booking,
            value_date=value,
            amount=amount,
            currency=currency,
            source=Source(self.file, entry.line),
            own_concept=entry.text_at("BkTxCd", "Prtry", "Cd"),
            document=entry.text_at("NtryRef"),
            reference1=entry.text_at("AcctSvcrRef"),
            reference2=end_to_end,
            concepts=tuple(c for c in concepts if c),
            counterparty=self.counterparty(entry, amount),
        )

    def booked(self, entry: _Node) -> bool:
        status = entry.child("Sts")
        code = "" if status is None else (status.text_at("Cd") or status.text.strip())
        if code in ("", "BOOK"):
            return True
        self.warnings.append(
            FormatWarning(
                self.file,
                entry.line,
                "apunte_no_contabilizado",
                f"apunte con estado {code!r} (no contabilizado): no se importa como movimiento",
            )
        )
        return False

    def statement(self, stmt: _Node) -> Statement:
        account = self.account(stmt)
        (opening, opening_date, _), (closing, closing_date, closing_node) = self.balances(stmt)
        movements = [self.movement(e, account) for e in stmt.all("Ntry") if self.booked(e)]
        period = stmt.child("FrToDt")
        if period is not None:
            start = self.date_text(self.required(period, "periodo", "FrDtTm"), "fecha inicial")
            end = self.date_text(self.required(period, "periodo", "ToDtTm"), "fecha final")
        else:
            start, end = opening_date, closing_date
        if end < start:
            msg = f"el periodo termina ({end}) antes de empezar ({start})"
            raise self.error(period or stmt, "periodo", msg)
        total = sum((m.amount for m in movements), start=ZERO)
        if opening + total != closing:
            msg = f"saldo inicial {opening} + movimientos {total} ≠ saldo final {closing}"
            raise self.error(closing_node, "saldo final", msg)
        currency = stmt.path("Acct", "Ccy")
        return Statement(
            account=account,
            start_date=start,
            end_date=end,
            opening_balance=opening,
            closing_balance=closing,
            movements=movements,
            source=Source(self.file, stmt.line),
            currency=currency.text.strip() if currency is not None else "EUR",
            bank_name=stmt.text_at("Acct", "Svcr", "FinInstnId", "Nm"),
        )


def parse_camt053(path: Path, data: bytes) -> ImportResult:
    """Read every ``<Stmt>`` of a CAMT.053 document; ``path`` is for provenance and messages."""
    root, namespace = _parse_xml(path, data)
    if root.tag != "Document" or not NAMESPACE_PATTERN.fullmatch(namespace):
        msg = f"se esperaba un documento camt.053.001.xx, no <{root.tag}> en {namespace!r}"
        raise FormatError(path, root.line, None, msg)
    container = root.child("BkToCstmrStmt")
    if container is None:
        raise FormatError(path, root.line, None, "falta <BkToCstmrStmt>")
    reader = _Reader(path)
    statements = [reader.statement(stmt) for stmt in container.all("Stmt")]
    if not statements:
        raise FormatError(path, container.line, None, "el documento no contiene ningún <Stmt>")
    return ImportResult(statements, reader.warnings)


@attrs.frozen
class Camt053Importer:
    """Importer of CAMT.053 files (any version from 001.02), for detection and the pipeline."""

    @property
    def name(self) -> str:
        """Stable name of the format."""
        return "camt053"

    def identify(self, path: Path, data: bytes) -> bool:
        """Whether the start of the file is XML naming the camt.053 namespace."""
        del path
        head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
        return head.startswith(b"<") and b"camt.053.001." in head

    def read(self, path: Path, data: bytes) -> ImportResult:
        """Parse ``data``; see :func:`parse_camt053`."""
        return parse_camt053(path, data)
