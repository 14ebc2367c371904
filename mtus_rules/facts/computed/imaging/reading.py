"""The texts an imaging fact reads, and where in them a finding is written.

A fact reads the structured entries (findings, then diagnoses) before the summary, and the
first text in which it finds the fact true decides: an entry was filled in on purpose.
Each text is read once per case against the lexicon (the summary is ``ctx.text``; an entry
is indexed the same way), and a fact only looks mentions up, by class and clause.

A finding is tied to a place by the place words nearest it in its clause, else in its
sentence: a fractured foot is no red flag for an elbow MRI, and decreased sensation in the
hand says nothing about a lumbar MRI. Its side and its limb are read the same way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence

from engine.trace import Fact
from mtus_rules.facts.computed import Context
from mtus_rules.facts.computed.imaging.study import REGION_CLASS, SIDE_CLASS, Study
from mtus_rules.reading.lexicon import TextIndex
from mtus_rules.reading.record import analyze
from mtus_rules.reading.text import Clause, Extent, Mention, Token, longest_first

__all__ = [
    "Source", "sources", "summary", "first_found", "finding",
    "places", "place", "wrong_side", "limbs_at", "window_of", "one_word_in",
]


class Source:
    """One text a fact reads and how to cite it, with the lexicon's mentions by clause.

    ``mentions`` and ``within`` read a class as a matcher of that class alone reads it: the
    longest phrase at each place ("home exercise program" is one mention of care, not two).
    ``has`` and ``words`` see every phrase: they answer "is such a word here". Where a fact
    asks only whether or where a class is written (``has``, ``starts``, ``word_spans``,
    ``inside``), its phrases' context is not read: most place and side words are only that.
    """

    def __init__(self, name: str, text: TextIndex):
        self.name = name
        self.text = text
        self.clauses = text.record.clauses
        self._starts = [clause.start for clause in self.clauses]
        self._by_clause: dict[tuple[str, bool], dict[int, list[Mention]]] = {}
        self._extents: dict[tuple[str, bool], dict[int, list[Extent]]] = {}
        self._places: dict[tuple[str, ...], dict[int, list[int]]] = {}

    def mentions(self, name: str) -> list[Mention]:
        return [m for found in self._grouped(name, every=False).values() for m in found]

    def within(self, name: str, scope: Iterable[Clause]) -> list[Mention]:
        grouped = self._grouped(name, every=False)
        return [m for clause in scope for m in grouped.get(clause.start, ())]

    def starts(self, names: Sequence[str]) -> dict[int, list[int]]:
        """Where some classes are written (each as ``within`` reads it): their phrases' starts by
        clause, gathered once per text, since ``place`` asks the same for every finding."""
        key = tuple(names)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = {}
            for name in key:
                for clause, spans in self._placed(name, every=False).items():
                    found.setdefault(clause, []).extend(span.start for span in spans)
        return found

    def clauses_with(self, names: Iterable[str]) -> set[int]:
        """The starts of the clauses that mention one of some classes."""
        return {start for name in names for start in self._placed(name, every=True)}

    def has(self, name: str, scope: Iterable[Clause]) -> bool:
        placed = self._placed(name, every=True)
        return any(clause.start in placed for clause in scope)

    def words(self, name: str, clause: Clause) -> list[Mention]:
        """Every phrase of a class in a clause, also those inside a longer one."""
        return self._grouped(name, every=True).get(clause.start, [])

    def word_spans(self, name: str, clause: Clause) -> list[Extent]:
        """Where ``words`` finds a class, without reading its context."""
        return self._placed(name, every=True).get(clause.start, [])

    def inside(self, name: str, mention: Mention) -> bool:
        """Whether a phrase of a class lies within a mention (a root-tension sign that is Spurling's)."""
        spans = self.word_spans(name, self.clause_of(mention))
        return any(mention.start <= start and end <= mention.end for start, end in spans)

    def clause_of(self, mention: Mention) -> Clause:
        return self.clauses[bisect_right(self._starts, mention.start) - 1]

    def sentence(self, clause: Clause) -> list[Clause]:
        return self.text.sentence(clause)

    def span(self, scope: Sequence[Clause]) -> str:
        return self.text.record.text[scope[0].start : scope[-1].end]

    def cite(self, start: int, end: int) -> str:
        if self.name == "summary":
            return self.text.quote_span(start, end)
        return f"{self.name}: {self.text.record.text}"

    def _grouped(self, name: str, every: bool) -> dict[int, list[Mention]]:
        """A class's mentions by the start of their clause, grouped on first use."""
        grouped = self._by_clause.get((name, every))
        if grouped is None:
            found = self.text.mentions(name)
            grouped = self._by_clause[name, every] = {}
            for mention in found if every else longest_first(found):
                grouped.setdefault(self.clause_of(mention).start, []).append(mention)
        return grouped

    def _placed(self, name: str, every: bool) -> dict[int, list[Extent]]:
        """``_grouped`` for where a class is written: its phrases' spans by clause."""
        grouped = self._extents.get((name, every))
        if grouped is None:
            grouped = self._extents[name, every] = {}
            for clause, at, end in self.text.hits(name):
                grouped.setdefault(clause.start, []).append(clause.extent(at, end))
            if not every:
                for start, spans in grouped.items():
                    grouped[start] = longest_first(spans)
        return grouped


def sources(ctx: Context) -> tuple[Source, ...]:
    """The structured entries, then the summary (last); read once per case."""

    def read() -> tuple[Source, ...]:
        lexicon = ctx.lexicon
        entries = [
            Source(f"{field}[{i}]", lexicon.index(analyze(entry)))
            for field in ("findings", "diagnoses")
            for i, entry in enumerate(getattr(ctx.case, field))
        ]
        return (*entries, Source("summary", ctx.text))

    return ctx.once((__name__, "sources"), read)


def summary(ctx: Context) -> Source:
    return sources(ctx)[-1]



def first_found(ctx: Context, read: Callable[[Source], Iterable[Fact]]) -> Fact | None:
    """The first fact found true in the first text that has one; else the first found false."""
    denied: list[Fact] = []
    for source in sources(ctx):
        facts = list(read(source))
        found = next((fact for fact in facts if fact.value), None)
        if found is not None:
            return found
        denied += facts
    return denied[0] if denied else None


def finding(source: Source, mention: Mention, value: bool | None = None) -> Fact:
    """A mention as a fact: true unless negated (or ``value``), citing where it is written."""
    return Fact(not mention.negated if value is None else value, source.cite(mention.start, mention.end))


def places(study: Study, *, spine: bool) -> tuple[list[str], list[str]]:
    """The place classes of a study's regions (with words naming the spine alone, if
    ``spine`` and the study is of the spine), and those of every other region."""
    here = [REGION_CLASS[r] for r in study.regions]
    if spine and study.spine:
        here.append("spine_anchors")
    return here, [name for r, name in REGION_CLASS.items() if r not in study.regions]


def place(source: Source, here: list[str], others: list[str], clause: Clause, at: int, sentence: bool = True) -> str:
    """Where a finding at character ``at`` is: 'here' (the nearest place word is one of
    ``here``), 'elsewhere' (it is one of ``others``), or 'none' (no place word in its
    clause, nor in its sentence unless ``sentence`` is false). On a tie, here."""
    near_here, near_others = source.starts(here), source.starts(others)
    for scope in ([clause], source.sentence(clause)) if sentence else ([clause],):
        distance = _nearest(near_here, scope, at)
        other = _nearest(near_others, scope, at)
        if distance is not None or other is not None:
            return "here" if other is None or (distance is not None and distance <= other) else "elsewhere"
    return "none"


def _nearest(starts: Mapping[int, list[int]], scope: Iterable[Clause], at: int) -> int | None:
    return min((abs(start - at) for clause in scope for start in starts.get(clause.start, ())), default=None)


def wrong_side(study: Study, source: Source, clause: Clause) -> bool:
    """The finding's clause (else its sentence) speaks of the other side only (a left-knee
    finding for a right-knee study)."""
    if study.side is None:
        return False
    for scope in ([clause], source.sentence(clause)):
        sides = {side for name, side in SIDE_CLASS.items() if source.has(name, scope)}
        if sides:
            return study.side not in sides and "both" not in sides
    return False


def limbs_at(source: Source, clause: Clause, anchors: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The limbs a finding is written about: those its clause names, else its sentence
    ("numbness down both legs and in the fingers" is about both)."""
    for scope in ([clause], source.sentence(clause)):
        found = {limb for limb, names in anchors.items() if any(source.has(name, scope) for name in names)}
        if found:
            return found
    return set()


def window_of(source: Source, clause: Clause, mention: Mention, before: int = 4, after: int = 5) -> tuple[Token, ...]:
    """The words around a mention within its clause, cut at a range-of-motion word (so
    "sensation intact, decreased range of motion" is no sensory deficit)."""
    tokens = clause.tokens
    inside = [i for i, t in enumerate(tokens) if mention.start <= t.start and t.end <= mention.end] or [0]
    first, last = inside[0], inside[-1]
    lo, hi = max(0, first - before), min(len(tokens), last + after + 1)
    cuts = {span.start for span in source.word_spans("img_motion_words", clause)}
    lo = next((i + 1 for i in range(first - 1, lo - 1, -1) if tokens[i].start in cuts), lo)
    hi = next((i for i in range(last + 1, hi) if tokens[i].start in cuts), hi)
    return tokens[lo:hi]


def one_word_in(name: str, source: Source, clause: Clause, window: tuple[Token, ...]) -> bool:
    """Whether a one-word term of a class is among the words of a window."""
    spans = {(t.start, t.end) for t in window}
    return any(span in spans for span in source.word_spans(name, clause))
