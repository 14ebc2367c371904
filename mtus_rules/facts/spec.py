"""How each fact of ``rules/facts`` is found: the ``extract`` forms, validated and compiled.

``mentions: [terms]`` (with ``where: clinical | administrative``, ``resolve: agree | any_affirmed``)
    true when the record affirms a term ("anxiety", "positive Spurling"), false when it
    only denies it ("denies anxiety", "no signs of infection"); a record that says both
    leaves it unknown, unless ``resolve: any_affirmed``: for a fact that is a set of
    alternative findings ("a cardiac risk factor"), one affirmed finding decides, and
    "denies chest pain; diabetic" is true. Clinical sentences by default;
    ``administrative`` reads only the sentences about the claim ("the surgery was
    authorized on ..."), which clinical facts never read.
``tried: [terms]`` with ``outcome: any | failed | helped``
    a treatment or drug was tried (and failed, or helped), from medications and treatments
    entries or from the summary ("failed physical therapy", "no relief with Zoloft").
``weeks_on: [terms]`` or ``weeks_on: requested``
    how many weeks the drug (class) had been taken by the request date.
``outcome_of: [rule ids]``
    whether another item of the same request, judged by one of these rules, is certified
    (true), not certified (false) or absent (unknown): post-operative items follow the
    surgery. Items whose rule reads such a fact are judged after the others.
``computed: name``
    a quantity computed in Python (``mtus_rules/computed``), e.g. sessions requested.

A fact read from the requested item itself (the drug, the amount asked for) is declared
``origin: item``; an ``outcome_of`` fact has ``origin: request`` without saying so.
Documenting cannot change either, so "what would get this approved" never suggests them.

Term lists may name vocabulary classes (``@opioids``) and drug generics, which bring their
brand names along.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from engine.errors import InputError, Problem
from engine.load import RuleBook
from engine.schema import FactSpec
from mtus_rules.facts import computed
from mtus_rules.reading.text import PhraseMatcher
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["Mentions", "Tried", "WeeksOn", "OutcomeOf", "Computed", "Spec", "Specs", "compile_specs"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mentions(_Spec):
    mentions: list[str]
    where: Literal["clinical", "administrative"] = "clinical"
    resolve: Literal["agree", "any_affirmed"] = "agree"


class Tried(_Spec):
    tried: list[str]
    outcome: Literal["any", "failed", "helped"] = "any"


class WeeksOn(_Spec):
    weeks_on: list[str] | Literal["requested"]


class OutcomeOf(_Spec):
    outcome_of: list[str]


class Computed(_Spec):
    computed: str


Spec = Mentions | Tried | WeeksOn | OutcomeOf | Computed
_SPEC = TypeAdapter(Spec)
_GIVES = {Mentions: "bool", Tried: "bool", WeeksOn: "number", OutcomeOf: "bool"}


@dataclass(frozen=True)
class Specs:
    """Every fact's extraction, grouped by form, with the matchers built once."""

    clinical: PhraseMatcher
    administrative: PhraseMatcher
    any_affirmed: frozenset[str]
    tried: PhraseMatcher
    tried_specs: dict[str, Tried]
    weeks_specs: dict[str, WeeksOn]
    outcome_specs: dict[str, OutcomeOf]
    computed_specs: dict[str, Computed]
    drugs: PhraseMatcher

    def declared(self, book: RuleBook) -> dict[str, FactSpec]:
        """The rule book's fact declarations, ``outcome_of`` facts marked ``origin: request``."""
        return {
            name: spec.model_copy(update={"origin": "request"}) if name in self.outcome_specs else spec
            for name, spec in book.facts.items()
        }

    def depends_on(self, facts: set[str]) -> set[str]:
        """The rules whose outcome these facts read."""
        return {rule for name in facts & self.outcome_specs.keys() for rule in self.outcome_specs[name].outcome_of}


def compile_specs(book: RuleBook, vocabulary: Vocabulary) -> Specs:
    """Validate every fact's ``extract`` and build its matchers; every problem at once."""
    problems: list[Problem] = []
    specs: dict[str, Spec] = {}
    rule_ids = {loaded.rule.id for loaded in book.rules}
    for name, fact in book.facts.items():
        document = book.fact_documents[name]
        loc = ("facts", name, "extract")
        if fact.extract is None:
            problems.append(document.problem(("facts", name), "fact has no 'extract' (how to find it)"))
            continue
        try:
            spec = _SPEC.validate_python(fact.extract)
        except ValidationError as error:
            forms = "mentions, tried, weeks_on, outcome_of, computed"
            problems.append(document.problem(loc, f"facts.{name}.extract: not one of {forms} ({error.error_count()} problems)"))
            continue
        problems += [document.problem(loc, message) for message in _check(name, spec, fact.type, rule_ids)]
        if fact.origin == "request" and not isinstance(spec, OutcomeOf):
            problems.append(document.problem(("facts", name, "origin"), "'origin: request' is for outcome_of facts only"))
        problems += vocabulary.problems(document, _terms(spec), loc)
        specs[name] = spec
    if problems:
        raise InputError(problems)
    return _build(specs, vocabulary)


def _check(name: str, spec: Spec, kind: str, rule_ids: set[str]) -> list[str]:
    if isinstance(spec, Computed):
        if spec.computed not in computed.REGISTRY:
            return [f"unknown computed fact {spec.computed!r}; known: {', '.join(sorted(computed.REGISTRY))}"]
        wanted = computed.REGISTRY[spec.computed].type
    else:
        wanted = _GIVES[type(spec)]
    if wanted != kind:
        return [f"fact {name!r} is declared {kind} but this extraction gives a {wanted}"]
    if isinstance(spec, OutcomeOf):
        return [f"no rule {rule!r} for outcome_of" for rule in spec.outcome_of if rule not in rule_ids]
    return []


def _terms(spec: Spec) -> list[str]:
    for terms in (getattr(spec, "mentions", None), getattr(spec, "tried", None), getattr(spec, "weeks_on", None)):
        if isinstance(terms, list):
            return terms
    return []


def _build(specs: dict[str, Spec], vocabulary: Vocabulary) -> Specs:
    expand = vocabulary.expand

    def mentions(where: str) -> PhraseMatcher:
        return PhraseMatcher(
            ((term, name) for name, s in specs.items() if isinstance(s, Mentions) and s.where == where for term in expand(s.mentions)),
            independent=True,
        )

    return Specs(
        clinical=mentions("clinical"),
        any_affirmed=frozenset(n for n, s in specs.items() if isinstance(s, Mentions) and s.resolve == "any_affirmed"),
        administrative=mentions("administrative"),
        tried=PhraseMatcher(
            ((term, name) for name, s in specs.items() if isinstance(s, Tried) for term in expand(s.tried)), independent=True
        ),
        tried_specs={n: s for n, s in specs.items() if isinstance(s, Tried)},
        weeks_specs={n: s for n, s in specs.items() if isinstance(s, WeeksOn)},
        outcome_specs={n: s for n, s in specs.items() if isinstance(s, OutcomeOf)},
        computed_specs={n: s for n, s in specs.items() if isinstance(s, Computed)},
        drugs=PhraseMatcher(
            (spelling, generic) for generic in vocabulary.drugs for spelling in vocabulary.spellings(generic)
        ),
    )
