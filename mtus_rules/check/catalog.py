"""The MTUS rule catalog: the rule book with its vocabulary, fact finder and item matcher.

Found, in order: the directory given, ``$MTUS_RULES``, the rules installed with the
package, the ``rules/`` directory of a source checkout.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from engine.compile import definition_text
from engine.errors import InputError, Problem
from engine.load import LoadedRule, RuleBook, load_rulebook
from engine.runtime import DurableEvaluator
from engine.schema import FactSpec
from mtus_rules.check.dependencies import Dependencies, dependencies
from mtus_rules.check.cache import cached
from mtus_rules.facts.computed import make_tables
from mtus_rules.facts.finder import FactFinder
from mtus_rules.check.match import ItemMatcher
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Catalog", "load_catalog", "build_catalog", "default_rules_dir"]


def default_rules_dir() -> Path:
    if os.environ.get("MTUS_RULES"):
        return Path(os.environ["MTUS_RULES"])
    package = Path(__file__).resolve().parent.parent
    installed = package / "rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


@dataclass(frozen=True)
class Catalog:
    book: RuleBook
    vocabulary: Vocabulary
    finder: FactFinder
    matcher: ItemMatcher
    dependencies: Dependencies = field(compare=False, repr=False)

    def terms(self, loaded: LoadedRule) -> tuple[str, ...]:
        """A rule's item terms, expanded: they name the treatment the rule is about (expanded
        once per rule version, not for every item it judges)."""
        key = (loaded.rule.id, loaded.rule.effective.from_)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = tuple(self.vocabulary.expand(loaded.rule.applies_to.terms))
        return found

    @cached_property
    def _terms(self) -> dict[tuple[str, object], tuple[str, ...]]:
        return {}

    def facts_read(self, loaded: LoadedRule) -> frozenset[str]:
        """The facts a rule version's criteria read (versions of one rule may read different ones)."""
        return loaded.rule.facts()

    @cached_property
    def fact_specs(self) -> dict[str, FactSpec]:
        """Every fact's declaration, with the origin its extraction implies (see ``Specs.declared``)."""
        return self.finder.specs.declared(self.book)

    @cached_property
    def definitions(self) -> dict[tuple[str, dt.date], str]:
        """Each rule version's durable-rules definition (``definition_text``), by rule id and
        start: made with the catalog, so that a cached one spares every process making them."""
        return {(loaded.rule.id, loaded.rule.effective.from_): definition_text(loaded.rule) for loaded in self.book.rules}

    @cached_property
    def evaluator(self) -> DurableEvaluator:
        """One durable-rules evaluator per catalog (per process), created on first use."""
        return DurableEvaluator(self.definitions)

    def __getstate__(self) -> dict[str, object]:
        """Everything but the evaluator: its rulesets live in a C host of this process."""
        return {name: value for name, value in vars(self).items() if name != "evaluator"}


def load_catalog(directory: Path | None = None) -> Catalog:
    """The catalog of a rules directory, from the on-disk cache when its files are unchanged."""
    directory = Path(directory) if directory else default_rules_dir()
    if not directory.is_dir():
        raise InputError.one(directory, None, "rules directory not found")
    return cached(directory, Catalog, build_catalog)


def build_catalog(directory: Path) -> Catalog:
    """Load, check and compile a rules directory."""
    book = load_rulebook(directory)
    vocabulary = load_vocabulary(directory)
    problems: list[Problem] = []
    for loaded in book.rules:
        applies = loaded.rule.applies_to
        problems += vocabulary.problems(loaded.document, applies.terms, ("applies_to", "terms"))
        problems += vocabulary.problems(loaded.document, applies.unless, ("applies_to", "unless"))
        problems += vocabulary.problems(loaded.document, applies.with_, ("applies_to", "with"))
    if problems:
        raise InputError(problems)
    finder = FactFinder(book, vocabulary)
    read = {name: set(spec.outcome_of) for name, spec in finder.specs.outcome_specs.items()}
    catalog = Catalog(book, vocabulary, finder, ItemMatcher(book, vocabulary), dependencies(book, read))
    lexicon_of(vocabulary)  # built now, so that the cached catalog carries it
    make_tables(vocabulary)  # the tables made once per vocabulary: the same
    catalog.definitions  # noqa: B018 (the rulesets' definitions: the same)
    return catalog
