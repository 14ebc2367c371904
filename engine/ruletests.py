"""Running the tests written beside each rule.

A test states the expected decision and the status of the criteria it names, so a change
in *why* a rule decides fails a test, not only a change in the verdict. Every test runs on
every evaluator given (durable-rules and the reference), and they must agree.

A test gives either ``facts`` (checked here) or a ``case``, which the caller turns into
facts: the engine does not know how cases are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.errors import EngineError
from engine.evaluate import evaluate
from engine.load import LoadedRule, RuleBook
from engine.runtime import Evaluator
from engine.schema import RuleTest
from engine.trace import Fact

__all__ = ["CaseReader", "TestResult", "run_test", "run_rule_tests"]

# A test's case as facts: the domain reads it (a case file, fact finding, item matching); the engine only calls it.
CaseReader = Callable[[LoadedRule, RuleTest, dt.date], Mapping[str, Fact]]


@dataclass(frozen=True)
class TestResult:
    file: str
    line: int | None
    rule: str
    name: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        verdict = "passed" if self.passed else "; ".join(self.failures)
        return f"{where}: test {self.name!r}: {verdict}"


def run_test(
    book: RuleBook,
    loaded: LoadedRule,
    index: int,
    evaluators: Mapping[str, Evaluator],
    read_case: CaseReader | None = None,
) -> TestResult:
    test = loaded.rule.tests[index]
    day = test.date or loaded.rule.effective.from_
    failures: list[str] = []
    try:
        facts = _facts(loaded, test, day, read_case)
        found = {label: _check(book, loaded, test, facts, day, evaluator) for label, evaluator in evaluators.items()}
        if len({tuple(f) for f in found.values()}) == 1:
            failures = next(iter(found.values()))
        else:  # the evaluators disagree: say which said what
            failures = [f"{failure} ({label})" for label, fails in found.items() for failure in fails or ["passed"]]
    except EngineError as error:
        failures.append(str(error))
    line = loaded.line_of("tests", index)
    return TestResult(_shown(loaded.file), line, loaded.rule.id, test.name, tuple(failures))


def _check(book: RuleBook, loaded: LoadedRule, test: RuleTest, facts: Mapping[str, Fact], day: dt.date, evaluator: Evaluator) -> list[str]:
    verdict = evaluate(book, loaded, facts, day, evaluator)
    got = {c.id: c.status for c in verdict.criteria}
    failures = []
    if verdict.decision != test.expect.decision:
        failures.append(f"expected {test.expect.decision}, got {verdict.decision}")
    for criterion, expected in test.expect.criteria.items():
        if got[criterion] is not expected:
            failures.append(f"criterion {criterion}: expected {expected}, got {got[criterion]}")
    return failures


def run_rule_tests(
    book: RuleBook, loaded: LoadedRule, evaluators: Mapping[str, Evaluator], read_case: CaseReader | None = None
) -> list[TestResult]:
    return [run_test(book, loaded, i, evaluators, read_case) for i in range(len(loaded.rule.tests))]


def _facts(loaded: LoadedRule, test: RuleTest, day: dt.date, read_case: CaseReader | None) -> Mapping[str, Fact]:
    if test.facts is not None:
        return {name: Fact(value, "test") for name, value in test.facts.items()}
    if read_case is None:
        raise EngineError("this test gives a case, and no case reader was supplied")
    return read_case(loaded, test, day)


def _shown(file: Path | str) -> str:
    """A rule file's path as a person typed it: relative to the working directory when inside it."""
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
