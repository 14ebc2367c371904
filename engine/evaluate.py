"""Judging facts against one rule: statuses from an evaluator, then the trace.

The date judged is always a parameter: it picks the guideline edition each citation names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from engine.errors import EvaluationError
from engine.load import LoadedRule, RuleBook, fits
from engine.runtime import Evaluator
from engine.schema import Citation, Edition
from engine.trace import CriterionResult, Fact, FactUse, Reference, Verdict

__all__ = ["evaluate", "reference"]


def evaluate(book: RuleBook, loaded: LoadedRule, facts: Mapping[str, Fact], day: dt.date, evaluator: Evaluator) -> Verdict:
    rule = loaded.rule
    shape = _shape(book, loaded, day)
    try:
        _check_types(book, rule.id, facts)  # the defaults were checked when the book was loaded
        facts = {**book.default_facts, **facts}  # a fact the case states wins over its default
        statuses = evaluator.statuses(rule, {name: facts[name].value for name in shape.reads if name in facts})
    except EvaluationError as error:
        raise error.at(loaded.file, loaded.line_of("id")) from error
    get = facts.get
    results = []
    for criterion_id, says, citations, unknowns, gap in shape.criteria:
        uses = []
        for unknown in unknowns:  # the inner loop of every trace: a fact looked up once
            fact = get(unknown.name)
            uses.append(FactUse(unknown.name, fact.value, fact.source) if fact is not None else unknown)
        results.append(CriterionResult(criterion_id, says, statuses[criterion_id], citations, tuple(uses), gap))
    return Verdict(rule=rule.id, title=rule.title, criteria=tuple(results))


class _Shape(NamedTuple):
    """What every evaluation of a rule repeats on the days one set of editions is in force."""

    reads: tuple[str, ...]  # the facts its criteria read: all the evaluator needs to be given
    # id, says, citations, the use of each fact it reads when the case has no value (immutable, so shared), gap
    criteria: tuple[tuple[str, str, tuple[Reference, ...], tuple[FactUse, ...], str], ...]


def _shape(book: RuleBook, loaded: LoadedRule, day: dt.date) -> _Shape:
    """Made once per rule version and era (see ``RuleBook.era``), kept with the book."""
    rule = loaded.rule
    key = (rule.id, rule.effective.from_, book.era(day))  # versions of a rule never start on one day
    found = book.shapes.get(key)
    if found is None:
        criteria = tuple(
            (
                criterion.id,
                criterion.says,
                tuple(reference(book, cite, day) for cite in (criterion.cite, *criterion.also)),
                tuple(FactUse(name, None, None) for name in criterion.condition.facts()),
                criterion.gap,
            )
            for criterion in rule.criteria
        )
        reads = tuple(dict.fromkeys(unknown.name for *_, unknowns, _ in criteria for unknown in unknowns))
        found = book.shapes[key] = _Shape(reads, criteria)
    return found


def reference(book: RuleBook, cite: Citation, day: dt.date) -> Reference:
    """A citation as of a day: the guideline edition in force then."""
    return _reference(book, cite, book.edition(cite.source, day))


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


def _check_types(book: RuleBook, rule_id: str, facts: Mapping[str, Fact]) -> None:
    for name, fact in facts.items():
        spec = book.facts.get(name)
        if spec is None or not fits(spec.type, fact.value):
            expected = f"a {spec.type}" if spec else "a declared fact"
            raise EvaluationError(f"rule {rule_id!r}: fact {name!r}={fact.value!r} is not {expected}")
