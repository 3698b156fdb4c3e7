from hypothesis import given
from hypothesis import strategies as st

from bank_fixtures import INSURER_IBAN, INSURER_NIF, config, movement
from conciliacion.matchers.bank_keys import (
    KeyReader,
    PartyIndex,
    movement_keys,
    parties_from_config,
)
from conciliacion.matchers.bank_texts import PieceReader, _read_slowly, fold, read_piece
from conciliacion.model import Counterparty


def _hit(*texts):
    index = PartyIndex(parties_from_config(config()))
    return index.identify(movement_keys(movement(3, "10.00", *texts)))


def test_keys_of_a_concept():
    keys = movement_keys(
        movement(3, "10.00", f"LIQ SAN-2026-00448 NIF {INSURER_NIF}", f"ORDENANTE {INSURER_IBAN}")
    )
    assert "SAN202600448" in keys.references
    assert keys.nifs == (INSURER_NIF,)
    assert keys.ibans == (INSURER_IBAN,)
    phone = movement_keys(movement(3, "10.00", "BIZUM DE +34 677 550 391 CONSULTA"))
    assert phone.phone == "677550391"
    dated = movement_keys(movement(3, "10.00", "CONSULTA 02/01/2026"))
    assert [d.isoformat() for d in dated.dates] == ["2026-01-02"]


def test_a_number_cut_by_the_bank_is_glued_back():
    first = "TRANSFERENCIA DE UNA ASEGURADORA LQ123"
    assert len(first) == 38
    keys = movement_keys(movement(3, "10.00", first, "4567 MAS TEXTO"))
    assert "LQ1234567" in keys.references


def test_party_by_iban_nif_and_names():
    assert _hit(f"ORDENANTE {INSURER_IBAN}").via == "IBAN"
    assert _hit(f"NIF {INSURER_NIF}").via == "NIF"
    whole = _hit("TRANSFERENCIA SANITAS")
    assert (whole.party.key, whole.score) == ("sanitas", 100.0)
    cut = _hit("TRANSF. A SU FAVOR", "SANITAS SA DE SEG")
    assert (cut.party.key, cut.score) == ("sanitas", 100.0)  # "Sanitas" is a whole alias
    split = _hit("TRANSFERENCIA A LIMPIEZAS BRILLANTE S", "L")
    assert split.party.kind == "proveedor"


def test_no_party_from_a_short_or_foreign_fragment():
    assert _hit("TRANSFERENCIA SAN") is None
    assert _hit("LIMPIEZAS") is None
    assert _hit("PAGO A DESCONOCIDO SL") is None


def test_what_crosses_from_one_piece_into_the_next_is_still_read():
    grouped = " ".join(INSURER_IBAN[i : i + 4] for i in range(0, len(INSURER_IBAN), 4))
    cut = grouped.index(" ", 8)
    keys = movement_keys(movement(3, "10.00", f"ORDENANTE {grouped[:cut]}", grouped[cut + 1 :]))
    assert keys.ibans == (INSURER_IBAN,)
    assert movement_keys(movement(3, "10.00", "BIZUM DE 677", "550 391")).phone == "677550391"


def test_a_reader_remembers_pieces_and_gives_the_same_keys():
    reader = PieceReader(size=2)
    texts = [
        ("TRANSFERENCIA RECIBIDA", f"NIF {INSURER_NIF}", "LIQ SAN-2026-00448"),
        ("TRANSFERENCIA RECIBIDA", f"NIF {INSURER_NIF}", "LIQ SAN-2026-00449 02/01/2026"),
        ("Bizum de José Núñez", "+34 677 550 391"),
        ("TRANSFERENCIA RECIBIDA", f"NIF {INSURER_NIF}", "LIQ SAN-2026-00448"),
    ]
    keys = KeyReader(size=2)
    for concepts in texts:
        one = movement(3, "10.00", *concepts, reference1="FRA-2026/7")
        assert movement_keys(one, reader) == movement_keys(one) == keys(one)
        other = movement(4, "-3.00", *concepts, counterparty=Counterparty("Sanitas", INSURER_NIF))
        assert keys(other) == movement_keys(other)


_TOKENS = st.sampled_from((
    "LIQ", "ES91", "2100", "A58818501", "12345678Z", "X1234567L", "677", "6775", "N.1", "FRA",
    "02/01/2026", "SAN-2026-00448", "D000123", "12", "ÑANDU", "é", "+34", "AB_677", "7", "ＡＢ12",
))  # fmt: skip
"""Tokens that are, nearly are, or are not quite a number, NIF, IBAN, phone or date."""


@given(st.lists(st.one_of(_TOKENS, st.text("A1 6.7/-é", max_size=12)), max_size=8))
def test_reading_a_piece_by_tokens_agrees_with_the_patterns(tokens):
    text = " ".join(tokens)
    assert read_piece(text) == _read_slowly(fold(text))


def test_a_reader_remembers_texts_that_recur_not_those_read_once():
    keys = KeyReader()
    texts = ("TRANSFERENCIA RECIBIDA", f"NIF {INSURER_NIF}")
    first, remembered = keys.read(movement(3, "10.00", *texts))
    assert not remembered  # new pieces: most likely a text seen once
    second, remembered = keys.read(movement(4, "10.00", *texts))
    assert remembered
    assert second == first
    assert keys.read(movement(5, "12.00", *texts)) == (second, True)
    assert keys(movement(5, "12.00", *texts)) is second
