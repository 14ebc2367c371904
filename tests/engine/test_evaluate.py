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
