"""The rule catalog's own tests: the YAML tests beside each rule, run on both evaluators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import ValidationError

from engine.errors import EngineError
from engine.load import LoadedRule
from engine.ruletests import CaseReader, TestResult, run_rule_tests, run_test
from engine.runtime import Evaluator, ReferenceEvaluator
from engine.schema import RuleTest
from engine.trace import Fact
from mtus_rules.case.model import Case
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import check_case

__all__ = ["evaluators", "case_reader", "run_all", "run_one"]


def evaluators(catalog: Catalog) -> dict[str, Evaluator]:
    return {"durable-rules": catalog.evaluator, "reference": ReferenceEvaluator()}


def case_reader(catalog: Catalog) -> CaseReader:
    """Read a test's case as a case file and find the facts of its first request.

    The item must be one the rule itself judges, so a test also checks the rule's terms.
    """

    def facts(loaded: LoadedRule, test: RuleTest, day: dt.date) -> Mapping[str, Fact]:
        try:
            case = Case.model_validate(test.case)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise EngineError(f"invalid case: {where}: {first['msg']}") from None
        request = case.requests[0]
        match = catalog.matcher.match(request.item, day)
        if match is None or match.rule.rule.id != loaded.rule.id:
            judged_by = match.rule.rule.id if match else "no rule"
            raise EngineError(f"item {request.item!r} is judged by {judged_by}, not by {loaded.rule.id}")
        return check_case(catalog, case, day).items[0].facts

    return facts


def run_all(catalog: Catalog) -> list[TestResult]:
    both = evaluators(catalog)
    read = case_reader(catalog)
    return [result for loaded in catalog.book.rules for result in run_rule_tests(catalog.book, loaded, both, read)]


def run_one(catalog: Catalog, loaded: LoadedRule, index: int) -> TestResult:
    return run_test(catalog.book, loaded, index, evaluators(catalog), case_reader(catalog))


