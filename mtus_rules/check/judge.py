"""The pre-submission check: each requested item of a case judged by the rule that covers it.

Pure: the date judged is a parameter and the evaluator is passed in, so the same case
always gives the same result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from engine.evaluate import evaluate
from engine.runtime import Evaluator
from engine.trace import Fact, Verdict
from mtus_rules.case.model import Case, Request
from mtus_rules.check.catalog import Catalog
from mtus_rules.facts.finder import CaseFacts
from mtus_rules.check.match import Match

__all__ = ["ItemResult", "CaseResult", "check_case", "NO_RULE"]

NO_RULE = "no-rule"


@dataclass(frozen=True)
class ItemResult:
    item: str
    verdict: Verdict | None
    matched_term: str | None = None
    facts: dict[str, Fact] = field(default_factory=dict, compare=False)
    note: str | None = None

    @property
    def decision(self) -> str:
        return self.verdict.decision if self.verdict else NO_RULE

    def to_dict(self) -> dict[str, Any]:
        if self.verdict is None:
            return {
                "item": self.item,
                "decision": NO_RULE,
                "rule": None,
                "criteria": [],
                "gaps": [],
                "note": "no rule in the catalog covers this item; nothing is predicted",
            }
        shown = {"item": self.item, **self.verdict.to_dict(), "matched_term": self.matched_term}
        return {**shown, "note": self.note} if self.note else shown


@dataclass(frozen=True)
class CaseResult:
    case_id: str | None
    file: str | None
    day: dt.date
    items: tuple[ItemResult, ...]

    @property
    def all_certify(self) -> bool:
        return all(item.decision == "certify" for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "file": self.file,
            "request_date": self.day.isoformat(),
            "requests": [item.to_dict() for item in self.items],
        }


def check_case(
    catalog: Catalog, case: Case, day: dt.date, evaluator: Evaluator | None = None, file: str | None = None
) -> CaseResult:
    """Judge every request of ``case`` as of ``day`` (the request date).

    Items whose rule reads the outcome of another item (post-operative care follows the
    surgery) are judged after those items, in the order of the rules' dependency graph, with
    their outcomes as facts.
    """
    evaluator = evaluator or catalog.evaluator
    facts = catalog.finder.for_case(case, day)
    matches = [catalog.matcher.match(request.item, day) for request in case.requests]
    rule_ids = [match.rule.rule.id if match else None for match in matches]
    present = {rule_id for rule_id in rule_ids if rule_id}
    judged: dict[int, ItemResult] = {}
    outcomes: dict[str, list[bool]] = {}  # each judged item's decision, by rule, in the order judged
    for i in catalog.dependencies.order(rule_ids):
        result = _judge(catalog, facts, case.requests[i], matches[i], day, evaluator, outcomes)
        judged[i] = _note_absent(result, catalog.dependencies.absent(rule_ids[i] or "", present))
        if result.verdict is not None:
            outcomes.setdefault(result.verdict.rule, []).append(result.decision == "certify")
    return CaseResult(case.case_id, file, day, tuple(judged[i] for i in range(len(case.requests))))


def _judge(
    catalog: Catalog,
    facts: CaseFacts,
    request: Request,
    match: Match | None,
    day: dt.date,
    evaluator: Evaluator,
    outcomes: Mapping[str, Sequence[bool]],
) -> ItemResult:
    if match is None:
        return ItemResult(request.item, None)
    found = facts.for_request(request, catalog.terms(match.rule), outcomes, catalog.facts_read(match.rule))
    verdict = evaluate(catalog.book, match.rule, found, day, evaluator)
    return ItemResult(request.item, verdict, match.term, found)


def _note_absent(result: ItemResult, absent: frozenset[str]) -> ItemResult:
    """A dependent item whose primary is not in this request is judged on its own criteria."""
    if not absent:
        return result
    note = f"judged on its own criteria: no item of this request is judged by a rule it follows ({', '.join(sorted(absent))})"
    return replace(result, note=note)
