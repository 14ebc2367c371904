"""What would get an item approved: small condition trees, and generated ones checked by brute force."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from hypothesis import given, strategies as st

from engine.approve import Approval, approve
from engine.runtime import ReferenceEvaluator
from engine.schema import FactSpec, Rule
from tests.engine.test_runtime import conditions, facts as fact_values, rule_of

_reference = ReferenceEvaluator()


def specs(fixed: tuple[str, ...] = ()) -> dict[str, FactSpec]:
    kinds = {"a": "bool", "b": "bool", "n": "number", "m": "number", "t": "text"}
    return {
        name: FactSpec(type=kind, says=f"fact {name}", origin="item" if name in fixed else "record") for name, kind in kinds.items()
    }


def certifies(rule: Rule, values: Mapping[str, Any]) -> bool:
    return all(status.value == "met" for status in _reference.statuses(rule, values).values())


def options(approval: Approval) -> list[dict[str, Any]]:
    return [{change.fact: change.value for change in option} for option in approval.options]


def suggest(conds: list[dict[str, Any]], values: dict[str, Any], fixed: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return options(approve(rule_of(conds), values, specs(fixed)))


def test_any_of_gives_one_choice_per_part() -> None:
    assert suggest([{"any_of": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}], {}) == [{"a": True}, {"b": True}]


def test_all_of_is_a_product_of_its_parts_choices() -> None:
    cond = {"all_of": [{"fact": "a", "is": True}, {"any_of": [{"fact": "b", "is": True}, {"fact": "n", "ge": 2}]}]}
    assert suggest([cond], {}) == [{"a": True, "b": True}, {"a": True, "n": 2}]


def test_separate_criteria_multiply_like_all_of() -> None:
    conds = [{"fact": "a", "is": True}, {"any_of": [{"fact": "b", "is": True}, {"fact": "n", "ge": 2}]}]
    assert suggest(conds, {}) == [{"a": True, "b": True}, {"a": True, "n": 2}]


def test_not_asks_every_alternative_to_fail() -> None:
    cond = {"not": {"any_of": [{"fact": "a", "is": True}, {"fact": "n", "gt": 3}]}}
    assert suggest([cond], {}) == [{"a": False, "n": 3}]


def test_what_is_already_met_needs_nothing() -> None:
    cond = {"all_of": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}
    assert suggest([cond], {"a": True}) == [{"b": True}]
    assert suggest([cond], {"a": True, "b": True}) == [{}]


def test_ranges_take_the_boundary_the_condition_accepts() -> None:
    assert suggest([{"fact": "n", "le": 4}], {"n": 26}) == [{"n": 4}]
    assert suggest([{"fact": "n", "lt": 4}], {}) == [{"n": 3}]
    assert suggest([{"fact": "n", "gt": 10}], {"n": 2}) == [{"n": 11}]
    assert suggest([{"all_of": [{"fact": "n", "ge": 2}, {"fact": "n", "le": 4}]}], {}) == [{"n": 2}]
    assert suggest([{"all_of": [{"fact": "n", "gt": 2}, {"fact": "n", "lt": 3}]}], {}) == [{"n": 2.5}]
    assert suggest([{"fact": "n", "lt": 0.5}], {}) == [{"n": 0.25}]


def test_text_facts_take_a_value_the_rule_names() -> None:
    assert suggest([{"fact": "t", "in": ["x", "y"]}], {"t": "z"}) == [{"t": "x"}]
    assert suggest([{"all_of": [{"fact": "t", "ne": "x"}, {"any_of": [{"fact": "t", "eq": "x"}, {"fact": "t", "eq": "y"}]}]}], {}) == [{"t": "y"}]


def test_no_suggested_set_is_a_superset_of_another() -> None:
    cond = {"any_of": [{"fact": "a", "is": True}, {"all_of": [{"fact": "a", "is": True}, {"fact": "b", "is": True}]}]}
    assert suggest([cond], {}) == [{"a": True}]


def test_contradictory_literals_give_no_way() -> None:
    approval = approve(rule_of([{"all_of": [{"fact": "n", "le": 2}, {"fact": "n", "ge": 5}]}]), {}, specs())
    assert approval.options == ()
    assert [(b.criterion, b.facts) for b in approval.blocked] == [("c0", ())]


def test_a_fact_documentation_cannot_change_is_never_suggested() -> None:
    conds = [{"any_of": [{"fact": "a", "is": False}, {"fact": "b", "is": True}]}]
    assert suggest(conds, {"a": True}, fixed=("a",)) == [{"b": True}]
    approval = approve(rule_of([{"fact": "a", "is": False}, {"fact": "b", "is": True}]), {"a": True}, specs(("a",)))
    assert approval.options == ()
    assert [(b.criterion, b.facts, b.origins) for b in approval.blocked] == [("c0", ("a",), ("item",))]


def test_a_fixed_fact_that_already_passes_is_kept() -> None:
    assert suggest([{"fact": "a", "is": False}, {"fact": "b", "is": True}], {"a": False}, fixed=("a",)) == [{"b": True}]


def test_the_sentence_names_the_test_and_what_the_record_says() -> None:
    (option,) = approve(rule_of([{"fact": "n", "le": 4}, {"fact": "a", "is": True}]), {"n": 26}, specs()).options
    assert [change.says for change in option] == ["fact n: at most 4 (the record says 26)", "fact a: yes"]


DOMAIN = {"a": [True, False], "b": [True, False], "n": list(range(-4, 5)), "m": list(range(-4, 5))}


def _named(condition: Any) -> list[Any]:
    if condition.fact == "t":
        _, op, operand = condition.leaf
        return list(operand) if op == "in" else [operand]
    return [value for part in condition.parts for value in _named(part)]


def _assignments(rule: Rule, values: Mapping[str, Any], fixed: tuple[str, ...]):
    """Every way to give the rule's documentable facts a value from a small domain (Kleene logic
    never needs a fact left unknown to meet a condition). A text fact takes the values the rule
    names: nothing else says what values it can have."""
    names = sorted({f for c in rule.criteria for f in c.when.facts()} - set(fixed))
    domain = {**DOMAIN, "t": sorted({v for c in rule.criteria for v in _named(c.when)})}
    for combo in itertools.product(*(domain[name] for name in names)):
        yield {**values, **dict(zip(names, combo))}


@given(st.lists(conditions, min_size=1, max_size=3), fact_values, st.sampled_from([(), ("b",), ("a", "t")]))
def test_every_suggestion_certifies_is_minimal_and_one_exists_when_any_does(
    conds: list[dict[str, Any]], values: dict[str, Any], fixed: tuple[str, ...]
) -> None:
    """Adding any suggested set certifies; no set can lose a change and still certify; if some
    assignment of the documentable facts certifies, at least one set is suggested."""
    rule = rule_of(conds)
    found = options(approve(rule, values, specs(fixed)))
    for option in found:
        assert not set(option) & set(fixed)
        assert certifies(rule, {**values, **option})
        for fact in option:
            reverted = {**values, **{f: v for f, v in option.items() if f != fact}}
            if fact not in values:
                reverted.pop(fact, None)
            assert not certifies(rule, reverted), (option, fact)
    for a, b in itertools.combinations(found, 2):
        assert not (a.items() <= b.items() or b.items() <= a.items())
    if any(certifies(rule, assignment) for assignment in _assignments(rule, values, fixed)):
        assert found
