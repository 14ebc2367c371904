"""Negation and uncertainty cues (mtus_rules/reading/context_rules.yaml) on every class.

Every vocabulary class and every declared ``mentions`` fact is read with negation, so each
is tested: every term with a forward and a backward negation cue, a possible and a
hypothetical cue, cues dealt out in turn so that every cue meets every class. A finding
under any of them is never affirmed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, strategies as st

from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.reading.text import PhraseMatcher, clauses, longest_first, normalize
from mtus_rules.reading.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
CUES = yaml.safe_load((ROOT / "mtus_rules" / "reading" / "context_rules.yaml").read_text(encoding="utf-8"))
VOCABULARY = load_vocabulary(RULES)


def _cues(category: str, direction: str) -> list[str]:
    return [str(c) for source in ("medspacy", "local") for c in CUES[source].get(category, {}).get(direction, [])]


DIRECTIONS = {
    "negated forward": _cues("negated", "forward"),
    "negated backward": _cues("negated", "backward"),
    "possible forward": _cues("possible", "forward"),
    "possible backward": _cues("possible", "backward"),
    "hypothetical forward": _cues("hypothetical", "forward"),
}


def _fact_terms() -> dict[str, list[str]]:
    terms = {}
    for path in sorted((RULES / "facts").glob("*.yaml")):
        for name, fact in (yaml.safe_load(path.read_text(encoding="utf-8"))["facts"] or {}).items():
            extract = fact.get("extract") or {}
            if "mentions" in extract:
                terms[f"fact {name}"] = VOCABULARY.expand(extract["mentions"])
    return terms


# Classes named *_words are the qualifiers computed facts read around a finding ("planned",
# "declined", "normal"), not findings: "declined" under a negation is no finding either way.
CLASSES = {
    **{f"class {name}": VOCABULARY.expand([f"@{name}"]) for name in VOCABULARY.classes if not name.endswith("_words")},
    **_fact_terms(),
}


def _read(matcher: PhraseMatcher, text: str) -> list[tuple[bool, bool]]:
    """How each phrase a fact reads (the longest at each place) is qualified."""
    return [(m.negated, m.uncertain) for m in longest_first(matcher.mentions(clauses(normalize(text))))]


@pytest.mark.parametrize("direction", sorted(DIRECTIONS))
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_no_cue_leaves_a_term_of_a_class_affirmed(name: str, direction: str) -> None:
    terms, cues = CLASSES[name], DIRECTIONS[direction]
    if not terms:
        pytest.skip(f"{name} has no terms")
    matcher = PhraseMatcher(((t, "x") for t in terms), independent=True)
    affirmed = []
    for i in range(max(len(terms), len(cues))):
        term, cue = terms[i % len(terms)], cues[(i + len(name)) % len(cues)]
        text = f"{term} {cue}." if direction.endswith("backward") else f"{cue} {term}."
        readings = _read(matcher, text)
        negated = direction.startswith("negated")
        if not readings or not all(n if negated else u for n, u in readings):
            affirmed.append(text)
    assert not affirmed, f"{len(affirmed)} terms read as not {direction.split()[0]}: {affirmed[:5]}"


MATCHER = PhraseMatcher([("straight leg raise", "slr"), ("herniation", "herniation"), ("surgery", "surgery"), ("epidural injection", "esi"), ("numbness", "numbness"), ("improvement", "improvement"), ("physical therapy", "pt")])


def how(text: str) -> list[tuple[str, str]]:
    return [
        (m.label, "uncertain" if m.uncertain else "negated" if m.negated else "affirmed")
        for m in MATCHER.mentions(clauses(normalize(text)))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a qualifier right after the cue is inside its scope
        ("No positive straight leg raise.", [("slr", "negated")]),
        ("Straight leg raise is not positive.", [("slr", "negated")]),
        ("Straight leg raise was not elicited bilaterally.", [("slr", "negated")]),
        ("Without reports of numbness.", [("numbness", "negated")]),
        # termination: a conjunction, or a new assertion
        ("No numbness but a positive straight leg raise.", [("numbness", "negated"), ("slr", "affirmed")]),
        ("No numbness; however, straight leg raise is positive.", [("numbness", "negated"), ("slr", "affirmed")]),
        ("Denies numbness, although straight leg raise is positive.", [("numbness", "negated"), ("slr", "affirmed")]),
        ("Denies numbness, reports a positive straight leg raise.", [("numbness", "negated"), ("slr", "affirmed")]),
        ("Negative for numbness, straight leg raise positive.", [("numbness", "negated"), ("slr", "affirmed")]),
        # scope per clause
        ("No numbness; positive straight leg raise.", [("numbness", "negated"), ("slr", "affirmed")]),
        # a new subject begins a new assertion: someone else's finding does not reach the patient's
        ("His wife had surgery, and he has numbness.", [("surgery", "uncertain"), ("numbness", "affirmed")]),
        ("Denies numbness, and he has a positive straight leg raise.", [("numbness", "negated"), ("slr", "affirmed")]),
        ("Possible herniation, and the patient has numbness.", [("herniation", "uncertain"), ("numbness", "affirmed")]),
        # hypothetical and planned: neither a finding nor its absence
        (
            "He is considering epidural injection or surgery if imaging shows a herniation.",
            [("esi", "uncertain"), ("surgery", "uncertain"), ("herniation", "uncertain")],
        ),
        ("Will consider surgery.", [("surgery", "uncertain")]),
        ("Herniation was ruled out.", [("herniation", "negated")]),
        ("Numbness has resolved.", [("numbness", "negated")]),
        # a failed treatment is given; the improvement it failed to bring is absent
        ("No improvement with physical therapy.", [("improvement", "negated"), ("pt", "affirmed")]),
    ],
)
def test_context_semantics(text: str, expected: list[tuple[str, str]]) -> None:
    assert how(text) == expected


NEGATIONS = DIRECTIONS["negated forward"]
DAY = dt.date(2016, 12, 1)


def _facts(catalog: Catalog, summary: str) -> dict:
    case = Case.model_validate({"summary": summary, "requests": ["Office visit"]})
    return catalog.finder.for_case(case, DAY).for_request(case.requests[0])


@pytest.fixture(scope="module")
def positive_findings(catalog: Catalog) -> list[tuple[str, str]]:
    """(fact, term) pairs whose plain statement makes the fact true (a few terms of each
    ``mentions`` fact): the property starts from a positive finding. Found once, before
    hypothesis draws from them, so every example draws from the same list."""
    found = []
    for name, terms in _fact_terms().items():
        fact = name.removeprefix("fact ")
        for term in terms[:4]:
            facts = _facts(catalog, f"{term}.")
            if fact in facts and facts[fact].value is True:
                found.append((fact, term))
    assert found
    return found


@given(data=st.data())
def test_a_negation_cue_before_a_positive_finding_never_makes_it_true(
    catalog: Catalog, positive_findings: list[tuple[str, str]], data: st.DataObject
) -> None:
    """Issue 15: inserting a negation cue before any positive finding of a class never turns
    that finding's fact into true."""
    fact, term = data.draw(st.sampled_from(positive_findings))
    cue = data.draw(st.sampled_from(NEGATIONS))
    before = data.draw(st.sampled_from(["", "The patient has low back pain. ", "On exam: "]))
    stated = _facts(catalog, before) if before else {}
    assume(fact not in stated or stated[fact].value is not True)  # the context alone states it ("low back pain")
    found = _facts(catalog, f"{before}{cue} {term}.")
    assert fact not in found or found[fact].value is not True, (cue, term, found.get(fact))
