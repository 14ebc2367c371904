"""Judging facts against one rule: statuses from an evaluator, then the trace.

The date judged is always a parameter: it picks the guideline edition each citation names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from engine.errors import EvaluationError
from engine.load import LoadedRule, RuleBook, fits
from engine.runtime import Evaluator
from engine.schema import Citation, Edition
from engine.trace import CriterionResult, Fact, FactUse, Reference, Verdict

__all__ = ["evaluate", "reference"]


def evaluate(book: RuleBook, loaded: LoadedRule, facts: Mapping[str, Fact], day: dt.date, evaluator: Evaluator) -> Verdict:
    rule = loaded.rule
    facts = {**_defaults(book, facts), **facts}
    try:
        _check_types(book, rule.id, facts)
        statuses = evaluator.statuses(rule, {name: fact.value for name, fact in facts.items()})
    except EvaluationError as error:
        raise error.at(loaded.file, loaded.line_of("id")) from error
    results = tuple(
        CriterionResult(
            id=criterion.id,
            says=criterion.says,
            status=statuses[criterion.id],
            citations=tuple(reference(book, cite, day) for cite in (criterion.cite, *criterion.also)),
            evidence=tuple(_use(name, facts) for name in criterion.condition.facts()),
            gap=criterion.gap,
        )
        for criterion in rule.criteria
    )
    return Verdict(rule=rule.id, title=rule.title, criteria=results)


def reference(book: RuleBook, cite: Citation, day: dt.date) -> Reference:
    """A citation as of a day: made once per citation and edition (every item judged by a rule
    cites the same), kept with the book."""
    edition = book.edition(cite.source, day)
    key = (id(cite), id(edition))
    found = book.references.get(key)
    if found is None or found[0] is not cite or found[1] is not edition:  # kept beside it: an id is never mistaken
        found = book.references[key] = (cite, edition, _reference(book, cite, edition))
    return found[2]


def _reference(book: RuleBook, cite: Citation, edition: Edition | None) -> Reference:
    source = book.sources[cite.source]
    return Reference(
        guideline=source.title,
        short=source.short,
        edition=edition.edition if edition else None,
        tier=source.tier,
        section=cite.section,
        pages=cite.pages,
        excerpt=cite.excerpt,
        pages_verified=cite.pages_checked,
    )


def _defaults(book: RuleBook, facts: Mapping[str, Fact]) -> dict[str, Fact]:
    """The declared default of each fact the case does not state."""
    return {
        name: Fact(spec.default, "default: the record does not say otherwise")
        for name, spec in book.defaults.items()
        if name not in facts
    }


def _use(name: str, facts: Mapping[str, Fact]) -> FactUse:
    fact = facts.get(name)
    return FactUse(name, fact.value if fact else None, fact.source if fact else None)


def _check_types(book: RuleBook, rule_id: str, facts: Mapping[str, Fact]) -> None:
    for name, fact in facts.items():
        spec = book.facts.get(name)
        if spec is None or not fits(spec.type, fact.value):
            expected = f"a {spec.type}" if spec else "a declared fact"
            raise EvaluationError(f"rule {rule_id!r}: fact {name!r}={fact.value!r} is not {expected}")
