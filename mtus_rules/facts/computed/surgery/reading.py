"""How the surgery facts read a case: looked up, never scanned again.

The record's mentions of each vocabulary class come from ``ctx.text`` (the record read
once per case), the classes a short text names (an item, the sentence describing a
surgery, a structured entry) from the vocabulary's lexicon, and what a fact reads of the
whole record is kept for the case's other items with ``ctx.once``. Every computed module
shares that per-case store, so the keys here all start with ``"surgery"``.

The lexicon finds every term, also inside a longer one. Where a fact reads the summary,
it keeps only the longest term at each place (``longest``), as a reader would: in "no
positive drop arm" the term is "positive drop arm", negated, and "drop arm" after the
word "positive" is not a second, affirmed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from mtus_rules.facts.computed import Context
from mtus_rules.reading.lexicon import entry_mentions
from mtus_rules.reading.text import Clause, Mention, key, longest_first
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = [
    "CLASSES", "CLASS_PREFIXES", "PROCEDURE", "COURSE", "reads", "family", "labels_at",
    "classes_in", "has", "keys_of", "summary_mentions", "by_sentence", "sentences_with",
    "span", "entry_mentions_of",
]

PROCEDURE = "procedure_"
COURSE = "postsurgical_course_"
CLASS_PREFIXES = (PROCEDURE, COURSE)
"""Prefixes of vocabulary classes read as families (``procedure_<key>``, ``postsurgical_course_<visits>``)."""

_Located = TypeVar("_Located", Mention, Clause)

CLASSES: set[str] = set()
"""Every vocabulary class these facts read by name; a test checks that each is defined,
since a missing class would silently leave a fact unknown."""


def reads(*names: str) -> tuple[str, ...]:
    """Declare the classes a fact reads (see ``CLASSES``)."""
    CLASSES.update(names)
    return names


def family(ctx: Context, prefix: str) -> tuple[str, ...]:
    """The classes named ``<prefix><key>``, in the vocabulary's order."""
    return _family(ctx.vocabulary, prefix)


@lru_cache(maxsize=16)
def _family(vocabulary: Vocabulary, prefix: str) -> tuple[str, ...]:
    """``family``, found once per vocabulary: every case asks, and the classes are hundreds."""
    return tuple(name for name in vocabulary.classes if name.startswith(prefix))


def labels_at(ctx: Context, text: str) -> tuple[tuple[str, int], ...]:
    """The classes a short text names, each with the word position of its term."""
    return ctx.once(("surgery", "labels", text), lambda: tuple(ctx.lexicon.matcher.labels_in(text)))


def classes_in(ctx: Context, text: str) -> frozenset[str]:
    return ctx.once(("surgery", "classes", text), lambda: frozenset(label for label, _ in labels_at(ctx, text)))


def has(ctx: Context, text: str, *names: str) -> bool:
    """Whether a short text names a term of one of the classes."""
    return not classes_in(ctx, text).isdisjoint(names)


def keys_of(ctx: Context, name: str) -> frozenset[str]:
    """A class of single words, in the form words are compared in (``text.key``)."""
    return ctx.once(("surgery", "keys", name), lambda: frozenset(key(word) for word in ctx.vocabulary.expand([f"@{name}"])))



def summary_mentions(ctx: Context, *names: str) -> list[Mention]:
    """The clinical sentences' mentions of these classes, read together by the longest term at each place."""
    return ctx.once(("surgery", "mentions", names), lambda: longest_first(m for name in names for m in ctx.text.mentions(name)))


def by_sentence(found: Iterable[_Located]) -> dict[int, list[_Located]]:
    """Mentions (or clauses) by sentence, in text order."""
    groups: dict[int, list[_Located]] = {}
    for each in found:
        groups.setdefault(each.sentence, []).append(each)
    return groups


def sentences_with(ctx: Context, name: str) -> frozenset[int]:
    """The clinical sentences that have a term of the class, however qualified."""
    return ctx.once(("surgery", "sentences with", name), lambda: frozenset(m.sentence for m in ctx.text.mentions(name)))


def span(clauses: list[Clause]) -> tuple[int, int]:
    return clauses[0].start, clauses[-1].end


def entry_mentions_of(ctx: Context, entry: str) -> dict[str, list[Mention]]:
    """Mentions by class in one structured entry (a finding, a diagnosis)."""
    return ctx.once(("surgery", "entry", entry), lambda: entry_mentions(ctx.lexicon, entry))
