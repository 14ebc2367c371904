"""The pre-submission check: each requested item of a case judged by the rule that covers it.

Pure: the date judged is a parameter and the evaluator is passed in, so the same case
always gives the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from engine.evaluate import evaluate
from engine.runtime import Evaluator
from engine.trace import Fact, Verdict
from mtus_rules.case import Case, Request
from mtus_rules.catalog import Catalog

__all__ = ["ItemResult", "CaseResult", "check_case", "NO_RULE"]

NO_RULE = "no-rule"


@dataclass(frozen=True)
class ItemResult:
    item: str
    verdict: Verdict | None
    matched_term: str | None = None
    facts: dict[str, Fact] = field(default_factory=dict, compare=False)

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
        return {"item": self.item, **self.verdict.to_dict(), "matched_term": self.matched_term}


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
    """Judge every request of ``case`` as of ``day`` (the request date)."""
    evaluator = evaluator or catalog.evaluator
    facts = catalog.finder.for_case(case, day)
    items = tuple(_judge(catalog, facts.for_request(request), request, day, evaluator) for request in case.requests)
    return CaseResult(case.case_id, file, day, items)


def _judge(catalog: Catalog, facts: dict[str, Fact], request: Request, day: dt.date, evaluator: Evaluator) -> ItemResult:
    match = catalog.matcher.match(request.item, day)
    if match is None:
        return ItemResult(request.item, None)
    verdict = evaluate(catalog.book, match.rule, facts, day, evaluator)
    return ItemResult(request.item, verdict, match.term, facts)
