"""Showing pre-submission results to a person (rich text) or a program (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from engine.approve import Approval
from engine.logic import Status
from engine.trace import CriterionResult
from mtus_rules.check.approval import approval, result_dict, said, why_not
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import NO_RULE, CaseResult, ItemResult

__all__ = ["render_text", "to_json", "MARKS"]

MARKS = {Status.MET: ("✓", "green"), Status.UNMET: ("✗", "red"), Status.UNKNOWN: ("?", "yellow")}
_DECISION_STYLE = {"certify": "bold green", "non-certify": "bold red", NO_RULE: "bold yellow"}


def to_json(results: Iterable[CaseResult], catalog: Catalog) -> str:
    return json.dumps({"cases": [result_dict(catalog, r) for r in results]}, indent=2, ensure_ascii=False, default=str)


def render_text(console: Console, results: Iterable[CaseResult], catalog: Catalog) -> None:
    for result in results:
        title = result.file or "case"
        if result.case_id:
            title += f" — case {result.case_id}"
        console.print(Text(f"{title} (judged as of {result.day.isoformat()})", style="bold"))
        for item in result.items:
            console.print(_item(item, approval(catalog, item, result)))
        console.print()


def _item(item: ItemResult, ways: Approval | None) -> Panel:
    decision = item.decision.upper()
    header = Text.assemble((decision, _DECISION_STYLE[item.decision]), "  ", (item.item, "bold"))
    if item.verdict is None:
        body = Text("No rule in the catalog covers this item, so nothing is predicted. "
                    "`mtus-check rules list` shows what is covered.")
        return Panel(body, title=header, title_align="left", border_style="yellow")
    verdict = item.verdict
    table = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    table.add_column("", width=1)
    table.add_column("criterion", ratio=3)
    table.add_column("evidence", ratio=3)
    table.add_column("guideline", ratio=2)
    for criterion in verdict.criteria:
        mark, style = MARKS[criterion.status]
        table.add_row(Text(mark, style=style), Text(criterion.says), _evidence(criterion), Text(criterion.citation.brief()))
    parts: list[Text | Table] = [Text(f"rule: {verdict.title} ({verdict.rule}), matched on “{item.matched_term}”", style="dim"), table]
    if item.note:
        parts.insert(1, Text(item.note, style="dim"))
    if verdict.unmet:
        parts.append(Text("\nNot met (the record says otherwise):", style="bold red"))
        parts.append(_listed(("•", c.says) for c in verdict.unmet))
    if verdict.gaps:
        parts.append(Text("\nTo document before submitting:", style="bold yellow"))
        parts.append(_listed(("•", f"{c.gap}{_missing(c)}") for c in verdict.criteria if c.status is Status.UNKNOWN))
    if ways is not None:
        parts += _to_approve(ways)
    return Panel(Group(*parts), title=header, title_align="left", border_style=_DECISION_STYLE[item.decision].split()[-1])


def _missing(criterion: CriterionResult) -> str:
    """Which facts the record leaves unknown, so a gap never reads as asking for what is shown."""
    names = [use.name for use in criterion.evidence if use.source is None]
    return f" (not documented: {', '.join(names)})" if names else ""


def _to_approve(ways: Approval) -> list[Text | Table]:
    if ways.blocked:
        return [Text("\nDocumentation cannot get this approved:", style="bold red"), _listed(("•", why_not(b)) for b in ways.blocked)]
    if not ways.options:
        return [Text("\nNo set of documented facts meets every criterion.", style="bold red")]
    options = _listed((f"{number}.", said(option)) for number, option in enumerate(ways.options, 1))
    return [Text("\nTo be approved, document one of:", style="bold"), options]


def _listed(entries: Iterable[tuple[str, str]]) -> Table:
    """A list whose wrapped lines stay under their text, not under the bullet or number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for marker, text in entries:
        grid.add_row(marker, Text(text))
    return grid


def _evidence(criterion: CriterionResult) -> Text:
    known = [use for use in criterion.evidence if use.source is not None]
    if not known:
        return Text("not documented", style="dim")
    return Text("\n".join(f"{use.name} = {_value(use.value)} ({use.source})" for use in known))


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
