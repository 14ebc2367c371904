"""What a report shows beside the metrics: by month, documentation gaps, the first disagreements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtus_rules.audit.breakdown import NO_DATE, Breakdown
from mtus_rules.audit.rows import COLUMNS, error_row


def item(actual: str, predicted: str | None, day: str | None, rule: str = "r", unknown: tuple[str, ...] = ()) -> dict[str, Any]:
    criteria = [{"id": c, "status": "unknown", "says": f"{c} is documented", "evidence": None} for c in unknown]
    criteria.append({"id": "ok", "status": "met", "says": "ok", "evidence": "x = 1 (summary)"})
    return {
        **dict.fromkeys(COLUMNS), "case": "c", "file": "f.txt", "item_index": 0, "item": "x", "actual": actual,
        "predicted": predicted, "rule": rule if predicted else None,
        "agree": None if predicted is None else actual == predicted, "criteria": criteria if predicted else [],
        "decision_date": day,
    }


def test_agreement_by_month_counts_judged_items_only_and_puts_undated_last() -> None:
    rows = [
        item("Upheld", "Upheld", "2017-02-03"),
        item("Overturned", "Upheld", "2017-02-20"),
        item("Upheld", "Upheld", "2016-12-30"),
        item("Upheld", None, "2016-11-01"),  # no rule: no prediction, not in any month
        item("Upheld", "Upheld", None),
        error_row(Path("bad.pdf"), "no decision section"),
    ]
    months = Breakdown().add(rows).by_month()
    assert list(months) == ["2016-12", "2017-02", NO_DATE]
    assert (months["2017-02"].total, months["2017-02"].accuracy) == (2, 0.5)
    assert (months["2016-12"].tn, months[NO_DATE].tn) == (1, 1)


def test_gaps_are_the_criteria_most_often_unknown_with_how_often_the_letter_upheld() -> None:
    rows = [
        item("Upheld", "Upheld", None, unknown=("a", "b")),
        item("Overturned", "Upheld", None, unknown=("a",)),
        item("Upheld", "Upheld", None, unknown=("a",)),
        item("Upheld", "Upheld", None, rule="s", unknown=("b",)),
        item("Upheld", "Upheld", None),
    ]
    gaps = Breakdown().add(rows).gaps()
    assert [(g.rule, g.criterion, g.unknown, g.upheld, g.judged) for g in gaps] == [
        ("r", "a", 3, 2, 4), ("r", "b", 1, 1, 4), ("s", "b", 1, 1, 1),
    ]
    assert gaps[0].says == "a is documented"
    assert len(Breakdown().add(rows).gaps(top=2)) == 2


def test_only_the_first_disagreements_are_kept_in_full() -> None:
    rows = [item("Overturned", "Upheld", None) for _ in range(5)] + [item("Upheld", "Upheld", None)]
    for i, row in enumerate(rows):
        row["item_index"] = i
    kept = Breakdown(keep=3).add(rows).disagreements
    assert [row["item_index"] for row in kept] == [0, 1, 2]
