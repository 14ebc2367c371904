"""Clinical text as clauses of words, and finding phrases in them with their context.

Text is read as words (``words``: normalized, keyed for matching) dealt out to clauses, the
unit a negation or an uncertainty reaches (``context``). Phrases are matched on the words'
keys through a trie (``tries``), once per text, so adding terms costs almost nothing; each
match is qualified by its clause's cues. The names other packages read are all here, the
words' ones re-exported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

from mtus_rules.reading.context import Span, cues_of, qualify
from mtus_rules.reading.tries import Trie
from mtus_rules.reading.words import Token, key, keys_of, new_tuple, normalize, sentences, tokens, tokens_of, words

__all__ = ["normalize", "Token", "Clause", "clauses", "tokens", "Mention", "Extent", "PhraseMatcher", "MatcherPair", "Hits", "key", "longest_first"]

# A clause break is "; " or ": ", a spaced dash " - ", or a bracket. Found by its mark (a
# rare character the engine skips to) rather than by the white space around it (which is
# everywhere): ``_break`` turns each mark into the break's span.
_CLAUSE_MARK = re.compile(r"[;:()\-–—](?:(?<=[;:])(?=\s)|(?<=[()])|(?<=\s[-–—])(?=\s))")


class Clause:
    """A clause of a sentence: its number, its span and its words.

    Every matcher reads the words' ``keys``, so a clause keeps them as a list with the
    words' spans beside them; the words as ``Token``s are made only when first read (few
    clauses are), and so are the clause's cues. Not to be changed once made."""

    __slots__ = ("sentence", "start", "end", "keys", "_starts", "_ends", "_tokens", "_cues", "_qualified")

    def __init__(self, sentence: int, start: int, end: int, keys: list[str], starts: list[int], ends: list[int]):
        self.sentence, self.start, self.end = sentence, start, end
        self.keys, self._starts, self._ends = keys, starts, ends
        self._tokens = self._cues = self._qualified = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = tokens_of(self.keys, self._starts, self._ends)
        return self._tokens

    def _identity(self) -> tuple[object, ...]:
        return (self.sentence, self.start, self.end, self.keys, self._starts, self._ends)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Clause) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash((self.sentence, self.start, self.end, len(self.keys)))

    def __repr__(self) -> str:
        return f"Clause(sentence={self.sentence}, start={self.start}, end={self.end}, tokens={self.tokens!r})"

    @property
    def cues(self) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        """Its forward cues and terminators (see ``context.cues_of``), found once for every matcher."""
        if self._cues is None:
            self._cues = cues_of(tuple(self.keys))
        return self._cues

    def extent(self, at: int, end: int) -> Extent:
        """Where the words ``at``..``end`` are written, their context unread (for a fact that
        asks only whether or where a phrase is)."""
        return new_tuple(Extent, (self._starts[at], self._ends[end - 1]))

    def mention(self, label: str, at: int, end: int) -> Mention:
        """The phrase of words ``at``..``end`` as a mention of ``label``."""
        negated, uncertain = self.qualify(at, end)
        return new_tuple(Mention, (label, self._starts[at], self._ends[end - 1], self.sentence, negated, uncertain))

    def qualify(self, at: int, end: int) -> tuple[bool, bool]:
        """Whether the words ``at``..``end`` are negated and whether uncertain: read once per
        span, though the lexicon and several fact matchers find the same phrase."""
        if self._qualified is None:
            self._qualified = {}
        found = self._qualified.get((at, end))
        if found is None:
            found = self._qualified[at, end] = qualify(self.cues, self.keys, at, end)
        return found


def clauses(text: str) -> list[Clause]:
    """Split normalized text into sentences and those into clauses (at ; : dashes and brackets).

    The text is tokenized once and its words dealt out to the clauses in order: no word
    crosses a clause break, which is punctuation or white space."""
    keys, bounds = words(text, 0)
    starts, ends = bounds[1::2], bounds[2::2]
    result, at = [], 0
    for number, start, end in _spans(text):
        first, at = at, bisect_left(starts, end, at)  # the words that start before the clause ends
        if at > first:
            result.append(Clause(number, start, end, keys[first:at], starts[first:at], ends[first:at]))
    return result


