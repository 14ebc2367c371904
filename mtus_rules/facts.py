"""Facts about one requested item, from the case's structured fields and its summary.

Each fact in ``rules/facts.yaml`` says how it is found, in one of these forms:

``mentions: [terms]``
    true when the record affirms a term ("anxiety", "positive Spurling"), false when it
    only denies it ("denies anxiety", "no signs of infection"); a record that says both
    leaves it unknown. Diagnoses and findings fields are read before the summary.
``tried: [terms]`` with ``outcome: any | failed | helped``
    a treatment or drug was tried (and failed, or helped), from medications and treatments
    entries or from the summary ("failed physical therapy", "no relief with Zoloft").
``weeks_on: [terms]`` or ``weeks_on: requested``
    how many weeks the drug (class) had been taken by the request date: from the
    medication's dates, else the longest of a stated duration ("for 6 months") and the
    time since the earliest dated note that mentions it.
``computed: name``
    a quantity computed in Python (see ``computed.py``), e.g. sessions requested.

A fact that nothing supports is absent: the rules treat it as unknown. Every fact names
its source, a field or a quoted span of the summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from engine.errors import InputError, Problem
from engine.load import RuleBook
from engine.trace import Fact
from mtus_rules import computed
from mtus_rules.case import Case, Request
from mtus_rules.dates import duration_weeks
from mtus_rules.record import Record, analyze
from mtus_rules.text import Mention, PhraseMatcher, clauses, normalize
from mtus_rules.vocabulary import Vocabulary

__all__ = ["FactFinder", "CaseFacts"]

FAILED = "failed"
HELPED = "helped"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mentions(_Spec):
    mentions: list[str]


class Tried(_Spec):
    tried: list[str]
    outcome: Literal["any", "failed", "helped"] = "any"


class WeeksOn(_Spec):
    weeks_on: list[str] | Literal["requested"]


class Computed(_Spec):
    computed: str


Spec = Mentions | Tried | WeeksOn | Computed
_SPEC = TypeAdapter(Spec)

_FAILURE = PhraseMatcher(
    (phrase, FAILED)
    for phrase in (
        "failed", "failure", "fails", "ineffective", "not effective", "no relief", "without relief",
        "did not help", "does not help", "not helpful", "unsuccessful", "no improvement",
        "without improvement", "did not improve", "failed to improve", "not improved",
        "has not improved", "despite", "refractory", "did not respond", "no benefit",
        "without benefit", "minimal relief", "minimal improvement", "limited relief",
        "temporary relief", "intolerant", "intolerance", "side effect", "side effects",
        "could not tolerate", "unable to tolerate", "did not tolerate", "plateaued", "persistent",
        "continued pain", "ongoing pain", "no lasting",
    )
)
_SUCCESS = PhraseMatcher(
    (phrase, HELPED)
    for phrase in (
        "helped", "helps", "helpful", "improved with", "improvement with", "relief with",
        "relief from", "benefit from", "benefited", "beneficial", "effective", "responded well",
        "good relief", "significant relief", "better with", "decreased pain", "reduces pain",
        "reduced pain", "able to perform", "allows", "allowed",
    )
)


@dataclass(frozen=True)
class _Compiled:
    mentions: PhraseMatcher
    tried: PhraseMatcher
    tried_specs: dict[str, Tried]
    weeks_specs: dict[str, WeeksOn]
    computed_specs: dict[str, Computed]
    drugs: PhraseMatcher


class FactFinder:
    """Compiled once per rule book: finds every declared fact for a case's items."""

    def __init__(self, book: RuleBook, vocabulary: Vocabulary):
        self.book = book
        self.vocabulary = vocabulary
        self._compiled = self._compile()
        self._spellings: dict[frozenset[str], PhraseMatcher] = {}

    def spellings_matcher(self, spellings: frozenset[str]) -> PhraseMatcher:
        """A matcher for one drug's (or class's) names, built once per rule book."""
        matcher = self._spellings.get(spellings)
        if matcher is None:
            matcher = self._spellings[spellings] = PhraseMatcher((s, "drug") for s in spellings)
        return matcher

    def for_case(self, case: Case, day: dt.date) -> CaseFacts:
        return CaseFacts(self, case, day)

    def _compile(self) -> _Compiled:
        problems: list[Problem] = []
        specs: dict[str, Spec] = {}
        document = self.book.facts_document
        for name, fact in self.book.facts.items():
            loc = ("facts", name, "extract")
            if fact.extract is None:
                problems.append(document.problem(("facts", name), "fact has no 'extract' (how to find it)"))
                continue
            try:
                spec = _SPEC.validate_python(fact.extract)
            except ValidationError as error:
                problems.append(document.problem(loc, f"facts.{name}.extract: not one of mentions, tried, weeks_on, computed ({error.error_count()} problems)"))
                continue
            problems += self._check(name, spec, fact.type, loc)
            specs[name] = spec
        if problems:
            raise InputError(problems)
        expand = self.vocabulary.expand
        return _Compiled(
            mentions=PhraseMatcher(
                (term, name) for name, s in specs.items() if isinstance(s, Mentions) for term in expand(s.mentions)
            ),
            tried=PhraseMatcher(
                (term, name) for name, s in specs.items() if isinstance(s, Tried) for term in expand(s.tried)
            ),
            tried_specs={n: s for n, s in specs.items() if isinstance(s, Tried)},
            weeks_specs={n: s for n, s in specs.items() if isinstance(s, WeeksOn)},
            computed_specs={n: s for n, s in specs.items() if isinstance(s, Computed)},
            drugs=PhraseMatcher(
                (spelling, generic)
                for generic in self.vocabulary.drugs
                for spelling in self.vocabulary.spellings(generic)
            ),
        )

    def _check(self, name: str, spec: Spec, kind: str, loc: tuple[str, ...]) -> list[Problem]:
        document = self.book.facts_document
        wanted = {Mentions: "bool", Tried: "bool", WeeksOn: "number"}.get(type(spec))
        if isinstance(spec, Computed):
            if spec.computed not in computed.REGISTRY:
                return [document.problem(loc, f"unknown computed fact {spec.computed!r}; known: {', '.join(sorted(computed.REGISTRY))}")]
            wanted = computed.REGISTRY[spec.computed].type
        if wanted != kind:
            return [document.problem(loc, f"fact {name!r} is declared {kind} but this extraction gives a {wanted}")]
        terms = getattr(spec, "mentions", None) or getattr(spec, "tried", None) or getattr(spec, "weeks_on", None)
        if isinstance(terms, list):
            return self.vocabulary.problems(document, terms, loc)
        return []



