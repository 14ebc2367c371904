"""Clinical text as clauses of tokens, and finding phrases in it with their context.

The parser must not depend on layout (the same letter read from PDF and from text must
give the same facts), so text is normalized first: words broken across lines are joined
and all white space becomes one space.

Phrases are matched on tokens through a trie, once per text, so adding terms costs
almost nothing. Tokens are lowercased and lightly singularized ("spasms" matches
"spasm"). Each match knows whether it is negated ("denies anxiety", "no signs of
infection", "straight leg raise was negative"), uncertain ("rule out radiculopathy",
"possible tear"), hypothetical ("if imaging shows a herniation", "will consider
surgery") or about someone else ("family history of"), with ConText semantics: a forward
cue qualifies up to the end of its clause or a terminator ("but", "however"), a backward
cue ("is not positive", "was ruled out") the phrase just before it. The cues are data,
``context_rules.yaml``, ported from medspaCy's ConText rules (its source, license and
commit are recorded there) with the local additions marked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, TypeVar
from functools import lru_cache
from itertools import accumulate, repeat
from pathlib import Path

import yaml

__all__ = ["normalize", "Token", "Clause", "clauses", "tokens", "Mention", "Extent", "PhraseMatcher", "MatcherPair", "Hits", "key", "longest_first"]

# starts with its literal "-" (the lookbehind after it) so the engine can skip to each hyphen
_BROKEN_WORD = re.compile(r"-(?<=\w-)[ \t]*\r?\n[ \t\r\n]*(?=\w)")
# A "+" before a word is the shorthand for a positive finding ("+ SLR", "+Tinel's"); after a
# digit or a letter it is a grade or a suffix ("reflexes 2+", "HIV+"), not a word. Written to
# start with one character class, so the engine skips to each word's first character; read as
# two branches it is: [A-Za-z0-9]+(?:'[A-Za-z]+)?  |  (?<![A-Za-z0-9])\+(?=\s?[A-Za-z])
_TOKEN = re.compile(r"[0-9A-Za-z+](?:(?<=[0-9A-Za-z])[0-9A-Za-z]*(?:'[A-Za-z]+)?|(?<![0-9A-Za-z]\+)(?<=\+)(?=\s?[A-Za-z]))")
_WORDS_AND_GAPS = re.compile(f"({_TOKEN.pattern})")
# The white space after a sentence's end mark (group 1: before a capital, a digit, a quote or
# a bracket; group 2: after a closing quote or bracket). It starts with the end mark, not a
# lookbehind, so the engine skips to each mark instead of trying every position.
_SENTENCE_END = re.compile(r"[.!?](?:(\s+)(?=[A-Z0-9\"'(\[])|[\"')\]](\s+))")
# A clause break is "; " or ": ", a spaced dash " - ", or a bracket. Found by its mark (a
# rare character the engine skips to) rather than by the white space around it (which is
# everywhere): ``_break`` turns each mark into the break's span.
_CLAUSE_MARK = re.compile(r"[;:()\-–—](?:(?<=[;:])(?=\s)|(?<=[()])|(?<=\s[-–—])(?=\s))")


def normalize(text: str) -> str:
    """One line of single-spaced text; words hyphenated across lines are rejoined."""
    return " ".join(_BROKEN_WORD.sub("-", text).split())  # split(): the same white space as \s, faster


def key(word: str) -> str:
    """The matching form of a word: lower case, a plural 's' dropped; "+" reads as "positive"."""
    return _FORMS[word]


def _form(word: str) -> str:
    if word == "+":
        return "positive"
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


class _Forms(dict):
    """Each word's matching form, made once: most of a letter's words were seen before, and
    ``map`` reads a dict at C speed (an lru_cache costs twice as much a word). Emptied when full."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 65536:
            self.clear()
        form = self[word] = _form(word)
        return form


_FORMS = _Forms()
_form_of = _FORMS.__getitem__  # ``key`` with no Python frame, for ``map``


class Token(NamedTuple):
    """A word's matching form and its span (a tuple: millions are made per audit)."""

    key: str
    start: int
    end: int


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
            self._tokens = tuple(map(_new_tuple, repeat(Token), zip(self.keys, self._starts, self._ends)))
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
        """Its forward cues and terminators (see ``_cues``), found once for every matcher."""
        if self._cues is None:
            self._cues = _cues(tuple(self.keys))
        return self._cues

    def extent(self, at: int, end: int) -> Extent:
        """Where the words ``at``..``end`` are written, their context unread (for a fact that
        asks only whether or where a phrase is)."""
        return _new_tuple(Extent, (self._starts[at], self._ends[end - 1]))

    def mention(self, label: str, at: int, end: int) -> Mention:
        """The phrase of words ``at``..``end`` as a mention of ``label``."""
        negated, uncertain = self.qualify(at, end)
        return _new_tuple(Mention, (label, self._starts[at], self._ends[end - 1], self.sentence, negated, uncertain))

    def qualify(self, at: int, end: int) -> tuple[bool, bool]:
        """Whether the words ``at``..``end`` are negated and whether uncertain: read once per
        span, though the lexicon and several fact matchers find the same phrase."""
        if self._qualified is None:
            self._qualified = {}
        found = self._qualified.get((at, end))
        if found is None:
            found = self._qualified[at, end] = _qualify(self.cues, self.keys, at, end)
        return found


