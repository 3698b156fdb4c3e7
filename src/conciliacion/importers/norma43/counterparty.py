"""Who paid or was paid, read from the concept records (23) by the layouts banks are known to use.

A counterparty is only reported when a rule of a known layout finds it, never guessed from any
word in the texts: a wrong payer is worse than none, because the matcher trusts it. Identifiers
are kept only when python-stdnum validates them (NIF/CIF/NIE, IBAN, SEPA creditor identifier), and
a name must look like one (no one-to-three-letter tokens, no bank words such as "TRANSFERENCIA").

Layouts covered (see ``docs/formatos/norma43.md``):

- SEPA direct debits (AEB 2012, any bank): five records 2301-2305, scheme ``CORE``/``B2B`` in
  2301; creditor name, creditor identifier (whose NIF is taken when Spanish), mandate, purpose,
  remittance text, creditor reference and debtor.
- SEPA transfers (AEB 2012, any bank), for transfers (common concept 04): five records; payer
  name and code, payer reference, "on behalf of", purpose, remittance text, additional text.
- Santander (0049, with Banesto 0030 and Popular 0075): transfers with the payer's name in the
  first text of 2301 and the NIF in the second.
- Sabadell (0081): transfers and Bizum with the payer's name in the first text of 2301, and the
  payer's NIF in the first nine characters of reference 1.
- CaixaBank (2100) writes its direct debits in the SEPA layout above; for other movements a
  Spanish IBAN in any text is taken (as for every bank).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import compress, count, repeat
from operator import eq, itemgetter, or_

import attrs
from stdnum import iban as iban_mod
from stdnum.es import nif as nif_mod
from stdnum.eu import at_02

from conciliacion.model import Counterparty

__all__ = [
    "SepaDirectDebit",
    "SepaTransfer",
    "counterparties",
    "counterparty",
    "looks_like_name",
    "sepa_direct_debit",
    "sepa_transfer",
    "valid_nif",
]

TRANSFER = "04"
"""Common concept of transfers."""
_OTHER = "99"
_BIZUM_OWN_CONCEPT = "051"

_SANTANDER = frozenset({"0049", "0030", "0075"})
_SABADELL = frozenset({"0081"})
_BANK_LAYOUTS = _SANTANDER | _SABADELL
_SCHEMES = frozenset({"CORE", "B2B"})
_SEPA_CODES = ("2301", "2302", "2303", "2304", "2305")

_IBAN = re.compile(r"ES\d{22}(?!\d)")
_TEXTS = itemgetter(slice(4, 80))
_LETTERS = re.compile(r"[^\W\d_]")
_BANK_WORDS = frozenset(
    {
        "ABONO",
        "BIZUM",
        "CARGO",
        "COMISION",
        "COMISIÓN",
        "DEVOLUCION",
        "DEVOLUCIÓN",
        "INGRESO",
        "NOMINA",
        "NÓMINA",
        "ORDENANTE",
        "PAGO",
        "RECIBO",
        "TRANSF",
        "TRANSFER",
        "TRANSFERENC",
        "TRANSFERENCIA",
    }
)
MIN_NAME_LETTERS = 4


def looks_like_name(text: str) -> bool:
    """Whether a text can be a person's or a company's name rather than a code or a bank word.

    >>> looks_like_name("SEGURCAIXA ADESLAS SA"), looks_like_name("SA"), looks_like_name("123456")
    (True, False, False)
    >>> looks_like_name("TRANSFERENCIA")
    False
    """
    words = [word.strip(".,:;") for word in text.replace(";", " ").split()]
    if not words or all(word.upper() in _BANK_WORDS for word in words):
        return False
    longest = max(len(_LETTERS.findall(word)) for word in words)
    return len(_LETTERS.findall(text)) >= MIN_NAME_LETTERS and longest > 1


def _name(text: str) -> str:
    return " ".join(text.split())


def valid_nif(text: str) -> str | None:
    """The compact NIF/CIF/NIE if python-stdnum validates it."""
    candidate = text.strip().upper()
    if len(candidate) != 9 or not nif_mod.is_valid(candidate):  # noqa: PLR2004 - a NIF has 9
        return None
    return str(nif_mod.compact(candidate))


def _creditor_nif(creditor_id: str) -> str | None:
    """The NIF inside a Spanish SEPA creditor identifier (``ES`` + check + suffix + NIF)."""
    compact = creditor_id.replace(" ", "")
    if not compact.startswith("ES") or not at_02.is_valid(compact):
        return None
    return valid_nif(compact[7:])


def _any_iban(records: Sequence[str]) -> str | None:
    """A valid Spanish IBAN anywhere in the texts, also when it runs from one text into the next."""
    for match in _IBAN.finditer("".join([record[4:80] for record in records])):
        if iban_mod.is_valid(match.group()):
            return match.group()
    return None


@attrs.frozen
class SepaDirectDebit:
    """The AEB 2012 layout of a SEPA direct debit in records 2301-2305 (AT-nn: the rulebook's)."""

    scheme: str
    creditor_name: str
    creditor_id: str
    mandate: str
    purpose: str
    category_purpose: str
    remittance: str
    creditor_reference: str
    debtor_name: str


@attrs.frozen
class SepaTransfer:
    """The AEB 2012 layout of a received SEPA transfer in records 2301-2305."""

    payer_name: str
    payer_code: str
    payer_reference: str
    on_behalf_of: str
    purpose: str
    category_purpose: str
    remittance: str
    additional: str


def _is_sepa(records: Sequence[str]) -> bool:
    return len(records) == len(_SEPA_CODES) and all(
        record[:4] == code for record, code in zip(records, _SEPA_CODES, strict=True)
    )


def _remittance(records: Sequence[str]) -> str:
    return (records[2][12:80] + records[3][4:76]).strip()


def sepa_direct_debit(records: Sequence[str]) -> SepaDirectDebit | None:
    """The direct debit layout, if the five 80-character records follow it."""
    if not _is_sepa(records) or records[0][4:8].strip() not in _SCHEMES:
        return None
    r1, r2, r3, _r4, r5 = records
    return SepaDirectDebit(
        scheme=r1[4:8].strip(),
        creditor_name=_name(r1[8:78]),
        creditor_id=r2[4:39].strip(),
        mandate=r2[39:74].strip(),
        purpose=r3[4:8].strip(),
        category_purpose=r3[8:12].strip(),
        remittance=_remittance(records),
        creditor_reference=r5[4:39].strip(),
        debtor_name=_name(r5[39:80]),
    )


def sepa_transfer(records: Sequence[str], common_concept: str) -> SepaTransfer | None:
    """The transfer layout, for a transfer whose five records are not a direct debit."""
    if common_concept != TRANSFER or not _is_sepa(records):
        return None
    if records[0][4:8].strip() in _SCHEMES:
        return None
    r1, r2, r3, _r4, r5 = records
    return SepaTransfer(
        payer_name=_name(r1[4:70]),
        payer_code=r1[70:80].strip(),
        payer_reference=r2[4:39].strip(),
        on_behalf_of=_name(r2[39:80]),
        purpose=r3[4:8].strip(),
        category_purpose=r3[8:12].strip(),
        remittance=_remittance(records),
        additional=r5[4:80].strip(),
    )


def _make(name: str, nif: str | None, iban: str | None) -> Counterparty | None:
    name = name if looks_like_name(name) else ""
    if not (name or nif or iban):
        return None
    return Counterparty(name=name, nif=nif, iban=iban)


def _bank_layout(
    bank: str, common_concept: str, own_concept: str, reference1: str, first: str
) -> tuple[str, str | None]:
    """Name and NIF by the bank's own layout of record 2301 (``first``, 80 characters)."""
    text1, text2 = first[4:42], first[42:80]
    is_bizum = common_concept == _OTHER and own_concept == _BIZUM_OWN_CONCEPT
    if bank in _SANTANDER and common_concept == TRANSFER:
        return _name(text1), valid_nif(text2)
    if bank in _SABADELL and (common_concept == TRANSFER or is_bizum):
        # Bizum writes "NAME;SURNAMES": the semicolon is a separator, not part of the name.
        return _name(text1.replace(";", " ")), valid_nif(reference1[:9])
    return "", None


def counterparty(
    *,
    bank: str,
    common_concept: str,
    own_concept: str,
    reference1: str,
    records: Sequence[str],
) -> Counterparty | None:
    """The other party of a movement, by the first layout that applies.

    ``bank`` is the account's bank code (record 11), ``records`` the movement's 23 records padded
    to 80 characters.
    """
    if not records:
        return None
    iban = _any_iban(records)
    if len(records) != len(_SEPA_CODES) and bank not in _BANK_LAYOUTS:
        return None if iban is None else Counterparty(iban=iban)
    debit = sepa_direct_debit(records)
    if debit is not None:
        return _make(debit.creditor_name, _creditor_nif(debit.creditor_id), iban)
    transfer = sepa_transfer(records, common_concept)
    if transfer is not None:
        return _make(transfer.payer_name, valid_nif(transfer.payer_code), iban)
    name, nif = _bank_layout(bank, common_concept, own_concept, reference1, records[0])
    return _make(name, nif, iban)


def counterparties(
    bank: str,
    common_concepts: Sequence[str],
    own_concepts: Sequence[str],
    references1: Sequence[str],
    records: Sequence[Sequence[str]],
) -> list[Counterparty | None]:
    """:func:`counterparty` of each movement of one account, position by position.

    For a bank without a layout of its own, a movement whose records are not five (no SEPA
    layout) can only have an IBAN: the texts of all the movements are searched for one by C code
    first, and only the movements where one appears, or with five records, go through
    :func:`counterparty`. The results are the same.
    """
    parties: list[Counterparty | None] = [None] * len(records)
    if bank in _BANK_LAYOUTS:
        candidates: Iterable[int] = range(len(records))
    else:
        texts = map("".join, map(map, repeat(_TEXTS), records))
        iban = map(bool, map(_IBAN.search, texts))
        sepa = map(eq, map(len, records), repeat(len(_SEPA_CODES)))
        candidates = compress(count(), map(or_, iban, sepa))
    for index in candidates:
        parties[index] = counterparty(
            bank=bank,
            common_concept=common_concepts[index],
            own_concept=own_concepts[index],
            reference1=references1[index],
            records=records[index],
        )
    return parties
