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

Items are matched by what they name, not only by their words: a product made of several
drugs (``products`` in the vocabulary) is read as its ingredients, at the product's place,
so "Medrox ointment" is judged as methyl salicylate, menthol and capsaicin, and terms,
``unless`` and ``with`` all see them. (Brands need nothing here: a rule's generic terms
already expand to their brands.) Procedures and studies are matched by modality and body
region: the modality is the rule's terms, the region its ``with`` class.
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
        self._ingredients = vocabulary.products
        self._products = PhraseMatcher((name, name) for name in vocabulary.products)

    def _labels(self, matcher: PhraseMatcher, item: str) -> list[tuple[str, int]]:
        """Labels of the item's words, and of the ingredients of each product it names (at the
        product's position)."""
        found = matcher.labels_in(item)
        for product, at in self._products.labels_in(item):
            for ingredient in self._ingredients[product]:
                found += [(label, at) for label, _ in matcher.labels_in(ingredient)]
        return found

    def candidates(self, item: str) -> list[tuple[int, int, str, str]]:
        """(-words, position, rule id, term) of every rule term found in the item, best first."""
        blocked = {label for label, _ in self._labels(self._unless, item)}
        blocked |= self._needs_with - {label for label, _ in self._labels(self._with, item)}
        found = set()
        for label, position in self._labels(self._matcher, item):
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