_new_tuple = tuple.__new__  # what Token(...) calls, without the Python frame in between


def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    """The words of a text with their spans."""
    keys, bounds = _words(text, offset)
    return tuple(map(_new_tuple, repeat(Token), zip(keys, bounds[1::2], bounds[2::2])))


def _words(text: str, offset: int) -> tuple[list[str], list[int]]:
    """The keys of a text's words and the bounds of its gaps and words: word ``i`` spans
    ``bounds[2i+1]:bounds[2i+2]``. Splitting at the words gives gap, word, gap, ..., gap, so
    the spans are the running sum of the parts' lengths: no match object, no Python loop
    (this is a letter's first and largest pass)."""
    parts = _WORDS_AND_GAPS.split(text)
    return list(map(_form_of, parts[1::2])), list(accumulate(map(len, parts), initial=offset))


def _phrase(text: str) -> tuple[str, ...]:
    """The matching forms of a short text's words (a phrase, an item)."""
    return tuple(map(_form_of, _TOKEN.findall(text)))


@lru_cache(maxsize=8192)
def _keys(text: str) -> tuple[str, ...]:
    """``_phrase``, cached: items and entries are read by many matchers."""
    return _phrase(text)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        space = 1 if match.start(1) >= 0 else 2
        yield start, match.start(space)
        start = match.end(space)
    if start < len(text):
        yield start, len(text)


def clauses(text: str) -> list[Clause]:
    """Split normalized text into sentences and those into clauses (at ; : dashes and brackets).

    The text is tokenized once and its words dealt out to the clauses in order: no word
    crosses a clause break, which is punctuation or white space."""
    keys, bounds = _words(text, 0)
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


def _phrases(words: Iterable[str]) -> list[tuple[str, ...]]:
    return list(map(_phrase, words))


class _Trie:
    """Token sequences to labels, matched longest first at each position."""

    def __init__(self) -> None:
        self.root: dict[str, dict] = {}

    def add(self, phrase: tuple[str, ...], label: str) -> None:
        """A phrase's end holds its labels sorted (the order mentions come in), once for every scan."""
        if not phrase:
            return
        node = self.root
        for part in phrase:
            node = node.setdefault(part, {})
        labels = node.get("", ())
        if label not in labels:
            node[""] = tuple(sorted((*labels, label)))

    def longest(self, keys: Sequence[str], at: int) -> tuple[int, tuple[str, ...]]:
        """The end and labels of the longest phrase starting at ``at`` (end = at if none)."""
        node, end, labels = self.root, at, ()
        for i in range(at, len(keys)):
            node = node.get(keys[i])
            if node is None:
                break
            if "" in node:
                end, labels = i + 1, node[""]
        return end, labels


_RULES_FILE = Path(__file__).with_name("context_rules.yaml")


