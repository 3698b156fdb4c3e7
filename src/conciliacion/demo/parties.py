"""The people and companies of one demo practice, with identifiers generated for them."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Literal

import attrs

from conciliacion.demo.catalogue import INSURERS, SUPPLIERS, InsurerSpec, SupplierSpec
from conciliacion.demo.ids import company_cif, person_nif, spanish_iban
from conciliacion.demo.names import NameBook, bank_text

__all__ = ["Account", "Cast", "Employee", "Insurer", "Supplier", "build_cast"]

Form = Literal["autonomo", "SL"]

_INSURER_BANKS = ("0049", "0182", "2100", "0081", "0128", "2085", "0075", "3058")
_SUPPLIER_BANKS = ("0049", "0182", "2100", "2038", "0239", "1465")


@attrs.frozen
class Account:
    """A bank account of the practice.

    Attributes:
        iban: compact IBAN.
        name: the bank's name, as the configuration calls the account.
        file_prefix: the start of its statements' file names.
        holder: the holder's name as the bank abbreviates it in the statement header.
    """

    iban: str
    name: str
    file_prefix: str
    holder: str


@attrs.frozen
class Insurer:
    """An insurer of the demo: its behaviour and its generated identifiers."""

    spec: InsurerSpec
    nif: str
    iban: str

    @property
    def id(self) -> str:
        """The insurer id of the files."""
        return self.spec.id


@attrs.frozen
class Supplier:
    """A supplier of the demo: its behaviour and its generated identifiers."""

    spec: SupplierSpec
    nif: str
    iban: str


@attrs.frozen
class Employee:
    """An employee paid monthly: gross pay and the IRPF withheld from it."""

    name: str
    gross: Decimal
    irpf_percent: int


@attrs.frozen
class Cast:
    """Everyone the demo practice deals with.

    Attributes:
        name: the practice's name.
        nif: its NIF (a physician's DNI-style NIF, or a company's CIF).
        form: ``autonomo`` or ``SL``.
        withholding_rate: the IRPF rate insurers withhold, zero for an SL.
        main: the main account (CaixaBank), where most money moves.
        secondary: the secondary account (Sabadell).
        insurers: the dozen insurers, largest first.
        suppliers: the usual suppliers.
        employees: the practice's staff.
    """

    name: str
    nif: str
    form: Form
    withholding_rate: Decimal
    main: Account
    secondary: Account
    insurers: tuple[Insurer, ...]
    suppliers: tuple[Supplier, ...]
    employees: tuple[Employee, ...]

    def insurer(self, insurer_id: str) -> Insurer:
        """The insurer with this id."""
        return next(i for i in self.insurers if i.id == insurer_id)

    def account_of(self, *, secondary: bool) -> Account:
        """The secondary account when ``secondary``, else the main one."""
        return self.secondary if secondary else self.main


def build_cast(rng: random.Random, form: Form, names: NameBook) -> Cast:
    """Generate the practice, its accounts and its counterparties."""
    doctor = names.person()
    if form == "autonomo":
        name, nif, rate = f"Dra. {doctor}", person_nif(rng), Decimal("0.15")
    else:
        surname = doctor.split()[1]
        name, nif, rate = f"Centro Médico {surname} SL", company_cif(rng, "B"), Decimal("0.00")
    holder = bank_text(name.removeprefix("Dra. "))[:26].strip()
    main = Account(spanish_iban(rng, "2100"), "CaixaBank", "caixabank", holder)
    secondary = Account(spanish_iban(rng, "0081"), "Sabadell", "sabadell", holder)
    insurers = tuple(
        Insurer(
            spec, company_cif(rng, spec.cif_letter), spanish_iban(rng, rng.choice(_INSURER_BANKS))
        )
        for spec in INSURERS
    )
    suppliers = tuple(
        Supplier(
            spec, company_cif(rng, spec.cif_letter), spanish_iban(rng, rng.choice(_SUPPLIER_BANKS))
        )
        for spec in SUPPLIERS
    )
    staff = [Employee(names.person(), Decimal("1850.00"), 9)]
    if form == "SL":
        staff.append(Employee(names.person(), Decimal("2240.00"), 12))
    return Cast(
        name=name,
        nif=nif,
        form=form,
        withholding_rate=rate,
        main=main,
        secondary=secondary,
        insurers=insurers,
        suppliers=suppliers,
        employees=tuple(staff),
    )
