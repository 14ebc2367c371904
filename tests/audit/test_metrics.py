"""Metrics, checked against counts worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from mtus_rules.audit.metrics import Confusion, measure


def row(actual: str, predicted: str | None, rule: str | None = "r", file: str = "a") -> dict[str, Any]:
    return {"file": file, "actual": actual, "predicted": predicted, "rule": rule}


def test_a_confusion_matrix_by_hand() -> None:
    # 2 Overturned items: 1 caught; 8 Upheld items: 1 wrongly called Overturned.
    c = Confusion(tp=1, fn=1, fp=1, tn=7)
    assert c.accuracy == pytest.approx(0.8)
    assert c.overturned_recall == 0.5
    assert c.overturned_precision == 0.5
    assert c.upheld_recall == pytest.approx(7 / 8)
    assert c.balanced_accuracy == pytest.approx((0.5 + 7 / 8) / 2)


def test_the_always_upheld_baseline_scores_accuracy_but_half_balanced() -> None:
    base = Confusion(tp=1, fn=1, fp=1, tn=7).baseline()
    assert (base.tp, base.fn, base.fp, base.tn) == (0, 2, 0, 8)
    assert base.accuracy == pytest.approx(0.8)
    assert base.balanced_accuracy == 0.5
    assert base.overturned_recall == 0.0
    assert base.overturned_precision is None  # it never says Overturned


def test_measure_counts_letters_errors_coverage_and_rules() -> None:
    rows = [  # as audits write them: a letter's rows together
        row("Upheld", "Upheld", "mri"),
        row("Overturned", "Overturned", "mri"),
        row("Upheld", None, None, file="b"),
        row("Overturned", "Upheld", "pt", file="b"),
        {"file": "c", "error": "no decision section"},
    ]
    m = measure(rows)
    assert (m.letters, m.errors, m.items, m.covered) == (3, 1, 4, 3)
    assert m.coverage == 0.75
    assert (m.overall.tp, m.overall.fn, m.overall.fp, m.overall.tn) == (1, 1, 0, 1)
    assert set(m.by_rule) == {"mri", "pt"}
    assert m.by_rule["pt"].fn == 1
    assert m.to_dict()["baseline_always_upheld"]["accuracy"] == pytest.approx(1 / 3)


def test_nothing_measured_is_none_not_zero() -> None:
    m = measure([])
    assert m.coverage is None and m.overall.accuracy is None and m.overall.balanced_accuracy is None