def _load_rules(path: Path = _RULES_FILE) -> dict[str, dict]:
    """The cue lists of ``context_rules.yaml``: medspaCy's ConText rules and local ones (read
    at every start, so with libyaml's loader where PyYAML has it: ten times faster)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _cue_lists(rules: dict[str, dict], *path: str, sources: tuple[str, ...] = ("medspacy", "local")) -> list[tuple[str, ...]]:
    """One cue list (e.g. negated, forward) from the sources of ``context_rules.yaml``."""
    found: list[str] = []
    for source in sources:
        node: object = rules.get(source, {})
        for part in path:
            node = node.get(part, []) if isinstance(node, dict) else []
        found += [str(cue) for cue in node]  # type: ignore[union-attr]
    return _phrases(found)


_RULES = _load_rules()
# Forward cues by kind; a cue that is two kinds takes the first of _CUE_PRIORITY.
_FORWARD = {
    "neg": _cue_lists(_RULES, "negated", "forward"),
    "pseudo": _cue_lists(_RULES, "pseudo"),
    "uncertain": _cue_lists(_RULES, "possible", "forward") + _cue_lists(_RULES, "hypothetical", "forward"),
    "other": _cue_lists(_RULES, "other_person", "forward"),
}
_BACKWARD = {
    "neg": _cue_lists(_RULES, "negated", "backward"),
    "uncertain": _cue_lists(_RULES, "possible", "backward"),
}


def _trie(kinds: dict[str, list[tuple[str, ...]]]) -> _Trie:
    trie = _Trie()
    for kind, phrases in kinds.items():
        for phrase in phrases:
            trie.add(phrase, kind)
    return trie


_CUE_TRIE = _trie(_FORWARD)
_AFTER_TRIE = _trie(_BACKWARD)
# Conjunctions and a new subject ("and he") always end a cue's scope; the local words (a reporting verb, "positive") end
# only a negation's, and not right after its cue: "no positive straight leg raise".
_TERMINATE_TRIE = _trie({
    "conjunction": _cue_lists(_RULES, "terminate", sources=("medspacy",)) + _cue_lists(_RULES, "new_subject", sources=("local",)),
    "word": _cue_lists(_RULES, "terminate", sources=("local",)),
})
# "Spurling negative, straight leg raise positive": a finding stated positive right after
# it is affirmed, whatever cue stood before it.
_ASSERTED_AFTER = [list(cue) for cue in _cue_lists(_RULES, "affirmed", "backward")]

_AFTER_WINDOW = 3
# When one phrase is two kinds of cue, the first kind here wins: "rule out" (uncertain)
# and "rules out" (a negation) have the same tokens once plurals are dropped; "evaluate
# for" is possible here (medspaCy lists it as a negation: see context_rules.yaml).
_CUE_PRIORITY = ("pseudo", "uncertain", "other", "neg")


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


class PhraseMatcher:
    """Finds labelled phrases in clauses; one pass per clause whatever the number of phrases.

    With ``independent`` labels (facts, rules) every phrase counts, also inside a longer
    one: "diabetic neuropathy" in "painful diabetic neuropathy" is a fact of its own.
    Otherwise labels are exclusive readings of the words, and the longest phrase wins:
    "no relief" (failed) is not also "relief" (helped).
    """

    def __init__(self, phrases: Iterable[tuple[str, str]], *, independent: bool = False):
        self._trie = _Trie()
        self._independent = independent
        self.phrases: list[str] = []
        for phrase, label in phrases:
            self.phrases.append(phrase)
            self._trie.add(_phrase(phrase), label)

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


Span = tuple[int, int, str]


@lru_cache(maxsize=4096)
def _cues(keys: tuple[str, ...]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """(start, end, kind) of every forward cue and every terminator in a clause, longest
    match first (cached: each clause is read by several matchers)."""
    return _spans_of(_CUE_TRIE, keys, lambda labels: min(labels, key=_CUE_PRIORITY.index)), _spans_of(
        _TERMINATE_TRIE, keys, lambda labels: "conjunction" if "conjunction" in labels else "word"
    )


def _spans_of(trie: _Trie, keys: tuple[str, ...], kind: Callable[[tuple[str, ...]], str]) -> tuple[Span, ...]:
    found = []
    at = 0
    while at < len(keys):
        if keys[at] not in trie.root:
            at += 1
            continue
        end, labels = trie.longest(keys, at)  # type: ignore[arg-type]
        if labels:
            found.append((at, end, kind(labels)))
            at = end
        else:
            at += 1
    return tuple(found)


def _qualify(cues: tuple[tuple[Span, ...], tuple[Span, ...]], keys: list[str], at: int, end: int) -> tuple[bool, bool]:
    """Whether the phrase at ``at``..``end`` is negated and whether it is uncertain, from
    the cues before it (up to a terminator) and a backward cue right after it."""
    forward, terminators = cues
    negated = uncertain = False
    for cue_start, cue_end, kind in forward:
        if cue_start < at < cue_end:  # a phrase that begins inside a cue
            negated |= kind in ("neg", "pseudo") and _negates(keys[cue_start:at])
            uncertain |= kind in ("uncertain", "other")
            continue
        if kind == "pseudo":
            continue  # "no improvement with therapy": what follows is not negated
        if cue_end > at or _terminated(terminators, cue_end, at, negation=kind == "neg"):
            continue
        if kind == "neg" and not negated:
            negated = not _asserted(keys, end)
        uncertain |= kind in ("uncertain", "other")
    after = _AFTER_TRIE.root
    for i in range(end, min(end + _AFTER_WINDOW, len(keys))):
        # before a terminator: "now resolved" is a cue
        labels = _AFTER_TRIE.longest(keys, i)[1] if keys[i] in after else None
        if labels:
            negated |= "neg" in labels
            uncertain |= "uncertain" in labels
            break
        if terminators and any(start == i for start, _, _ in terminators):  # most clauses have none
            break
    return negated, uncertain


def _asserted(keys: list[str], end: int) -> bool:
    """Whether a finding is stated positive right after it ("straight leg raise positive")."""
    return any(keys[end : end + len(cue)] == cue for cue in _ASSERTED_AFTER)


def _negates(prefix: list[str]) -> bool:
    """Whether the words of a cue before a phrase negate it on their own: "no" in "no
    improvement" does, "was" in "was not safe for home" (a phrase with its own "not") does not."""
    end, labels = _CUE_TRIE.longest(prefix, 0)
    return end == len(prefix) and "neg" in labels


def _terminated(terminators: tuple[Span, ...], cue_end: int, at: int, negation: bool) -> bool:
    """A conjunction between a cue and a phrase ends the cue's scope. The local words end
    only a negation's ("denies fever, reports numbness", but "if imaging shows a herniation"
    stays hypothetical), and not when they stand right after its cue ("no positive
    straight leg raise")."""
    return bool(terminators) and any(
        cue_end <= start and stop <= at and (kind == "conjunction" or (negation and start > cue_end))
        for start, stop, kind in terminators
    )
