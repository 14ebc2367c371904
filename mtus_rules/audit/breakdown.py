"""What an audit report shows beside the headline metrics, gathered in one pass over the rows.

Agreement by month of decision, the criteria most often undocumented, and the first
disagreements in full. Like ``metrics.Tally`` it keeps counts and a bounded list, never the
rows, so it serves an archive of any size; the metrics themselves stay with ``Tally``, so
every report reads the same numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.logic import Status
from mtus_rules.audit.metrics import UPHELD, Confusion

__all__ = ["Breakdown", "Gap", "KEPT", "NO_DATE"]

KEPT = 200  # disagreements listed in full; the rest are in the rows
NO_DATE = "no date"
Row = dict[str, Any]


@dataclass(frozen=True)
class Gap:
    """A criterion the record did not document, and how often it stood so in the letters."""

    rule: str
    criterion: str
    says: str
    unknown: int  # items where the criterion was unknown
    upheld: int  # of those, how many the letter upheld
    judged: int  # items the rule judged


class Breakdown:
    """Counts by month and by undocumented criterion, and the first ``keep`` disagreements."""

    def __init__(self, keep: int = KEPT) -> None:
        self.keep = keep
        self.disagreements: list[Row] = []
        self._months: dict[str, Counter[tuple[str, str]]] = {}
        self._unknown: Counter[tuple[str, str]] = Counter()
        self._upheld: Counter[tuple[str, str]] = Counter()
        self._says: dict[tuple[str, str], str] = {}
        self._judged: Counter[str] = Counter()

    def add(self, rows: Iterable[Row]) -> Breakdown:
        for row in rows:
            if row.get("error") or row.get("predicted") is None:
                continue
            month = (row.get("decision_date") or NO_DATE)[:7]
            self._months.setdefault(month, Counter())[(row["actual"], row["predicted"])] += 1
            self._judged[row["rule"]] += 1
            for criterion in row["criteria"]:
                if criterion["status"] == Status.UNKNOWN.value:
                    self._count_unknown(row, criterion)
            if row["agree"] is False and len(self.disagreements) < self.keep:
                self.disagreements.append(row)
        return self

    def _count_unknown(self, row: Row, criterion: dict[str, Any]) -> None:
        key = (row["rule"], criterion["id"])
        self._unknown[key] += 1
        self._upheld[key] += row["actual"] == UPHELD
        self._says.setdefault(key, criterion.get("says") or criterion["id"])

    def by_month(self) -> dict[str, Confusion]:
        """Agreement per month of decision (``YYYY-MM``), in order; undated items last."""
        months = sorted(self._months, key=lambda m: (m == NO_DATE, m))
        return {month: Confusion.of(self._months[month].elements()) for month in months}

    def gaps(self, top: int = 20) -> list[Gap]:
        """The criteria most often unknown, most frequent first."""
        return [
            Gap(rule, criterion, self._says[(rule, criterion)], count, self._upheld[(rule, criterion)], self._judged[rule])
            for (rule, criterion), count in sorted(self._unknown.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ]
