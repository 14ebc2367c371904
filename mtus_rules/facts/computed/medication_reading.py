"""How the medication facts read the record: phrases as a reader takes them, in sentences
that report care given.

The shared index (``ctx.text``) finds every phrase of a class, also one inside a longer
phrase of it ("urine drug" and "drug screen" inside "urine drug screen"). A fact that
quotes a mention, or asks whether the words around it say "not done", wants the phrase a
reader sees: the longest one at each place. ``longest`` keeps those, so a class is read
as if by a matcher of its own, without scanning the record again.

A sentence with a clause about a plan or a request (``Record.planned``: "The treatment
plan included a urine drug screen", "Plan: continue Norco") reports no care given. The
whole sentence is left out, not only that clause: the plan word often stands in a clause
of its own.
"""

from __future__ import annotations


from mtus_rules.facts.computed import Context
from mtus_rules.reading.text import Mention, longest_first

__all__ = ["planned_sentences", "given"]



def planned_sentences(ctx: Context) -> frozenset[int]:
    """The sentences with a clause about care planned or requested (once per case)."""
    return ctx.once((__name__, "planned"), lambda: frozenset(c.sentence for c in ctx.record.clauses if ctx.record.planned(c)))


def given(ctx: Context, name: str) -> list[Mention]:
    """Mentions of a class, read longest first, in sentences that report care given and
    not in doubt ("rule out", "if"); the same for every item of a case."""

    def find() -> list[Mention]:
        planned = planned_sentences(ctx)
        return [m for m in longest_first(ctx.text.mentions(name)) if not m.uncertain and m.sentence not in planned]

    return ctx.once((__name__, "given", name), find)

