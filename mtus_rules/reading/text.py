"""Clinical text as clauses of tokens, and finding phrases in it with their context.

The parser must not depend on layout (the same letter read from PDF and from text must
give the same facts), so text is normalized first: words broken across lines are joined
and all white space becomes one space.

Phrases are matched on tokens through a trie, once per text, so adding terms costs
almost nothing. Tokens are lowercased and lightly singularized ("spasms" matches
"spasm"). Each match knows whether it is negated ("denies anxiety", "no signs of
infection", "straight leg raise was negative"), uncertain ("rule out radiculopathy",
"possible tear") or about someone else ("family history of"), in the NegEx manner:
a trigger negates up to the end of its clause or a terminating word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple
from functools import cached_property, lru_cache

__all__ = ["normalize", "Token", "Clause", "clauses", "tokens", "Mention", "PhraseMatcher", "key", "longest_first"]

# starts with its literal "-" (the lookbehind after it) so the engine can skip to each hyphen
_BROKEN_WORD = re.compile(r"-(?<=\w-)[ \t]*\r?\n[ \t\r\n]*(?=\w)")
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])|(?<=[.!?][\"')\]])\s+")
_CLAUSE_BREAK = re.compile(r"[;:]\s|\s[-–—]\s|\(|\)")


def normalize(text: str) -> str:
    """One line of single-spaced text; words hyphenated across lines are rejoined."""
    return " ".join(_BROKEN_WORD.sub("-", text).split())  # split(): the same white space as \s, faster


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """The matching form of a word: lower case, a plural 's' dropped."""
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


class Token(NamedTuple):
    """A word's matching form and its span (a tuple: millions are made per audit)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    sentence: int
    start: int
    end: int
    tokens: tuple[Token, ...]

    @cached_property
    def keys(self) -> list[str]:
        """The matching forms of the clause's words (every matcher reads them)."""
        return [t.key for t in self.tokens]


def tokens(text: str, offset: int = 0) -> tuple[Token, ...]:
    return tuple([Token(key(m.group()), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)])


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def clauses(text: str) -> list[Clause]:
    """Split normalized text into sentences and those into clauses (at ; : dashes and brackets).

    The text is tokenized once and its words dealt out to the clauses in order: no word
    crosses a clause break, which is punctuation or white space."""
    words = tokens(text)
    result, at = [], 0
    for number, start, end in _spans(text):
        first = at
        while at < len(words) and words[at].start < end:
            at += 1
        if at > first:
            result.append(Clause(number, start, end, words[first:at]))
    return result


def _spans(text: str) -> Iterator[tuple[int, int, int]]:
    """(sentence number, start, end) of each clause, in text order."""
    for number, (s_start, s_end) in enumerate(sentences(text)):
        start = s_start
        for match in _CLAUSE_BREAK.finditer(text, s_start, s_end):
            yield number, start, match.start()
            start = match.end()
        yield number, start, s_end


def _phrases(words: Iterable[str]) -> list[tuple[str, ...]]:
    return [tuple(key(w) for w in _TOKEN.findall(word)) for word in words]


class _Trie:
    """Token sequences to labels, matched longest first at each position."""

    def __init__(self) -> None:
        self.root: dict[str, dict] = {}

    def add(self, phrase: tuple[str, ...], label: str) -> None:
        if not phrase:
            return
        node = self.root
        for part in phrase:
            node = node.setdefault(part, {})
        node.setdefault("", set()).add(label)

    def matches(self, keys: list[str], at: int) -> Iterator[tuple[int, set[str]]]:
        """The end and labels of every phrase starting at ``at``, shortest first."""
        node = self.root
        for i in range(at, len(keys)):
            node = node.get(keys[i])
            if node is None:
                return
            if "" in node:
                yield i + 1, node[""]

    def longest(self, keys: list[str], at: int) -> tuple[int, set[str]]:
        """The end and labels of the longest phrase starting at ``at`` (end = at if none)."""
        node, end, labels = self.root, at, set()
        for i in range(at, len(keys)):
            node = node.get(keys[i])
            if node is None:
                break
            if "" in node:
                end, labels = i + 1, node[""]
        return end, labels


_NEGATION_BEFORE = _phrases(
    [
        "no", "not", "never", "none", "without", "denies", "denied", "deny", "denying",
        "negative for", "free of", "absence of", "absent", "lack of", "lacks", "lacked", "lacking",
        "fails to", "failed to", "fail to", "did not", "does not", "do not", "is not", "was not",
        "were not", "are not", "has not", "have not", "had not", "cannot", "can't", "didn't",
        "doesn't", "wasn't", "weren't", "isn't", "unremarkable for", "ruled out", "rules out",
        "resolution of", "resolved", "negative",
    ]
)
_NEGATION_AFTER = _phrases(
    [
        "negative", "not present", "not noted", "not found", "not seen", "not identified",
        "ruled out", "absent", "resolved", "unremarkable", "denied", "none",
    ]
)
_PSEUDO_NEGATION = _phrases(
    [
        "no change", "no significant change", "not only", "no increase", "not certain", "no further",
        "not necessarily",
        # failure of a treatment is not its absence: "did not improve with therapy" means it was tried
        "failed to improve", "fails to improve", "fail to improve", "failed to respond", "did not improve",
        "did not respond", "did not help", "does not help", "not improved", "has not improved",
        "have not improved", "not helped", "did not benefit", "without relief", "without improvement",
        "without benefit", "no relief", "no improvement", "no benefit", "not helpful", "not effective",
        "no significant relief", "no significant improvement", "no lasting relief", "not tolerate",
        "did not tolerate", "could not tolerate", "unable to tolerate", "failed to relieve", "fails to relieve",
        "did not relieve", "does not relieve", "not relieved", "not been effective", "not been helpful",
        "has not helped", "have not helped",
    ]
)
_UNCERTAIN_BEFORE = _phrases(
    [
        "rule out", "r o", "possible", "possibly", "probable", "probably", "suspected", "suspect",
        "suspicious for", "suspicion of", "concern for", "question of", "questionable",
        "evaluate for", "to exclude", "risk of", "if", "whether", "consider", "considered",
        "may have", "might", "could", "would", "should", "potential", "at risk for", "prevent", "prevention",
    ]
)
_OTHER_PERSON = _phrases(["family history", "mother", "father", "sister", "brother", "spouse", "wife", "husband"])
_TERMINATE = {
    key(w)
    for w in (
        "but", "however", "although", "though", "yet", "except", "apart", "aside", "which",
        "whereas", "while", "presents", "presented", "reports", "reported", "complains",
        "complained", "endorses", "endorsed", "notes", "noted", "states", "stated",
        "remains", "remained", "continues", "continued", "exhibits", "exhibited", "demonstrates",
        "demonstrated", "shows", "showed", "revealed", "reveals", "positive", "now", "currently",
        "subsequently", "then", "because", "due", "secondary",
    )
}
_CUE_TRIE = _Trie()
for _phrase in _NEGATION_BEFORE:
    _CUE_TRIE.add(_phrase, "neg")
