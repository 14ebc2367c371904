"""How each fact of ``rules/facts`` is found: the ``extract`` forms, validated and compiled.

``mentions: [terms]`` (with ``where: clinical | administrative``, ``resolve: agree | any_affirmed``)
    true when the record affirms a term ("anxiety", "positive Spurling"), false when it
    only denies it ("denies anxiety", "no signs of infection"); a record that says both
    leaves it unknown, unless ``resolve: any_affirmed``: for a fact that is a set of
    alternative findings ("a cardiac risk factor"), one affirmed finding decides, and
    "denies chest pain; diabetic" is true. Clinical sentences by default;
    ``administrative`` reads only the sentences about the claim ("the surgery was
    authorized on ..."), which clinical facts never read. ``ignore_sentences_with:
    [@classes]`` leaves out sentences that name one of them: "a psychological evaluation
    was recommended" tells of a plan, not of an evaluation done.
``tried: [terms]`` with ``outcome: any | failed | helped``
    a treatment or drug was tried (and failed, or helped), from medications and treatments
    entries or from the summary ("failed physical therapy", "no relief with Zoloft").
``weeks_on: [terms]`` or ``weeks_on: requested``
    how many weeks the drug (class) had been taken by the request date.
``outcome_of: [rule ids]``
    whether another item of the same request, judged by one of these rules, is certified
    (true), not certified (false) or absent (unknown, or ``when_absent``: the value when no
    such item is in the request, e.g. true for an adjunct judged on its own criteria then):
    post-operative items follow the surgery. Items whose rule reads such a fact are judged after those items (``check.dependencies``).
``finding: [@classes]`` (or classes by region or limb) with ``about: studied_region |
studied_spine | studied_limb`` and ``studies: [kinds]``
    a finding written about the place the requested study concerns: the vocabulary
    classes say what counts (per region or limb), ``about`` where it must be written (see
    ``computed/imaging/about``); ``suspected`` lets a suspicion count, ``current`` leaves
    out what is past, ``in_its_clause`` wants the place named in the finding's own clause,
    ``needs_place`` lists terms that do not name their joint, ``unplaced`` lets a finding
    naming no limb count, ``besides`` adds places that take a finding away,
    ``on_examination`` leaves out what the patient reports, ``with`` wants the sentence
    to name each of these classes too, ``if_unsaid: false`` makes a record silent on it false.
``reported: [@lesions]`` with ``by: [@studies]``
    a lesion named in the report of a study (the sentence naming the study and those
    continuing it), or in a findings entry that names the study; false when the report
    denies it (see ``computed/surgery/findings``).
``relief_after: [@injections]``
    the percent of pain relief an earlier injection of these classes gave, from a sentence
    reporting it done (0 when it gave none; see ``computed/surgery/earlier_care``).
``item_names: {@class: true | false, ...}`` with ``otherwise: true | false``
    what the item's own words say: the first class (in order) the item names gives the
    value ("a trial" is true, "permanent implantation" false); ``otherwise`` when it
    names none (else unknown).
``any_of: [facts]``
    one of several findings, each a fact of its own: true when one is true, false when
    none is and one is false (as a ``mentions`` term list reads its terms), else unknown.
``count_of: [facts]``
    how many of several findings are true ("three positive sacroiliac tests"): 0 when none
    is true and one is false, unknown when none is said.
``all_of: [facts]``
    findings that make one only together ("an effusion after significant trauma"): true
    when all are true, false when one is false, else unknown. Either may name the other.
``computed: name``
    a quantity computed in Python (``mtus_rules/facts/computed``), e.g. sessions requested.

A fact read from the requested item itself (the drug, the amount asked for) is declared
``origin: item``; an ``outcome_of`` fact has ``origin: request`` without saying so.
Documenting cannot change either, so "what would get this approved" never suggests them.

Term lists may name vocabulary classes (``@opioids``) and drug generics, which bring their
brand names along.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from engine.errors import InputError, Problem
from engine.load import RuleBook
from engine.schema import FactSpec
from mtus_rules.facts import computed
from mtus_rules.facts.computed.imaging.about import EVERY_PLACE, LIMB_ANCHORS, About
from mtus_rules.facts.computed.imaging.study import REGION_CLASS
from mtus_rules.facts.computed.named import drug_names
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.text import MatcherPair, PhraseMatcher
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = [
    "Mentions", "Tried", "WeeksOn", "OutcomeOf", "Finding", "Reported", "ReliefAfter", "ItemNames", "AnyOf", "AllOf", "CountOf", "Computed",
    "Spec", "Specs", "compile_specs",
]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Mentions(_Spec):
    mentions: list[str]
    where: Literal["clinical", "administrative"] = "clinical"
    resolve: Literal["agree", "any_affirmed"] = "agree"
    ignore_sentences_with: list[str] = []


class Tried(_Spec):
    tried: list[str]
    outcome: Literal["any", "failed", "helped"] = "any"


class WeeksOn(_Spec):
    weeks_on: list[str] | Literal["requested"]


class OutcomeOf(_Spec):
    outcome_of: list[str]
    when_absent: bool | None = None


class Finding(_Spec):
    finding: list[str] | dict[str, list[str]]
    about: Literal["studied_region", "studied_spine", "studied_limb"]
    studies: list[Literal["imaging", "radiograph", "eds", "evoked"]]
    suspected: bool = False
    current: bool = False
    in_its_clause: bool = False
    needs_place: list[str] = []
    unplaced: bool = False
    besides: list[str] = []
    on_examination: bool = False
    with_: list[str] = Field([], alias="with")
    if_unsaid: Literal[False] | None = None

    def classes(self) -> dict[str, list[str]]:
        return self.finding if isinstance(self.finding, dict) else {EVERY_PLACE: self.finding}

    def query(self) -> About:
        return About(
            classes={key: tuple(t[1:] for t in terms) for key, terms in self.classes().items()},
            about=self.about,
            studies=tuple(self.studies),
            suspected=self.suspected,
            current=self.current,
            in_its_clause=self.in_its_clause,
            needs_place=tuple(t[1:] for t in self.needs_place),
            unplaced=self.unplaced,
            besides=tuple(t[1:] for t in self.besides),
            on_examination=self.on_examination,
            with_=tuple(t[1:] for t in self.with_),
            if_unsaid=self.if_unsaid,
        )


class Reported(_Spec):
    reported: list[str]
    by: list[str]


class ReliefAfter(_Spec):
    relief_after: list[str]


class ItemNames(_Spec):
    item_names: dict[str, bool]
    otherwise: bool | None = None


class _Combination(_Spec):
    """A fact made of other facts, named by its one field."""

    @property
    def parts(self) -> list[str]:
        return getattr(self, _form(self))


class AnyOf(_Combination):
    any_of: list[str]


class AllOf(_Combination):
    all_of: list[str]


class CountOf(_Combination):
    count_of: list[str]


class Computed(_Spec):
    computed: str


Spec = Mentions | Tried | WeeksOn | OutcomeOf | Finding | Reported | ReliefAfter | ItemNames | AnyOf | AllOf | CountOf | Computed
_GIVES = {
    Mentions: "bool", Tried: "bool", WeeksOn: "number", OutcomeOf: "bool", Finding: "bool", Reported: "bool",
    ReliefAfter: "number", ItemNames: "bool", AnyOf: "bool", AllOf: "bool", CountOf: "number",
}
Combination = AnyOf | AllOf | CountOf
_CLASSES_ONLY = (Finding, Reported, ReliefAfter, ItemNames)
_PLACES = {"studied_region": set(REGION_CLASS), "studied_limb": set(LIMB_ANCHORS), "studied_spine": set()}


@dataclass(frozen=True)
class Specs:
    """Every fact's extraction, grouped by form, with the matchers built once."""

    clinical: PhraseMatcher
    administrative: PhraseMatcher
    any_affirmed: frozenset[str]
    ignored_sentences: dict[str, tuple[str, ...]]  # by fact: classes whose sentences it does not read
    tried: PhraseMatcher
    tried_specs: dict[str, Tried]
    # The lexicon's classes, then the clinical facts' and treatments' phrases (labels are fact
    # names): the summary's clinical clauses are read for all of them in one pass.
    with_lexicon: MatcherPair
    weeks_specs: dict[str, WeeksOn]
    outcome_specs: dict[str, OutcomeOf]
    computed_specs: dict[str, computed.Home]
    finding_specs: dict[str, About]
    reported_specs: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    relief_specs: dict[str, tuple[str, ...]]
    item_specs: dict[str, ItemNames]
    combinations: dict[str, Combination]  # in the order they are found: parts first
    drugs: PhraseMatcher

    def with_parts(self, facts: Collection[str]) -> set[str]:
        """The facts and those their combinations (``any_of``, ``all_of``, ``count_of``) are made of, at any depth."""
        found, todo = set(), list(facts)
        while todo:
            name = todo.pop()
            if name not in found:
                found.add(name)
                todo += self.combinations[name].parts if name in self.combinations else []
        return found

    def declared(self, book: RuleBook) -> dict[str, FactSpec]:
        """The rule book's fact declarations, ``outcome_of`` facts marked ``origin: request``."""
        return {
            name: spec.model_copy(update={"origin": "request"}) if name in self.outcome_specs else spec
            for name, spec in book.facts.items()
        }


