"""Counterparties from the 23 records: SEPA layouts, bank layouts, and what must never be a name."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import amounts, dates

from conciliacion.importers.norma43._fast import (
    fast_movements,
    fast_sources,
    pack_texts,
    same_id_as_model,
)
from conciliacion.importers.norma43._records import invalid_references1, reference1_is_valid
from conciliacion.importers.norma43.counterparty import (
    counterparties,
    counterparty,
    looks_like_name,
    sepa_direct_debit,
    sepa_transfer,
    valid_nif,
)
from conciliacion.model import Counterparty, Movement, Source


def _records(*texts: str) -> list[str]:
    return [f"23{n:02d}{text}".ljust(80) for n, text in enumerate(texts, start=1)]


def _party(bank: str, common: str, records: list[str], own: str = "000", ref1: str = ""):
    return counterparty(
        bank=bank,
        common_concept=common,
        own_concept=own,
        reference1=ref1,
        records=records,
    )


DEBIT = _records(
    "CORE" + "SEGURCAIXA ADESLAS SA",
    "ES59ZZZX1234567L".ljust(35) + "MANDATO-001",
    "MDCS" + "    " + "RECIBO MARZO",
    "",
    "REF-ACREEDOR".ljust(35) + "CLINICA DEMO SL",
)


def test_sepa_direct_debit_fields():
    debit = sepa_direct_debit(DEBIT)
    assert debit is not None
    assert (debit.scheme, debit.creditor_name) == ("CORE", "SEGURCAIXA ADESLAS SA")
    assert (debit.creditor_id, debit.mandate) == ("ES59ZZZX1234567L", "MANDATO-001")
    assert (debit.purpose, debit.remittance) == ("MDCS", "RECIBO MARZO")
    assert (debit.creditor_reference, debit.debtor_name) == ("REF-ACREEDOR", "CLINICA DEMO SL")


def test_sepa_direct_debit_counterparty_takes_the_nif_of_the_creditor_id():
    party = _party("2100", "03", DEBIT)
    assert party == Counterparty(name="SEGURCAIXA ADESLAS SA", nif="X1234567L", iban=None)


def test_sepa_transfer_fields_and_counterparty():
    records = _records(
        "SANITAS SA DE SEGUROS".ljust(66) + "A28037042",
        "LIQ-2024-03".ljust(35) + "",
        "SUPP    " + "LIQUIDACION MARZO",
        "",
        "",
    )
    transfer = sepa_transfer(records, "04")
    assert transfer is not None
    assert (transfer.payer_name, transfer.payer_code) == ("SANITAS SA DE SEGUROS", "A28037042")
    assert transfer.remittance == "LIQUIDACION MARZO"
    assert sepa_transfer(records, "03") is None
    assert _party("0182", "04", records) == Counterparty(
        name="SANITAS SA DE SEGUROS", nif="A28037042", iban=None
    )


def test_santander_transfer_name_and_nif():
    records = _records("ASISA ASISTENCIA SANITARIA".ljust(38) + "A08169294")
    assert _party("0049", "04", records) == Counterparty(
        name="ASISA ASISTENCIA SANITARIA", nif="A08169294", iban=None
    )


def test_sabadell_transfer_name_and_nif_in_reference1():
    records = _records("MARIA NARANJO ENFLOR".ljust(38) + "A48555633617", "".ljust(38) + "01826874")
    party = _party("0081", "04", records, ref1="12345678Z001")
    assert party == Counterparty(name="MARIA NARANJO ENFLOR", nif="12345678Z", iban=None)


def test_sabadell_bizum():
    records = _records("NAYARA;MARTINEZ RODRIGUEZ".ljust(38) + "PEDIDO 322200000000")
    party = _party("0081", "99", records, own="051")
    assert party is not None
    assert party.name == "NAYARA MARTINEZ RODRIGUEZ"


def test_iban_in_any_text_is_taken_only_when_valid():
    valid = _records("TRANSFERENCIA DE ES9121000418450200051332")
    invalid = _records("TRANSFERENCIA DE ES9121000418450200051333")
    assert _party("2100", "04", valid) == Counterparty(iban="ES9121000418450200051332")
    assert _party("2100", "04", invalid) is None


def test_unknown_bank_layout_gives_no_name():
    records = _records("SEGURCAIXA ADESLAS".ljust(38) + "A28011864")
    assert _party("9999", "04", records) is None


def test_short_tokens_and_bank_words_are_not_names():
    for text in ["SA", "ABC", "A B", "12345678", "TRANSFERENCIA", "RECIBO BIZUM", "", "  "]:
        assert not looks_like_name(text), text
    assert looks_like_name("DKV SEGUROS")
    short = _records("SA".ljust(38) + "X")
    assert _party("0049", "04", short) is None


def test_nif_only_when_stdnum_validates():
    assert valid_nif("A28037042") == "A28037042"
    assert valid_nif("A28037043") is None
    assert valid_nif("12345678") is None


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            dates(),
            dates(),
            amounts(),
            amounts(),
            st.lists(st.text(alphabet="ABC áñ 0123", max_size=38).map(str.rstrip), max_size=6),
            st.sampled_from(["", "USD"]),
        ),
        max_size=8,
    )
)
def test_fast_movements_equal_the_validating_constructor(drawn):
    lines = list(range(1, len(drawn) + 1))
    sources = fast_sources("f.n43", lines)
    built = fast_movements(
        "ES9121000418450200051332",
        [booking for booking, *_ in drawn],
        [value for _, value, *_ in drawn],
        [booking.isoformat() for booking, *_ in drawn],
        [value.isoformat() for _, value, *_ in drawn],
        [amount for _, _, amount, *_ in drawn],
        sources,
        "EUR",
        ["04"] * len(drawn),
        ["001"] * len(drawn),
        pack_texts(
            ["0000000001"] * len(drawn),
            ["000000000000"] * len(drawn),
            ["REF"] * len(drawn),
            [tuple(texts) for *_, texts, _ in drawn],
        ),
        [Counterparty(name="DKV SEGUROS")] * len(drawn),
        [int(balance * 100) for _, _, _, balance, *_ in drawn],
        [original for *_, original in drawn],
        [Decimal("1.00") if original else None for *_, original in drawn],
    )
    for line, movement, (booking, value, amount, balance, texts, original) in zip(
        lines, built, drawn, strict=True
    ):
        slow = Movement(
            account="ES9121000418450200051332",
            booking_date=booking,
            value_date=value,
            amount=amount,
            source=Source("f.n43", line),
            currency="EUR",
            common_concept="04",
            own_concept="001",
            document="0000000001",
            reference1="000000000000",
            reference2="REF",
            concepts=tuple(texts),
            counterparty=Counterparty(name="DKV SEGUROS"),
            balance_after=balance,
            original_currency=original,
            original_amount=Decimal("1.00") if original else None,
        )
        assert movement == slow
        assert movement.id == slow.id
        assert movement.source == slow.source
        assert movement.source.raw is None
        assert same_id_as_model(movement)
        assert str(movement.balance_after) == str(slow.balance_after)
        assert movement.concepts == tuple(texts)


@given(st.lists(st.text(alphabet="0123456789 A٣", min_size=10, max_size=13), max_size=20))
def test_bulk_reference1_check_agrees_with_the_single_one(references):
    lines = list(range(1, len(references) + 1))
    expected = [
        line
        for line, reference in zip(lines, references, strict=True)
        if len(reference) == 12
        and reference.isdigit()
        and reference.isascii()
        and not reference1_is_valid(reference)
    ]
    assert invalid_references1(lines, references) == expected


_TEXTS = [
    "",
    "TRANSFERENCIA",
    "SEGURCAIXA ADESLAS SA",
    "A28011864",
    "ES9121000418450200051332",
    "ES912100041845",
    "0200051332 PAGO",
    "CORE",
]


@settings(max_examples=200)
@given(
    st.sampled_from(["2100", "0049", "0081", "9999"]),
    st.lists(
        st.tuples(
            st.sampled_from(["04", "99", "12"]),
            st.sampled_from(["000", "051"]),
            st.sampled_from(["", "A28011864000", "123456789012"]),
            st.lists(st.tuples(st.sampled_from(_TEXTS), st.sampled_from(_TEXTS)), max_size=5).map(
                lambda pairs: _records(*(f"{a:<38}{b}"[:76] for a, b in pairs))
            ),
        ),
        max_size=8,
    ),
)
def test_counterparties_agree_with_counterparty(bank, movements):
    expected = [
        _party(bank, common, records, own=own, ref1=ref1)
        for common, own, ref1, records in movements
    ]
    assert (
        counterparties(
            bank,
            [common for common, *_ in movements],
            [own for _, own, *_ in movements],
            [ref1 for _, _, ref1, _ in movements],
            [records for *_, records in movements],
        )
        == expected
    )
