"""The MTUS rule catalog: the rule book with its vocabulary, fact finder and item matcher.

Found, in order: the directory given, ``$MTUS_RULES``, the rules installed with the
package, the ``rules/`` directory of a source checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from engine.errors import InputError, Problem
from engine.load import RuleBook, load_rulebook
from engine.runtime import DurableEvaluator
from mtus_rules.facts import FactFinder
from mtus_rules.match import ItemMatcher
from mtus_rules.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Catalog", "load_catalog", "default_rules_dir"]


def default_rules_dir() -> Path:
    if os.environ.get("MTUS_RULES"):
        return Path(os.environ["MTUS_RULES"])
    installed = Path(__file__).parent / "rules"
    if installed.is_dir():
        return installed
    return Path(__file__).parent.parent / "rules"


@dataclass(frozen=True)
class Catalog:
    book: RuleBook
    vocabulary: Vocabulary
    finder: FactFinder
    matcher: ItemMatcher

    @cached_property
    def evaluator(self) -> DurableEvaluator:
        """One durable-rules evaluator per catalog (per process), created on first use."""
        return DurableEvaluator()


def load_catalog(directory: Path | None = None) -> Catalog:
    directory = Path(directory) if directory else default_rules_dir()
    if not directory.is_dir():
        raise InputError.one(directory, None, "rules directory not found")
    book = load_rulebook(directory)
    vocabulary = load_vocabulary(directory)
    problems: list[Problem] = []
    for loaded in book.rules:
        applies = loaded.rule.applies_to
        problems += vocabulary.problems(loaded.document, applies.terms, ("applies_to", "terms"))
        problems += vocabulary.problems(loaded.document, applies.unless, ("applies_to", "unless"))
    if problems:
        raise InputError(problems)
    return Catalog(book, vocabulary, FactFinder(book, vocabulary), ItemMatcher(book, vocabulary))
