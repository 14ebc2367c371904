"""Facts about one requested item, from the case's structured fields and its summary.

How each fact is found is declared in ``rules/facts`` (see ``factspec``). A fact that
nothing supports is absent, and the rules treat it as unknown. Every fact names its
source: a field (``medications[1].started 2017-01-20``) or a quoted span of the summary.
Where a structured field and the summary both speak, the field wins: a provider filled it
in on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence

from engine.load import RuleBook
from engine.trace import Fact
from mtus_rules.facts import computed
from mtus_rules.case.model import Case, Request
from mtus_rules.facts.computed.imaging.about import read_about
from mtus_rules.facts.computed.surgery.earlier_care import relief_percent
from mtus_rules.facts.computed.surgery.findings import on_study
from mtus_rules.facts.drugweeks import weeks_on
from mtus_rules.facts.spec import AnyOf, Combination, CountOf, ItemNames, OutcomeOf, Specs, WeeksOn, compile_specs
from mtus_rules.reading.record import analyze
from mtus_rules.reading.text import Mention, PhraseMatcher, clauses, longest_first, normalize
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["FactFinder", "CaseFacts"]

FAILED = "failed"
HELPED = "helped"

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
        "continued pain", "ongoing pain", "no lasting", "not been effective", "not been helpful", "has not helped",
        "have not helped", "failed to relieve", "did not relieve", "not relieved",
        "not responding to", "not responded to", "has not responded", "failed to respond", "unresponsive to",
        "no response to", "poor response to",
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


class FactFinder:
    """Compiled once per rule book: finds every declared fact for a case's items."""

    def __init__(self, book: RuleBook, vocabulary: Vocabulary):
        self.book = book
        self.vocabulary = vocabulary
        self.specs: Specs = compile_specs(book, vocabulary)
        self._spellings: dict[frozenset[str], PhraseMatcher] = {}

    def spellings_matcher(self, spellings: frozenset[str]) -> PhraseMatcher:
        """A matcher for one drug's (or class's) names, built once per rule book."""
        matcher = self._spellings.get(spellings)
        if matcher is None:
            matcher = self._spellings[spellings] = PhraseMatcher((s, "drug") for s in spellings)
        return matcher

    def for_case(self, case: Case, day: dt.date) -> CaseFacts:
        return CaseFacts(self, case, day)


