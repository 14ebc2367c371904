"""Every vocabulary class found in a record in one pass, for the computed facts to look up.

A computed fact asks questions such as "is a red flag mentioned in a sentence about the
lumbar spine?". Answered by scanning the summary once per fact and class, a letter costs
thousands of scans; here every class of the vocabulary is one matcher (``Lexicon``, built
once per vocabulary) and each case's record is scanned once (``TextIndex``): a fact then
looks up the mentions of the classes it needs.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import cached_property

from mtus_rules.reading.record import Record
from mtus_rules.reading.text import Clause, Hits, Mention, PhraseMatcher, clauses, longest_first, normalize
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["lexicon_of", "Lexicon", "TextIndex", "entry_mentions"]


def lexicon_of(vocabulary: Vocabulary) -> Lexicon:
    """Every class of a vocabulary as one matcher, built once per vocabulary on first use and
    kept on it, so that a cached catalog carries it too."""
    found = vars(vocabulary).get("_lexicon")
    if found is None:
        found = vars(vocabulary)["_lexicon"] = Lexicon(vocabulary)
    return found


class Lexicon:
    """The vocabulary's term classes as one matcher; labels are class names (``@name``
    without the ``@``). A class that includes another carries both labels."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.matcher = PhraseMatcher(
            ((term, name) for name in vocabulary.classes for term in vocabulary.expand([f"@{name}"])), independent=True
        )

    def classes_in(self, text: str) -> set[str]:
        """The classes a short text (an item, an entry) names."""
        return {label for label, _ in self.matcher.labels_in(text)}

    def has(self, name: str, text: str) -> bool:
        return name in self.classes_in(text)

    def index(self, record: Record, clinical: Hits | None = None) -> TextIndex:
        """``clinical``: the matcher's hits in the record's clauses, when a pass that reads
        them for more than the lexicon found them already (see ``MatcherPair``)."""
        return TextIndex(record, self, clinical)


class TextIndex:
    """One case's record read against the lexicon once: mentions by class, clause and sentence."""

    def __init__(self, record: Record, lexicon: Lexicon, clinical: Hits | None = None):
        self.record = record
        self.lexicon = lexicon
        self._found = clinical

    @cached_property
    def _clinical(self) -> _Mentions:
        return _Mentions(self._found if self._found is not None else self.lexicon.matcher.hits(self.record.clauses))

    @cached_property
    def _administrative(self) -> _Mentions:
        return _Mentions(self.lexicon.matcher.hits(self.record.administrative))

    @cached_property
    def _sentences(self) -> dict[int, list[Clause]]:
        sentences: dict[int, list[Clause]] = {}
        for clause in self.record.clauses:
            sentences.setdefault(clause.sentence, []).append(clause)
        return sentences

    def mentions(self, name: str) -> list[Mention]:
        """Mentions of a class in the clinical clauses (negated and uncertain ones too)."""
        return self._clinical.get(name, [])

    def hits(self, name: str) -> list[tuple[Clause, int, int]]:
        """Where a class is written in the clinical clauses: (clause, first word, end word), in
        text order, the context unread: for a fact that asks only whether or where (reading
        the context of every phrase found costs more than finding it)."""
        return self._clinical.hits(name)

    def longest(self, name: str) -> list[Mention]:
        """Mentions of a class read as that class's own matcher would: longest phrase first."""
        return self._longest.setdefault(name, longest_first(self.mentions(name)))

    @cached_property
    def _longest(self) -> dict[str, list[Mention]]:
        return {}

    def administrative(self, name: str) -> list[Mention]:
        """Mentions of a class in the sentences about the claim's history."""
        return self._administrative.get(name, [])

    def within(self, name: str, scope: Iterable[Clause]) -> list[Mention]:
        """Mentions of a class inside some clauses (a clause, a sentence)."""
        spans = [(c.start, c.end) for c in scope]
        return [m for m in self.mentions(name) if any(start <= m.start < end for start, end in spans)]

    def sentence(self, clause: Clause) -> list[Clause]:
        return self._sentences.get(clause.sentence, [clause])

    def sentence_of(self, number: int) -> list[Clause]:
        """The clinical clauses of a sentence, by its number ([] if none is clinical)."""
        return self._sentences.get(number, [])

    def sentences(self) -> dict[int, list[Clause]]:
        return self._sentences

    def clause_of(self, mention: Mention) -> Clause:
        """The clinical clause a mention is in (clauses are in text order: a binary search)."""
        clauses = self.record.clauses
        at = bisect.bisect_right(self._starts, mention.start) - 1
        if at < 0 or not clauses[at].start <= mention.start < clauses[at].end:
            raise ValueError(f"no clinical clause holds the mention {mention!r}")
        return clauses[at]

    @cached_property
    def _starts(self) -> list[int]:
        return [c.start for c in self.record.clauses]

    def quote(self, mention: Mention, width: int = 40) -> str:
        return self.quote_span(mention.start, mention.end, width)

    def quote_span(self, start: int, end: int, width: int = 40) -> str:
        """A span of the summary as a fact's source: the words around it, quoted."""
        return f"summary: “{self.record.quote(start, end, width)}”"


class _Mentions:
    """A text's phrases by class, each class's made mentions (its context read) when first asked."""

    def __init__(self, hits: dict[str, list[tuple[Clause, int, int]]]):
        self._hits = hits
        self._made: dict[str, list[Mention]] = {}

    def hits(self, name: str) -> list[tuple[Clause, int, int]]:
        return self._hits.get(name, [])

    def get(self, name: str, default: list[Mention]) -> list[Mention]:
        found = self._made.get(name)
        if found is None:
            hits = self._hits.get(name)
            if hits is None:
                return default
            found = self._made[name] = [clause.mention(name, at, end) for clause, at, end in hits]
        return found


def entry_mentions(lexicon: Lexicon, entry: str) -> dict[str, list[Mention]]:
    """Mentions by class in one structured entry (a diagnosis, a finding), every clause read."""
    return _by_label(lexicon.matcher.mentions(clauses(normalize(entry))))


def _by_label(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    found: dict[str, list[Mention]] = {}
    for mention in mentions:
        found.setdefault(mention.label, []).append(mention)
    return found