class CaseFacts:
    """The facts of one case; the record is read once and shared by its items."""

    def __init__(self, finder: FactFinder, case: Case, day: dt.date):
        self.finder = finder
        self.case = case
        self.day = day
        self.record = analyze(case.summary)
        c = finder._compiled
        self._mentions = list(c.mentions.mentions(self.record.clauses))
        self._tried = list(c.tried.mentions(self.record.clauses))
        self.shared = {**self._text_facts(), **self._field_facts()}

    def for_request(self, request: Request) -> dict[str, Fact]:
        c = self.finder._compiled
        facts = dict(self.shared)
        for name, spec in c.weeks_specs.items():
            fact = self._weeks(spec, request)
            if fact is not None:
                facts[name] = fact
        for name, spec in c.computed_specs.items():
            fact = computed.REGISTRY[spec.computed].function(computed.Context(self.case, request, self.record, self.day, self.finder.vocabulary))
            if fact is not None:
                facts[name] = fact
        return facts

    # --- mentions and tried, from the summary -------------------------------------------

    def _text_facts(self) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for name, found in _group(self._mentions).items():
            fact = self._from_mentions(found)
            if fact is not None:
                facts[name] = fact
        specs = self.finder._compiled.tried_specs
        for name, found in _group(self._tried).items():
            fact = self._from_tried(found, specs[name].outcome)
            if fact is not None:
                facts[name] = fact
        return facts

    def _from_mentions(self, found: list[Mention]) -> Fact | None:
        affirmed = [m for m in found if m.affirmed]
        negated = [m for m in found if m.negated and not m.uncertain]
        if affirmed and not negated:
            return Fact(True, self._quote(affirmed[0]))
        if negated and not affirmed:
            return Fact(False, self._quote(negated[0]))
        return None

    def _from_tried(self, found: list[Mention], outcome: str) -> Fact | None:
        done = [m for m in found if not m.uncertain and not m.negated]
        if outcome == "any":
            if done:
                return Fact(True, self._quote(done[0]))
            negated = [m for m in found if m.negated and not m.uncertain]
            return Fact(False, self._quote(negated[0])) if negated else None
        by_result = {FAILED: [], HELPED: []}
        for mention in done:
            for result in self._results(mention.sentence):
                by_result[result].append(mention)
        other = HELPED if outcome == FAILED else FAILED
        if by_result[outcome]:
            return Fact(True, self._quote(by_result[outcome][0]))
        if by_result[other]:
            return Fact(False, self._quote(by_result[other][0]))
        return None

    def _results(self, sentence: int) -> set[str]:
        keys = [t.key for c in self.record.clauses if c.sentence == sentence for t in c.tokens]
        return _FAILURE.labels_of(keys) | _SUCCESS.labels_of(keys)

    def _quote(self, mention: Mention) -> str:
        return f"summary: “{self.record.quote(mention.start, mention.end, 40)}”"

    # --- structured fields: they win over the summary --------------------------------------

    def _field_facts(self) -> dict[str, Fact]:
        """Facts the provider entered. An entry that affirms beats one that denies, so the
        order of entries never matters (a diagnosis listed twice, once as "no anxiety")."""
        c = self.finder._compiled
        found: dict[str, list[Fact]] = {}
        for field in ("diagnoses", "findings"):
            for i, entry in enumerate(getattr(self.case, field)):
                for mention in c.mentions.mentions(clauses(normalize(entry))):
                    if not mention.uncertain:
                        found.setdefault(mention.label, []).append(Fact(not mention.negated, f"{field}[{i}]: {entry}"))
        for field, entries in (("medications", self.case.medications), ("treatments", self.case.treatments)):
            for i, entry in enumerate(entries):
                for name, _ in c.tried.labels_in(entry.name):
                    value = _tried_value(c.tried_specs[name].outcome, entry.outcome)
                    if value is not None:
                        outcome = f" ({entry.outcome})" if entry.outcome else ""
                        found.setdefault(name, []).append(Fact(value, f"{field}[{i}]: {entry.name}{outcome}"))
        return {name: next((f for f in facts if f.value), facts[0]) for name, facts in found.items()}

    # --- weeks on a drug -----------------------------------------------------------------

    def _weeks(self, spec: WeeksOn, request: Request) -> Fact | None:
        c = self.finder._compiled
        if spec.weeks_on == "requested":
            generics = {label for label, _ in c.drugs.labels_in(request.item)}
            spellings = [s for g in generics for s in self.finder.vocabulary.spellings(g)]
        else:
            spellings = self.finder.vocabulary.expand(spec.weeks_on)
        if not spellings:
            return None
        matcher = self.finder.spellings_matcher(frozenset(spellings))
        structured = list(self._weeks_from_fields(matcher))
        if structured:
            return max(structured, key=lambda f: f.value)
        return self._weeks_from_text(matcher)

    def _weeks_from_fields(self, matcher: PhraseMatcher) -> Iterator[Fact]:
        for i, med in enumerate(self.case.medications):
            if not matcher.labels_in(med.name):
                continue
            if med.weeks is not None:
                yield Fact(med.weeks, f"medications[{i}].weeks")
            elif med.started is not None:
                end = min(med.stopped or self.day, self.day)
                yield Fact(round(max(0, (end - med.started).days) / 7, 1), f"medications[{i}].started {med.started}")

    def _weeks_from_text(self, matcher: PhraseMatcher) -> Fact | None:
        best: tuple[float, str] | None = None
        for mention in matcher.mentions(self.record.clauses):
            if mention.negated:
                continue
            dated = self.record.sentence_dates.get(mention.sentence)
            if dated is not None and dated <= self.day:
                weeks = (self.day - dated).days / 7
                if best is None or weeks > best[0]:
                    best = (weeks, f"noted on {dated.isoformat()}: “{self.record.quote(mention.start, mention.end)}”")
            stated = duration_weeks(self._sentence_text(mention.sentence), self.day)
            if stated is not None and (best is None or stated[0] > best[0]):
                best = (stated[0], f"summary: “{self.record.quote(mention.start, mention.end)}” ({stated[1]})")
        return Fact(round(best[0], 1), best[1]) if best else None

    def _sentence_text(self, sentence: int) -> str:
        spans = [c for c in self.record.clauses if c.sentence == sentence]
        return self.record.text[spans[0].start : spans[-1].end] if spans else ""


def _group(mentions: list[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.label, []).append(mention)
    return groups


def _tried_value(wanted: str, outcome: str | None) -> bool | None:
    if wanted == "any":
        return True
    if outcome is None:
        return None
    failed = outcome in ("failed", "intolerant")
    return failed if wanted == FAILED else not failed
