"""Evaluating a loaded rule: an engine failure names the rule's file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.errors import EvaluationError
from engine.evaluate import evaluate
from engine.load import load_rulebook
from engine.runtime import ReferenceEvaluator
from engine.trace import Fact
from tests.engine.test_load import book


def test_an_evaluation_error_names_the_rule_file_and_line(tmp_path: Path) -> None:
    """The rule's id is on line 1 of its file: the author is sent there, not only told its name."""
    rules = load_rulebook(book(tmp_path))
    (loaded,) = rules.rules
    with pytest.raises(EvaluationError) as raised:
        evaluate(rules, loaded, {"anxiety": Fact("yes", "test")}, dt.date(2017, 1, 1), ReferenceEvaluator())
    assert str(raised.value) == f"{tmp_path}/topics/benzo.yaml:1: rule 'benzo': fact 'anxiety'='yes' is not a bool"


def test_each_day_cites_the_edition_in_force_that_day(tmp_path: Path) -> None:
    """What evaluate keeps per rule and era must not carry one day's edition to another:
    days on both sides of an edition change, judged in mixed order."""
    rules = load_rulebook(book(tmp_path))
    (loaded,) = rules.rules
    days = [dt.date(2016, 7, 27), dt.date(2016, 7, 28), dt.date(2009, 7, 18), dt.date(2030, 1, 1), dt.date(2016, 7, 26)]
    for day in days + days:
        verdict = evaluate(rules, loaded, {"weeks": Fact(2, "test")}, day, ReferenceEvaluator())
        assert verdict.criteria[0].citation.edition == ("2009" if day <= dt.date(2016, 7, 27) else "2016")


def test_days_of_one_era_have_the_same_editions() -> None:
    """``RuleBook.era``: within one, every source of the real rule book resolves to one edition."""
    rules = load_rulebook(Path(__file__).resolve().parents[2] / "rules")
    seen: dict[int, list[object]] = {}
    day = dt.date(2005, 1, 1)
    while day < dt.date(2032, 1, 1):
        editions = [rules.edition(source, day) for source in rules.sources]
        assert seen.setdefault(rules.era(day), editions) == editions
        day += dt.timedelta(days=1)
    assert len(seen) > 2
