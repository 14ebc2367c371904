"""The ``mtus-check`` command: thin, it parses arguments and calls the library.

Errors a user can cause are the project's exceptions; they are caught here, once, and
printed as one line per problem (``file:line: message``) with exit status 2.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from engine.errors import EngineError, InputError
from mtus_rules.case.model import json_schema, read_case
from mtus_rules.check.judge import CaseResult, check_case
from mtus_rules.cli.rules import rules_app
from mtus_rules.cli.options import RulesOption, catalog_or_exit, day
from mtus_rules.cli.console import EXIT_BAD_INPUT, EXIT_NOT_CERTIFIED, EXIT_OK, err, fail, out, print_error
from mtus_rules.cli.report import render_text, to_json
from mtus_rules.cli.serve import serve

__all__ = ["app", "main"]


class _CheckByDefault(TyperGroup):
    """``mtus-check case.yaml`` means ``mtus-check check case.yaml``, and so does
    ``mtus-check -f json case.yaml``; an option ``check`` does not have is the top level's
    to refuse, with the top-level usage."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and (not args[0].startswith("-") or self._checks(args[0])):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def _checks(self, option: str) -> bool:
        return any(option.split("=", 1)[0] in p.opts for p in self.commands["check"].params)


app = typer.Typer(
    cls=_CheckByDefault, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")


class Format(str, Enum):
    text = "text"
    json = "json"


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


@app.command()
def check(
    cases: Annotated[list[Path], typer.Argument(help="Case files (YAML).", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output: text for people, json for programs.")] = Format.text,
    date: Annotated[
        dt.date | None,
        typer.Option(parser=day, metavar="YYYY-MM-DD", help="Judge as of this date instead of each case's request_date (default: today)."),
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Judge every requested item of each case against the MTUS criteria.

    Exit status: 0 every item certifies, 1 some item does not (or has no rule), 2 bad input.
    """
    catalog = catalog_or_exit(rules)
    results: list[CaseResult] = []
    errors: list[InputError] = []
    for path in cases:
        try:
            case = read_case(path)
            day = date or case.request_date or dt.date.today()
            results.append(check_case(catalog, case, day, file=str(path)))
        except InputError as error:
            errors.append(error)
        except EngineError as error:
            fail(error)
    if format is Format.json:
        out.print(to_json(results, catalog), markup=False, soft_wrap=True)
    else:
        render_text(out, results, catalog)
    for error in errors:
        print_error(error)
    if errors:
        raise typer.Exit(EXIT_BAD_INPUT)
    raise typer.Exit(EXIT_OK if all(r.all_certify for r in results) else EXIT_NOT_CERTIFIED)


@app.command()
def schema() -> None:
    """Print the JSON Schema of case files, for editors that validate YAML."""
    out.print(json_schema(), markup=False, soft_wrap=True)


@app.command()
def letter(
    file: Annotated[Path, typer.Argument(help="An IMR determination letter (.pdf or .txt).", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output: text for people, json for programs.")] = Format.text,
) -> None:
    """Show what the parser read from a letter: header, reviewer, summary, items, citations."""
    from mtus_rules.letters.read import read_letter
    from mtus_rules.cli.letter_report import render_letter

    try:
        parsed = read_letter(file)
    except EngineError as error:
        fail(error)
    if format is Format.json:
        out.print(parsed.model_dump_json(indent=2), markup=False, soft_wrap=True)
    else:
        render_letter(out, parsed)


class AuditFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    duckdb = "duckdb"


HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", help="Also write a self-contained HTML report (charts, tables, disagreements) to this file.", show_default=False),
]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command()
def audit(
    letters: Annotated[list[str], typer.Argument(help="Letters (.pdf, .txt), directories of them, or glob patterns.", show_default=False)],
    format: Annotated[
        AuditFormat,
        typer.Option("--format", "-f", help="text: summary and disagreements; jsonl/csv: one row per disputed item on stdout; "
                     "with --output, the file's format (default: its suffix)."),
    ] = AuditFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the rows to this file (.jsonl .csv .parquet .duckdb) as letters finish; "
                     "if it exists, continue it (letters already in it are skipped)."),
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --output instead of continuing it.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Processes to use (default: every core).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds one letter may take before it becomes an error row.")] = 60.0,
    engine: Annotated[Engine, typer.Option(help="local: processes on this machine; dask: a Dask cluster (see --scheduler).")] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (default: a LocalCluster with --workers processes).", show_default=False)
    ] = None,
    show_disagreements: Annotated[bool, typer.Option("--disagreements/--no-disagreements", help="List disagreements after the summary.")] = True,
    known: Annotated[Path | None, typer.Option(help="A known_disagreements.yaml whose reviewed causes to show beside disagreements.")] = None,
    rules: RulesOption = None,
    html: HtmlOption = None,
) -> None:
    """Predict each disputed item of IMR letters from the case summary and compare with the letter.

    Every input appears in the output: as its items, or as an error row. Exit status: 0 all
    letters read, 1 some could not be read (they are error rows), 2 bad arguments (also
    when no argument names a letter at all: each missing one is a line on stderr).
    """
    from mtus_rules.cli.audit import AuditOptions, run_audit

    if format in (AuditFormat.parquet, AuditFormat.duckdb) and output is None:
        fail(InputError.one("--format", None, f"{format.value} needs --output FILE"))
    if scheduler is not None and engine is not Engine.dask:
        fail(InputError.one("--scheduler", None, "is for --engine dask; the local engine would ignore it"))
    options = AuditOptions(
        format=format.value, output=output, workers=workers, timeout=timeout, overwrite=overwrite,
        show_disagreements=show_disagreements, known=known, rules=rules, engine=engine.value, scheduler=scheduler, html=html,
    )
    raise typer.Exit(run_audit(letters, options))


@app.command()
def report(
    results: Annotated[Path, typer.Argument(help="Rows an audit wrote (.jsonl .csv .parquet .duckdb).", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output: text for people, json for programs.")] = Format.text,
    show_disagreements: Annotated[bool, typer.Option("--disagreements/--no-disagreements", help="List disagreements after the summary.")] = True,
    html: HtmlOption = None,
) -> None:
    """Recompute an audit's summary from the rows it wrote."""
    from mtus_rules.cli.audit import show_report

    show_report(results, format.value, show_disagreements, html)


app.command()(serve)


def main(argv: list[str] | None = None) -> Any:
    """Entry point; keeps Ctrl-C quiet."""
    try:
        return app(args=argv)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
