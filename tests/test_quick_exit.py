"""The ``conciliar`` process ends without Python's teardown, yet as ``sys.exit`` would end it."""

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", textwrap.dedent(code)]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def test_the_exit_handlers_run_and_the_output_is_flushed():
    done = _run(
        """
        import atexit
        from conciliacion.quick_exit import leave
        atexit.register(lambda: print("manejador"))
        print("salida", end=" ")
        leave(3)
        """
    )
    assert (done.returncode, done.stdout) == (3, "salida manejador\n")


def test_a_message_goes_to_standard_error_with_code_1():
    done = _run("from conciliacion.quick_exit import leave; leave('mensaje de error')")
    assert (done.returncode, done.stderr) == (1, "mensaje de error\n")
    assert _run("from conciliacion.quick_exit import leave; leave(None)").returncode == 0


def test_a_thread_still_running_is_waited_for_as_usual():
    done = _run(
        """
        import threading, time
        from conciliacion.quick_exit import leave
        threading.Thread(target=lambda: (time.sleep(0.3), print("hilo"))).start()
        leave(0)
        """
    )
    assert (done.returncode, done.stdout) == (0, "hilo\n")


def test_the_command_keeps_its_exit_codes():
    command = [sys.executable, "-m", "conciliacion", "orden-que-no-existe"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 2
    assert "no existe la orden" in done.stderr
    command = [sys.executable, "-m", "conciliacion", "mes", "2026-13", "--practica", "."]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 1
    assert "mes no válido" in done.stderr
