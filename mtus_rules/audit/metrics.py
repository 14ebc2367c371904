"""Agreement between predicted and actual IMR outcomes, with the baseline beside it.

About nine in ten disputed items are Upheld, so accuracy alone flatters any predictor: one
that always says Upheld scores ~89%. The headline numbers are therefore balanced accuracy
(the mean of the recall of each outcome) and the precision and recall of Overturned, the
rare outcome that matters. Metrics are computed over the items a rule covers; coverage says
how many those are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Confusion", "Metrics", "Tally", "measure"]

UPHELD, OVERTURNED = "Upheld", "Overturned"


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Confusion:
    """Counts of (actual, predicted) over covered items; Overturned is the positive class."""

    tp: int = 0  # actual Overturned, predicted Overturned
    fn: int = 0  # actual Overturned, predicted Upheld
    fp: int = 0  # actual Upheld, predicted Overturned
    tn: int = 0  # actual Upheld, predicted Upheld

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Confusion:
        counts = Counter(pairs)
        return cls(
            tp=counts[(OVERTURNED, OVERTURNED)],
            fn=counts[(OVERTURNED, UPHELD)],
            fp=counts[(UPHELD, OVERTURNED)],
            tn=counts[(UPHELD, UPHELD)],
        )

    @property
    def total(self) -> int:
        return self.tp + self.fn + self.fp + self.tn

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.tp + self.tn, self.total)

    @property
    def overturned_recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def upheld_recall(self) -> float | None:
        return _ratio(self.tn, self.tn + self.fp)

    @property
    def overturned_precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def balanced_accuracy(self) -> float | None:
        """Mean recall of the outcomes present; always-Upheld scores 0.5."""
        recalls = [r for r in (self.overturned_recall, self.upheld_recall) if r is not None]
        return sum(recalls) / len(recalls) if recalls else None

    def baseline(self) -> Confusion:
        """The same items judged by a predictor that always says Upheld."""
        return Confusion(tp=0, fn=self.tp + self.fn, fp=0, tn=self.fp + self.tn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.total,
            "confusion": {"tp": self.tp, "fn": self.fn, "fp": self.fp, "tn": self.tn},
            "accuracy": self.accuracy,
            "balanced_accuracy": self.balanced_accuracy,
            "overturned_precision": self.overturned_precision,
            "overturned_recall": self.overturned_recall,
        }


@dataclass(frozen=True)
class Metrics:
    letters: int
    errors: int
    items: int
    covered: int
    overall: Confusion
    by_rule: dict[str, Confusion] = field(default_factory=dict)

    @property
    def disagreements(self) -> int:
        return self.overall.fp + self.overall.fn

    @property
    def coverage(self) -> float | None:
        return _ratio(self.covered, self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "letters": self.letters,
            "errors": self.errors,
            "items": self.items,
            "covered": self.covered,
            "coverage": self.coverage,
            **self.overall.to_dict(),
            "baseline_always_upheld": self.overall.baseline().to_dict(),
            "by_rule": {rule: c.to_dict() for rule, c in sorted(self.by_rule.items())},
        }


class Tally:
    """Metrics accumulated row by row, so an audit of any size keeps only counts.

    Rows come as audits write them: the rows of one letter together."""

    def __init__(self) -> None:
        self.letters = 0
        self._last_file: str | None = None
        self.errors = 0
        self.items = 0
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.by_rule: dict[str, Counter[tuple[str, str]]] = {}

    def add(self, rows: Iterable[dict[str, Any]]) -> Tally:
        for row in rows:
            if row["file"] != self._last_file:  # a letter's rows are contiguous: count at each change
                self.letters += 1
                self._last_file = row["file"]
            if row.get("error"):
                self.errors += 1
                continue
            self.items += 1
            if row["predicted"] is not None:
                pair = (row["actual"], row["predicted"])
                self.pairs[pair] += 1
                self.by_rule.setdefault(row["rule"], Counter())[pair] += 1
        return self

    def metrics(self) -> Metrics:
        return Metrics(
            letters=self.letters,
            errors=self.errors,
            items=self.items,
            covered=sum(self.pairs.values()),
            overall=Confusion.of(self.pairs.elements()),
            by_rule={rule: Confusion.of(pairs.elements()) for rule, pairs in self.by_rule.items()},
        )


def measure(rows: Iterable[dict[str, Any]]) -> Metrics:
    """Metrics from audit rows: item rows have ``actual``/``predicted``/``rule``; error rows ``error``."""
    return Tally().add(rows).metrics()
