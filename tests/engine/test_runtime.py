"""The durable-rules evaluator against the plain-Python reference, and its resource use.

The two must agree on every condition and every set of facts; hypothesis generates both.
"""

from __future__ import annotations

import itertools
from typing import Any

import durable_rules_engine
import pytest
from hypothesis import given, settings, strategies as st

from engine.compile import definition_text
from engine.errors import EvaluationError
from engine.logic import Status
from engine.runtime import DurableEvaluator, ReferenceEvaluator
from engine.schema import Condition, Rule

_ids = itertools.count()
_durable = DurableEvaluator()
_reference = ReferenceEvaluator()

BOOLS = ["a", "b"]
NUMBERS = ["n", "m"]
TEXTS = ["t"]

bool_leaf = st.builds(lambda f, v: {"fact": f, "is": v}, st.sampled_from(BOOLS), st.booleans())
number_leaf = st.builds(
    lambda f, op, v: {"fact": f, op: v},
    st.sampled_from(NUMBERS),
    st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"]),
    st.integers(-3, 3),
)
text_leaf = st.one_of(
    st.builds(lambda v: {"fact": "t", "eq": v}, st.sampled_from(["x", "y"])),
    st.builds(lambda v: {"fact": "t", "ne": v}, st.sampled_from(["x", "y"])),
    st.builds(lambda vs: {"fact": "t", "in": vs}, st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=2)),
)
conditions = st.recursive(
    st.one_of(bool_leaf, number_leaf, text_leaf),
    lambda inner: st.one_of(
        st.builds(lambda parts: {"any_of": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda parts: {"all_of": parts}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda part: {"not": part}, inner),
    ),
    max_leaves=6,
)
facts = st.fixed_dictionaries(
    {},
    optional={
        **{name: st.booleans() for name in BOOLS},
        **{name: st.one_of(st.integers(-4, 4), st.sampled_from([-0.5, 2.5])) for name in NUMBERS},
        "t": st.sampled_from(["x", "y", "z"]),
    },
)


def rule_of(conditions: list[dict[str, Any]]) -> Rule:
    return Rule.model_validate(
        {
            "id": f"generated_{next(_ids)}",
            "title": "generated",
            "effective": {"from": "2016-01-01"},
            "applies_to": {"terms": ["x"]},
            "criteria": [
                {"id": f"c{i}", "says": "c", "when": c, "cite": {"source": "s", "excerpt": "e"}, "gap": "g"}
                for i, c in enumerate(conditions)
            ],
        }
    )


@settings(max_examples=150)
@given(st.lists(conditions, min_size=1, max_size=3), facts)
def test_durable_rules_agrees_with_the_reference(conds: list[dict[str, Any]], values: dict[str, Any]) -> None:
    rule = rule_of(conds)
    assert _durable.statuses(rule, values) == _reference.statuses(rule, values)


@settings(max_examples=60)
@given(st.lists(conditions, min_size=1, max_size=3), facts)
def test_definitions_made_beforehand_are_registered_as_the_rule_would_be(conds: list[dict[str, Any]], values: dict[str, Any]) -> None:
    """What a cached catalog carries (``definition_text`` by rule version) judges as the reference does."""
    rule = rule_of(conds)
    evaluator = DurableEvaluator({(rule.id, rule.effective.from_): definition_text(rule)})
    assert evaluator.statuses(rule, values) == _reference.statuses(rule, values)


@settings(max_examples=60)
@given(st.lists(conditions, min_size=1, max_size=3), st.lists(facts, min_size=2, max_size=8))
def test_cases_judged_one_after_another_by_one_ruleset_do_not_see_each_other(
    conds: list[dict[str, Any]], cases: list[dict[str, Any]]
) -> None:
    """Every case of a ruleset is asserted in its one session and retracted: each, the same
    case twice included, gets the statuses it would get alone."""
    rule = rule_of(conds)
    evaluator = DurableEvaluator()
    for values in cases + cases:
        assert evaluator.statuses(rule, values) == _reference.statuses(rule, values)


@given(conditions)
def test_no_facts_means_unknown_unless_the_condition_is_decided_without_them(cond: dict[str, Any]) -> None:
    """A record that states nothing leaves every leaf unknown, so every criterion is unknown."""
    rule = rule_of([cond])
    assert _durable.statuses(rule, {}) == {"c0": Status.UNKNOWN}


def test_the_reference_is_what_the_table_says() -> None:
    cond = Condition.model_validate({"fact": "n", "le": 4})
    rule = rule_of([cond.model_dump(by_alias=True, exclude_none=True)])
    assert _reference.statuses(rule, {"n": 4}) == {"c0": Status.MET}
    assert _reference.statuses(rule, {"n": 5}) == {"c0": Status.UNMET}
    assert _reference.statuses(rule, {}) == {"c0": Status.UNKNOWN}


def test_more_sessions_than_durable_rules_keeps_alive() -> None:
    """durable-rules raises MemoryError after ~1,024 live sessions; every state is deleted."""
    rule = rule_of([{"fact": "n", "le": 2}])
    evaluator = DurableEvaluator()
    results = [evaluator.statuses(rule, {"n": i % 5}) for i in range(3000)]
    assert [r["c0"] for r in results[:5]] == [Status.MET, Status.MET, Status.MET, Status.UNMET, Status.UNMET]


def test_one_ruleset_per_rule_version_is_registered_once() -> None:
    rule = rule_of([{"fact": "a", "is": True}])
    evaluator = DurableEvaluator()
    for value in (True, False, True):
        evaluator.statuses(rule, {"a": value})
    assert len(evaluator._rulesets) == 1


@settings(max_examples=100)
@given(conditions, st.sampled_from(["x", "y", "z"]), facts)
def test_a_criterion_that_does_not_apply_is_waived_and_one_that_applies_reads_its_when(
    cond: dict[str, Any], phase: str, values: dict[str, Any]
) -> None:
    """``applies`` false: met whatever ``when`` says; true: exactly the status of ``when`` alone;
    on both evaluators."""
    plain = rule_of([cond])
    guarded = Rule.model_validate(
        {**plain.model_dump(by_alias=True, exclude_none=True), "id": f"guarded_{next(_ids)}",
         "criteria": [{**plain.criteria[0].model_dump(by_alias=True, exclude_none=True), "applies": {"fact": "p", "eq": "x"}}]}
    )
    case = {**values, "p": phase}
    expected = _reference.statuses(plain, values) if phase == "x" else {"c0": Status.MET}
    assert _reference.statuses(guarded, case) == expected
    assert _durable.statuses(guarded, case) == expected


def test_a_failed_evaluation_leaves_no_session_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable-rules refuses new sessions once about 1,024 are live in a ruleset: an evaluation
    that fails after its session began must still delete it, or later cases fail too."""
    rule = rule_of([{"fact": "a", "is": True}])
    evaluator = DurableEvaluator()

    def broken(message: str) -> str:
        raise ValueError("a message the engine did not send")

    monkeypatch.setattr("engine.runtime._rule_of", broken)
    for _ in range(1_100):
        with pytest.raises(EvaluationError):
            evaluator.statuses(rule, {"a": True})
    monkeypatch.undo()
    assert evaluator.statuses(rule, {"a": True}) == {"c0": Status.MET}


def test_a_case_stopped_halfway_leaves_nothing_for_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped after its first fired rule, a case's fact and its rules not yet started must not
    reach the next case of the ruleset."""
    rule = rule_of([{"fact": "a", "is": True}, {"fact": "n", "le": 2}])
    evaluator = DurableEvaluator()
    assert evaluator.statuses(rule, {"a": True, "n": 1}) == {"c0": Status.MET, "c1": Status.MET}
    calls = itertools.count()
    real = durable_rules_engine.complete_and_start_action

    def stop_once(handle: int, state: str) -> str | None:
        if next(calls) == 0:
            raise TimeoutError("the letter's time limit")
        return real(handle, state)

    monkeypatch.setattr(durable_rules_engine, "complete_and_start_action", stop_once)
    with pytest.raises(EvaluationError):
        evaluator.statuses(rule, {"a": True, "n": 1})
    assert evaluator.statuses(rule, {"a": False}) == {"c0": Status.UNMET, "c1": Status.UNKNOWN}
    assert evaluator.statuses(rule, {"n": 5}) == {"c0": Status.UNKNOWN, "c1": Status.UNMET}
