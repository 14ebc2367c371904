"""The two consoles the CLI writes to, and the one way a user's error ends a command."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from engine.errors import EngineError

__all__ = ["out", "err", "fail", "print_error", "EXIT_OK", "EXIT_NOT_CERTIFIED", "EXIT_BAD_INPUT"]

EXIT_OK, EXIT_NOT_CERTIFIED, EXIT_BAD_INPUT = 0, 1, 2

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(error: EngineError) -> None:
    """One line per problem, ``file:line: message``, on stderr."""
    for line in str(error).splitlines():
        err.print(line, markup=False)


def fail(error: EngineError) -> NoReturn:
    print_error(error)
    raise typer.Exit(EXIT_BAD_INPUT)
