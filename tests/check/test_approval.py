"""What would get an item approved, re-checked against the catalog's own rule tests and the seeds.

The property: adding any suggested set of changes to a non-certified item's facts and judging
again certifies it, on both evaluators; a set never changes a fact documentation cannot change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from engine.approve import approve
from engine.errors import InputError
from engine.evaluate import evaluate
from engine.load import LoadedRule
from engine.runtime import ReferenceEvaluator
from engine.trace import Fact
from mtus_rules.case.model import Case, read_case
from mtus_rules.check.approval import approval, result_dict
from mtus_rules.check.catalog import Catalog, load_catalog
from mtus_rules.check.judge import check_case
from tests.check.test_dependencies import FACTS, book  # noqa: F401 - the fixture
from tests.conftest import EXAMPLES, RULES

_catalog = load_catalog(RULES)
_reference = ReferenceEvaluator()
CASES = [
    (loaded, test.facts, test.date or loaded.rule.effective.from_)
    for loaded in _catalog.book.rules
    for test in loaded.rule.tests
    if test.facts is not None and test.expect.decision == "non-certify"
]


def _decision(catalog: Catalog, loaded: LoadedRule, values: Mapping[str, object], day: dt.date) -> set[str]:
    facts = {name: Fact(value, "test") for name, value in values.items()}  # type: ignore[arg-type]
    return {evaluate(catalog.book, loaded, facts, day, e).decision for e in (_reference, catalog.evaluator)}


def _check(loaded: LoadedRule, values: dict[str, object], day: dt.date) -> bool:
    """Whether approval was found; asserts what every answer must hold."""
    facts = _catalog.fact_specs
    found = approve(loaded.rule, values, facts)  # type: ignore[arg-type]
    for option in found.options:
        assert option, "a non-certified item needs some change"
        assert all(facts[change.fact].documentable for change in option)
        assert _decision(_catalog, loaded, {**values, **{c.fact: c.value for c in option}}, day) == {"certify"}, option
    if not found.options:
        assert found.blocked, f"{loaded.rule.id}: no way to approval, and no criterion said why"
        assert all(blocked.facts for blocked in found.blocked), "catalog rules have no contradictory criteria"
    return bool(found.options)


def test_every_non_certified_rule_test_gets_a_way_that_certifies_or_says_why_not() -> None:
    assert len(CASES) > 100
    approved = [_check(loaded, dict(values), day) for loaded, values, day in CASES]
    assert sum(approved) > len(approved) / 2  # most are a matter of documentation
    assert not all(approved)  # and some are not (the item itself is not recommended)


@given(st.sampled_from(CASES), st.data())
def test_with_fewer_facts_documented_the_suggestions_still_certify(case, data) -> None:
    """Dropping facts from the record leaves more to document, never a wrong suggestion."""
    loaded, values, day = case
    kept = data.draw(st.sets(st.sampled_from(sorted(values))) if values else st.just(set()))
    _check(loaded, {name: values[name] for name in kept}, day)


def test_a_fact_from_the_item_is_never_suggested() -> None:
    rule = _catalog.book.rule("chiropractic_not_recommended_region", dt.date(2016, 1, 1))
    assert rule is not None
    found = approve(rule.rule, {"requested_treatment": True}, _catalog.fact_specs)
    assert found.options == ()
    assert [(b.criterion, b.facts, b.origins) for b in found.blocked] == [("region_recommended", ("requested_treatment",), ("item",))]


@pytest.mark.parametrize("name", ["seed-000-clonazepam.yaml", "seed-001-klonopin-cbc.yaml"])
def test_the_seeds_ways_to_approval_certify_when_added_to_their_facts(name: str) -> None:
    case = read_case(EXAMPLES / name)
    result = check_case(_catalog, case, case.request_date or dt.date(2016, 12, 1))
    shown = result_dict(_catalog, result)["requests"]
    for item, data in zip(result.items, shown):
        assert item.decision == "non-certify"
        found = approval(_catalog, item, result)
        assert found is not None and found.options
        assert data["to_approve"] == [[change.to_dict() for change in option] for option in found.options]
        loaded = _catalog.book.rule(item.verdict.rule, result.day)  # type: ignore[union-attr]
        for option in found.options:
            values = {**{n: f.value for n, f in item.facts.items()}, **{c.fact: c.value for c in option}}
            assert _decision(_catalog, loaded, values, result.day) == {"certify"}  # type: ignore[arg-type]


def test_the_outcome_of_another_item_is_not_documentation() -> None:
    specs = _catalog.fact_specs
    assert (specs["surgery_certified"].origin, specs["opioid_item_certified"].origin) == ("request", "request")
    assert specs["anxiety"].documentable and not specs["requested_sessions"].documentable


def test_an_item_that_follows_a_denied_surgery_cannot_be_documented_into_approval(book: Path) -> None:  # noqa: F811
    catalog = load_catalog(book)
    case = Case.model_validate({"summary": "MRI showed no rotator cuff tear.", "requests": ["Shoulder arthroscopy", "Assistant surgeon"]})
    result = check_case(catalog, case, dt.date(2017, 1, 1))
    surgery, assistant = (approval(catalog, item, result) for item in result.items)
    assert surgery is not None and [[(c.fact, c.value) for c in o] for o in surgery.options] == [[("tear_on_mri", True)]]
    assert assistant is not None and assistant.options == ()
    assert [(b.facts, b.origins) for b in assistant.blocked] == [(("surgery_certified",), ("request",))]


def test_origin_request_is_for_outcome_of_facts_only(book: Path) -> None:  # noqa: F811
    (book / "facts.yaml").write_text(FACTS.replace("    says: A tear is seen on MRI\n", "    says: A tear is seen on MRI\n    origin: request\n"))
    with pytest.raises(InputError) as caught:
        load_catalog(book)
    assert str(caught.value) == f"{book}/facts.yaml:5: 'origin: request' is for outcome_of facts only"
