"""Synthetic identifiers that pass the checksums of the real ones: NIF, CIF and IBAN.

The numbers are random, so they belong to nobody; only their check digits are right, which is what
the configuration and the importers verify.
"""

from __future__ import annotations

import random

from stdnum.es import ccc, cif, dni

__all__ = ["company_cif", "person_nif", "spanish_iban"]


def person_nif(rng: random.Random) -> str:
    """A DNI-style NIF: eight digits and their letter."""
    digits = f"{rng.randrange(10_000_000, 99_999_999):08d}"
    return digits + str(dni.calc_check_digit(digits))


def company_cif(rng: random.Random, letter: str = "B") -> str:
    """A CIF for an entity of type ``letter`` (A: sociedad anónima, B: limitada, ...).

    Types A and B carry a digit as control character, the others a letter.
    """
    body = f"{letter}{rng.randrange(1_000_000, 9_999_999):07d}"
    candidates = str(cif.calc_check_digits(body))
    return body + (candidates[0] if letter in "ABEH" else candidates[1])


def spanish_iban(rng: random.Random, bank: str, branch: str | None = None) -> str:
    """A compact Spanish IBAN of ``bank`` (four digits), with valid CCC and IBAN check digits."""
    office = branch or f"{rng.randrange(1, 9999):04d}"
    account = f"{rng.randrange(0, 10**10):010d}"
    check = str(ccc.calc_check_digits(f"{bank}{office}00{account}"))
    return str(ccc.to_iban(f"{bank}{office}{check}{account}"))
