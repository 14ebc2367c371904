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

Items are matched by what they name, not only by their words; terms, ``unless`` and
``with`` all see these concepts:

- a product made of several drugs (``products`` in the vocabulary) is read as its
  ingredients, at the product's place: "Medrox ointment" is methyl salicylate, menthol and
  capsaicin. (Brands need nothing here: a rule's generic terms already expand to them.)
- an item naming a drug of ``@non_oral_agents`` (lidocaine, menthol, capsaicin ...) together
  with another drug is a compound: it is read as naming "compound" at that agent's place, so
  "Flurbiprofen 20%/Lidocaine 5%" is a compounded topical, not an oral NSAID.

Procedures and studies are matched by modality and body region: the modality is the rule's
terms, the region its ``with`` class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.load import LoadedRule, RuleBook
from mtus_rules.facts.computed.named import drug_names
from mtus_rules.reading.text import PhraseMatcher, tokens
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["Match", "ItemMatcher", "NON_ORAL"]

NON_ORAL = "non_oral_agents"
"""The vocabulary class of drugs that make an item naming another drug a compound (optional)."""


@dataclass(frozen=True)
class Match:
    rule: LoadedRule
    term: str


class ItemMatcher:
    def __init__(self, book: RuleBook, vocabulary: Vocabulary):
        self.book = book
        pairs, excluded, required = [], [], []
        self._labels: dict[str, tuple[int, str, str]] = {}  # label -> (-words, rule id, term): made once, read per item
        self._needs_with: set[str] = set()
        for loaded in book.rules:
            rule = loaded.rule
            for term in vocabulary.expand(rule.applies_to.terms):
                label = f"{rule.id}\t{term}"
                pairs.append((term, label))
                self._labels[label] = (-len(tokens(term)), rule.id, term)
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
        self._drugs = drug_names(vocabulary)  # the facts read the same matcher
        self._non_oral = frozenset(vocabulary.expand([f"@{NON_ORAL}"]) if NON_ORAL in vocabulary.classes else ())

    def concepts(self, item: str) -> list[tuple[str, int]]:
        """What the item names besides its words, each with the token position it is named at:
        the ingredients of a product, and "compound" where a non-oral agent is named with
        another drug."""
        found = [(ingredient, at) for product, at in self._products.labels_in(item) for ingredient in self._ingredients[product]]
        drugs = self._drugs.labels_in(item)  # (generic, position); a product gives each ingredient
        agents = sorted(at for generic, at in drugs if generic in self._non_oral)
        if agents and len({generic for generic, _ in drugs}) > 1:
            found.append(("compound", agents[0]))
        return found

    def _found(self, matcher: PhraseMatcher, item: str, concepts: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Labels of the item's words, and of each concept at the position it is named at."""
        found = matcher.labels_in(item)
        for text, at in concepts:
            found += [(label, at) for label, _ in matcher.labels_in(text)]
        return found

    def candidates(self, item: str) -> list[tuple[int, int, str, str]]:
        """(-words, position, rule id, term) of every rule term found in the item, best first."""
        concepts = self.concepts(item)
        blocked = {label for label, _ in self._found(self._unless, item, concepts)}
        blocked |= self._needs_with - {label for label, _ in self._found(self._with, item, concepts)}
        found = set()
        for label, position in self._found(self._matcher, item, concepts):
            words, rule_id, term = self._labels[label]
            if rule_id not in blocked:
                found.add((words, position, rule_id, term))
        return sorted(found)

    def match(self, item: str, day: dt.date) -> Match | None:
        for _, _, rule_id, term in self.candidates(item):
            loaded = self.book.rule(rule_id, day)
            if loaded is not None:
                return Match(loaded, term)
        return None
