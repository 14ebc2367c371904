"""The compiled durable-rules definitions, checked as data without running the engine.

Each criterion becomes a rule for exactly 'met' and one for exactly 'unmet'; when neither
fires, the criterion is unknown. A missing fact must never satisfy either condition.
"""

from __future__ import annotations

import json
from typing import Any

from engine.compile import CASE_MARK, CASE_RULE, actions, definition, definition_text, met, parse_action, unmet
from engine.schema import Condition, Rule


def cond(data: dict[str, Any]) -> Condition:
    return Condition.model_validate(data)


def test_boolean_leaf() -> None:
    c = cond({"fact": "anxiety", "is": True})
    assert met(c) == {"anxiety": True}
    assert unmet(c) == {"anxiety": False}


def test_inequality_leaf_negates_to_the_complement() -> None:
    c = cond({"fact": "weeks", "le": 4})
    assert met(c) == {"$lte": {"weeks": 4}}
    assert unmet(c) == {"$gt": {"weeks": 4}}


def test_membership_needs_the_fact_to_exist_when_negated() -> None:
    c = cond({"fact": "tier", "in": ["a", "b"]})
    assert met(c) == {"$or": [{"tier": "a"}, {"tier": "b"}]}
    assert unmet(c) == {"$and": [{"$ex": {"tier": 1}}, {"$neq": {"tier": "a"}}, {"$neq": {"tier": "b"}}]}


def test_not_equal_is_met_only_for_a_present_other_value() -> None:
    c = cond({"fact": "tier", "ne": "a"})
    assert met(c) == {"$and": [{"$ex": {"tier": 1}}, {"$neq": {"tier": "a"}}]}
    assert unmet(c) == {"tier": "a"}


def test_combinations_follow_kleene() -> None:
    c = cond({"any_of": [{"fact": "a", "is": True}, {"not": {"fact": "b", "is": True}}]})
    assert met(c) == {"$or": [{"a": True}, {"b": False}]}
    assert unmet(c) == {"$and": [{"a": False}, {"b": True}]}
    c = cond({"all_of": [{"fact": "a", "is": True}, {"fact": "n", "ge": 2}]})
    assert met(c) == {"$and": [{"a": True}, {"$gte": {"n": 2}}]}
    assert unmet(c) == {"$or": [{"a": False}, {"$lt": {"n": 2}}]}


def _rule(conditions: list[dict]) -> Rule:
    """A rule with one criterion per condition, named c0, c1, ..."""
    criteria = [{"id": f"c{i}", "says": "c", "when": when, "cite": {"source": "s", "excerpt": "e"}, "gap": "g"} for i, when in enumerate(conditions)]
    return Rule.model_validate(
        {"id": "r", "title": "R", "effective": {"from": "2016-01-01"}, "applies_to": {"terms": ["x"]}, "criteria": criteria}
    )


def test_definition_has_two_rules_per_criterion_and_the_case_rule() -> None:
    rule = _rule([{"fact": "a", "is": True}])
    assert definition(rule) == {
        CASE_RULE: {"all": [{"m": {CASE_MARK: 1}}], "run": CASE_RULE},
        "c0:met": {"all": [{"m": {"a": True}}], "run": "c0:met"},
        "c0:unmet": {"all": [{"m": {"a": False}}], "run": "c0:unmet"},
    }


def test_the_text_is_the_definition_with_its_actions_unbound_and_actions_name_every_other_rule() -> None:
    rule = _rule([{"fact": "a", "is": True}, {"any_of": [{"fact": "n", "le": 2}, {"fact": "t", "in": ["é", "b"]}]}])
    rules = definition(rule)
    assert json.loads(definition_text(rule)) == {name: {"all": body["all"]} for name, body in rules.items()}
    assert "é" in definition_text(rule)  # not escaped, as the engine has always been given it
    assert actions(rule) == {name: parse_action(name) for name in rules if name != CASE_RULE}
