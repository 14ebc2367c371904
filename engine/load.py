"""Loading a rule book: sources, facts and rules, validated strictly and all at once.

A rule book is a directory::

    sources.yaml      guidelines that criteria cite, with editions and effective dates
    facts.yaml        every fact a criterion may test, with its type (or facts/*.yaml, by topic)
    topics/*.yaml     one rule per file (several files may hold dated versions of one rule)

Everything wrong is reported together, each problem with its file and line.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from engine.errors import InputError, Problem, RuleLoadError
from engine.schema import Condition, Edition, FactSpec, FactsFile, Rule, Source, SourcesFile
from engine.trace import Fact
from engine.yamlfile import Document, located_problems, read_yaml

__all__ = ["LoadedRule", "RuleBook", "load_rulebook", "validate"]

SOURCES = "sources.yaml"
FACTS = "facts"
TOPICS = "topics"

_TYPES = {"bool": (bool,), "number": (int, float), "text": (str,)}


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    document: Document

    @property
    def file(self) -> Path | str:
        return self.document.file

    def line_of(self, *loc: str | int) -> int | None:
        return self.document.line_of(loc)


@dataclass(frozen=True)
class RuleBook:
    directory: Path
    sources: dict[str, Source]
    facts: dict[str, FactSpec]
    fact_documents: dict[str, Document]
    rules: tuple[LoadedRule, ...]

    @cached_property
    def shapes(self) -> dict[tuple[str, dt.date, int], Any]:
        """What ``evaluate`` repeats in every evaluation of a rule, by rule version and ``era``."""
        return {}

    def era(self, day: dt.date) -> int:
        """Which of the spans between edition changes ``day`` falls in: within one, every
        citation resolves to the same edition."""
        return bisect.bisect_right(self._edition_changes, day)

    @cached_property
    def _edition_changes(self) -> tuple[dt.date, ...]:
        """The days an edition comes into force or the day after one leaves it, in order."""
        days = set()
        for source in self.sources.values():
            for edition in source.editions:
                days.add(edition.effective.from_)
                if edition.effective.to is not None and edition.effective.to < dt.date.max:
                    days.add(edition.effective.to + dt.timedelta(days=1))
        return tuple(sorted(days))

    def in_force(self, day: dt.date) -> list[LoadedRule]:
        """The version of each rule that governs a request made on ``day``."""
        return [loaded for loaded in self.rules if loaded.rule.effective.covers(day)]

    def edition(self, source: str, day: dt.date) -> Edition | None:
        return next((e for e in self.sources[source].editions if e.effective.covers(day)), None)

    def rule(self, rule_id: str, day: dt.date) -> LoadedRule | None:
        """The version of one rule in force on ``day``, if any."""
        return next((r for r in self._versions.get(rule_id, ()) if r.rule.effective.covers(day)), None)

    @cached_property
    def defaults(self) -> dict[str, FactSpec]:
        """The facts that declare a value for when a case does not state them."""
        return {name: spec for name, spec in self.facts.items() if spec.default is not None}

    @cached_property
    def default_facts(self) -> dict[str, Fact]:
        """Each default as the fact a case that does not state it has (made once: every evaluation adds them)."""
        return {name: Fact(spec.default, "default: the record does not say otherwise") for name, spec in self.defaults.items()}

    @cached_property
    def _versions(self) -> dict[str, list[LoadedRule]]:
        versions: dict[str, list[LoadedRule]] = {}
        for loaded in self.rules:
            versions.setdefault(loaded.rule.id, []).append(loaded)
        return versions


def validate(document: Document, model: type[BaseModel], what: str) -> Any:
    """Validate a document's data against a model, or raise with every problem located."""
    if document.data is None:
        raise InputError.one(document.file, None, f"empty file (expected {what})")
    if not isinstance(document.data, dict):
        raise InputError.one(document.file, document.line_of(()), f"expected {what} as a mapping of keys")
    problems = list(document.problems)
    try:
        result = model.model_validate(document.data)
    except ValidationError as error:
        problems += located_problems(document, error.errors())
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    return result


def load_rulebook(directory: Path) -> RuleBook:
    directory = Path(directory)
    problems: list[Problem] = []
    sources_doc, sources = _load(directory / SOURCES, SourcesFile, "a 'sources' mapping", problems)
    facts, fact_documents = _load_facts(directory, problems)
    rule_files = sorted((directory / TOPICS).glob("*.yaml"))
    if not rule_files:
        problems.append(Problem(directory / TOPICS, None, "no rule files (*.yaml) found"))
    rules = []
    for path in rule_files:
        document, rule = _load(path, Rule, "a rule", problems)
        if rule is not None:
            rules.append(LoadedRule(rule, document))
    if sources is not None:
        problems += _check_sources(sources_doc, sources.sources)
    if sources is not None:
        for loaded in rules:
            problems += _check_rule(loaded, sources.sources, facts)
        problems += _check_versions(rules)
    if problems:
        raise RuleLoadError(problems)
    return RuleBook(directory, sources.sources, facts, fact_documents, tuple(rules))


def data_files(directory: Path, name: str) -> list[Path]:
    """``name.yaml`` and ``name/*.yaml``: a shared file may be split by topic."""
    single = directory / f"{name}.yaml"
    return ([single] if single.is_file() else []) + sorted((directory / name).glob("*.yaml"))


