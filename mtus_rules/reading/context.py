"""How a clause qualifies a phrase in it: negated, uncertain, hypothetical or about someone else.

Each match knows whether it is negated ("denies anxiety", "no signs of infection",
"straight leg raise was negative"), uncertain ("rule out radiculopathy", "possible tear"),
hypothetical ("if imaging shows a herniation", "will consider surgery") or about someone
else ("family history of"), with ConText semantics: a forward cue qualifies up to the end of
its clause or a terminator ("but", "however"), a backward cue ("is not positive", "was ruled
out") the phrase just before it. The cues are data, ``context_rules.yaml``, ported from
medspaCy's ConText rules (its source, license and commit are recorded there) with the local
additions marked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from mtus_rules.reading.tries import Trie
from mtus_rules.reading.words import keys_of

__all__ = ["Span", "cues_of", "qualify"]

_RULES_FILE = Path(__file__).with_name("context_rules.yaml")


def _load_rules(path: Path = _RULES_FILE) -> dict[str, dict]:
    """The cue lists of ``context_rules.yaml``: medspaCy's ConText rules and local ones (read
    at every start, so with libyaml's loader where PyYAML has it: ten times faster)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _phrases(words: Iterable[str]) -> list[tuple[str, ...]]:
    return list(map(keys_of, words))


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


def _trie(kinds: dict[str, list[tuple[str, ...]]]) -> Trie:
    trie = Trie()
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

Span = tuple[int, int, str]


@lru_cache(maxsize=4096)
def cues_of(keys: tuple[str, ...]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """(start, end, kind) of every forward cue and every terminator in a clause, longest
    match first (cached: each clause is read by several matchers)."""
    return _spans_of(_CUE_TRIE, keys, lambda labels: min(labels, key=_CUE_PRIORITY.index)), _spans_of(
        _TERMINATE_TRIE, keys, lambda labels: "conjunction" if "conjunction" in labels else "word"
    )


def _spans_of(trie: Trie, keys: tuple[str, ...], kind: Callable[[tuple[str, ...]], str]) -> tuple[Span, ...]:
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


def qualify(cues: tuple[tuple[Span, ...], tuple[Span, ...]], keys: list[str], at: int, end: int) -> tuple[bool, bool]:
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