def _spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(sentence number, start, end) of each clause, in text order. The clause marks are found
    in one pass over the text and dealt to the sentences in order (a letter has few): a mark
    is no white space, so it is inside a sentence, and no mark needs to see past its
    sentence's end mark."""
    marks = [match.start() for match in _CLAUSE_MARK.finditer(text)]
    at = 0
    for number, (start, end) in enumerate(sentences(text)):
        while at < len(marks) and marks[at] < end:
            break_start, break_end = _break(text, marks[at])
            at += 1
            if break_start >= start:  # a dash's space taken by the break before it is no break of its own
                yield number, start, break_start
                start = break_end
        yield number, start, end


def _break(text: str, at: int) -> tuple[int, int]:
    """The span of the clause break whose mark is at ``at``."""
    mark = text[at]
    return (at, at + 2) if mark in ";:" else (at, at + 1) if mark in "()" else (at - 1, at + 2)


class Mention(NamedTuple):
    """A phrase found in text, with its label and how the clause qualifies it (a tuple:
    hundreds are made per letter)."""

    label: str
    start: int
    end: int
    sentence: int
    negated: bool
    uncertain: bool

    @property
    def affirmed(self) -> bool:
        return not self.negated and not self.uncertain


@lru_cache(maxsize=8192)
def _keys(text: str) -> tuple[str, ...]:
    """``keys_of``, cached: items and entries are read by many matchers."""
    return keys_of(text)


