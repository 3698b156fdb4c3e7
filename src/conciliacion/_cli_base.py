"""The pieces every ``conciliar`` command shares: Spanish help and one-line user errors.

Click prints its own words in English; the formatter and the command classes here put usage, option
headings and the help option into Spanish. The group turns a :class:`ConciliacionError` into one
line on standard error and exit code 1 (``--debug`` on the root command shows the traceback), also
when a sub-group runs on its own, as tests do.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

import click
from rich.console import Console

from conciliacion.errors import ConciliacionError

__all__ = ["SpanishCommand", "SpanishGroup", "practice_option", "spanish_click_message"]

F = TypeVar("F", bound=Callable[..., Any])

_HEADINGS = {"Usage:": "Uso:", "Options": "Opciones", "Commands": "Órdenes"}
_HELP = "Muestra esta ayuda y termina."

_CLICK_MESSAGES: Final = (
    (re.compile(r"Missing argument '(.+)'\."), "falta el argumento {0}"),
    (re.compile(r"Missing option '(.+)'\."), "falta la opción {0}"),
    (re.compile(r"No such command '(.+)'\."), "no existe la orden «{0}»"),
    (
        re.compile(r"No such option:? '?([^'\s]+?)'?\.?(?: Did you mean '?([^'\s]+?)'?\?)?"),
        "no existe la opción {0}",
    ),
    (re.compile(r"Option '(.+)' requires an argument\."), "la opción {0} necesita un valor"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "sobra: {0}"),
    (re.compile(r"Invalid value for '(.+?)': (.+)", re.DOTALL), "valor no válido para {0}: {1}"),
    (re.compile(r"'(.+)' is not one of (.+)\."), "«{0}» no es ninguno de {1}"),
    (re.compile(r"'(.+)' is not a valid integer(?: range)?\."), "«{0}» no es un número entero"),
    (re.compile(r"'(.+)' does not match the format '(.+)'\."), "«{0}» no tiene el formato {1}"),
    (re.compile(r"(?:File|Directory|Path) '(.+)' does not exist\."), "{0} no existe"),
    (re.compile(r"(.+) is not in the range (.+)\."), "{0} está fuera del intervalo {1}"),
)
"""Click's own error messages, in Spanish: the user of ``conciliar`` reads Spanish only."""


def spanish_click_message(message: str) -> str:
    """Click's English error message in Spanish (the parts it recognises)."""
    for pattern, template in _CLICK_MESSAGES:
        if found := pattern.fullmatch(message.strip()):
            parts = [spanish_click_message(part) if index else part
                     for index, part in enumerate(g or "" for g in found.groups())]  # fmt: skip
            return template.format(*parts)
    return message


def _show_click_error(error: click.ClickException) -> NoReturn:
    """What click would print, in Spanish: usage, a hint and the error; exit code as click's."""
    if isinstance(error, click.UsageError) and error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        name = error.ctx.command_path
        click.echo(f"Pruebe «{name} --help» para ver la ayuda.", err=True)
    click.echo(f"error: {spanish_click_message(error.format_message())}", err=True)
    sys.exit(error.exit_code)


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix or "Uso: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _Formatter


class SpanishCommand(click.Command):
    """A command whose help is in Spanish."""

    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - click's signature
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option


class SpanishGroup(click.Group):
    """A group whose help is in Spanish and whose user errors are one line, exit code 1."""

    context_class = _Context
    command_class = SpanishCommand

    def __init__(
        self,
        *args: Any,  # noqa: ANN401 - click's signature
        lazy_commands: Mapping[str, str] | None = None,
        **kwargs: Any,  # noqa: ANN401 - click's signature
    ) -> None:
        """Click's group; ``lazy_commands`` maps a command's name to its ``module:attribute``.

        A lazy command is imported when it is run (or help lists it): the claims store, the
        ledger tools and the reports load libraries that take most of a second, and
        ``conciliar mes`` should not pay for commands it does not run.
        """
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(*args, **kwargs)
        self._lazy = dict(lazy_commands or {})

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy and cmd_name not in self.commands:
            module, _, attribute = self._lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wrong registration
                raise TypeError(command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: FBT001, FBT002 - click's own signature
        **extra: Any,  # noqa: ANN401 - click's own signature
    ) -> Any:  # noqa: ANN401 - click's own signature
        """Click's ``main``, with its own errors (bad usage, a bad option value) in Spanish."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            _show_click_error(error)
        except click.Abort:
            click.echo("error: interrumpido", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - click's own signature
        try:
            return super().invoke(ctx)
        except ConciliacionError as error:
            root = ctx.find_root().obj
            if isinstance(root, dict) and root.get("debug"):
                raise
            Console(stderr=True).print(
                f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True
            )
            ctx.exit(1)


SpanishGroup.group_class = SpanishGroup


def practice_option() -> Callable[[F], F]:
    """The ``--practica`` option, the same for every command that works on one practice."""
    return click.option(
        "--practica",
        "carpeta",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path(),
        metavar="CARPETA",
        help="Carpeta de la práctica (por omisión, la actual).",
    )
