import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from conciliacion.config import LegalForm, Sign, load_config, parse_config
from conciliacion.errors import ConfigError
from conciliacion.practice import example_config

VALID = """
[practica]
nombre = "Dra. Elena Martín"
nif = "12345678Z"
forma = "autonomo"
retencion = 0.15

[[cuentas]]
iban = "ES91 2100 0418 4502 0005 1332"
nombre = "CaixaBank"

[[aseguradoras]]
id = "adeslas"
nombre = "SegurCaixa Adeslas"
nif = "A28011864"
alias = ["ADESLAS"]
plazo_pago = 45

[[aseguradoras]]
id = "dkv"
nombre = "DKV Seguros"
nif = "A50004209"

[[proveedores]]
nombre = "Iberdrola"
nif = "A95758389"
cuenta = "628"

[[reglas]]
patron = "ALQUILER\\\\s+LOCAL"
cuenta = "621"
signo = "cargo"
"""


def parse(text: str):
    return parse_config(tomllib.loads(text, parse_float=Decimal), "conciliacion.toml")


def test_a_valid_configuration_becomes_values():
    config = parse(VALID)
    assert config.practice.form is LegalForm.AUTONOMO
    assert config.practice.withholding_rate == Decimal("0.15")
    assert config.accounts[0].iban == "ES9121000418450200051332"
    assert config.accounts[0].short_name == "CaixaBank-1332"
    assert config.insurer("adeslas").payment_term_days == 45
    assert config.insurer("dkv").follow_up_days == 30
    assert config.rules[0].sign is Sign.DEBIT
    assert config.rules[0].pattern.search("alquiler   local octubre")


def test_the_example_that_init_writes_is_valid():
    config = parse(example_config())
    assert config.practice.form is LegalForm.SL
    assert config.practice.withholding_rate == 0


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('nif = "12345678Z"', 'nif = "12345678A"'), "practica.nif", "NIF/CIF/NIE no válido"),
        (
            ('iban = "ES91 2100 0418 4502 0005 1332"', 'iban = "ES92 2100 0418 4502 0005 1332"'),
            "cuentas[1].iban",
            "IBAN no válido",
        ),
        (('forma = "autonomo"', 'forma = "cooperativa"'), "practica.forma", "«SL» o «autonomo»"),
        (("retencion = 0.15", "retencion = 0.21"), "practica.retencion", "0.07"),
        (("retencion = 0.15\n", ""), "practica.retencion", "un autónomo debe indicar"),
        (('id = "dkv"', 'id = "adeslas"'), "aseguradoras[2]", "repetido"),
        (('id = "dkv"', 'id = "DKV Seguros"'), "aseguradoras[2].id", "id corto"),
        (('cuenta = "628"', 'cuenta = "gastos"'), "proveedores[1].cuenta", "código de cuenta"),
        (("plazo_pago = 45", 'plazo_pago = "45"'), "aseguradoras[1].plazo_pago", "entero"),
        (("plazo_pago = 45", "plazo_pago = 0"), "aseguradoras[1].plazo_pago", "entre 1 y 3650"),
        (('signo = "cargo"', 'signo = "debe"'), "reglas[1].signo", "«cargo» o «abono»"),
        (("ALQUILER\\\\s+LOCAL", "ALQUILER("), "reglas[1].patron", "expresión regular"),
        (
            ('alias = ["ADESLAS"]', 'alia = ["ADESLAS"]'),
            "aseguradoras[1].alia",
            "clave desconocida",
        ),
        (('nombre = "Iberdrola"\n', ""), "proveedores[1].nombre", "falta esta clave"),
    ],
)
def test_each_mistake_names_its_key_and_value(change, key, words):
    old, new = change
    assert old in VALID
    with pytest.raises(ConfigError) as caught:
        parse(VALID.replace(old, new, 1))
    error = caught.value
    assert error.key == key
    assert words in str(error)
    assert str(error).startswith("conciliacion.toml: ")


def test_an_sl_has_no_withholding():
    text = VALID.replace('forma = "autonomo"', 'forma = "SL"').replace(
        'nif = "12345678Z"', 'nif = "B12345674"'
    )
    with pytest.raises(ConfigError, match="una SL no sufre retención"):
        parse(text)
    config = parse(text.replace("retencion = 0.15\n", ""))
    assert config.practice.withholding_rate == 0


def test_an_unknown_insurer_id_is_a_configuration_error():
    with pytest.raises(ConfigError, match=r"aseguradora desconocida.*adeslas, dkv"):
        parse(VALID).insurer("sanitas")


def test_at_least_one_bank_account():
    start = VALID.index("[[cuentas]]")
    end = VALID.index("[[aseguradoras]]")
    with pytest.raises(ConfigError, match=r"\[\[cuentas\]\]"):
        parse(VALID[:start] + VALID[end:])


def test_broken_toml_and_missing_file_are_reported_with_the_file(tmp_path: Path):
    path = tmp_path / "conciliacion.toml"
    with pytest.raises(ConfigError, match="no existe"):
        load_config(path)
    path.write_text("[practica\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML no válido"):
        load_config(path)
    path.write_bytes("nombre = 'Clínica'".encode("latin-1"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)


def test_a_shared_store_url_is_read_and_checked():
    config = parse(VALID + '\n[almacen]\nurl = "postgresql://firma@servidor/cobros"\n')
    assert config.store_url == "postgresql://firma@servidor/cobros"
    assert parse(VALID).store_url is None
    with pytest.raises(ConfigError) as caught:
        parse(VALID + '\n[almacen]\nurl = "mysql://x"\n')
    assert caught.value.key == "almacen.url"
