"""``mtus-check rules ...``: list, test and lint the catalog, and find what it does not cover."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated

import typer

from engine.errors import EngineError
from mtus_rules.cli.console import err, fail, out
from mtus_rules.cli.options import RulesOption, catalog_or_exit, day

__all__ = ["rules_app"]

rules_app = typer.Typer(help="List, test and lint the rule catalog.", no_args_is_help=True)

@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    date: Annotated[dt.date | None, typer.Option(parser=day, metavar="YYYY-MM-DD", help="Only rules in force on this date.")] = None,
) -> None:
    """List the rules: id, title, dates in force, criteria and the terms that select them."""
    book = catalog_or_exit(rules).book
    for loaded in book.in_force(date) if date else book.rules:
        rule = loaded.rule
        until = rule.effective.to.isoformat() if rule.effective.to else "now"
        out.print(f"[bold]{rule.id}[/bold]  {rule.title}  ({rule.effective.from_.isoformat()} – {until})")
        out.print(f"  criteria: {', '.join(c.id for c in rule.criteria)}", markup=False)
        with_ = f"  with: {', '.join(rule.applies_to.with_)}" if rule.applies_to.with_ else ""
        out.print(f"  terms: {', '.join(rule.applies_to.terms)}{with_}", markup=False)


@rules_app.command("test")
def rules_test(rules: RulesOption = None, verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list the tests that pass.")] = False) -> None:
    """Run the tests written beside each rule, on durable-rules and on the reference evaluator."""
    from mtus_rules.authoring.selftest import run_all

    results = run_all(catalog_or_exit(rules))
    failed = [r for r in results if not r.passed]
    for result in results if verbose else failed:
        (err if not result.passed else out).print(str(result), markup=False)
    out.print(f"{len(results) - len(failed)} passed, {len(failed)} failed", markup=False)
    raise typer.Exit(1 if failed else 0)


@rules_app.command("lint")
def rules_lint(
    rules: RulesOption = None,
    info: Annotated[bool, typer.Option("--info/--no-info", help="Also show informational notes.")] = False,
) -> None:
    """Report doubtful but legal rule content, with stable codes (MTUS001...). Exit 1 on warnings."""
    from mtus_rules.authoring.lint import lint

    found = [d for d in lint(catalog_or_exit(rules)) if info or d.severity != "info"]
    for diagnostic in found:
        out.print(str(diagnostic), markup=False, soft_wrap=True)
    counts = Counter(d.severity for d in found)
    out.print(", ".join(f"{n} {severity}" for severity, n in sorted(counts.items())) or "no findings", markup=False)
    raise typer.Exit(1 if counts["warning"] or counts["error"] else 0)


@rules_app.command("coverage")
def rules_coverage(
    letters: Annotated[list[str], typer.Argument(help="Letters (.pdf, .txt), directories or globs.", show_default=False)],
    rules: RulesOption = None,
) -> None:
    """Disputed items no rule covers, most frequent first (sides and amounts ignored).

    Each letter's items are matched on its UR date, as an audit matches them (today for a
    letter without dates). Arguments that name no letter are bad arguments, as for audit.
    """
    from mtus_rules.audit.coverage import coverage
    from mtus_rules.audit.discover import check_arguments, find_letters

    catalog = catalog_or_exit(rules)
    try:
        check_arguments(letters)
    except EngineError as error:
        fail(error)
    found = coverage(catalog, find_letters(letters), dt.date.today())
    for key, n in found.missing.most_common():
        out.print(f"{n:>4}  {found.examples[key]}", markup=False, soft_wrap=True)
    share = f"{found.covered / found.items:.1%}" if found.items else "—"
    out.print(f"{found.covered} of {found.items} items covered ({share}); {found.unreadable} letters unreadable", markup=False)
