from decimal import Decimal

import pytest

from conciliacion.errors import ConfigError
from conciliacion.importers.columns import InputKind
from conciliacion.importers.input_profiles import (
    available_profiles,
    bundled_profiles,
    user_profiles,
)
from conciliacion.importers.settlements import read_settlements
from tabular_samples import config, csv_bytes, xlsx_bytes

ASISA = """
[[perfiles]]
tipo = "liquidaciones"
nombre = "asisa"
aseguradora = "dkv"
separador = "|"
codificacion = "latin-1"
decimal = "."
formato_fecha = "aaaammdd"
fila_cabecera = 2

[perfiles.columnas]
liquidacion = "Remesa"
fecha_liquidacion = "F. Remesa"
paciente = "Nombre"
tarjeta = "Tarjeta"
fecha_acto = "F. Acto"
codigo_acto = "Acto"
autorizacion = "Aut."
importe = "Honorarios"
"""

HEADER = ["Remesa", "F. Remesa", "Nombre", "Tarjeta", "F. Acto", "Acto", "Aut.", "Honorarios"]


def test_a_user_profile_reads_its_export():
    cfg = config(ASISA)
    (profile,) = user_profiles(cfg)
    assert profile.kind is InputKind.SETTLEMENTS
    assert profile.origin == "conciliacion.toml"
    rows = [["R1", "20240531", "IBÁÑEZ", "7", "20240502", "A1", "", "1234.56"]]
    data = csv_bytes(HEADER, rows, delimiter="|", encoding="latin-1", above=["Informe"])
    (settlement,) = read_settlements("r.txt", data, cfg).settlements
    assert settlement.insurer == "dkv"
    assert settlement.lines[0].patient == "IBÁÑEZ"
    assert settlement.gross == Decimal("1234.56")
    assert settlement.source.line == 3


def test_a_user_profile_reads_xlsx_too():
    cfg = config(ASISA)
    rows = [["R1", "20240531", "X", 7, "20240502", "A1", None, 12.5]]
    data = xlsx_bytes(HEADER, rows, above=["Informe"])
    (settlement,) = read_settlements("r.xlsx", data, cfg).settlements
    assert settlement.lines[0].card == "7"
    assert settlement.gross == Decimal("12.50")


def test_a_user_profile_replaces_a_bundled_one_of_the_same_name():
    cfg = config(ASISA.replace('nombre = "asisa"', 'nombre = "sanitas"'))
    names = [p.name for p in available_profiles(cfg, InputKind.SETTLEMENTS)]
    assert names.count("sanitas") == 1
    assert names[0] == "sanitas"
    assert len(available_profiles(cfg)) == len(bundled_profiles())


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('tipo = "liquidaciones"', 'tipo = "extractos"', "perfiles[1].tipo"),
        ('nombre = "asisa"', "", "perfiles[1].nombre"),
        ('aseguradora = "dkv"', 'aseguradora = "asisa"', "perfiles[1].aseguradora"),
        ('separador = "|"', 'separador = ";;"', "perfiles[1].separador"),
        ('codificacion = "latin-1"', 'codificacion = "klingon"', "perfiles[1].codificacion"),
        ('decimal = "."', 'decimal = "\'"', "perfiles[1].decimal"),
        ('formato_fecha = "aaaammdd"', 'formato_fecha = "%Y%m%d"', "perfiles[1].formato_fecha"),
        ("fila_cabecera = 2", "fila_cabecera = 0", "perfiles[1].fila_cabecera"),
        ('importe = "Honorarios"', 'importe2 = "Honorarios"', "perfiles[1].columnas.importe2"),
        ('importe = "Honorarios"', "importe = 3", "perfiles[1].columnas.importe"),
        ('importe = "Honorarios"', 'importe = "acto"', "perfiles[1].columnas.importe"),
        ("fila_cabecera = 2", "filas = 2", "perfiles[1].filas"),
    ],
)
def test_profile_errors_name_the_key(old, new, key):
    cfg = config(ASISA.replace(old, new))
    with pytest.raises(ConfigError) as error:
        user_profiles(cfg)
    assert error.value.key == key
    assert error.value.path == "conciliacion.toml"


def test_two_profiles_with_one_name():
    cfg = config(ASISA + ASISA.replace("[perfiles.columnas]", "").split("liquidacion =")[0])
    with pytest.raises(ConfigError) as error:
        user_profiles(cfg)
    assert error.value.key == "perfiles[2].nombre"


def test_the_bundled_profiles_cover_three_insurers():
    insurers = {p.insurer for p in bundled_profiles() if p.kind is InputKind.SETTLEMENTS}
    assert {"adeslas", "sanitas", "dkv"} <= insurers
    generic = [p for p in bundled_profiles() if p.name == "generico"]
    assert {p.kind for p in generic} == set(InputKind)