class CaseFacts:
    """The facts of one case; the record is read once and shared by its items."""

    def __init__(self, finder: FactFinder, case: Case, day: dt.date):
        self.finder = finder
        self.case = case
        self.day = day
        self.record = analyze(case.summary)
        self.index = lexicon_of(finder.vocabulary).index(self.record)
        self.cache: dict[object, object] = {}  # what computed facts read once for all items
        specs = finder.specs
        self.shared = {
            **self._mention_facts(list(specs.administrative.mentions(self.record.administrative))),
            **self._mention_facts(list(specs.clinical.mentions(self.record.clauses))),
            **self._tried_facts(list(specs.tried.mentions(self.record.clauses))),
            **self._field_facts(),
        }

    def for_request(
        self,
        request: Request,
        terms: Sequence[str] = (),
        outcomes: Mapping[str, Sequence[bool]] | None = None,
        needed: Collection[str] | None = None,
    ) -> dict[str, Fact]:
        """The facts of one item. ``terms`` are the terms of the rule judging it (for facts
        about "this treatment"); ``outcomes`` the certify decisions of items already judged,
        by rule id (for ``outcome_of`` facts); ``needed`` the facts its rule reads (default:
        all), so an item costs only what its rule asks."""
        specs = self.finder.specs
        wanted = (lambda name: True) if needed is None else specs.with_parts(needed).__contains__
        facts = {name: fact for name, fact in self.shared.items() if wanted(name)}
        for name, spec in specs.weeks_specs.items():
            if wanted(name):
                _put(facts, name, self._weeks(spec, request))
        context = computed.Context(
            self.case, request, self.record, self.day, self.finder.vocabulary, tuple(terms), self.index, self.cache
        )
        for name, spec in specs.computed_specs.items():
            if wanted(name):
                _put(facts, name, computed.REGISTRY[spec.computed].function(context))
        for name, query in specs.finding_specs.items():
            if wanted(name):
                _put(facts, name, read_about(context, query))
        for name, (lesions, studies) in specs.reported_specs.items():
            if wanted(name):
                _put(facts, name, on_study(context, lesions, studies))
        for name, injections in specs.relief_specs.items():
            if wanted(name):
                _put(facts, name, relief_percent(context, injections))
        for name, said in specs.item_specs.items():
            if wanted(name):
                _put(facts, name, self._item_says(said, request.item))
        for name, spec in specs.outcome_specs.items():
            if wanted(name):
                _put(facts, name, _outcome(spec, outcomes or {}))
        for name, combination in specs.combinations.items():
            if wanted(name):
                _put(facts, name, _combined(combination, facts))
        return facts

    # --- the summary ------------------------------------------------------------------------

    def _mention_facts(self, mentions: list[Mention]) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for name, found in _group(mentions).items():
            found = longest_first(found)  # a fact's own nested terms are one reading, not two
            if name in self.finder.specs.ignored_sentences:
                found = [m for m in found if m.sentence not in self._sentences_naming(self.finder.specs.ignored_sentences[name])]
            affirmed = [m for m in found if m.affirmed]
            negated = [m for m in found if m.negated and not m.uncertain]
            if affirmed and name in self.finder.specs.any_affirmed:
                facts[name] = Fact(True, self._quote(affirmed[0]))
            elif affirmed and not negated:
                facts[name] = Fact(True, self._quote(affirmed[0]))
            elif negated and not affirmed:
                facts[name] = Fact(False, self._quote(negated[0]))
        return facts

    def _sentences_naming(self, classes: tuple[str, ...]) -> set[int]:
        return {m.sentence for name in classes for m in (*self.index.mentions(name), *self.index.administrative(name))}

    def _tried_facts(self, mentions: list[Mention]) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for name, found in _group(mentions).items():
            _put(facts, name, self._from_tried(longest_first(found), self.finder.specs.tried_specs[name].outcome))
        return facts

    def _from_tried(self, found: list[Mention], outcome: str) -> Fact | None:
        done = [m for m in found if not m.uncertain and not m.negated]
        if outcome == "any":
            if done:
                return Fact(True, self._quote(done[0]))
            negated = [m for m in found if m.negated and not m.uncertain]
            return Fact(False, self._quote(negated[0])) if negated else None
        by_result: dict[str, list[Mention]] = {FAILED: [], HELPED: []}
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
        keys = [k for c in self.record.clauses if c.sentence == sentence for k in c.keys]
        return _FAILURE.labels_of(keys) | _SUCCESS.labels_of(keys)

    def _quote(self, mention: Mention) -> str:
        return self.index.quote(mention)

    # --- structured fields: they win over the summary --------------------------------------

    def _field_facts(self) -> dict[str, Fact]:
        """Facts the provider entered. An entry that affirms beats one that denies, so the
        order of entries never matters (a diagnosis listed twice, once as "no anxiety")."""
        specs = self.finder.specs
        found: dict[str, list[Fact]] = {}
        for field in ("diagnoses", "findings"):
            for i, entry in enumerate(getattr(self.case, field)):
                for mention in _longest_per_label(specs.clinical.mentions(clauses(normalize(entry)))):
                    if not mention.uncertain:
                        found.setdefault(mention.label, []).append(Fact(not mention.negated, f"{field}[{i}]: {entry}"))
        for field, entries in (("medications", self.case.medications), ("treatments", self.case.treatments)):
            for i, entry in enumerate(entries):
                for name, _ in specs.tried.labels_in(entry.name):
                    value = _tried_value(specs.tried_specs[name].outcome, entry.outcome)
                    if value is not None:
                        outcome = f" ({entry.outcome})" if entry.outcome else ""
                        found.setdefault(name, []).append(Fact(value, f"{field}[{i}]: {entry.name}{outcome}"))
        return {name: next((f for f in facts if f.value), facts[0]) for name, facts in found.items()}

    # --- the item's own words -------------------------------------------------------------

    def _item_says(self, spec: ItemNames, item: str) -> Fact | None:
        """The value of the first class the item names, else ``otherwise``."""
        named = self.index.lexicon.classes_in(item)
        value = next((value for term, value in spec.item_names.items() if term[1:] in named), spec.otherwise)
        return None if value is None else Fact(value, f"item: “{item}”")

    # --- weeks on a drug -----------------------------------------------------------------

    def _weeks(self, spec: WeeksOn, request: Request) -> Fact | None:
        vocabulary = self.finder.vocabulary
        if spec.weeks_on == "requested":
            generics = {label for label, _ in self.finder.specs.drugs.labels_in(request.item)}
            spellings = [s for g in generics for s in vocabulary.spellings(g)]
        else:
            spellings = vocabulary.expand(spec.weeks_on)
        if not spellings:
            return None
        return weeks_on(self.case, self.record, self.day, self.finder.spellings_matcher(frozenset(spellings)))


def _outcome(spec: OutcomeOf, outcomes: Mapping[str, Sequence[bool]]) -> Fact | None:
    """Certified if an item judged by one of the rules certifies; not, if such items all fail;
    ``when_absent`` (or unknown) if the request has no such item."""
    decisions = [(rule, certified) for rule in spec.outcome_of for certified in outcomes.get(rule, ())]
    if not decisions:
        if spec.when_absent is None:
            return None
        return Fact(spec.when_absent, f"no {' or '.join(spec.outcome_of)} item in this request: judged on its own criteria")
    certified = [rule for rule, ok in decisions if ok]
    rule = certified[0] if certified else decisions[0][0]
    return Fact(bool(certified), f"the {rule} item of this request is {'certified' if certified else 'not certified'}")


def _combined(combination: Combination, facts: Mapping[str, Fact]) -> Fact | None:
    """``any_of``: the first part found true, else the first found false. ``all_of``: the
    first part found false, else (all found true) the last. ``count_of``: how many are true,
    0 when only false ones are found. Else unknown."""
    found = [(part, facts[part]) for part in combination.parts if part in facts]
    if isinstance(combination, CountOf):
        true = [part for part, fact in found if fact.value]
        if not found:
            return None
        return Fact(len(true), "true: " + ", ".join(true) if true else f"false: {', '.join(part for part, _ in found)}")
    deciding = isinstance(combination, AnyOf)
    decided = next((fact for _, fact in found if fact.value is deciding), None)
    if decided is not None:
        return decided
    if deciding:
        return found[0][1] if found else None
    return found[-1][1] if len(found) == len(combination.parts) else None


def _put(facts: dict[str, Fact], name: str, fact: Fact | None) -> None:
    if fact is not None:
        facts[name] = fact


def _longest_per_label(mentions: Iterable[Mention]) -> list[Mention]:
    return [m for found in _group(list(mentions)).values() for m in longest_first(found)]


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
