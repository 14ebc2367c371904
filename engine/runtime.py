"""Running compiled rules on durable-rules, and the plain-Python reference that must agree.

This is the only module that imports ``durable``. It works around the library's measured
pitfalls (see design.md):

* every case gets its own session id and its state is deleted afterwards, or the engine
  raises ``MemoryError`` after about 1,024 live sessions;
* facts are asserted, not posted, so every criterion's rules see them;
* a rule that matches every case keeps a fact no criterion matches from raising (see ``compile``);
* exceptions inside actions are returned in the state, not raised: we check for them;
* there is no list of fired rules, so each action records its own name;
* the host's timer threads are not started: evaluation is synchronous and deterministic.

An evaluator is not thread-safe; run one per process.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping
from typing import Any, Protocol

from durable import engine as durable_engine

from engine.compile import CASE_MARK, CASE_RULE, definition, parse_action, ruleset_name
from engine.errors import EvaluationError
from engine.logic import Status, all_of, any_of, negate
from engine.schema import Condition, Rule

__all__ = ["Evaluator", "DurableEvaluator", "ReferenceEvaluator", "condition_status", "holds"]

Value = bool | int | float | str


class Evaluator(Protocol):
    def statuses(self, rule: Rule, values: Mapping[str, Value]) -> dict[str, Status]:
        """The status of each criterion of ``rule`` given fact values (absent = unknown)."""


class _Host(durable_engine.Host):
    """A durable-rules host whose actions record which rule fired, per session."""

    def __init__(self) -> None:
        self.fired: dict[str, list[str]] = {}
        super().__init__()

    def _run(self) -> None:
        """Do not start the timer threads: we use no timers and want no background work."""

    def get_action(self, action_name: str) -> Any:
        def record(c: Any) -> None:
            self.fired.setdefault(c.m["sid"], []).append(action_name)

        def ignore(c: Any) -> None:
            """The case rule only makes sure every fact matches something."""

        return ignore if action_name == CASE_RULE else record


class DurableEvaluator:
    """Evaluates rules on durable-rules; rulesets are registered on first use."""

    def __init__(self) -> None:
        self._host = _Host()
        self._registered: set[str] = set()
        self._sids = itertools.count()

    def statuses(self, rule: Rule, values: Mapping[str, Value]) -> dict[str, Status]:
        name = self._register(rule)
        sid = str(next(self._sids))
        try:
            result = self._host.assert_fact(name, {**values, CASE_MARK: 1, "sid": sid})
        except Exception as error:
            self._host.fired.pop(sid, None)
            raise EvaluationError(f"rule {rule.id!r}: durable-rules failed: {error!r}") from error
        self._host.delete_state(name, sid)
        fired = self._host.fired.pop(sid, [])
        if isinstance(result, dict) and "exception" in result:
            raise EvaluationError(f"rule {rule.id!r}: an action failed: {result['exception']}")
        return _collect(rule, fired)

    def _register(self, rule: Rule) -> str:
        name = ruleset_name(rule)
        if name not in self._registered:
            self._host.register_rulesets({name: definition(rule)})
            self._registered.add(name)
        return name


def _collect(rule: Rule, fired: list[str]) -> dict[str, Status]:
    statuses = {criterion.id: Status.UNKNOWN for criterion in rule.criteria}
    for action in fired:
        criterion_id, status = parse_action(action)
        if statuses[criterion_id] not in (Status.UNKNOWN, status):
            raise EvaluationError(f"rule {rule.id!r}: criterion {criterion_id!r} is both met and unmet")
        statuses[criterion_id] = status
    return statuses


class ReferenceEvaluator:
    """The same semantics in plain Python: the oracle the durable path is tested against."""

    def statuses(self, rule: Rule, values: Mapping[str, Value]) -> dict[str, Status]:
        return {criterion.id: condition_status(criterion.condition, values) for criterion in rule.criteria}


def condition_status(condition: Condition, values: Mapping[str, Value]) -> Status:
    if condition.not_ is not None:
        return negate(condition_status(condition.not_, values))
    if condition.any_of:
        return any_of(condition_status(part, values) for part in condition.any_of)
    if condition.all_of:
        return all_of(condition_status(part, values) for part in condition.all_of)
    fact, op, operand = condition.leaf
    if fact not in values:
        return Status.UNKNOWN
    return Status.MET if holds(op, values[fact], operand) else Status.UNMET


_OPERATORS = {
    "is": operator.eq,
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda value, operand: value in operand,
}


def holds(op: str, value: Value, operand: Any) -> bool:
    """Whether a known fact value passes one leaf test."""
    return bool(_OPERATORS[op](value, operand))
