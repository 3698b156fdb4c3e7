import datetime as dt
import json

import click
import pytest
from click.testing import CliRunner

import test_claims_support as support
from conciliacion.claims import create_claim, open_store
from conciliacion.cli_claims import decidir, reclamaciones
from conciliacion.practice import init_practice
from test_claims_support import item

CHAIN = "B12345674"  # the NIF of the example configuration


@pytest.fixture
def practice(tmp_path):
    return init_practice(tmp_path / "consulta")


@pytest.fixture
def claim_id(practice):
    with open_store(practice.db_path, chain=CHAIN, clock=support.fixed_clock()) as store:
        claim = create_claim(
            store, "adeslas", [item("srv-1"), item("srv-2")], "ana", dt.date(2026, 10, 5)
        )
        return claim.id


def run(group: click.Group, *args: str):
    return CliRunner().invoke(group, list(args), env={"CONCILIACION_USUARIO": "ana"})


def test_help_is_spanish():
    for group in (reclamaciones, decidir):
        result = run(group, "--help")
        assert result.exit_code == 0
        assert "Uso:" in result.output
        assert "Órdenes:" in result.output
        for name in group.commands:
            sub = run(group, name, "--help")
            assert sub.exit_code == 0, name
            assert "Muestra esta ayuda" in sub.output


def test_a_claim_from_sending_to_export(practice, claim_id, tmp_path):
    where = ("--practica", str(practice.root))
    letter = tmp_path / "carta.pdf"
    letter.write_bytes(b"carta")
    sent = run(
        reclamaciones,
        "enviar",
        claim_id,
        *where,
        "--fecha",
        "2026-10-06",
        "--canal",
        "portal",
        "--documento",
        str(letter),
    )
    assert sent.exit_code == 0, sent.output
    assert "SHA-256" in sent.output
    answer = run(
        reclamaciones, "respuesta", claim_id, *where, "--texto", "en estudio", "--importe", "5,00"
    )
    assert answer.exit_code == 0, answer.output
    listed = run(reclamaciones, "listar", *where, "--json", "--estado", "respondida")
    assert [row["id"] for row in json.loads(listed.output)] == [claim_id]
    assert "Reclamaciones" in run(reclamaciones, "listar", *where).output
    shown = run(reclamaciones, "ver", claim_id, *where, "--json")
    events = json.loads(shown.output)["eventos"]
    assert [e["tipo"] for e in events] == [
        "reclamacion_creada",
        "reclamacion_enviada",
        "respuesta_recibida",
    ]
    assert events[1]["actor"] == "ana"
    assert run(reclamaciones, "ver", claim_id, *where).exit_code == 0
    closed = run(reclamaciones, "cerrar", claim_id, *where, "--motivo", "cobrada por otra vía")
    assert closed.exit_code == 0, closed.output
    exported = run(reclamaciones, "exportar", claim_id, *where, "--salida", str(tmp_path / "out"))
    assert exported.exit_code == 0, exported.output
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    verified = run(reclamaciones, "verificar", *where)
    assert verified.exit_code == 0
    assert "4 eventos" in verified.output


def test_user_errors_are_one_line_and_exit_one(practice, claim_id):
    where = ("--practica", str(practice.root))
    result = run(reclamaciones, "respuesta", claim_id, *where, "--texto", "?")
    assert result.exit_code == 1
    assert "no consta que la reclamación" in result.output
    assert "Traceback" not in result.output
    assert run(reclamaciones, "ver", "rec-nada", *where).exit_code == 1


def test_verify_names_the_first_broken_event(practice, claim_id):
    del claim_id
    import sqlite3  # noqa: PLC0415 - only this test edits the file behind the store's back

    connection = sqlite3.connect(practice.db_path)
    connection.execute("DROP TRIGGER events_no_update")
    connection.execute("UPDATE events SET actor = 'eva' WHERE seq = 1")
    connection.commit()
    connection.close()
    result = run(reclamaciones, "verificar", "--practica", str(practice.root))
    assert result.exit_code == 1
    assert "evento nº 1" in result.output


def test_decisions_from_the_command_line(practice):
    where = ("--practica", str(practice.root))
    assert run(decidir, "confirmar", "cnc-1", *where).exit_code == 0
    assert run(decidir, "rechazar", "cnc-2", *where, "--nota", "otra").exit_code == 0
    assert (
        run(
            decidir, "aceptar-diferencia", "rev-1", "--cuenta", "708", "--importe", "3,10", *where
        ).exit_code
        == 0
    )
    assert run(decidir, "asignar", "Limpiezas García", "--cuenta", "628", *where).exit_code == 0
    voided = run(decidir, "anular", "1", "--motivo", "error", *where)
    assert voided.exit_code == 0, voided.output
    assert run(decidir, "anular", "5", "--motivo", "x", *where).exit_code == 1
    bad = run(decidir, "asignar", "X", "--cuenta", "abc", *where)
    assert bad.exit_code == 1
    assert "cuenta no válida" in bad.output
    with open_store(practice.db_path, chain=CHAIN) as store:
        from conciliacion.claims import decisions  # noqa: PLC0415 - read back what the CLI wrote

        found = decisions(store)
    assert not found.is_confirmed("cnc-1")
    assert found.is_rejected("cnc-2")
    assert found.account_for("LIMPIEZAS GARCÍA") == "628"
    difference = found.difference("rev-1")
    assert difference is not None
    assert str(difference.amount) == "3.10"


def test_a_shared_store_by_url(practice, tmp_path):
    other = tmp_path / "compartido.db"
    result = run(
        decidir, "confirmar", "cnc-1", "--practica", str(practice.root), "--db", str(other)
    )
    assert result.exit_code == 0
    assert other.exists()
