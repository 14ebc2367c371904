"""Which rule judges a requested item: found by the rule's terms in the item text.

An item matches at most one rule. When terms of several rules are in the item:

1. the longest matching term (in words) wins, so "post-op physical therapy" beats
   "physical therapy" and a rule claims an item by naming it precisely;
2. then the term that comes first in the item, so in "acupuncture with capsaicin patch"
   the acupuncture rule judges, not the topical one;
3. then the rule id, alphabetically, so the choice is stable (``rules lint`` reports
   a term that two rules share).

A rule whose ``unless`` term is in the item does not match it, nor does a rule with
``with`` terms none of which is in the item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.load import LoadedRule, RuleBook
from mtus_rules.reading.text import PhraseMatcher, tokens
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["Match", "ItemMatcher"]


@dataclass(frozen=True)
class Match:
    rule: LoadedRule
    term: str


class ItemMatcher:
    def __init__(self, book: RuleBook, vocabulary: Vocabulary):
        self.book = book
        self._terms: dict[str, list[tuple[str, str]]] = {}
        pairs, excluded, required = [], [], []
        self._needs_with: set[str] = set()
        for loaded in book.rules:
            rule = loaded.rule
            for term in vocabulary.expand(rule.applies_to.terms):
                pairs.append((term, f"{rule.id}\t{term}"))
            for term in vocabulary.expand(rule.applies_to.unless):
                excluded.append((term, rule.id))
            for term in vocabulary.expand(rule.applies_to.with_):
                required.append((term, rule.id))
            if rule.applies_to.with_:
                self._needs_with.add(rule.id)
        self._matcher = PhraseMatcher(pairs, independent=True)
        self._unless = PhraseMatcher(excluded, independent=True)
        self._with = PhraseMatcher(required, independent=True)

    def candidates(self, item: str) -> list[tuple[int, int, str, str]]:
        """(-words, position, rule id, term) of every rule term found in the item, best first."""
        blocked = {label for label, _ in self._unless.labels_in(item)}
        blocked |= self._needs_with - {label for label, _ in self._with.labels_in(item)}
        found = set()
        for label, position in self._matcher.labels_in(item):
            rule_id, term = label.split("\t")
            if rule_id not in blocked:
                found.add((-len(tokens(term)), position, rule_id, term))
        return sorted(found)

    def match(self, item: str, day: dt.date) -> Match | None:
        for _, _, rule_id, term in self.candidates(item):
            loaded = self.book.rule(rule_id, day)
            if loaded is not None:
                return Match(loaded, term)
        return None