for _phrase in _PSEUDO_NEGATION:
    _CUE_TRIE.add(_phrase, "pseudo")
for _phrase in _UNCERTAIN_BEFORE:
    _CUE_TRIE.add(_phrase, "uncertain")
for _phrase in _OTHER_PERSON:
    _CUE_TRIE.add(_phrase, "other")
_AFTER_TRIE = _Trie()
for _phrase in _NEGATION_AFTER:
    _AFTER_TRIE.add(_phrase, "neg")

_AFTER_WINDOW = 3
# When one phrase is two kinds of cue, the first kind here wins: "rule out" (uncertain)
# and "rules out" (a negation) have the same tokens once plurals are dropped.
_CUE_PRIORITY = ("pseudo", "uncertain", "other", "neg")


@dataclass(frozen=True)
class Mention:
    """A phrase found in text, with its label and how the clause qualifies it."""

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
            for words in _phrases([phrase]):
                self._trie.add(words, label)

    def labels_in(self, text: str) -> list[tuple[str, int]]:
        """Labels found in a short text (an item, a field), with their token position."""
        keys = [t.key for t in tokens(text)]
        return [(label, at) for at, _, labels in self._scan(keys) for label in labels]

    def any_in(self, keys: list[str]) -> bool:
        return next(self._scan(keys), None) is not None

    def labels_of(self, keys: list[str]) -> set[str]:
        return {label for _, _, labels in self._scan(keys) for label in labels}

    def mentions(self, all_clauses: Iterable[Clause]) -> Iterator[Mention]:
        for clause in all_clauses:
            keys = clause.keys
            found = list(self._scan(keys))
            if not found:
                continue
            cues = _cues(tuple(keys))
            for at, end, labels in found:
                negated, uncertain = _qualify(cues, keys, at, end)
                for label in sorted(labels):
                    yield Mention(
                        label,
                        clause.tokens[at].start,
                        clause.tokens[end - 1].end,
                        clause.sentence,
                        negated,
                        uncertain,
                    )

    def _scan(self, keys: list[str]) -> Iterator[tuple[int, int, set[str]]]:
        """(start, end, labels) of the phrases found, as the class docstring says."""
        starts = self._trie.root
        at = 0
        while at < len(keys):
            if keys[at] not in starts:  # most words start no phrase: skip the call
                at += 1
            elif self._independent:
                for end, labels in self._trie.matches(keys, at):
                    yield at, end, labels
                at += 1
            else:
                end, labels = self._trie.longest(keys, at)
                if labels:
                    yield at, end, labels
                at = max(end, at + 1)


def longest_first(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions an exclusive reading keeps: at each place the longest phrase (with every
    label it carries), and none that starts inside it. For one fact's terms: "no positive
    Tinel sign" is the negated "positive Tinel sign", not also an affirmed "Tinel sign"."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        last = kept[-1] if kept else None
        if last is None or mention.start >= last.end or (mention.start, mention.end) == (last.start, last.end):
            kept.append(mention)
    return kept


@lru_cache(maxsize=4096)
def _cues(keys: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of every cue in a clause, longest match first (cached: each
    clause is read by several matchers)."""
    found = []
    at = 0
    while at < len(keys):
        if keys[at] not in _CUE_TRIE.root:
            at += 1
            continue
        end, labels = _CUE_TRIE.longest(keys, at)
        if labels:
            found.append((at, end, min(labels, key=_CUE_PRIORITY.index)))
            at = end
        else:
            at += 1
    return tuple(found)


def _qualify(cues: tuple[tuple[int, int, str], ...], keys: list[str], at: int, end: int) -> tuple[bool, bool]:
    negated = uncertain = False
    for cue_start, cue_end, kind in cues:
        if cue_end > at or kind == "pseudo":
            continue
        if any(k in _TERMINATE for k in keys[cue_end:at]):
            continue
        negated |= kind == "neg"
        uncertain |= kind in ("uncertain", "other")
    for i in range(end, min(end + _AFTER_WINDOW, len(keys))):
        if keys[i] in _TERMINATE:
            break
        if _AFTER_TRIE.longest(keys, i)[1]:
            negated = True
            break
    return negated, uncertain
