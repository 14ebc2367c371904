"""What several commands share, declared once so that they read and fail alike: options, and the catalog ``--rules`` names."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from typing import Annotated

import typer

from engine.errors import EngineError
from mtus_rules.check.catalog import Catalog, load_catalog
from mtus_rules.cli.console import fail

__all__ = ["RulesOption", "catalog_or_exit", "day"]

RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Rule catalog directory (default: the bundled rules, or $MTUS_RULES).")
]


def day(value: str) -> dt.date:
    """A ``--date`` as a day; a value that is not one is a usage error that shows the format."""
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write it YYYY-MM-DD, e.g. 2016-12-01") from None


def catalog_or_exit(rules: Path | None) -> Catalog:
    """The catalog of ``--rules``; a broken one is its problems, one line each, and exit 2.

    It lives as long as the command, so its objects are frozen out of the garbage collector,
    as ``run`` does with the imports: the first collection after loading would walk them all
    (~6 ms of a case check)."""
    try:
        catalog = load_catalog(rules)
    except EngineError as error:
        fail(error)
    gc.freeze()
    return catalog