def compile_specs(book: RuleBook, vocabulary: Vocabulary) -> Specs:
    """Validate every fact's ``extract`` and build its matchers; every problem at once."""
    problems: list[Problem] = []
    specs: dict[str, Spec] = {}
    rule_ids = {loaded.rule.id for loaded in book.rules}
    for name, fact in book.facts.items():
        document = book.fact_documents[name]
        loc = ("facts", name, "extract")
        problems += [
            document.problem(("facts", name, "cite", i, "source"), f"unknown source {cite.source!r} (see sources.yaml)")
            for i, cite in enumerate(fact.cite)
            if cite.source not in book.sources
        ]
        if fact.extract is None:
            problems.append(document.problem(("facts", name), "fact has no 'extract' (how to find it)"))
            continue
        try:
            spec = _spec_adapter().validate_python(fact.extract)
        except ValidationError as error:
            forms = "mentions, tried, weeks_on, outcome_of, finding, reported, relief_after, item_names, any_of, all_of, count_of, computed"
            problems.append(document.problem(loc, f"facts.{name}.extract: not one of {forms} ({error.error_count()} problems)"))
            continue
        problems += [document.problem(loc, message) for message in _check(name, spec, fact.type, rule_ids)]
        problems += [document.problem(loc, message) for message in _check_parts(name, spec, book)]
        if fact.origin == "request" and not isinstance(spec, OutcomeOf):
            problems.append(document.problem(("facts", name, "origin"), "'origin: request' is for outcome_of facts only"))
        problems += vocabulary.problems(document, _terms(spec), loc)
        specs[name] = spec
    if problems:
        raise InputError(problems)
    return _build(specs, vocabulary)