def _load_facts(directory: Path, problems: list[Problem]) -> tuple[dict[str, FactSpec], dict[str, Document]]:
    facts: dict[str, FactSpec] = {}
    documents: dict[str, Document] = {}
    files = data_files(directory, FACTS)
    if not files:
        problems.append(Problem(directory / f"{FACTS}.yaml", None, "no facts file (facts.yaml or facts/*.yaml) found"))
    for path in files:
        document, loaded = _load(path, FactsFile, "a 'facts' mapping", problems)
        for name, spec in (loaded.facts if loaded else {}).items():
            if name in facts:
                problems.append(document.problem(("facts", name), f"fact {name!r} is also declared in {documents[name].file}"))
                continue
            facts[name], documents[name] = spec, document
            if spec.default is not None and not fits(spec.type, spec.default):
                problems.append(document.problem(("facts", name, "default"), f"{spec.default!r} is not a {spec.type}, the type of {name!r}"))
    return facts, documents


def _load(path: Path, model: type[BaseModel], what: str, problems: list[Problem]) -> tuple[Document, Any]:
    try:
        document = read_yaml(path)
        return document, validate(document, model, what)
    except InputError as error:
        problems += error.problems
        return Document(path, None), None


def _check_sources(document: Document, sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for key, source in sources.items():
        for i, a in enumerate(source.editions):
            for b in source.editions[i + 1 :]:
                if a.effective.overlaps(b.effective):
                    problems.append(
                        document.problem(
                            ("sources", key, "editions", i),
                            f"editions {a.edition!r} and {b.edition!r} of {key!r} have overlapping dates",
                        )
                    )
    return problems


def _check_versions(rules: list[LoadedRule]) -> list[Problem]:
    problems = []
    for i, a in enumerate(rules):
        for b in rules[i + 1 :]:
            if a.rule.id == b.rule.id and a.rule.effective.overlaps(b.rule.effective):
                problems.append(
                    Problem(
                        b.file,
                        b.line_of("effective"),
                        f"rule {b.rule.id!r} is also in force on these dates in {a.file} "
                        f"(versions of one rule need dates that do not overlap)",
                    )
                )
    return problems


def _check_rule(loaded: LoadedRule, sources: dict[str, Source], facts: dict[str, FactSpec]) -> list[Problem]:
    rule = loaded.rule
    at = loaded.document.problem
    problems = []
    ids = [c.id for c in rule.criteria]
    for i, criterion in enumerate(rule.criteria):
        if ids.index(criterion.id) != i:
            problems.append(at(("criteria", i, "id"), f"duplicate criterion id {criterion.id!r}"))
        for loc, cite in [(("cite",), criterion.cite), *((("also", j), c) for j, c in enumerate(criterion.also))]:
            if cite.source not in sources:
                problems.append(at(("criteria", i, *loc, "source"), f"unknown source {cite.source!r}"))
        problems += _check_condition(criterion.when, ("criteria", i, "when"), facts, loaded.document)
        if criterion.applies is not None:
            problems += _check_condition(criterion.applies, ("criteria", i, "applies"), facts, loaded.document)
            problems += [
                at(("criteria", i, "applies"), f"'applies' reads {name!r}, which has no 'default' (so it could be unknown)")
                for name in criterion.applies.facts()
                if name in facts and facts[name].default is None
            ]
    for t, test in enumerate(rule.tests):
        for name in test.expect.criteria:
            if name not in ids:
                problems.append(at(("tests", t, "expect", "criteria", name), f"no criterion {name!r} in this rule"))
        for name, value in (test.facts or {}).items():
            problems += _check_value(name, value, facts, loaded.document, ("tests", t, "facts", name))
    return problems


def _check_condition(
    condition: Condition, loc: tuple[str | int, ...], facts: dict[str, FactSpec], document: Document
) -> list[Problem]:
    if condition.fact is None:
        key = "not" if condition.not_ is not None else ("any_of" if condition.any_of else "all_of")
        parts = condition.parts
        sub = [(key,)] if key == "not" else [(key, i) for i in range(len(parts))]
        return [p for part, s in zip(parts, sub) for p in _check_condition(part, (*loc, *s), facts, document)]
    fact, op, operand = condition.leaf
    if fact not in facts:
        return [document.problem((*loc, "fact"), f"unknown fact {fact!r} (declare it in {FACTS}.yaml or {FACTS}/)")]
    expected = facts[fact].type
    wanted = {"is": "bool", "lt": "number", "le": "number", "gt": "number", "ge": "number"}.get(op, expected)
    if wanted != expected:
        return [document.problem((*loc, op), f"'{op}' does not apply to {fact!r}, a {expected} fact")]
    operands = operand if op == "in" else [operand]
    return [p for value in operands for p in _check_value(fact, value, facts, document, (*loc, op))]


def _check_value(
    fact: str, value: Any, facts: dict[str, FactSpec], document: Document, loc: Iterable[str | int]
) -> list[Problem]:
    if fact not in facts:
        return [document.problem(loc, f"unknown fact {fact!r} (declare it in {FACTS}.yaml or {FACTS}/)")]
    kind = facts[fact].type
    if not fits(kind, value):
        return [document.problem(loc, f"{value!r} is not a {kind}, the type of {fact!r}")]
    return []


def fits(kind: str, value: Any) -> bool:
    """Whether a value has a fact type; a bool is not a number here."""
    return isinstance(value, _TYPES[kind]) and not (kind == "number" and isinstance(value, bool))
