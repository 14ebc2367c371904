"""The ``mtus-check`` command: thin, it parses arguments and calls the library.

Errors a user can cause are the project's exceptions; they are caught here, once, and
printed as one line per problem (``file:line: message``) with exit status 2.
Exit status otherwise: 0 when every item certifies, 1 when any does not or has no rule.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from engine.errors import EngineError, InputError
from mtus_rules.case import json_schema, read_case
from mtus_rules.catalog import Catalog, load_catalog
from mtus_rules.check import CaseResult, check_case
from mtus_rules.report import render_text, to_json

__all__ = ["app", "main"]

EXIT_CERTIFY, EXIT_NOT_CERTIFIED, EXIT_BAD_INPUT = 0, 1, 2


class _CheckByDefault(TyperGroup):
    """``mtus-check case.yaml`` means ``mtus-check check case.yaml``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_CheckByDefault,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(help="List, test and lint the rule catalog.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, Enum):
    text = "text"
    json = "json"


RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Rule catalog directory (default: the bundled rules, or $MTUS_RULES).")
]


def _version(value: bool) -> None:
    if value:
        from importlib import metadata  # 40 ms to import: only when asked

        out.print(f"mtus-check {metadata.version('mtus-check')}", markup=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Check workers' compensation treatment requests against the MTUS.

    mtus-check CASE.yaml... judges each requested item; see the commands below for more.
    """


def fail(error: EngineError) -> None:
    """Print a user's error as plain lines on stderr and exit 2."""
    for line in str(error).splitlines():
        err.print(line, markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def catalog_or_exit(rules: Path | None) -> Catalog:
    try:
        return load_catalog(rules)
    except EngineError as error:
        fail(error)
        raise


@app.command()
def check(
    cases: Annotated[list[Path], typer.Argument(help="Case files (YAML).", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output: text for people, json for programs.")] = Format.text,
    date: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Judge as of this date instead of each case's request_date (default: today)."),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Judge every requested item of each case against the MTUS criteria."""
    catalog = catalog_or_exit(rules)
    results: list[CaseResult] = []
    errors: list[InputError] = []
    for path in cases:
        try:
            case = read_case(path)
            day = date.date() if date else (case.request_date or dt.date.today())
            results.append(check_case(catalog, case, day, file=str(path)))
        except InputError as error:
            errors.append(error)
        except EngineError as error:
            fail(error)
    if format is Format.json:
        out.print(to_json(results), markup=False, soft_wrap=True)
    else:
        render_text(out, results)
    if errors:
        for error in errors:
            for line in str(error).splitlines():
                err.print(line, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(EXIT_CERTIFY if all(r.all_certify for r in results) else EXIT_NOT_CERTIFIED)


@app.command()
def schema() -> None:
    """Print the JSON Schema of case files, for editors that validate YAML."""
    out.print(json_schema(), markup=False, soft_wrap=True)


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    date: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only rules in force on this date.")
    ] = None,
) -> None:
    """List the rules: id, title, dates in force, criteria and the terms that select them."""
    catalog = catalog_or_exit(rules)
    for loaded in catalog.book.rules:
        rule = loaded.rule
        if date and not rule.effective.covers(date.date()):
            continue
        until = rule.effective.to.isoformat() if rule.effective.to else "now"
        out.print(f"[bold]{rule.id}[/bold]  {rule.title}  ({rule.effective.from_.isoformat()} – {until})")
        out.print(f"  criteria: {', '.join(c.id for c in rule.criteria)}", markup=False)
        out.print(f"  terms: {', '.join(rule.applies_to.terms)}", markup=False)


@rules_app.command("test")
def rules_test(rules: RulesOption = None, verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Run the tests written beside each rule, on durable-rules and on the reference evaluator."""
    from mtus_rules.selftest import run_all

    catalog = catalog_or_exit(rules)
    results = run_all(catalog)
    failed = [r for r in results if not r.passed]
    for result in results if verbose else failed:
        (err if not result.passed else out).print(str(result), markup=False)
    out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed", markup=False)
    raise typer.Exit(1 if failed else 0)


def main(argv: list[str] | None = None) -> Any:
    """Entry point; keeps Ctrl-C quiet."""
    try:
        return app(args=argv)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
