import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from conciliacion.errors import FormatError
from conciliacion.importers.ofx import OfxImporter, parse_ofx

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
OFX_FILES = sorted((SAMPLES / "ofx").glob("*.ofx"))

READABLE = {
    "ofxparse_anzcc.ofx",
    "ofxparse_bank_medium.ofx",
    "ofxparse_checking.ofx",
    "ofxparse_multiple_accounts.ofx",
    "ofxparse_multiple_accounts2.ofx",
    "ofxparse_suncorp.ofx",
}


@pytest.mark.parametrize("path", OFX_FILES, ids=lambda p: p.name)
def test_every_sample_imports_or_fails_clearly(path):
    data = path.read_bytes()
    assert OfxImporter().identify(path, data)
    if path.name in READABLE:
        result = parse_ofx(path, data)
        assert result.statements
        for statement in result.statements:
            total = sum((m.amount for m in statement.movements), start=Decimal("0.00"))
            assert statement.opening_balance + total == statement.closing_balance
    else:
        with pytest.raises(FormatError) as info:
            parse_ofx(path, data)
        assert info.value.message


def test_bank_statement_amounts_dates_and_lines():
    path = SAMPLES / "ofx" / "ofxparse_bank_medium.ofx"
    (statement,) = parse_ofx(path, path.read_bytes()).statements
    assert statement.currency == "CAD"
    assert statement.closing_balance == Decimal("382.34")
    assert statement.opening_balance == Decimal("382.34") + Decimal("6.60") + Decimal("316.67") + 22
    assert (statement.start_date, statement.end_date) == (dt.date(2009, 4, 1), dt.date(2009, 5, 23))
    assert [m.source.line for m in statement.movements] == [15, 16, 17]
    assert [m.amount for m in statement.movements] == [
        Decimal("-6.60"),
        Decimal("-316.67"),
        Decimal("-22.00"),
    ]
    first = statement.movements[0]
    assert first.booking_date == dt.date(2009, 4, 1)
    assert first.concepts == ("MCDONALD'S #112", "POS MERCHANDISE;MCDONALD'S #112")
    assert first.reference1 == "0000123456782009040100001"


def test_credit_card_statement():
    path = SAMPLES / "ofx" / "ofxparse_anzcc.ofx"
    (statement,) = parse_ofx(path, path.read_bytes()).statements
    assert statement.closing_balance == Decimal("-123.45")
    assert statement.movements[0].amount == Decimal("-5.50")


def test_investment_statement_is_not_a_bank_statement():
    path = SAMPLES / "ofx" / "ofxparse_investment_medium.ofx"
    with pytest.raises(FormatError, match="no es un extracto bancario"):
        parse_ofx(path, path.read_bytes())


def _ofx(amount: str, balance: str = "100.00") -> bytes:
    return f"""OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>2100
<ACCTID>ES91 2100 0418 4502 0005 1332<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240102<DTAVAIL>20240103<TRNAMT>{amount}<FITID>A1<NAME>ADESLAS</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>{balance}<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
""".encode()


def test_spanish_account_and_value_date():
    (statement,) = parse_ofx(Path("x.ofx"), _ofx("12,30")).statements
    assert statement.account == "ES9121000418450200051332"
    assert statement.opening_balance == Decimal("87.70")
    (move,) = statement.movements
    assert move.amount == Decimal("12.30")
    assert move.value_date == dt.date(2024, 1, 3)
    assert move.source.line == 15


@pytest.mark.parametrize("amount", ["1.234,56", "12.345", "null", "1 000.00", "$12", "12."])
def test_amounts_ofxparse_would_alter_are_refused(amount):
    with pytest.raises(FormatError) as info:
        parse_ofx(Path("x.ofx"), _ofx(amount))
    assert info.value.line == 15
    assert info.value.field == "TRNAMT"


def test_bad_balance_is_refused():
    with pytest.raises(FormatError) as info:
        parse_ofx(Path("x.ofx"), _ofx("1.00", balance="1,000.00"))
    assert info.value.field == "BALAMT"


def test_identify_by_content():
    importer = OfxImporter()
    assert importer.identify(Path("a.txt"), b"\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1>")
    assert not importer.identify(Path("a.ofx"), b"<?xml version='1.0'?><Document/>")
    assert not importer.identify(Path("a.ofx"), b"Fecha;Concepto;Importe\n")
