import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conciliacion.errors import FormatError
from conciliacion.importers.camt053 import Camt053Importer, parse_camt053
from conciliacion.importers.camt053_writer import write_camt053
from conciliacion.model import Counterparty, Movement, Source, Statement

PATH = Path("extracto.xml")
ACCOUNT = "ES9121000418450200051332"
IBANS = ["ES7921000813610123456789", "ES6000491500051234567892", "ES9121000418450200051332"]

texts = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\x85"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
codes = st.text(alphabet="ABCDEFGHIJ0123456789", min_size=1, max_size=8)
cents = st.integers(min_value=-(10**9), max_value=10**9).filter(bool)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def movements(draw, start: dt.date):
    amount = Decimal(draw(cents)) / 100
    booking = start + dt.timedelta(days=draw(st.integers(0, 27)))
    party = draw(
        st.one_of(
            st.none(),
            st.builds(Counterparty, name=texts, iban=st.sampled_from(IBANS)),
            st.builds(Counterparty, name=texts),
            st.builds(Counterparty, iban=st.sampled_from(IBANS)),
        )
    )
    return Movement(
        account=ACCOUNT,
        booking_date=booking,
        value_date=booking + dt.timedelta(days=draw(st.integers(0, 3))),
        amount=amount,
        source=Source(str(PATH), 0),
        own_concept=draw(st.one_of(st.just(""), codes)),
        document=draw(st.one_of(st.just(""), codes)),
        reference1=draw(st.one_of(st.just(""), codes)),
        reference2=draw(st.one_of(st.just(""), codes)),
        concepts=tuple(draw(st.lists(texts, max_size=3))),
        counterparty=party,
    )


@st.composite
def statements(draw):
    start = draw(days)
    moves = draw(st.lists(movements(start), max_size=6))
    opening = Decimal(draw(st.integers(-(10**8), 10**8))) / 100
    total = sum((m.amount for m in moves), start=Decimal("0.00"))
    return Statement(
        account=ACCOUNT,
        start_date=start,
        end_date=start + dt.timedelta(days=30),
        opening_balance=opening,
        closing_balance=opening + total,
        movements=moves,
        source=Source(str(PATH), 0),
        bank_name=draw(st.one_of(st.just(""), texts)),
    )


def _without_lines(statement: Statement) -> Statement:
    moves = [attrs.evolve(m, source=Source(m.source.file, 0)) for m in statement.movements]
    return attrs.evolve(statement, movements=moves, source=Source(statement.source.file, 0))


@settings(max_examples=35, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=2), st.sampled_from(["02", "04", "08"]))
def test_round_trip(originals, version):
    data = write_camt053(originals, version=version)
    result = parse_camt053(PATH, data)
    assert [_without_lines(s) for s in result.statements] == originals
    lines = data.decode().splitlines()
    for statement in result.statements:
        for movement in statement.movements:
            assert lines[movement.source.line - 1].strip() == "<Ntry>"


FIELDS = {
    "Amt": ["12.345", "abc", "-5.00", ""],
    "CdtDbtInd": ["CREDIT", ""],
    "Dt": ["2024-13-45", "31/01/2024", ""],
    "IBAN": ["ES0000000000000000000000"],
}


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements(), st.data())
def test_corrupted_field_names_its_line(statement, data):
    text = write_camt053([statement]).decode()
    lines = text.splitlines()
    candidates = [
        (number, tag)
        for number, line in enumerate(lines, start=1)
        for tag in FIELDS
        if re.fullmatch(rf"\s*<{tag}[ >].*</{tag}>", line)
    ]
    number, tag = data.draw(st.sampled_from(candidates))
    bad = data.draw(st.sampled_from(FIELDS[tag]))
    lines[number - 1] = re.sub(
        rf"(<{tag}[^>]*>).*(</{tag}>)", rf"\g<1>{bad}\g<2>", lines[number - 1]
    )
    with pytest.raises(FormatError) as info:
        parse_camt053(PATH, "\n".join(lines).encode())
    assert info.value.line == number


def test_changed_amount_is_caught_by_the_closing_balance():
    move = Movement(ACCOUNT, dt.date(2024, 1, 2), dt.date(2024, 1, 2), "10.00", Source("x", 0))
    statement = Statement(
        ACCOUNT, dt.date(2024, 1, 1), dt.date(2024, 1, 31), "5", "15", [move], Source("x", 0)
    )
    text = write_camt053([statement]).decode().replace(">10.00<", ">11.00<")
    with pytest.raises(FormatError, match="saldo final") as info:
        parse_camt053(PATH, text.encode())
    assert "<Cd>CLBD</Cd>" in text.splitlines()[info.value.line + 2]


def test_entity_expansion_and_external_entities_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><d>&b;</d>'
    external = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    )
    for data in (bomb, external):
        with pytest.raises(FormatError, match="no se admiten"):
            parse_camt053(PATH, data)


SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>1</MsgId><CreDtTm>2024-02-01T08:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>S1</Id>
   <Acct><Id><IBAN>ES91 2100 0418 4502 0005 1332</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1850.5</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2024-02-29T23:59:59+01:00</DtTm></Dt></Bal>
   <Ntry>
    <Amt Ccy="EUR">850.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2024-02-05</Dt></BookgDt><ValDt><Dt>2024-02-06</Dt></ValDt>
    <AcctSvcrRef>REF-1</AcctSvcrRef>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>LIQ-2024-01</EndToEndId></Refs>
     <RltdPties><Dbtr><Nm>SEGURCAIXA ADESLAS</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>ES7921000813610123456789</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Ustrd>LIQUIDACION ENERO</Ustrd></RmtInf>
    </TxDtls></NtryDtls>
    <AddtlNtryInf>TRANSFERENCIA RECIBIDA</AddtlNtryInf>
   </Ntry>
   <Ntry>
    <Amt Ccy="EUR">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts>
    <BookgDt><Dt>2024-02-28</Dt></BookgDt>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"""


def test_version_02_with_prcd_and_pending_entry():
    importer = Camt053Importer()
    assert importer.identify(PATH, SAMPLE.encode())
    result = importer.read(PATH, SAMPLE.encode())
    (statement,) = result.statements
    assert statement.account == ACCOUNT
    assert (statement.start_date, statement.end_date) == (
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
    )
    assert statement.closing_balance == Decimal("1850.50")
    (move,) = statement.movements
    assert move.source.line == 12
    assert move.amount == Decimal("850.50")
    assert move.value_date == dt.date(2024, 2, 6)
    assert move.reference2 == "LIQ-2024-01"
    assert move.concepts == ("LIQUIDACION ENERO", "TRANSFERENCIA RECIBIDA")
    assert move.counterparty == Counterparty("SEGURCAIXA ADESLAS", iban="ES7921000813610123456789")
    assert [w.code for w in result.warnings] == ["apunte_no_contabilizado"]
    assert result.warnings[0].line == 24


def test_identify_refuses_other_xml():
    importer = Camt053Importer()
    assert not importer.identify(PATH, b"<?xml version='1.0'?><Document xmlns='urn:camt.054'/>")
    assert not importer.identify(PATH, b"OFXHEADER:100")
    with pytest.raises(FormatError, match=r"camt\.053"):
        parse_camt053(PATH, b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'/>")
