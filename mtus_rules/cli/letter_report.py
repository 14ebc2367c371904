"""``mtus-check letter``: what the parser read, laid out for a person checking it."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mtus_rules.letters.citations import GuidelineParagraph
from mtus_rules.letters.parse import Item, Letter

__all__ = ["render_letter"]


def render_letter(console: Console, letter: Letter) -> None:
    header = Table(box=None, show_header=False, padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
    for label, value in (
        ("file", letter.file),
        ("case", letter.case_number),
        ("date of injury", letter.date_of_injury),
        ("UR denial", letter.ur_denial_date),
        ("assigned", letter.date_assigned),
        ("decision", letter.decision_date),
        ("reviewer", ", ".join((*letter.reviewer.specialties, *letter.reviewer.licensure)) or None),
    ):
        header.add_row(label, "—" if value is None else str(value))
    console.print(header)
    console.print(Panel(letter.summary or "(none)", title="clinical case summary", title_align="left"))
    for item in letter.items:
        console.print(_item(item))


def _item(item: Item) -> Panel:
    style = "green" if item.decision == "Overturned" else "red"
    lines: list[Text] = []
    if item.partial:
        lines += [Text(f"original: {item.original}"), Text(f"authorized: {item.authorized or '—'}"), Text(f"disputed: {item.disputed}")]
    for label, paragraph in (("claims administrator", item.claims_guideline), ("reviewer", item.reviewer_guideline)):
        lines.append(Text(f"{label} guideline: {_citations(paragraph)}"))
    lines.append(Text(f"rationale: {item.rationale or '—'}", style="dim"))
    title = Text.assemble((item.decision, f"bold {style}"), (f"  #{item.index} ", "bold"), (item.item, "bold"))
    return Panel(Group(*lines), title=title, title_align="left", border_style=style)


def _citations(paragraph: GuidelineParagraph | None) -> str:
    if paragraph is None:
        return "—"
    if paragraph.no_evidence_cited:
        return "no medical evidence cited"
    parts = []
    for c in paragraph.citations:
        where = ", ".join((*c.sections, *(f"p. {p}" for p in c.pages)))
        parts.append(f"{c.guideline}{' ' + c.edition if c.edition else ''} [{c.tier}]{': ' + where if where else ''}")
    return "; ".join(parts) or paragraph.text
