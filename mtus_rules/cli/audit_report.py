"""What an auditor reads: the metrics beside the always-Upheld baseline, then each
disagreement with the criteria that drove the prediction and the letter's own reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mtus_rules.audit.rows import reasons
from mtus_rules.audit.metrics import Confusion, Metrics

__all__ = ["render_summary", "render_disagreements", "render_errors", "disagreements", "percent", "ratio", "SHOWN"]

_MARK = {"met": ("✓", "green"), "unmet": ("✗", "red"), "unknown": ("?", "yellow")}
RATIONALE_CHARS = 400
SHOWN = 100  # disagreements listed after the summary; an archive's thousands belong in a file


def percent(value: float | None) -> str:
    """A share as the summary writes it (the HTML page too): one decimal, a dash for none."""
    return "—" if value is None else f"{value:.1%}"


def ratio(value: float | None) -> str:
    """A score between 0 and 1 (balanced accuracy) to three places, a dash for none."""
    return "—" if value is None else f"{value:.3f}"


def render_summary(console: Console, metrics: Metrics) -> None:
    covered = f"{metrics.covered} of {metrics.items} items have a rule ({percent(metrics.coverage)})"
    read = metrics.letters - metrics.errors
    console.print(Text(f"{metrics.letters} files: {read} letters read, {metrics.errors} unreadable; {metrics.items} disputed items", style="bold"))
    console.print(covered)
    console.print(_headline(metrics.overall))
    console.print(_confusion(metrics.overall))
    if metrics.by_rule:
        console.print(_by_rule(metrics.by_rule))


def _headline(c: Confusion) -> Table:
    base = c.baseline()
    table = Table(title="Agreement with the letters (items with a rule)", title_justify="left", box=None, padding=(0, 2))
    table.add_column("")
    table.add_column("rules", justify="right")
    table.add_column("always Upheld", justify="right")
    table.add_row("accuracy", percent(c.accuracy), percent(base.accuracy))
    table.add_row("balanced accuracy", ratio(c.balanced_accuracy), ratio(base.balanced_accuracy))
    table.add_row("Overturned precision", percent(c.overturned_precision), percent(base.overturned_precision))
    table.add_row("Overturned recall", percent(c.overturned_recall), percent(base.overturned_recall))
    return table


def _confusion(c: Confusion) -> Table:
    table = Table(title="Confusion (rows: letter, columns: rules)", title_justify="left", box=None, padding=(0, 2))
    table.add_column("")
    table.add_column("predicted Upheld", justify="right")
    table.add_column("predicted Overturned", justify="right")
    table.add_row("actual Upheld", str(c.tn), str(c.fp))
    table.add_row("actual Overturned", str(c.fn), str(c.tp))
    return table


def _by_rule(by_rule: Mapping[str, Confusion]) -> Table:
    table = Table(title="By rule (Overturned: in the letters, and predicted)", title_justify="left", box=None, padding=(0, 1))
    table.add_column("rule", no_wrap=True, min_width=max((len(r) for r in by_rule), default=4))
    for name in ("items", "Overturned", "predicted", "agree"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for rule, c in sorted(by_rule.items(), key=lambda kv: (-kv[1].total, kv[0])):
        table.add_row(rule, str(c.total), str(c.tp + c.fn), str(c.tp + c.fp), percent(c.accuracy))
    return table


def disagreements(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row.get("agree") is False]


def render_disagreements(
    console: Console, rows: Iterable[dict[str, Any]], known: Mapping[tuple[str, int], str], total: int
) -> None:
    """The disagreements kept (the first ``SHOWN``) of ``total``; the rest are in the rows."""
    found = disagreements(rows)
    if not total:
        return
    console.print(Text(f"\n{total} disagreements", style="bold"))
    for row in found:
        console.print(_disagreement(row, known.get((row["case"], row["item_index"]))))
    if total > len(found):
        console.print(f"... and {total - len(found)} more: write the rows with --output and filter on agree = false")


def _disagreement(row: dict[str, Any], known: str | None) -> Panel:
    title = Text.assemble(
        (f"{row['case']} #{row['item_index']}", "bold"), "  ", (row["item"] or "", "bold"),
    )
    lines: list[Text] = [
        Text.assemble("letter: ", (row["actual"], "bold"), "   rules: ", (row["predicted"], "bold"), f"   ({row['rule']})"),
    ]
    for criterion in reasons(row):
        mark, style = _MARK[criterion["status"]]
        lines.append(Text.assemble("  ", (mark, style), f" {criterion.get('says') or criterion['id']}"))
    rationale = (row.get("rationale") or "").strip()
    if rationale:
        excerpt = rationale if len(rationale) <= RATIONALE_CHARS else rationale[:RATIONALE_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(Text(f"letter's rationale: {excerpt}", style="dim"))
    if known:
        lines.append(Text(f"known disagreement: {known}", style="cyan"))
    return Panel(Group(*lines), title=title, title_align="left", border_style="magenta")


def render_errors(console: Console, rows: Iterable[dict[str, Any]], total: int) -> None:
    errors = [row for row in rows if row.get("error")]
    if total:
        console.print(Text(f"\n{total} letters could not be read", style="bold red"))
        for row in errors:
            console.print(f"  {row['file']}: {row['error']}", markup=False, soft_wrap=True)
        if total > len(errors):
            console.print(f"  ... and {total - len(errors)} more (error rows in the output)")
