"""The audit summary keeps every count but only the first disagreements and errors to list."""

from __future__ import annotations

from mtus_rules.cli.audit import Summary
from mtus_rules.cli.audit_report import SHOWN


def _row(n: int, *, error: str | None = None, agree: bool | None = None) -> dict:
    return {"case": f"c{n}", "file": f"{n}.txt", "item_index": 0, "actual": "Upheld", "predicted": "Overturned",
            "rule": "r", "agree": agree, "criteria": [], "error": error, "decision_date": None}


def test_the_first_disagreements_and_errors_are_kept_up_to_the_limit_each() -> None:
    summary = Summary()
    rows = [_row(n, error="unreadable") if n % 3 == 0 else _row(n, agree=n % 3 == 1) for n in range(6 * SHOWN)]
    summary.add(rows)
    errors = [r for r in rows if r["error"]][:SHOWN]
    disagreements = [r for r in rows if r["agree"] is False][:SHOWN]
    assert [r for r in summary.shown if r["error"]] == errors
    assert [r for r in summary.shown if not r["error"]] == disagreements
    assert summary.tally.errors == 2 * SHOWN
