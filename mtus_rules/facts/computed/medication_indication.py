"""Whether the record gives a topical NSAID its indication: osteoarthritis, tendinitis or a
sprain of a joint that lends itself to topical treatment.

The guideline supports topical NSAIDs for such conditions of the knee, elbow, hand, wrist,
ankle or foot, and not of the spine, hip or shoulder; a condition counts with the place
named beside it (in the same diagnosis or finding entry, or the same clause of the
summary). The three word lists are classes of ``rules/vocabulary/drugs.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.trace import Fact
from mtus_rules.facts.computed import Context, register
from mtus_rules.facts.computed.named import classes_in
from mtus_rules.reading.text import Clause, Mention, longest_first

__all__ = ["CLASSES"]

_CONDITION = "topical_nsaid_conditions"
_JOINT = "topical_nsaid_joints"
_ELSEWHERE = "topical_nsaid_other_regions"
CLASSES = frozenset({_CONDITION, _JOINT, _ELSEWHERE})
"""The vocabulary classes these facts read (a test checks that each is defined)."""


@register("topical_nsaid_indication", "bool")
def topical_nsaid_indication(ctx: Context) -> Fact | None:
    """Osteoarthritis, tendinitis or a sprain of a joint that lends itself to topical treatment
    (knee, elbow, hand, wrist, ankle, foot) is documented (true); such conditions are
    documented only of the spine, hip or shoulder (false). Entries are read before the summary."""

    def decide() -> Fact | None:
        found = [*_in_entries(ctx), *_in_summary(ctx)]
        joint = next((source for amenable, source in found if amenable), None)
        if joint is not None:
            return Fact(True, joint)
        return next((Fact(False, source) for amenable, source in found if amenable is False), None)

    return ctx.once((__name__, "indication"), decide)


def _in_entries(ctx: Context) -> Iterator[tuple[bool | None, str]]:
    """For each diagnosis and finding that names a condition: whether its place is amenable."""
    lexicon = ctx.lexicon
    for field in ("diagnoses", "findings"):
        for i, entry in enumerate(getattr(ctx.case, field)):
            named = classes_in(lexicon, entry)
            if _CONDITION in named:
                yield _amenable(_JOINT in named, _ELSEWHERE in named), f"{field}[{i}]: {entry}"


def _in_summary(ctx: Context) -> Iterator[tuple[bool | None, str]]:
    """For each clause that affirms a condition: whether the place it names is amenable,
    quoting the clause's first condition."""
    text = ctx.text
    first: dict[int, tuple[Clause, Mention]] = {}
    for mention in longest_first(text.mentions(_CONDITION)):
        if mention.affirmed:
            clause = text.clause_of(mention)
            first.setdefault(clause.start, (clause, mention))
    for clause, mention in first.values():
        joint, elsewhere = text.within(_JOINT, [clause]), text.within(_ELSEWHERE, [clause])
        yield _amenable(bool(joint), bool(elsewhere)), text.quote(mention)


def _amenable(joint: bool, elsewhere: bool) -> bool | None:
    if joint:
        return True
    return False if elsewhere else None
