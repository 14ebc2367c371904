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
from dataclasses import dataclass
from typing import TypeVar

from engine.load import RuleBook
from engine.trace import Fact
from mtus_rules.facts import computed
from mtus_rules.case.model import Case, Request
from mtus_rules.facts.computed.imaging.about import About, read_about
from mtus_rules.facts.computed.surgery.earlier_care import relief_percent
from mtus_rules.facts.computed.surgery.findings import on_study
from mtus_rules.facts.drugweeks import weeks_on
from mtus_rules.facts.computed.named import classes_in
from mtus_rules.facts.spec import AnyOf, Combination, CountOf, ItemNames, OutcomeOf, Specs, WeeksOn, compile_specs
from mtus_rules.reading.record import analyze
from mtus_rules.reading.text import Clause, Mention, PhraseMatcher, clauses, longest_first, normalize
from mtus_rules.reading.lexicon import lexicon_of
from mtus_rules.reading.vocabulary import Vocabulary

__all__ = ["FactFinder", "CaseFacts"]

T = TypeVar("T")

FAILED = "failed"
HELPED = "helped"

# One matcher for both readings, so the longest phrase wins: "did not help" is a failure,
# not also "helped" (the words share their key).
_FAILURE = tuple(
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
        "not controlled", "uncontrolled", "did not control", "not responded", "did not resolve",
        "not responding to", "not responded to", "has not responded", "failed to respond", "unresponsive to",
        "no response to", "poor response to",
    )
)
_SUCCESS = tuple(
    (phrase, HELPED)
    for phrase in (
        "helped", "helps", "helpful", "improved with", "improvement with", "relief with",
        "relief from", "benefit from", "benefited", "beneficial", "effective", "responded well",
        "good relief", "significant relief", "better with", "decreased pain", "reduces pain",
        "reduced pain", "able to perform", "allows", "allowed", "resolved", "relieved",
    )
)
_RESULTS = PhraseMatcher((*_FAILURE, *_SUCCESS))


