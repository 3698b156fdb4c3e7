"""``python -m conciliacion``: the ``conciliar`` command, for when the script is not on the PATH."""

from conciliacion.cli import main

main()
