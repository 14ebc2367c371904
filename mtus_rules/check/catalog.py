"""The MTUS rule catalog: the rule book with its vocabulary, fact finder and item matcher.

Found, in order: the directory given, ``$MTUS_RULES``, the rules installed with the
package, the ``rules/`` directory of a source checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from engine.errors import InputError, Problem
from engine.load import LoadedRule, RuleBook, load_rulebook
from engine.runtime import DurableEvaluator
from mtus_rules.check.cache import cached
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
    _facts_read: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def terms(self, loaded: LoadedRule) -> tuple[str, ...]:
        """A rule's item terms, expanded: they name the treatment the rule is about."""
        return tuple(self.vocabulary.expand(loaded.rule.applies_to.terms))

    def facts_read(self, loaded: LoadedRule) -> frozenset[str]:
        """The facts a rule's criteria read."""
        found = self._facts_read.get(loaded.rule.id)
        if found is None:
            found = self._facts_read[loaded.rule.id] = frozenset(_facts_of(loaded))
        return found

    def is_dependent(self, loaded: LoadedRule | None) -> bool:
        """Whether the rule reads the outcome of other items (so is judged after them)."""
        return loaded is not None and loaded.rule.id in self.dependents

    @cached_property
    def dependents(self) -> frozenset[str]:
        return frozenset(loaded.rule.id for loaded in self.book.rules if self.finder.specs.depends_on(_facts_of(loaded)))

    @cached_property
    def evaluator(self) -> DurableEvaluator:
        """One durable-rules evaluator per catalog (per process), created on first use."""
        return DurableEvaluator()

    def __getstate__(self) -> dict[str, object]:
        """Everything but the evaluator: its rulesets live in a C host of this process."""
        return {name: value for name, value in vars(self).items() if name != "evaluator"}


def _facts_of(loaded: LoadedRule) -> set[str]:
    return {name for criterion in loaded.rule.criteria for name in criterion.when.facts()}


def _dependency_problems(book: RuleBook, finder: FactFinder) -> list[Problem]:
    """Dependencies are one level deep: a rule read by outcome_of may not itself read one."""
    problems = []
    dependent = {loaded.rule.id for loaded in book.rules if finder.specs.depends_on(_facts_of(loaded))}
    for loaded in book.rules:
        nested = finder.specs.depends_on(_facts_of(loaded)) & dependent
        if nested:
            problems.append(
                Problem(loaded.file, loaded.line_of("criteria"), f"reads the outcome of {', '.join(sorted(nested))}, which itself depends on another item's outcome")
            )
    return problems


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
    problems = _dependency_problems(book, finder)
    if problems:
        raise InputError(problems)
    catalog = Catalog(book, vocabulary, finder, ItemMatcher(book, vocabulary))
    catalog.dependents  # computed now, so that the cached catalog carries them
    lexicon_of(vocabulary)
    return catalog
