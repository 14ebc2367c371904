"""Items whose outcome follows another item's, as a graph of the rules' declared dependencies.

A rule depends on another when one of its criteria reads an ``outcome_of`` fact naming it
(the assistant surgeon follows the surgery; pre-operative labs follow it too). The items of
a case are judged in topological order of their rules, so every item is judged after the
items it follows, however deep the chain. A circle cannot be ordered: it is a load error
naming every rule file in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

from engine.errors import InputError, Problem
from engine.load import LoadedRule, RuleBook

__all__ = ["Dependencies", "dependencies"]


@dataclass(frozen=True)
class Dependencies:
    """``needs``: rule id → the rule ids whose outcome it reads; ``rank``: its topological place."""

    needs: Mapping[str, frozenset[str]]
    rank: Mapping[str, int]

    def order(self, rule_ids: Sequence[str | None]) -> list[int]:
        """The positions of a case's items (by the rule judging each, None for no rule) in the
        order to judge them; items with no dependency between them keep the request's order."""
        return sorted(range(len(rule_ids)), key=lambda i: self.rank.get(rule_ids[i] or "", 0))

    def absent(self, rule_id: str, present: set[str]) -> frozenset[str]:
        """The rules ``rule_id`` follows when none of them judges an item of this request."""
        needed = self.needs.get(rule_id, frozenset())
        return needed if needed and not needed & present else frozenset()


def dependencies(book: RuleBook, read: Mapping[str, set[str]]) -> Dependencies:
    """The graph from ``read`` (fact → rule ids its outcome_of names); a circle raises."""
    needs: dict[str, set[str]] = {}
    for loaded in book.rules:
        needs.setdefault(loaded.rule.id, set()).update(rule for name in loaded.rule.facts() for rule in read.get(name, ()))
    try:
        ordered = list(TopologicalSorter(needs).static_order())
    except CycleError as error:
        raise InputError(_circle(book, error.args[1])) from None
    return Dependencies({rule: frozenset(n) for rule, n in needs.items() if n}, {rule: i for i, rule in enumerate(ordered)})


def _circle(book: RuleBook, cycle: list[str]) -> list[Problem]:
    files = {loaded.rule.id: loaded for loaded in book.rules}
    path = " → ".join(f"{rule} ({files[rule].file})" for rule in cycle)
    return [_problem(files[rule], f"rules follow each other's outcome in a circle: {path}") for rule in dict.fromkeys(cycle)]


def _problem(loaded: LoadedRule, message: str) -> Problem:
    return Problem(loaded.file, loaded.line_of("criteria"), message)
