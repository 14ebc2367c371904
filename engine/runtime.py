"""Running compiled rules on durable-rules, and the plain-Python reference that must agree.

This is the only module that imports durable-rules. It drives the library's C engine
(``durable_rules_engine``, which ``durable.engine.Host`` wraps) directly: that wrapper builds
closures, promises and timestamps for every fired rule and writes the whole session state
back as JSON after each one, about two thirds of an evaluation, for actions that here only
need the fired rule's name. It also works around the library's measured pitfalls (see
design.md):

* each ruleset is registered once per process, on first use (names are global to the
  process);
* every case is asserted in the same session of its ruleset and retracted when its rules
  have fired: sessions left alive make the engine raise ``MemoryError`` after about 1,024,
  and retracting one fact costs less than making and deleting a session (about a quarter
  of an evaluation). A failed evaluation deletes the session, so the next case never meets
  a fact or an action left behind;
* facts are asserted, not posted, so every criterion's rules see them;
* a rule that matches every case keeps a fact no criterion matches from being "not handled"
  (see ``compile``): a session where no rule fired crashes the engine when it is deleted;
* there is no list of fired rules: the name of each rule the engine starts is recorded;
* no timers run: evaluation is synchronous and deterministic.

An evaluator is not thread-safe; run one per process.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Mapping
from typing import Any, Protocol

import durable_rules_engine as durable

from engine.compile import CASE_MARK, CASE_RULE, actions, definition_text, ruleset_name
from engine.errors import EvaluationError
from engine.logic import Status, all_of, any_of, negate
from engine.schema import Condition, Rule

__all__ = ["Evaluator", "DurableEvaluator", "ReferenceEvaluator", "condition_status", "holds"]

Value = bool | int | float | str

_NOT_HANDLED = 1  # durable_rules_engine's result code for a fact no rule matched
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(..., ensure_ascii=False) makes anew per call
_SESSION = "case"  # the one session of each ruleset (see the module docstring)
_Ruleset = tuple[int, dict[str, tuple[str, Status]], tuple[str, ...]]  # handle, action -> (criterion, status), criterion ids


class Evaluator(Protocol):
    def statuses(self, rule: Rule, values: Mapping[str, Value]) -> dict[str, Status]:
        """The status of each criterion of ``rule`` given fact values (absent = unknown)."""


class DurableEvaluator:
    """Evaluates rules on durable-rules; rulesets are registered on first use.

    ``definitions`` may give rule versions' definitions already made (``definition_text``,
    by rule id and start): a cached catalog carries them, so a process only registers them.
    """

    def __init__(self, definitions: Mapping[tuple[str, object], str] | None = None) -> None:
        self._rulesets: dict[tuple[str, object], _Ruleset] = {}
        self._definitions = definitions or {}

    def statuses(self, rule: Rule, values: Mapping[str, Value]) -> dict[str, Status]:
        handle, actions, criteria = self._ruleset(rule)
        fact = _to_json({**values, CASE_MARK: 1, "sid": _SESSION})
        done = False
        try:
            fired = _fire(handle, fact)
            durable.retract_fact(handle, fact)
            done = True
        except Exception as error:
            raise EvaluationError(f"rule {rule.id!r}: durable-rules failed: {error!r}") from error
        finally:
            if not done:  # whatever stopped it (an error, a time limit): the next case gets a clean session
                _forget(handle)
        return _collect(rule, actions, fired, criteria)

    def _ruleset(self, rule: Rule) -> _Ruleset:
        """The engine's handle of the rule's ruleset, what each of its actions means and its
        criteria's ids (made once, not per evaluation; found by the rule version's id and
        start, which ``ruleset_name`` spells)."""
        key = (rule.id, rule.effective.from_)
        found = self._rulesets.get(key)
        if found is None:
            text = self._definitions.get(key) or definition_text(rule)
            handle = durable.create_ruleset(ruleset_name(rule), text)
            found = self._rulesets[key] = (handle, actions(rule), tuple(criterion.id for criterion in rule.criteria))
        return found


def _forget(handle: int) -> None:
    """Delete the session after a failed evaluation, if the engine made one: its fact, or an
    action it did not complete, would be seen by the next case."""
    try:
        durable.delete_state(handle, _SESSION)
    except durable.error:
        pass  # the fact was refused before a session began


def _fire(handle: int, fact: str) -> list[str]:
    """Assert one fact; the names of the rules that fired, the case rule's included."""
    code, state = durable.assert_fact(handle, fact)
    if code == _NOT_HANDLED:
        raise EvaluationError("no rule matched the case marker")
    fired: list[str] = []
    started = durable.start_action_for_state(handle, state)
    message = started[1] if started else None
    while message:
        fired.append(_rule_of(message))
        message = durable.complete_and_start_action(handle, state)
    return fired


def _rule_of(message: str) -> str:
    """The rule a started action belongs to: the message is ``{"<rule name>":{...the fact}}``,
    and our rule names (criterion ids, ``:met``/``:unmet``) have no quote or escape to parse."""
    return message[2 : message.index('"', 2)]


def _collect(rule: Rule, actions: Mapping[str, tuple[str, Status]], fired: list[str], criteria: tuple[str, ...]) -> dict[str, Status]:
    statuses = dict.fromkeys(criteria, Status.UNKNOWN)
    for action in fired:
        if action == CASE_RULE:
            continue
        criterion_id, status = actions[action]
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