class PhraseMatcher:
    """Finds labelled phrases in clauses; one pass per clause whatever the number of phrases.

    With ``independent`` labels (facts, rules) every phrase counts, also inside a longer
    one: "diabetic neuropathy" in "painful diabetic neuropathy" is a fact of its own.
    Otherwise labels are exclusive readings of the words, and the longest phrase wins:
    "no relief" (failed) is not also "relief" (helped).
    """

    def __init__(self, phrases: Iterable[tuple[str, str]], *, independent: bool = False):
        self._trie = Trie()
        self._independent = independent
        self.phrases: list[str] = []
        for phrase, label in phrases:
            self.phrases.append(phrase)
            self._trie.add(keys_of(phrase), label)

    def labels_in(self, text: str) -> list[tuple[str, int]]:
        """Labels found in a short text (an item, a field), with their token position."""
        return [(label, at) for at, _, labels in self._scan(_keys(text)) for label in labels]

    def any_in(self, keys: Sequence[str]) -> bool:
        return bool(self._scan(keys))

    def labels_of(self, keys: Sequence[str]) -> set[str]:
        return {label for _, _, labels in self._scan(keys) for label in labels}

    def mentions(self, all_clauses: Iterable[Clause]) -> Iterator[Mention]:
        for clause in all_clauses:
            for at, end, labels in self._scan(clause.keys):
                for label in labels:
                    yield clause.mention(label, at, end)

    def hits(self, all_clauses: Iterable[Clause]) -> Hits:
        """(clause, start, end) of each label's phrases, in text order: what ``mentions``
        finds, before the context of each is read (a lexicon's reader asks for few labels)."""
        return _by_label([(labels, (clause, at, end)) for clause in all_clauses for at, end, labels in self._scan(clause.keys)])

    def _scan(self, keys: Sequence[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, labels) of the phrases found, as the class docstring says: shortest
        first at each start when independent. The trie walk is inlined: it is the inner loop
        of every fact."""
        root = self._trie.root
        if root.keys().isdisjoint(keys):  # half the texts start no phrase: a set operation tells
            return []
        found = []
        count = len(keys)
        if self._independent:  # every start is read: a for loop, no skipping
            for at, word in enumerate(keys):
                node = root.get(word)
                i = at
                while node is not None:
                    i += 1
                    if "" in node:
                        found.append((at, i, node[""]))
                    node = node.get(keys[i]) if i < count else None
            return found
        at = 0
        while at < count:
            node = root.get(keys[at])
            if node is None:  # most words start no phrase
                at += 1
                continue
            end, labels, i = at, None, at
            while node is not None:
                i += 1
                if "" in node:
                    end, labels = i, node[""]
                node = node.get(keys[i]) if i < count else None
            if labels:
                found.append((at, end, labels))
            at = max(end, at + 1)
        return found


Hits = dict[str, list[tuple[Clause, int, int]]]
_SECOND = " "  # the end key of the second matcher's labels: no word's key has a space


class MatcherPair:
    """Two independent matchers read in one pass over the same clauses: ``hits`` gives what
    each one's ``hits`` gives. The lexicon and a rule book's clinical facts both read every
    clinical clause, and walking a trie costs more per word than finding a phrase.

    One trie holds both, each node its first matcher's labels under the end key and its
    second's under ``_SECOND``. The nodes only the first matcher has are its own, shared:
    a pickle holding the first matcher too stays small (and so does its load time)."""

    def __init__(self, first: PhraseMatcher, second: PhraseMatcher):
        if not (first._independent and second._independent):
            raise ValueError("only independent matchers read every phrase the same way in one pass")
        self.root = _merged(first._trie.root, _ends_moved(second._trie.root))

    def hits(self, all_clauses: Iterable[Clause]) -> tuple[Hits, Hits]:
        """The inner loop of reading a summary, so the walk is inlined as in ``PhraseMatcher._scan``;
        the phrases found are dealt to their labels after it."""
        first: list[tuple[tuple[str, ...], tuple[Clause, int, int]]] = []
        second: list[tuple[tuple[str, ...], tuple[Clause, int, int]]] = []
        root = self.root
        for clause in all_clauses:
            keys = clause.keys
            count = len(keys)
            for at, word in enumerate(keys):
                node = root.get(word)
                i = at
                while node is not None:
                    i += 1
                    labels = node.get("")
                    if labels is not None:
                        first.append((labels, (clause, at, i)))
                    labels = node.get(_SECOND)
                    if labels is not None:
                        second.append((labels, (clause, at, i)))
                    node = node.get(keys[i]) if i < count else None
        return _by_label(first), _by_label(second)


def _by_label(found: list[tuple[tuple[str, ...], tuple[Clause, int, int]]]) -> Hits:
    """Each label's phrases, in the order found (a phrase's labels in the order ``mentions`` gives them)."""
    hits: Hits = {}
    for labels, hit in found:
        for label in labels:
            same = hits.get(label)
            if same is None:
                hits[label] = [hit]
            else:
                same.append(hit)
    return hits


def _ends_moved(node: dict) -> dict:
    """A copy of a trie whose labels are kept under ``_SECOND``."""
    return {(_SECOND if part == "" else part): (child if part == "" else _ends_moved(child)) for part, child in node.items()}


def _merged(first: dict, second: dict) -> dict:
    """Both tries' phrases, sharing the nodes only one of them has."""
    merged = dict(first)
    for part, child in second.items():
        merged[part] = _merged(first[part], child) if part in first else child  # no end key is in both
    return merged


class Extent(NamedTuple):
    """The characters a phrase spans."""

    start: int
    end: int


M = TypeVar("M", Mention, Extent)


def longest_first(mentions: Iterable[M]) -> list[M]:
    """The mentions an exclusive reading keeps: at each place the longest phrase (with every
    label it carries), and none that starts inside it. For one fact's terms: "no positive
    Tinel sign" is the negated "positive Tinel sign", not also an affirmed "Tinel sign"."""
    kept: list[M] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        last = kept[-1] if kept else None
        if last is None or mention.start >= last.end or (mention.start, mention.end) == (last.start, last.end):
            kept.append(mention)
    return kept
