"""The fixed cast of the demo: insurers, acts, suppliers, and how each of them behaves.

Insurer names are the real companies' (a user recognises them); their NIFs and IBANs are generated
elsewhere and belong to nobody. Suppliers are invented businesses, except utilities whose names
every Spanish practice sees on its statements.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import attrs

__all__ = ["ACTS", "INSURERS", "SUPPLIERS", "ActSpec", "InsurerSpec", "SupplierSpec"]


@attrs.frozen
class InsurerSpec:
    """How one insurer looks and behaves.

    Attributes:
        id: the id in the configuration and the files.
        name: the short name of the configuration.
        legal_name: the name its bank writes in transfers, capitals, long.
        aliases: the names it goes by in concepts.
        cif_letter: entity type of its CIF (A: sociedad anónima, V: mutua, ...).
        term: usual payment term in days.
        follow_up: days before an unanswered claim needs follow-up.
        number_format: its settlement numbers, ``{year}`` and ``{n}`` filled in.
        name_style: how its settlements write a patient: ``asis``, ``upper`` or ``surname_first``.
        fee_factor: its prices relative to the catalogue's, in percent.
        fee_rise: percent rise of its prices on the mid-year change, 0 for none.
        known_iban: whether the configuration knows the IBAN it pays from.
        secondary: whether it pays into the secondary account.
    """

    id: str
    name: str
    legal_name: str
    aliases: tuple[str, ...]
    cif_letter: str
    term: int
    follow_up: int
    number_format: str
    name_style: str
    fee_factor: int
    fee_rise: int
    known_iban: bool
    secondary: bool = False


INSURERS: Final = (
    InsurerSpec(
        id="adeslas",
        name="SegurCaixa Adeslas",
        legal_name="SEGURCAIXA ADESLAS SA DE SEGUROS Y REASEGUROS",
        aliases=("ADESLAS", "SEGURCAIXA ADESLAS"),
        cif_letter="A",
        term=60,
        follow_up=30,
        number_format="L{year}{n:06d}",
        name_style="surname_first",
        fee_factor=100,
        fee_rise=4,
        known_iban=True,
    ),
    InsurerSpec(
        id="sanitas",
        name="Sanitas",
        legal_name="SANITAS SA DE SEGUROS",
        aliases=("SANITAS",),
        cif_letter="A",
        term=45,
        follow_up=30,
        number_format="SAN-{year}-{n:05d}",
        name_style="upper",
        fee_factor=108,
        fee_rise=3,
        known_iban=True,
    ),
    InsurerSpec(
        id="dkv",
        name="DKV Seguros",
        legal_name="DKV SEGUROS Y REASEGUROS SOCIEDAD ANONIMA ESPANOLA",
        aliases=("DKV", "DKV SEGUROS"),
        cif_letter="A",
        term=60,
        follow_up=30,
        number_format="DKV{year}{n:05d}",
        name_style="surname_first",
        fee_factor=104,
        fee_rise=5,
        known_iban=False,
    ),
    InsurerSpec(
        id="asisa",
        name="Asisa",
        legal_name="ASISA ASISTENCIA SANITARIA INTERPROVINCIAL DE SEGUROS SAU",
        aliases=("ASISA",),
        cif_letter="A",
        term=90,
        follow_up=45,
        number_format="{year}{n:07d}",
        name_style="upper",
        fee_factor=92,
        fee_rise=0,
        known_iban=True,
    ),
    InsurerSpec(
        id="mapfre",
        name="Mapfre",
        legal_name="MAPFRE ESPANA COMPANIA DE SEGUROS Y REASEGUROS SA",
        aliases=("MAPFRE", "MAPFRE ESPANA"),
        cif_letter="A",
        term=60,
        follow_up=30,
        number_format="MAP-{n:06d}",
        name_style="asis",
        fee_factor=97,
        fee_rise=3,
        known_iban=False,
        secondary=True,
    ),
    InsurerSpec(
        id="allianz",
        name="Allianz",
        legal_name="ALLIANZ COMPANIA DE SEGUROS Y REASEGUROS SA",
        aliases=("ALLIANZ",),
        cif_letter="A",
        term=45,
        follow_up=30,
        number_format="AZ{year}{n:05d}",
        name_style="upper",
        fee_factor=102,
        fee_rise=0,
        known_iban=True,
    ),
    InsurerSpec(
        id="axa",
        name="AXA",
        legal_name="AXA SEGUROS GENERALES SA DE SEGUROS Y REASEGUROS",
        aliases=("AXA",),
        cif_letter="A",
        term=60,
        follow_up=30,
        number_format="AXA-{year}-{n:04d}",
        name_style="surname_first",
        fee_factor=99,
        fee_rise=0,
        known_iban=False,
    ),
    InsurerSpec(
        id="caser",
        name="Caser",
        legal_name="CAJA DE SEGUROS REUNIDOS COMPANIA DE SEGUROS Y REASEGUROS SA",
        aliases=("CASER", "CAJA DE SEGUROS REUNIDOS"),
        cif_letter="A",
        term=75,
        follow_up=30,
        number_format="CAS{n:06d}",
        name_style="upper",
        fee_factor=95,
        fee_rise=2,
        known_iban=True,
    ),
    InsurerSpec(
        id="cigna",
        name="Cigna",
        legal_name="CIGNA LIFE INSURANCE COMPANY OF EUROPE SA NV SUCURSAL EN ESPANA",
        aliases=("CIGNA",),
        cif_letter="W",
        term=30,
        follow_up=20,
        number_format="CG-{year}{n:04d}",
        name_style="asis",
        fee_factor=112,
        fee_rise=0,
        known_iban=False,
    ),
    InsurerSpec(
        id="generali",
        name="Generali",
        legal_name="GENERALI ESPANA SA DE SEGUROS Y REASEGUROS",
        aliases=("GENERALI",),
        cif_letter="A",
        term=60,
        follow_up=30,
        number_format="GEN{year}{n:05d}",
        name_style="upper",
        fee_factor=98,
        fee_rise=0,
        known_iban=True,
    ),
    InsurerSpec(
        id="fiatc",
        name="FIATC",
        legal_name="FIATC MUTUA DE SEGUROS Y REASEGUROS",
        aliases=("FIATC",),
        cif_letter="V",
        term=45,
        follow_up=30,
        number_format="F{year}-{n:05d}",
        name_style="surname_first",
        fee_factor=94,
        fee_rise=3,
        known_iban=False,
        secondary=True,
    ),
    InsurerSpec(
        id="imq",
        name="IMQ",
        legal_name="IGUALATORIO MEDICO QUIRURGICO COLEGIAL SA DE SEGUROS",
        aliases=("IMQ", "IGUALATORIO MEDICO"),
        cif_letter="A",
        term=90,
        follow_up=45,
        number_format="IMQ{n:07d}",
        name_style="upper",
        fee_factor=101,
        fee_rise=0,
        known_iban=False,
    ),
)
"""A dozen insurers; the order is also their share of the activity, largest first."""


@attrs.frozen
class ActSpec:
    """One act of the catalogue.

    Attributes:
        key: two-digit key from which each insurer builds its own code.
        description: the act as the clinic writes it.
        price: the reference price; each insurer applies its factor.
        authorisation: whether insurers require an authorisation for it.
        weight: how often the clinic renders it, relative to the others.
    """

    key: str
    description: str
    price: Decimal
    authorisation: bool
    weight: int


ACTS: Final = (
    ActSpec("01", "Primera consulta", Decimal("38.00"), authorisation=False, weight=30),
    ActSpec("02", "Consulta sucesiva", Decimal("24.00"), authorisation=False, weight=40),
    ActSpec("03", "Revisión", Decimal("20.00"), authorisation=False, weight=25),
    ActSpec("04", "Consulta urgente", Decimal("45.00"), authorisation=False, weight=4),
    ActSpec("05", "Ecografía", Decimal("52.00"), authorisation=True, weight=12),
    ActSpec("06", "Ecografía Doppler", Decimal("78.00"), authorisation=True, weight=4),
    ActSpec("07", "Infiltración", Decimal("60.00"), authorisation=True, weight=6),
    ActSpec("08", "Electrocardiograma", Decimal("18.50"), authorisation=False, weight=8),
    ActSpec("09", "Espirometría", Decimal("27.00"), authorisation=False, weight=3),
    ActSpec("10", "Cura simple", Decimal("12.00"), authorisation=False, weight=6),
    ActSpec("11", "Cirugía menor", Decimal("95.00"), authorisation=True, weight=3),
    ActSpec("12", "Biopsia", Decimal("70.00"), authorisation=True, weight=2),
    ActSpec("13", "Informe médico", Decimal("30.00"), authorisation=False, weight=3),
    ActSpec("14", "Holter 24 horas", Decimal("85.00"), authorisation=True, weight=2),
    ActSpec("15", "Densitometría", Decimal("48.00"), authorisation=True, weight=2),
    ActSpec("16", "Audiometría", Decimal("22.00"), authorisation=False, weight=2),
)


@attrs.frozen
class SupplierSpec:
    """One supplier and its invoices.

    Attributes:
        name: its legal name.
        bank_name: how it appears in a direct debit's concept.
        cif_letter: entity type of its CIF.
        account: PGC code of its invoices.
        base: usual monthly taxable base; invoices vary around it.
        vat: VAT rate in percent (paid and not deductible).
        withholding: IRPF rate in percent the practice withholds (rent 19, professionals 15).
        direct_debit: paid by direct debit (else by transfer).
        every: months between invoices (1 monthly, 3 quarterly).
        secondary: paid from the secondary account.
        prefix: its invoice numbers' prefix.
    """

    name: str
    bank_name: str
    cif_letter: str
    account: str
    base: Decimal
    vat: int
    withholding: int
    direct_debit: bool
    every: int
    secondary: bool
    prefix: str


SUPPLIERS: Final = (
    SupplierSpec("Iberdrola Clientes SAU", "IBERDROLA CLIENTES SAU", "A", "628",
                 Decimal("230.00"), 21, 0, direct_debit=True, every=1, secondary=False,
                 prefix="21"),
    SupplierSpec("Inmuebles Castellana SL", "INMUEBLES CASTELLANA SL", "B", "621",
                 Decimal("2100.00"), 21, 19, direct_debit=False, every=1, secondary=True,
                 prefix="ALQ-"),
    SupplierSpec("Limpiezas Brillante SL", "LIMPIEZAS BRILLANTE SL", "B", "622",
                 Decimal("420.00"), 21, 0, direct_debit=True, every=1, secondary=False,
                 prefix="LB"),
    SupplierSpec("Suministros Médicos del Centro SA", "SUMINISTROS MEDICOS DEL CENTRO SA",
                 "A", "602", Decimal("640.00"), 21, 0, direct_debit=False, every=1,
                 secondary=False, prefix="F-"),
    SupplierSpec("Clinic Cloud Software SL", "CLINIC CLOUD SOFTWARE SL", "B", "629",
                 Decimal("89.00"), 21, 0, direct_debit=True, every=1, secondary=False,
                 prefix="CC"),
    SupplierSpec("Asesoría Navarro y Asociados SLP", "ASESORIA NAVARRO Y ASOCIADOS SLP", "B",
                 "623", Decimal("260.00"), 21, 15, direct_debit=False, every=1, secondary=False,
                 prefix="AN/"),
    SupplierSpec("Telefónica de España SAU", "TELEFONICA DE ESPANA SAU", "A", "628",
                 Decimal("74.00"), 21, 0, direct_debit=True, every=1, secondary=False,
                 prefix="TA"),
    SupplierSpec("Zurich Insurance plc Sucursal en España", "ZURICH INSURANCE PLC SUC ESPANA",
                 "W", "625", Decimal("380.00"), 0, 0, direct_debit=True, every=3, secondary=True,
                 prefix="ZU"),
)  # fmt: skip
