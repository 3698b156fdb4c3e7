"""The pieces every ``conciliar`` command shares: Spanish help and one-line user errors.

Click prints its own words in English; the formatter and the command classes here put usage, option
headings and the help option into Spanish. The group turns a :class:`ConciliacionError` into one
line on standard error and exit code 1 (``--debug`` on the root command shows the traceback), also
when a sub-group runs on its own, as tests do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from conciliacion.errors import ConciliacionError

__all__ = ["SpanishCommand", "SpanishGroup", "practice_option"]

F = TypeVar("F", bound=Callable[..., Any])

_HEADINGS = {"Usage:": "Uso:", "Options": "Opciones", "Commands": "Órdenes"}
_HELP = "Muestra esta ayuda y termina."


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - click's signature
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP
        return option

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