@cache
def _spec_adapter() -> TypeAdapter[Spec]:
    """Built when a catalog is built, not at import: a cached catalog never validates a spec."""
    return TypeAdapter(Spec)


def _check(name: str, spec: Spec, kind: str, rule_ids: set[str]) -> list[str]:
    if isinstance(spec, Computed):
        registry = computed.registry()
        if spec.computed not in registry:
            return [f"unknown computed fact {spec.computed!r}; known: {', '.join(sorted(registry))}"]
        wanted = registry[spec.computed].type
    else:
        wanted = _GIVES[type(spec)]
    if wanted != kind:
        return [f"fact {name!r} is declared {kind} but this extraction gives a {wanted}"]
    if isinstance(spec, OutcomeOf):
        return [f"no rule {rule!r} for outcome_of" for rule in spec.outcome_of if rule not in rule_ids]
    return []


def _check_parts(name: str, spec: Spec, book: RuleBook) -> list[str]:
    """``finding``, ``reported``, ``relief_after`` and ``item_names`` name classes (a finding keyed by the
    places of its ``about``); a combination (``any_of``, ``all_of``, ``count_of``) names declared
    true-or-false facts, other combinations among them, but never itself at any depth."""
    problems: list[str] = []
    if isinstance(spec, Mentions):
        problems += [f"{term!r}: ignore_sentences_with names vocabulary classes (@name)" for term in spec.ignore_sentences_with if not term.startswith("@")]
    if isinstance(spec, _CLASSES_ONLY):
        problems += [f"{term!r}: {_form(spec)} names vocabulary classes (@name)" for term in _terms(spec) if not term.startswith("@")]
    if isinstance(spec, Finding) and isinstance(spec.finding, dict):
        places = _PLACES[spec.about]
        problems += [f"{key!r} is no place of {spec.about} (one of {', '.join(sorted(places)) or 'none'})" for key in spec.finding if key not in places]
    if isinstance(spec, Combination):
        for part in spec.parts:
            fact = book.facts.get(part)
            if fact is None:
                problems.append(f"{_form(spec)}: no fact {part!r}")
            elif fact.type != "bool":
                problems.append(f"{_form(spec)}: {part!r} is not a true-or-false fact")
        if name in _reachable(spec.parts, book):
            problems.append(f"{_form(spec)}: {name!r} is made of itself")
    return problems


