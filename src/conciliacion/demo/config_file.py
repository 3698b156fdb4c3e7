"""The demo practice's ``conciliacion.toml``, written as a person would write it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from conciliacion.demo.parties import Cast

__all__ = ["config_toml"]

_RULES = (
    ("ALQUILER LOCAL", "621", "Alquiler de la consulta", "cargo"),
    ("COMISION", "626", "Comisiones bancarias", "cargo"),
    ("TGSS COTIZACION", "476", "Seguros sociales del personal", "cargo"),
    ("RETA", "642", "Cuota de autónomos", "cargo"),
    ("NOMINA|PAGA EXTRA", "465", "Nóminas", "cargo"),
    ("AEAT MODELO (111|115)", "4751", "Retenciones ingresadas en Hacienda", "cargo"),
    ("AEAT MODELO (130|202)", "473", "Pagos a cuenta", "cargo"),
    ("TRASPASO (A|DE) CUENTA PROPIA", "572", "Traspaso entre cuentas propias", None),
)


def _text(value: str) -> str:
    r"""A TOML basic string (JSON's escapes are TOML's).

    >>> _text('Centro "Sur"')
    '"Centro \\"Sur\\""'
    """
    return json.dumps(value, ensure_ascii=False)


def _texts(values: Sequence[str]) -> str:
    return "[" + ", ".join(_text(v) for v in values) + "]"


def _iban(compact: str) -> str:
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def config_toml(cast: Cast) -> bytes:
    """The configuration of the demo practice ``cast`` describes."""
    out = [
        "# Práctica de ejemplo generada por «conciliar demo»: datos sintéticos, ninguno real.",
        "# Los NIF e IBAN tienen dígitos de control válidos pero no pertenecen a nadie.",
        "",
        "[practica]",
        f"nombre = {_text(cast.name)}",
        f"nif = {_text(cast.nif)}",
        f"forma = {_text(cast.form)}",
    ]
    if cast.form == "autonomo":
        out.append(f"retencion = {_text(str(cast.withholding_rate))}")
    for account in (cast.main, cast.secondary):
        out += ["", "[[cuentas]]", f"iban = {_text(_iban(account.iban))}"]
        out.append(f"nombre = {_text(account.name)}")
    for insurer in cast.insurers:
        spec = insurer.spec
        out += [
            "",
            "[[aseguradoras]]",
            f"id = {_text(spec.id)}",
            f"nombre = {_text(spec.name)}",
            f"nif = {_text(insurer.nif)}",
            f"alias = {_texts(spec.aliases)}",
            f"iban = {_texts([_iban(insurer.iban)] if spec.known_iban else [])}",
            f"plazo_pago = {spec.term}",
            f"seguimiento = {spec.follow_up}",
        ]
    for supplier in cast.suppliers:
        out += [
            "",
            "[[proveedores]]",
            f"nombre = {_text(supplier.spec.name)}",
            f"nif = {_text(supplier.nif)}",
            f"cuenta = {_text(supplier.spec.account)}",
            f"iban = {_texts([_iban(supplier.iban)])}",
            f"alias = {_texts([supplier.spec.bank_name])}",
        ]
    for pattern, pgc, description, sign in _RULES:
        if pattern == "RETA" and cast.form == "SL":
            continue
        out += ["", "[[reglas]]", f"patron = {_text(pattern)}", f"cuenta = {_text(pgc)}"]
        out.append(f"descripcion = {_text(description)}")
        if sign:
            out.append(f"signo = {_text(sign)}")
    return ("\n".join(out) + "\n").encode("utf-8")
