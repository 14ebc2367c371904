"""What would get an item approved: the smallest sets of fact changes that meet every criterion.

A condition is turned into alternative *ways* to make it met, each a set of literals
(a fact, an operator, its operand, and whether the test must hold): ``any_of`` gives a
choice, ``all_of`` a product, ``not`` asks its part to fail. A way is kept only if one
value per fact satisfies all its literals (for ranges, a boundary value the condition
accepts, the one nearest the current value). A way that needs a fact documentation cannot
change (``FactSpec.origin`` other than ``record``) is dropped, and a criterion left with no
way is reported as not meetable by documenting. Supersets are dropped at every step, so
each suggested set is minimal; at most ``LIMIT`` ways are kept per condition, cheapest first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.runtime import holds
from engine.schema import Condition, FactSpec, Rule

__all__ = ["Change", "Blocked", "Approval", "approve", "LIMIT"]

Value = bool | int | float | str
Literal = tuple[str, str, Any, bool]  # fact, operator, operand (a tuple for 'in'), must hold
LIMIT = 32

_NEGATION = {"le": "gt", "lt": "ge", "ge": "lt", "gt": "le", "eq": "ne", "ne": "eq"}
_WORDS = {"le": "at most {}", "lt": "less than {}", "ge": "at least {}", "gt": "more than {}", "eq": "{}", "ne": "not {}"}


@dataclass(frozen=True)
class Change:
    """One fact to document: its name, the value that meets the criteria, and a sentence."""

    fact: str
    value: Value
    says: str

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "value": self.value, "says": self.says}


@dataclass(frozen=True)
class Blocked:
    """A criterion documentation cannot meet: it needs facts of another origin changed."""

    criterion: str
    says: str
    facts: tuple[str, ...]
    origins: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "says": self.says, "facts": list(self.facts), "origins": list(self.origins)}


@dataclass(frozen=True)
class Approval:
    """Alternative sets of changes (any one set suffices), and criteria no documentation meets."""

    options: tuple[tuple[Change, ...], ...]
    blocked: tuple[Blocked, ...]


@dataclass(frozen=True)
class _Way:
    literals: frozenset[Literal]
    values: Mapping[str, Value]  # the value chosen for every fact the literals name
    cost: int  # how many of those values differ from the record's


def approve(rule: Rule, values: Mapping[str, Value], facts: Mapping[str, FactSpec]) -> Approval:
    """The minimal sets of changes to ``values`` that make every criterion of ``rule`` met."""
    domains = _domains(rule)
    solver = _Solver(values, facts, domains)
    ways = [_Way(frozenset(), {}, 0)]
    blocked = []
    for criterion in rule.criteria:
        found = solver.ways(criterion.when, True)
        if not found:
            blocked.append(_blocked(criterion.id, criterion.says, criterion.when, facts))
        ways = solver.product(ways, found)
    if blocked:
        return Approval((), tuple(blocked))
    return Approval(_options(ways, values, facts, list(domains)), ())


def _options(
    ways: Iterable[_Way], values: Mapping[str, Value], facts: Mapping[str, FactSpec], order: Sequence[str]
) -> tuple[tuple[Change, ...], ...]:
    """Distinct sets of changes, none a superset of another: fewest first, then those that fill a
    gap before those that contradict the record, each in the order the rule reads its facts."""
    sets = {
        frozenset((fact, value) for fact, value in way.values.items() if not _same(values.get(fact), value)): way
        for way in ways
    }
    minimal = [s for s in sets if not any(other < s for other in sets)]
    rank = {fact: i for i, fact in enumerate(order)}
    ordered = {s: sorted(s, key=lambda change: rank[change[0]]) for s in minimal}
    minimal.sort(key=lambda s: (len(s), sum(fact in values for fact, _ in s), [rank[f] for f, _ in ordered[s]]))
    return tuple(tuple(_change(fact, value, sets[s].literals, values, facts[fact]) for fact, value in ordered[s]) for s in minimal)


def _change(fact: str, value: Value, literals: frozenset[Literal], values: Mapping[str, Value], spec: FactSpec) -> Change:
    if spec.type == "bool":
        wanted = "yes" if value else "no"
    else:
        tests = sorted({_words(op, operand, want) for name, op, operand, want in literals if name == fact})
        wanted = " and ".join(tests)
    now = f" (the record says {_shown(values[fact])})" if fact in values else ""
    return Change(fact, value, f"{spec.says}: {wanted}{now}")


def _words(op: str, operand: Any, want: bool) -> str:
    if op == "in":
        listed = ", ".join(map(_shown, operand))
        return f"one of {listed}" if want else f"none of {listed}"
    return _WORDS[op if want else _NEGATION[op]].format(_shown(operand))


def _shown(value: Value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(_number(value))
    return str(value)


def _same(a: Value | None, b: Value) -> bool:
    """Equal values of one kind (True is not 1 here)."""
    return a is not None and a == b and isinstance(a, bool) == isinstance(b, bool)


def _blocked(criterion: str, says: str, when: Condition, facts: Mapping[str, FactSpec]) -> Blocked:
    fixed = [name for name in when.facts() if not facts[name].documentable]
    return Blocked(criterion, says, tuple(fixed), tuple(dict.fromkeys(facts[name].origin for name in fixed)))


def _domains(rule: Rule) -> dict[str, list[Value]]:
    """Every operand the rule compares each fact with: the values a text fact can be given."""
    domains: dict[str, list[Value]] = {}

    def walk(condition: Condition) -> None:
        if condition.fact is None:
            for part in condition.parts:
                walk(part)
            return
        fact, op, operand = condition.leaf
        for value in operand if op == "in" else [operand]:
            if value not in domains.setdefault(fact, []):
                domains[fact].append(value)

    for criterion in rule.criteria:
        walk(criterion.when)
    return domains


class _Solver:
    """Ways to meet conditions, given the record's values and which facts can be documented."""

    def __init__(self, values: Mapping[str, Value], facts: Mapping[str, FactSpec], domains: Mapping[str, list[Value]]):
        self.values = values
        self.facts = facts
        self.domains = domains
        self._chosen: dict[tuple[str, frozenset[Literal]], Value | None] = {}

    def ways(self, condition: Condition, want: bool) -> list[_Way]:
        if condition.not_ is not None:
            return self.ways(condition.not_, not want)
        if condition.fact is not None:
            fact, op, operand = condition.leaf
            literal = (fact, op, tuple(operand) if op == "in" else operand, want)
            return self._keep([self._way(frozenset([literal]))])
        parts = [self.ways(part, want) for part in condition.parts]
        if (condition.any_of is not None) == want:  # a choice: any part will do
            return self._keep(itertools.chain.from_iterable(parts))
        ways: list[_Way] = [_Way(frozenset(), {}, 0)]
        for part in parts:
            ways = self.product(ways, part)
        return ways

    def product(self, left: Sequence[_Way], right: Sequence[_Way]) -> list[_Way]:
        return self._keep(self._way(a.literals | b.literals) for a in left for b in right)

    def _keep(self, ways: Iterable[_Way | None]) -> list[_Way]:
        """Solvable ways with no smaller way beside them, cheapest first, at most LIMIT."""
        found = {way.literals: way for way in ways if way is not None}
        minimal = [way for key, way in found.items() if not any(other < key for other in found)]
        minimal.sort(key=lambda way: (way.cost, len(way.literals), sorted(map(repr, way.literals))))
        return minimal[:LIMIT]

    def _way(self, literals: frozenset[Literal]) -> _Way | None:
        chosen: dict[str, Value] = {}
        for fact in {literal[0] for literal in literals}:
            own = frozenset(literal for literal in literals if literal[0] == fact)
            key = (fact, own)
            if key not in self._chosen:
                self._chosen[key] = self._value(fact, own)
            value = self._chosen[key]
            if value is None:
                return None
            chosen[fact] = value
        cost = sum(not _same(self.values.get(fact), value) for fact, value in chosen.items())
        return _Way(literals, chosen, cost)

    def _value(self, fact: str, literals: frozenset[Literal]) -> Value | None:
        """The value that passes every literal: the record's if it does, else the nearest candidate.

        None when no value passes, or when the fact cannot be documented and the record's
        value does not pass.
        """
        current = self.values.get(fact)
        if current is not None and _passes(current, literals):
            return current
        spec = self.facts[fact]
        passing = [v for v in self._candidates(fact, spec.type, literals) if _passes(v, literals)]
        if not spec.documentable or not passing:
            return None
        if spec.type == "number" and isinstance(current, (int, float)):
            return min(passing, key=lambda v: abs(float(v) - float(current)))
        return passing[0]

    def _candidates(self, fact: str, kind: str, literals: frozenset[Literal]) -> list[Value]:
        """Values worth trying: for numbers each bound, one step either side of it, and midpoints."""
        if kind == "bool":
            return [True, False]
        if kind == "text":
            return list(self.domains.get(fact, []))
        bounds = sorted({float(o) for _, op, operand, _ in literals for o in (operand if op == "in" else [operand])})
        near = [b for o in bounds for b in (o, o + 1, o / 2 if 0 < o < 1 else o - 1)]
        between = [(a + b) / 2 for a, b in zip(bounds, bounds[1:])]
        return [_number(v) for v in [*near, *between, 0.0]]


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _passes(value: Value, literals: Iterable[Literal]) -> bool:
    """Whether ``value`` makes each literal hold or fail as it asks (the evaluator's own test)."""
    return all(holds(op, value, operand) == want for _, op, operand, want in literals)
