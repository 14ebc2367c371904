"""Functional improvement with the treatment asked for (8 CCR 9792.20: better activities of
daily living or fewer work restrictions, and less dependency on medical treatment).

Read from the structured fields first: a ``medications`` or ``treatments`` entry for the
item with ``outcome: helped`` (true) or ``failed`` (false). Else from the summary: the class
``@functional_improvement`` (return to work in any wording, better ADLs, less medication)
and measured gains ("sit 45 minutes, up from 15"; "walking tolerance from 10 to 30
minutes"). A statement counts when it is about the item or about no treatment at all
("He returned to modified work"); one about another treatment does not
(``attribution``). Affirmed is true; only negated ("no functional improvement", "has not
returned to work") is false; plans ("the goal is to return to work") are neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.attribution import Item, item_of, owners
from mtus_rules.facts.computed.medication_items import requested_generics
from mtus_rules.reading.text import Clause, longest_first

__all__ = ["CLASSES"]

CLASSES = frozenset({"functional_improvement"})
"""The vocabulary classes read here (a test checks that each is defined)."""

_UNIT = r"(?:minutes?|mins?|hours?|hrs?|blocks?|feet|ft|yards?|miles?|pounds?|lbs?)"
_ACTIVITY = r"(?:sit|sitting|stand|standing|walk|walking|lift|lifting|carry|carrying|drive|driving|tolerance)"
# "sit for 45 minutes, up from 15", "walk 3 blocks (increased from 1)"
_UP_FROM = re.compile(
    rf"\b{_ACTIVITY}\b[^.;]{{0,30}}?\b(?P<now>\d{{1,3}})\s*{_UNIT}[^.;\d]{{0,15}}?\b(?:up|increased|improved)\s+from\s+(?P<was>\d{{1,3}})\b",
    re.IGNORECASE,
)
# "walking tolerance improved from 10 to 30 minutes", "sitting from 15 minutes to 45 minutes"
_FROM_TO = re.compile(
    rf"\b{_ACTIVITY}\b[^.;]{{0,30}}?\bfrom\s+(?P<was>\d{{1,3}})\s*(?:{_UNIT}\s*)?to\s+(?P<now>\d{{1,3}})\s*{_UNIT}",
    re.IGNORECASE,
)

# Both patterns need "from" and a space: only clauses holding it are read with them (most hold none).
_FROM = re.compile(r"from\s", re.IGNORECASE)


@register("functional_improvement", "bool")
def functional_improvement(ctx: Context) -> Fact | None:
    """Functional improvement with the requested treatment is documented (true), or its
    absence is (false); a structured outcome wins over the summary."""
    item = item_of(ctx)
    return _from_fields(ctx, item) or _from_summary(ctx, item)


def _from_fields(ctx: Context, item: Item | None) -> Fact | None:
    if item is None:
        return None
    for field, entries in (("medications", ctx.case.medications), ("treatments", ctx.case.treatments)):
        for i, entry in enumerate(entries):
            if entry.outcome in ("helped", "failed") and _names(ctx, item, entry.name):
                return Fact(entry.outcome == "helped", f"{field}[{i}]: {entry.name} ({entry.outcome})")
    return None


def _names(ctx: Context, item: Item, name: str) -> bool:
    return bool(item.words.labels_in(name)) or bool(item.generics & set(requested_generics(name, ctx.vocabulary)))


def _from_summary(ctx: Context, item: Item | None) -> Fact | None:
    denied = None
    for clause, start, end, negated in _statements(ctx):
        found = owners(ctx, clause, start)
        if found and (item is None or not any(item.named_by(m, ctx.record.text) for m in found)):
            continue  # about another treatment
        quote = f"summary: “{ctx.record.quote(start, end, 40)}”"
        if not negated:
            return Fact(True, quote)
        denied = denied or Fact(False, quote)
    return denied


def _statements(ctx: Context) -> list[tuple[Clause, int, int, bool]]:
    """(clause, start, end, negated) of every statement of improvement, in text order."""

    def find() -> list[tuple[Clause, int, int, bool]]:
        found = []
        for m in longest_first(ctx.text.mentions("functional_improvement")):
            clause = ctx.text.clause_of(m)
            if not m.uncertain and not ctx.record.planned(clause):
                found.append((clause, m.start, m.end, m.negated))
        for clause in _with_from(ctx.record.text, ctx.record.clauses):
            text = ctx.record.text[clause.start : clause.end]
            for pattern in (_UP_FROM, _FROM_TO):
                for g in pattern.finditer(text):
                    if int(g.group("now")) > int(g.group("was")):
                        found.append((clause, clause.start + g.start(), clause.start + g.end(), False))
        return sorted(found, key=lambda s: s[1])

    return ctx.once((__name__, "statements"), find)


def _with_from(text: str, clauses: Sequence[Clause]) -> list[Clause]:
    """The clauses, in order, in which "from" and a space are written: one search of the text."""
    starts = [clause.start for clause in clauses]
    found: dict[int, Clause] = {}
    for match in _FROM.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and match.end() <= clauses[at].end:
            found.setdefault(at, clauses[at])
    return list(found.values())