def _reachable(parts: list[str], book: RuleBook) -> set[str]:
    """Every fact a combination is made of, at any depth."""
    found, todo = set(), list(parts)
    while todo:
        name = todo.pop()
        extract = book.facts[name].extract if name in book.facts else None
        if name not in found:
            found.add(name)
            todo += [p for key in ("any_of", "all_of", "count_of") for p in (extract or {}).get(key, []) if isinstance(p, str)]
    return found


def _form(spec: Spec) -> str:
    return next(iter(type(spec).model_fields))


def _terms(spec: Spec) -> list[str]:
    if isinstance(spec, Mentions):
        return [*spec.mentions, *spec.ignore_sentences_with]
    if isinstance(spec, Finding):
        return [*(t for terms in spec.classes().values() for t in terms), *spec.needs_place, *spec.besides, *spec.with_]
    if isinstance(spec, Reported):
        return [*spec.reported, *spec.by]
    if isinstance(spec, ReliefAfter):
        return spec.relief_after
    if isinstance(spec, ItemNames):
        return list(spec.item_names)
    for terms in (getattr(spec, "mentions", None), getattr(spec, "tried", None), getattr(spec, "weeks_on", None)):
        if isinstance(terms, list):
            return terms
    return []


def _in_order(combinations: dict[str, Combination]) -> dict[str, Combination]:
    """Combinations with each after the combinations it is made of (there is no circle)."""
    ordered: dict[str, Combination] = {}

    def visit(name: str) -> None:
        if name in combinations and name not in ordered:
            for part in combinations[name].parts:
                visit(part)
            ordered[name] = combinations[name]

    for name in combinations:
        visit(name)
    return ordered


def _names(classes: list[str]) -> tuple[str, ...]:
    return tuple(term[1:] for term in classes)


def _build(specs: dict[str, Spec], vocabulary: Vocabulary) -> Specs:
    expand = vocabulary.expand

    def mentions(where: str) -> list[tuple[str, str]]:
        return [(term, name) for name, s in specs.items() if isinstance(s, Mentions) and s.where == where for term in expand(s.mentions)]

    tried = [(term, name) for name, s in specs.items() if isinstance(s, Tried) for term in expand(s.tried)]

    return Specs(
        clinical=PhraseMatcher(mentions("clinical"), independent=True),
        any_affirmed=frozenset(n for n, s in specs.items() if isinstance(s, Mentions) and s.resolve == "any_affirmed"),
        ignored_sentences={n: _names(s.ignore_sentences_with) for n, s in specs.items() if isinstance(s, Mentions) and s.ignore_sentences_with},
        administrative=PhraseMatcher(mentions("administrative"), independent=True),
        tried=PhraseMatcher(tried, independent=True),
        tried_specs={n: s for n, s in specs.items() if isinstance(s, Tried)},
        with_lexicon=MatcherPair(lexicon_of(vocabulary).matcher, PhraseMatcher([*mentions("clinical"), *tried], independent=True)),
        weeks_specs={n: s for n, s in specs.items() if isinstance(s, WeeksOn)},
        outcome_specs={n: s for n, s in specs.items() if isinstance(s, OutcomeOf)},
        computed_specs={n: computed.home(s.computed) for n, s in specs.items() if isinstance(s, Computed)},
        finding_specs={n: s.query() for n, s in specs.items() if isinstance(s, Finding)},
        combinations=_in_order({n: s for n, s in specs.items() if isinstance(s, Combination)}),
        reported_specs={n: (_names(s.reported), _names(s.by)) for n, s in specs.items() if isinstance(s, Reported)},
        relief_specs={n: _names(s.relief_after) for n, s in specs.items() if isinstance(s, ReliefAfter)},
        item_specs={n: s for n, s in specs.items() if isinstance(s, ItemNames)},
        drugs=drug_names(vocabulary),
    )