class FactFinder:
    """Compiled once per rule book: finds every declared fact for a case's items."""

    def __init__(self, book: RuleBook, vocabulary: Vocabulary):
        self.book = book
        self.vocabulary = vocabulary
        self.specs: Specs = compile_specs(book, vocabulary)
        self._spellings: dict[frozenset[str], PhraseMatcher] = {}
        self._plans: dict[frozenset[str] | None, _Plan] = {}

    def plan(self, needed: Collection[str] | None) -> _Plan:
        """What an item whose rule reads ``needed`` (None: every fact) computes, made once
        per set of facts: a rule's items are many, its facts few."""
        key = None if needed is None else frozenset(needed)
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = _Plan.of(self.specs, None if key is None else self.specs.with_parts(key))
        return found

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
        specs = finder.specs
        classes, both = specs.with_lexicon.hits(self.record.clauses)
        self.index = lexicon_of(finder.vocabulary).index(self.record, classes)
        self.cache: dict[object, object] = {}  # what computed facts read once for all items
        self._said: dict[int, set[str]] = {}
        self._naming: dict[tuple[str, ...], set[int]] = {}  # sentences naming some classes, by classes
        # Where the case-wide facts come from, a later source winning: the administrative
        # sentences, the clinical ones, treatments tried, the structured fields. The summary's
        # phrases are found here; a fact is read from them when an item's rule first needs it.
        # One scan finds the lexicon's classes, the clinical facts' phrases and the treatments':
        # independent phrases, so each fact's hits are those its own matcher finds, in the same order.
        self._hits = (
            specs.administrative.hits(self.record.administrative),
            {name: hits for name, hits in both.items() if name not in specs.tried_specs},
            {name: hits for name, hits in both.items() if name in specs.tried_specs},
        )
        self._fields = self._field_facts()
        self._order = [{name: i for i, name in enumerate(source)} for source in (*self._hits, self._fields)]
        self._present = frozenset(name for order in self._order for name in order)
        self._read: dict[str, tuple[tuple[int, int], Fact] | None] = {}

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
        plan = self.finder.plan(needed)
        facts = self._shared(plan.wanted)
        for name, spec in plan.weeks:
            _put(facts, name, self._weeks(spec, request))
        context = computed.Context(
            self.case, request, self.record, self.day, self.finder.vocabulary, tuple(terms), self.index, self.cache
        )
        for name, where in plan.computations:
            _put(facts, name, computed.computation(where).function(context))
        for name, query in plan.findings:
            _put(facts, name, read_about(context, query))
        for name, (lesions, studies) in plan.reported:
            _put(facts, name, on_study(context, lesions, studies))
        for name, injections in plan.relief:
            _put(facts, name, relief_percent(context, injections))
        for name, said in plan.items:
            _put(facts, name, self._item_says(said, request.item))
        for name, spec in plan.outcomes:
            _put(facts, name, _outcome(spec, outcomes or {}))
        for name, combination in plan.combinations:
            _put(facts, name, _combined(combination, facts))
        return facts

    # --- the summary ------------------------------------------------------------------------

    def _shared(self, wanted: frozenset[str] | None) -> dict[str, Fact]:
        """The case-wide facts an item wants (None: all), in the order of their sources and,
        within one, of the first phrase found (the order a merge of the sources' facts would give)."""
        names = self._present if wanted is None else self._present & wanted
        read = [(found[0], name, found[1]) for name in names if (found := self._case_fact(name)) is not None]
        return {name: fact for _, name, fact in sorted(read)}

    def _case_fact(self, name: str) -> tuple[tuple[int, int], Fact] | None:
        """A case-wide fact with its place in the order, read once per case: the last source
        that gives it wins, the first gives its place."""
        if name not in self._read:
            found = [(i, fact) for i, fact in enumerate(self._source_facts(name)) if fact is not None]
            first = found[0][0] if found else 0
            self._read[name] = ((first, self._order[first][name]), found[-1][1]) if found else None
        return self._read[name]

    def _source_facts(self, name: str) -> tuple[Fact | None, ...]:
        administrative, clinical, tried = (_mentions_of(hits, name) for hits in self._hits)
        return (
            self._mention_fact(name, administrative) if administrative else None,
            self._mention_fact(name, clinical) if clinical else None,
            self._from_tried(longest_first(tried), self.finder.specs.tried_specs[name].outcome) if tried else None,
            self._fields.get(name),
        )

    def _mention_fact(self, name: str, found: list[Mention]) -> Fact | None:
        found = longest_first(found)  # a fact's own nested terms are one reading, not two
        if name in self.finder.specs.ignored_sentences:
            ignored = self._sentences_naming(self.finder.specs.ignored_sentences[name])
            found = [m for m in found if m.sentence not in ignored]
        affirmed = [m for m in found if m.affirmed]
        negated = [m for m in found if m.negated and not m.uncertain]
        if affirmed and name in self.finder.specs.any_affirmed:
            return Fact(True, self._quote(affirmed[0]))
        if affirmed and not negated:
            return Fact(True, self._quote(affirmed[0]))
        if negated and not affirmed:
            return Fact(False, self._quote(negated[0]))
        return None

    def _sentences_naming(self, classes: tuple[str, ...]) -> set[int]:
        found = self._naming.get(classes)
        if found is None:
            found = self._naming[classes] = {
                m.sentence for name in classes for m in (*self.index.mentions(name), *self.index.administrative(name))
            }
        return found

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
        """Whether a sentence says a treatment failed or helped (read once per sentence)."""
        found = self._said.get(sentence)
        if found is None:
            keys = [k for c in self.index.sentence_of(sentence) for k in c.keys]
            found = self._said[sentence] = _RESULTS.labels_of(keys)
        return found

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
        named = classes_in(self.index.lexicon, item)
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


@dataclass(frozen=True)
class _Plan:
    """The facts of one set of wanted facts, by form, in the order ``for_request`` finds them."""

    wanted: frozenset[str] | None
    weeks: tuple[tuple[str, WeeksOn], ...]
    computations: tuple[tuple[str, computed.Home], ...]  # names, not functions: they pickle with the catalog
    findings: tuple[tuple[str, About], ...]
    reported: tuple[tuple[str, tuple[tuple[str, ...], tuple[str, ...]]], ...]
    relief: tuple[tuple[str, tuple[str, ...]], ...]
    items: tuple[tuple[str, ItemNames], ...]
    outcomes: tuple[tuple[str, OutcomeOf], ...]
    combinations: tuple[tuple[str, Combination], ...]

    @classmethod
    def of(cls, specs: Specs, wanted: frozenset[str] | set[str] | None) -> _Plan:
        def chosen(group: Mapping[str, T]) -> tuple[tuple[str, T], ...]:
            return tuple((name, spec) for name, spec in group.items() if wanted is None or name in wanted)

        return cls(
            None if wanted is None else frozenset(wanted),
            chosen(specs.weeks_specs),
            chosen(specs.computed_specs),
            chosen(specs.finding_specs),
            chosen(specs.reported_specs),
            chosen(specs.relief_specs),
            chosen(specs.item_specs),
            chosen(specs.outcome_specs),
            chosen(specs.combinations),
        )


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


def _mentions_of(hits: dict[str, list[tuple[Clause, int, int]]], name: str) -> list[Mention]:
    return [clause.mention(name, at, end) for clause, at, end in hits.get(name, ())]


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
